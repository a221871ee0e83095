//! Stripe's form encoding, exactly as the official SDKs send it.
//!
//! `serde_urlencoded` cannot express nested keys, so parameters are first serialized to a JSON
//! tree and then flattened here the way stripe-node (`stringifyRequestData`) and stripe-python
//! (`_api_encode`) do:
//! - objects become `key[sub]=…`, arrays are indexed `key[0]=…` (never `key[]`);
//! - booleans are `true`/`false`, numbers are written out, `null` is the empty string (which
//!   Stripe reads as "unset"); empty arrays and objects send nothing;
//! - values are percent-encoded like `encodeURIComponent`, then `[` and `]` are put back literally.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

/// What `encodeURIComponent` leaves alone: letters, digits and `-_.!~*'()`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Flattens `params` (an object) into `key=value` pairs joined by `&`.
pub fn encode(params: &Value) -> String {
    let mut pairs = Vec::new();
    if let Value::Object(map) = params {
        for (key, value) in map {
            flatten(key.clone(), value, &mut pairs);
        }
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn flatten(prefix: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => out.push((prefix, String::new())),
        Value::Bool(b) => out.push((prefix, b.to_string())),
        Value::Number(n) => out.push((prefix, n.to_string())),
        Value::String(s) => out.push((prefix, s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(format!("{prefix}[{i}]"), item, out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                flatten(format!("{prefix}[{key}]"), item, out);
            }
        }
    }
}

fn escape(s: &str) -> String {
    utf8_percent_encode(s, URI_COMPONENT)
        .to_string()
        .replace("%5B", "[")
        .replace("%5D", "]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_objects_indexed_arrays_and_booleans_like_the_sdks() {
        let params = json!({
            "type": "document",
            "options": {"document": {
                "allowed_types": ["driving_license", "passport"],
                "require_matching_selfie": true,
                "require_live_capture": false
            }},
            "metadata": {"kiosk_id": "K42"},
            "provided_details": {"email": "a@b.c"},
            "expand": ["verified_outputs"],
            "return_url": "https://example.com/done"
        });
        let body = encode(&params);
        let pairs: Vec<&str> = body.split('&').collect();
        for expected in [
            "type=document",
            "options[document][allowed_types][0]=driving_license",
            "options[document][allowed_types][1]=passport",
            "options[document][require_matching_selfie]=true",
            "options[document][require_live_capture]=false",
            "metadata[kiosk_id]=K42",
            "provided_details[email]=a%40b.c",
            "expand[0]=verified_outputs",
            "return_url=https%3A%2F%2Fexample.com%2Fdone",
        ] {
            assert!(pairs.contains(&expected), "missing {expected} in {body}");
        }
        assert_eq!(pairs.len(), 9);
    }

    #[test]
    fn null_is_the_empty_string_that_unsets() {
        let body = encode(&json!({"metadata": {"old": null}, "options": {"document": null}}));
        assert_eq!(body, "metadata[old]=&options[document]=");
        assert_eq!(encode(&json!({"metadata": null})), "metadata=");
    }

    #[test]
    fn empty_collections_send_nothing_and_values_escape_like_encode_uri_component() {
        assert_eq!(encode(&json!({"expand": [], "metadata": {}})), "");
        assert_eq!(
            encode(&json!({"metadata": {"note": "a b&c=d[e]é*()'!~"}})),
            "metadata[note]=a%20b%26c%3Dd[e]%C3%A9*()'!~"
        );
        assert_eq!(encode(&json!({"limit": 3})), "limit=3");
    }
}

//! The embedded OpenAPI spec (Stripe `2026-09-30.endive`, Identity subset) and the request schema
//! of each operation, built once.
//!
//! GET operations declare their inputs as query `parameters`; POST operations as a form
//! `requestBody`. Both are turned into one object schema so a single validator handles them.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde_json::{json, Map, Value};

/// The spec text, copied from `shared/stripe/identity-openapi.json`.
const SPEC_TEXT: &str = include_str!("../spec/identity-openapi.json");

/// The parsed spec; `Value::Null` if the embedded copy were ever broken (checked by `start`).
pub static SPEC: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(SPEC_TEXT).unwrap_or(Value::Null));

/// The API version the spec describes, echoed as `Stripe-Version` when the client sends none.
pub fn api_version() -> &'static str {
    SPEC.pointer("/info/version")
        .and_then(Value::as_str)
        .unwrap_or("2026-09-30.endive")
}

/// Request schemas keyed by `"METHOD /path/{template}"`.
static REQUEST_SCHEMAS: LazyLock<HashMap<String, Value>> = LazyLock::new(build_request_schemas);

fn build_request_schemas() -> HashMap<String, Value> {
    let mut out = HashMap::new();
    let Some(paths) = SPEC.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, ops) in paths {
        let Some(ops) = ops.as_object() else { continue };
        for (method, op) in ops {
            let method = method.to_ascii_uppercase();
            let schema = if method == "GET" {
                query_schema(op)
            } else {
                op.pointer("/requestBody/content/application~1x-www-form-urlencoded/schema")
                    .cloned()
                    .unwrap_or_else(|| json!({"type": "object", "properties": {}}))
            };
            out.insert(format!("{method} {path}"), resolve_refs(&schema, 0));
        }
    }
    out
}

/// Folds an operation's query parameters into one object schema.
fn query_schema(op: &Value) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for p in op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if p.get("in").and_then(Value::as_str) != Some("query") {
            continue;
        }
        let Some(name) = p.get("name").and_then(Value::as_str) else {
            continue;
        };
        props.insert(
            name.to_string(),
            p.get("schema").cloned().unwrap_or(json!({})),
        );
        if p.get("required").and_then(Value::as_bool) == Some(true) {
            required.push(json!(name));
        }
    }
    json!({"type": "object", "properties": props, "required": required, "additionalProperties": false})
}

/// Inlines `$ref`s (bounded depth: request schemas are shallow and not recursive).
fn resolve_refs(schema: &Value, depth: usize) -> Value {
    if depth > 16 {
        return schema.clone();
    }
    match schema {
        Value::Object(map) => {
            if let Some(target) = map.get("$ref").and_then(Value::as_str) {
                let pointer = target.trim_start_matches('#');
                return SPEC
                    .pointer(pointer)
                    .map(|v| resolve_refs(v, depth + 1))
                    .unwrap_or(Value::Null);
            }
            Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), resolve_refs(v, depth + 1)))
                    .collect(),
            )
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| resolve_refs(v, depth + 1)).collect())
        }
        other => other.clone(),
    }
}

/// The request schema of an operation, e.g. `request_schema("POST", "/v1/identity/verification_sessions")`.
pub fn request_schema(method: &str, template: &str) -> Option<&'static Value> {
    REQUEST_SCHEMAS.get(&format!("{method} {template}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_parses_and_has_all_eight_operations() {
        assert!(SPEC.is_object());
        assert_eq!(api_version(), "2026-09-30.endive");
        assert_eq!(REQUEST_SCHEMAS.len(), 8);
        let create = request_schema("POST", "/v1/identity/verification_sessions");
        assert!(create
            .and_then(|s| s.pointer("/properties/options/properties/document"))
            .is_some());
        let list = request_schema("GET", "/v1/identity/verification_sessions");
        assert!(list.and_then(|s| s.pointer("/properties/limit")).is_some());
    }
}

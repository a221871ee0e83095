//! Decoding of Stripe's form encoding (request bodies and query strings) into a tree.
//!
//! The SDKs send `a[0]=x` with literal brackets, curl users send `a[]=x` or `a%5B0%5D=x`; all of
//! them must land in the same tree. Indexed segments are kept as map keys (`"0"`, `"1"`) because a
//! metadata key may legitimately be numeric; the validator turns such maps into arrays only where
//! the schema asks for an array. `[]` appends to a list.

use serde_json::{Map, Value};

/// One node of a decoded parameter tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A leaf value, percent-decoded. An empty string means "unset" to the validator.
    Str(String),
    /// `key[sub]=…` children in first-seen order.
    Map(Vec<(String, Node)>),
    /// `key[]=…` children in order.
    List(Vec<Node>),
}

impl Node {
    /// An empty map, the root of every request's parameters.
    pub fn empty() -> Self {
        Node::Map(Vec::new())
    }

    /// The child at `key` when this is a map.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The tree as JSON, for the request log.
    pub fn to_json(&self) -> Value {
        match self {
            Node::Str(s) => Value::String(s.clone()),
            Node::List(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Node::Map(entries) => {
                let mut map = Map::new();
                for (k, v) in entries {
                    map.insert(k.clone(), v.to_json());
                }
                Value::Object(map)
            }
        }
    }
}

/// Splits `a[b][]` into `["a", "b", ""]`. A key without brackets is one segment; text after an
/// unbalanced bracket is kept literally so nothing is silently dropped.
fn key_segments(key: &str) -> Vec<String> {
    let Some(open) = key.find('[') else {
        return vec![key.to_string()];
    };
    let mut segments = vec![key[..open].to_string()];
    let mut rest = &key[open..];
    while let Some(stripped) = rest.strip_prefix('[') {
        match stripped.find(']') {
            Some(close) => {
                segments.push(stripped[..close].to_string());
                rest = &stripped[close + 1..];
            }
            None => {
                // Unbalanced: treat the remainder as part of the last segment's name.
                if let Some(last) = segments.last_mut() {
                    last.push_str(rest);
                }
                return segments;
            }
        }
    }
    if !rest.is_empty() {
        if let Some(last) = segments.last_mut() {
            last.push_str(rest);
        }
    }
    segments
}

/// Inserts `value` at the path `segments` below `node`, creating maps and lists on the way.
/// A later scalar replaces an earlier one (last wins, as in Rails-style decoders).
fn insert(node: &mut Node, segments: &[String], value: String) {
    let Some((first, rest)) = segments.split_first() else {
        *node = Node::Str(value);
        return;
    };
    if first.is_empty() {
        // `[]`: append to a list, converting a scalar or an empty map into one.
        if !matches!(node, Node::List(_)) {
            *node = Node::List(Vec::new());
        }
        if let Node::List(items) = node {
            let mut child = Node::empty();
            insert(&mut child, rest, value);
            // `a[][b]=1&a[][c]=2` is ambiguous; each `[]` starts a new element, which is what
            // Rack does for scalars and close enough for objects nobody sends.
            items.push(child);
        }
        return;
    }
    if !matches!(node, Node::Map(_)) {
        *node = Node::empty();
    }
    if let Node::Map(entries) = node {
        let slot = match entries.iter().position(|(k, _)| k == first) {
            Some(i) => i,
            None => {
                entries.push((first.clone(), Node::empty()));
                entries.len() - 1
            }
        };
        insert(&mut entries[slot].1, rest, value);
    }
}

/// Decodes an `application/x-www-form-urlencoded` string (body or query) into a tree.
/// `+` is a space and `%5B`/`%5D` decode to brackets before the key is split.
pub fn parse(input: &str) -> Node {
    let mut root = Node::empty();
    for (key, value) in form_urlencoded::parse(input.as_bytes()) {
        if key.is_empty() {
            continue;
        }
        insert(&mut root, &key_segments(&key), value.into_owned());
    }
    root
}

/// Merges `extra` into `base` (entries of `extra` win), used to let POST query strings count.
pub fn merge(base: &mut Node, extra: Node) {
    if let (Node::Map(base_entries), Node::Map(extra_entries)) = (&mut *base, extra) {
        for (k, v) in extra_entries {
            match base_entries.iter_mut().find(|(bk, _)| *bk == k) {
                Some(slot) => slot.1 = v,
                None => base_entries.push((k, v)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn j(input: &str) -> Value {
        parse(input).to_json()
    }

    #[test]
    fn flat_and_nested_keys() {
        assert_eq!(
            j("type=document&options[document][require_matching_selfie]=true"),
            json!({"type": "document", "options": {"document": {"require_matching_selfie": "true"}}})
        );
    }

    #[test]
    fn indexed_and_appended_arrays() {
        assert_eq!(j("a[0]=x&a[1]=y"), json!({"a": {"0": "x", "1": "y"}}));
        assert_eq!(j("a[]=x&a[]=y"), json!({"a": ["x", "y"]}));
    }

    #[test]
    fn percent_encoded_brackets_equal_literal_ones() {
        assert_eq!(
            parse("expand%5B0%5D=verified_outputs"),
            parse("expand[0]=verified_outputs")
        );
        assert_eq!(parse("expand%5B%5D=a"), parse("expand[]=a"));
        assert_eq!(
            j("options%5Bdocument%5D%5Ballowed_types%5D%5B0%5D=passport"),
            json!({"options": {"document": {"allowed_types": {"0": "passport"}}}})
        );
    }

    #[test]
    fn values_are_decoded_and_plus_is_space() {
        assert_eq!(
            j("provided_details[email]=a%40b.c&x=a+b"),
            json!({"provided_details": {"email": "a@b.c"}, "x": "a b"})
        );
    }

    #[test]
    fn empty_values_are_kept_as_empty_strings() {
        assert_eq!(
            j("metadata[key]=&metadata2=&options[document]="),
            json!({"metadata": {"key": ""}, "metadata2": "", "options": {"document": ""}})
        );
    }

    #[test]
    fn empty_input_and_stray_separators() {
        assert_eq!(j(""), json!({}));
        assert_eq!(j("&&a=1&"), json!({"a": "1"}));
        assert_eq!(j("=x"), json!({}));
    }

    #[test]
    fn unbalanced_brackets_are_kept_in_the_name() {
        assert_eq!(j("a[b=1"), json!({"a[b": "1"}));
    }

    #[test]
    fn later_values_win_and_merge_overrides() {
        assert_eq!(j("a=1&a=2"), json!({"a": "2"}));
        let mut base = parse("a=1&b=2");
        merge(&mut base, parse("b=3&c=4"));
        assert_eq!(base.to_json(), json!({"a": "1", "b": "3", "c": "4"}));
    }
}

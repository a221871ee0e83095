//! Generic validation of a decoded parameter tree against an operation's request schema.
//!
//! Produces typed JSON: strings, integers, booleans, arrays, objects, and `null` for "unset"
//! (an empty string where the schema allows unsetting: metadata entries, `metadata=`,
//! `options[document]=`, arrays). Messages follow Stripe's wording where it is known:
//! `Received unknown parameter: x` (`parameter_unknown`), `Invalid integer: x`
//! (`parameter_invalid_integer`), `Missing required param: x.` (`parameter_missing`),
//! the `parameter_invalid_empty` text, `Invalid hash` / `Invalid array` for shape mismatches and
//! `Invalid x: must be one of a, b, or c` for enums. Stripe sends no `code` for enum, boolean,
//! string-length and shape errors as far as public dumps show, so neither does the sandbox.

use serde_json::{Map, Value};

use crate::api_error::ApiError;
use crate::form::Node;

/// Validates the root parameter object.
pub fn validate(schema: &Value, params: &Node) -> Result<Value, ApiError> {
    check(schema, params, "")
}

fn child_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}[{key}]")
    }
}

fn schema_type(schema: &Value) -> Option<&str> {
    schema.get("type").and_then(Value::as_str)
}

fn check(schema: &Value, node: &Node, path: &str) -> Result<Value, ApiError> {
    if let Some(branches) = schema.get("anyOf").and_then(Value::as_array) {
        return check_any_of(branches, node, path);
    }
    match schema_type(schema) {
        Some("object") => check_object(schema, node, path),
        Some("array") => check_array(schema, node, path),
        Some("integer") => check_integer(node, path),
        Some("boolean") => check_boolean(node, path),
        Some("string") => check_string(schema, node, path),
        // Untyped schema: accept the tree as given.
        _ => Ok(node.to_json()),
    }
}

/// Picks the branch matching the node's shape (hash vs scalar) and reports that branch's error.
fn check_any_of(branches: &[Value], node: &Node, path: &str) -> Result<Value, ApiError> {
    let wants_container = |b: &&Value| matches!(schema_type(b), Some("object") | Some("array"));
    let candidates: Vec<&Value> = match node {
        Node::Str(_) => branches.iter().filter(|b| !wants_container(b)).collect(),
        _ => branches.iter().filter(wants_container).collect(),
    };
    let mut first_err = None;
    for branch in &candidates {
        match check(branch, node, path) {
            Ok(v) => return Ok(v),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    match (first_err, branches.first()) {
        (Some(e), _) => Err(e),
        (None, Some(first)) => check(first, node, path),
        (None, None) => Ok(node.to_json()),
    }
}

fn check_object(schema: &Value, node: &Node, path: &str) -> Result<Value, ApiError> {
    let entries = match node {
        Node::Map(entries) => entries,
        Node::Str(s)
            if s.is_empty()
                && schema
                    .get("additionalProperties")
                    .is_some_and(Value::is_object) =>
        {
            // `metadata=` clears the whole map.
            return Ok(Value::Null);
        }
        Node::Str(s) if s.is_empty() => return Err(ApiError::empty_param(path)),
        _ => return Err(ApiError::invalid("Invalid hash").param(path)),
    };
    let props = schema.get("properties").and_then(Value::as_object);
    let extra = schema.get("additionalProperties").filter(|v| v.is_object());
    let mut out = Map::new();
    for (key, child) in entries {
        let p = child_path(path, key);
        if let Some(prop) = props.and_then(|m| m.get(key)) {
            out.insert(key.clone(), check(prop, child, &p)?);
        } else if let Some(value_schema) = extra {
            // Map-like objects (metadata): an empty value unsets that key.
            let v = match child {
                Node::Str(s) if s.is_empty() => Value::Null,
                _ => check(value_schema, child, &p)?,
            };
            out.insert(key.clone(), v);
        } else {
            return Err(ApiError::unknown_param(&p));
        }
    }
    for name in schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(name) = name.as_str() {
            if !out.contains_key(name) {
                return Err(ApiError::missing_param(&child_path(path, name)));
            }
        }
    }
    Ok(Value::Object(out))
}

fn check_array(schema: &Value, node: &Node, path: &str) -> Result<Value, ApiError> {
    let items_schema = schema.get("items").cloned().unwrap_or(Value::Null);
    let indexed: Vec<(String, &Node)> = match node {
        Node::Str(s) if s.is_empty() => return Ok(Value::Null),
        Node::Str(_) => return Err(ApiError::invalid("Invalid array").param(path)),
        Node::List(items) => items
            .iter()
            .enumerate()
            .map(|(i, n)| (i.to_string(), n))
            .collect(),
        Node::Map(entries) => {
            let mut numbered = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                match k.parse::<u32>() {
                    Ok(i) => numbered.push((i, k.clone(), v)),
                    Err(_) => return Err(ApiError::invalid("Invalid array").param(path)),
                }
            }
            numbered.sort_by_key(|(i, _, _)| *i);
            numbered.into_iter().map(|(_, k, v)| (k, v)).collect()
        }
    };
    let mut out = Vec::with_capacity(indexed.len());
    for (key, item) in indexed {
        out.push(check(&items_schema, item, &child_path(path, &key))?);
    }
    Ok(Value::Array(out))
}

fn scalar<'a>(node: &'a Node, path: &str, what: &str) -> Result<&'a str, ApiError> {
    match node {
        Node::Str(s) if s.is_empty() => Err(ApiError::empty_param(path)),
        Node::Str(s) => Ok(s),
        other => Err(ApiError::invalid(format!("Invalid {what}: {}", other.to_json())).param(path)),
    }
}

fn check_integer(node: &Node, path: &str) -> Result<Value, ApiError> {
    let s = scalar(node, path, "integer").map_err(|e| e.code("parameter_invalid_integer"))?;
    s.parse::<i64>().map(Value::from).map_err(|_| {
        ApiError::invalid(format!("Invalid integer: {s}"))
            .code("parameter_invalid_integer")
            .param(path)
    })
}

fn check_boolean(node: &Node, path: &str) -> Result<Value, ApiError> {
    match scalar(node, path, "boolean")? {
        "true" => Ok(Value::Bool(true)),
        "false" => Ok(Value::Bool(false)),
        other => Err(ApiError::invalid(format!("Invalid boolean: {other}")).param(path)),
    }
}

/// `a or b`, `a, b, or c`: Stripe's enum list style.
pub fn one_of_list(values: &[&str]) -> String {
    match values {
        [] => String::new(),
        [one] => (*one).to_string(),
        [a, b] => format!("{a} or {b}"),
        [init @ .., last] => format!("{}, or {last}", init.join(", ")),
    }
}

fn check_string(schema: &Value, node: &Node, path: &str) -> Result<Value, ApiError> {
    let allowed: Option<Vec<&str>> = schema
        .get("enum")
        .and_then(Value::as_array)
        .map(|vals| vals.iter().filter_map(Value::as_str).collect());
    if let (Node::Str(s), Some(allowed)) = (node, &allowed) {
        if s.is_empty() && allowed.contains(&"") {
            return Ok(Value::Null);
        }
    }
    let s = scalar(node, path, "string")?;
    if let Some(allowed) = allowed {
        if !allowed.contains(&s) {
            let listed: Vec<&str> = allowed.into_iter().filter(|v| !v.is_empty()).collect();
            return Err(ApiError::invalid(format!(
                "Invalid {path}: must be one of {}",
                one_of_list(&listed)
            ))
            .param(path));
        }
    }
    if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
        let len = s.chars().count() as u64;
        if len > max {
            let head: String = s.chars().take(20).collect();
            return Err(ApiError::invalid(format!(
                "Invalid string: {head}...; must be at most {max} characters"
            ))
            .param(path));
        }
    }
    Ok(Value::String(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::parse;
    use crate::spec::request_schema;
    use serde_json::json;

    fn create(input: &str) -> Result<Value, ApiError> {
        let schema = request_schema("POST", "/v1/identity/verification_sessions")
            .cloned()
            .unwrap_or_default();
        validate(&schema, &parse(input))
    }

    fn list(input: &str) -> Result<Value, ApiError> {
        let schema = request_schema("GET", "/v1/identity/verification_sessions")
            .cloned()
            .unwrap_or_default();
        validate(&schema, &parse(input))
    }

    #[test]
    fn typed_output() {
        let v = create("type=document&options[document][allowed_types][1]=passport&options[document][allowed_types][0]=id_card&options[document][require_id_number]=true&metadata[a]=b&metadata[c]=&expand[]=verified_outputs").ok();
        assert_eq!(
            v,
            Some(
                json!({"type": "document", "options": {"document": {"allowed_types": ["id_card", "passport"], "require_id_number": true}}, "metadata": {"a": "b", "c": null}, "expand": ["verified_outputs"]})
            )
        );
    }

    #[test]
    fn unsetting_values() {
        assert_eq!(
            create("metadata=&options[document]=").ok(),
            Some(json!({"metadata": null, "options": {"document": null}}))
        );
    }

    #[test]
    fn errors_name_nested_params() {
        let e = create("options[document][allowed_types][0]=selfie").err();
        assert_eq!(
            e.as_ref().and_then(|e| e.param.clone()).as_deref(),
            Some("options[document][allowed_types][0]")
        );
        assert_eq!(
            e.map(|e| e.message),
            Some("Invalid options[document][allowed_types][0]: must be one of driving_license, id_card, or passport".into())
        );
        let e = create("options[email][require_verification]=true").err();
        assert_eq!(
            e.map(|e| (e.code, e.param)),
            Some((Some("parameter_unknown"), Some("options[email]".into())))
        );
        let e = create("options[document][require_live_capture]=yes").err();
        assert_eq!(e.map(|e| e.message), Some("Invalid boolean: yes".into()));
        let e = create("related_person[account]=acct_1").err();
        assert_eq!(
            e.map(|e| (e.code, e.param)),
            Some((
                Some("parameter_missing"),
                Some("related_person[person]".into())
            ))
        );
        let e = create("type=").err();
        assert_eq!(e.map(|e| e.code), Some(Some("parameter_invalid_empty")));
        let e = create("options=x").err();
        assert_eq!(e.map(|e| e.message), Some("Invalid hash".into()));
        let e = create("expand=x").err();
        assert_eq!(e.map(|e| e.message), Some("Invalid array".into()));
    }

    #[test]
    fn query_parameters() {
        assert_eq!(
            list("limit=3&created[gte]=5&status=verified").ok(),
            Some(json!({"limit": 3, "created": {"gte": 5}, "status": "verified"}))
        );
        assert_eq!(list("created=7").ok(), Some(json!({"created": 7})));
        let e = list("limit=ten").err();
        assert_eq!(
            e.map(|e| (e.code, e.message)),
            Some((
                Some("parameter_invalid_integer"),
                "Invalid integer: ten".into()
            ))
        );
        let e = list("created=abc").err();
        assert_eq!(e.map(|e| e.code), Some(Some("parameter_invalid_integer")));
        let e = list("status=done").err();
        assert_eq!(
            e.map(|e| e.message),
            Some(
                "Invalid status: must be one of canceled, processing, requires_input, or verified"
                    .into()
            )
        );
    }

    #[test]
    fn max_length() {
        let long = "x".repeat(5001);
        let e = create(&format!("client_reference_id={long}")).err();
        assert_eq!(e.and_then(|e| e.param), Some("client_reference_id".into()));
    }
}

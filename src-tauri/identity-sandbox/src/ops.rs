//! The eight Identity operations on validated parameters.
//!
//! Forbidden transitions answer HTTP 400 `invalid_request_error` with a message naming the
//! current status and no `code`/`param`: Stripe documents no code for this case and a wrong
//! guess would be worse than none.
//!
//! Here: the per-request context and what both kinds of object share (reading `expand[]`, the
//! list envelope). `sessions` holds the six verification session operations, `reports` the two
//! verification report ones; the router calls them all through this module.

use std::sync::Arc;

use serde_json::{json, Value};

use crate::api_error::ApiError;
use crate::auth::KeyKind;
use crate::store::Shared;

mod reports;
mod sessions;

pub use reports::{list_reports, retrieve_report};
pub use sessions::{cancel, create, list_sessions, redact, render_session, retrieve, update};

/// Per-request context.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// Shared handle (config, base URL, task spawning).
    pub shared: &'a Arc<Shared>,
    /// Which kind of key called.
    pub key: KeyKind,
}

/// Reads `expand[]`; in lists every path must start with `data.` (stripped here).
fn expansions(params: &Value, allowed: &[&str], in_list: bool) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    for e in params
        .get("expand")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(path) = e.as_str() else { continue };
        let relative = if in_list {
            path.strip_prefix("data.")
        } else {
            Some(path)
        };
        match relative {
            Some(r) if allowed.contains(&r) => out.push(r.to_string()),
            _ => {
                return Err(ApiError::invalid(format!(
                    "This property cannot be expanded ({path})."
                )))
            }
        }
    }
    Ok(out)
}

fn list_body(url: &str, data: Vec<Value>, has_more: bool) -> Value {
    json!({"object": "list", "data": data, "has_more": has_more, "url": url})
}

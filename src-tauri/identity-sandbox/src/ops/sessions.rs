//! The verification session operations: create, retrieve (which mints a fresh client secret),
//! update, cancel, redact and list, with the rules on metadata and on which status allows
//! which change. Reports are only read here (to expand a session's last one); they are made
//! by `outcomes`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::api_error::ApiError;
use crate::ids;
use crate::listing::{self, created_matches, paginate};
use crate::outcomes;
use crate::session::{Session, Status, View};
use crate::store::Store;

use super::{expansions, list_body, Ctx};

const SESSION_EXPANDABLE: &[&str] = &[
    "last_error",
    "last_verification_report",
    "last_verification_report.document.dob",
    "last_verification_report.document.expiration_date",
    "last_verification_report.document.number",
    "last_verification_report.id_number.dob",
    "last_verification_report.id_number.id_number",
    "options",
    "provided_details",
    "redaction",
    "related_person",
    "verified_outputs",
    "verified_outputs.dob",
    "verified_outputs.id_number",
];

/// Most sessions a retrieve loop can accumulate valid secrets for before the oldest retire.
const MAX_ACTIVE_TOKENS: usize = 100;

fn str_param(params: &Value, name: &str) -> Option<String> {
    params.get(name).and_then(Value::as_str).map(str::to_string)
}

/// Renders a session, expanding its report when asked.
pub fn render_session(ctx: Ctx<'_>, store: &Store, session: &Session, expand: &[String]) -> Value {
    let view = View {
        base_url: &ctx.shared.base_url,
        expand,
        key: ctx.key,
    };
    let report = if view.has("last_verification_report") {
        let below = view.below("last_verification_report");
        session
            .last_report
            .as_deref()
            .and_then(|id| store.report(id))
            .map(|r| {
                r.render(&View {
                    expand: &below,
                    ..view
                })
            })
    } else {
        None
    };
    session.render(&view, report)
}

/// Applies `metadata` (merge; `null` value unsets a key, `null` map clears) with Stripe's limits.
fn apply_metadata(
    current: &BTreeMap<String, String>,
    given: Option<&Value>,
) -> Result<BTreeMap<String, String>, ApiError> {
    let mut next = current.clone();
    match given {
        None => return Ok(next),
        Some(Value::Null) => next.clear(),
        Some(Value::Object(entries)) => {
            for (k, v) in entries {
                let param = format!("metadata[{k}]");
                let key_len = k.chars().count();
                if key_len > 40 {
                    return Err(ApiError::invalid(format!(
                        "Metadata keys can have up to 40 characters, but you passed in a key that is {key_len} characters. Invalid key: {k}"
                    ))
                    .param(param));
                }
                match v {
                    Value::String(s) => {
                        let len = s.chars().count();
                        if len > 500 {
                            return Err(ApiError::invalid(format!(
                                "Metadata values can have up to 500 characters, but you passed in a value that is {len} characters. Invalid value: {s}"
                            ))
                            .param(param));
                        }
                        next.insert(k.clone(), s.clone());
                    }
                    _ => {
                        next.remove(k);
                    }
                }
            }
        }
        Some(_) => return Err(ApiError::invalid("Invalid hash").param("metadata")),
    }
    if next.len() > 50 {
        return Err(ApiError::invalid(format!(
            "Metadata can have up to 50 keys, but you passed in {} keys.",
            next.len()
        ))
        .param("metadata"));
    }
    Ok(next)
}

fn apply_provided_details(current: &mut Map<String, Value>, given: Option<&Value>) {
    if let Some(Value::Object(entries)) = given {
        for (k, v) in entries {
            current.insert(k.clone(), v.clone());
        }
    }
}

/// `POST /v1/identity/verification_sessions`
pub fn create(ctx: Ctx<'_>, store: &mut Store, params: &Value) -> Result<Value, ApiError> {
    let expand = expansions(params, SESSION_EXPANDABLE, false)?;
    if let Some(flow) = str_param(params, "verification_flow") {
        // The sandbox has no Dashboard, hence no verification flows.
        return Err(ApiError::no_such(
            "verification flow",
            &flow,
            "verification_flow",
        ));
    }
    let Some(kind) = str_param(params, "type") else {
        return Err(ApiError::missing_param("type"));
    };
    let return_url = str_param(params, "return_url");
    if let Some(u) = &return_url {
        let ok = url::Url::parse(u).is_ok_and(|p| matches!(p.scheme(), "http" | "https"));
        if !ok {
            return Err(ApiError::invalid(format!("Not a valid URL: {u}"))
                .code("url_invalid")
                .param("return_url"));
        }
    }
    let metadata = apply_metadata(&BTreeMap::new(), params.get("metadata"))?;
    let mut provided_details = Map::new();
    apply_provided_details(&mut provided_details, params.get("provided_details"));
    let seq = store.next_seq();
    let session = Session {
        id: ids::object_id("vs_"),
        seq,
        created: ids::now_unix(),
        kind,
        status: Status::RequiresInput,
        client_reference_id: str_param(params, "client_reference_id"),
        metadata,
        document_options: params
            .pointer("/options/document")
            .filter(|v| v.is_object())
            .cloned(),
        provided_details,
        related_customer: str_param(params, "related_customer"),
        related_customer_account: str_param(params, "related_customer_account"),
        related_person: params
            .get("related_person")
            .filter(|v| v.is_object())
            .cloned(),
        return_url,
        last_error: None,
        last_report: None,
        redaction: None,
        has_outputs: false,
        tokens: vec![ids::secret_token()],
        retired_tokens: Default::default(),
        generation: 0,
    };
    tracing::debug!(session = %session.id, "verification session created");
    store.sessions.push(session);
    let session = &store.sessions[store.sessions.len() - 1];
    Ok(render_session(ctx, store, session, &expand))
}

fn session_index(store: &Store, id: &str) -> Result<usize, ApiError> {
    store
        .session_index(id)
        .ok_or_else(|| ApiError::no_such("verification session", id, "session"))
}

/// `GET /v1/identity/verification_sessions/{session}`: mints a fresh secret while
/// `requires_input` (earlier ones stay valid).
pub fn retrieve(
    ctx: Ctx<'_>,
    store: &mut Store,
    id: &str,
    params: &Value,
) -> Result<Value, ApiError> {
    let expand = expansions(params, SESSION_EXPANDABLE, false)?;
    let idx = session_index(store, id)?;
    let session = &mut store.sessions[idx];
    if session.status == Status::RequiresInput {
        session.tokens.push(ids::secret_token());
        if session.tokens.len() > MAX_ACTIVE_TOKENS {
            let oldest = session.tokens.remove(0);
            session.retired_tokens.insert(oldest);
        }
    }
    Ok(render_session(ctx, store, &store.sessions[idx], &expand))
}

/// `POST /v1/identity/verification_sessions/{session}`
pub fn update(
    ctx: Ctx<'_>,
    store: &mut Store,
    id: &str,
    params: &Value,
) -> Result<Value, ApiError> {
    let expand = expansions(params, SESSION_EXPANDABLE, false)?;
    let idx = session_index(store, id)?;
    let session = &store.sessions[idx];
    if session.is_redacted() {
        return Err(ApiError::invalid(
            "This VerificationSession has been redacted and can no longer be updated.",
        ));
    }
    require_status(session.status, &[Status::RequiresInput], "update")?;
    let metadata = apply_metadata(&session.metadata, params.get("metadata"))?;
    let session = &mut store.sessions[idx];
    session.metadata = metadata;
    if let Some(kind) = str_param(params, "type") {
        session.kind = kind;
    }
    match params.pointer("/options/document") {
        Some(Value::Null) => session.document_options = None,
        Some(doc @ Value::Object(_)) => session.document_options = Some(doc.clone()),
        _ => {}
    }
    apply_provided_details(
        &mut session.provided_details,
        params.get("provided_details"),
    );
    Ok(render_session(ctx, store, &store.sessions[idx], &expand))
}

/// `POST …/{session}/cancel`: only from `requires_input`.
pub fn cancel(
    ctx: Ctx<'_>,
    store: &mut Store,
    id: &str,
    params: &Value,
) -> Result<Value, ApiError> {
    let expand = expansions(params, SESSION_EXPANDABLE, false)?;
    let idx = session_index(store, id)?;
    let session = &mut store.sessions[idx];
    require_status(session.status, &[Status::RequiresInput], "cancel")?;
    session.retire_tokens();
    session.status = Status::Canceled;
    Ok(render_session(ctx, store, &store.sessions[idx], &expand))
}

/// `POST …/{session}/redact`: from `requires_input` (also cancels) or `verified`; repeating it
/// on a redacted session returns the session unchanged.
pub fn redact(
    ctx: Ctx<'_>,
    store: &mut Store,
    id: &str,
    params: &Value,
) -> Result<Value, ApiError> {
    let expand = expansions(params, SESSION_EXPANDABLE, false)?;
    let idx = session_index(store, id)?;
    let session = &store.sessions[idx];
    if !session.is_redacted() {
        require_status(
            session.status,
            &[Status::RequiresInput, Status::Verified],
            "redact",
        )?;
        outcomes::start_redaction(ctx.shared, store, idx);
    }
    Ok(render_session(ctx, store, &store.sessions[idx], &expand))
}

/// `GET /v1/identity/verification_sessions`
pub fn list_sessions(ctx: Ctx<'_>, store: &Store, params: &Value) -> Result<Value, ApiError> {
    let expand = expansions(params, SESSION_EXPANDABLE, true)?;
    listing::limit(params)?;
    let eq = |name: &str, value: &Option<String>| match params.get(name).and_then(Value::as_str) {
        Some(want) => value.as_deref() == Some(want),
        None => true,
    };
    let status = params.get("status").and_then(Value::as_str);
    let items: Vec<_> = store
        .sessions
        .iter()
        .filter(|s| status.is_none_or(|st| s.status.as_str() == st))
        .filter(|s| eq("client_reference_id", &s.client_reference_id))
        .filter(|s| eq("related_customer", &s.related_customer))
        .filter(|s| eq("related_customer_account", &s.related_customer_account))
        .filter(|s| created_matches(params.get("created"), s.created))
        .map(|s| ((s.created, s.seq), s))
        .collect();
    let position = |id: &str| {
        store
            .sessions
            .iter()
            .find(|s| s.id == id)
            .map(|s| (s.created, s.seq))
    };
    let page = paginate(items, params, "verification session", position)?;
    let data = page
        .items
        .into_iter()
        .map(|s| render_session(ctx, store, s, &expand))
        .collect();
    Ok(list_body(
        "/v1/identity/verification_sessions",
        data,
        page.has_more,
    ))
}

/// The state machine's guard: `action` is allowed only from the `allowed` statuses. The error
/// names the current status (Stripe's exact wording for this case is undocumented).
fn require_status(current: Status, allowed: &[Status], action: &str) -> Result<(), ApiError> {
    if allowed.contains(&current) {
        return Ok(());
    }
    let names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
    Err(ApiError::invalid(format!(
        "You can only {action} a VerificationSession when its status is {}. This VerificationSession has the status {}.",
        names.join(" or "),
        current.as_str()
    )))
}

//! The `/v1/` pipeline: request id, fault injection, authentication, routing, form decoding,
//! idempotency, spec validation, the operation, response headers, request log and recording.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::api_error::ApiError;
use crate::auth;
use crate::faults::{self, Fault};
use crate::form::{self, Node};
use crate::idempotency::{IdemEntry, Lookup};
use crate::ids;
use crate::ops::{self, Ctx};
use crate::recorder;
use crate::server::DropConnection;
use crate::spec;
use crate::store::{Shared, Store};
use crate::validate;

/// Largest accepted request body.
const MAX_BODY: usize = 1024 * 1024;

/// An Identity operation with its path parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    Create,
    List,
    Retrieve(String),
    Update(String),
    Cancel(String),
    Redact(String),
    ListReports,
    RetrieveReport(String),
}

fn decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

/// Maps method + path to an operation and its spec path template.
fn route(method: &Method, path: &str) -> Option<(Op, &'static str)> {
    const SESSIONS: &str = "/v1/identity/verification_sessions";
    const SESSION: &str = "/v1/identity/verification_sessions/{session}";
    const REPORTS: &str = "/v1/identity/verification_reports";
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let get = method == Method::GET;
    let post = method == Method::POST;
    match segments.as_slice() {
        ["v1", "identity", "verification_sessions"] if post => Some((Op::Create, SESSIONS)),
        ["v1", "identity", "verification_sessions"] if get => Some((Op::List, SESSIONS)),
        ["v1", "identity", "verification_sessions", id] if get && !id.is_empty() => {
            Some((Op::Retrieve(decode(id)), SESSION))
        }
        ["v1", "identity", "verification_sessions", id] if post && !id.is_empty() => {
            Some((Op::Update(decode(id)), SESSION))
        }
        ["v1", "identity", "verification_sessions", id, "cancel"] if post => Some((
            Op::Cancel(decode(id)),
            "/v1/identity/verification_sessions/{session}/cancel",
        )),
        ["v1", "identity", "verification_sessions", id, "redact"] if post => Some((
            Op::Redact(decode(id)),
            "/v1/identity/verification_sessions/{session}/redact",
        )),
        ["v1", "identity", "verification_reports"] if get => Some((Op::ListReports, REPORTS)),
        ["v1", "identity", "verification_reports", id] if get && !id.is_empty() => Some((
            Op::RetrieveReport(decode(id)),
            "/v1/identity/verification_reports/{report}",
        )),
        _ => None,
    }
}

/// What was decided about one request.
struct Answer {
    status: u16,
    body: Vec<u8>,
    request_id: String,
    replayed: bool,
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn error_answer(shared: &Shared, request_id: String, err: &ApiError) -> Answer {
    let log_url = format!(
        "{}/_sandbox/requests?request_id={request_id}",
        shared.base_url
    );
    Answer {
        status: err.status,
        body: pretty(&err.body(&log_url)),
        request_id,
        replayed: false,
    }
}

fn pretty(value: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(value).unwrap_or_default()
}

/// Runs a request under the store lock (no awaits), so idempotency is atomic.
#[allow(clippy::too_many_arguments)]
fn process(
    shared: &Arc<Shared>,
    store: &mut Store,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    query: &Node,
    body: &Node,
    request_id: String,
) -> Answer {
    let post = method == Method::POST;
    let key = match auth::authenticate(header(headers, "authorization"), &store.keys, post) {
        Ok(key) => key,
        Err(e) => return error_answer(shared, request_id, &e),
    };
    let Some((op, template)) = route(method, path) else {
        let e = ApiError::invalid(format!(
            "Unrecognized request URL ({}: {path}). Please see https://stripe.com/docs or we can \
             help at https://support.stripe.com/.",
            method.as_str()
        ))
        .status(404);
        return error_answer(shared, request_id, &e);
    };
    let mut params = if post { body.clone() } else { Node::empty() };
    form::merge(&mut params, query.clone());
    let idem_key = if post {
        header(headers, "idempotency-key").map(str::to_string)
    } else {
        None
    };
    let fingerprint = format!("{} {path} {}", method.as_str(), params.to_json());
    if let Some(k) = &idem_key {
        match store.idempotency.lookup(k, &fingerprint) {
            Ok(Lookup::Fresh) => {}
            Ok(Lookup::Replay(saved)) => {
                return Answer {
                    status: saved.status,
                    body: saved.body,
                    request_id: saved.request_id,
                    replayed: true,
                };
            }
            Err(e) => return error_answer(shared, request_id, &e),
        }
    }
    let Some(schema) = spec::request_schema(method.as_str(), template) else {
        return error_answer(
            shared,
            request_id,
            &ApiError::invalid("Unknown operation").status(404),
        );
    };
    let typed = match validate::validate(schema, &params) {
        Ok(v) => v,
        Err(e) => return error_answer(shared, request_id, &e),
    };
    let ctx = Ctx { shared, key };
    let result = match &op {
        Op::Create => ops::create(ctx, store, &typed),
        Op::List => ops::list_sessions(ctx, store, &typed),
        Op::Retrieve(id) => ops::retrieve(ctx, store, id, &typed),
        Op::Update(id) => ops::update(ctx, store, id, &typed),
        Op::Cancel(id) => ops::cancel(ctx, store, id, &typed),
        Op::Redact(id) => ops::redact(ctx, store, id, &typed),
        Op::ListReports => ops::list_reports(ctx, store, &typed),
        Op::RetrieveReport(id) => ops::retrieve_report(ctx, store, id, &typed),
    };
    let answer = match result {
        Ok(v) => Answer {
            status: 200,
            body: pretty(&v),
            request_id,
            replayed: false,
        },
        Err(e) => error_answer(shared, request_id, &e),
    };
    if let Some(k) = idem_key {
        let entry = IdemEntry {
            fingerprint,
            status: answer.status,
            body: answer.body.clone(),
            request_id: answer.request_id.clone(),
            saved: std::time::Instant::now(),
        };
        store.idempotency.save(&k, entry);
    }
    answer
}

fn set(headers: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        headers.insert(name, v);
    }
}

/// The axum handler for everything under `/v1/`.
pub async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let method = parts.method.clone();
    let path = parts.uri.path().to_string();
    let query_text = parts.uri.query().unwrap_or_default().to_string();
    let bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .unwrap_or_else(|_| Bytes::new());
    let query = form::parse(&query_text);
    let body_tree = form::parse(&String::from_utf8_lossy(&bytes));
    let fresh_request_id = ids::request_id();
    tracing::debug!(method = %method, path = %path, request_id = %fresh_request_id, "api request");

    let fault: Option<Fault> = faults::take(&mut shared.lock().faults, method.as_str(), &path);
    if let Some(ms) = fault.as_ref().and_then(|f| f.latency_ms) {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }

    let mut log = json!({
        "request_id": fresh_request_id,
        "method": method.as_str(),
        "path": path,
        "query": query.to_json(),
        "idempotency_key": header(&parts.headers, "idempotency-key"),
        "stripe_version": header(&parts.headers, "stripe-version"),
        "authorization": auth::scheme_of(header(&parts.headers, "authorization")),
        "body": body_tree.to_json(),
    });

    if fault.as_ref().is_some_and(|f| f.drop_connection) {
        log["status"] = Value::Null;
        log["fault"] = json!("drop_connection");
        shared.lock().log_request(log);
        let mut resp = Response::new(Body::empty());
        resp.extensions_mut().insert(DropConnection);
        return resp;
    }

    let mut answer = match fault.as_ref().and_then(|f| f.status) {
        Some(status) => {
            log["fault"] = json!("status");
            error_answer(&shared, fresh_request_id, &faults::status_error(status))
        }
        None => {
            let mut store = shared.lock();
            process(
                &shared,
                &mut store,
                &method,
                &path,
                &parts.headers,
                &query,
                &body_tree,
                fresh_request_id,
            )
        }
    };
    if fault.as_ref().is_some_and(|f| f.malformed) {
        log["fault"] = json!("malformed");
        // Cut inside the JSON so no parser accepts it.
        let cut = (answer.body.len() / 2).max(1).min(answer.body.len());
        answer.body.truncate(cut);
    }

    let mut resp = Response::new(Body::from(answer.body.clone()));
    *resp.status_mut() =
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = resp.headers_mut();
    set(h, "content-type", "application/json");
    set(h, "cache-control", "no-cache, no-store");
    set(h, "request-id", &answer.request_id);
    let version = header(&parts.headers, "stripe-version").unwrap_or(spec::api_version());
    set(h, "stripe-version", version);
    if method == Method::POST {
        if let Some(k) = header(&parts.headers, "idempotency-key") {
            set(h, "idempotency-key", k);
        }
    }
    if answer.replayed {
        set(h, "idempotent-replayed", "true");
    }
    if let Some(retry) = fault.as_ref().and_then(|f| f.should_retry) {
        set(
            h,
            "stripe-should-retry",
            if retry { "true" } else { "false" },
        );
    }

    log["status"] = json!(answer.status);
    log["replayed"] = json!(answer.replayed);
    log["response_request_id"] = json!(answer.request_id);
    shared.lock().log_request(log);
    if let Some(file) = &shared.config.record_path {
        recorder::record(file, method.as_str(), &path, answer.status, &answer.body);
    }
    resp
}

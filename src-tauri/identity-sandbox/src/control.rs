//! Control endpoints for tests and demos (not part of Stripe; no API key needed):
//!
//! - `POST /_sandbox/faults` JSON [`Fault`] → `200 {"faults": [...]}` (all pending faults)
//! - `GET /_sandbox/faults` → `{"faults": [...]}`; `DELETE /_sandbox/faults` → `{"cleared": n}`
//! - `POST /_sandbox/keys` JSON `{"key": "...", "state": "ok"|"revoked"|"no_identity_permission"}`
//!   → `{"key": "<masked>", "state": "..."}`
//! - `GET /_sandbox/requests[?request_id=req_…]` → `{"object":"list","data":[...]}`, oldest first,
//!   last 500 `/v1/` requests: `request_id`, `method`, `path`, `query`, `body` (parsed trees),
//!   `idempotency_key`, `stripe_version`, `authorization` (scheme only: `bearer`, `basic`,
//!   `none`, `other`), `status` (`null` when the connection was dropped), `replayed`,
//!   `response_request_id`, `fault`.
//! - `POST /_sandbox/reset` → `{"reset": true}`: forgets sessions, reports, keys, idempotency
//!   keys, faults and the request log.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::{mask_key, KeyState};
use crate::faults::Fault;
use crate::store::{Shared, Store};

fn bad_json(rejection: JsonRejection) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"error": {"message": rejection.body_text()}})),
    )
        .into_response()
}

/// `POST /_sandbox/faults`
pub async fn add_fault(
    State(shared): State<Arc<Shared>>,
    body: Result<Json<Fault>, JsonRejection>,
) -> Response {
    let fault = match body {
        Ok(Json(f)) => f,
        Err(e) => return bad_json(e),
    };
    let mut store = shared.lock();
    if fault.count > 0 {
        store.faults.push(fault);
    }
    Json(json!({"faults": store.faults})).into_response()
}

/// `GET /_sandbox/faults`
pub async fn list_faults(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!({"faults": shared.lock().faults}))
}

/// `DELETE /_sandbox/faults`
pub async fn clear_faults(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let mut store = shared.lock();
    let n = store.faults.len();
    store.faults.clear();
    Json(json!({"cleared": n}))
}

/// Body of `POST /_sandbox/keys`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyRequest {
    key: String,
    state: KeyState,
}

/// `POST /_sandbox/keys`
pub async fn set_key(
    State(shared): State<Arc<Shared>>,
    body: Result<Json<KeyRequest>, JsonRejection>,
) -> Response {
    let req = match body {
        Ok(Json(r)) => r,
        Err(e) => return bad_json(e),
    };
    let mut store = shared.lock();
    if req.state == KeyState::Ok {
        store.keys.remove(&req.key);
    } else {
        store.keys.insert(req.key.clone(), req.state);
    }
    Json(json!({"key": mask_key(&req.key), "state": req.state})).into_response()
}

/// Query of `GET /_sandbox/requests`.
#[derive(Debug, Deserialize)]
pub struct RequestsQuery {
    request_id: Option<String>,
}

/// `GET /_sandbox/requests`
pub async fn requests(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<RequestsQuery>,
) -> Json<Value> {
    let store = shared.lock();
    let data: Vec<&Value> = store
        .requests
        .iter()
        .filter(|r| {
            q.request_id.as_deref().is_none_or(|id| {
                r.get("request_id").and_then(Value::as_str) == Some(id)
                    || r.get("response_request_id").and_then(Value::as_str) == Some(id)
            })
        })
        .collect();
    Json(json!({"object": "list", "data": data}))
}

/// `POST /_sandbox/reset`
pub async fn reset(State(shared): State<Arc<Shared>>) -> Json<Value> {
    *shared.lock() = Store::default();
    Json(json!({"reset": true}))
}

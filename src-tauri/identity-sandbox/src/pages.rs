//! What the end user sees: the Stripe.js stand-in (`GET /v3/`), the modal page loaded in its
//! iframe, the hosted page at each session's `url`, and the private verification-page endpoints
//! both use (authenticated by the session's client secret, like Stripe's own
//! `verification_pages`). Pages are served with a CSP that allows only the sandbox's own
//! scripts and styles (no inline code).

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::outcomes::{self, Outcome};
use crate::store::{Shared, Store, TokenLookup};
use crate::texts::Texts;

const STRIPE_JS: &str = include_str!("assets/stripe.js");
const MODAL_HTML: &str = include_str!("assets/modal.html");
const MODAL_JS: &str = include_str!("assets/modal.js");
const SANDBOX_CSS: &str = include_str!("assets/sandbox.css");

/// CSP of the modal and of the hosted page (never framed; its form may redirect to any
/// `return_url`, which `form-action` governs in some browsers). The modal has no
/// `frame-ancestors`: it is framed by any host page, and `frame-ancestors *` would not match
/// custom-scheme origins such as a Tauri app's `tauri://localhost` (WebKit then refuses to
/// render the frame).
const MODAL_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob: mediastream:; connect-src 'self'; base-uri 'none'; form-action 'none'";
const HOSTED_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self' http: https:; frame-ancestors 'none'";

fn with_type(body: &'static str, content_type: &'static str) -> Response {
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    resp
}

fn html(status: StatusCode, body: String, csp: &'static str) -> Response {
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("content-security-policy", HeaderValue::from_static(csp));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    resp
}

/// `GET /v3/` and `/v3`: the Stripe.js stand-in.
pub async fn stripe_js() -> Response {
    let mut resp = with_type(STRIPE_JS, "application/javascript; charset=utf-8");
    resp.headers_mut()
        .insert("access-control-allow-origin", HeaderValue::from_static("*"));
    resp
}

/// The modal's query: what the script reads, and the locale the stand-in was given.
#[derive(Debug, Deserialize)]
pub struct ModalQuery {
    locale: Option<String>,
}

/// `GET /_sandbox/modal?client_secret=…&parent_origin=…&locale=…`: in `locale` (Stripe.js's
/// option; the stand-in resolves `auto` to the browser's language), English when the sandbox
/// has no texts for it.
pub async fn modal(Query(query): Query<ModalQuery>) -> Response {
    let texts = Texts::for_tag(query.locale.as_deref().unwrap_or("en"));
    html(StatusCode::OK, render_modal(&texts), MODAL_CSP)
}

/// The modal's template with `{{lang}}`, `{{dir}}`, `{{texts}}` (every text, as JSON for the
/// script) and `{{key}}` (one text, escaped) filled in.
fn render_modal(texts: &Texts) -> String {
    // `<` escaped so no text can end the JSON's script element.
    let json = serde_json::to_string(&texts.all())
        .unwrap_or_else(|_| "{}".to_owned())
        .replace('<', "\\u003c");
    let mut out = String::with_capacity(MODAL_HTML.len() + json.len());
    let mut rest = MODAL_HTML;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        match &after[..end] {
            "lang" => out.push_str(texts.lang()),
            "dir" => out.push_str(texts.dir()),
            "texts" => out.push_str(&json),
            key => out.push_str(&escape(texts.get(key))),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The texts for the reader of a hosted page, from its `Accept-Language`.
fn reader(headers: &HeaderMap) -> Texts {
    Texts::for_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// `GET /_sandbox/modal.js`
pub async fn modal_js() -> Response {
    with_type(MODAL_JS, "application/javascript; charset=utf-8")
}

/// `GET /_sandbox/sandbox.css`
pub async fn sandbox_css() -> Response {
    with_type(SANDBOX_CSS, "text/css; charset=utf-8")
}

/// Error body of the verification-page endpoints, in Stripe.js's `error` shape.
fn page_error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({"error": {"type": "invalid_request_error", "code": code, "message": message}})),
    )
        .into_response()
}

/// Resolves a client secret, or the error response for an unknown or spent one.
fn active_session(store: &Store, client_secret: &str) -> Result<usize, Box<Response>> {
    match store.lookup_client_secret(client_secret) {
        TokenLookup::Active(i) => Ok(i),
        TokenLookup::Retired => Err(Box::new(page_error(
            StatusCode::GONE,
            "client_secret_used",
            "This verification session has already been submitted or is no longer available.",
        ))),
        TokenLookup::Unknown => Err(Box::new(page_error(
            StatusCode::NOT_FOUND,
            "resource_missing",
            "No such verification session: the client secret is invalid.",
        ))),
    }
}

fn session_summary(store: &Store, idx: usize) -> Value {
    let s = &store.sessions[idx];
    json!({"verification_session": {"id": s.id, "status": s.status.as_str(), "type": s.kind, "livemode": false}})
}

/// `GET /_sandbox/verification_pages/{client_secret}`
pub async fn page_info(State(shared): State<Arc<Shared>>, Path(cs): Path<String>) -> Response {
    let store = shared.lock();
    match active_session(&store, &cs) {
        Ok(i) => Json(session_summary(&store, i)).into_response(),
        Err(resp) => *resp,
    }
}

/// Form of the submit endpoints.
#[derive(Debug, Deserialize)]
pub struct OutcomeForm {
    outcome: String,
}

/// `POST /_sandbox/verification_pages/{client_secret}/submit` with `outcome=…`
pub async fn page_submit(
    State(shared): State<Arc<Shared>>,
    Path(cs): Path<String>,
    Form(form): Form<OutcomeForm>,
) -> Response {
    let Some(outcome) = Outcome::parse(&form.outcome) else {
        return page_error(
            StatusCode::BAD_REQUEST,
            "parameter_invalid",
            "Invalid outcome: must be one of verified, unverified, verified_async, or unverified_async",
        );
    };
    let mut store = shared.lock();
    match active_session(&store, &cs) {
        Ok(i) => {
            outcomes::submit(&shared, &mut store, i, outcome);
            Json(session_summary(&store, i)).into_response()
        }
        Err(resp) => *resp,
    }
}

/// `POST /_sandbox/verification_pages/{client_secret}/decline`
pub async fn page_decline(State(shared): State<Arc<Shared>>, Path(cs): Path<String>) -> Response {
    let mut store = shared.lock();
    match active_session(&store, &cs) {
        Ok(i) => {
            outcomes::decline(&mut store, i);
            Json(session_summary(&store, i)).into_response()
        }
        Err(resp) => *resp,
    }
}

/// Minimal HTML escaping for the few dynamic strings on pages.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn page(texts: &Texts, title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<link rel=\"stylesheet\" href=\"/_sandbox/sandbox.css\">\n</head>\n<body>\n<main class=\"card\">\n<p id=\"sandbox-label\" data-testid=\"sandbox-label\" class=\"badge\">{label}</p>\n{body}\n</main>\n</body>\n</html>\n",
        lang = texts.lang(),
        dir = texts.dir(),
        title = escape(title),
        label = escape(texts.get("sandbox_label")),
    )
}

fn hosted_error(texts: &Texts, status: StatusCode, key: &str) -> Response {
    let title = texts.get("link_unavailable_title");
    let body = format!(
        "<h1 id=\"page-title\">{}</h1>\n<p id=\"page-error\" data-testid=\"page-error\" class=\"error\">{}</p>",
        escape(title),
        escape(texts.get(key))
    );
    html(status, page(texts, title, &body), HOSTED_CSP)
}

fn token_of(segment: &str) -> Option<&str> {
    segment.strip_prefix("test_").filter(|t| !t.is_empty())
}

fn hosted_session(texts: &Texts, store: &Store, segment: &str) -> Result<usize, Box<Response>> {
    let lookup = token_of(segment)
        .map(|t| store.lookup_token(t))
        .unwrap_or(TokenLookup::Unknown);
    match lookup {
        TokenLookup::Active(i) => Ok(i),
        TokenLookup::Retired => Err(Box::new(hosted_error(texts, StatusCode::GONE, "link_used"))),
        TokenLookup::Unknown => Err(Box::new(hosted_error(
            texts,
            StatusCode::NOT_FOUND,
            "link_invalid",
        ))),
    }
}

/// `GET /start/test_{token}`: the hosted verification page.
pub async fn hosted_page(
    State(shared): State<Arc<Shared>>,
    Path(segment): Path<String>,
    headers: HeaderMap,
) -> Response {
    let texts = reader(&headers);
    let store = shared.lock();
    if let Err(resp) = hosted_session(&texts, &store, &segment) {
        return *resp;
    }
    let action = format!("/start/{}", escape(&segment));
    let body = format!(
        "<h1 id=\"page-title\">{title}</h1>\n<p>{choose}</p>\n<form method=\"post\" action=\"{action}\" class=\"choices\">\n<div class=\"outcomes\" lang=\"en\" dir=\"ltr\">\n<button type=\"submit\" name=\"outcome\" value=\"verified\" id=\"outcome-verified\" data-testid=\"outcome-verified\">Verification success</button>\n<button type=\"submit\" name=\"outcome\" value=\"unverified\" id=\"outcome-unverified\" data-testid=\"outcome-unverified\">Verification failure</button>\n<button type=\"submit\" name=\"outcome\" value=\"verified_async\" id=\"outcome-verified-async\" data-testid=\"outcome-verified-async\">Verification success async</button>\n<button type=\"submit\" name=\"outcome\" value=\"unverified_async\" id=\"outcome-unverified-async\" data-testid=\"outcome-unverified-async\">Verification failure async</button>\n</div>\n<button type=\"submit\" name=\"outcome\" value=\"decline\" id=\"decline-consent\" data-testid=\"decline-consent\" class=\"secondary-action\">{decline}</button>\n</form>",
        title = escape(texts.get("modal_title")),
        choose = escape(texts.get("choose_outcome")),
        decline = escape(texts.get("decline_consent")),
    );
    html(
        StatusCode::OK,
        page(&texts, texts.get("modal_title"), &body),
        HOSTED_CSP,
    )
}

/// `POST /start/test_{token}` with `outcome=verified|unverified|verified_async|unverified_async|decline`:
/// 303 to the session's `return_url`, or a "you can close this page" result page.
pub async fn hosted_submit(
    State(shared): State<Arc<Shared>>,
    Path(segment): Path<String>,
    headers: HeaderMap,
    Form(form): Form<OutcomeForm>,
) -> Response {
    let texts = reader(&headers);
    let mut store = shared.lock();
    let idx = match hosted_session(&texts, &store, &segment) {
        Ok(i) => i,
        Err(resp) => return *resp,
    };
    let declined = form.outcome == "decline";
    if declined {
        outcomes::decline(&mut store, idx);
    } else {
        let Some(outcome) = Outcome::parse(&form.outcome) else {
            return hosted_error(&texts, StatusCode::BAD_REQUEST, "unknown_outcome");
        };
        outcomes::submit(&shared, &mut store, idx, outcome);
    }
    if let Some(url) = &store.sessions[idx].return_url {
        if let Ok(location) = HeaderValue::from_str(url) {
            let mut resp = StatusCode::SEE_OTHER.into_response();
            resp.headers_mut().insert(header::LOCATION, location);
            return resp;
        }
    }
    let message = texts.get(if declined {
        "declined_page"
    } else {
        "submitted_page"
    });
    let body = format!(
        "<h1 id=\"page-title\">{}</h1>\n<p id=\"page-result\" data-testid=\"page-result\">{}</p>",
        escape(texts.get("done_title")),
        escape(message)
    );
    html(
        StatusCode::OK,
        page(&texts, texts.get("submitted_title"), &body),
        HOSTED_CSP,
    )
}

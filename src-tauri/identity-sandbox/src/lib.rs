//! Offline, faithful emulator ("sandbox") of the Stripe Identity API, of the Stripe.js
//! `verifyIdentity` modal and of the hosted verification page, on one loopback HTTP server.
//!
//! The official SDKs (stripe-python, stripe-node) work against it unchanged except for their
//! API base. Start it with [`start`]; `127.0.0.1:0` picks a free port.
//!
//! # Stripe API (`/v1/`)
//! `POST/GET /v1/identity/verification_sessions`, `GET/POST …/{id}`, `POST …/{id}/cancel`,
//! `POST …/{id}/redact`, `GET /v1/identity/verification_reports[/{id}]`: Stripe's form
//! encoding, spec-driven validation ([`validate`]), error bodies, `Request-Id`,
//! idempotency ([`idempotency`]), test-key auth ([`auth`]), state machine ([`ops`],
//! [`outcomes`]), lists ([`listing`]).
//!
//! # Not part of Stripe: `/_sandbox/*` and the pages
//! - `GET /v3/` (and `/v3`): Stripe.js stand-in (`window.Stripe(pk).verifyIdentity(secret)`).
//!   Its overlay is `#identity-sandbox-overlay` holding iframe `#identity-sandbox-frame`
//!   (`allow="camera; microphone"`) on `/_sandbox/modal?client_secret=…&parent_origin=…`.
//!   `verifyIdentity` resolves `{verificationSession: {id}}` after any of the four outcomes;
//!   `{error: {type: "invalid_request_error", code: "consent_declined"}}` on "Decline consent";
//!   `{error: {type: "invalid_request_error", code: "session_cancelled"}}` on close or Escape
//!   (real Stripe.js close behaviour is undocumented); `code: "resource_missing"` (unknown
//!   secret) or `"client_secret_used"` (spent secret / session no longer `requires_input`);
//!   `{error: {type: "api_connection_error", code: "sandbox_unreachable"}}` if the modal does
//!   not load within 15 s.
//! - Modal element ids (each also a `data-testid`): `sandbox-label`, `camera-preview`
//!   (video), `camera-status` ("No camera is available" without camera), `modal-status`,
//!   `outcome-verified`, `outcome-unverified`, `outcome-verified-async`,
//!   `outcome-unverified-async`, `decline-consent`, `close-modal`.
//! - Hosted page `GET /start/test_{token}` (the session's `url`): a form posting
//!   `outcome=verified|unverified|verified_async|unverified_async|decline` to the same URL;
//!   buttons `outcome-verified`, `outcome-unverified`, `outcome-verified-async`,
//!   `outcome-unverified-async`, `decline-consent`; then 303 to `return_url`, or a page with
//!   `#page-result`. Unknown token → 404, spent token → 410, both with `#page-error`.
//! - `GET /_sandbox/verification_pages/{client_secret}` → `{"verification_session": {id,
//!   status, type, livemode}}`; `POST …/submit` (form `outcome=…`) and `POST …/decline` → same
//!   shape; errors `{"error": {type, code, message}}` with 404 `resource_missing` or 410
//!   `client_secret_used`.
//! - Control endpoints: see [`control`] (`/_sandbox/faults`, `/_sandbox/keys`,
//!   `/_sandbox/requests`, `/_sandbox/reset`) and [`faults`].

pub mod api;
pub mod api_error;
pub mod auth;
pub mod config;
pub mod control;
pub mod error;
pub mod faults;
pub mod form;
pub mod idempotency;
pub mod ids;
pub mod listing;
pub mod ops;
pub mod outcomes;
pub mod pages;
pub mod person;
pub mod recorder;
pub mod report;
mod router;
pub mod server;
pub mod session;
pub mod spec;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
pub mod texts;
pub mod validate;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::SandboxConfig;
pub use error::SandboxError;

use store::Shared;

/// A sandbox serving in the background. Dropping it stops the server too; [`shutdown`]
/// additionally waits until every connection is closed.
///
/// [`shutdown`]: RunningSandbox::shutdown
#[derive(Debug)]
pub struct RunningSandbox {
    addr: SocketAddr,
    base_url: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningSandbox {
    /// The bound address (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: the API base for SDKs and the origin of `/v3/`.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// Stops accepting, closes all connections and waits for the server task.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

/// Starts a sandbox on `addr`, which must be a loopback address (port 0 = ephemeral).
pub async fn start(
    addr: SocketAddr,
    config: SandboxConfig,
) -> Result<RunningSandbox, SandboxError> {
    if !addr.ip().is_loopback() {
        return Err(SandboxError::NotLoopback(addr));
    }
    if !spec::SPEC.is_object() {
        return Err(SandboxError::Spec);
    }
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| SandboxError::Bind { addr, source })?;
    let local = listener
        .local_addr()
        .map_err(|source| SandboxError::Bind { addr, source })?;
    let base_url = format!("http://{local}");
    let shared = Arc::new(Shared::new(config, base_url.clone()));
    let (stop, stopped) = oneshot::channel();
    let task = tokio::spawn(server::serve(listener, router::router(shared), stopped));
    tracing::info!(%base_url, "Identity sandbox listening");
    Ok(RunningSandbox {
        addr: local,
        base_url,
        stop: Some(stop),
        task: Some(task),
    })
}

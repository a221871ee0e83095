//! The one client of the sandbox's test controls, for the workspace's Rust tests (the
//! `testing` feature; the Python tests have `tests/sandbox_control.py`).
//!
//! [`Control`] speaks to `/_sandbox/*` and, as the modal or the hosted page would, submits
//! outcomes; it also reads and creates sessions through the API as another kiosk would.
//! [`eventually`] is the one place a test waits on the real clock, and only for something to
//! *happen* (bounded): a test that must show something does *not* happen runs on paused time.
//!
//! It may not be used by the sandbox itself, and is compiled only for tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use serde_json::{json, Value};

use crate::{RunningSandbox, SandboxConfig};

/// A sandbox on an ephemeral loopback port with `config`.
pub async fn start(config: SandboxConfig) -> RunningSandbox {
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    crate::start(addr, config)
        .await
        .expect("the sandbox starts")
}

/// The sandbox's defaults, with the asynchronous outcomes and redaction made quick.
pub fn fast_config() -> SandboxConfig {
    SandboxConfig {
        async_delay: Duration::from_millis(300),
        redaction_delay: Duration::from_millis(200),
        ..SandboxConfig::default()
    }
}

/// Waits (on the real clock, at most 15 s) until `check` gives a value, and returns it;
/// panics naming `what` if it never does.
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    for _ in 0..300 {
        if let Some(v) = check().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("waited 15 s for {what}");
}

/// The sandbox's controls, over HTTP.
#[derive(Debug, Clone)]
pub struct Control {
    base: String,
    http: reqwest::Client,
}

impl Control {
    /// The controls of the sandbox at `base` (`http://127.0.0.1:PORT`).
    pub fn new(base: impl Into<String>) -> Self {
        Self {
            base: base.into(),
            http: reqwest::Client::new(),
        }
    }

    /// The controls of a sandbox started in-process.
    pub fn of(sandbox: &RunningSandbox) -> Self {
        Self::new(sandbox.base_url())
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    async fn post_json(&self, path: &str, body: &Value) -> Value {
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        assert!(status.is_success(), "POST {path}: {status} {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// Queues a fault (`POST /_sandbox/faults`; see [`crate::faults::Fault`]).
    pub async fn fault(&self, fault: Value) {
        self.post_json("/_sandbox/faults", &fault).await;
    }

    /// Makes the sandbox treat `key` as `ok`, `revoked` or `no_identity_permission`.
    pub async fn set_key_state(&self, key: &str, state: &str) {
        self.post_json("/_sandbox/keys", &json!({"key": key, "state": state}))
            .await;
    }

    /// Every `/v1/` request the sandbox saw (oldest first, the last 500).
    pub async fn requests(&self) -> Vec<Value> {
        let v: Value = self
            .http
            .get(format!("{}/_sandbox/requests", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["data"].as_array().unwrap().clone()
    }

    /// The requests with `method` on a path that `path_matches`.
    pub async fn requests_where(
        &self,
        method: &str,
        path_matches: impl Fn(&str) -> bool,
    ) -> Vec<Value> {
        self.requests()
            .await
            .into_iter()
            .filter(|r| r["method"] == method && path_matches(r["path"].as_str().unwrap()))
            .collect()
    }

    /// Does on the verification page what a customer would: `action` is `submit` (with one of
    /// Stripe's test `outcome`s) or `decline`. Returns the status and the JSON answer.
    pub async fn page_action(
        &self,
        client_secret: &str,
        action: &str,
        outcome: Option<&str>,
    ) -> (u16, Value) {
        let form: Vec<(&str, &str)> = outcome.map(|o| vec![("outcome", o)]).unwrap_or_default();
        let resp = self
            .http
            .post(format!(
                "{}/_sandbox/verification_pages/{client_secret}/{action}",
                self.base
            ))
            .form(&form)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// Submits the session with one of Stripe's test outcomes, as the modal would.
    pub async fn submit(&self, client_secret: &str, outcome: &str) {
        let (status, body) = self
            .page_action(client_secret, "submit", Some(outcome))
            .await;
        assert!((200..300).contains(&status), "submit: {status} {body}");
    }

    /// Declines consent on the session, as the modal would.
    pub async fn decline(&self, client_secret: &str) {
        let (status, body) = self.page_action(client_secret, "decline", None).await;
        assert!((200..300).contains(&status), "decline: {status} {body}");
    }

    /// Every session the sandbox holds (newest first), as `key` sees them.
    pub async fn sessions(&self, key: &str) -> Vec<Value> {
        let v: Value = self
            .http
            .get(format!(
                "{}/v1/identity/verification_sessions?limit=100",
                self.base
            ))
            .bearer_auth(key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["data"].as_array().unwrap().clone()
    }

    /// Creates a session straight through the API (as another run of the kiosk, or another
    /// kiosk, would have) with the form fields `form`.
    pub async fn create_session(&self, key: &str, form: &[(&str, &str)]) -> Value {
        self.http
            .post(format!("{}/v1/identity/verification_sessions", self.base))
            .bearer_auth(key)
            .form(form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

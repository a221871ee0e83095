//! What the integration tests share: a sandbox on an ephemeral loopback port, and its controls.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::net::SocketAddr;

use identity_sandbox::{RunningSandbox, SandboxConfig};
use serde_json::{json, Value};

/// A fresh in-process sandbox.
pub async fn sandbox() -> RunningSandbox {
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    identity_sandbox::start(addr, SandboxConfig::from_env())
        .await
        .unwrap()
}

/// Makes the sandbox treat `key` as `ok`, `revoked` or `no_identity_permission`.
pub async fn set_key_state(sb: &RunningSandbox, key: &str, state: &str) {
    let resp = reqwest::Client::new()
        .post(format!("{}/_sandbox/keys", sb.base_url()))
        .json(&json!({"key": key, "state": state}))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
}

/// Every session the sandbox holds (newest first), as `key` sees them.
pub async fn sessions(sb: &RunningSandbox, key: &str) -> Vec<Value> {
    let v: Value = reqwest::Client::new()
        .get(format!(
            "{}/v1/identity/verification_sessions?limit=100",
            sb.base_url()
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

/// Creates a session straight through the API (as another run of the kiosk, or another kiosk,
/// would have) with the form fields `form`.
pub async fn create_session(sb: &RunningSandbox, key: &str, form: &[(&str, &str)]) -> Value {
    reqwest::Client::new()
        .post(format!(
            "{}/v1/identity/verification_sessions",
            sb.base_url()
        ))
        .bearer_auth(key)
        .form(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

//! Shared set-up for the client's tests: an in-process sandbox on an ephemeral loopback port,
//! clients with short retry delays, and the sandbox's control endpoints.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::time::Duration;

use identity_sandbox::{RunningSandbox, SandboxConfig};
use serde_json::{json, Value};
use stripe_identity::{Client, ClientConfig, RetryPolicy, SecretKey};

pub const KEY: &str = "sk_test_clienttests0123456789";

pub struct Env {
    pub sandbox: RunningSandbox,
    pub http: reqwest::Client,
}

impl Env {
    pub async fn start() -> Self {
        let config = SandboxConfig {
            async_delay: Duration::from_millis(300),
            redaction_delay: Duration::from_millis(200),
            ..SandboxConfig::from_env()
        };
        let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let sandbox = identity_sandbox::start(addr, config)
            .await
            .expect("sandbox starts");
        Self {
            sandbox,
            http: reqwest::Client::new(),
        }
    }

    pub fn base(&self) -> String {
        self.sandbox.base_url()
    }

    /// A client with the default policy but short waits, so retry tests stay fast.
    pub fn client(&self) -> Client {
        self.client_with(KEY, |_| {})
    }

    pub fn client_with(&self, key: &str, tweak: impl FnOnce(&mut ClientConfig)) -> Client {
        let mut config = ClientConfig {
            api_base: self.base(),
            retry: RetryPolicy {
                min_delay: Duration::from_millis(10),
                max_delay: Duration::from_millis(50),
                ..RetryPolicy::default()
            },
            ..ClientConfig::default()
        };
        tweak(&mut config);
        Client::new(SecretKey::parse(key).unwrap(), config).unwrap()
    }

    pub async fn fault(&self, fault: Value) {
        let resp = self
            .http
            .post(format!("{}/_sandbox/faults", self.base()))
            .json(&fault)
            .send()
            .await
            .unwrap();
        assert!(
            resp.status().is_success(),
            "fault accepted: {}",
            resp.text().await.unwrap()
        );
    }

    pub async fn set_key_state(&self, key: &str, state: &str) {
        let resp = self
            .http
            .post(format!("{}/_sandbox/keys", self.base()))
            .json(&json!({"key": key, "state": state}))
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success());
    }

    /// API requests the sandbox saw for `path` (oldest first).
    pub async fn requests_to(&self, method: &str, path: &str) -> Vec<Value> {
        let all: Value = self
            .http
            .get(format!("{}/_sandbox/requests", self.base()))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let list = all.get("data").cloned().unwrap_or(all);
        list.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["method"] == method && r["path"] == path)
            .cloned()
            .collect()
    }

    /// Submits the session as the modal would, with one of Stripe's test outcomes.
    pub async fn submit(&self, client_secret: &str, outcome: &str) {
        let resp = self
            .http
            .post(format!(
                "{}/_sandbox/verification_pages/{client_secret}/submit",
                self.base()
            ))
            .form(&[("outcome", outcome)])
            .send()
            .await
            .unwrap();
        assert!(
            resp.status().is_success(),
            "submit: {}",
            resp.text().await.unwrap()
        );
    }
}

/// A value unique to this test run, for `client_reference_id` filters.
pub fn unique(prefix: &str) -> String {
    use rand::distr::{Alphanumeric, SampleString};
    format!(
        "{prefix}_{}",
        Alphanumeric.sample_string(&mut rand::rng(), 12)
    )
}

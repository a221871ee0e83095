//! Shared set-up for the client's tests: an in-process sandbox on an ephemeral loopback port,
//! clients with short retry delays, and the sandbox's control endpoints. The session tests'
//! create parameters are in `params`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod params;

use std::time::Duration;

use identity_sandbox::testing::Control;
use identity_sandbox::{RunningSandbox, SandboxConfig};
use serde_json::Value;
use stripe_identity::{Client, ClientConfig, RetryPolicy, SecretKey};

pub const KEY: &str = "sk_test_clienttests0123456789";

pub struct Env {
    pub sandbox: RunningSandbox,
}

impl Env {
    pub async fn start() -> Self {
        let config = SandboxConfig {
            async_delay: Duration::from_millis(300),
            redaction_delay: Duration::from_millis(200),
            ..SandboxConfig::from_env()
        };
        let sandbox = identity_sandbox::testing::start(config).await;
        Self { sandbox }
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

    /// The sandbox's test controls.
    pub fn control(&self) -> Control {
        Control::of(&self.sandbox)
    }

    pub async fn fault(&self, fault: Value) {
        self.control().fault(fault).await;
    }

    pub async fn set_key_state(&self, key: &str, state: &str) {
        self.control().set_key_state(key, state).await;
    }

    /// API requests the sandbox saw for `path` (oldest first).
    pub async fn requests_to(&self, method: &str, path: &str) -> Vec<Value> {
        self.control().requests_where(method, |p| p == path).await
    }

    /// Submits the session as the modal would, with one of Stripe's test outcomes.
    pub async fn submit(&self, client_secret: &str, outcome: &str) {
        self.control().submit(client_secret, outcome).await;
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

//! Which Stripe the kiosk talks to, decided once at start-up.
//!
//! - A secret key in `STRIPE_SECRET_KEY`: that key, against `--api-base` (default
//!   `https://api.stripe.com`). The keyring replaces the variable in a later release.
//! - No key: sandbox mode. The sandbox starts in-process on an ephemeral loopback port with a
//!   random test key, so a new install is a working (clearly marked) demo kiosk.

use std::net::{Ipv4Addr, SocketAddr};

use stripe_identity::{Client, ClientConfig, Mode, SecretKey};

use crate::error::AppError;

/// How the kiosk reaches Stripe.
#[derive(Debug)]
pub struct Backend {
    client: Client,
    /// Kept alive for as long as the kiosk runs; `None` against a real API base.
    sandbox: Option<identity_sandbox::RunningSandbox>,
}

/// The mode shown to staff and customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KioskMode {
    /// The embedded sandbox: nothing is verified for real.
    Sandbox,
    /// A Stripe test key.
    Test,
    /// A Stripe live key: real verifications, billed.
    Live,
}

impl Backend {
    /// Uses `key` against `api_base` (default Stripe's).
    pub fn with_key(key: SecretKey, api_base: Option<String>) -> Result<Self, AppError> {
        let config = ClientConfig {
            api_base: api_base.unwrap_or_else(|| stripe_identity::DEFAULT_API_BASE.to_owned()),
            ..ClientConfig::default()
        };
        Ok(Self {
            client: Client::new(key, config)?,
            sandbox: None,
        })
    }

    /// Starts the embedded sandbox and a client for it. Must run inside a tokio runtime.
    pub async fn start_sandbox() -> Result<Self, AppError> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        let running = identity_sandbox::start(addr, identity_sandbox::SandboxConfig::from_env())
            .await
            .map_err(|e| AppError::Sandbox(e.to_string()))?;
        let key = SecretKey::parse(&sandbox_key())?;
        let config = ClientConfig {
            api_base: running.base_url(),
            ..ClientConfig::default()
        };
        Ok(Self {
            client: Client::new(key, config)?,
            sandbox: Some(running),
        })
    }

    /// The Stripe client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Sandbox, test or live.
    pub fn mode(&self) -> KioskMode {
        match (&self.sandbox, self.client.key().mode()) {
            (Some(_), _) => KioskMode::Sandbox,
            (None, Mode::Test) => KioskMode::Test,
            (None, Mode::Live) => KioskMode::Live,
        }
    }

    /// The embedded sandbox's base URL, in sandbox mode.
    pub fn sandbox_url(&self) -> Option<String> {
        self.sandbox
            .as_ref()
            .map(identity_sandbox::RunningSandbox::base_url)
    }
}

/// A random, well-formed test key for the embedded sandbox (which accepts any test key).
fn sandbox_key() -> String {
    use rand::distr::{Alphanumeric, SampleString};
    format!(
        "sk_test_sandbox{}",
        Alphanumeric.sample_string(&mut rand::rng(), 24)
    )
}

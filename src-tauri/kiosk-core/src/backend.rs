//! Which Stripe the kiosk talks to, decided once at start-up.
//!
//! - Keys from the OS keyring (set by `secret set --stdin` or the staff panel), used against
//!   `https://api.stripe.com` with Stripe.js from `https://js.stripe.com/v3/`.
//! - A `testing` build also obeys the developer switches ([`crate::switches`]):
//!   `STRIPE_SECRET_KEY` / `STRIPE_PUBLISHABLE_KEY` win over the keyring ([`choose_keys`]), and
//!   `IDENTITY_KIOSK_API_BASE` / `IDENTITY_KIOSK_STRIPE_JS_URL` point it elsewhere: how tests
//!   point the kiosk at a standalone sandbox that outlives the app. A shipped build reads none
//!   of them; its command-line tools take `--api-base` for a loopback sandbox and a test key
//!   only ([`check_api_base`]).
//! - No key (or the `kiosk.sandbox` setting): sandbox mode. The sandbox starts in-process on an
//!   ephemeral loopback port with a random test key, so a new install is a working, clearly
//!   marked demo kiosk.

use std::net::{Ipv4Addr, SocketAddr};

use stripe_identity::{Client, ClientConfig, Mode, SecretKey};

use crate::error::KioskError;
use crate::keys::{KeyError, StripeKeys};
use crate::keys::{KeystoreError, SecretStore};

/// Stripe.js, as Stripe requires it to be loaded.
pub const STRIPE_JS_URL: &str = "https://js.stripe.com/v3/";

/// How the kiosk reaches Stripe.
#[derive(Debug)]
pub struct Backend {
    client: Client,
    publishable_key: Option<String>,
    stripe_js_url: String,
    /// Kept alive for as long as the kiosk runs; `None` against a real API base.
    sandbox: Option<identity_sandbox::RunningSandbox>,
}

/// The mode shown to staff and customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KioskMode {
    /// The embedded sandbox: nothing is verified for real.
    Sandbox,
    /// A Stripe test key (real Stripe test mode, or a standalone sandbox).
    Test,
    /// A Stripe live key: real verifications, billed.
    Live,
}

/// What the environment says, read in one place so tests can build it by hand.
#[derive(Clone, Default)]
pub struct BackendEnv {
    pub secret_key: Option<String>,
    pub publishable_key: Option<String>,
    pub api_base: Option<String>,
    pub stripe_js_url: Option<String>,
}

/// The secret key is never printed: only whether one is set.
impl std::fmt::Debug for BackendEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackendEnv")
            .field(
                "secret_key",
                &self.secret_key.as_ref().map(|_| "<redacted>"),
            )
            .field("publishable_key", &self.publishable_key)
            .field("api_base", &self.api_base)
            .field("stripe_js_url", &self.stripe_js_url)
            .finish()
    }
}

impl BackendEnv {
    /// Reads `STRIPE_SECRET_KEY`, `STRIPE_PUBLISHABLE_KEY`, `IDENTITY_KIOSK_STRIPE_JS_URL`
    /// (a `testing` build only: none of them in a shipped one); `api_base` comes from the
    /// command line, or else `IDENTITY_KIOSK_API_BASE` (the same).
    pub fn from_env(api_base: Option<String>) -> Self {
        let var = crate::switches::env;
        let api_base = api_base.or_else(|| var("IDENTITY_KIOSK_API_BASE"));
        Self {
            secret_key: var("STRIPE_SECRET_KEY"),
            publishable_key: var("STRIPE_PUBLISHABLE_KEY"),
            api_base,
            stripe_js_url: var("IDENTITY_KIOSK_STRIPE_JS_URL"),
        }
    }
}

/// Where the kiosk's keys came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// `STRIPE_SECRET_KEY` (development and tests).
    Environment,
    /// The OS keyring.
    Keyring,
    /// No key: sandbox mode.
    None,
}

/// The outcome of [`choose_keys`].
#[derive(Debug)]
pub struct KeyChoice {
    pub keys: Option<StripeKeys>,
    pub source: KeySource,
    /// Why the keyring could not be read (the kiosk then runs in sandbox mode and the staff
    /// panel says why).
    pub keyring_problem: Option<KeyError>,
}

/// The environment's key if there is one (a bad one is an error: a developer asked for it);
/// otherwise the keyring's. A keyring that cannot be read, or holds a key that no longer
/// parses, is reported and leaves the kiosk without keys, never stuck.
pub fn choose_keys(
    env: &BackendEnv,
    keyring: Result<&dyn SecretStore, &KeystoreError>,
) -> Result<KeyChoice, KeyError> {
    if let Some(raw) = &env.secret_key {
        return Ok(KeyChoice {
            keys: Some(StripeKeys::parse(raw, env.publishable_key.as_deref())?),
            source: KeySource::Environment,
            keyring_problem: None,
        });
    }
    let loaded = keyring
        .map_err(|e| KeyError::Keystore(e.clone()))
        .and_then(StripeKeys::load);
    Ok(match loaded {
        Ok(Some(keys)) => KeyChoice {
            keys: Some(keys),
            source: KeySource::Keyring,
            keyring_problem: None,
        },
        Ok(None) => KeyChoice {
            keys: None,
            source: KeySource::None,
            keyring_problem: None,
        },
        Err(e) => KeyChoice {
            keys: None,
            source: KeySource::None,
            keyring_problem: Some(e),
        },
    })
}

impl Backend {
    /// A key in the environment selects that Stripe; no key selects the embedded sandbox.
    /// Must run inside a tokio runtime (the sandbox serves on it).
    pub async fn start(env: BackendEnv) -> Result<Self, KioskError> {
        match &env.secret_key {
            Some(raw) => Self::with_key(SecretKey::parse(raw)?, env),
            None => Self::start_sandbox().await,
        }
    }

    /// `keys` against the API base and Stripe.js of `env` (its own key fields are ignored).
    pub fn with_keys(keys: &StripeKeys, env: &BackendEnv) -> Result<Self, KioskError> {
        let env = BackendEnv {
            secret_key: None,
            publishable_key: keys.publishable.clone(),
            ..env.clone()
        };
        Self::with_key(keys.secret.clone(), env)
    }

    /// Uses `key` against `env.api_base` (default Stripe's).
    pub fn with_key(key: SecretKey, env: BackendEnv) -> Result<Self, KioskError> {
        let publishable_key = env.publishable_key.map(|pk| pk.trim().to_owned());
        if let Some(pk) = &publishable_key {
            check_publishable_key(pk, key.mode())?;
        }
        let api_base = env
            .api_base
            .unwrap_or_else(|| stripe_identity::DEFAULT_API_BASE.to_owned());
        crate::keys::check_api_base(crate::switches::OBEYED, &api_base, key.mode())?;
        let config = ClientConfig {
            api_base,
            ..ClientConfig::default()
        };
        // A bad API base is a local setting, not something Stripe refused.
        let client = Client::new(key, config).map_err(|e| KioskError::Config {
            name: "IDENTITY_KIOSK_API_BASE",
            reason: e.to_string(),
        })?;
        Ok(Self {
            client,
            publishable_key,
            stripe_js_url: env
                .stripe_js_url
                .unwrap_or_else(|| STRIPE_JS_URL.to_owned()),
            sandbox: None,
        })
    }

    /// Starts the embedded sandbox and a client for it.
    pub async fn start_sandbox() -> Result<Self, KioskError> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        // Its response record (IDENTITY_SANDBOX_RECORD) is a test's switch (crate::switches).
        let config = if crate::switches::OBEYED {
            identity_sandbox::SandboxConfig::from_env()
        } else {
            identity_sandbox::SandboxConfig::default()
        };
        let running = identity_sandbox::start(addr, config)
            .await
            .map_err(|e| KioskError::Sandbox(e.to_string()))?;
        let key = SecretKey::parse(&random_key("sk_test_sandbox"))?;
        let config = ClientConfig {
            api_base: running.base_url(),
            ..ClientConfig::default()
        };
        Ok(Self {
            client: Client::new(key, config)?,
            publishable_key: Some(random_key("pk_test_sandbox")),
            stripe_js_url: format!("{}/v3/", running.base_url()),
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

    /// The publishable key for Stripe.js (not a secret). Without one only the hosted flow works.
    pub fn publishable_key(&self) -> Option<&str> {
        self.publishable_key.as_deref()
    }

    /// Mode and masks of the keys in use (for the embedded sandbox, its random test key).
    pub fn key_status(&self) -> crate::keys::KeyStatus {
        let key = self.client.key();
        crate::keys::KeyStatus {
            mode: key.mode().as_str(),
            secret_key: key.masked(),
            restricted: key.is_restricted(),
            publishable_key: self.publishable_key.clone(),
        }
    }

    /// The API base this backend calls.
    pub fn api_base(&self) -> &str {
        self.client.api_base()
    }

    /// Where the page loads Stripe.js from.
    pub fn stripe_js_url(&self) -> &str {
        &self.stripe_js_url
    }
}

/// A publishable key must be one, and of the same mode as the secret key (Stripe.js refuses a
/// session of the other mode).
fn check_publishable_key(pk: &str, mode: Mode) -> Result<(), KioskError> {
    let pk_mode = if pk.starts_with("pk_live_") {
        Mode::Live
    } else if pk.starts_with("pk_test_") {
        Mode::Test
    } else {
        return Err(KioskError::Config {
            name: "STRIPE_PUBLISHABLE_KEY",
            reason: "a publishable key starts with pk_test_ or pk_live_".into(),
        });
    };
    if pk_mode != mode {
        return Err(KioskError::Config {
            name: "STRIPE_PUBLISHABLE_KEY",
            reason: format!(
                "the publishable key is a {} key but the secret key is a {} key; use keys of the same mode",
                pk_mode.as_str(),
                mode.as_str()
            ),
        });
    }
    Ok(())
}

/// A random, well-formed key for the embedded sandbox (which accepts any test key).
fn random_key(prefix: &str) -> String {
    use rand::distr::{Alphanumeric, SampleString};
    format!(
        "{prefix}{}",
        Alphanumeric.sample_string(&mut rand::rng(), 24)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_secret_key() {
        let env = BackendEnv {
            secret_key: Some("sk_test_FAKE_abcdefgh1234".into()),
            ..BackendEnv::default()
        };
        let printed = format!("{env:?}");
        assert!(!printed.contains("FAKE_abcdefgh1234"), "{printed}");
        assert!(printed.contains("<redacted>"), "{printed}");
    }

    #[test]
    fn publishable_key_must_match_the_secret_key_mode() {
        let env = |pk: &str| BackendEnv {
            publishable_key: Some(pk.into()),
            api_base: Some("http://127.0.0.1:9".into()),
            ..BackendEnv::default()
        };
        let test_key = || SecretKey::parse("sk_test_abcdefghijkl").unwrap();
        assert!(Backend::with_key(test_key(), env("pk_test_abc")).is_ok());
        let err = Backend::with_key(test_key(), env("pk_live_abc")).unwrap_err();
        assert!(err.to_string().contains("same mode"), "{err}");
        assert!(Backend::with_key(test_key(), env("sk_test_oops")).is_err());
    }
}

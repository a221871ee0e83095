//! Which Stripe the kiosk talks to, and the keyring it comes from.
//!
//! [`Connection`] owns the backend in use (replaced when staff set or remove a key, or when a
//! keyring that could not be read at start is readable again), the keyring's handle and
//! state, and whether the window must restart for another Content Security Policy.
//!
//! Lock story: every field is behind its own short `std` lock or an atomic, each replaced
//! whole, never held across `.await` (the keyring is read on a blocking thread with no lock
//! held). It may not touch the customer's verification or the staff gate: the [`Kiosk`]
//! switches the engine's source and resumes sessions around what this module decides.
//!
//! [`Kiosk`]: super::Kiosk

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use tokio::time::Instant;

use super::views::{ConnectionView, KeyringView};
use super::{lock, read, write};
use crate::backend::{Backend, BackendEnv, KeySource, KioskMode};
use crate::health::Health;
use crate::keys::{KeyStatus, StripeKeys};
use crate::keys::{KeystoreError, SecretStore};
use crate::web::origins::extra_origin;

/// Between tries of a keyring that could not be read: each try may put an unlock prompt on a
/// desktop that has one, so not every few seconds.
pub const KEYRING_RETRY: Duration = Duration::from_secs(30);

/// The backend and the keyring's state.
#[derive(Debug)]
pub struct Connection {
    env: BackendEnv,
    backend: RwLock<Arc<Backend>>,
    /// Backends replaced at runtime stay alive: background follow-ups of their sessions (and
    /// an embedded sandbox's server) still need them.
    retired: Mutex<Vec<Arc<Backend>>>,
    /// Replaced when a keyring that could not be read is opened afresh (a call left waiting
    /// for an unlock prompt can hold the old connection).
    keyring: RwLock<Result<Arc<dyn SecretStore>, KeystoreError>>,
    source: Mutex<KeySource>,
    keyring_problem: Mutex<Option<(&'static str, String)>>,
    /// Keys were stored but the keyring could not be read at start: customers are told
    /// verification is not available, and the keyring is tried again (see `provisioned`).
    awaiting_keyring: AtomicBool,
    /// A Stripe key is, or may be, in the keyring: set at start, by storing or removing a key,
    /// and by reading the keyring again.
    keys_stored: AtomicBool,
    /// The mode of the keys out of reach (what the page is told instead of "sandbox").
    stored_mode: Option<String>,
    last_keyring_try: Mutex<Option<Instant>>,
    /// The keyring came back with a key that needs another CSP: the shell restarts the app
    /// once no customer is mid-flow.
    restart_pending: AtomicBool,
    /// Origins besides Stripe's that the page's CSP allows, fixed at start.
    csp_origins: Vec<String>,
}

/// What reading the keyring again found.
#[derive(Debug)]
pub enum KeyringRead {
    /// Not now (tried less than [`KEYRING_RETRY`] ago), or still unreadable.
    Waiting,
    /// Readable, and it holds no key.
    Empty,
    /// Its keys, ready to use.
    Keys(Box<Backend>),
}

/// How the kiosk found its connection at start.
#[derive(Debug)]
pub struct Initial {
    pub env: BackendEnv,
    pub backend: Backend,
    pub keyring: Result<Arc<dyn SecretStore>, KeystoreError>,
    pub source: KeySource,
    /// Why the stored key cannot be used yet: its error's code and English.
    pub keyring_problem: Option<(&'static str, String)>,
    pub awaiting_keyring: bool,
    /// IT's key is, or may be, in the keyring (whatever backend runs).
    pub keys_stored: bool,
    pub stored_mode: Option<String>,
}

impl Connection {
    pub fn new(initial: Initial) -> Self {
        let csp_origins = [
            extra_origin(initial.backend.stripe_js_url()),
            initial.env.stripe_js_url.as_deref().and_then(extra_origin),
        ]
        .into_iter()
        .flatten()
        .fold(Vec::new(), |mut v, o| {
            if !v.contains(&o) {
                v.push(o);
            }
            v
        });
        Self {
            env: initial.env,
            backend: RwLock::new(Arc::new(initial.backend)),
            retired: Mutex::new(Vec::new()),
            keyring: RwLock::new(initial.keyring),
            source: Mutex::new(initial.source),
            keyring_problem: Mutex::new(initial.keyring_problem),
            awaiting_keyring: AtomicBool::new(initial.awaiting_keyring),
            keys_stored: AtomicBool::new(initial.keys_stored),
            stored_mode: initial.stored_mode,
            last_keyring_try: Mutex::new(Some(Instant::now())),
            restart_pending: AtomicBool::new(false),
            csp_origins,
        }
    }

    pub fn env(&self) -> &BackendEnv {
        &self.env
    }

    /// The backend in use now.
    pub fn backend(&self) -> Arc<Backend> {
        read(&self.backend).clone()
    }

    /// The origins (besides Stripe's) the page's CSP and navigation allow-list admit.
    pub fn csp_origins(&self) -> &[String] {
        &self.csp_origins
    }

    /// The OS keyring, or why it cannot be used.
    pub fn keyring(&self) -> Result<Arc<dyn SecretStore>, KeystoreError> {
        read(&self.keyring).clone()
    }

    /// Whether a Stripe key is stored on this kiosk: in use from the keyring, or known to be
    /// there while the keyring is out of reach. (A `testing` build's key from the environment
    /// is not stored.) Such a kiosk's staff PIN is IT's to set.
    pub fn keys_stored(&self) -> bool {
        // (Awaiting the keyring implies it: that needs the note, which set this at start.)
        self.keys_stored.load(Ordering::SeqCst)
    }

    /// A key was stored in, or removed from, the keyring.
    pub fn set_keys_stored(&self, stored: bool) {
        self.keys_stored.store(stored, Ordering::SeqCst);
    }

    /// Whether the stored key is out of reach (customers cannot start).
    pub fn awaiting_keyring(&self) -> bool {
        self.awaiting_keyring.load(Ordering::SeqCst)
    }

    /// The mode the page is told: the stored keys' mode while they are out of reach (the
    /// stand-in sandbox is not what this kiosk is for), else the backend's.
    pub fn customer_mode(&self) -> KioskMode {
        match (self.awaiting_keyring(), self.stored_mode.as_deref()) {
            (true, Some("live")) => KioskMode::Live,
            (true, _) => KioskMode::Test,
            (false, _) => self.backend().mode(),
        }
    }

    /// Asks the shell to restart once no customer is mid-flow.
    pub fn request_restart(&self) {
        self.restart_pending.store(true, Ordering::SeqCst);
    }

    /// Whether a restart was asked for; reading it clears it.
    pub fn take_restart_request(&self) -> bool {
        self.restart_pending.swap(false, Ordering::SeqCst)
    }

    /// The keyring is usable (again): no problem to report, nothing to wait for.
    pub fn keyring_ok(&self) {
        *lock(&self.keyring_problem) = None;
        self.awaiting_keyring.store(false, Ordering::SeqCst);
    }

    /// Uses `backend` from now on (the engine was switched to it already).
    pub fn install(&self, backend: Backend, source: KeySource) {
        let old = std::mem::replace(&mut *write(&self.backend), Arc::new(backend));
        lock(&self.retired).push(old);
        *lock(&self.source) = source;
    }

    /// Whether `backend` needs another CSP than the page was started with: its Stripe.js
    /// origin is not allowed yet, or it is live while the policy still admits a sandbox.
    pub fn csp_change_needed(&self, backend: &Backend) -> bool {
        let missing =
            extra_origin(backend.stripe_js_url()).is_some_and(|o| !self.csp_origins.contains(&o));
        let live_with_extra = backend.mode() == KioskMode::Live
            && self.env.stripe_js_url.is_none()
            && !self.csp_origins.is_empty();
        missing || live_with_extra
    }

    /// Reads the keyring again, at most every [`KEYRING_RETRY`] unless `now`, through a fresh
    /// connection (the last try may still be waiting for an unlock prompt).
    pub async fn read_keyring(&self, now: bool) -> KeyringRead {
        {
            let mut last = lock(&self.last_keyring_try);
            if !now && last.is_some_and(|t| t.elapsed() < KEYRING_RETRY) {
                return KeyringRead::Waiting;
            }
            *last = Some(Instant::now());
        }
        let current = self.keyring();
        let fresh = tokio::task::spawn_blocking(move || match current {
            Ok(old) => Some(old.reopen().unwrap_or(old)),
            Err(_) => crate::keys::Keyring::native()
                .ok()
                .map(|k| Arc::new(k) as Arc<dyn SecretStore>),
        })
        .await;
        let Ok(Some(store)) = fresh else {
            return KeyringRead::Waiting;
        };
        *write(&self.keyring) = Ok(store.clone());
        let loaded = tokio::task::spawn_blocking(move || StripeKeys::load(store.as_ref())).await;
        let keys = match loaded {
            Ok(Ok(Some(keys))) => keys,
            Ok(Ok(None)) => {
                self.set_keys_stored(false);
                return KeyringRead::Empty;
            }
            Ok(Err(e)) => {
                tracing::debug!(code = e.code(), "the keyring still cannot be read");
                *lock(&self.keyring_problem) = Some((e.code(), e.to_string()));
                return KeyringRead::Waiting;
            }
            Err(e) => {
                tracing::warn!(error = %e, "keyring read did not finish");
                return KeyringRead::Waiting;
            }
        };
        self.set_keys_stored(true);
        match Backend::with_keys(&keys, &self.env) {
            Ok(b) => KeyringRead::Keys(Box::new(b)),
            Err(e) => {
                tracing::error!(code = e.code(), error = %e, "the key in the keyring cannot be used");
                *lock(&self.keyring_problem) = Some((e.code(), e.to_string()));
                KeyringRead::Waiting
            }
        }
    }

    /// The connection as staff see it: never more than a mask of the key.
    pub fn view(&self, health: &Health, restart_required: bool) -> ConnectionView {
        let backend = self.backend();
        let source = *lock(&self.source);
        let status: Option<KeyStatus> = match source {
            KeySource::None => None,
            _ => Some(backend.key_status()),
        };
        let keyring = match self.keyring() {
            Err(e) => KeyringView {
                ok: false,
                code: Some(e.code()),
                message: Some(e.to_string()),
            },
            Ok(_) => {
                let problem = lock(&self.keyring_problem).clone();
                KeyringView {
                    ok: problem.is_none(),
                    code: problem.as_ref().map(|(code, _)| *code),
                    message: problem.map(|(_, text)| text),
                }
            }
        };
        ConnectionView {
            mode: backend.mode(),
            source,
            secret_key: status.as_ref().map(|s| s.secret_key.clone()),
            publishable_key: status.and_then(|s| s.publishable_key),
            keyring,
            reachability: health.current(),
            camera: health.camera(),
            restart_required,
        }
    }
}

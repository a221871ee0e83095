//! The whole kiosk without a window, as the Tauri shell holds it in its state.
//!
//! Three concerns, each in its own place with its own lock story:
//! - [`connection`]: which Stripe it talks to and the keyring's state ([`Connection`]: short
//!   `std` locks and atomics, never held across `.await`);
//! - [`customer`]: the customer's flow (the engine's [`Verifier`], whose one Tokio lock is held
//!   across the calls to Stripe, plus what those calls teach [`Health`]); the keyring gate;
//! - [`panel`]: the staff panel's operations, each through the staff gate first (the
//!   settings' `std` lock, never held across `.await`).
//!
//! [`staff_pin`] holds the PIN operations of the panel's lock screen, [`views`] what the panel is
//! shown. This module starts the kiosk and owns the
//! switches that span concerns (a new key changes the engine's source and the connection).

mod connection;
mod customer;
mod panel;
mod staff_pin;
mod views;

use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

pub use connection::KEYRING_RETRY;
pub use panel::Clipboard;
pub use views::{
    ConnectionCheck, ConnectionStatus, ConnectionView, Export, KeyringView, Overview, PageInfo,
    PathsView, ProblemView, ReferenceInfo, SettingsUpdate,
};

use crate::backend::{choose_keys, Backend, BackendEnv, KeySource, KioskMode};
use crate::engine::{StripeSource, Verifier};
use crate::error::KioskError;
use crate::health::Health;
use crate::journal::Journal;
use crate::keys::{KeyError, KeystoreError, SecretStore};
use crate::paths::AppPaths;
use crate::pin::PinStore;
use crate::settings::LoadedSettings;
use crate::staff::StaffGate;
use crate::updates::{self, UpdateError, Updates};
use connection::{Connection, Initial, KeyringRead};

/// What the kiosk starts from.
#[derive(Debug)]
pub struct StartOptions {
    pub env: BackendEnv,
    pub settings: LoadedSettings,
    pub paths: AppPaths,
    /// The OS keyring, or why it cannot be used.
    pub keyring: Result<Arc<dyn SecretStore>, KeystoreError>,
}

/// The running kiosk.
#[derive(Debug)]
pub struct Kiosk {
    connection: Connection,
    verifier: Verifier,
    health: Health,
    settings: Mutex<LoadedSettings>,
    staff: StaffGate,
    journal: Option<Arc<Journal>>,
    journal_problem: Option<ProblemView>,
    paths: AppPaths,
    updates: Updates,
}

impl Kiosk {
    /// Chooses the keys (environment override, else keyring), starts the backend (the
    /// embedded sandbox without keys or with `kiosk.sandbox`), and opens the journal. Only a
    /// bad key in the environment or a sandbox that cannot start is fatal; everything else is
    /// reported in the staff panel while the kiosk runs in sandbox mode.
    pub async fn start(opts: StartOptions) -> Result<Self, KioskError> {
        let choice = choose_keys(&opts.env, opts.keyring.as_deref()).map_err(KioskError::Key)?;
        let settings = &opts.settings.settings;
        let backend = match (&choice.keys, settings.sandbox) {
            (Some(keys), false) => Backend::with_keys(keys, &opts.env)?,
            _ => Backend::start_sandbox().await?,
        };
        let source = if settings.sandbox {
            KeySource::None
        } else {
            choice.source
        };
        let stored_mode = crate::provisioned::stored_mode(&opts.paths);
        let awaiting_keyring = choice.keys.is_none()
            && choice.keyring_problem.is_some()
            && stored_mode.is_some()
            && !settings.sandbox;
        // Whether IT's key is, or may be, in the keyring, whichever backend runs now (the
        // `kiosk.sandbox` setting runs the sandbox beside a stored key). A keyring that is there
        // but cannot be read counts as holding one: the note may have gone with a wiped data
        // folder. Such a kiosk's staff PIN is IT's to set (see `staff_pin`).
        let keys_stored = choice.source == KeySource::Keyring
            || (choice.keyring_problem.is_some() && stored_mode.is_some())
            || matches!(
                &choice.keyring_problem,
                Some(KeyError::Keystore(
                    KeystoreError::Locked { .. }
                        | KeystoreError::Failed(_)
                        | KeystoreError::Corrupt(_)
                ))
            );
        let (journal, journal_problem) = match Journal::open(&opts.paths.journal()) {
            Ok(j) => (Some(Arc::new(j)), None),
            Err(e) => {
                tracing::error!(code = e.code(), error = %e, "the journal cannot be opened");
                (
                    None,
                    Some(ProblemView::Journal {
                        code: e.code(),
                        text: e.to_string(),
                    }),
                )
            }
        };
        let mut verifier = Verifier::new(
            StripeSource::new(backend.client().clone()),
            settings.clone(),
        );
        if let Some(j) = &journal {
            verifier = verifier.with_journal(j.clone());
        }
        match &choice.keyring_problem {
            Some(problem) if awaiting_keyring => {
                tracing::error!(code = problem.code(), error = %problem,
                "the Stripe key stored in the keyring cannot be read; verification is not available until it can")
            }
            Some(problem) => {
                tracing::warn!(code = problem.code(), error = %problem, "no key from the keyring; sandbox mode")
            }
            None => {}
        }
        let staff = StaffGate::new(PinStore::new(opts.paths.pin()), settings.staff_timeout);
        let kiosk = Self {
            connection: Connection::new(Initial {
                env: opts.env,
                backend,
                keyring: opts.keyring,
                source,
                keyring_problem: choice.keyring_problem.map(|e| (e.code(), e.to_string())),
                awaiting_keyring,
                keys_stored,
                stored_mode,
            }),
            verifier,
            health: Health::new(),
            settings: Mutex::new(opts.settings),
            staff,
            journal,
            journal_problem,
            paths: opts.paths,
            updates: Updates::default(),
        };
        // Sessions a crash or power cut left open are settled now, so none is forgotten.
        // (Those of another account, or of an earlier embedded sandbox, cannot be found and
        // are logged; they stay listed for staff.) With the key out of reach, they wait for it.
        if !awaiting_keyring {
            kiosk.resume_unfinished();
        }
        kiosk.prune_exports();
        Ok(kiosk)
    }

    /// The customer's verification.
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// The staff panel's gate.
    pub fn staff(&self) -> &StaffGate {
        &self.staff
    }

    /// The backend in use now.
    pub fn backend(&self) -> Arc<Backend> {
        self.connection.backend()
    }

    /// The origins (besides Stripe's) the page's CSP and navigation allow-list must admit.
    pub fn csp_origins(&self) -> &[String] {
        self.connection.csp_origins()
    }

    /// The journal, when it could be opened.
    pub fn journal(&self) -> Option<&Arc<Journal>> {
        self.journal.as_ref()
    }

    /// What is known about reaching Stripe and about the camera (no network).
    pub fn health(&self) -> &Health {
        &self.health
    }

    /// The kiosk's folders.
    pub fn paths(&self) -> &AppPaths {
        &self.paths
    }

    /// The settings as loaded, with their sources and problems.
    pub fn loaded_settings(&self) -> LoadedSettings {
        lock(&self.settings).clone()
    }

    /// What the kiosk knows about updates.
    pub fn updates(&self) -> &Updates {
        &self.updates
    }

    /// Where to look for updates, if the settings allow looking now.
    pub fn update_endpoint(&self) -> Result<url::Url, UpdateError> {
        updates::endpoint(&lock(&self.settings).settings)
    }

    /// Whether the stored key is out of reach (customers cannot start).
    pub fn awaiting_keyring(&self) -> bool {
        self.connection.awaiting_keyring()
    }

    /// The mode the page is told (see [`Connection::customer_mode`]).
    pub fn customer_mode(&self) -> KioskMode {
        self.connection.customer_mode()
    }

    /// Whether the app must restart (once no customer is mid-flow) to use keys that came back;
    /// reading it clears it.
    pub fn take_restart_request(&self) -> bool {
        self.connection.take_restart_request()
    }

    /// Reads the keyring again now, if the kiosk waits for it (staff checking the connection
    /// after unlocking it need not wait for the next try); true once it no longer waits.
    pub async fn retry_keyring_now(&self) -> bool {
        !self.awaiting_keyring() || self.try_keyring_again(true).await
    }

    /// Reads the keyring again (at most every [`KEYRING_RETRY`] unless `now`), and switches to
    /// its key; true once the kiosk no longer waits for it.
    async fn try_keyring_again(&self, now: bool) -> bool {
        let backend = match self.connection.read_keyring(now).await {
            KeyringRead::Waiting => return false,
            KeyringRead::Empty => {
                // Readable, and nothing there: the note was stale. A kiosk without keys is a
                // sandbox kiosk, as at a first start.
                tracing::warn!("the keyring is readable again but holds no key; sandbox mode");
                crate::provisioned::clear(&self.paths);
                self.connection.keyring_ok();
                self.resume_unfinished();
                return true;
            }
            KeyringRead::Keys(backend) => *backend,
        };
        let restart = self.connection.csp_change_needed(&backend);
        if let Err(e) = self.switch_to(backend, KeySource::Keyring).await {
            tracing::warn!(code = e.code(), "cannot switch to the keyring's key yet");
            return false;
        }
        self.connection.keyring_ok();
        tracing::info!(
            restart,
            "the keyring can be read again; the kiosk uses its key"
        );
        if restart {
            self.connection.request_restart();
        } else {
            self.resume_unfinished();
        }
        true
    }

    /// Switches the engine, then the connection, to `backend` (refused while a customer is
    /// mid-flow: their session belongs to the old one).
    async fn switch_to(&self, backend: Backend, source: KeySource) -> Result<(), KioskError> {
        self.verifier
            .set_source(StripeSource::new(backend.client().clone()))
            .await?;
        self.connection.install(backend, source);
        Ok(())
    }

    /// Settles in the background the sessions the journal shows unfinished.
    fn resume_unfinished(&self) {
        let Some(j) = &self.journal else { return };
        self.verifier.recover_lost_creates();
        match j.unfinished() {
            Ok(open) if !open.is_empty() => {
                self.verifier
                    .resume(open.into_iter().map(|e| e.session_id).collect());
            }
            Ok(_) => {}
            Err(e) => {
                tracing::error!(code = e.code(), error = %e, "cannot read unfinished sessions")
            }
        }
    }
}

/// Runs blocking work (Argon2, a keyring call that may wait for an unlock prompt, SQLite, a
/// file write) on Tokio's blocking pool: off the window's main thread, and off the async
/// workers (on a two-core kiosk one held worker is half the customer flow's). A panic in it is
/// [`KioskError::Interrupted`]. The staff operations here and the shell's commands use it.
pub async fn off_worker<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, KioskError> + Send + 'static,
) -> Result<T, KioskError> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or(Err(KioskError::Interrupted))
}

// Poisoned locks still hold consistent values here (each is replaced whole), so recover them.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
fn read<T>(m: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(PoisonError::into_inner)
}
fn write<T>(m: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(PoisonError::into_inner)
}

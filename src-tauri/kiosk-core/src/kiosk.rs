//! The whole kiosk without a window: which Stripe it talks to (and switching it when staff set
//! or remove a key), its settings, the staff gate, the journal, and what the staff panel does.
//! The Tauri shell holds one [`Kiosk`] in its state and forwards commands to it.
//!
//! Every staff operation passes the staff gate first ([`StaffGate::touch`]), here rather than
//! in the shell, so no command can forget it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::backend::{choose_keys, Backend, BackendEnv, KeySource, KioskMode};
use crate::engine::{StripeSource, Verifier};
use crate::error::KioskError;
use crate::health::{Health, Reachability};
use crate::journal::{Journal, JournalEntry};
use crate::keys::{KeyError, KeyStatus, StripeKeys};
use crate::keystore::{KeystoreError, SecretStore};
use crate::paths::AppPaths;
use crate::pin::PinStore;
use crate::settings::{LoadedSettings, SettingView};
use crate::staff::StaffGate;
use crate::unix_time::now as unix_now;
use crate::updates::{self, Release, UpdateError, Updates, UpdatesView};

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
    env: BackendEnv,
    backend: RwLock<Arc<Backend>>,
    /// Backends replaced at runtime stay alive: background follow-ups of their sessions (and
    /// an embedded sandbox's server) still need them.
    retired: Mutex<Vec<Arc<Backend>>>,
    verifier: Verifier,
    settings: Mutex<LoadedSettings>,
    staff: StaffGate,
    journal: Option<Arc<Journal>>,
    journal_problem: Option<String>,
    /// Replaced when a keyring that could not be read is opened afresh (a call left waiting
    /// for an unlock prompt can hold the old connection).
    keyring: RwLock<Result<Arc<dyn SecretStore>, KeystoreError>>,
    key_source: Mutex<KeySource>,
    keyring_problem: Mutex<Option<String>>,
    paths: AppPaths,
    /// Origins besides Stripe's that the page's CSP allows, fixed at start.
    csp_origins: Vec<String>,
    health: Health,
    /// Keys were stored but the keyring could not be read at start: customers are told
    /// verification is not available, and the keyring is tried again (see `provisioned`).
    awaiting_keyring: AtomicBool,
    /// The mode of the keys out of reach (what the page is told instead of "sandbox").
    stored_mode: Option<String>,
    last_keyring_try: Mutex<Option<Instant>>,
    /// The keyring came back with a key that needs another CSP: the shell restarts the app
    /// once no customer is mid-flow.
    restart_pending: AtomicBool,
    updates: Updates,
}

/// Between tries of a keyring that could not be read: each try may put an unlock prompt on a
/// desktop that has one, so not every few seconds.
const KEYRING_RETRY: Duration = Duration::from_secs(30);

/// The connection as staff see it: never more than a mask of the key.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ConnectionView {
    pub mode: KioskMode,
    pub source: KeySource,
    pub secret_key: Option<String>,
    pub publishable_key: Option<String>,
    pub keyring: KeyringView,
    /// Whether Stripe answers, and why not (from the background check).
    pub reachability: Reachability,
    /// The page's latest camera check.
    pub camera: Option<crate::health::CameraState>,
    /// The window must reload with another Content Security Policy for this connection: the
    /// shell restarts the app (only ever between customers).
    pub restart_required: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct KeyringView {
    pub ok: bool,
    pub message: Option<String>,
}

/// Everything the staff panel shows when it opens.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Overview {
    pub version: &'static str,
    pub mode: KioskMode,
    pub connection: ConnectionView,
    pub settings: Vec<SettingView>,
    pub problems: Vec<String>,
    pub paths: PathsView,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PathsView {
    pub config_file: PathBuf,
    pub policy_file: PathBuf,
    pub log_dir: PathBuf,
    pub journal: PathBuf,
}

/// The answer to a settings change.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SettingsUpdate {
    pub settings: Vec<SettingView>,
    pub problems: Vec<String>,
    /// Sandbox mode was switched: the app restarts to apply it.
    pub restart_required: bool,
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
        let (journal, journal_problem) = match Journal::open(&opts.paths.journal()) {
            Ok(j) => (Some(Arc::new(j)), None),
            Err(e) => {
                tracing::error!(code = e.code(), error = %e, "the journal cannot be opened");
                (None, Some(e.to_string()))
            }
        };
        let mut verifier = Verifier::new(
            StripeSource::new(backend.client().clone()),
            settings.clone(),
        );
        if let Some(j) = &journal {
            verifier = verifier.with_journal(j.clone());
        }
        // Sessions a crash or power cut left open are settled now, so none is forgotten.
        // (Those of another account, or of an earlier embedded sandbox, cannot be found and
        // are logged; they stay listed for staff.) With the key out of reach, they wait for it.
        if !awaiting_keyring {
            resume_unfinished(&verifier, journal.as_deref());
        }
        let staff = StaffGate::new(PinStore::new(opts.paths.pin()), settings.staff_timeout);
        let csp_origins = [
            extra_origin(backend.stripe_js_url()),
            opts.env.stripe_js_url.as_deref().and_then(extra_origin),
        ]
        .into_iter()
        .flatten()
        .fold(Vec::new(), |mut v, o| {
            if !v.contains(&o) {
                v.push(o);
            }
            v
        });
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
        Ok(Self {
            env: opts.env,
            backend: RwLock::new(Arc::new(backend)),
            retired: Mutex::new(Vec::new()),
            verifier,
            settings: Mutex::new(opts.settings),
            staff,
            journal,
            journal_problem,
            keyring: RwLock::new(opts.keyring),
            key_source: Mutex::new(source),
            keyring_problem: Mutex::new(choice.keyring_problem.map(|e| e.to_string())),
            paths: opts.paths,
            csp_origins,
            health: Health::new(),
            awaiting_keyring: AtomicBool::new(awaiting_keyring),
            stored_mode,
            last_keyring_try: Mutex::new(Some(Instant::now())),
            restart_pending: AtomicBool::new(false),
            updates: Updates::default(),
        })
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
        read(&self.backend).clone()
    }

    /// The origins (besides Stripe's) the page's CSP and navigation allow-list must admit.
    pub fn csp_origins(&self) -> &[String] {
        &self.csp_origins
    }

    /// The journal, when it could be opened.
    pub fn journal(&self) -> Option<&Arc<Journal>> {
        self.journal.as_ref()
    }

    /// What is known about reaching Stripe (no network).
    pub fn health(&self) -> &Health {
        &self.health
    }

    /// Asks Stripe (one cheap list call) and records the answer; the shell runs this in the
    /// background at [`Health::next_check_in`] intervals.
    pub async fn check_health(&self) -> Reachability {
        if self.awaiting_keyring() && !self.try_keyring_again().await {
            self.health.record_down("keyring_locked");
            return self.health.current();
        }
        match self.verifier.probe().await {
            Ok(()) => self.health.record_ok(),
            Err(e) => {
                tracing::debug!(error = %e, "Stripe check failed");
                self.health.record_down(e.class());
            }
        }
        self.health.current()
    }

    /// The OS keyring, or why it cannot be used.
    fn keyring(&self) -> Result<Arc<dyn SecretStore>, KeystoreError> {
        read(&self.keyring).clone()
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

    /// Whether the app must restart (once no customer is mid-flow) to use keys that came back;
    /// reading it clears it.
    pub fn take_restart_request(&self) -> bool {
        self.restart_pending.swap(false, Ordering::SeqCst)
    }

    /// Reads the keyring again now, if the kiosk waits for it (staff checking the connection
    /// after unlocking it need not wait for the next try); true once it no longer waits.
    pub async fn retry_keyring_now(&self) -> bool {
        if !self.awaiting_keyring() {
            return true;
        }
        *lock(&self.last_keyring_try) = None;
        self.try_keyring_again().await
    }

    /// Reads the keyring again (at most every 30 s); true once the kiosk no longer waits for it.
    async fn try_keyring_again(&self) -> bool {
        {
            let mut last = lock(&self.last_keyring_try);
            if last.is_some_and(|t| t.elapsed() < KEYRING_RETRY) {
                return false;
            }
            *last = Some(Instant::now());
        }
        // A fresh connection: the last try may still be waiting for an unlock prompt.
        let current = self.keyring();
        let fresh = tokio::task::spawn_blocking(move || match current {
            Ok(old) => Some(old.reopen().unwrap_or(old)),
            Err(_) => crate::keystore::Keyring::native()
                .ok()
                .map(|k| Arc::new(k) as Arc<dyn SecretStore>),
        })
        .await;
        let Ok(Some(store)) = fresh else {
            return false;
        };
        *write(&self.keyring) = Ok(store.clone());
        let loaded = tokio::task::spawn_blocking(move || StripeKeys::load(store.as_ref())).await;
        let keys = match loaded {
            Ok(Ok(Some(keys))) => keys,
            Ok(Ok(None)) => {
                // Readable, and nothing there: the note was stale. A kiosk without keys is a
                // sandbox kiosk, as at a first start.
                tracing::warn!("the keyring is readable again but holds no key; sandbox mode");
                crate::provisioned::clear(&self.paths);
                *lock(&self.keyring_problem) = None;
                self.awaiting_keyring.store(false, Ordering::SeqCst);
                resume_unfinished(&self.verifier, self.journal.as_deref());
                return true;
            }
            Ok(Err(e)) => {
                tracing::debug!(code = e.code(), "the keyring still cannot be read");
                *lock(&self.keyring_problem) = Some(e.to_string());
                return false;
            }
            Err(e) => {
                tracing::warn!(error = %e, "keyring read did not finish");
                return false;
            }
        };
        let backend = match Backend::with_keys(&keys, &self.env) {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(code = e.code(), error = %e, "the key in the keyring cannot be used");
                *lock(&self.keyring_problem) = Some(e.to_string());
                return false;
            }
        };
        let restart = self.csp_change_needed(&backend);
        if let Err(e) = self.switch_to(backend, KeySource::Keyring).await {
            tracing::warn!(code = e.code(), "cannot switch to the keyring's key yet");
            return false;
        }
        *lock(&self.keyring_problem) = None;
        self.awaiting_keyring.store(false, Ordering::SeqCst);
        tracing::info!(
            restart,
            "the keyring can be read again; the kiosk uses its key"
        );
        if restart {
            self.restart_pending.store(true, Ordering::SeqCst);
        } else {
            resume_unfinished(&self.verifier, self.journal.as_deref());
        }
        true
    }

    /// The kiosk's folders.
    pub fn paths(&self) -> &AppPaths {
        &self.paths
    }

    /// The settings as loaded, with their sources and problems.
    pub fn loaded_settings(&self) -> LoadedSettings {
        lock(&self.settings).clone()
    }

    /// What the kiosk knows about updates (the shell's background checks report here).
    pub fn updates(&self) -> &Updates {
        &self.updates
    }

    /// Where to look for updates, if the settings allow looking now.
    pub fn update_endpoint(&self) -> Result<url::Url, UpdateError> {
        updates::endpoint(&lock(&self.settings).settings)
    }

    // ----- staff operations: each passes the gate first -----

    /// What the panel shows when it opens.
    pub fn overview(&self) -> Result<Overview, KioskError> {
        self.staff.touch()?;
        let loaded = self.loaded_settings();
        let backend = self.backend();
        let mut problems: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        problems.extend(self.journal_problem.iter().cloned());
        problems.extend(self.health.journal_problem());
        Ok(Overview {
            version: env!("CARGO_PKG_VERSION"),
            mode: backend.mode(),
            connection: self.connection(false),
            settings: loaded.describe(),
            problems,
            paths: PathsView {
                config_file: loaded.paths.user_file.clone(),
                policy_file: loaded.paths.policy_file.clone(),
                log_dir: self.paths.log_dir.clone(),
                journal: self.paths.journal(),
            },
        })
    }

    fn connection(&self, restart_required: bool) -> ConnectionView {
        let backend = self.backend();
        let source = *lock(&self.key_source);
        let status: Option<KeyStatus> = match source {
            KeySource::None => None,
            _ => Some(backend.key_status()),
        };
        let keyring = match self.keyring() {
            Err(e) => KeyringView {
                ok: false,
                message: Some(e.to_string()),
            },
            Ok(_) => {
                let problem = lock(&self.keyring_problem).clone();
                KeyringView {
                    ok: problem.is_none(),
                    message: problem,
                }
            }
        };
        ConnectionView {
            mode: backend.mode(),
            source,
            secret_key: status.as_ref().map(|s| s.secret_key.clone()),
            publishable_key: status.and_then(|s| s.publishable_key),
            keyring,
            reachability: self.health.current(),
            camera: self.health.camera(),
            restart_required,
        }
    }

    /// Checks `secret` (and the publishable key) with Stripe, stores both in the keyring and
    /// switches the kiosk to them. Refused while a customer is mid-flow. Nothing is stored
    /// unless every check passed.
    pub async fn set_keys(
        &self,
        secret: &str,
        publishable: Option<&str>,
    ) -> Result<ConnectionView, KioskError> {
        self.staff.touch()?;
        if self.verifier.in_flow().await {
            return Err(KioskError::Busy);
        }
        let keys = StripeKeys::parse(secret, publishable)?;
        let api_base = self
            .env
            .api_base
            .clone()
            .unwrap_or_else(|| stripe_identity::DEFAULT_API_BASE.to_owned());
        keys.check_with_stripe(&api_base).await?;
        let store = self.keyring().map_err(KeyError::from)?;
        keys.store(store.as_ref())?;
        crate::provisioned::mark(&self.paths, keys.status().mode);
        *lock(&self.keyring_problem) = None;
        self.awaiting_keyring.store(false, Ordering::SeqCst);
        tracing::info!(mode = keys.status().mode, key = %keys.status().secret_key, "Stripe key stored in the keyring");
        let backend = Backend::with_keys(&keys, &self.env)?;
        let restart = self.csp_change_needed(&backend);
        self.switch_to(backend, KeySource::Keyring).await?;
        self.staff.touch()?;
        Ok(self.connection(restart))
    }

    /// Removes the keys from the keyring and returns the kiosk to sandbox mode.
    pub async fn remove_keys(&self) -> Result<ConnectionView, KioskError> {
        self.staff.touch()?;
        if self.verifier.in_flow().await {
            return Err(KioskError::Busy);
        }
        let store = self.keyring().map_err(KeyError::from)?;
        StripeKeys::remove(store.as_ref())?;
        crate::provisioned::clear(&self.paths);
        self.awaiting_keyring.store(false, Ordering::SeqCst);
        tracing::info!("Stripe keys removed from the keyring; sandbox mode");
        let backend = Backend::start_sandbox().await?;
        let restart = self.csp_change_needed(&backend);
        self.switch_to(backend, KeySource::None).await?;
        Ok(self.connection(restart))
    }

    async fn switch_to(&self, backend: Backend, source: KeySource) -> Result<(), KioskError> {
        self.verifier
            .set_source(StripeSource::new(backend.client().clone()))
            .await?;
        let old = std::mem::replace(&mut *write(&self.backend), Arc::new(backend));
        lock(&self.retired).push(old);
        *lock(&self.key_source) = source;
        Ok(())
    }

    /// Whether `backend` needs another CSP than the page was started with: its Stripe.js
    /// origin is not allowed yet, or it is live while the policy still admits a sandbox.
    fn csp_change_needed(&self, backend: &Backend) -> bool {
        let missing =
            extra_origin(backend.stripe_js_url()).is_some_and(|o| !self.csp_origins.contains(&o));
        let live_with_extra = backend.mode() == KioskMode::Live
            && self.env.stripe_js_url.is_none()
            && !self.csp_origins.is_empty();
        missing || live_with_extra
    }

    /// Checks Stripe with the current key (cheap, changes nothing).
    pub async fn check_connection(&self) -> Result<bool, KioskError> {
        self.staff.touch()?;
        if !self.retry_keyring_now().await {
            return Err(KioskError::KeyringPending);
        }
        self.verifier.check_connection().await
    }

    /// Validates and writes settings changes to the user file, and applies them from the
    /// next customer on.
    pub fn update_settings(
        &self,
        changes: &serde_json::Map<String, serde_json::Value>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<SettingsUpdate, KioskError> {
        self.staff.touch()?;
        let mut current = lock(&self.settings);
        let updated = current.save_user(changes, env)?;
        let restart_required = updated.settings.sandbox != current.settings.sandbox;
        self.verifier.set_settings(updated.settings.clone());
        self.staff.set_timeout(updated.settings.staff_timeout);
        tracing::info!(keys = ?changes.keys().collect::<Vec<_>>(), "settings changed by staff");
        *current = updated;
        Ok(SettingsUpdate {
            settings: current.describe(),
            problems: current.problems.iter().map(ToString::to_string).collect(),
            restart_required,
        })
    }

    /// The same checks as `identity-kiosk doctor`. (A locked keyring holds this task for up to
    /// its 10 s limit; the customer flow runs on other tasks meanwhile.)
    pub async fn diagnostics(&self) -> Result<Vec<crate::doctor::Check>, KioskError> {
        self.staff.touch()?;
        let settings = self.loaded_settings();
        let keyring = self.keyring();
        let input =
            crate::doctor::DoctorInput::new(keyring.as_deref(), &self.env, &settings, &self.paths);
        let checks = crate::doctor::run(input).await;
        self.staff.touch()?;
        Ok(checks)
    }

    /// The updates part of the panel; `current_version` is the running app's.
    pub async fn update_status(&self, current_version: &str) -> Result<UpdatesView, KioskError> {
        self.staff.touch()?;
        let in_flow = self.verifier.in_flow().await;
        let settings = self.loaded_settings().settings;
        Ok(self.updates.view(current_version, &settings, in_flow))
    }

    /// Starts a check staff asked for: returns the endpoint to check, once the settings allow
    /// it and no other check or install runs. The shell reports the outcome to [`Self::updates`].
    pub fn begin_update_check(&self) -> Result<url::Url, KioskError> {
        self.staff.touch()?;
        let endpoint = self.update_endpoint()?;
        self.updates.begin_check()?;
        Ok(endpoint)
    }

    /// Starts installing the available update: refused (`busy`) while a customer is mid-flow,
    /// and while updates are off.
    pub async fn begin_update_install(&self) -> Result<Release, KioskError> {
        self.staff.touch()?;
        self.update_endpoint()?;
        let in_flow = self.verifier.in_flow().await;
        self.updates.begin_install(in_flow)
    }

    /// The newest journal entries.
    pub fn recent(&self, limit: usize) -> Result<Vec<JournalEntry>, KioskError> {
        self.staff.touch()?;
        Ok(self.journal_or_err()?.recent(limit.clamp(1, 500))?)
    }

    /// Cancels a session this kiosk created (from the journal), and records the result.
    pub async fn cancel_session(&self, id: &str) -> Result<JournalEntry, KioskError> {
        self.session_action(id, SessionAction::Cancel).await
    }

    /// Redacts a session this kiosk created (Stripe deletes its personal data).
    pub async fn redact_session(&self, id: &str) -> Result<JournalEntry, KioskError> {
        self.session_action(id, SessionAction::Redact).await
    }

    /// Staff act only on sessions this kiosk's journal knows; the journal records the outcome.
    async fn session_action(
        &self,
        id: &str,
        action: SessionAction,
    ) -> Result<JournalEntry, KioskError> {
        self.staff.touch()?;
        let journal = self.journal_or_err()?;
        journal.get(id)?.ok_or(KioskError::UnknownSession)?;
        let backend = self.backend();
        let (expand, opts) = (Default::default(), Default::default());
        let vs = match action {
            SessionAction::Cancel => backend.client().cancel_session(id, &expand, &opts).await?,
            SessionAction::Redact => backend.client().redact_session(id, &expand, &opts).await?,
        };
        journal.update_status(id, vs.status.as_str(), None, unix_now())?;
        if action == SessionAction::Redact {
            journal.mark_redacted(id, unix_now())?;
        }
        tracing::info!(session = %id, ?action, "staff acted on a session");
        journal.get(id)?.ok_or(KioskError::UnknownSession)
    }

    /// Writes the journal as CSV into the exports folder; returns the file and its row count.
    pub fn export_csv(&self) -> Result<(PathBuf, usize), KioskError> {
        self.staff.touch()?;
        let journal = self.journal_or_err()?;
        let dir = self.paths.exports();
        let io = |e: std::io::Error| KioskError::Export(format!("{}: {e}", dir.display()));
        std::fs::create_dir_all(&dir).map_err(io)?;
        let path = dir.join(format!("verifications-{}.csv", unix_now()));
        let file = std::fs::File::create(&path).map_err(io)?;
        let rows = journal.export_csv(std::io::BufWriter::new(file))?;
        tracing::info!(rows, path = %path.display(), "journal exported");
        Ok((path, rows))
    }

    fn journal_or_err(&self) -> Result<&Arc<Journal>, KioskError> {
        self.journal
            .as_ref()
            .ok_or_else(|| KioskError::NoJournal(self.journal_problem.clone().unwrap_or_default()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SessionAction {
    Cancel,
    Redact,
}

/// The origin to allow for a Stripe.js URL that is not Stripe's own (`None` for js.stripe.com).
pub fn extra_origin(stripe_js_url: &str) -> Option<String> {
    let url = url::Url::parse(stripe_js_url).ok()?;
    let host = url.host_str()?;
    if url.scheme() == "https" && (host == "js.stripe.com" || host.ends_with(".js.stripe.com")) {
        return None;
    }
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    Some(format!("{}://{host}{port}", url.scheme()))
}

// Poisoned locks still hold consistent values here (each is replaced whole), so recover them.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
fn read<T>(m: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(std::sync::PoisonError::into_inner)
}
fn write<T>(m: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Settles in the background the sessions the journal shows unfinished.
fn resume_unfinished(verifier: &Verifier, journal: Option<&Journal>) {
    let Some(j) = journal else { return };
    verifier.recover_lost_creates();
    match j.unfinished() {
        Ok(open) if !open.is_empty() => {
            verifier.resume(open.into_iter().map(|e| e.session_id).collect());
        }
        Ok(_) => {}
        Err(e) => tracing::error!(code = e.code(), error = %e, "cannot read unfinished sessions"),
    }
}

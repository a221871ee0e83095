//! `identity-kiosk doctor` and the staff panel's Diagnostics tab: one line per thing a kiosk
//! needs (keyring, keys, network, camera, settings, folders), each `ok`, `warn` or `fail` with
//! what IT can do about it.
//!
//! Nothing here changes the kiosk's configuration. The checks find keys, settings and folders
//! exactly the way the kiosk does, so the report describes the kiosk IT will actually get. The
//! only writes are a probe file in the log folder (removed at once) and opening the journal,
//! which creates it when the kiosk has never run, as the kiosk itself would.
//!
//! [`run`] blocks its thread for the keyring and file checks (the keyring may take up to its
//! time limit to answer); the app calls it off the UI thread.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use stripe_identity::{SecretKey, DEFAULT_API_BASE};

use crate::backend::{BackendEnv, KeySource, STRIPE_JS_URL};
use crate::journal::{Journal, JournalError};
use crate::keys::{publishable_mode, KeyError, StripeKeys};
use crate::keystore::{KeystoreError, SecretStore};
use crate::paths::AppPaths;
use crate::settings::LoadedSettings;

/// How long each network check (the key check included) may take.
pub const NETWORK_TIMEOUT: Duration = Duration::from_secs(10);

/// What IT can do when Stripe cannot be reached.
const NETWORK_REMEDY: &str = "allow outbound HTTPS to api.stripe.com and js.stripe.com; set \
    HTTPS_PROXY if the network needs a proxy";

/// How to store a key, the remedy of every key problem.
const SET_KEY: &str = "`identity-kiosk secret set --stdin`";
/// The same, with the publishable key.
const SET_KEYS: &str = "`identity-kiosk secret set --stdin --publishable-key pk_…`";

/// How bad a check's finding is. Ordered: the worst of a report is its maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Ok,
    /// The kiosk works, but not fully or not as IT may expect.
    Warn,
    /// Something the kiosk needs is broken.
    Fail,
}

impl CheckStatus {
    /// `ok`, `warn` or `fail`, as printed and serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Warn => "warn",
            Self::Fail => "fail",
        }
    }
}

/// One check's finding. Never contains a secret key (only its mask).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Check {
    /// A stable identifier: `keyring`, `secret_key`, `publishable_key`, `api_reachable`,
    /// `stripe_js_reachable`, `camera`, `settings`, `log_folder`, `journal`.
    pub name: &'static str,
    pub status: CheckStatus,
    /// What was found, for IT.
    pub detail: String,
    /// What to do about it, when there is something to do.
    pub remedy: Option<String>,
}

impl Check {
    fn new(name: &'static str, status: CheckStatus, detail: impl Into<String>) -> Self {
        Self {
            name,
            status,
            detail: detail.into(),
            remedy: None,
        }
    }

    fn ok(name: &'static str, detail: impl Into<String>) -> Self {
        Self::new(name, CheckStatus::Ok, detail)
    }

    fn warn(name: &'static str, detail: impl Into<String>) -> Self {
        Self::new(name, CheckStatus::Warn, detail)
    }

    fn fail(name: &'static str, detail: impl Into<String>) -> Self {
        Self::new(name, CheckStatus::Fail, detail)
    }

    fn remedy(mut self, remedy: impl Into<String>) -> Self {
        self.remedy = Some(remedy.into());
        self
    }
}

/// The worst status in `checks` (`Ok` for none).
pub fn worst(checks: &[Check]) -> CheckStatus {
    checks
        .iter()
        .map(|c| c.status)
        .max()
        .unwrap_or(CheckStatus::Ok)
}

/// Everything the checks look at, gathered by the caller the way the kiosk gathers it.
pub struct DoctorInput<'a> {
    /// The OS keyring, or why it could not be opened.
    pub keyring: Result<&'a dyn SecretStore, &'a KeystoreError>,
    /// The environment's keys and the API base and Stripe.js overrides (tests point them at a
    /// sandbox).
    pub env: &'a BackendEnv,
    pub settings: &'a LoadedSettings,
    pub paths: &'a AppPaths,
    /// Time allowed to each network check ([`NETWORK_TIMEOUT`]).
    pub network_timeout: Duration,
    /// Where cameras appear on Linux (`/dev`).
    pub device_dir: &'a Path,
}

// By hand: `BackendEnv`'s own Debug would print the environment's secret key.
impl std::fmt::Debug for DoctorInput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DoctorInput")
            .field("keyring", &self.keyring)
            .field("api_base", &self.env.api_base)
            .field("stripe_js_url", &self.env.stripe_js_url)
            .field("paths", &self.paths)
            .field("network_timeout", &self.network_timeout)
            .field("device_dir", &self.device_dir)
            .finish_non_exhaustive()
    }
}

impl<'a> DoctorInput<'a> {
    /// The input with the usual time limit and device folder.
    pub fn new(
        keyring: Result<&'a dyn SecretStore, &'a KeystoreError>,
        env: &'a BackendEnv,
        settings: &'a LoadedSettings,
        paths: &'a AppPaths,
    ) -> Self {
        Self {
            keyring,
            env,
            settings,
            paths,
            network_timeout: NETWORK_TIMEOUT,
            device_dir: Path::new("/dev"),
        }
    }
}

/// The checks' names, in the order [`run`] returns them (stable identifiers for scripts).
pub const CHECK_NAMES: [&str; 9] = [
    "keyring",
    "secret_key",
    "publishable_key",
    "api_reachable",
    "stripe_js_reachable",
    "camera",
    "settings",
    "log_folder",
    "journal",
];

/// Runs every check, in the documented order. The three network checks run at once, so an
/// offline kiosk is diagnosed in one time limit rather than three.
pub async fn run(input: DoctorInput<'_>) -> Vec<Check> {
    let keyring_check = keyring(input.keyring);
    // A locked keyring takes its whole time limit to say so: ask it only once.
    let found = find_keys(&input, keyring_check.status == CheckStatus::Ok);
    let severity = network_severity(matches!(found, Found::Keys { .. }), input.env);
    let api_base = input.env.api_base.as_deref().unwrap_or(DEFAULT_API_BASE);
    let js_url = input.env.stripe_js_url.as_deref().unwrap_or(STRIPE_JS_URL);

    let (secret, api, js) = tokio::join!(
        secret_key(&found, input.settings, api_base, input.network_timeout),
        api_reachable(api_base, severity, input.network_timeout),
        stripe_js_reachable(js_url, severity, input.network_timeout),
    );
    vec![
        keyring_check,
        secret,
        publishable_key(&found),
        api,
        js,
        camera(input.device_dir),
        settings(input.settings),
        log_folder(&input.paths.log_dir),
        journal(&input.paths.journal()),
    ]
}

/// The keys the kiosk would run with, found the way [`crate::choose_keys`] finds them. The
/// environment's publishable key is kept unchecked here so a mismatch is reported on its own
/// line instead of hiding a good secret key.
enum Found {
    Keys {
        keys: StripeKeys,
        source: KeySource,
    },
    NoKey,
    /// The keyring could not be read (its own check says why): whether a key is there is
    /// unknown, and the kiosk runs in sandbox mode.
    KeyringUnreadable,
    /// A key is configured but cannot be used.
    Unusable {
        error: KeyError,
        source: KeySource,
    },
}

fn find_keys(input: &DoctorInput<'_>, keyring_ok: bool) -> Found {
    if let Some(raw) = &input.env.secret_key {
        return match SecretKey::parse(raw) {
            Ok(secret) => Found::Keys {
                keys: StripeKeys {
                    secret,
                    publishable: input
                        .env
                        .publishable_key
                        .as_deref()
                        .map(str::trim)
                        .filter(|pk| !pk.is_empty())
                        .map(str::to_owned),
                },
                source: KeySource::Environment,
            },
            Err(e) => Found::Unusable {
                error: KeyError::Format(e),
                source: KeySource::Environment,
            },
        };
    }
    let store = match input.keyring {
        Ok(store) if keyring_ok => store,
        _ => return Found::KeyringUnreadable,
    };
    match StripeKeys::load(store) {
        Ok(Some(keys)) => Found::Keys {
            keys,
            source: KeySource::Keyring,
        },
        Ok(None) => Found::NoKey,
        Err(KeyError::Keystore(
            KeystoreError::Locked { .. } | KeystoreError::Unavailable { .. },
        )) => Found::KeyringUnreadable,
        Err(error) => Found::Unusable {
            error,
            source: KeySource::Keyring,
        },
    }
}

fn keyring(keyring: Result<&dyn SecretStore, &KeystoreError>) -> Check {
    const NAME: &str = "keyring";
    // Reading an entry is what proves the store answers (opening it may not even connect).
    let result = keyring.map_err(Clone::clone).and_then(|store| {
        store.get(crate::keystore::names::SECRET_KEY)?;
        Ok(())
    });
    match result {
        Ok(()) => Check::ok(NAME, format!("{} reachable", store_name())),
        Err(KeystoreError::Unavailable { reason, remedy }) => Check::fail(
            NAME,
            format!(
                "the OS keyring ({}) cannot be reached: {reason}",
                store_name()
            ),
        )
        .remedy(remedy),
        Err(KeystoreError::Locked { reason, remedy }) => Check::fail(
            NAME,
            format!("the OS keyring ({}) is locked: {reason}", store_name()),
        )
        .remedy(format!("unlock it; {remedy}")),
        Err(e @ KeystoreError::Corrupt(_)) => Check::fail(NAME, e.to_string())
            .remedy(format!("`identity-kiosk secret delete`, then {SET_KEY}")),
        Err(e @ KeystoreError::Failed(_)) => Check::fail(NAME, e.to_string()),
    }
}

/// What IT calls this OS's credential store.
fn store_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "Keychain"
    } else if cfg!(target_os = "windows") {
        "Credential Manager"
    } else {
        "Secret Service"
    }
}

async fn secret_key(
    found: &Found,
    settings: &LoadedSettings,
    api_base: &str,
    limit: Duration,
) -> Check {
    const NAME: &str = "secret_key";
    let (keys, source) = match found {
        Found::Keys { keys, source } => (keys, *source),
        Found::NoKey => {
            return Check::warn(NAME, "no key: the kiosk runs in sandbox mode").remedy(SET_KEY)
        }
        Found::KeyringUnreadable => {
            return Check::warn(
                NAME,
                "unknown: the keyring cannot be read, so the kiosk runs in sandbox mode",
            )
            .remedy("fix the keyring first (see the keyring check)")
        }
        Found::Unusable { error, source } => {
            return Check::fail(NAME, error.to_string()).remedy(replace_key(*source))
        }
    };
    let status = keys.status();
    let described = format!("{} key {}", status.mode, status.secret_key);
    let origin = match source {
        KeySource::Environment => " (from STRIPE_SECRET_KEY, which overrides the keyring)",
        _ => "",
    };
    // Stored keys win over nothing when IT switched on the demo mode: say so, it surprises.
    let demo = if settings.settings.sandbox {
        "; kiosk.sandbox is on, so the kiosk runs in sandbox mode anyway"
    } else {
        ""
    };
    match tokio::time::timeout(limit, keys.check_with_stripe(api_base)).await {
        Ok(Ok(())) => Check::ok(
            NAME,
            format!("{described} accepted by Stripe{origin}{demo}"),
        ),
        Ok(Err(e @ (KeyError::Rejected { .. } | KeyError::Permission { .. }))) => {
            Check::fail(NAME, format!("{e}{origin}")).remedy(replace_key(source))
        }
        Ok(Err(KeyError::Unreachable(_))) | Err(_) => Check::warn(
            NAME,
            format!(
                "{described} not checked: Stripe could not be reached (the api_reachable \
                 check says why){origin}"
            ),
        ),
        Ok(Err(e)) => Check::fail(NAME, format!("{e}{origin}")),
    }
}

fn replace_key(source: KeySource) -> String {
    match source {
        KeySource::Environment => "correct or unset STRIPE_SECRET_KEY".to_owned(),
        _ => format!("store a working key: {SET_KEY}"),
    }
}

fn publishable_key(found: &Found) -> Check {
    const NAME: &str = "publishable_key";
    let (keys, source) = match found {
        Found::Keys { keys, source } => (keys, *source),
        Found::NoKey => return Check::ok(NAME, "not needed in sandbox mode"),
        Found::KeyringUnreadable | Found::Unusable { .. } => {
            return Check::warn(NAME, "not checked: there is no usable secret key")
        }
    };
    let mode = keys.secret.mode();
    let set_it = match source {
        KeySource::Environment => "set STRIPE_PUBLISHABLE_KEY to the matching pk_ key".to_owned(),
        _ => SET_KEYS.to_owned(),
    };
    let Some(pk) = &keys.publishable else {
        return Check::warn(
            NAME,
            "none: only the hosted flow works (Stripe.js needs a publishable key)",
        )
        .remedy(set_it);
    };
    match publishable_mode(pk) {
        Some(pk_mode) if pk_mode == mode => Check::ok(
            NAME,
            format!("{pk} ({} mode, like the secret key)", mode.as_str()),
        ),
        Some(pk_mode) => Check::fail(
            NAME,
            KeyError::ModeMismatch {
                secret: mode.as_str(),
                publishable: pk_mode.as_str(),
            }
            .to_string(),
        )
        .remedy(set_it),
        None => Check::fail(NAME, KeyError::PublishableFormat.to_string()).remedy(set_it),
    }
}

/// A network failure fails the kiosk once it has a key or was pointed somewhere on purpose. A
/// new kiosk in sandbox mode does not need Stripe yet, but IT wants to know before adding a
/// key, so the checks still run and warn.
fn network_severity(has_key: bool, env: &BackendEnv) -> CheckStatus {
    if has_key || env.api_base.is_some() || env.stripe_js_url.is_some() {
        CheckStatus::Fail
    } else {
        CheckStatus::Warn
    }
}

async fn api_reachable(api_base: &str, severity: CheckStatus, limit: Duration) -> Check {
    const NAME: &str = "api_reachable";
    let base = api_base.trim_end_matches('/');
    // Any answer will do: Stripe answers 401 to a request without a key.
    match fetch_status(&format!("{base}/v1"), limit).await {
        Ok(status) => Check::ok(NAME, format!("{base} reachable (answered HTTP {status})")),
        Err(cause) => Check::new(NAME, severity, format!("cannot reach {base}: {cause}"))
            .remedy(NETWORK_REMEDY),
    }
}

async fn stripe_js_reachable(url: &str, severity: CheckStatus, limit: Duration) -> Check {
    const NAME: &str = "stripe_js_reachable";
    match fetch_status(url, limit).await {
        Ok(status) if (200..300).contains(&status) => {
            Check::ok(NAME, format!("{url} reachable (HTTP {status})"))
        }
        // Something answered, but not with Stripe.js: a captive portal or a filtering proxy.
        Ok(status) => Check::new(NAME, severity, format!("{url} answered HTTP {status}"))
            .remedy(NETWORK_REMEDY),
        Err(cause) => Check::new(NAME, severity, format!("cannot reach {url}: {cause}"))
            .remedy(NETWORK_REMEDY),
    }
}

/// GETs `url` and returns the response's status, or why there was none.
async fn fetch_status(url: &str, limit: Duration) -> Result<u16, String> {
    // Proxies come from the environment (HTTPS_PROXY, NO_PROXY...), as for the Stripe client.
    let client = reqwest::Client::builder()
        .timeout(limit)
        .connect_timeout(limit)
        .user_agent(format!(
            "identity-kiosk/{} doctor",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
        .map_err(|e| format!("HTTP client set-up failed: {}", causes(&e)))?;
    match client.get(url).send().await {
        Ok(resp) => Ok(resp.status().as_u16()),
        Err(e) if e.is_timeout() => Err(format!("no answer within {} s", limit.as_secs())),
        Err(e) => Err(causes(&e)),
    }
}

/// An error's sources, `: `-separated (the error itself when it has none): reqwest's own
/// message only says a request to the URL failed, the cause (DNS, refused, certificate) is
/// further down.
fn causes(e: &dyn std::error::Error) -> String {
    let Some(first) = e.source() else {
        return e.to_string();
    };
    let mut parts: Vec<String> = Vec::new();
    let mut source = Some(first);
    while let Some(s) = source {
        let text = s.to_string();
        if parts.last() != Some(&text) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

fn camera(device_dir: &Path) -> Check {
    const NAME: &str = "camera";
    if !cfg!(target_os = "linux") {
        return Check::warn(
            NAME,
            "not checked on this OS; the first verification asks for camera permission",
        );
    }
    let found = video_devices(device_dir);
    if found.is_empty() {
        Check::warn(NAME, "no camera found").remedy("connect a UVC webcam")
    } else {
        let list: Vec<String> = found.iter().map(|p| p.display().to_string()).collect();
        Check::ok(NAME, list.join(", "))
    }
}

/// `video*` character devices in `dir`, sorted (links followed: udev adds some).
fn video_devices(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("video"))
        .map(|e| e.path())
        .filter(|p| fs::metadata(p).is_ok_and(|m| is_char_device(&m)))
        .collect();
    found.sort();
    found
}

#[cfg(unix)]
fn is_char_device(m: &fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    m.file_type().is_char_device()
}

#[cfg(not(unix))]
fn is_char_device(_: &fs::Metadata) -> bool {
    false
}

fn settings(loaded: &LoadedSettings) -> Check {
    const NAME: &str = "settings";
    let user = &loaded.paths.user_file;
    let policy = &loaded.paths.policy_file;
    if loaded.problems.is_empty() {
        return Check::ok(
            NAME,
            format!(
                "user file {} ({}), policy file {} ({})",
                user.display(),
                presence(user),
                policy.display(),
                presence(policy)
            ),
        );
    }
    let policy_name = policy.display().to_string();
    let in_policy = loaded
        .problems
        .iter()
        .any(|p| p.file.as_deref() == Some(policy_name.as_str()));
    let list: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
    let list = list.join("; ");
    if in_policy {
        // A key the policy meant to set is not locked: staff can change what IT decided.
        Check::fail(
            NAME,
            format!("the machine policy is not fully in force: {list}"),
        )
        .remedy(format!("correct the policy file {policy_name}"))
    } else {
        Check::warn(
            NAME,
            format!("the kiosk runs with safe defaults for: {list}"),
        )
        .remedy("correct the listed settings (staff panel, file or variable)")
    }
}

fn presence(path: &Path) -> &'static str {
    match path.try_exists() {
        Ok(true) => "present",
        Ok(false) => "absent",
        Err(_) => "not readable",
    }
}

fn log_folder(dir: &Path) -> Check {
    const NAME: &str = "log_folder";
    match probe_write(dir) {
        Ok(()) => Check::ok(NAME, format!("{} is writable", dir.display())),
        Err(e) => Check::fail(NAME, format!("cannot write to {}: {e}", dir.display())).remedy(
            "give the kiosk user write access to that folder, or set IDENTITY_KIOSK_LOG_DIR",
        ),
    }
}

/// Creates `dir` if needed, then writes and removes a file in it.
fn probe_write(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let probe = dir.join(format!(".doctor-probe-{}", std::process::id()));
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .and_then(|mut f| f.write_all(b"identity-kiosk doctor\n"));
    // Removed even when the write failed half-way; the write's error is the one that matters.
    let removed = fs::remove_file(&probe);
    written?;
    removed
}

fn journal(path: &Path) -> Check {
    const NAME: &str = "journal";
    let counted = Journal::open(path).and_then(|j| j.unfinished().map(|u| u.len()));
    match counted {
        Ok(n) => Check::ok(
            NAME,
            format!(
                "{}: {n} unfinished session{}",
                path.display(),
                if n == 1 { "" } else { "s" }
            ),
        ),
        Err(e) => {
            let remedy = journal_remedy(&e, path);
            Check::fail(NAME, e.to_string()).remedy(remedy)
        }
    }
}

fn journal_remedy(e: &JournalError, path: &Path) -> String {
    let folder = path.parent().unwrap_or(path).display();
    match e {
        JournalError::Full { .. } => "free space on that disk".to_owned(),
        JournalError::TooNew { .. } => {
            "a newer Identity Kiosk wrote it: install that version again".to_owned()
        }
        JournalError::Create { .. } => {
            format!("give the kiosk user write access to {folder}, or set IDENTITY_KIOSK_DATA_DIR")
        }
        _ => format!(
            "check the permissions of {folder}; if the file is damaged, move it aside and the \
             kiosk starts a new one (the sessions stay in the Stripe Dashboard)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_order_and_serialize_by_severity() {
        assert!(CheckStatus::Ok < CheckStatus::Warn && CheckStatus::Warn < CheckStatus::Fail);
        assert_eq!(worst(&[]), CheckStatus::Ok);
        let checks = [Check::warn("a", "x"), Check::ok("b", "y")];
        assert_eq!(worst(&checks), CheckStatus::Warn);
        assert_eq!(
            serde_json::to_value(Check::fail("keyring", "down").remedy("fix it")).unwrap(),
            serde_json::json!({
                "name": "keyring", "status": "fail", "detail": "down", "remedy": "fix it"
            })
        );
        for s in [CheckStatus::Ok, CheckStatus::Warn, CheckStatus::Fail] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }

    #[test]
    fn network_failures_only_warn_for_a_kiosk_without_key_or_overrides() {
        let plain = BackendEnv::default();
        assert_eq!(network_severity(false, &plain), CheckStatus::Warn);
        assert_eq!(network_severity(true, &plain), CheckStatus::Fail);
        let pointed = BackendEnv {
            api_base: Some("https://stripe.example".into()),
            ..BackendEnv::default()
        };
        assert_eq!(network_severity(false, &pointed), CheckStatus::Fail);
        let js = BackendEnv {
            stripe_js_url: Some("https://js.example/v3/".into()),
            ..BackendEnv::default()
        };
        assert_eq!(network_severity(false, &js), CheckStatus::Fail);
    }

    #[test]
    fn causes_follow_the_source_chain_without_repeats() {
        #[derive(Debug, thiserror::Error)]
        #[error("request failed")]
        struct Outer(#[source] io::Error);
        let e = Outer(io::Error::new(
            io::ErrorKind::ConnectionRefused,
            "connection refused",
        ));
        assert_eq!(causes(&e), "connection refused");
        assert_eq!(causes(&io::Error::other("alone")), "alone");
    }

    #[test]
    fn the_probe_file_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("new/logs");
        probe_write(&logs).unwrap();
        assert_eq!(fs::read_dir(&logs).unwrap().count(), 0);
    }
}

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
//!
//! Here: the report's vocabulary ([`Check`], [`CheckStatus`]), its input ([`DoctorInput`]) and
//! [`run`], which calls the checks in order. The checks are grouped by what they look at:
//! `credentials` (the keyring and the Stripe keys), `network` (Stripe's API and Stripe.js) and
//! `local` (the camera, the settings, the log folder and the journal on this machine).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use stripe_identity::DEFAULT_API_BASE;

use crate::backend::{BackendEnv, STRIPE_JS_URL};
use crate::keys::{KeystoreError, SecretStore};
use crate::paths::AppPaths;
use crate::settings::LoadedSettings;

use credentials::{find_keys, keyring, publishable_key, secret_key, Found};
use local::{camera, journal, log_folder, settings};
use network::{api_reachable, network_severity, stripe_js_reachable};

mod credentials;
mod local;
mod network;
#[cfg(test)]
mod tests;

/// How long each network check (the key check included) may take.
pub const NETWORK_TIMEOUT: Duration = Duration::from_secs(10);

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
///
/// `detail` and `remedy` are English, for `doctor` on the command line and the log; the staff
/// panel words `code`, `remedy_code` and `notes` from its catalog in the staff language
/// (`staff_diag_<code>`, `staff_remedy_<remedy_code>`, `staff_diag_note_<note>`), filling in
/// `params`. What the OS or the network said (`cause`), paths and URLs are parameters, as found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Check {
    /// A stable identifier: `keyring`, `secret_key`, `publishable_key`, `live_flow`, `api_reachable`,
    /// `stripe_js_reachable`, `camera`, `settings`, `log_folder`, `journal`.
    pub name: &'static str,
    pub status: CheckStatus,
    /// What was found, for IT.
    pub detail: String,
    /// What to do about it, when there is something to do.
    pub remedy: Option<String>,
    /// What was found, as a stable code (`keyring_locked`, `camera_none`…).
    pub code: &'static str,
    /// What to do, as a stable code.
    pub remedy_code: Option<&'static str>,
    /// Remarks on the finding (`from_environment`, `sandbox_on`).
    pub notes: Vec<&'static str>,
    /// The placeholders of the code's, the remedy's and the notes' messages.
    pub params: BTreeMap<&'static str, String>,
}

/// Every finding code a check can report (`Check::code`), for the page's catalog.
pub const FINDINGS: &[&str] = &[
    "keyring_ok",
    "keyring_unreachable",
    "keyring_locked",
    "keyring_corrupt",
    "keyring_failed",
    "secret_key_none",
    "secret_key_keyring_unreadable",
    "secret_key_unusable",
    "secret_key_accepted",
    "secret_key_rejected",
    "secret_key_unchecked",
    "secret_key_failed",
    "publishable_key_not_needed",
    "publishable_key_not_checked",
    "publishable_key_none",
    "publishable_key_ok",
    "publishable_key_mode_mismatch",
    "publishable_key_format",
    "live_flow_hosted_https",
    "live_flow_hosted",
    "live_flow_modal",
    "api_reachable_ok",
    "api_unreachable",
    "stripe_js_ok",
    "stripe_js_status",
    "stripe_js_unreachable",
    "camera_not_checked",
    "camera_none",
    "camera_found",
    "settings_ok",
    "settings_policy_not_in_force",
    "settings_defaults_used",
    "log_folder_ok",
    "log_folder_not_writable",
    "journal_ok",
    "journal_failed",
];

/// Every remedy code (`Check::remedy_code`).
pub const REMEDIES: &[&str] = &[
    "keyring_setup_linux",
    "keyring_setup_windows",
    "keyring_setup_macos",
    "delete_and_set_key",
    "set_key",
    "fix_keyring_first",
    "fix_environment_key",
    "replace_key",
    "set_environment_publishable_key",
    "set_keys",
    "allow_network",
    "connect_camera",
    "correct_policy",
    "correct_settings",
    "log_folder_access",
    "free_disk_space",
    "install_newer_version",
    "journal_folder_access",
    "journal_check_file",
];

/// Every note (`Check::notes`).
pub const NOTES: &[&str] = &["from_environment", "sandbox_on"];

impl Check {
    fn new(
        name: &'static str,
        status: CheckStatus,
        code: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        debug_assert!(FINDINGS.contains(&code), "{code} is not in FINDINGS");
        Self {
            name,
            status,
            detail: detail.into(),
            remedy: None,
            code,
            remedy_code: None,
            notes: Vec::new(),
            params: BTreeMap::new(),
        }
    }

    fn ok(name: &'static str, code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(name, CheckStatus::Ok, code, detail)
    }

    fn warn(name: &'static str, code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(name, CheckStatus::Warn, code, detail)
    }

    fn fail(name: &'static str, code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(name, CheckStatus::Fail, code, detail)
    }

    fn remedy(mut self, code: &'static str, remedy: impl Into<String>) -> Self {
        debug_assert!(REMEDIES.contains(&code), "{code} is not in REMEDIES");
        self.remedy_code = Some(code);
        self.remedy = Some(remedy.into());
        self
    }

    fn param(mut self, name: &'static str, value: impl ToString) -> Self {
        self.params.insert(name, value.to_string());
        self
    }

    fn note(mut self, note: &'static str) -> Self {
        debug_assert!(NOTES.contains(&note), "{note} is not in NOTES");
        self.notes.push(note);
        self
    }
}

/// Which flow a live customer gets on this machine ([`crate::live_flow`]): information, never
/// a problem, since the hosted page verifies as well as the modal.
fn live_flow(settings: &crate::LoadedSettings) -> Check {
    let flow = crate::live_flow::live_flow_here(settings.settings.flow);
    let code = match (flow.flow, flow.reason) {
        (crate::settings::Flow::Hosted, Some(_)) => "live_flow_hosted_https",
        (crate::settings::Flow::Hosted, None) => "live_flow_hosted",
        _ => "live_flow_modal",
    };
    Check::ok(
        "live_flow",
        code,
        crate::live_flow::describe(flow, std::env::consts::OS),
    )
    .param("os", std::env::consts::OS)
    .param("flow", flow.flow.as_str())
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
pub const CHECK_NAMES: [&str; 10] = [
    "keyring",
    "secret_key",
    "publishable_key",
    "live_flow",
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
        live_flow(input.settings),
        api,
        js,
        camera(input.device_dir),
        settings(input.settings),
        log_folder(&input.paths.log_dir),
        journal(&input.paths.journal()),
    ]
}

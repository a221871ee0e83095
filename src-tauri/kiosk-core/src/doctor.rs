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

/// Which flow a live customer gets on this machine ([`crate::live_flow`]): information, never
/// a problem, since the hosted page verifies as well as the modal.
fn live_flow(settings: &crate::LoadedSettings) -> Check {
    let flow = crate::live_flow::live_flow_here(settings.settings.flow);
    Check::ok(
        "live_flow",
        crate::live_flow::describe(flow, std::env::consts::OS),
    )
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

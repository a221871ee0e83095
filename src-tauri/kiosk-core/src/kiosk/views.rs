//! What the page is shown (the customer screens' [`PageInfo`] and the staff panel's views):
//! plain data, serialized for the page. None of it holds more than a mask of a key.

use std::path::PathBuf;

use crate::backend::{KeySource, KioskMode};
use crate::health::{CameraState, Reachability};
pub use crate::problems::ProblemView;
use crate::settings::{Flow, ReferenceMode, SettingView};

/// The connection as staff see it.
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
    pub camera: Option<CameraState>,
    /// The window must reload with another Content Security Policy for this connection: the
    /// shell restarts the app (only ever between customers).
    pub restart_required: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct KeyringView {
    pub ok: bool,
    /// Why not, as the error code the panel words (`keyring_locked`…).
    pub code: Option<&'static str>,
    /// The same in English, for the log.
    pub message: Option<String>,
}

/// Everything the staff panel shows when it opens.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Overview {
    pub version: &'static str,
    pub mode: KioskMode,
    pub connection: ConnectionView,
    /// What a live customer gets on this machine, and why (see `crate::live_flow`).
    pub live_flow: crate::live_flow::CustomerFlow,
    pub settings: Vec<SettingView>,
    pub problems: Vec<ProblemView>,
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
    pub problems: Vec<ProblemView>,
    /// Sandbox mode was switched: the app restarts to apply it.
    pub restart_required: bool,
}

/// The answer to "check the connection": whether Stripe answered, and the error code why not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConnectionCheck {
    pub ok: bool,
    pub code: Option<&'static str>,
}

/// A CSV export of the journal.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Export {
    pub path: String,
    pub rows: usize,
}

/// What the page needs to know about this kiosk. Holds no secret (a publishable key is public).
#[derive(Debug, Clone, serde::Serialize)]
pub struct PageInfo {
    pub mode: KioskMode,
    pub version: String,
    pub kiosk_id: String,
    pub business_name: String,
    pub flow: Flow,
    pub stripe_js_url: String,
    pub publishable_key: Option<String>,
    pub reference: ReferenceInfo,
    pub idle_timeout_secs: u64,
    pub modal_timeout_secs: u64,
    pub max_attempts: u32,
    pub show_verified_name: bool,
    /// The languages a customer may choose, in the picker's order (never empty).
    pub languages: Vec<String>,
    /// The one each customer starts in (one of `languages`).
    pub default_language: String,
    /// The staff panel's.
    pub staff_language: String,
    /// Every language the kiosk has a catalog for (what the staff panel offers).
    pub all_languages: &'static [&'static str],
    /// Release builds: the page swallows browser shortcuts, menus and zoom.
    pub locked: bool,
    /// The page's last camera check in this run (null: not checked yet, so the page checks).
    pub camera: Option<CameraState>,
}

/// How the page asks for the customer's reference.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReferenceInfo {
    pub mode: ReferenceMode,
    pub label: Option<String>,
}

/// Whether Stripe answers (`null` until the first check answered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ConnectionStatus {
    pub ok: Option<bool>,
}

//! Updates through `tauri-plugin-updater`: the network and the install. The rules (off by
//! default, an `https://` endpoint, one check or install at a time, install only when no
//! customer is mid-flow) are `kiosk_core::updates`'.
//!
//! The plugin's configuration (`plugins.updater` in tauri.conf.json) holds the public key every
//! download must be signed with (and `requireSignedVersion`, so a signature also binds the
//! version it was made for), and no endpoint: IT sets `updates.endpoint`, and the updater is
//! built from it at each check. The kiosk checks at start and every
//! [`CHECK_EVERY`](kiosk_core::updates::CHECK_EVERY) while updates are on; installing is a
//! staff action. The page cannot call the plugin's own commands (the capability grants none);
//! the staff commands here are its only way in, behind the staff gate.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use kiosk_core::updates::CHECK_EVERY;
use kiosk_core::{KioskError, Release, UpdateFailure, UpdatesView};
use tauri::{AppHandle, Builder, Manager, Runtime, State};
use tauri_plugin_updater::{Error as PluginError, Update, UpdaterExt};
use url::Url;

use crate::app::KioskState;
use crate::commands::logged;

/// The longest a check may take (the download has no limit: a release is tens of MB).
const CHECK_TIMEOUT: Duration = Duration::from_secs(60);

/// The update the last check found, kept for staff to install.
#[derive(Default)]
pub struct PendingUpdate(Mutex<Option<Update>>);

impl std::fmt::Debug for PendingUpdate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let version = self.lock().as_ref().map(|u| u.version.clone());
        f.debug_tuple("PendingUpdate").field(&version).finish()
    }
}

impl PendingUpdate {
    fn lock(&self) -> MutexGuard<'_, Option<Update>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Adds the updater plugin (configured from tauri.conf.json) and the pending update's slot.
pub fn register<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(PendingUpdate::default())
}

/// Checks at start and every few hours after, whenever the settings allow it then.
pub fn spawn_checks<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        loop {
            let state = app.state::<KioskState>();
            match state.kiosk.update_endpoint() {
                Ok(endpoint) => {
                    if state.kiosk.updates().begin_check().is_ok() {
                        check_and_record(&app, &state, endpoint).await;
                    }
                }
                Err(e) => tracing::debug!(code = e.code(), "no update check"),
            }
            tokio::time::sleep(CHECK_EVERY).await;
        }
    });
}

/// Asks `endpoint` whether there is a newer release than this app, through the plugin (which
/// fills in `{{target}}`, `{{arch}}` and `{{current_version}}`).
pub async fn check<R: Runtime>(
    app: &AppHandle<R>,
    endpoint: Url,
) -> Result<Option<Update>, UpdateFailure> {
    let loopback = kiosk_core::updates::is_loopback(&endpoint);
    let mut builder = app
        .updater_builder()
        .endpoints(vec![endpoint])
        .map_err(|e| failure("check", &e))?
        .timeout(CHECK_TIMEOUT);
    if loopback {
        builder = builder.no_proxy();
    }
    let updater = builder.build().map_err(|e| failure("check", &e))?;
    updater.check().await.map_err(|e| failure("check", &e))
}

/// Downloads `update` and verifies it with the app's public key (and, with
/// `requireSignedVersion`, that it was signed for the version announced).
pub async fn download(update: &Update) -> Result<Vec<u8>, UpdateFailure> {
    update
        .download(|_, _| {}, || {})
        .await
        .map_err(|e| failure("download", &e))
}

/// What went wrong, as the staff panel tells it (the detail goes to the log).
pub fn failure(step: &str, e: &PluginError) -> UpdateFailure {
    let kind = match e {
        PluginError::Minisign(_)
        | PluginError::Base64(_)
        | PluginError::SignatureUtf8(_)
        | PluginError::SignedVersionMismatch { .. }
        | PluginError::MissingSignedVersion => UpdateFailure::Signature,
        PluginError::Reqwest(_) | PluginError::Network(_) | PluginError::ReleaseNotFound => {
            UpdateFailure::Unreachable
        }
        PluginError::InsecureTransportProtocol => UpdateFailure::Insecure,
        _ if step == "install" => UpdateFailure::Install,
        _ => UpdateFailure::Invalid,
    };
    tracing::warn!(step, code = kind.code(), error = %e, "update failed");
    kind
}

/// The release an update announces.
pub fn release(update: &Update) -> Release {
    Release {
        version: update.version.clone(),
        notes: update.body.clone().filter(|n| !n.trim().is_empty()),
    }
}

async fn check_and_record<R: Runtime>(app: &AppHandle<R>, state: &KioskState, endpoint: Url) {
    tracing::info!(endpoint = %origin(&endpoint), "checking for an update");
    let found = check(app, endpoint).await;
    let outcome = found
        .as_ref()
        .map(|u| u.as_ref().map(release))
        .map_err(|f| *f);
    match &outcome {
        Ok(Some(r)) => tracing::info!(version = %r.version, "update available"),
        Ok(None) => tracing::info!("no newer release"),
        Err(_) => {}
    }
    *app.state::<PendingUpdate>().lock() = found.ok().flatten();
    state.kiosk.updates().finish_check(outcome, unix_now());
}

/// The panel's view after an install that did not happen (without the staff gate: a long
/// download may outlast the panel's inactivity limit, and the outcome must still be told).
async fn view<R: Runtime>(app: &AppHandle<R>, state: &KioskState) -> UpdatesView {
    let in_flow = state.kiosk.verifier().in_flow().await;
    let settings = state.kiosk.loaded_settings().settings;
    state
        .kiosk
        .updates()
        .view(&current_version(app), &settings, in_flow)
}

fn current_version<R: Runtime>(app: &AppHandle<R>) -> String {
    app.package_info().version.to_string()
}

/// The updates part of the Diagnostics tab.
#[tauri::command]
pub async fn staff_update_status<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, KioskState>,
) -> Result<UpdatesView, KioskError> {
    logged(
        "staff_update_status",
        state.kiosk.update_status(&current_version(&app)).await,
    )
}

/// Checks for an update now.
#[tauri::command]
pub async fn staff_check_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, KioskState>,
) -> Result<UpdatesView, KioskError> {
    let endpoint = logged("staff_check_update", state.kiosk.begin_update_check())?;
    check_and_record(&app, &state, endpoint).await;
    logged(
        "staff_check_update",
        state.kiosk.update_status(&current_version(&app)).await,
    )
}

/// Downloads, verifies and installs the available update, then restarts the app. Refused with
/// `busy` while a customer is mid-flow (checked again after the download).
#[tauri::command]
pub async fn staff_install_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, KioskState>,
    pending: State<'_, PendingUpdate>,
) -> Result<UpdatesView, KioskError> {
    let release = logged(
        "staff_install_update",
        state.kiosk.begin_update_install().await,
    )?;
    let update = pending
        .lock()
        .clone()
        .filter(|u| u.version == release.version);
    let Some(update) = update else {
        state.kiosk.updates().install_failed(UpdateFailure::Invalid);
        return Ok(view(&app, &state).await);
    };
    tracing::info!(version = %release.version, "downloading the update");
    let bytes = match download(&update).await {
        Ok(bytes) => bytes,
        Err(f) => {
            state.kiosk.updates().install_failed(f);
            return Ok(view(&app, &state).await);
        }
    };
    // The download takes a while: a customer may have started meanwhile.
    if state.kiosk.verifier().in_flow().await {
        tracing::info!("a customer started during the download; the update waits");
        state.kiosk.updates().install_postponed(release);
        return logged("staff_install_update", Err(KioskError::Busy));
    }
    tracing::info!(version = %release.version, "installing the update");
    if let Err(e) = update.install(bytes) {
        state.kiosk.updates().install_failed(failure("install", &e));
        return Ok(view(&app, &state).await);
    }
    tracing::info!(version = %release.version, "update installed; restarting");
    // Through the exit path, so it settles like any exit; the page shows "installing" meanwhile.
    app.request_restart();
    Ok(view(&app, &state).await)
}

/// Scheme, host and port only: an endpoint's path or query may carry a token.
fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

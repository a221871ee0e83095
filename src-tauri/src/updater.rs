//! Updates through `tauri-plugin-updater`: the network and the install, as
//! [`kiosk_core::host::Updater`]. The rules (off by default, an `https://` endpoint, one check
//! or install at a time, install only when no customer is mid-flow) are
//! `kiosk_core::updates`', and the sequence (checks at start and every few hours, the install
//! staff start) is `kiosk_core::host::updater`'s.
//!
//! The plugin's configuration (`plugins.updater` in tauri.conf.json) holds the public key every
//! download must be signed with (and `requireSignedVersion`, so a signature also binds the
//! version it was made for), and no endpoint: IT sets `updates.endpoint`, and the updater is
//! built from it at each check. The page cannot call the plugin's own commands (the capability
//! grants none); the staff commands are its only way in, behind the staff gate.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use kiosk_core::host::Updater;
use kiosk_core::{Release, UpdateFailure};
use tauri::{AppHandle, Builder, Manager, Runtime};
use tauri_plugin_updater::{Error as PluginError, Update, UpdaterExt};
use url::Url;

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

/// Asks `endpoint` whether there is a newer release than this app, through the plugin (which
/// fills in `{{target}}`, `{{arch}}` and `{{current_version}}`).
pub async fn check<R: Runtime>(
    app: &AppHandle<R>,
    endpoint: Url,
) -> Result<Option<Update>, UpdateFailure> {
    let loopback = kiosk_core::update_endpoint::is_loopback(&endpoint);
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

/// The plugin as the kiosk's [`Updater`]: the update the last check found is kept in the
/// app's [`PendingUpdate`] for staff to install.
pub struct PluginUpdater<'a, R: Runtime>(pub &'a AppHandle<R>);

impl<R: Runtime> std::fmt::Debug for PluginUpdater<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PluginUpdater")
    }
}

#[async_trait]
impl<R: Runtime> Updater for PluginUpdater<'_, R> {
    async fn check(&self, endpoint: Url) -> Result<Option<Release>, UpdateFailure> {
        let found = check(self.0, endpoint).await;
        let announced = found
            .as_ref()
            .map(|u| u.as_ref().map(release))
            .map_err(|f| *f);
        *self.0.state::<PendingUpdate>().lock() = found.ok().flatten();
        announced
    }

    async fn download(&self, wanted: &Release) -> Result<Vec<u8>, UpdateFailure> {
        let pending = self.0.state::<PendingUpdate>().lock().clone();
        match pending.filter(|u| u.version == wanted.version) {
            Some(update) => download(&update).await,
            None => Err(UpdateFailure::Invalid),
        }
    }

    fn install(&self, bytes: Vec<u8>) -> Result<(), UpdateFailure> {
        let pending = self.0.state::<PendingUpdate>().lock().clone();
        let update = pending.ok_or(UpdateFailure::Invalid)?;
        update.install(bytes).map_err(|e| failure("install", &e))
    }

    fn restart(&self) {
        // Through the exit path, so it settles like any exit; the page shows "installing".
        self.0.request_restart();
    }

    fn current_version(&self) -> String {
        self.0.package_info().version.to_string()
    }
}

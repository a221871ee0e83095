//! The update sequence over an [`Updater`] (the shell's is tauri-plugin-updater): a check at
//! start and every [`CHECK_EVERY`] while the settings allow it, a check staff ask for, and the
//! install staff start, which waits if a customer began during the download. The rules (off
//! by default, an `https://` endpoint, one check or install at a time) are
//! [`crate::updates`]'; this module only runs them in order.
//!
//! Lock story: none of its own; [`Updates`](crate::Updates) holds the state.

use async_trait::async_trait;
use url::Url;

use crate::error::KioskError;
use crate::unix_time;
use crate::updates::{Release, UpdateFailure, UpdatesView, CHECK_EVERY};
use crate::Kiosk;

/// What the sequence needs from the app's updater.
#[async_trait]
pub trait Updater: Send + Sync {
    /// Asks `endpoint` whether a newer release than this app exists, and keeps the one found
    /// for [`Self::download`].
    async fn check(&self, endpoint: Url) -> Result<Option<Release>, UpdateFailure>;
    /// Downloads the release the last check found and verifies its signature.
    async fn download(&self, release: &Release) -> Result<Vec<u8>, UpdateFailure>;
    /// Installs a verified download.
    fn install(&self, bytes: Vec<u8>) -> Result<(), UpdateFailure>;
    /// Restarts through the app's exit path (so it settles like any exit).
    fn restart(&self);
    /// The running app's version.
    fn current_version(&self) -> String;
}

/// Checks at start and every [`CHECK_EVERY`] after, whenever the settings allow it then.
pub async fn periodic_checks(kiosk: &Kiosk, updater: &dyn Updater) {
    loop {
        match kiosk.update_endpoint() {
            Ok(endpoint) => {
                if kiosk.updates().begin_check().is_ok() {
                    check_and_record(kiosk, updater, endpoint).await;
                }
            }
            Err(e) => tracing::debug!(code = e.code(), "no update check"),
        }
        tokio::time::sleep(CHECK_EVERY).await;
    }
}

/// A check staff asked for (through the staff gate); the panel's view after it.
pub async fn check_now(kiosk: &Kiosk, updater: &dyn Updater) -> Result<UpdatesView, KioskError> {
    let endpoint = kiosk.begin_update_check()?;
    check_and_record(kiosk, updater, endpoint).await;
    kiosk.update_status(&updater.current_version()).await
}

/// Downloads, verifies and installs the release found, then restarts the app. Refused with
/// `busy` while a customer is mid-flow, checked again after the download; a failure is told
/// in the view returned.
pub async fn install(kiosk: &Kiosk, updater: &dyn Updater) -> Result<UpdatesView, KioskError> {
    let release = kiosk.begin_update_install().await?;
    tracing::info!(version = %release.version, "downloading the update");
    let bytes = match updater.download(&release).await {
        Ok(bytes) => bytes,
        Err(f) => return Ok(failed(kiosk, updater, f).await),
    };
    // The download takes a while: a customer may have started meanwhile.
    if kiosk.verifier().in_flow().await {
        tracing::info!("a customer started during the download; the update waits");
        kiosk.updates().install_postponed(release);
        return Err(KioskError::Busy);
    }
    tracing::info!(version = %release.version, "installing the update");
    if let Err(f) = updater.install(bytes) {
        return Ok(failed(kiosk, updater, f).await);
    }
    tracing::info!(version = %release.version, "update installed; restarting");
    updater.restart();
    Ok(view(kiosk, updater).await)
}

async fn check_and_record(kiosk: &Kiosk, updater: &dyn Updater, endpoint: Url) {
    tracing::info!(endpoint = %endpoint.origin().ascii_serialization(), "checking for an update");
    let outcome = updater.check(endpoint).await;
    match &outcome {
        Ok(Some(r)) => tracing::info!(version = %r.version, "update available"),
        Ok(None) => tracing::info!("no newer release"),
        Err(f) => tracing::warn!(code = f.code(), "update check failed"),
    }
    kiosk.updates().finish_check(outcome, unix_time::now());
}

async fn failed(kiosk: &Kiosk, updater: &dyn Updater, failure: UpdateFailure) -> UpdatesView {
    tracing::warn!(code = failure.code(), "update not installed");
    kiosk.updates().install_failed(failure);
    view(kiosk, updater).await
}

/// The panel's view after an install (without the staff gate: a long download may outlast
/// the panel's inactivity limit, and the outcome must still be told).
async fn view(kiosk: &Kiosk, updater: &dyn Updater) -> UpdatesView {
    let in_flow = kiosk.verifier().in_flow().await;
    let settings = kiosk.loaded_settings().settings;
    kiosk
        .updates()
        .view(&updater.current_version(), &settings, in_flow)
}

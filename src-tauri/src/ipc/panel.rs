//! The staff panel's commands: `kiosk_core::Kiosk` passes every one through the PIN gate.
//!
//! The secret key never crosses IPC: `staff_set_key_from_clipboard` has Rust read it from the
//! OS clipboard (staff copy it, then press the button), which is wiped afterwards. Only its
//! mask goes back to the page. (Arguments keep the page's snake_case names.)

use kiosk_core::host::{lifecycle, updater};
use kiosk_core::kiosk::{ConnectionCheck, ConnectionView, Export, Overview, SettingsUpdate};
use kiosk_core::{Check, JournalEntry, KioskError, StaffStatus, UnlockOutcome, UpdatesView};
use tauri::{AppHandle, Runtime, State};
use zeroize::Zeroizing;

use super::{blocking, logged};
use crate::clipboard::SystemClipboard;
use crate::state::{KioskState, Restarter};
use crate::updater::PluginUpdater;

type Settings = serde_json::Map<String, serde_json::Value>;

#[tauri::command]
pub async fn staff_status(state: State<'_, KioskState>) -> Result<StaffStatus, KioskError> {
    logged("staff_status", blocking(&state, |k| k.staff_status()).await)
}

#[tauri::command]
pub async fn staff_set_first_pin(
    state: State<'_, KioskState>,
    pin: Zeroizing<String>,
) -> Result<StaffStatus, KioskError> {
    let set = blocking(&state, move |k| k.set_first_pin(&pin)).await;
    logged("staff_set_first_pin", set)
}

#[tauri::command]
pub async fn staff_unlock(
    state: State<'_, KioskState>,
    pin: Zeroizing<String>,
) -> Result<UnlockOutcome, KioskError> {
    logged(
        "staff_unlock",
        blocking(&state, move |k| k.unlock_panel(&pin)).await,
    )
}

#[tauri::command]
pub fn staff_lock(state: State<'_, KioskState>) {
    state.kiosk.lock_panel();
}

#[tauri::command]
pub async fn staff_overview(state: State<'_, KioskState>) -> Result<Overview, KioskError> {
    logged("staff_overview", blocking(&state, |k| k.overview()).await)
}

#[tauri::command]
pub async fn staff_check_connection(
    state: State<'_, KioskState>,
) -> Result<ConnectionCheck, KioskError> {
    logged(
        "staff_check_connection",
        state.kiosk.check_connection().await,
    )
}

#[tauri::command(rename_all = "snake_case")]
pub async fn staff_set_key_from_clipboard<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, KioskState>,
    publishable_key: Option<String>,
) -> Result<ConnectionView, KioskError> {
    let set = (state.kiosk).set_keys_from_clipboard(&SystemClipboard, publishable_key.as_deref());
    let connection = logged("staff_set_key_from_clipboard", set.await)?;
    lifecycle::restart_if(connection.restart_required, &Restarter(&app));
    Ok(connection)
}

#[tauri::command]
pub async fn staff_remove_key<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, KioskState>,
) -> Result<ConnectionView, KioskError> {
    let connection = logged("staff_remove_key", state.kiosk.remove_keys().await)?;
    lifecycle::restart_if(connection.restart_required, &Restarter(&app));
    Ok(connection)
}

#[tauri::command]
pub async fn staff_update_settings<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, KioskState>,
    changes: Settings,
) -> Result<SettingsUpdate, KioskError> {
    let update = blocking(&state, move |k| {
        k.update_settings(&changes, |n| std::env::var(n).ok())
    });
    let update = logged("staff_update_settings", update.await)?;
    crate::autostart::sync(&app);
    lifecycle::restart_if(update.restart_required, &Restarter(&app));
    Ok(update)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn staff_journal(
    state: State<'_, KioskState>,
    limit: Option<usize>,
) -> Result<Vec<JournalEntry>, KioskError> {
    let limit = limit.unwrap_or(100);
    logged(
        "staff_journal",
        blocking(&state, move |k| k.recent(limit)).await,
    )
}

#[tauri::command(rename_all = "snake_case")]
pub async fn staff_cancel_session(
    state: State<'_, KioskState>,
    session_id: String,
) -> Result<JournalEntry, KioskError> {
    logged(
        "staff_cancel_session",
        state.kiosk.cancel_session(&session_id).await,
    )
}

#[tauri::command(rename_all = "snake_case")]
pub async fn staff_redact_session(
    state: State<'_, KioskState>,
    session_id: String,
) -> Result<JournalEntry, KioskError> {
    logged(
        "staff_redact_session",
        state.kiosk.redact_session(&session_id).await,
    )
}

#[tauri::command]
pub async fn staff_export_csv(state: State<'_, KioskState>) -> Result<Export, KioskError> {
    logged(
        "staff_export_csv",
        blocking(&state, |k| k.export_csv()).await,
    )
}

#[tauri::command]
pub async fn staff_diagnostics(state: State<'_, KioskState>) -> Result<Vec<Check>, KioskError> {
    logged("staff_diagnostics", state.kiosk.diagnostics().await)
}

#[tauri::command]
pub async fn staff_change_pin(
    state: State<'_, KioskState>,
    pin: Zeroizing<String>,
) -> Result<(), KioskError> {
    logged(
        "staff_change_pin",
        blocking(&state, move |k| k.change_pin(&pin)).await,
    )
}

/// Leaves kiosk mode: the app exits through its exit path, which settles any session.
#[tauri::command]
pub fn staff_quit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, KioskState>,
) -> Result<(), KioskError> {
    logged(
        "staff_quit",
        state.kiosk.staff().touch().map_err(KioskError::from),
    )?;
    state.lifecycle.quit();
    app.exit(0);
    Ok(())
}

/// The updates part of the Diagnostics tab.
#[tauri::command]
pub async fn staff_update_status<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, KioskState>,
) -> Result<UpdatesView, KioskError> {
    let version = app.package_info().version.to_string();
    logged(
        "staff_update_status",
        state.kiosk.update_status(&version).await,
    )
}

/// Checks for an update now.
#[tauri::command]
pub async fn staff_check_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, KioskState>,
) -> Result<UpdatesView, KioskError> {
    let checked = updater::check_now(&state.kiosk, &PluginUpdater(&app)).await;
    logged("staff_check_update", checked)
}

/// Downloads, verifies and installs the update found, then restarts the app (refused with
/// `busy` while a customer is mid-flow).
#[tauri::command]
pub async fn staff_install_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, KioskState>,
) -> Result<UpdatesView, KioskError> {
    let installed = updater::install(&state.kiosk, &PluginUpdater(&app)).await;
    logged("staff_install_update", installed)
}

//! The staff panel's commands: adapters over `kiosk_core::Kiosk`, which passes every staff
//! operation through the PIN gate.
//!
//! The secret key never crosses IPC: `staff_set_key_from_clipboard` reads it from the OS
//! clipboard here in Rust (staff copy it, then press the button), and clears the clipboard
//! afterwards. Only its mask ever goes back to the page.

use kiosk_core::kiosk::{ConnectionView, Overview, SettingsUpdate};
use kiosk_core::{JournalEntry, KioskError, StaffStatus, UnlockOutcome};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::app::KioskState;
use crate::commands::logged;

#[derive(Debug, Serialize)]
pub struct ConnectionCheck {
    ok: bool,
    code: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct Export {
    path: String,
    rows: usize,
}

fn pin_error(e: kiosk_core::PinError) -> KioskError {
    KioskError::Staff(e.into())
}

#[tauri::command]
pub fn staff_status(state: State<'_, KioskState>) -> Result<StaffStatus, KioskError> {
    logged(
        "staff_status",
        state.kiosk.staff().status().map_err(pin_error),
    )
}

#[tauri::command]
pub fn staff_set_first_pin(
    state: State<'_, KioskState>,
    pin: String,
) -> Result<StaffStatus, KioskError> {
    let staff = state.kiosk.staff();
    logged(
        "staff_set_first_pin",
        staff.set_first_pin(&pin).map_err(KioskError::from),
    )?;
    tracing::info!("staff PIN set for the first time");
    logged("staff_set_first_pin", staff.status().map_err(pin_error))
}

#[tauri::command]
pub fn staff_unlock(
    state: State<'_, KioskState>,
    pin: String,
) -> Result<UnlockOutcome, KioskError> {
    let outcome = logged(
        "staff_unlock",
        state.kiosk.staff().unlock(&pin).map_err(KioskError::from),
    )?;
    match &outcome {
        UnlockOutcome::Opened => tracing::info!("staff panel opened"),
        other => tracing::warn!(?other, "staff panel: PIN refused"),
    }
    Ok(outcome)
}

#[tauri::command]
pub fn staff_lock(state: State<'_, KioskState>) {
    state.kiosk.staff().lock();
    tracing::info!("staff panel closed");
}

#[tauri::command]
pub fn staff_overview(state: State<'_, KioskState>) -> Result<Overview, KioskError> {
    logged("staff_overview", state.kiosk.overview())
}

#[tauri::command]
pub async fn staff_check_connection(
    state: State<'_, KioskState>,
) -> Result<ConnectionCheck, KioskError> {
    Ok(match state.kiosk.check_connection().await {
        Ok(true) => ConnectionCheck {
            ok: true,
            code: None,
        },
        Ok(false) => ConnectionCheck {
            ok: false,
            code: Some("stripe_unreachable"),
        },
        Err(e @ KioskError::Staff(_)) => return Err(e),
        Err(e) => {
            tracing::warn!(code = e.code(), error = %e, "connection check failed");
            ConnectionCheck {
                ok: false,
                code: Some(e.code()),
            }
        }
    })
}

// Arguments keep the page's snake_case names.
#[tauri::command(rename_all = "snake_case")]
pub async fn staff_set_key_from_clipboard<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, KioskState>,
    publishable_key: Option<String>,
) -> Result<ConnectionView, KioskError> {
    state.kiosk.staff().touch()?;
    let secret = logged("staff_set_key_from_clipboard", read_clipboard())?;
    let result = state
        .kiosk
        .set_keys(&secret, publishable_key.as_deref())
        .await;
    if result.is_ok() {
        clear_clipboard_if(&secret);
    }
    let connection = logged("staff_set_key_from_clipboard", result)?;
    restart_if(&app, connection.restart_required);
    Ok(connection)
}

#[tauri::command]
pub async fn staff_remove_key<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, KioskState>,
) -> Result<ConnectionView, KioskError> {
    let connection = logged("staff_remove_key", state.kiosk.remove_keys().await)?;
    restart_if(&app, connection.restart_required);
    Ok(connection)
}

#[tauri::command]
pub fn staff_update_settings<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, KioskState>,
    changes: serde_json::Map<String, serde_json::Value>,
) -> Result<SettingsUpdate, KioskError> {
    let update = logged(
        "staff_update_settings",
        state
            .kiosk
            .update_settings(&changes, |n| std::env::var(n).ok()),
    )?;
    crate::app::sync_autostart(&app);
    restart_if(&app, update.restart_required);
    Ok(update)
}

// Arguments keep the page's snake_case names.
#[tauri::command(rename_all = "snake_case")]
pub fn staff_journal(
    state: State<'_, KioskState>,
    limit: Option<usize>,
) -> Result<Vec<JournalEntry>, KioskError> {
    logged("staff_journal", state.kiosk.recent(limit.unwrap_or(100)))
}

// Arguments keep the page's snake_case names.
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

// Arguments keep the page's snake_case names.
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
pub fn staff_export_csv(state: State<'_, KioskState>) -> Result<Export, KioskError> {
    let (path, rows) = logged("staff_export_csv", state.kiosk.export_csv())?;
    Ok(Export {
        path: path.display().to_string(),
        rows,
    })
}

#[tauri::command]
pub async fn staff_diagnostics(
    state: State<'_, KioskState>,
) -> Result<Vec<kiosk_core::Check>, KioskError> {
    logged("staff_diagnostics", state.kiosk.diagnostics().await)
}

#[tauri::command]
pub fn staff_change_pin(state: State<'_, KioskState>, pin: String) -> Result<(), KioskError> {
    logged(
        "staff_change_pin",
        state
            .kiosk
            .staff()
            .change_pin(&pin)
            .map_err(KioskError::from),
    )?;
    tracing::info!("staff PIN changed");
    Ok(())
}

/// Leaves kiosk mode: the app exits through its exit path, which settles any session.
#[tauri::command]
pub fn staff_quit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, KioskState>,
) -> Result<(), KioskError> {
    state.kiosk.staff().touch()?;
    tracing::info!("staff quit the kiosk");
    state
        .quitting
        .store(true, std::sync::atomic::Ordering::SeqCst);
    app.exit(0);
    Ok(())
}

/// The clipboard's text, trimmed of what copying adds. An empty clipboard is `clipboard_empty`.
fn read_clipboard() -> Result<String, KioskError> {
    let text = arboard::Clipboard::new()
        .and_then(|mut c| c.get_text())
        .map_err(|e| {
            tracing::warn!(error = %e, "clipboard unreadable");
            KioskError::ClipboardEmpty
        })?;
    if text.trim().is_empty() {
        return Err(KioskError::ClipboardEmpty);
    }
    Ok(text)
}

/// A key left on the clipboard could be pasted anywhere: wipe it once it is stored.
fn clear_clipboard_if(secret: &str) {
    if let Ok(mut c) = arboard::Clipboard::new() {
        if c.get_text().is_ok_and(|t| t == secret) {
            let _ = c.clear();
        }
    }
}

/// Another CSP is needed for the new connection: restart (staff are in the panel, so no
/// customer is mid-flow).
fn restart_if<R: Runtime>(app: &AppHandle<R>, needed: bool) {
    if needed {
        tracing::info!("restarting to apply the new connection");
        // The new process must be able to take the data folder.
        app.state::<KioskState>().release_instance();
        app.restart();
    }
}

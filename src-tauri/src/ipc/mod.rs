//! The commands the page may call: adapters of one to five lines over `kiosk-core`, nothing
//! else. Each is granted by name in `src-tauri/capabilities/` (see the build script's list).
//!
//! What crosses IPC: the kiosk's public settings, small statuses and views, and a
//! `client_secret` from `start_verification` and `retry_verification` only. Never a session
//! id of the customer's, a session object, a hosted URL or a key. Errors go as `{code,
//! message}` ([`kiosk_core::KioskError`]).

mod customer;
mod panel;

use std::sync::Arc;

use kiosk_core::{Kiosk, KioskError};
use tauri::ipc::Invoke;

use crate::state::KioskState;
use tauri::Runtime;

/// Every command, for `Builder::invoke_handler`.
pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        customer::kiosk_info,
        customer::start_verification,
        customer::verification_status,
        customer::retry_verification,
        customer::use_hosted_flow,
        customer::finish_verification,
        customer::check_connection,
        customer::connection_status,
        customer::report_camera,
        customer::set_language,
        panel::staff_status,
        panel::staff_set_first_pin,
        panel::staff_unlock,
        panel::staff_lock,
        panel::staff_overview,
        panel::staff_check_connection,
        panel::staff_set_key_from_clipboard,
        panel::staff_remove_key,
        panel::staff_update_settings,
        panel::staff_journal,
        panel::staff_cancel_session,
        panel::staff_redact_session,
        panel::staff_export_csv,
        panel::staff_diagnostics,
        panel::staff_change_pin,
        panel::staff_quit,
        panel::staff_update_status,
        panel::staff_check_update,
        panel::staff_install_update,
    ]
}

/// Runs `work` on Tokio's blocking pool and waits for it without blocking anything: the
/// commands that hash a PIN (Argon2 is slow on purpose), touch SQLite or write files. A sync
/// command would run on the main thread and freeze the window meanwhile; an async one that
/// did the work in place would hold up one of the async workers.
async fn blocking<T: Send + 'static>(
    state: &KioskState,
    work: impl FnOnce(&Kiosk) -> Result<T, KioskError> + Send + 'static,
) -> Result<T, KioskError> {
    let kiosk = Arc::clone(&state.kiosk);
    kiosk_core::off_worker(move || work(&kiosk)).await
}

/// The page only gets an error's code and a safe message; the kiosk's log keeps the detail
/// (scrubbed of secrets by the Stripe client) for staff.
fn logged<T>(command: &str, result: Result<T, KioskError>) -> Result<T, KioskError> {
    if let Err(e) = &result {
        tracing::warn!(command, code = e.code(), error = %e, "command failed");
    }
    result
}

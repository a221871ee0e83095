//! Start at login follows the `kiosk.autostart` setting (which IT may lock by policy): the
//! OS's login item is added or removed at every start and settings change, so it never drifts
//! from the setting.

use kiosk_core::host::lifecycle::{autostart_change, Autostart};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_autostart::ManagerExt as _;

use crate::state::KioskState;

/// Makes the login item match the setting.
pub fn sync<R: Runtime>(app: &AppHandle<R>) {
    let wanted = app
        .state::<KioskState>()
        .kiosk
        .loaded_settings()
        .settings
        .autostart;
    let launcher = app.autolaunch();
    let result =
        launcher
            .is_enabled()
            .and_then(|enabled| match autostart_change(wanted, enabled) {
                Autostart::Enable => launcher.enable().map(|()| "enabled"),
                Autostart::Disable => launcher.disable().map(|()| "disabled"),
                Autostart::Unchanged => Ok("unchanged"),
            });
    match result {
        Ok(change) => tracing::info!(wanted, change, "start at login"),
        Err(e) => tracing::warn!(wanted, error = %e, "cannot change start at login"),
    }
}

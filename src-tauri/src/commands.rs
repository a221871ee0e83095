//! Tauri commands: adapters of a few lines over the library code, nothing else.

use crate::app::KioskState;
use crate::backend::KioskMode;

/// What the Welcome screen needs to know about this kiosk. Holds no secret.
#[derive(Debug, serde::Serialize)]
pub struct KioskInfo {
    mode: KioskMode,
    version: &'static str,
}

#[tauri::command]
pub fn kiosk_info(state: tauri::State<'_, KioskState>) -> KioskInfo {
    KioskInfo {
        mode: state.backend.mode(),
        version: env!("CARGO_PKG_VERSION"),
    }
}

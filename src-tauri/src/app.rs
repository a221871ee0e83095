//! The Tauri application: the main window, managed state and the command handler.

use tauri::{Builder, Runtime};

use crate::backend::Backend;
use crate::commands;

/// State shared with commands through `tauri::State`.
#[derive(Debug)]
pub struct KioskState {
    pub backend: Backend,
}

/// Adds the kiosk's state and commands to `builder` (generic so tests can use a mock runtime).
pub fn build<R: Runtime>(builder: Builder<R>, backend: Backend) -> Builder<R> {
    builder
        .manage(KioskState { backend })
        .invoke_handler(tauri::generate_handler![commands::kiosk_info])
}

/// Opens the kiosk window and runs until it closes.
pub fn run(backend: Backend) -> Result<(), tauri::Error> {
    tracing::info!(mode = ?backend.mode(), "starting the kiosk window");
    build(tauri::Builder::default(), backend).run(tauri::generate_context!())
}

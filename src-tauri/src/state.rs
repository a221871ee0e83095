//! What the commands and handlers share through `tauri::State`: the kiosk, its window's state,
//! its life cycle, and this process's hold on the data folder.

use std::sync::{Arc, Mutex};

use kiosk_core::host::{App, Lifecycle, WindowState};
use kiosk_core::{InstanceLock, Kiosk};
use tauri::{AppHandle, Manager, Runtime};

/// The app's managed state.
#[derive(Debug)]
pub struct KioskState {
    /// Shared with the blocking pool, where the commands that hash, touch SQLite or write
    /// files run (see `ipc::blocking`).
    pub kiosk: Arc<Kiosk>,
    pub window: WindowState,
    pub lifecycle: Lifecycle,
    /// Released before a restart, so the new process can take the data folder.
    instance: Mutex<Option<InstanceLock>>,
}

impl KioskState {
    pub fn new(kiosk: Kiosk, instance: InstanceLock, locked: bool) -> Self {
        Self {
            window: WindowState::new(kiosk.csp_origins().to_vec()),
            kiosk: Arc::new(kiosk),
            lifecycle: Lifecycle::new(locked),
            instance: Mutex::new(Some(instance)),
        }
    }

    /// Lets go of the data folder (before a restart).
    pub fn release_instance(&self) {
        if let Ok(mut held) = self.instance.lock() {
            held.take();
        }
    }
}

/// The running app, as [`kiosk_core::host`] restarts it.
pub struct Restarter<'a, R: Runtime>(pub &'a AppHandle<R>);

impl<R: Runtime> std::fmt::Debug for Restarter<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Restarter")
    }
}

impl<R: Runtime> App for Restarter<'_, R> {
    fn restart(&self) {
        self.0.state::<KioskState>().release_instance();
        self.0.restart();
    }
}

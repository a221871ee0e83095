//! Kiosk lock-down: what keeps a customer from leaving the kiosk.
//!
//! In release builds the window is full screen, without chrome, always on top, cannot be
//! resized, minimized or closed (a close request is refused unless staff quit from the panel),
//! has no dev tools, and its webview is incognito (nothing of a customer is written to disk).
//! Per OS ([`crate::platform::lock_down`]) the context menu and zoom are switched off, also
//! inside Stripe's iframe where the webview allows it; the page itself (ui/js/lockdown.js)
//! swallows reload, find, print, zoom and history shortcuts. Navigation and new windows are
//! allow-listed in every build (see [`crate::navigation`]).
//!
//! Debug builds stay usable for development (a normal window with dev tools);
//! `IDENTITY_KIOSK_LOCKDOWN=1` locks a debug build down to try it. A release build cannot be
//! unlocked by the environment: that would be a way out for anyone who can start it.

use tauri::{Runtime, WebviewWindowBuilder};

/// Whether this process runs locked down.
pub fn enabled() -> bool {
    if cfg!(debug_assertions) {
        std::env::var("IDENTITY_KIOSK_LOCKDOWN").is_ok_and(|v| v.trim() == "1")
    } else {
        true
    }
}

/// The window options of a locked-down (or development) kiosk window.
pub fn window<'a, R: Runtime, M: tauri::Manager<R>>(
    builder: WebviewWindowBuilder<'a, R, M>,
    locked: bool,
) -> WebviewWindowBuilder<'a, R, M> {
    // Every build: a customer's storage never reaches the disk.
    let builder = builder.incognito(true);
    if !locked {
        return builder
            .inner_size(1280.0, 800.0)
            .min_inner_size(800.0, 600.0);
    }
    builder
        .fullscreen(true)
        .decorations(false)
        .always_on_top(true)
        .resizable(false)
        .maximizable(false)
        .minimizable(false)
        .closable(false)
        .skip_taskbar(true)
        .devtools(false)
}

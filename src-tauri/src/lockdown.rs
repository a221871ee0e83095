//! Kiosk lock-down: what keeps a customer from leaving the kiosk.
//!
//! In release builds the window is full screen, without chrome, always on top, cannot be
//! resized, minimized or closed (a close request is refused unless staff quit from the panel),
//! has no dev tools, and on Windows and macOS its webview is incognito (see [`window`]).
//! Per OS ([`crate::platform::lock_down`]) the context menu and zoom are switched off, also
//! inside Stripe's iframe where the webview allows it; the page itself (ui/js/lockdown.js)
//! swallows reload, find, print, zoom and history shortcuts. Navigation and new windows are
//! allow-listed in every build (see [`crate::navigation`]).
//!
//! Debug builds stay usable for development (a normal window with dev tools);
//! `IDENTITY_KIOSK_LOCKDOWN=1` locks a debug build down to try it. A release build cannot be
//! unlocked by the environment: that would be a way out for anyone who can start it.

use kiosk_core::host::screen::{cover, Rect};
use tauri::{PhysicalPosition, PhysicalSize, Runtime, WebviewWindow, WebviewWindowBuilder};

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
    // Windows and macOS: a customer's storage never reaches the disk (InPrivate, a
    // non-persistent data store). Not on Linux: there wry gives an incognito webview a context
    // of its own that WebKit's automation cannot drive, so the end-to-end tests could not see
    // what ships; every customer's data is wiped through WebKit's data manager instead, and
    // the next customer only starts once WebKit confirms it (see `platform`).
    let builder = builder.incognito(!cfg!(target_os = "linux"));
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

/// Moves and sizes a locked-down `window` to cover its monitor (see `kiosk_core::host::screen`):
/// under bare X nobody carries out the full-screen request. Called at start and on every move,
/// resize or scale change of the window.
pub fn cover_monitor<R: Runtime>(window: &WebviewWindow<R>) {
    let monitor = window
        .current_monitor()
        .ok()
        .flatten()
        .or_else(|| window.primary_monitor().ok().flatten());
    let (Some(monitor), Ok(at), Ok(size)) = (monitor, window.outer_position(), window.outer_size())
    else {
        return;
    };
    let rect = |p: PhysicalPosition<i32>, s: PhysicalSize<u32>| Rect {
        x: p.x,
        y: p.y,
        width: s.width,
        height: s.height,
    };
    if let Some(to) = cover(rect(*monitor.position(), *monitor.size()), rect(at, size)) {
        tracing::info!(
            x = to.x,
            y = to.y,
            width = to.width,
            height = to.height,
            "covering the monitor"
        );
        let _ = window.set_position(PhysicalPosition::new(to.x, to.y));
        let _ = window.set_size(PhysicalSize::new(to.width, to.height));
    }
}

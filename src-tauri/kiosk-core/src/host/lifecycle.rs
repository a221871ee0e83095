//! The app's life around the customer: whether the window may close, the exit that settles
//! the customer's session first, start at login, and the background reachability check with
//! the restart it may ask for (a key read from the keyring late needs another page policy),
//! which waits until no customer is mid-flow.
//!
//! Lock story: two atomics of its own; the loops take the kiosk's locks only through its
//! methods, one call at a time.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::Kiosk;

/// How often a pending restart looks again whether the customer is done.
pub const IDLE_POLL: Duration = Duration::from_secs(5);

/// What the loops need from the app.
pub trait App: Send + Sync {
    /// Lets go of the data folder and restarts the app (a new process, the same arguments).
    fn restart(&self);
}

/// Closing and exiting.
#[derive(Debug)]
pub struct Lifecycle {
    locked: bool,
    quitting: AtomicBool,
    exiting: AtomicBool,
}

impl Lifecycle {
    /// `locked`: release builds, where the window refuses to close.
    pub fn new(locked: bool) -> Self {
        Self {
            locked,
            quitting: AtomicBool::new(false),
            exiting: AtomicBool::new(false),
        }
    }

    /// Whether the kiosk runs locked down.
    pub fn locked(&self) -> bool {
        self.locked
    }

    /// Whether the window may close now: always in a development build; in a locked one
    /// only once staff quit from the panel.
    pub fn close_allowed(&self) -> bool {
        let allowed = !self.locked || self.quitting.load(Ordering::SeqCst);
        if !allowed {
            tracing::warn!("close refused: the kiosk is locked (staff can quit from the panel)");
        }
        allowed
    }

    /// Staff quit from the panel: the window may close.
    pub fn quit(&self) {
        tracing::info!("staff quit the kiosk");
        self.quitting.store(true, Ordering::SeqCst);
    }

    /// The app was asked to exit: `true` the first time, when the exit must wait for
    /// [`settle_before_exit`]; `false` after, when it may go.
    pub fn begin_exit(&self) -> bool {
        !self.exiting.swap(true, Ordering::SeqCst)
    }
}

/// Settles the customer's session (a session waiting for them is canceled) before the exit.
pub async fn settle_before_exit(kiosk: &Kiosk) {
    let outcome = kiosk.finish_verification().await;
    tracing::info!(?outcome, "kiosk exiting");
}

/// What to do with the OS's login item so it matches the `kiosk.autostart` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Autostart {
    Enable,
    Disable,
    Unchanged,
}

/// The change that makes the login item (`enabled`) follow the setting (`wanted`).
pub fn autostart_change(wanted: bool, enabled: bool) -> Autostart {
    match (wanted, enabled) {
        (true, false) => Autostart::Enable,
        (false, true) => Autostart::Disable,
        _ => Autostart::Unchanged,
    }
}

/// `IDENTITY_KIOSK_CHECK_SECS` (development and tests): the longest wait between two checks.
pub fn check_interval_override(value: Option<&str>) -> Option<Duration> {
    value
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
        .map(Duration::from_secs)
}

/// Checks in the background whether Stripe answers (see [`crate::health`]), so the Welcome
/// screen knows before a customer taps; `at_most` shortens the wait between checks. Returns
/// only to restart the app when the kiosk asked for it, once no customer is mid-flow.
pub async fn watch_stripe(kiosk: &Kiosk, at_most: Option<Duration>, app: &dyn App) {
    loop {
        kiosk.check_health().await;
        if kiosk.take_restart_request() {
            restart_when_idle(kiosk, app).await;
            return;
        }
        let wait = kiosk.health().next_check_in();
        tokio::time::sleep(at_most.map_or(wait, |most| wait.min(most))).await;
    }
}

/// Restarts the app (to load a page with another policy) once no customer is mid-flow.
pub async fn restart_when_idle(kiosk: &Kiosk, app: &dyn App) {
    while kiosk.verifier().in_flow().await {
        tokio::time::sleep(IDLE_POLL).await;
    }
    tracing::info!("restarting to use the key from the keyring");
    app.restart();
}

/// A staff change needs another page policy: restart now (staff are in the panel, so no
/// customer is mid-flow).
pub fn restart_if(needed: bool, app: &dyn App) {
    if needed {
        tracing::info!("restarting to apply the new connection");
        app.restart();
    }
}

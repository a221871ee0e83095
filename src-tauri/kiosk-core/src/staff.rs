//! The staff panel's gate: who may run staff commands, and for how long.
//!
//! The panel opens with the staff PIN (or, the very first time, by choosing one) and closes
//! by itself after `timeout` without a staff command, so a panel left open on a kiosk in a
//! lobby does not stay open for the next customer. Every staff command calls
//! [`StaffGate::touch`] first.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

// Tokio's clock (the std clock unless a test paused it), so the inactivity limit is tested on
// virtual time.
use tokio::time::Instant;

use crate::pin::{PinCheck, PinError, PinStore};

/// The staff panel's gate.
#[derive(Debug)]
pub struct StaffGate {
    pins: PinStore,
    timeout: Mutex<Duration>,
    /// When the last staff command ran, while the panel is open.
    open_since_activity: Mutex<Option<Instant>>,
}

/// What the staff panel shows before it is opened.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StaffStatus {
    /// False until the first opening sets a PIN.
    pub pin_set: bool,
    pub open: bool,
    /// Seconds left of a PIN lockout, rounded up.
    pub retry_after_secs: Option<u64>,
    /// Inactivity after which the panel closes.
    pub timeout_secs: u64,
    /// No usable PIN, and the screen may not choose one: a Stripe key is stored on this kiosk,
    /// or the PIN file cannot be read. The panel says to ask IT (`identity-kiosk pin set
    /// --stdin`). Set by the kiosk, which knows about keys; the gate alone says false.
    pub ask_it: bool,
}

/// What an unlock attempt did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum UnlockOutcome {
    Opened,
    Wrong {
        remaining: u32,
    },
    LockedOut {
        retry_after_secs: u64,
    },
    /// No PIN yet: the panel asks for a first one instead.
    NoPin,
    /// No PIN, and the screen may not choose one (see [`StaffStatus::ask_it`]).
    AskIt,
}

/// Everything the staff gate can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    /// The panel is closed (never opened, timed out, or locked): enter the PIN.
    #[error("the staff panel is locked")]
    Locked,
    /// A first PIN was offered but a PIN already exists.
    #[error("a staff PIN is already set")]
    PinAlreadySet,
    /// A first PIN was offered on a kiosk that holds a Stripe key: only IT sets it then, so
    /// that losing the PIN file never hands the panel (and the key) to whoever is at the screen.
    #[error(
        "a Stripe key is stored on this kiosk, so only IT can set its staff PIN: run \
         `identity-kiosk pin set --stdin` as the kiosk's user"
    )]
    PinSetByIt,
    #[error(transparent)]
    Pin(#[from] PinError),
}

impl StaffError {
    /// The stable code the UI branches on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Locked => "staff_locked",
            Self::PinAlreadySet => "pin_already_set",
            Self::PinSetByIt => "pin_set_by_it",
            Self::Pin(e) => e.code(),
        }
    }
}

impl StaffGate {
    /// A closed gate over `pins`, closing after `timeout` without activity.
    pub fn new(pins: PinStore, timeout: Duration) -> Self {
        Self {
            pins,
            timeout: Mutex::new(timeout),
            open_since_activity: Mutex::new(None),
        }
    }

    /// Changes the inactivity timeout; it applies to an open panel too.
    pub fn set_timeout(&self, t: Duration) {
        *relock(&self.timeout) = t;
    }

    pub fn status(&self) -> Result<StaffStatus, PinError> {
        self.status_at(Instant::now(), SystemTime::now())
    }

    /// The status to show when the PIN file cannot be read: closed, and IT must act.
    pub fn status_unreadable(&self) -> StaffStatus {
        StaffStatus {
            pin_set: false,
            open: false,
            retry_after_secs: None,
            timeout_secs: relock(&self.timeout).as_secs(),
            ask_it: true,
        }
    }

    /// Sets the first PIN, only when none exists (the panel's first opening), and opens the
    /// panel. A damaged PIN file is an error here, not "no PIN": IT resets it.
    pub fn set_first_pin(&self, pin: &str) -> Result<(), StaffError> {
        // Held across the check and the write, so two first PINs cannot both win.
        let mut open = relock(&self.open_since_activity);
        if self.pins.is_set()? {
            return Err(StaffError::PinAlreadySet);
        }
        self.pins.set(pin)?;
        *open = Some(Instant::now());
        Ok(())
    }

    /// Opens the panel with the PIN. A wrong PIN leaves an open panel open.
    pub fn unlock(&self, pin: &str) -> Result<UnlockOutcome, StaffError> {
        Ok(match self.pins.verify(pin, SystemTime::now())? {
            PinCheck::Accepted => {
                *relock(&self.open_since_activity) = Some(Instant::now());
                UnlockOutcome::Opened
            }
            PinCheck::Wrong { remaining } => UnlockOutcome::Wrong { remaining },
            PinCheck::LockedOut { retry_after } => UnlockOutcome::LockedOut {
                retry_after_secs: ceil_secs(retry_after),
            },
            PinCheck::NotSet => UnlockOutcome::NoPin,
        })
    }

    /// Lets a staff command through if the panel is open and was used within the timeout,
    /// and counts the command as activity. Otherwise closes the panel.
    pub fn touch(&self) -> Result<(), StaffError> {
        self.touch_at(Instant::now())
    }

    /// Replaces the PIN; the panel must be open.
    pub fn change_pin(&self, pin: &str) -> Result<(), StaffError> {
        self.touch()?;
        Ok(self.pins.set(pin)?)
    }

    /// Closes the panel.
    pub fn lock(&self) {
        *relock(&self.open_since_activity) = None;
    }

    fn touch_at(&self, now: Instant) -> Result<(), StaffError> {
        let timeout = *relock(&self.timeout);
        let mut open = relock(&self.open_since_activity);
        match *open {
            Some(last) if now.saturating_duration_since(last) < timeout => {
                *open = Some(now.max(last));
                Ok(())
            }
            _ => {
                *open = None;
                Err(StaffError::Locked)
            }
        }
    }

    fn status_at(&self, now: Instant, wall: SystemTime) -> Result<StaffStatus, PinError> {
        let timeout = *relock(&self.timeout);
        let open = {
            let mut open = relock(&self.open_since_activity);
            if open.is_some_and(|last| now.saturating_duration_since(last) >= timeout) {
                *open = None;
            }
            open.is_some()
        };
        Ok(StaffStatus {
            pin_set: self.pins.is_set()?,
            open,
            retry_after_secs: self.pins.lockout(wall)?.map(ceil_secs),
            timeout_secs: timeout.as_secs(),
            ask_it: false,
        })
    }
}

/// The guarded values are plain times, valid whatever a panicking holder was doing.
fn relock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    fn gate() -> (tempfile::TempDir, StaffGate) {
        let dir = tempfile::tempdir().unwrap();
        let pins = PinStore::new(dir.path().join("pin.json"));
        (dir, StaffGate::new(pins, 2 * MINUTE))
    }

    #[test]
    fn the_first_pin_can_be_set_only_once_and_opens_the_panel() {
        let (_dir, g) = gate();
        let s = g.status().unwrap();
        assert_eq!(
            s,
            StaffStatus {
                pin_set: false,
                open: false,
                retry_after_secs: None,
                timeout_secs: 120,
                ask_it: false,
            }
        );
        assert_eq!(g.unlock("2468").unwrap(), UnlockOutcome::NoPin);
        assert_eq!(g.touch().unwrap_err().code(), "staff_locked");
        assert_eq!(g.set_first_pin("12").unwrap_err().code(), "pin_invalid");
        g.set_first_pin("2468").unwrap();
        g.touch().unwrap();
        let s = g.status().unwrap();
        assert!(s.pin_set && s.open);
        g.lock();
        assert_eq!(
            g.set_first_pin("1357").unwrap_err().code(),
            "pin_already_set"
        );
        assert_eq!(
            g.unlock("1357").unwrap(),
            UnlockOutcome::Wrong { remaining: 4 }
        );
        assert_eq!(g.unlock("2468").unwrap(), UnlockOutcome::Opened);
    }

    #[test]
    fn unlock_outcomes_and_the_lockout_in_the_status() {
        let (_dir, g) = gate();
        g.set_first_pin("2468").unwrap();
        g.lock();
        for remaining in (1..=4).rev() {
            assert_eq!(
                g.unlock("0000").unwrap(),
                UnlockOutcome::Wrong { remaining }
            );
        }
        let UnlockOutcome::LockedOut { retry_after_secs } = g.unlock("0000").unwrap() else {
            panic!("locked out");
        };
        assert!((30..=31).contains(&retry_after_secs), "{retry_after_secs}");
        assert!(matches!(
            g.unlock("2468").unwrap(),
            UnlockOutcome::LockedOut { .. }
        ));
        let s = g.status().unwrap();
        assert!(!s.open);
        assert!(
            s.retry_after_secs.is_some_and(|r| (29..=31).contains(&r)),
            "{s:?}"
        );
        let v = serde_json::to_value(g.unlock("2468").unwrap()).unwrap();
        assert_eq!(v["outcome"], "locked_out");
        assert!(v["retry_after_secs"].as_u64().is_some(), "{v}");
        assert_eq!(
            serde_json::to_value(UnlockOutcome::Wrong { remaining: 2 }).unwrap(),
            serde_json::json!({"outcome": "wrong", "remaining": 2})
        );
    }

    #[test]
    fn the_panel_closes_after_the_timeout_without_activity() {
        let (_dir, g) = gate();
        g.set_first_pin("2468").unwrap();
        let t0 = Instant::now();
        g.touch_at(t0).unwrap();
        g.touch_at(t0 + MINUTE).unwrap();
        // Activity moved the deadline: 2 min after the last command, not the first.
        g.touch_at(t0 + 2 * MINUTE + Duration::from_secs(59))
            .unwrap();
        assert!(
            g.status_at(t0 + 4 * MINUTE, SystemTime::now())
                .unwrap()
                .open
        );
        let late = t0 + 5 * MINUTE;
        assert!(!g.status_at(late, SystemTime::now()).unwrap().open);
        assert!(matches!(g.touch_at(late), Err(StaffError::Locked)));
        assert!(
            matches!(g.touch_at(t0), Err(StaffError::Locked)),
            "stays closed"
        );
        assert_eq!(g.change_pin("1357").unwrap_err().code(), "staff_locked");
    }

    #[tokio::test(start_paused = true)]
    async fn the_panel_closes_on_the_clock_it_reads() {
        let (_dir, g) = gate();
        g.set_first_pin("2468").unwrap();
        g.set_timeout(Duration::from_millis(50));
        g.touch().unwrap();
        tokio::time::advance(Duration::from_millis(40)).await;
        g.touch().expect("still open: activity keeps it so");
        tokio::time::advance(Duration::from_millis(80)).await;
        assert!(matches!(g.touch(), Err(StaffError::Locked)));
        assert_eq!(g.status().unwrap().timeout_secs, 0);
    }

    #[test]
    fn lock_closes_the_panel_and_change_pin_needs_it_open() {
        let (_dir, g) = gate();
        g.set_first_pin("2468").unwrap();
        g.change_pin("1357").unwrap();
        assert_eq!(g.change_pin("13a7").unwrap_err().code(), "pin_invalid");
        g.lock();
        assert!(!g.status().unwrap().open);
        assert!(matches!(g.touch(), Err(StaffError::Locked)));
        assert!(matches!(g.change_pin("9999"), Err(StaffError::Locked)));
        assert_eq!(
            g.unlock("2468").unwrap(),
            UnlockOutcome::Wrong { remaining: 4 }
        );
        assert_eq!(g.unlock("1357").unwrap(), UnlockOutcome::Opened);
        g.touch().unwrap();
    }

    #[test]
    fn a_damaged_pin_file_does_not_let_anyone_choose_a_new_pin() {
        let (dir, g) = gate();
        std::fs::write(dir.path().join("pin.json"), "garbage").unwrap();
        assert_eq!(g.set_first_pin("2468").unwrap_err().code(), "pin_corrupt");
        assert_eq!(g.unlock("2468").unwrap_err().code(), "pin_corrupt");
        assert_eq!(g.status().unwrap_err().code(), "pin_corrupt");
        assert!(matches!(g.touch(), Err(StaffError::Locked)));
    }
}

//! The staff PIN as the panel's lock screen uses it: set the first one, open the panel, close
//! it, change the PIN. What is told to the log is said here once, not by each caller.
//!
//! The screen may choose the first PIN only on a kiosk that holds no Stripe key: once a key is
//! stored, a PIN file that is missing (a wiped data folder) or unreadable sends staff to IT
//! (`identity-kiosk pin set --stdin`), so it never hands the panel to whoever is at the screen.
//!
//! Lock story: the staff gate's own short locks, and the connection's key source.

use super::Kiosk;
use crate::error::KioskError;
use crate::staff::{StaffError, StaffStatus, UnlockOutcome};

impl Kiosk {
    /// Whether a PIN is set, the panel is open, or the PIN is locked out for a while, and
    /// whether staff must ask IT for one. A PIN file that cannot be read is not an error here:
    /// the panel shows what to do about it.
    pub fn staff_status(&self) -> Result<StaffStatus, KioskError> {
        Ok(match self.staff.status() {
            Ok(status) => StaffStatus {
                ask_it: !status.pin_set && self.connection.keys_stored(),
                ..status
            },
            Err(e) => {
                tracing::warn!(code = e.code(), error = %e, "the staff PIN file cannot be read: IT sets the PIN again");
                self.staff.status_unreadable()
            }
        })
    }

    /// Sets the first PIN (refused once one is set, and on a kiosk that holds a Stripe key)
    /// and opens the panel.
    pub fn set_first_pin(&self, pin: &str) -> Result<StaffStatus, KioskError> {
        if self.connection.keys_stored() {
            if self.staff.status().is_ok_and(|s| s.pin_set) {
                return Err(StaffError::PinAlreadySet.into());
            }
            tracing::warn!("first staff PIN refused: a Stripe key is stored, IT sets the PIN");
            return Err(StaffError::PinSetByIt.into());
        }
        self.staff.set_first_pin(pin)?;
        tracing::info!("staff PIN set for the first time");
        self.staff_status()
    }

    /// Opens the panel if `pin` is right; a wrong one counts towards the lockout.
    pub fn unlock_panel(&self, pin: &str) -> Result<UnlockOutcome, KioskError> {
        let outcome = match self.staff.unlock(pin)? {
            UnlockOutcome::NoPin if self.connection.keys_stored() => UnlockOutcome::AskIt,
            other => other,
        };
        match &outcome {
            UnlockOutcome::Opened => tracing::info!("staff panel opened"),
            other => tracing::warn!(?other, "staff panel: PIN refused"),
        }
        Ok(outcome)
    }

    /// Closes the panel.
    pub fn lock_panel(&self) {
        self.staff.lock();
        tracing::info!("staff panel closed");
    }

    /// Changes the PIN (the panel must be open).
    pub fn change_pin(&self, pin: &str) -> Result<(), KioskError> {
        self.staff.change_pin(pin)?;
        tracing::info!("staff PIN changed");
        Ok(())
    }
}

//! The staff PIN as the panel's lock screen uses it: set the first one, open the panel, close
//! it, change the PIN. What is told to the log is said here once, not by each caller.
//!
//! Lock story: the staff gate's own short locks only.

use super::Kiosk;
use crate::error::KioskError;
use crate::staff::{StaffStatus, UnlockOutcome};

impl Kiosk {
    /// Whether a PIN is set, the panel is open, or the PIN is locked out for a while.
    pub fn staff_status(&self) -> Result<StaffStatus, KioskError> {
        self.staff.status().map_err(|e| KioskError::Staff(e.into()))
    }

    /// Sets the first PIN (refused once one is set) and opens the panel.
    pub fn set_first_pin(&self, pin: &str) -> Result<StaffStatus, KioskError> {
        self.staff.set_first_pin(pin)?;
        tracing::info!("staff PIN set for the first time");
        self.staff_status()
    }

    /// Opens the panel if `pin` is right; a wrong one counts towards the lockout.
    pub fn unlock_panel(&self, pin: &str) -> Result<UnlockOutcome, KioskError> {
        let outcome = self.staff.unlock(pin)?;
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

//! The customer's reference (a booking number...), checked against the settings before a
//! session is created for it.

use crate::error::KioskError;
use crate::settings::{ReferenceMode, Settings};

/// Longest reference accepted (it goes into metadata, whose values Stripe caps at 500).
pub const MAX_REFERENCE_CHARS: usize = 100;

/// The reference to use: trimmed, dropped when the setting hides the field, required when the
/// setting says so, and no longer than [`MAX_REFERENCE_CHARS`].
pub fn check(settings: &Settings, reference: Option<&str>) -> Result<Option<String>, KioskError> {
    let reference = match settings.reference_mode {
        ReferenceMode::Hidden => None,
        _ => reference
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned),
    };
    if reference.is_none() && settings.reference_mode == ReferenceMode::Required {
        return Err(KioskError::ReferenceRequired);
    }
    if reference
        .as_ref()
        .is_some_and(|r| r.chars().count() > MAX_REFERENCE_CHARS)
    {
        return Err(KioskError::ReferenceTooLong {
            max: MAX_REFERENCE_CHARS,
        });
    }
    Ok(reference)
}

//! The kiosk's settings: what they are, their defaults, and where they come from.
//!
//! A setting can come from four places; the first that has a valid value wins:
//!
//! 1. the machine-wide policy file (IT's, read-only to the kiosk): a key set there is *locked*;
//! 2. an `IDENTITY_KIOSK_*` environment variable named in the settings table (a service unit's,
//!    a developer's; unlike the [`crate::switches`], every build reads these, under the policy);
//! 3. the per-user settings file (the one the staff panel writes);
//! 4. the default ([`Settings::default`]).
//!
//! A value that does not parse, an unknown key or a broken file is reported as a
//! [`SettingProblem`] and skipped, so a typo never keeps the kiosk from starting.
//!
//! - `table`: the table of every setting (key, variable, kind, how to apply and read it);
//! - `files`: reading the TOML files with line numbers, and writing the user file;
//! - `layers`: the precedence, locks, and the staff panel's view and save;
//! - `problem`: what is reported when a source is broken, and the save errors.

mod files;
mod layers;
mod problem;
mod reason;
mod table;

use std::time::Duration;

use stripe_identity::models::DocumentType;

pub use layers::{LoadedSettings, SettingView, SettingsPaths, Source};
pub use problem::{Outcome, SettingProblem, SettingsError};
pub use reason::Reason;

/// Which way the customer verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    /// Stripe.js modal, falling back to the hosted page when the modal cannot run.
    Auto,
    /// Only the modal.
    Modal,
    /// Only Stripe's hosted page.
    Hosted,
}

impl Flow {
    /// The names a setting may use, in the order the staff panel offers them.
    pub const NAMES: &'static [&'static str] = &["auto", "modal", "hosted"];

    /// The variant named `name` (one of [`Self::NAMES`]).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "auto" => Some(Self::Auto),
            "modal" => Some(Self::Modal),
            "hosted" => Some(Self::Hosted),
            _ => None,
        }
    }

    /// The name settings use for this variant.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Modal => "modal",
            Self::Hosted => "hosted",
        }
    }
}

/// Whether the Welcome screen asks for a reference (booking number...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceMode {
    Hidden,
    Optional,
    Required,
}

impl ReferenceMode {
    /// The names a setting may use, in the order the staff panel offers them.
    pub const NAMES: &'static [&'static str] = &["hidden", "optional", "required"];

    /// The variant named `name` (one of [`Self::NAMES`]).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "hidden" => Some(Self::Hidden),
            "optional" => Some(Self::Optional),
            "required" => Some(Self::Required),
            _ => None,
        }
    }

    /// The name settings use for this variant.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hidden => "hidden",
            Self::Optional => "optional",
            Self::Required => "required",
        }
    }
}

/// Every setting of the kiosk, after the sources are merged (see [`LoadedSettings::load`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Written to each session's metadata as `kiosk_id`.
    pub kiosk_id: String,
    /// Shown on the Welcome screen.
    pub business_name: String,
    pub flow: Flow,
    pub reference_mode: ReferenceMode,
    /// Label of the reference field, e.g. "Booking number" (the UI has a default).
    pub reference_label: Option<String>,
    /// Document types to accept; empty means Stripe's default (all).
    pub allowed_types: Vec<DocumentType>,
    pub require_id_number: bool,
    pub require_live_capture: bool,
    pub require_matching_selfie: bool,
    /// Submissions allowed per customer (each one is billed).
    pub max_attempts: u32,
    /// Result screens return to Welcome after this long without input.
    pub idle_timeout: Duration,
    /// Longest time the Stripe modal may stay open.
    pub modal_timeout: Duration,
    /// Longest time to keep polling a `processing` session before telling staff to check later.
    pub processing_limit: Duration,
    /// Show the verified first name and last initial for staff to compare.
    pub show_verified_name: bool,
    /// Languages the customer may pick from, in the picker's order (never empty).
    pub languages: Vec<String>,
    /// The language Welcome starts in (see [`Settings::customer_language`]).
    pub default_language: String,
    /// The staff panel's language, whatever the customer chose.
    pub staff_language: String,
    /// Demo/training mode: the embedded sandbox even when a secret key is stored.
    pub sandbox: bool,
    /// The staff panel closes after this long without input.
    pub staff_timeout: Duration,
    /// Start the kiosk when the user logs in.
    pub autostart: bool,
    /// Days to keep log files.
    pub log_retention_days: u32,
    /// Look for updates (staff install them; see [`crate::updates`]).
    pub updates_enabled: bool,
    /// Where to look for updates (an `https://` URL IT sets); none means no checks: the build
    /// holds only the public key updates must be signed with, no endpoint.
    pub updates_endpoint: Option<String>,
}

impl Default for Settings {
    // The one place defaults are written: the key table reads them back from here for the staff
    // panel, and the struct literal makes the compiler insist every field has one.
    fn default() -> Self {
        Self {
            kiosk_id: "kiosk".to_owned(),
            business_name: String::new(),
            flow: Flow::Auto,
            reference_mode: ReferenceMode::Hidden,
            reference_label: None,
            allowed_types: Vec::new(),
            require_id_number: false,
            require_live_capture: true,
            require_matching_selfie: false,
            max_attempts: 3,
            idle_timeout: Duration::from_secs(30),
            modal_timeout: Duration::from_secs(15 * 60),
            processing_limit: Duration::from_secs(3 * 60),
            show_verified_name: false,
            // Every catalog: a customer is greeted in their language out of the box.
            languages: crate::languages::LANGUAGES
                .iter()
                .map(|l| (*l).to_owned())
                .collect(),
            default_language: crate::languages::FALLBACK.to_owned(),
            staff_language: crate::languages::FALLBACK.to_owned(),
            sandbox: false,
            staff_timeout: Duration::from_secs(120),
            autostart: false,
            log_retention_days: 30,
            updates_enabled: false,
            updates_endpoint: None,
        }
    }
}

impl Settings {
    /// The language each customer starts in: `default_language` when it is one of `languages`,
    /// else the first of them (IT who offers only French and German means one of those).
    pub fn customer_language(&self) -> &str {
        if self.languages.contains(&self.default_language) {
            &self.default_language
        } else {
            self.languages
                .first()
                .map_or(crate::languages::FALLBACK, String::as_str)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_customer_language_is_one_of_the_offered() {
        let mut s = Settings::default();
        assert_eq!(s.customer_language(), "en");
        s.languages = vec!["fr".into(), "de".into()];
        assert_eq!(s.customer_language(), "fr");
        s.default_language = "de".into();
        assert_eq!(s.customer_language(), "de");
    }

    #[test]
    fn choice_names_and_variants_agree() {
        for name in Flow::NAMES {
            assert_eq!(Flow::from_name(name).map(Flow::as_str), Some(*name));
        }
        for name in ReferenceMode::NAMES {
            assert_eq!(
                ReferenceMode::from_name(name).map(ReferenceMode::as_str),
                Some(*name)
            );
        }
        assert_eq!(Flow::from_name("popup"), None);
        // The serialized name (sent to the UI) is the settings name.
        assert_eq!(
            serde_json::to_value(Flow::Hosted).unwrap(),
            Flow::Hosted.as_str()
        );
        assert_eq!(
            serde_json::to_value(ReferenceMode::Optional).unwrap(),
            ReferenceMode::Optional.as_str()
        );
    }
}

//! The kiosk's settings and their defaults.
//!
//! For now they come from `IDENTITY_KIOSK_*` environment variables (read in one place,
//! [`Settings::from_env`]); the per-user file and the machine-wide policy arrive with the staff
//! panel. A value that does not parse is reported and replaced by its default, so a typo never
//! keeps the kiosk from starting.

use std::time::Duration;

use stripe_identity::models::DocumentType;

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

/// Whether the Welcome screen asks for a reference (booking number...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceMode {
    Hidden,
    Optional,
    Required,
}

/// Every setting of the customer flow.
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
}

impl Default for Settings {
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
        }
    }
}

/// A setting that did not parse: the kiosk uses the default and says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingProblem {
    pub name: String,
    pub reason: String,
}

impl std::fmt::Display for SettingProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} (using the default)", self.name, self.reason)
    }
}

impl Settings {
    /// Reads `IDENTITY_KIOSK_*` variables from the process environment.
    pub fn from_env() -> (Self, Vec<SettingProblem>) {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Reads settings through `get` (a variable name → its value), for tests.
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> (Self, Vec<SettingProblem>) {
        let mut s = Self::default();
        let mut problems = Vec::new();
        let mut read = |name: &str, apply: &mut dyn FnMut(&str) -> Result<(), String>| {
            let var = format!("IDENTITY_KIOSK_{name}");
            if let Some(value) = get(&var).filter(|v| !v.trim().is_empty()) {
                if let Err(reason) = apply(value.trim()) {
                    problems.push(SettingProblem { name: var, reason });
                }
            }
        };
        read("ID", &mut |v| parse_text(v, 100).map(|v| s.kiosk_id = v));
        read("BUSINESS_NAME", &mut |v| {
            parse_text(v, 100).map(|v| s.business_name = v)
        });
        read("FLOW", &mut |v| {
            s.flow = match v {
                "auto" => Flow::Auto,
                "modal" => Flow::Modal,
                "hosted" => Flow::Hosted,
                _ => return Err(format!("{v:?} is not one of auto, modal, hosted")),
            };
            Ok(())
        });
        read("REFERENCE", &mut |v| {
            s.reference_mode = match v {
                "hidden" => ReferenceMode::Hidden,
                "optional" => ReferenceMode::Optional,
                "required" => ReferenceMode::Required,
                _ => return Err(format!("{v:?} is not one of hidden, optional, required")),
            };
            Ok(())
        });
        read("REFERENCE_LABEL", &mut |v| {
            parse_text(v, 60).map(|v| s.reference_label = Some(v))
        });
        read("ALLOWED_TYPES", &mut |v| {
            let mut types = Vec::new();
            for t in v.split(',').map(str::trim) {
                match DocumentType::from(t) {
                    DocumentType::Other(o) => {
                        return Err(format!("{o:?} is not driving_license, id_card or passport"))
                    }
                    known => types.push(known),
                }
            }
            s.allowed_types = types;
            Ok(())
        });
        read("REQUIRE_ID_NUMBER", &mut |v| {
            parse_bool(v).map(|b| s.require_id_number = b)
        });
        read("REQUIRE_LIVE_CAPTURE", &mut |v| {
            parse_bool(v).map(|b| s.require_live_capture = b)
        });
        read("REQUIRE_MATCHING_SELFIE", &mut |v| {
            parse_bool(v).map(|b| s.require_matching_selfie = b)
        });
        read("MAX_ATTEMPTS", &mut |v| {
            parse_u64(v, 1, 10).map(|n| s.max_attempts = n as u32)
        });
        read("IDLE_TIMEOUT_SECS", &mut |v| {
            parse_u64(v, 5, 3600).map(|n| s.idle_timeout = Duration::from_secs(n))
        });
        read("MODAL_TIMEOUT_SECS", &mut |v| {
            parse_u64(v, 30, 24 * 3600).map(|n| s.modal_timeout = Duration::from_secs(n))
        });
        read("PROCESSING_LIMIT_SECS", &mut |v| {
            parse_u64(v, 5, 24 * 3600).map(|n| s.processing_limit = Duration::from_secs(n))
        });
        read("SHOW_VERIFIED_NAME", &mut |v| {
            parse_bool(v).map(|b| s.show_verified_name = b)
        });
        (s, problems)
    }
}

fn parse_bool(v: &str) -> Result<bool, String> {
    match v {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(format!("{v:?} is not true or false")),
    }
}

fn parse_u64(v: &str, min: u64, max: u64) -> Result<u64, String> {
    match v.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("{v:?} is not a whole number from {min} to {max}")),
    }
}

fn parse_text(v: &str, max_chars: usize) -> Result<String, String> {
    if v.chars().count() > max_chars {
        return Err(format!("longer than {max_chars} characters"));
    }
    Ok(v.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> (Settings, Vec<SettingProblem>) {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (format!("IDENTITY_KIOSK_{k}"), v.to_string()))
            .collect();
        Settings::from_vars(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_without_variables() {
        let (s, problems) = from(&[]);
        assert_eq!(s, Settings::default());
        assert!(problems.is_empty());
    }

    #[test]
    fn variables_override_defaults() {
        let (s, problems) = from(&[
            ("FLOW", "hosted"),
            ("MAX_ATTEMPTS", "2"),
            ("ALLOWED_TYPES", "passport, id_card"),
            ("REFERENCE", "required"),
            ("IDLE_TIMEOUT_SECS", "12"),
            ("SHOW_VERIFIED_NAME", "yes"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.flow, Flow::Hosted);
        assert_eq!(s.max_attempts, 2);
        assert_eq!(
            s.allowed_types,
            vec![DocumentType::Passport, DocumentType::IdCard]
        );
        assert_eq!(s.reference_mode, ReferenceMode::Required);
        assert_eq!(s.idle_timeout, Duration::from_secs(12));
        assert!(s.show_verified_name);
    }

    #[test]
    fn bad_values_are_reported_by_name_and_replaced_by_defaults() {
        let (s, problems) = from(&[
            ("FLOW", "popup"),
            ("MAX_ATTEMPTS", "0"),
            ("ALLOWED_TYPES", "visa"),
        ]);
        assert_eq!(s.flow, Flow::Auto);
        assert_eq!(s.max_attempts, 3);
        assert!(s.allowed_types.is_empty());
        let names: Vec<&str> = problems.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "IDENTITY_KIOSK_FLOW",
                "IDENTITY_KIOSK_ALLOWED_TYPES",
                "IDENTITY_KIOSK_MAX_ATTEMPTS"
            ]
        );
        assert!(problems[0]
            .to_string()
            .contains("not one of auto, modal, hosted"));
    }
}

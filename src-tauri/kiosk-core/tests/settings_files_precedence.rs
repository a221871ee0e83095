//! The settings files end to end, what applies: real files in a temporary folder, loaded with
//! the precedence policy > environment > user file > defaults, and the TOML forms accepted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::settings_env::{env, no_env, write, TempDir};
use kiosk_core::settings::{Flow, LoadedSettings, ReferenceMode, Settings, Source};
use stripe_identity::models::DocumentType;

#[test]
fn defaults_without_files_or_variables() {
    let dir = TempDir::new("defaults");
    let loaded = LoadedSettings::load(dir.paths(), no_env);
    assert_eq!(loaded.settings, Settings::default());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let s = &loaded.settings;
    assert_eq!(s.kiosk_id, "kiosk");
    assert_eq!(s.flow, Flow::Auto);
    assert_eq!(s.max_attempts, 3);
    assert_eq!(s.languages, kiosk_core::languages::LANGUAGES);
    assert_eq!(
        (s.customer_language(), s.staff_language.as_str()),
        ("en", "en")
    );
    assert_eq!(s.staff_timeout, Duration::from_secs(120));
    assert_eq!(s.log_retention_days, 30);
    assert!(s.require_live_capture && !s.sandbox && !s.autostart && !s.updates_enabled);
    assert_eq!(s.updates_endpoint, None);
    for view in loaded.describe() {
        assert_eq!(view.source, Source::Default, "{}", view.key);
        assert!(!view.locked);
    }
}

#[test]
fn user_file_overrides_defaults() {
    let dir = TempDir::new("user");
    let paths = dir.paths();
    write(
        &paths.user_file,
        r#"
[kiosk]
id = "front-desk-2"
business_name = "Acme Hotel"
flow = "hosted"
reference = "optional"
reference_label = "Booking number"
max_attempts = 2
idle_timeout_secs = 45
sandbox = true
staff_timeout_secs = 300
autostart = true

[verification]
allowed_types = ["passport", "id_card"]
require_matching_selfie = true
require_live_capture = false

[logs]
retention_days = 90

[updates]
enabled = true
endpoint = "https://updates.example.com/kiosk"
"#,
    );
    let loaded = LoadedSettings::load(paths, no_env);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let s = &loaded.settings;
    assert_eq!(s.kiosk_id, "front-desk-2");
    assert_eq!(s.business_name, "Acme Hotel");
    assert_eq!(s.flow, Flow::Hosted);
    assert_eq!(s.reference_mode, ReferenceMode::Optional);
    assert_eq!(s.reference_label.as_deref(), Some("Booking number"));
    assert_eq!(s.max_attempts, 2);
    assert_eq!(s.idle_timeout, Duration::from_secs(45));
    assert!(s.sandbox && s.autostart && s.updates_enabled);
    assert_eq!(s.staff_timeout, Duration::from_secs(300));
    assert_eq!(
        s.allowed_types,
        [DocumentType::Passport, DocumentType::IdCard]
    );
    assert!(s.require_matching_selfie && !s.require_live_capture);
    assert_eq!(s.log_retention_days, 90);
    assert_eq!(
        s.updates_endpoint.as_deref(),
        Some("https://updates.example.com/kiosk")
    );
    // Keys the file does not set keep their defaults.
    assert_eq!(s.modal_timeout, Duration::from_secs(900));
    assert_eq!(loaded.source("kiosk.flow"), Some(Source::User));
    assert_eq!(
        loaded.source("kiosk.modal_timeout_secs"),
        Some(Source::Default)
    );
    assert!(!loaded.is_locked("kiosk.flow"));
}

#[test]
fn policy_overrides_user_and_environment_and_locks() {
    let dir = TempDir::new("policy");
    let paths = dir.paths();
    write(
        &paths.user_file,
        "[kiosk]\nflow = \"modal\"\nmax_attempts = 5\n",
    );
    write(
        &paths.policy_file,
        "[kiosk]\nflow = \"hosted\"\n\n[updates]\nenabled = true\n",
    );
    let loaded = LoadedSettings::load(paths, env(&[("IDENTITY_KIOSK_FLOW", "auto")]));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.settings.flow, Flow::Hosted);
    assert!(loaded.settings.updates_enabled);
    // What the policy does not set still comes from below.
    assert_eq!(loaded.settings.max_attempts, 5);
    assert!(loaded.is_locked("kiosk.flow"));
    assert!(loaded.is_locked("updates.enabled"));
    assert!(!loaded.is_locked("kiosk.max_attempts"));
    assert!(!loaded.is_locked("kiosk.nonsense"));
    assert_eq!(loaded.source("kiosk.flow"), Some(Source::Policy));
}

#[test]
fn environment_overrides_the_user_file_but_not_the_policy() {
    let dir = TempDir::new("env");
    let paths = dir.paths();
    write(
        &paths.user_file,
        "[kiosk]\nmax_attempts = 5\nbusiness_name = \"From file\"\n",
    );
    write(
        &paths.policy_file,
        "[kiosk]\nbusiness_name = \"From policy\"\n",
    );
    let vars = env(&[
        ("IDENTITY_KIOSK_MAX_ATTEMPTS", "7"),
        ("IDENTITY_KIOSK_BUSINESS_NAME", "From env"),
        ("IDENTITY_KIOSK_ALLOWED_TYPES", "passport, driving_license"),
        ("IDENTITY_KIOSK_SHOW_VERIFIED_NAME", "yes"),
        // Empty means unset: the default stays, and it is not a problem.
        ("IDENTITY_KIOSK_ID", ""),
        ("IDENTITY_KIOSK_FLOW", "  "),
    ]);
    let loaded = LoadedSettings::load(paths, vars);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let s = &loaded.settings;
    assert_eq!(s.max_attempts, 7);
    assert_eq!(s.business_name, "From policy");
    assert_eq!(
        s.allowed_types,
        [DocumentType::Passport, DocumentType::DrivingLicense]
    );
    assert!(s.show_verified_name);
    assert_eq!(s.kiosk_id, "kiosk");
    assert_eq!(s.flow, Flow::Auto);
    assert_eq!(
        loaded.source("kiosk.max_attempts"),
        Some(Source::Environment)
    );
    assert_eq!(loaded.source("kiosk.business_name"), Some(Source::Policy));
    assert_eq!(loaded.source("kiosk.id"), Some(Source::Default));
}

#[test]
fn dotted_keys_and_a_byte_order_mark_are_accepted() {
    let dir = TempDir::new("dotted");
    let paths = dir.paths();
    write(
        &paths.user_file,
        "\u{feff}kiosk.flow = \"modal\"\nverification.require_id_number = true\nkiosk.max_attempts = 99\n",
    );
    let loaded = LoadedSettings::load(paths, no_env);
    assert_eq!(loaded.settings.flow, Flow::Modal);
    assert!(loaded.settings.require_id_number);
    assert_eq!(loaded.problems.len(), 1);
    assert_eq!(loaded.problems[0].line, Some(3));
    assert_eq!(
        loaded.problems[0].key.as_deref(),
        Some("kiosk.max_attempts")
    );
}

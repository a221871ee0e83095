//! The settings files end to end: real files in a temporary folder, loaded with the precedence
//! policy > environment > user file > defaults, and saved the way the staff panel saves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use kiosk_core::settings::{
    Flow, LoadedSettings, Outcome, ReferenceMode, SettingProblem, Settings, SettingsError,
    SettingsPaths, Source,
};
use serde_json::{json, Map, Value};
use stripe_identity::models::DocumentType;

/// A fresh folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "kiosk-settings-{name}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    /// Paths inside the folder; neither file exists until written.
    fn paths(&self) -> SettingsPaths {
        SettingsPaths {
            user_file: self.0.join("user").join("settings.toml"),
            policy_file: self.0.join("policy.toml"),
        }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn no_env(_: &str) -> Option<String> {
    None
}

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Clone {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}

fn changes(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn file_name(path: &Path) -> String {
    path.display().to_string()
}

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
    assert_eq!(s.languages, ["en"]);
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
fn bad_environment_value_is_reported_by_variable_name() {
    let dir = TempDir::new("env-bad");
    let loaded = LoadedSettings::load(
        dir.paths(),
        env(&[
            ("IDENTITY_KIOSK_FLOW", "popup"),
            ("IDENTITY_KIOSK_MAX_ATTEMPTS", "0"),
        ]),
    );
    assert_eq!(loaded.settings, Settings::default());
    let p = &loaded.problems;
    assert_eq!(p.len(), 2, "{p:?}");
    assert_eq!(
        p[0],
        SettingProblem {
            file: None,
            line: None,
            key: Some("IDENTITY_KIOSK_FLOW".into()),
            reason: "\"popup\" is not one of auto, modal, hosted".into(),
            outcome: Outcome::Fallback(Source::Default),
        }
    );
    assert_eq!(
        p[1].to_string(),
        "IDENTITY_KIOSK_MAX_ATTEMPTS: \"0\" is not a whole number from 1 to 10 (using the default)"
    );
}

#[test]
fn broken_toml_is_reported_with_file_and_line_and_ignored() {
    let dir = TempDir::new("broken");
    let paths = dir.paths();
    write(
        &paths.user_file,
        "[kiosk]\nflow = \"hosted\nmax_attempts = 2\n",
    );
    write(&paths.policy_file, "[logs]\nretention_days = 7\n");
    let loaded = LoadedSettings::load(paths.clone(), no_env);
    // Nothing from the broken file, not even the key before the error.
    assert_eq!(loaded.settings.flow, Flow::Auto);
    assert_eq!(loaded.settings.max_attempts, 3);
    // The other file still applies.
    assert_eq!(loaded.settings.log_retention_days, 7);
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    let p = &loaded.problems[0];
    assert_eq!(
        p.file.as_deref(),
        Some(file_name(&paths.user_file).as_str())
    );
    assert_eq!(p.line, Some(2));
    assert_eq!(p.key, None);
    assert_eq!(p.outcome, Outcome::FileIgnored);
    assert!(p.reason.starts_with("invalid TOML: "), "{}", p.reason);
    assert!(!p.reason.contains('\n'), "{}", p.reason);
    let shown = p.to_string();
    assert!(
        shown.starts_with(&format!(
            "{}:2: invalid TOML: ",
            file_name(&paths.user_file)
        )),
        "{shown}"
    );
    assert!(shown.ends_with(" (file ignored)"), "{shown}");
}

#[test]
fn unreadable_file_is_reported_and_ignored() {
    let dir = TempDir::new("unreadable");
    let paths = dir.paths();
    // A folder where the policy file should be: it exists but cannot be read as a file.
    std::fs::create_dir_all(&paths.policy_file).unwrap();
    let loaded = LoadedSettings::load(paths.clone(), no_env);
    assert_eq!(loaded.settings, Settings::default());
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    let p = &loaded.problems[0];
    assert_eq!(
        p.file.as_deref(),
        Some(file_name(&paths.policy_file).as_str())
    );
    assert_eq!(p.outcome, Outcome::FileIgnored);
    assert!(p.reason.starts_with("could not read: "), "{}", p.reason);
}

#[test]
fn bad_value_is_reported_with_file_line_and_key_and_others_apply() {
    let dir = TempDir::new("bad-value");
    let paths = dir.paths();
    write(
        &paths.policy_file,
        "# IT's policy\n[kiosk]\nflow = \"popup\"\nmax_attempts = \"three\"\nbusiness_name = \"Acme\"\n\n[verification]\nallowed_types = [\"passport\", \"visa\"]\n",
    );
    let loaded = LoadedSettings::load(paths.clone(), no_env);
    assert_eq!(loaded.settings.business_name, "Acme");
    assert_eq!(loaded.settings.flow, Flow::Auto);
    assert_eq!(loaded.settings.max_attempts, 3);
    assert!(loaded.settings.allowed_types.is_empty());
    // An invalid policy value does not lock the setting.
    assert!(!loaded.is_locked("kiosk.flow"));
    assert!(loaded.is_locked("kiosk.business_name"));
    let policy = file_name(&paths.policy_file);
    let found: Vec<(Option<u32>, Option<&str>)> = loaded
        .problems
        .iter()
        .map(|p| (p.line, p.key.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (Some(3), Some("kiosk.flow")),
            (Some(4), Some("kiosk.max_attempts")),
            (Some(8), Some("verification.allowed_types")),
        ]
    );
    assert!(loaded
        .problems
        .iter()
        .all(|p| p.file.as_deref() == Some(policy.as_str())));
    assert_eq!(
        loaded.problems[0].to_string(),
        format!("{policy}:3: kiosk.flow: \"popup\" is not one of auto, modal, hosted (using the default)")
    );
    assert_eq!(
        loaded.problems[1].reason,
        "\"three\" is not a whole number from 1 to 10"
    );
    assert_eq!(
        loaded.problems[2].reason,
        "\"visa\" is not one of driving_license, id_card, passport"
    );
}

#[test]
fn a_refused_policy_value_says_which_source_is_used_instead() {
    let dir = TempDir::new("fallback");
    let paths = dir.paths();
    write(&paths.user_file, "[kiosk]\nflow = \"modal\"\n");
    write(&paths.policy_file, "[kiosk]\nflow = \"popup\"\n");
    let loaded = LoadedSettings::load(paths, no_env);
    assert_eq!(loaded.settings.flow, Flow::Modal);
    assert_eq!(loaded.problems.len(), 1);
    assert_eq!(loaded.problems[0].outcome, Outcome::Fallback(Source::User));
    assert!(loaded.problems[0]
        .to_string()
        .ends_with("(using the user settings file)"));
}

#[test]
fn unknown_keys_and_sections_are_reported_by_name() {
    let dir = TempDir::new("unknown");
    let paths = dir.paths();
    write(
        &paths.user_file,
        "flow = \"hosted\"\n[kiosk]\ncolour = \"red\"\nmax_attempts = 4\n\n[colours]\nbackground = \"blue\"\n\n[logs]\nretention = 3\n",
    );
    let loaded = LoadedSettings::load(paths.clone(), no_env);
    assert_eq!(loaded.settings.max_attempts, 4, "known keys still apply");
    assert_eq!(loaded.settings.flow, Flow::Auto);
    let user = file_name(&paths.user_file);
    let shown: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        shown,
        [
            format!("{user}:1: flow: unknown setting (did you mean kiosk.flow?) (ignored)"),
            format!("{user}:3: kiosk.colour: unknown setting (ignored)"),
            format!("{user}:6: colours: unknown section (ignored)"),
            format!("{user}:10: logs.retention: unknown setting (ignored)"),
        ]
    );
    assert!(loaded
        .problems
        .iter()
        .all(|p| p.outcome == Outcome::KeyIgnored));
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

#[test]
fn a_section_that_is_not_a_table_is_reported() {
    let dir = TempDir::new("not-table");
    let paths = dir.paths();
    write(&paths.user_file, "kiosk = 3\n");
    let loaded = LoadedSettings::load(paths, no_env);
    assert_eq!(loaded.settings, Settings::default());
    assert_eq!(loaded.problems.len(), 1);
    assert_eq!(loaded.problems[0].key.as_deref(), Some("kiosk"));
    assert_eq!(loaded.problems[0].line, Some(1));
}

#[test]
fn save_user_writes_keeps_other_keys_and_round_trips() {
    let dir = TempDir::new("save");
    let paths = dir.paths();
    write(
        &paths.user_file,
        "[kiosk]\nbusiness_name = \"Acme\"\nflow = \"modal\"\nfuture_key = 1\n\n[logs]\nretention_days = 10\n",
    );
    let loaded = LoadedSettings::load(paths.clone(), no_env);
    let saved = loaded
        .save_user(
            &changes(json!({
                "kiosk.flow": "hosted",
                "kiosk.max_attempts": 5,
                "kiosk.languages": ["en"],
                "verification.allowed_types": ["passport"],
                "kiosk.reference_label": "  Room number ",
                "updates.endpoint": "https://updates.example.com/",
            })),
            no_env,
        )
        .unwrap();
    let s = &saved.settings;
    assert_eq!(s.flow, Flow::Hosted);
    assert_eq!(s.max_attempts, 5);
    assert_eq!(s.allowed_types, [DocumentType::Passport]);
    assert_eq!(s.reference_label.as_deref(), Some("Room number"));
    assert_eq!(s.business_name, "Acme", "untouched keys are kept");
    assert_eq!(s.log_retention_days, 10);
    assert_eq!(saved.source("kiosk.max_attempts"), Some(Source::User));
    // The unknown key is still reported, so it was kept too.
    assert_eq!(saved.problems.len(), 1, "{:?}", saved.problems);
    assert_eq!(saved.problems[0].key.as_deref(), Some("kiosk.future_key"));

    // What was written is what a fresh load reads.
    let reloaded = LoadedSettings::load(paths.clone(), no_env);
    assert_eq!(reloaded.settings, saved.settings);
    let text = std::fs::read_to_string(&paths.user_file).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    assert_eq!(doc["kiosk"]["flow"].as_str(), Some("hosted"));
    assert_eq!(doc["kiosk"]["max_attempts"].as_integer(), Some(5));
    assert_eq!(
        doc["kiosk"]["reference_label"].as_str(),
        Some("Room number")
    );
    assert_eq!(doc["kiosk"]["future_key"].as_integer(), Some(1));
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(paths.user_file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["settings.toml"]);
}

#[test]
fn save_user_creates_the_folder() {
    let dir = TempDir::new("save-new");
    let paths = SettingsPaths {
        user_file: dir.0.join("a").join("b").join("settings.toml"),
        policy_file: dir.0.join("policy.toml"),
    };
    let loaded = LoadedSettings::load(paths.clone(), no_env);
    let saved = loaded
        .save_user(&changes(json!({"kiosk.sandbox": true})), no_env)
        .unwrap();
    assert!(saved.settings.sandbox);
    assert!(paths.user_file.is_file());
}

#[test]
fn save_user_null_removes_the_key() {
    let dir = TempDir::new("save-null");
    let paths = dir.paths();
    write(
        &paths.user_file,
        "[kiosk]\nmax_attempts = 5\nreference_label = \"Room\"\n",
    );
    let loaded = LoadedSettings::load(paths.clone(), no_env);
    let saved = loaded
        .save_user(
            &changes(json!({"kiosk.max_attempts": null, "kiosk.reference_label": ""})),
            no_env,
        )
        .unwrap();
    assert_eq!(saved.settings.max_attempts, 3);
    assert_eq!(saved.settings.reference_label, None);
    assert_eq!(saved.source("kiosk.max_attempts"), Some(Source::Default));
    let doc: toml::Table = std::fs::read_to_string(&paths.user_file)
        .unwrap()
        .parse()
        .unwrap();
    assert!(!doc.contains_key("kiosk"), "{doc:?}");
}

#[test]
fn save_user_rejects_the_whole_batch_and_writes_nothing() {
    let dir = TempDir::new("save-reject");
    let paths = dir.paths();
    let original = "[kiosk]\nmax_attempts = 4\n";
    write(&paths.user_file, original);
    write(&paths.policy_file, "[kiosk]\nflow = \"hosted\"\n");
    let loaded = LoadedSettings::load(paths.clone(), no_env);

    let cases = [
        (
            json!({"kiosk.business_name": "Acme", "kiosk.colour": "red"}),
            "setting_unknown",
            "kiosk.colour is unknown",
        ),
        (
            json!({"kiosk.business_name": "Acme", "kiosk.flow": "modal"}),
            "setting_locked",
            "kiosk.flow is set by the machine policy and cannot be changed here",
        ),
        (
            json!({"kiosk.business_name": "Acme", "kiosk.max_attempts": 11}),
            "setting_invalid",
            "kiosk.max_attempts: 11 is not a whole number from 1 to 10",
        ),
        // JSON of the wrong type is refused, not coerced.
        (
            json!({"kiosk.max_attempts": "5"}),
            "setting_invalid",
            "kiosk.max_attempts: \"5\" is not a whole number from 1 to 10",
        ),
        (
            json!({"kiosk.sandbox": "true"}),
            "setting_invalid",
            "kiosk.sandbox: \"true\" is not true or false",
        ),
        (
            json!({"verification.allowed_types": "passport"}),
            "setting_invalid",
            "verification.allowed_types: \"passport\" is not a list",
        ),
        (
            json!({"kiosk.business_name": 42}),
            "setting_invalid",
            "kiosk.business_name: 42 is not text",
        ),
        (
            json!({"updates.endpoint": "http://updates.example.com"}),
            "setting_invalid",
            "updates.endpoint: \"http://updates.example.com\" is not an https:// URL",
        ),
        (
            json!({"kiosk.languages": []}),
            "setting_invalid",
            "kiosk.languages: lists none of en",
        ),
    ];
    for (batch, code, message) in cases {
        let err = loaded
            .save_user(&changes(batch.clone()), no_env)
            .unwrap_err();
        assert_eq!(err.code(), code, "{batch}");
        assert_eq!(err.to_string(), message, "{batch}");
        assert_eq!(std::fs::read_to_string(&paths.user_file).unwrap(), original);
    }
    // Even a null (remove) on a locked key is refused.
    let err = loaded
        .save_user(&changes(json!({"kiosk.flow": null})), no_env)
        .unwrap_err();
    assert!(matches!(err, SettingsError::Locked { .. }));
    assert_eq!(std::fs::read_to_string(&paths.user_file).unwrap(), original);
}

#[test]
fn save_user_refusal_creates_no_file() {
    let dir = TempDir::new("save-reject-new");
    let paths = dir.paths();
    let loaded = LoadedSettings::load(paths.clone(), no_env);
    let err = loaded
        .save_user(&changes(json!({"kiosk.idle_timeout_secs": 1})), no_env)
        .unwrap_err();
    assert!(matches!(err, SettingsError::Invalid { .. }));
    assert!(!paths.user_file.exists());
    assert!(!paths.user_file.parent().unwrap().exists());
}

#[test]
fn save_user_under_an_environment_override_writes_but_shows_the_environment() {
    let dir = TempDir::new("save-env");
    let paths = dir.paths();
    let vars = env(&[("IDENTITY_KIOSK_MAX_ATTEMPTS", "7")]);
    let loaded = LoadedSettings::load(paths.clone(), vars.clone());
    assert_eq!(loaded.settings.max_attempts, 7);
    let saved = loaded
        .save_user(&changes(json!({"kiosk.max_attempts": 2})), vars)
        .unwrap();
    assert_eq!(saved.settings.max_attempts, 7);
    assert_eq!(
        saved.source("kiosk.max_attempts"),
        Some(Source::Environment)
    );
    // Without the variable, the saved value is what applies.
    let without = LoadedSettings::load(paths, no_env);
    assert_eq!(without.settings.max_attempts, 2);
}

#[test]
fn save_user_backs_up_a_broken_file_before_replacing_it() {
    let dir = TempDir::new("save-broken");
    let paths = dir.paths();
    let broken = "[kiosk\nflow = \"modal\"\n";
    write(&paths.user_file, broken);
    let loaded = LoadedSettings::load(paths.clone(), no_env);
    assert_eq!(loaded.problems.len(), 1);
    let saved = loaded
        .save_user(&changes(json!({"kiosk.flow": "hosted"})), no_env)
        .unwrap();
    assert!(saved.problems.is_empty(), "{:?}", saved.problems);
    assert_eq!(saved.settings.flow, Flow::Hosted);
    let mut backup = paths.user_file.clone().into_os_string();
    backup.push(".bak");
    assert_eq!(std::fs::read_to_string(backup).unwrap(), broken);
}

#[test]
fn describe_reports_values_sources_and_locks() {
    let dir = TempDir::new("describe");
    let paths = dir.paths();
    write(
        &paths.user_file,
        "[kiosk]\nmax_attempts = 5\nidle_timeout_secs = 60\n[verification]\nallowed_types = [\"passport\"]\n",
    );
    write(&paths.policy_file, "[kiosk]\nidle_timeout_secs = 20\n");
    let loaded = LoadedSettings::load(
        paths,
        env(&[("IDENTITY_KIOSK_UPDATES_ENDPOINT", "https://u.example.com")]),
    );
    let views = loaded.describe();
    let keys: Vec<&str> = views.iter().map(|v| v.key).collect();
    assert_eq!(keys.len(), 21);
    assert_eq!(keys[0], "kiosk.id");
    assert_eq!(keys[20], "updates.endpoint");
    let view = |key: &str| views.iter().find(|v| v.key == key).unwrap();

    let v = view("kiosk.max_attempts");
    assert_eq!(
        (v.value.clone(), v.source, v.locked),
        (json!(5), Source::User, false)
    );
    let v = view("kiosk.idle_timeout_secs");
    assert_eq!(
        (v.value.clone(), v.source, v.locked),
        (json!(20), Source::Policy, true)
    );
    let v = view("updates.endpoint");
    assert_eq!(
        (v.value.clone(), v.source, v.locked),
        (json!("https://u.example.com"), Source::Environment, false)
    );
    let v = view("kiosk.reference_label");
    assert_eq!((v.value.clone(), v.source), (Value::Null, Source::Default));
    assert_eq!(
        view("verification.allowed_types").value,
        json!(["passport"])
    );
    assert_eq!(view("kiosk.flow").value, json!("auto"));
    assert_eq!(view("kiosk.languages").value, json!(["en"]));

    // The shape the staff panel receives.
    let wire = serde_json::to_value(view("kiosk.idle_timeout_secs")).unwrap();
    assert_eq!(
        wire,
        json!({"key": "kiosk.idle_timeout_secs", "value": 20, "source": "policy", "locked": true})
    );
}

#[test]
fn what_describe_shows_can_be_saved_back() {
    let dir = TempDir::new("describe-save");
    let paths = dir.paths();
    let loaded = LoadedSettings::load(paths.clone(), no_env);
    let all: Map<String, Value> = loaded
        .describe()
        .into_iter()
        .map(|v| (v.key.to_owned(), v.value))
        .collect();
    let saved = loaded.save_user(&all, no_env).unwrap();
    assert_eq!(saved.settings, Settings::default());
    assert!(saved.problems.is_empty(), "{:?}", saved.problems);
}

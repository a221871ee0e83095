//! The settings files end to end, saving: the user file written the way the staff panel
//! saves (kept keys, removals, refused batches, backups of a broken file), and `describe`,
//! whose values, sources and locks can be saved back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::settings_env::{changes, env, no_env, write, TempDir};
use kiosk_core::settings::{Flow, LoadedSettings, Settings, SettingsError, SettingsPaths, Source};
use serde_json::{json, Map, Value};
use stripe_identity::models::DocumentType;

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
            "kiosk.languages: lists none of en, es, fr, de, it, pt, nl, pl, tr, ar, zh, ja",
        ),
        // A file makes the best of an unknown language; the panel, which offers only known
        // ones, refuses it.
        (
            json!({"kiosk.languages": ["fr", "xx"]}),
            "setting_invalid",
            "kiosk.languages: \"xx\" is not one of en, es, fr, de, it, pt, nl, pl, tr, ar, zh, ja",
        ),
        (
            json!({"kiosk.staff_language": "klingon"}),
            "setting_invalid",
            "kiosk.staff_language: \"klingon\" is not one of en, es, fr, de, it, pt, nl, pl, tr, ar, zh, ja",
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
    assert_eq!(keys.len(), 23);
    assert_eq!(keys[0], "kiosk.id");
    assert_eq!(keys[22], "updates.endpoint");
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
    assert_eq!(
        view("kiosk.languages").value,
        json!(kiosk_core::languages::LANGUAGES)
    );
    assert_eq!(view("kiosk.staff_language").value, json!("en"));

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

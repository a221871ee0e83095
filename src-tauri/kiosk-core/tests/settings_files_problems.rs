//! The settings files end to end, what is wrong: bad variables, broken or unreadable files,
//! bad values, refused policy values and unknown keys, each reported with where it came from
//! while the rest of the settings still apply.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::settings_env::{env, file_name, no_env, write, TempDir};
use kiosk_core::settings::{
    Flow, LoadedSettings, Outcome, Reason, SettingProblem, Settings, Source,
};

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
            reason: Reason::NotOneOf {
                value: "\"popup\"".into(),
                choices: "auto, modal, hosted".into(),
            },
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
    assert!(
        p.reason.to_string().starts_with("invalid TOML: "),
        "{}",
        p.reason
    );
    assert!(!p.reason.to_string().contains('\n'), "{}", p.reason);
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
    assert!(
        p.reason.to_string().starts_with("could not read: "),
        "{}",
        p.reason
    );
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
        loaded.problems[1].reason.to_string(),
        "\"three\" is not a whole number from 1 to 10"
    );
    assert_eq!(
        loaded.problems[2].reason.to_string(),
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
fn unknown_languages_are_reported_by_name_and_the_others_kept() {
    let dir = TempDir::new("languages");
    let paths = dir.paths();
    write(
        &paths.policy_file,
        "[kiosk]\nlanguages = [\"de\", \"tlh\", \"fr\"]\ndefault_language = \"fr\"\n",
    );
    let loaded = LoadedSettings::load(
        paths.clone(),
        env(&[("IDENTITY_KIOSK_STAFF_LANGUAGE", "xx")]),
    );
    let s = &loaded.settings;
    assert_eq!(s.languages, ["de", "fr"]);
    assert_eq!(s.customer_language(), "fr");
    assert_eq!(s.staff_language, "en", "a bad staff language falls back");
    let p = &loaded.problems;
    assert_eq!(p.len(), 2, "{p:?}");
    let by_key = |key: &str| p.iter().find(|x| x.key.as_deref() == Some(key)).unwrap();
    let list = by_key("kiosk.languages");
    assert_eq!(list.line, Some(2));
    assert_eq!(list.outcome, Outcome::EntryIgnored);
    assert!(
        list.reason
            .to_string()
            .starts_with("\"tlh\" is not one of en,"),
        "{list}"
    );
    assert!(list.to_string().ends_with("(that entry ignored)"), "{list}");
    let staff = by_key("IDENTITY_KIOSK_STAFF_LANGUAGE");
    assert_eq!(staff.outcome, Outcome::Fallback(Source::Default));
    // The policy still locks what it set.
    assert!(loaded.is_locked("kiosk.languages"));
}

//! The table of every setting, and the one validation every source goes through.
//!
//! Each [`Def`] says what a key is called in the files and in the environment, what values it
//! takes ([`Kind`]), how a valid value lands on [`Settings`], and how to read it back for the
//! staff panel. The files, the environment and the staff panel's JSON all call [`Kind::parse`],
//! so a value is accepted or refused the same way whichever source it comes from; only the
//! decoding of an environment string (`yes`, `a,b`) differs from that of a typed value.

use std::time::Duration;

use serde_json::Value as Json;
use stripe_identity::models::DocumentType;

use super::{Flow, Reason, ReferenceMode, Settings};

/// One setting.
pub(crate) struct Def {
    /// The dotted key in the TOML files and the staff panel, e.g. `kiosk.flow`.
    pub key: &'static str,
    /// The environment variable that overrides it in development.
    pub env: &'static str,
    /// What values it takes, and how a valid one is applied.
    pub kind: Kind,
    /// The current value as the staff panel shows it (and as the user file stores it).
    pub read: fn(&Settings) -> Json,
}

/// What values a setting takes. Each variant carries its setter, typed, so a value that passed
/// validation can be applied without a second, fallible conversion.
pub(crate) enum Kind {
    Bool {
        set: fn(&mut Settings, bool),
    },
    /// A whole number in `min..=max`.
    Int {
        min: u64,
        max: u64,
        set: fn(&mut Settings, u64),
    },
    /// Text of at most `max_chars` characters, without control characters.
    Text {
        max_chars: usize,
        set: fn(&mut Settings, String),
    },
    /// Like `Text`, but empty (or `null`) means "none"; `rule` checks any other value further.
    OptionalText {
        max_chars: usize,
        rule: Option<Rule>,
        set: fn(&mut Settings, Option<String>),
    },
    /// One of `choices`.
    Choice {
        choices: &'static [&'static str],
        set: fn(&mut Settings, &str),
    },
    /// A list of `choices` (duplicates dropped), empty allowed unless `non_empty`. With
    /// `skip_unknown`, an entry that is not a choice is left out (and reported by name) instead
    /// of refusing the whole list: a language this version has no catalog for must not cost
    /// the kiosk the other languages IT listed.
    List {
        choices: &'static [&'static str],
        non_empty: bool,
        skip_unknown: bool,
        set: fn(&mut Settings, Vec<String>),
    },
}

/// A further check on a text value; the error is the reason shown to staff.
pub(crate) type Rule = fn(&str) -> Result<(), Reason>;

/// A value to validate: an environment variable's text, or a typed value (from TOML or JSON).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Input<'a> {
    Env(&'a str),
    Value(&'a Json),
}

/// A value that passed validation.
pub(crate) struct Valid {
    /// The normalized value (trimmed, duplicates dropped), as the user file stores it.
    pub json: Json,
    /// Why entries of a list were left out (`skip_unknown`), one reason each.
    pub skipped: Vec<Reason>,
    apply: Box<dyn FnOnce(&mut Settings)>,
}

impl Valid {
    pub fn apply(self, settings: &mut Settings) {
        (self.apply)(settings);
    }
}

/// Document types Stripe accepts in `options.document.allowed_types`.
const DOCUMENT_TYPES: &[&str] = &["driving_license", "id_card", "passport"];
use crate::languages::LANGUAGES;

/// Every setting, in the order the staff panel lists them.
pub(crate) static DEFS: &[Def] = &[
    Def {
        key: "kiosk.id",
        env: "IDENTITY_KIOSK_ID",
        kind: Kind::Text {
            max_chars: 100,
            set: |s, v| s.kiosk_id = v,
        },
        read: |s| s.kiosk_id.clone().into(),
    },
    Def {
        key: "kiosk.business_name",
        env: "IDENTITY_KIOSK_BUSINESS_NAME",
        kind: Kind::Text {
            max_chars: 100,
            set: |s, v| s.business_name = v,
        },
        read: |s| s.business_name.clone().into(),
    },
    Def {
        key: "kiosk.flow",
        env: "IDENTITY_KIOSK_FLOW",
        kind: Kind::Choice {
            choices: Flow::NAMES,
            set: |s, v| {
                if let Some(flow) = Flow::from_name(v) {
                    s.flow = flow;
                }
            },
        },
        read: |s| s.flow.as_str().into(),
    },
    Def {
        key: "kiosk.reference",
        env: "IDENTITY_KIOSK_REFERENCE",
        kind: Kind::Choice {
            choices: ReferenceMode::NAMES,
            set: |s, v| {
                if let Some(mode) = ReferenceMode::from_name(v) {
                    s.reference_mode = mode;
                }
            },
        },
        read: |s| s.reference_mode.as_str().into(),
    },
    Def {
        key: "kiosk.reference_label",
        env: "IDENTITY_KIOSK_REFERENCE_LABEL",
        kind: Kind::OptionalText {
            max_chars: 60,
            rule: None,
            set: |s, v| s.reference_label = v,
        },
        read: |s| s.reference_label.clone().into(),
    },
    Def {
        key: "kiosk.max_attempts",
        env: "IDENTITY_KIOSK_MAX_ATTEMPTS",
        kind: Kind::Int {
            min: 1,
            max: 10,
            set: |s, n| s.max_attempts = to_u32(n),
        },
        read: |s| s.max_attempts.into(),
    },
    Def {
        key: "kiosk.idle_timeout_secs",
        env: "IDENTITY_KIOSK_IDLE_TIMEOUT_SECS",
        kind: Kind::Int {
            min: 5,
            max: 3600,
            set: |s, n| s.idle_timeout = Duration::from_secs(n),
        },
        read: |s| s.idle_timeout.as_secs().into(),
    },
    Def {
        key: "kiosk.modal_timeout_secs",
        env: "IDENTITY_KIOSK_MODAL_TIMEOUT_SECS",
        kind: Kind::Int {
            min: 30,
            max: 24 * 3600,
            set: |s, n| s.modal_timeout = Duration::from_secs(n),
        },
        read: |s| s.modal_timeout.as_secs().into(),
    },
    Def {
        key: "kiosk.processing_limit_secs",
        env: "IDENTITY_KIOSK_PROCESSING_LIMIT_SECS",
        kind: Kind::Int {
            min: 5,
            max: 24 * 3600,
            set: |s, n| s.processing_limit = Duration::from_secs(n),
        },
        read: |s| s.processing_limit.as_secs().into(),
    },
    Def {
        key: "kiosk.show_verified_name",
        env: "IDENTITY_KIOSK_SHOW_VERIFIED_NAME",
        kind: Kind::Bool {
            set: |s, b| s.show_verified_name = b,
        },
        read: |s| s.show_verified_name.into(),
    },
    Def {
        key: "kiosk.languages",
        env: "IDENTITY_KIOSK_LANGUAGES",
        kind: Kind::List {
            choices: LANGUAGES,
            non_empty: true,
            skip_unknown: true,
            set: |s, v| s.languages = v,
        },
        read: |s| s.languages.clone().into(),
    },
    Def {
        key: "kiosk.default_language",
        env: "IDENTITY_KIOSK_DEFAULT_LANGUAGE",
        kind: Kind::Choice {
            choices: LANGUAGES,
            set: |s, v| s.default_language = v.to_owned(),
        },
        read: |s| s.default_language.clone().into(),
    },
    Def {
        key: "kiosk.staff_language",
        env: "IDENTITY_KIOSK_STAFF_LANGUAGE",
        kind: Kind::Choice {
            choices: LANGUAGES,
            set: |s, v| s.staff_language = v.to_owned(),
        },
        read: |s| s.staff_language.clone().into(),
    },
    Def {
        key: "kiosk.sandbox",
        env: "IDENTITY_KIOSK_SANDBOX",
        kind: Kind::Bool {
            set: |s, b| s.sandbox = b,
        },
        read: |s| s.sandbox.into(),
    },
    Def {
        key: "kiosk.staff_timeout_secs",
        env: "IDENTITY_KIOSK_STAFF_TIMEOUT_SECS",
        kind: Kind::Int {
            min: 30,
            max: 3600,
            set: |s, n| s.staff_timeout = Duration::from_secs(n),
        },
        read: |s| s.staff_timeout.as_secs().into(),
    },
    Def {
        key: "kiosk.autostart",
        env: "IDENTITY_KIOSK_AUTOSTART",
        kind: Kind::Bool {
            set: |s, b| s.autostart = b,
        },
        read: |s| s.autostart.into(),
    },
    Def {
        key: "verification.allowed_types",
        env: "IDENTITY_KIOSK_ALLOWED_TYPES",
        kind: Kind::List {
            choices: DOCUMENT_TYPES,
            non_empty: false,
            skip_unknown: false,
            set: |s, v| {
                s.allowed_types = v.iter().map(|t| DocumentType::from(t.as_str())).collect();
            },
        },
        read: |s| {
            let names = s.allowed_types.iter().map(|t| Json::from(t.as_str()));
            Json::Array(names.collect())
        },
    },
    Def {
        key: "verification.require_id_number",
        env: "IDENTITY_KIOSK_REQUIRE_ID_NUMBER",
        kind: Kind::Bool {
            set: |s, b| s.require_id_number = b,
        },
        read: |s| s.require_id_number.into(),
    },
    Def {
        key: "verification.require_live_capture",
        env: "IDENTITY_KIOSK_REQUIRE_LIVE_CAPTURE",
        kind: Kind::Bool {
            set: |s, b| s.require_live_capture = b,
        },
        read: |s| s.require_live_capture.into(),
    },
    Def {
        key: "verification.require_matching_selfie",
        env: "IDENTITY_KIOSK_REQUIRE_MATCHING_SELFIE",
        kind: Kind::Bool {
            set: |s, b| s.require_matching_selfie = b,
        },
        read: |s| s.require_matching_selfie.into(),
    },
    Def {
        key: "logs.retention_days",
        env: "IDENTITY_KIOSK_LOG_RETENTION_DAYS",
        kind: Kind::Int {
            min: 1,
            max: 365,
            set: |s, n| s.log_retention_days = to_u32(n),
        },
        read: |s| s.log_retention_days.into(),
    },
    Def {
        key: "updates.enabled",
        env: "IDENTITY_KIOSK_UPDATES_ENABLED",
        kind: Kind::Bool {
            set: |s, b| s.updates_enabled = b,
        },
        read: |s| s.updates_enabled.into(),
    },
    Def {
        key: "updates.endpoint",
        env: "IDENTITY_KIOSK_UPDATES_ENDPOINT",
        kind: Kind::OptionalText {
            max_chars: 2000,
            rule: Some(update_endpoint),
            set: |s, v| s.updates_endpoint = v,
        },
        read: |s| s.updates_endpoint.clone().into(),
    },
];

/// The setting with dotted key `key`, and its position in [`DEFS`].
pub(crate) fn find(key: &str) -> Option<(usize, &'static Def)> {
    DEFS.iter().enumerate().find(|(_, d)| d.key == key)
}

/// The setting whose dotted key or environment variable is `name` (how problems name keys).
pub(crate) fn find_by_name(name: &str) -> Option<(usize, &'static Def)> {
    DEFS.iter()
        .enumerate()
        .find(|(_, d)| d.key == name || d.env == name)
}

/// The sections of the files (`kiosk`, `verification`...), from the keys.
pub(crate) fn is_section(name: &str) -> bool {
    DEFS.iter()
        .any(|d| d.key.split_once('.').map(|(s, _)| s) == Some(name))
}

/// Bounds are small, so the conversion cannot fail; saturate rather than panic regardless.
fn to_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Kind {
    /// Validates `input`; the error is a reason for staff ("\"popup\" is not one of ...").
    pub fn parse(&self, input: Input<'_>) -> Result<Valid, Reason> {
        match *self {
            Kind::Bool { set } => {
                let b = match input {
                    Input::Env(v) => match v.to_ascii_lowercase().as_str() {
                        "true" | "1" | "yes" | "on" => Some(true),
                        "false" | "0" | "no" | "off" => Some(false),
                        _ => None,
                    },
                    Input::Value(v) => v.as_bool(),
                };
                let b = b.ok_or_else(|| Reason::NotBool {
                    value: shown(input),
                })?;
                Ok(Valid::new(b.into(), move |s| set(s, b)))
            }
            Kind::Int { min, max, set } => {
                let n = match input {
                    Input::Env(v) => v.parse::<u64>().ok(),
                    Input::Value(v) => v.as_u64(),
                };
                match n {
                    Some(n) if (min..=max).contains(&n) => {
                        Ok(Valid::new(n.into(), move |s| set(s, n)))
                    }
                    _ => Err(Reason::NotInRange {
                        value: shown(input),
                        min,
                        max,
                    }),
                }
            }
            Kind::Text { max_chars, set } => {
                let text = text(input, max_chars)?;
                Ok(Valid::new(text.clone().into(), move |s| set(s, text)))
            }
            Kind::OptionalText {
                max_chars,
                rule,
                set,
            } => {
                // `null` is how the staff panel reads "none" back, so it may send it too.
                let text = match input {
                    Input::Value(Json::Null) => None,
                    _ => Some(text(input, max_chars)?).filter(|t| !t.is_empty()),
                };
                if let (Some(rule), Some(t)) = (rule, &text) {
                    rule(t)?;
                }
                Ok(Valid::new(text.clone().into(), move |s| set(s, text)))
            }
            Kind::Choice { choices, set } => {
                let choice = match input {
                    Input::Env(v) => Some(v),
                    Input::Value(v) => v.as_str(),
                };
                match choice.and_then(|c| choices.iter().find(|n| **n == c)) {
                    Some(&name) => Ok(Valid::new(name.into(), move |s| set(s, name))),
                    None => Err(Reason::NotOneOf {
                        value: shown(input),
                        choices: choices.join(", "),
                    }),
                }
            }
            Kind::List {
                choices,
                non_empty,
                skip_unknown,
                set,
            } => {
                // An environment list is comma-separated; blanks (a trailing comma) are skipped.
                let items: Vec<Input<'_>> = match input {
                    Input::Env(v) => v
                        .split(',')
                        .map(str::trim)
                        .filter(|i| !i.is_empty())
                        .map(Input::Env)
                        .collect(),
                    Input::Value(Json::Array(items)) => items.iter().map(Input::Value).collect(),
                    Input::Value(_) => {
                        return Err(Reason::NotList {
                            value: shown(input),
                        });
                    }
                };
                let mut list: Vec<String> = Vec::new();
                let mut skipped: Vec<Reason> = Vec::new();
                for item in items {
                    let name = match item {
                        Input::Env(v) => Some(v),
                        Input::Value(v) => v.as_str(),
                    };
                    match name.filter(|n| choices.contains(n)) {
                        Some(n) if !list.iter().any(|l| l == n) => list.push(n.to_owned()),
                        Some(_) => {}
                        None => {
                            let reason = Reason::NotOneOf {
                                value: shown(item),
                                choices: choices.join(", "),
                            };
                            if !skip_unknown {
                                return Err(reason);
                            }
                            skipped.push(reason);
                        }
                    }
                }
                if non_empty && list.is_empty() {
                    return Err(Reason::NoneOf {
                        choices: choices.join(", "),
                    });
                }
                let mut valid = Valid::new(list.clone().into(), move |s| set(s, list));
                valid.skipped = skipped;
                Ok(valid)
            }
        }
    }
}

impl Valid {
    fn new(json: Json, apply: impl FnOnce(&mut Settings) + 'static) -> Self {
        Self {
            json,
            skipped: Vec::new(),
            apply: Box::new(apply),
        }
    }
}

/// Text, trimmed (a stray space in a file is never meant), of at most `max_chars` characters.
fn text(input: Input<'_>, max_chars: usize) -> Result<String, Reason> {
    let t = match input {
        Input::Env(v) => v,
        Input::Value(v) => v.as_str().ok_or_else(|| Reason::NotText {
            value: shown(input),
        })?,
    }
    .trim();
    if t.chars().count() > max_chars {
        return Err(Reason::TooLong { max: max_chars });
    }
    // A newline or escape in a name would break the screens and the metadata it lands in.
    if t.chars().any(char::is_control) {
        return Err(Reason::ControlCharacter {
            value: format!("{t:?}"),
        });
    }
    Ok(t.to_owned())
}

/// `updates.endpoint`: only `https://` (updates must not be open to tampering on the way), or
/// `http://` to this machine for tests; the same rule the updater applies.
fn update_endpoint(v: &str) -> Result<(), Reason> {
    crate::update_endpoint::endpoint_url(v)
        .map(drop)
        .map_err(|_| Reason::NotHttpsUrl {
            value: format!("{v:?}"),
        })
}

/// Marks a TOML value JSON cannot hold as such (a date-time, `nan`): `{MARKER: "<toml text>"}`.
/// Every kind refuses an object, and [`shown`] prints the TOML text.
pub(crate) const TOML_MARKER: &str = "$toml";

/// A value as quoted in a problem: text in quotes, numbers as written, containers by kind.
pub(crate) fn shown(input: Input<'_>) -> String {
    match input {
        Input::Env(v) => format!("{v:?}"),
        Input::Value(Json::String(s)) => format!("{s:?}"),
        Input::Value(Json::Array(_)) => "a list".to_owned(),
        Input::Value(Json::Object(o)) => match (o.len(), o.get(TOML_MARKER)) {
            (1, Some(Json::String(text))) => text.clone(),
            _ => "a table".to_owned(),
        },
        Input::Value(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(key: &str, input: Input<'_>) -> Result<Settings, String> {
        let (_, def) = find(key).unwrap();
        let mut s = Settings::default();
        def.kind
            .parse(input)
            .map_err(|r| r.to_string())?
            .apply(&mut s);
        Ok(s)
    }

    #[test]
    fn keys_and_variables_are_unique_and_well_formed() {
        for (i, d) in DEFS.iter().enumerate() {
            assert!(d.env.starts_with("IDENTITY_KIOSK_"), "{}", d.key);
            assert!(d.key.split_once('.').is_some(), "{} has a section", d.key);
            for other in &DEFS[i + 1..] {
                assert_ne!(d.key, other.key);
                assert_ne!(d.env, other.env);
            }
        }
    }

    #[test]
    fn every_default_is_valid_and_round_trips() {
        // The value read from the defaults must pass its own kind and apply back unchanged:
        // what the staff panel shows as the default is something it could save.
        let defaults = Settings::default();
        for d in DEFS {
            let value = (d.read)(&defaults);
            let valid = d
                .kind
                .parse(Input::Value(&value))
                .unwrap_or_else(|e| panic!("{}: {e}", d.key));
            assert_eq!(valid.json, value, "{}", d.key);
            let mut s = defaults.clone();
            valid.apply(&mut s);
            assert_eq!(s, defaults, "{}", d.key);
        }
    }

    #[test]
    fn every_choice_applies_and_reads_back() {
        for d in DEFS {
            let choices = match d.kind {
                Kind::Choice { choices, .. } | Kind::List { choices, .. } => choices,
                _ => continue,
            };
            for c in choices {
                let value = match d.kind {
                    Kind::List { .. } => json!([c]),
                    _ => json!(c),
                };
                let s = parse(d.key, Input::Value(&value)).unwrap();
                assert_eq!((d.read)(&s), value, "{}", d.key);
            }
        }
    }

    #[test]
    fn env_text_and_typed_values_are_validated_alike() {
        let s = parse("kiosk.max_attempts", Input::Env("7")).unwrap();
        assert_eq!(s.max_attempts, 7);
        let s = parse("kiosk.max_attempts", Input::Value(&json!(7))).unwrap();
        assert_eq!(s.max_attempts, 7);
        for bad in [
            json!(0),
            json!(11),
            json!(-1),
            json!(2.5),
            json!("3"),
            json!(true),
        ] {
            let err = parse("kiosk.max_attempts", Input::Value(&bad)).unwrap_err();
            assert!(
                err.contains("is not a whole number from 1 to 10"),
                "{bad}: {err}"
            );
        }
        assert_eq!(
            parse("kiosk.max_attempts", Input::Env("three")).unwrap_err(),
            "\"three\" is not a whole number from 1 to 10"
        );
    }

    #[test]
    fn booleans_accept_words_from_the_environment_only() {
        for (v, want) in [
            ("yes", true),
            ("ON", true),
            ("1", true),
            ("off", false),
            ("0", false),
        ] {
            assert_eq!(
                parse("kiosk.sandbox", Input::Env(v)).unwrap().sandbox,
                want,
                "{v}"
            );
        }
        assert!(parse("kiosk.sandbox", Input::Env("maybe")).is_err());
        // A typed source says what it means: "yes" there is text, not a boolean.
        let err = parse("kiosk.sandbox", Input::Value(&json!("yes"))).unwrap_err();
        assert_eq!(err, "\"yes\" is not true or false");
        assert!(parse("kiosk.sandbox", Input::Value(&json!(1))).is_err());
    }

    #[test]
    fn choices_are_checked() {
        let err = parse("kiosk.flow", Input::Value(&json!("popup"))).unwrap_err();
        assert_eq!(err, "\"popup\" is not one of auto, modal, hosted");
        let s = parse("kiosk.reference", Input::Env("required")).unwrap();
        assert_eq!(s.reference_mode, ReferenceMode::Required);
        assert!(parse("kiosk.flow", Input::Value(&json!(["auto"]))).is_err());
    }

    #[test]
    fn lists_from_env_and_values() {
        let s = parse(
            "verification.allowed_types",
            Input::Env("passport, id_card,,passport"),
        )
        .unwrap();
        assert_eq!(
            s.allowed_types,
            vec![DocumentType::Passport, DocumentType::IdCard]
        );
        let s = parse("verification.allowed_types", Input::Value(&json!([]))).unwrap();
        assert!(s.allowed_types.is_empty());
        let err = parse("verification.allowed_types", Input::Value(&json!(["visa"]))).unwrap_err();
        assert_eq!(
            err,
            "\"visa\" is not one of driving_license, id_card, passport"
        );
        let err = parse(
            "verification.allowed_types",
            Input::Value(&json!("passport")),
        )
        .unwrap_err();
        assert_eq!(err, "\"passport\" is not a list");
        assert!(parse("verification.allowed_types", Input::Value(&json!([1]))).is_err());
        // Languages may not be empty: the UI needs one to show.
        let err = parse("kiosk.languages", Input::Value(&json!([]))).unwrap_err();
        assert!(err.starts_with("lists none of en, es, fr"), "{err}");
        let s = parse("kiosk.languages", Input::Env("fr,de")).unwrap();
        assert_eq!(s.languages, ["fr", "de"]);
    }

    #[test]
    fn unknown_languages_are_left_out_by_name() {
        let (_, def) = find("kiosk.languages").unwrap();
        let valid = def
            .kind
            .parse(Input::Value(&json!(["fr", "xx", "de", "fr"])))
            .unwrap();
        assert_eq!(valid.json, json!(["fr", "de"]));
        assert_eq!(valid.skipped.len(), 1);
        assert!(valid.skipped[0]
            .to_string()
            .starts_with("\"xx\" is not one of en, es"));
        assert_eq!(valid.skipped[0].code(), "not_one_of");
        // Nothing known left is still refused: the page needs a language.
        assert!(def.kind.parse(Input::Env("xx,yy")).is_err());
        // Document types stay strict: a typo there changes what customers may use.
        let (_, def) = find("verification.allowed_types").unwrap();
        assert!(def
            .kind
            .parse(Input::Value(&json!(["passport", "visa"])))
            .is_err());
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        let s = parse("kiosk.business_name", Input::Value(&json!("  Acme  "))).unwrap();
        assert_eq!(s.business_name, "Acme");
        let long = "x".repeat(101);
        let err = parse("kiosk.id", Input::Value(&json!(long))).unwrap_err();
        assert_eq!(err, "longer than 100 characters");
        assert!(parse("kiosk.id", Input::Value(&json!("x".repeat(100)))).is_ok());
        assert!(parse(
            "kiosk.reference_label",
            Input::Value(&json!("x".repeat(61)))
        )
        .is_err());
        assert!(parse("kiosk.business_name", Input::Value(&json!("a\nb"))).is_err());
        assert_eq!(
            parse("kiosk.id", Input::Value(&json!(12))).unwrap_err(),
            "12 is not text"
        );
    }

    #[test]
    fn optional_text_empty_means_none() {
        let mut s = Settings {
            reference_label: Some("Booking".into()),
            ..Settings::default()
        };
        let (_, def) = find("kiosk.reference_label").unwrap();
        let valid = def.kind.parse(Input::Value(&json!(""))).unwrap();
        assert_eq!(valid.json, Json::Null);
        valid.apply(&mut s);
        assert_eq!(s.reference_label, None);
    }

    #[test]
    fn updates_endpoint_must_be_https_or_loopback() {
        let key = "updates.endpoint";
        let s = parse(
            key,
            Input::Value(&json!("https://updates.example.com/kiosk")),
        )
        .unwrap();
        assert_eq!(
            s.updates_endpoint.as_deref(),
            Some("https://updates.example.com/kiosk")
        );
        let err = parse(key, Input::Value(&json!("http://updates.example.com"))).unwrap_err();
        assert_eq!(err, "\"http://updates.example.com\" is not an https:// URL");
        for bad in [
            "https://",
            "https:///path",
            "ftp://x",
            "updates.example.com",
            "https://a b/",
        ] {
            assert!(parse(key, Input::Env(bad)).is_err(), "{bad}");
        }
        // Tests serve updates from this machine.
        assert!(parse(key, Input::Env("http://127.0.0.1:8080/latest.json")).is_ok());
    }

    #[test]
    fn toml_only_values_are_refused_and_shown_as_written() {
        let dt = json!({ TOML_MARKER: "1979-05-27" });
        let err = parse("kiosk.id", Input::Value(&dt)).unwrap_err();
        assert_eq!(err, "1979-05-27 is not text");
        let table = json!({"a": 1});
        assert_eq!(shown(Input::Value(&table)), "a table");
    }
}

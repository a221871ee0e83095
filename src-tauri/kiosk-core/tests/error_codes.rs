//! The codes the kiosk can send the page, in one list the UI is checked against.
//!
//! Every error the page can receive is a `KioskError` (or a view carrying an update failure's or
//! a connection check's code), and every code is a string literal in one of the `code()`
//! functions of the types below. This test reads those functions' bodies and keeps
//! `tests/ui/error-codes.json` equal to what they can return; `tests/ui/catalog.test.mjs` then
//! fails when a code has no message in the catalog, or when the page's maps or the UI tests'
//! fake backend use a code Rust never sends.
//!
//! The second test does the same for the staff panel's diagnostics and settings problems
//! (`tests/ui/diagnostic-codes.json`).
//!
//! After adding or renaming a code: `IDENTITY_KIOSK_WRITE_CODES=1 cargo test -p kiosk-core --test
//! error_codes`, then word the new code in the catalog.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

/// The files holding the `code()` of `KioskError` and of every error it wraps, and of
/// `UpdateFailure` (sent inside the updates view). `InstanceError` is not here: it reaches the
/// command line only, never the page.
const SOURCES: &[&str] = &[
    "src/error.rs",
    "src/journal.rs",
    "src/keys/mod.rs",
    "src/keys/keyring.rs",
    "src/pin.rs",
    "src/settings/problem.rs",
    "src/staff.rs",
    "src/updates.rs",
];

/// The string literals returned by every `fn code(` in `source`.
fn codes_in(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("fn code(") {
        let body_start = at + rest[at..].find('{').expect("a body");
        let mut depth = 0usize;
        let mut end = body_start;
        for (i, c) in rest[body_start..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = body_start + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let body = &rest[body_start..end];
        let mut parts = body.split('"');
        parts.next();
        while let (Some(literal), Some(_)) = (parts.next(), parts.next()) {
            if !literal.is_empty() && literal.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                found.push(literal.to_owned());
            }
        }
        rest = &rest[end..];
    }
    found
}

#[test]
fn the_ui_knows_every_code_rust_can_send() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut codes = BTreeSet::new();
    for file in SOURCES {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let found = codes_in(&text);
        assert!(
            !found.is_empty(),
            "{file} has no code() any more: update SOURCES"
        );
        codes.extend(found);
    }
    // Besides the error types: the connection check's answer when Stripe does not answer.
    codes.insert("stripe_unreachable".to_owned());
    keep_listed("error-codes.json", &serde_json::to_value(&codes).unwrap());
}

/// Checks `tests/ui/<file>` holds `value` (writes it with `IDENTITY_KIOSK_WRITE_CODES=1`).
fn keep_listed(file: &str, value: &serde_json::Value) {
    let json = serde_json::to_string_pretty(value).unwrap() + "\n";
    let listed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/ui")
        .join(file);
    if std::env::var_os("IDENTITY_KIOSK_WRITE_CODES").is_some() {
        std::fs::write(&listed, &json).unwrap();
    }
    let committed = std::fs::read_to_string(&listed).unwrap_or_default();
    assert_eq!(
        committed, json,
        "tests/ui/{file} is not what Rust can send; rewrite it with \
         IDENTITY_KIOSK_WRITE_CODES=1 cargo test -p kiosk-core --test error_codes, then word any \
         new code in ui/i18n/en.js (and the other catalogs)"
    );
}

/// The staff panel's other codes: what the doctor's checks find, what they suggest and remark,
/// and why a setting was refused and what the kiosk did instead, in
/// `tests/ui/diagnostic-codes.json` (the catalog test checks each is worded).
#[test]
fn the_ui_knows_every_diagnostic_and_settings_code() {
    use kiosk_core::settings::{Outcome, Reason, Source};
    let outcome = |o: Outcome| serde_json::to_value(o).unwrap();
    let outcomes: Vec<serde_json::Value> = [
        Outcome::Fallback(Source::Default),
        Outcome::Fallback(Source::User),
        Outcome::Fallback(Source::Environment),
        Outcome::Fallback(Source::Policy),
        Outcome::KeyIgnored,
        Outcome::EntryIgnored,
        Outcome::FileIgnored,
    ]
    .into_iter()
    .map(outcome)
    .collect();
    let all = serde_json::json!({
        "findings": kiosk_core::doctor::FINDINGS,
        "remedies": kiosk_core::doctor::REMEDIES,
        "notes": kiosk_core::doctor::NOTES,
        "checks": kiosk_core::doctor::CHECK_NAMES,
        "setting_reasons": Reason::CODES,
        "setting_outcomes": outcomes,
    });
    keep_listed("diagnostic-codes.json", &all);
}

#[test]
fn the_reader_finds_literals_in_nested_matches_only_inside_code() {
    let source = r#"
        fn message(&self) -> &str { "not_a_code" }
        pub fn code(&self) -> &'static str {
            match self {
                Self::A => "alpha_code",
                Self::B(inner) => match inner { X => "beta", _ => "gamma_x" },
                Self::C(e) => e.code(),
            }
        }
        fn other() { "outside" }
    "#;
    assert_eq!(codes_in(source), ["alpha_code", "beta", "gamma_x"]);
}

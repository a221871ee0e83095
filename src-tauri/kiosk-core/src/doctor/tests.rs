//! The doctor's unit tests: statuses, network severity, error causes and the log folder's
//! probe. The checks against real keyrings, sandboxes and folders are in `tests/doctor.rs`.

use std::fs;
use std::io;

use super::local::probe_write;
use super::network::{causes, network_severity};
use super::*;

#[test]
fn statuses_order_and_serialize_by_severity() {
    assert!(CheckStatus::Ok < CheckStatus::Warn && CheckStatus::Warn < CheckStatus::Fail);
    assert_eq!(worst(&[]), CheckStatus::Ok);
    let checks = [
        Check::warn("camera", "camera_none", "x"),
        Check::ok("keyring", "keyring_ok", "y"),
    ];
    assert_eq!(worst(&checks), CheckStatus::Warn);
    let check = Check::fail("keyring", "keyring_locked", "down")
        .param("cause", "no unlock")
        .remedy("keyring_setup_linux", "fix it");
    assert_eq!(
        serde_json::to_value(check).unwrap(),
        serde_json::json!({
            "name": "keyring", "status": "fail", "detail": "down", "remedy": "fix it",
            "code": "keyring_locked", "remedy_code": "keyring_setup_linux", "notes": [],
            "params": {"cause": "no unlock"}
        })
    );
    for s in [CheckStatus::Ok, CheckStatus::Warn, CheckStatus::Fail] {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
}

#[test]
fn network_failures_only_warn_for_a_kiosk_without_key_or_overrides() {
    let plain = BackendEnv::default();
    assert_eq!(network_severity(false, &plain), CheckStatus::Warn);
    assert_eq!(network_severity(true, &plain), CheckStatus::Fail);
    let pointed = BackendEnv {
        api_base: Some("https://stripe.example".into()),
        ..BackendEnv::default()
    };
    assert_eq!(network_severity(false, &pointed), CheckStatus::Fail);
    let js = BackendEnv {
        stripe_js_url: Some("https://js.example/v3/".into()),
        ..BackendEnv::default()
    };
    assert_eq!(network_severity(false, &js), CheckStatus::Fail);
}

#[test]
fn causes_follow_the_source_chain_without_repeats() {
    #[derive(Debug, thiserror::Error)]
    #[error("request failed")]
    struct Outer(#[source] io::Error);
    let e = Outer(io::Error::new(
        io::ErrorKind::ConnectionRefused,
        "connection refused",
    ));
    assert_eq!(causes(&e), "connection refused");
    assert_eq!(causes(&io::Error::other("alone")), "alone");
}

#[test]
fn the_probe_file_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("new/logs");
    probe_write(&logs).unwrap();
    assert_eq!(fs::read_dir(&logs).unwrap().count(), 0);
}

#[test]
fn every_code_the_checks_write_is_listed_for_the_page() {
    // Every snake_case string literal in the checks' sources is a code they can send, a check's
    // name, or a parameter's name: each code must be listed, and each listed code written.
    let sources = [
        include_str!("credentials.rs"),
        include_str!("local.rs"),
        include_str!("network.rs"),
        include_str!("../doctor.rs"),
    ];
    let mut found = std::collections::BTreeSet::new();
    for src in sources {
        for piece in src.split('"').skip(1).step_by(2) {
            if piece.len() > 3
                && piece.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                && piece.contains('_')
            {
                found.insert(piece.to_owned());
            }
        }
    }
    let listed: std::collections::BTreeSet<String> = FINDINGS
        .iter()
        .chain(REMEDIES)
        .chain(NOTES)
        .map(|c| (*c).to_owned())
        .collect();
    // Literals that are not codes: check names, parameter names and setting keys.
    let not_codes: std::collections::BTreeSet<&str> = CHECK_NAMES
        .iter()
        .copied()
        .chain([
            "secret_mode",
            "publishable_mode",
            "user_file",
            "policy_file",
            "api_base",
            "stripe_js_url",
            "live_flow",
            "secret_key",
            "device_dir",
            "network_timeout",
            "snake_case",
        ])
        .collect();
    let unlisted: Vec<_> = found
        .iter()
        .filter(|c| !listed.contains(*c) && !not_codes.contains(c.as_str()))
        .collect();
    assert!(
        unlisted.is_empty(),
        "codes written but not listed: {unlisted:?}"
    );
    let unused: Vec<_> = listed.iter().filter(|c| !found.contains(*c)).collect();
    assert!(
        unused.is_empty(),
        "codes listed but never written: {unused:?}"
    );
}

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
    let checks = [Check::warn("a", "x"), Check::ok("b", "y")];
    assert_eq!(worst(&checks), CheckStatus::Warn);
    assert_eq!(
        serde_json::to_value(Check::fail("keyring", "down").remedy("fix it")).unwrap(),
        serde_json::json!({
            "name": "keyring", "status": "fail", "detail": "down", "remedy": "fix it"
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

//! The update rules' tests: which endpoints may be checked, the check and install sequence,
//! and the staff panel's view.

use super::*;
use crate::update_endpoint::endpoint_url;

fn on(endpoint: Option<&str>) -> Settings {
    Settings {
        updates_enabled: true,
        updates_endpoint: endpoint.map(str::to_owned),
        ..Settings::default()
    }
}

fn release(v: &str) -> Release {
    Release {
        version: v.into(),
        notes: Some("Fixes".into()),
    }
}

#[test]
fn checking_needs_updates_on_and_an_https_endpoint() {
    assert_eq!(
        endpoint(&Settings::default()).unwrap_err(),
        UpdateError::Off,
        "off by default"
    );
    let off_with_endpoint = Settings {
        updates_endpoint: Some("https://updates.example.com/latest.json".into()),
        ..Settings::default()
    };
    assert_eq!(endpoint(&off_with_endpoint), Err(UpdateError::Off));
    assert_eq!(endpoint(&on(None)), Err(UpdateError::NoEndpoint));
    let url = endpoint(&on(Some(
        "https://updates.example.com/{{target}}/latest.json",
    )));
    assert_eq!(url.unwrap().scheme(), "https");
    for bad in [
        "http://updates.example.com/latest.json",
        "http://10.0.0.5/latest.json",
        "ftp://updates.example.com/",
        "file:///etc/passwd",
        "updates.example.com",
        "https://",
        "https:///path",
        "https://a b/",
    ] {
        let err = endpoint(&on(Some(bad))).unwrap_err();
        assert_eq!(err.code(), "updates_endpoint_invalid", "{bad}");
    }
}

#[test]
fn plain_http_only_to_this_machine() {
    for ok in [
        "http://127.0.0.1:8123/latest.json",
        "http://localhost:9/x",
        "http://[::1]:80/x",
    ] {
        assert!(endpoint_url(ok).is_ok(), "{ok}");
    }
    assert!(endpoint_url("http://127.0.0.1.example.com/x").is_err());
    assert!(endpoint_url("http://localhost.example.com/x").is_err());
}

#[test]
fn a_check_finds_an_update_or_nothing_or_fails() {
    let u = Updates::default();
    assert_eq!(u.state(), UpdateState::Idle);
    u.begin_check().unwrap();
    assert_eq!(u.state(), UpdateState::Checking);
    assert_eq!(
        u.begin_check(),
        Err(UpdateError::InProgress),
        "one at a time"
    );
    u.finish_check(Ok(Some(release("0.2.0"))), 100);
    assert_eq!(
        u.state(),
        UpdateState::Available {
            version: "0.2.0".into(),
            notes: Some("Fixes".into())
        }
    );
    u.begin_check().unwrap();
    u.finish_check(Ok(None), 200);
    assert_eq!(u.state(), UpdateState::Idle);
    u.begin_check().unwrap();
    u.finish_check(Err(UpdateFailure::Signature), 300);
    assert_eq!(
        u.state(),
        UpdateState::Failed {
            code: "update_signature"
        }
    );
    let view = u.view("0.1.0", &on(Some("https://u.example.com/")), false);
    assert_eq!(
        view.last_checked,
        Some(200),
        "the last check that got an answer"
    );
}

#[test]
fn install_waits_for_the_customer() {
    let u = Updates::default();
    u.begin_check().unwrap();
    u.finish_check(Ok(Some(release("0.2.0"))), 1);
    let err = u.begin_install(true).unwrap_err();
    assert_eq!(err.code(), "busy");
    assert!(
        matches!(u.state(), UpdateState::Available { .. }),
        "still there to install later"
    );
    assert_eq!(u.begin_install(false).unwrap().version, "0.2.0");
    assert_eq!(
        u.state(),
        UpdateState::Installing {
            version: "0.2.0".into()
        }
    );
    assert_eq!(
        u.begin_install(false).unwrap_err().code(),
        "update_in_progress"
    );
    assert_eq!(u.begin_check(), Err(UpdateError::InProgress));
    u.install_postponed(release("0.2.0"));
    assert!(matches!(u.state(), UpdateState::Available { .. }));
    u.begin_install(false).unwrap();
    u.install_failed(UpdateFailure::Install);
    assert_eq!(
        u.state(),
        UpdateState::Failed {
            code: "update_install_failed"
        }
    );
}

#[test]
fn nothing_to_install_without_an_update() {
    let u = Updates::default();
    assert_eq!(u.begin_install(false).unwrap_err().code(), "no_update");
    u.begin_check().unwrap();
    assert_eq!(
        u.begin_install(false).unwrap_err().code(),
        "update_in_progress"
    );
}

#[test]
fn the_view_says_why_updates_are_off_and_whether_a_customer_is_mid_flow() {
    let u = Updates::default();
    let v = u.view("0.1.0", &Settings::default(), true);
    assert_eq!(v.off_reason, Some("updates_off"));
    assert!(v.customer_in_flow);
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["state"], "idle");
    assert_eq!(json["current_version"], "0.1.0");
    assert_eq!(
        u.view("0.1.0", &on(None), false).off_reason,
        Some("updates_no_endpoint")
    );
    u.begin_check().unwrap();
    u.finish_check(Ok(Some(release("0.3.0"))), 5);
    let json =
        serde_json::to_value(u.view("0.1.0", &on(Some("https://u.example.com/")), false)).unwrap();
    assert_eq!(json["state"], "available");
    assert_eq!(json["version"], "0.3.0");
    assert_eq!(json["notes"], "Fixes");
    assert_eq!(json["off_reason"], serde_json::Value::Null);
}

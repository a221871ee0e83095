//! The models parse Stripe's own fixtures and survive values this client has never seen.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use stripe_identity::models::{
    RedactionStatus, SessionErrorCode, SessionStatus, VerificationReport, VerificationSession,
    VerificationType,
};

fn fixtures() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/identity-fixtures.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn stripe_fixtures_parse() {
    let f = fixtures();
    let s: VerificationSession =
        serde_json::from_value(f["resources"]["identity.verification_session"].clone()).unwrap();
    assert_eq!(s.status, SessionStatus::Verified);
    assert_eq!(s.redaction.unwrap().status, RedactionStatus::Processing);
    assert_eq!(
        s.last_verification_report.unwrap().id(),
        "vr_QXhW13B2hsHOm43JtUgs0f0w"
    );
    let r: VerificationReport =
        serde_json::from_value(f["resources"]["identity.verification_report"].clone()).unwrap();
    assert_eq!(r.document.unwrap().first_name.as_deref(), Some("Jenny"));
}

#[test]
fn unknown_enum_values_and_extra_fields_never_fail_a_response() {
    let json = serde_json::json!({
        "id": "vs_1", "object": "identity.verification_session", "created": 1, "livemode": false,
        "metadata": {}, "status": "awaiting_review", "type": "face_scan",
        "last_error": {"code": "retina_unreadable", "reason": null},
        "options": {"document": {"allowed_types": ["residence_permit"]}},
        "redaction": {"status": "queued"},
        "a_field_from_the_future": {"nested": [1, 2]}
    });
    let s: VerificationSession = serde_json::from_value(json).unwrap();
    assert_eq!(s.status, SessionStatus::Other("awaiting_review".into()));
    assert_eq!(s.kind, VerificationType::Other("face_scan".into()));
    assert_eq!(
        s.last_error.unwrap().code,
        Some(SessionErrorCode::Other("retina_unreadable".into()))
    );
    assert!(s.client_secret.is_none());
}

#[test]
fn serializing_a_session_never_writes_its_client_secret_or_url() {
    let json = serde_json::json!({
        "id": "vs_1", "object": "identity.verification_session", "created": 1, "livemode": false,
        "metadata": {}, "status": "requires_input", "type": "document",
        "client_secret": "vs_1_secret_test_abc", "url": "https://verify.stripe.com/start/test_abc"
    });
    let s: VerificationSession = serde_json::from_value(json).unwrap();
    assert_eq!(
        s.client_secret.as_ref().unwrap().expose(),
        "vs_1_secret_test_abc"
    );
    let out = serde_json::to_string(&s).unwrap();
    assert!(
        !out.contains("secret_test_abc") && !out.contains("verify.stripe.com"),
        "{out}"
    );
    let dbg = format!("{s:?}");
    assert!(
        !dbg.contains("secret_test_abc") && !dbg.contains("verify.stripe.com"),
        "{dbg}"
    );
}

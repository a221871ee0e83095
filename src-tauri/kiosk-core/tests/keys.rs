//! Checking keys with Stripe before they are stored, against the sandbox over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use identity_sandbox::testing::{self, Control};
use identity_sandbox::SandboxConfig;

use kiosk_core::StripeKeys;

#[tokio::test]
async fn a_good_key_passes_both_probes_and_creates_nothing() {
    let sb = testing::start(SandboxConfig::from_env()).await;
    let keys = StripeKeys::parse("sk_test_keycheck00000001", Some("pk_test_keycheck0001")).unwrap();
    keys.check_with_stripe(&sb.base_url()).await.unwrap();
    let listed = Control::of(&sb).sessions("sk_test_keycheck00000001").await;
    assert!(listed.is_empty(), "the check created a session");
}

#[tokio::test]
async fn a_revoked_key_is_rejected_with_its_mask_only() {
    let sb = testing::start(SandboxConfig::from_env()).await;
    let key = "sk_test_keycheck00000002";
    Control::of(&sb).set_key_state(key, "revoked").await;
    let err = StripeKeys::parse(key, None)
        .unwrap()
        .check_with_stripe(&sb.base_url())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "key_rejected");
    let text = err.to_string();
    assert!(text.contains("sk_test_…0002"), "{text}");
    assert!(!text.contains(key), "{text}");
}

#[tokio::test]
async fn a_restricted_key_without_identity_permission_is_explained() {
    let sb = testing::start(SandboxConfig::from_env()).await;
    let key = "rk_test_keycheck00000003";
    Control::of(&sb)
        .set_key_state(key, "no_identity_permission")
        .await;
    let err = StripeKeys::parse(key, None)
        .unwrap()
        .check_with_stripe(&sb.base_url())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "key_permission");
    assert!(
        err.to_string()
            .contains("Verification Sessions and Reports"),
        "{err}"
    );
}

#[tokio::test]
async fn an_unreachable_stripe_stores_nothing_and_says_why() {
    // A port nothing listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = StripeKeys::parse("sk_test_keycheck00000004", None)
        .unwrap()
        .check_with_stripe(&base)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "stripe_unreachable");
}

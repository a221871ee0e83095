//! Authentication failures, each as Stripe answers them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_error, start, KEY, RK};
use serde_json::json;

const SESSIONS: &str = "/v1/identity/verification_sessions";

#[tokio::test]
async fn missing_key() {
    let h = start().await;
    let r = h.send(h.http.get(format!("{}{SESSIONS}", h.base))).await;
    assert_error(&r, 401, "invalid_request_error", None, None);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("You did not provide an API key."));
}

#[tokio::test]
async fn bearer_and_basic_both_work() {
    let h = start().await;
    let r = h
        .send(
            h.http
                .get(format!("{}{SESSIONS}", h.base))
                .basic_auth(KEY, Some("")),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = h
        .send(
            h.http
                .get(format!("{}{SESSIONS}", h.base))
                .basic_auth(RK, None::<&str>),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = h
        .send(h.http.get(format!("{}{SESSIONS}", h.base)).bearer_auth(RK))
        .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn malformed_key_is_masked() {
    let h = start().await;
    let r = h
        .send(
            h.http
                .get(format!("{}{SESSIONS}", h.base))
                .bearer_auth("sk_test_bad-key-abcd"),
        )
        .await;
    assert_error(&r, 401, "invalid_request_error", None, None);
    let msg = r.json()["error"]["message"].as_str().unwrap().to_string();
    assert_eq!(msg, "Invalid API Key provided: sk_test_********abcd");
    assert!(!r.text.contains("bad-key"));
}

#[tokio::test]
async fn publishable_and_live_keys() {
    let h = start().await;
    let r = h
        .send(
            h.http
                .get(format!("{}{SESSIONS}", h.base))
                .bearer_auth("pk_test_1234567890abcdef"),
        )
        .await;
    assert_error(&r, 401, "invalid_request_error", None, None);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("This API call cannot be made with a publishable API key."));
    let live = "sk_live_FAKE_1234_abcd_WXYZ";
    let r = h
        .send(
            h.http
                .get(format!("{}{SESSIONS}", h.base))
                .bearer_auth(live),
        )
        .await;
    assert_error(&r, 401, "invalid_request_error", None, None);
    let msg = r.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        msg.contains("sandbox") && msg.contains("test mode"),
        "{msg}"
    );
    assert!(!r.text.contains(live));
}

#[tokio::test]
async fn revoked_and_unpermitted_keys() {
    let h = start().await;
    let r = h
        .control(
            reqwest::Method::POST,
            "/_sandbox/keys",
            Some(json!({"key": KEY, "state": "revoked"})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(!r.text.contains(KEY));
    let r = h.get(SESSIONS).await;
    assert_error(
        &r,
        401,
        "invalid_request_error",
        Some("api_key_expired"),
        None,
    );
    assert_eq!(
        r.json()["error"]["message"],
        "Expired API Key provided: sk_test_****************7890"
    );
    h.control(
        reqwest::Method::POST,
        "/_sandbox/keys",
        Some(json!({"key": KEY, "state": "ok"})),
    )
    .await;
    assert_eq!(h.get(SESSIONS).await.status, 200);

    h.control(
        reqwest::Method::POST,
        "/_sandbox/keys",
        Some(json!({"key": RK, "state": "no_identity_permission"})),
    )
    .await;
    let r = h
        .send(
            h.http
                .post(format!("{}{SESSIONS}", h.base))
                .bearer_auth(RK)
                .form(&[("type", "document")]),
        )
        .await;
    assert_error(&r, 403, "invalid_request_error", None, None);
    let msg = r.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(msg.starts_with("The provided key 'rk_test_****************7890' does not have the required permissions for this endpoint on account 'acct_"), "{msg}");
    assert!(msg.ends_with(
        "Having the 'rak_identity_product_write' permission would allow this request to continue."
    ));
    let r = h
        .send(h.http.get(format!("{}{SESSIONS}", h.base)).bearer_auth(RK))
        .await;
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("rak_identity_product_read"));
}

#[tokio::test]
async fn request_log_never_holds_keys() {
    let h = start().await;
    h.create("type=document").await;
    let log = h
        .control(reqwest::Method::GET, "/_sandbox/requests", None)
        .await;
    assert!(!log.text.contains(KEY));
    let entry = &log.json()["data"][0];
    assert_eq!(entry["authorization"], "bearer");
    assert_eq!(entry["method"], "POST");
    assert_eq!(entry["body"], json!({"type": "document"}));
    assert_eq!(entry["status"], 200);
}

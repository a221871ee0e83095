//! Session lifecycle over real HTTP: shapes, state machine, 404, and the loopback-only server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_error, start, KEY};
use serde_json::json;

#[tokio::test]
async fn create_returns_stripe_shape() {
    let h = start().await;
    let r = h.post("/v1/identity/verification_sessions", "type=document&metadata[kiosk]=K1&client_reference_id=u1&return_url=https%3A%2F%2Fexample.com%2Fdone").await;
    assert_eq!(r.status, 200);
    assert!(r.header("request-id").unwrap().starts_with("req_"));
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        r.header("stripe-version").as_deref(),
        Some("2026-09-30.endive")
    );
    let s = r.json();
    let id = s["id"].as_str().unwrap();
    assert!(
        id.starts_with("vs_")
            && id.len() == 27
            && id[3..].chars().all(|c| c.is_ascii_alphanumeric())
    );
    assert_eq!(s["object"], "identity.verification_session");
    assert_eq!(s["livemode"], false);
    assert_eq!(s["status"], "requires_input");
    assert_eq!(s["type"], "document");
    assert_eq!(s["metadata"], json!({"kiosk": "K1"}));
    assert_eq!(s["client_reference_id"], "u1");
    assert_eq!(s["last_error"], json!(null));
    assert_eq!(s["last_verification_report"], json!(null));
    assert_eq!(s["redaction"], json!(null));
    assert_eq!(s["related_customer"], json!(null));
    assert_eq!(s["options"], json!({}));
    assert!(s.get("verified_outputs").is_none());
    let secret = s["client_secret"].as_str().unwrap();
    let token = secret.strip_prefix(&format!("{id}_secret_test_")).unwrap();
    assert_eq!(s["url"], format!("{}/start/test_{token}", h.base));
}

#[tokio::test]
async fn stripe_version_is_echoed() {
    let h = start().await;
    let r = h
        .send(
            h.http
                .get(format!("{}/v1/identity/verification_sessions", h.base))
                .bearer_auth(KEY)
                .header("Stripe-Version", "2026-07-29.dahlia"),
        )
        .await;
    assert_eq!(
        r.header("stripe-version").as_deref(),
        Some("2026-07-29.dahlia")
    );
}

#[tokio::test]
async fn unknown_ids_are_404() {
    let h = start().await;
    let r = h.get("/v1/identity/verification_sessions/vs_nope").await;
    assert_error(
        &r,
        404,
        "invalid_request_error",
        Some("resource_missing"),
        Some("session"),
    );
    assert_eq!(
        r.json()["error"]["message"],
        "No such verification session: 'vs_nope'"
    );
    let r = h
        .post("/v1/identity/verification_sessions/vs_nope/cancel", "")
        .await;
    assert_error(
        &r,
        404,
        "invalid_request_error",
        Some("resource_missing"),
        Some("session"),
    );
    let r = h.get("/v1/identity/verification_reports/vr_nope").await;
    assert_error(
        &r,
        404,
        "invalid_request_error",
        Some("resource_missing"),
        Some("report"),
    );
    let r = h.get("/v1/identity/nothing").await;
    assert_error(&r, 404, "invalid_request_error", None, None);
}

#[tokio::test]
async fn retrieve_mints_fresh_secrets_and_old_ones_stay_valid() {
    let h = start().await;
    let s = h.create("type=document").await;
    let id = s["id"].as_str().unwrap();
    let first = s["client_secret"].as_str().unwrap().to_string();
    let again = h.retrieve(id, "").await;
    let second = again["client_secret"].as_str().unwrap().to_string();
    assert_ne!(first, second);
    let info = h
        .send(
            h.http
                .get(format!("{}/_sandbox/verification_pages/{first}", h.base)),
        )
        .await;
    assert_eq!(info.status, 200);
    // Submitting with one secret spends all of them.
    assert_eq!(h.submit(&second, "verified").await.status, 200);
    let r = h.submit(&first, "verified").await;
    assert_eq!(r.status, 410);
    assert_eq!(r.json()["error"]["code"], "client_secret_used");
}

#[tokio::test]
async fn update_merges_metadata_and_options() {
    let h = start().await;
    let s = h.create("type=document&metadata[a]=1&metadata[b]=2&options[document][require_matching_selfie]=true").await;
    let id = s["id"].as_str().unwrap();
    assert_eq!(
        s["options"],
        json!({"document": {"require_matching_selfie": true}})
    );
    let r = h
        .post(
            &format!("/v1/identity/verification_sessions/{id}"),
            "metadata[a]=&metadata[c]=3&type=id_number&options[document]=",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let u = r.json();
    assert_eq!(u["metadata"], json!({"b": "2", "c": "3"}));
    assert_eq!(u["type"], "id_number");
    assert_eq!(u["options"], json!({}));
    let u = h
        .post(
            &format!("/v1/identity/verification_sessions/{id}"),
            "metadata=",
        )
        .await
        .json();
    assert_eq!(u["metadata"], json!({}));
    // Update-only params are refused.
    let r = h
        .post(
            &format!("/v1/identity/verification_sessions/{id}"),
            "return_url=https%3A%2F%2Fx.y",
        )
        .await;
    assert_error(
        &r,
        400,
        "invalid_request_error",
        Some("parameter_unknown"),
        Some("return_url"),
    );
}

#[tokio::test]
async fn cancel_only_from_requires_input() {
    let h = start().await;
    let s = h.create("type=document").await;
    let id = s["id"].as_str().unwrap();
    let c = h
        .post(
            &format!("/v1/identity/verification_sessions/{id}/cancel"),
            "",
        )
        .await
        .json();
    assert_eq!(c["status"], "canceled");
    assert_eq!(c["client_secret"], json!(null));
    assert_eq!(c["url"], json!(null));
    let r = h
        .post(
            &format!("/v1/identity/verification_sessions/{id}/cancel"),
            "",
        )
        .await;
    assert_error(&r, 400, "invalid_request_error", None, None);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("canceled"));
    let r = h
        .post(
            &format!("/v1/identity/verification_sessions/{id}"),
            "metadata[a]=b",
        )
        .await;
    assert_error(&r, 400, "invalid_request_error", None, None);
    let r = h
        .post(
            &format!("/v1/identity/verification_sessions/{id}/redact"),
            "",
        )
        .await;
    assert_error(&r, 400, "invalid_request_error", None, None);
    // The spent hosted link answers 410.
    let page = h.send(h.http.get(s["url"].as_str().unwrap())).await;
    assert_eq!(page.status, 410);
}

#[tokio::test]
async fn verified_session_refuses_update_and_cancel() {
    let h = start().await;
    let s = h.create("type=document").await;
    let id = s["id"].as_str().unwrap();
    assert_eq!(
        h.submit(s["client_secret"].as_str().unwrap(), "verified")
            .await
            .status,
        200
    );
    let v = h.retrieve(id, "").await;
    assert_eq!(v["status"], "verified");
    assert_eq!(v["client_secret"], json!(null));
    assert_eq!(v["url"], json!(null));
    let r = h
        .post(
            &format!("/v1/identity/verification_sessions/{id}/cancel"),
            "",
        )
        .await;
    assert_error(&r, 400, "invalid_request_error", None, None);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("verified"));
    let r = h
        .post(
            &format!("/v1/identity/verification_sessions/{id}"),
            "metadata[a]=b",
        )
        .await;
    assert_error(&r, 400, "invalid_request_error", None, None);
}

#[tokio::test]
async fn non_loopback_is_refused() {
    let e = identity_sandbox::start(
        "0.0.0.0:0".parse().unwrap(),
        identity_sandbox::SandboxConfig::default(),
    )
    .await
    .err();
    assert!(matches!(
        e,
        Some(identity_sandbox::SandboxError::NotLoopback(_))
    ));
}

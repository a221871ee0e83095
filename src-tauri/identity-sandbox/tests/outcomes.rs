//! The four test outcomes, consent decline and the hosted page, through the private endpoints.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{fast_config, start, start_with};
use identity_sandbox::SandboxConfig;
use serde_json::json;

#[tokio::test]
async fn sync_success_is_verified_when_submit_returns() {
    let h = start().await;
    let s = h.create("type=document").await;
    let r = h
        .submit(s["client_secret"].as_str().unwrap(), "verified")
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["verification_session"]["id"], s["id"]);
    let v = h.retrieve(s["id"].as_str().unwrap(), "").await;
    assert_eq!(v["status"], "verified");
    assert_eq!(v["last_error"], json!(null));
}

#[tokio::test]
async fn sync_failure_returns_to_requires_input_with_error() {
    let h = start_with(SandboxConfig {
        failure_code: "selfie_face_mismatch".into(),
        ..fast_config()
    })
    .await;
    let s = h
        .create("type=document&options[document][require_matching_selfie]=true")
        .await;
    h.submit(s["client_secret"].as_str().unwrap(), "unverified")
        .await;
    let v = h
        .retrieve(
            s["id"].as_str().unwrap(),
            "?expand[]=last_verification_report",
        )
        .await;
    assert_eq!(v["status"], "requires_input");
    assert_eq!(v["last_error"]["code"], "selfie_face_mismatch");
    assert!(v["last_error"]["reason"].as_str().is_some());
    assert!(v["client_secret"].as_str().is_some());
    assert_ne!(v["client_secret"], s["client_secret"]);
    let report = &v["last_verification_report"];
    assert_eq!(report["selfie"]["status"], "unverified");
    assert_eq!(report["selfie"]["error"]["code"], "selfie_face_mismatch");
    assert_eq!(report["document"]["status"], "verified");
    // Retry with the new secret succeeds and clears the error.
    h.submit(v["client_secret"].as_str().unwrap(), "verified")
        .await;
    let v = h.retrieve(s["id"].as_str().unwrap(), "").await;
    assert_eq!(v["status"], "verified");
    assert_eq!(v["last_error"], json!(null));
}

#[tokio::test]
async fn async_outcomes_stay_processing_then_finish() {
    let h = start().await;
    let ok = h.create("type=document").await;
    let bad = h.create("type=id_number").await;
    h.submit(ok["client_secret"].as_str().unwrap(), "verified_async")
        .await;
    h.submit(bad["client_secret"].as_str().unwrap(), "unverified_async")
        .await;
    let p = h.retrieve(ok["id"].as_str().unwrap(), "").await;
    assert_eq!(p["status"], "processing");
    assert_eq!(p["client_secret"], json!(null));
    // Forbidden while processing.
    let r = h
        .post(
            &format!(
                "/v1/identity/verification_sessions/{}/cancel",
                ok["id"].as_str().unwrap()
            ),
            "",
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("processing"));
    let r = h
        .post(
            &format!(
                "/v1/identity/verification_sessions/{}/redact",
                ok["id"].as_str().unwrap()
            ),
            "",
        )
        .await;
    assert_eq!(r.status, 400);
    let v = h
        .wait_for(ok["id"].as_str().unwrap(), |s| s["status"] == "verified")
        .await;
    assert!(v["last_verification_report"]
        .as_str()
        .unwrap()
        .starts_with("vr_"));
    let f = h
        .wait_for(bad["id"].as_str().unwrap(), |s| {
            s["status"] == "requires_input"
        })
        .await;
    assert_eq!(f["last_error"]["code"], "document_unverified_other");
    let report = h
        .get(&format!(
            "/v1/identity/verification_reports/{}",
            f["last_verification_report"].as_str().unwrap()
        ))
        .await
        .json();
    assert_eq!(report["type"], "id_number");
    assert_eq!(report["id_number"]["status"], "unverified");
    assert_eq!(
        report["id_number"]["error"]["code"],
        "id_number_unverified_other"
    );
}

#[tokio::test]
async fn async_transition_happens_without_readers() {
    let h = start().await;
    let s = h.create("type=document").await;
    h.submit(s["client_secret"].as_str().unwrap(), "verified_async")
        .await;
    // Nobody retrieves the session: the list filter finds it verified all the same.
    let l = identity_sandbox::testing::eventually("the session to be verified", || async {
        let l = h
            .get("/v1/identity/verification_sessions?status=verified")
            .await
            .json();
        (!l["data"].as_array().unwrap().is_empty()).then_some(l)
    })
    .await;
    assert_eq!(l["data"][0]["id"], s["id"]);
}

#[tokio::test]
async fn decline_keeps_requires_input() {
    let h = start().await;
    let s = h.create("type=document").await;
    let cs = s["client_secret"].as_str().unwrap();
    let r = h
        .send(h.http.post(format!(
            "{}/_sandbox/verification_pages/{cs}/decline",
            h.base
        )))
        .await;
    assert_eq!(r.status, 200);
    let v = h.retrieve(s["id"].as_str().unwrap(), "").await;
    assert_eq!(v["status"], "requires_input");
    assert_eq!(v["last_error"]["code"], "consent_declined");
    // The secret still works after declining.
    assert_eq!(h.submit(cs, "verified").await.status, 200);
}

#[tokio::test]
async fn bad_secrets_and_outcomes() {
    let h = start().await;
    let r = h.submit("vs_123_secret_test_nope", "verified").await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error"]["type"], "invalid_request_error");
    assert_eq!(r.json()["error"]["code"], "resource_missing");
    let s = h.create("type=document").await;
    let r = h
        .submit(s["client_secret"].as_str().unwrap(), "maybe")
        .await;
    assert_eq!(r.status, 400);
    let info = h
        .send(h.http.get(format!(
            "{}/_sandbox/verification_pages/{}",
            h.base,
            s["client_secret"].as_str().unwrap()
        )))
        .await;
    assert_eq!(
        info.json()["verification_session"]["status"],
        "requires_input"
    );
}

#[tokio::test]
async fn hosted_page_flow_redirects_to_return_url() {
    let h = start().await;
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let s = h
        .create("type=document&return_url=https%3A%2F%2Fkiosk.example%2Fdone%3Fx%3D1")
        .await;
    let url = s["url"].as_str().unwrap();
    let page = h.send(no_redirect.get(url)).await;
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(page.header("content-security-policy").is_some());
    for label in [
        "Verification success",
        "Verification failure",
        "Verification success async",
        "Verification failure async",
        "Decline consent",
        "Sandbox: not a real verification",
    ] {
        assert!(page.text.contains(label), "{label}");
    }
    assert!(!page.text.contains("<script>"));
    let done = h
        .send(no_redirect.post(url).form(&[("outcome", "verified")]))
        .await;
    assert_eq!(done.status, 303);
    assert_eq!(
        done.header("location").as_deref(),
        Some("https://kiosk.example/done?x=1")
    );
    assert_eq!(
        h.retrieve(s["id"].as_str().unwrap(), "").await["status"],
        "verified"
    );
    // Used link.
    let again = h.send(no_redirect.get(url)).await;
    assert_eq!(again.status, 410);
    assert!(again.text.contains("page-error"));
    let unknown = h
        .send(no_redirect.get(format!("{}/start/test_unknown", h.base)))
        .await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn hosted_page_without_return_url_shows_result() {
    let h = start().await;
    let s = h.create("type=document").await;
    let r = h
        .send(
            h.http
                .post(s["url"].as_str().unwrap())
                .form(&[("outcome", "unverified_async")]),
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(r.text.contains("You can close this page"));
    assert_eq!(
        h.retrieve(s["id"].as_str().unwrap(), "").await["status"],
        "processing"
    );
}

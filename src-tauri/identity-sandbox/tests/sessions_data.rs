//! What a session holds and gives back over real HTTP: expanded outputs and reports,
//! idempotent replays and conflicts, and redaction.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_error, start, KEY, RK};
use serde_json::json;

#[tokio::test]
async fn expand_outputs_and_report() {
    let h = start().await;
    let s = h
        .create("type=document&provided_details[email]=jenny%40example.com")
        .await;
    let id = s["id"].as_str().unwrap();
    let unexpanded = h
        .retrieve(id, "?expand[]=verified_outputs&expand[]=provided_details")
        .await;
    assert_eq!(unexpanded["verified_outputs"], json!(null));
    assert_eq!(
        unexpanded["provided_details"],
        json!({"email": "jenny@example.com"})
    );
    h.submit(s["client_secret"].as_str().unwrap(), "verified")
        .await;
    let v = h.retrieve(id, "").await;
    assert!(v.get("verified_outputs").is_none());
    let report_id = v["last_verification_report"].as_str().unwrap();
    assert!(report_id.starts_with("vr_"));
    let v = h.retrieve(id, "?expand[0]=verified_outputs&expand[1]=last_verification_report&expand[2]=verified_outputs.dob").await;
    let out = &v["verified_outputs"];
    assert_eq!(out["first_name"], "Jenny");
    assert_eq!(out["last_name"], "Rosen");
    assert_eq!(out["email"], "jenny@example.com");
    assert_eq!(out["address"]["city"], "San Francisco");
    // dob needs a restricted key.
    assert_eq!(out["dob"], json!(null));
    assert_eq!(v["last_verification_report"]["id"], report_id);
    assert_eq!(
        v["last_verification_report"]["document"]["status"],
        "verified"
    );
    let r = h
        .send(h.http.get(format!("{}/v1/identity/verification_sessions/{id}?expand[]=verified_outputs.dob&expand[]=verified_outputs", h.base)).bearer_auth(RK))
        .await;
    assert_eq!(
        r.json()["verified_outputs"]["dob"],
        json!({"day": 1, "month": 1, "year": 1901})
    );
    // Create can expand too; bad paths are refused.
    let c = h.create("type=document&expand[]=verified_outputs").await;
    assert_eq!(c["verified_outputs"], json!(null));
    let r = h
        .get(&format!(
            "/v1/identity/verification_sessions/{id}?expand[]=nope"
        ))
        .await;
    assert_error(&r, 400, "invalid_request_error", None, None);
    // Lists need the data. prefix.
    let l = h
        .get("/v1/identity/verification_sessions?expand[]=data.last_verification_report")
        .await
        .json();
    assert_eq!(
        l["data"][1]["last_verification_report"]["object"],
        "identity.verification_report"
    );
    let r = h
        .get("/v1/identity/verification_sessions?expand[]=last_verification_report")
        .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn idempotent_replay_and_conflict() {
    let h = start().await;
    let post = |body: &'static str, key: &'static str| {
        h.http
            .post(format!("{}/v1/identity/verification_sessions", h.base))
            .bearer_auth(KEY)
            .header("Idempotency-Key", key)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    };
    let first = h.send(post("type=document&metadata[a]=1", "key-1")).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.header("idempotency-key").as_deref(), Some("key-1"));
    assert!(first.header("idempotent-replayed").is_none());
    // Same params, other bracket encoding: replayed byte for byte with the original request id.
    let again = h
        .send(post("type=document&metadata%5Ba%5D=1", "key-1"))
        .await;
    assert_eq!(again.status, 200);
    assert_eq!(again.text, first.text);
    assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(again.header("request-id"), first.header("request-id"));
    let list = h.get("/v1/identity/verification_sessions").await.json();
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    let conflict = h.send(post("type=id_number", "key-1")).await;
    assert_error(&conflict, 400, "idempotency_error", None, None);
    assert_eq!(
        conflict.json()["error"]["message"],
        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'key-1' if you meant to execute a different request."
    );
    // Validation errors are not saved: the key stays usable.
    let bad = h.send(post("type=selfie", "key-2")).await;
    assert_eq!(bad.status, 400);
    let good = h.send(post("type=document", "key-2")).await;
    assert_eq!(good.status, 200);
    // GET ignores the header.
    let g = h
        .send(
            h.http
                .get(format!("{}/v1/identity/verification_sessions", h.base))
                .bearer_auth(KEY)
                .header("Idempotency-Key", "key-1"),
        )
        .await;
    assert_eq!(g.status, 200);
    assert!(g.header("idempotent-replayed").is_none());
}

#[tokio::test]
async fn redaction_wipes_and_finishes() {
    let h = start().await;
    let s = h
        .create("type=document&metadata[a]=1&provided_details[email]=a%40b.c")
        .await;
    let id = s["id"].as_str().unwrap();
    h.submit(s["client_secret"].as_str().unwrap(), "verified")
        .await;
    let r = h
        .post(
            &format!("/v1/identity/verification_sessions/{id}/redact"),
            "expand[]=verified_outputs",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let red = r.json();
    assert_eq!(red["redaction"], json!({"status": "processing"}));
    assert_eq!(red["status"], "verified");
    assert_eq!(red["metadata"], json!({}));
    assert_eq!(red["verified_outputs"]["first_name"], "[redacted]");
    assert_eq!(red["verified_outputs"]["email"], "[redacted]");
    assert_eq!(red["verified_outputs"]["address"]["line1"], "[redacted]");
    let done = h
        .wait_for(id, |s| s["redaction"]["status"] == "redacted")
        .await;
    assert_eq!(done["status"], "verified");
    let r = h
        .post(
            &format!("/v1/identity/verification_sessions/{id}"),
            "metadata[a]=2",
        )
        .await;
    assert_error(&r, 400, "invalid_request_error", None, None);
    // Redacting again returns the session unchanged.
    let again = h
        .post(
            &format!("/v1/identity/verification_sessions/{id}/redact"),
            "",
        )
        .await;
    assert_eq!(again.status, 200);
    let report = h
        .get(&format!(
            "/v1/identity/verification_reports/{}",
            done["last_verification_report"].as_str().unwrap()
        ))
        .await
        .json();
    assert_eq!(report["document"]["first_name"], "[redacted]");
}

#[tokio::test]
async fn redacting_requires_input_cancels() {
    let h = start().await;
    let s = h.create("type=document").await;
    let id = s["id"].as_str().unwrap();
    let red = h
        .post(
            &format!("/v1/identity/verification_sessions/{id}/redact"),
            "",
        )
        .await
        .json();
    assert_eq!(red["status"], "canceled");
    assert_eq!(red["client_secret"], json!(null));
    assert_eq!(red["redaction"]["status"], "processing");
}

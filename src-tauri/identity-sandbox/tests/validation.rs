//! Form decoding variants and spec-driven validation errors over HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_error, start};
use serde_json::json;

#[tokio::test]
async fn every_array_and_bracket_form_is_accepted() {
    let h = start().await;
    for body in [
        "type=document&options[document][allowed_types][0]=passport&options[document][allowed_types][1]=id_card",
        "type=document&options[document][allowed_types][]=passport&options[document][allowed_types][]=id_card",
        "type=document&options%5Bdocument%5D%5Ballowed_types%5D%5B0%5D=passport&options%5Bdocument%5D%5Ballowed_types%5D%5B1%5D=id_card",
        "type=document&options%5Bdocument%5D%5Ballowed_types%5D%5B%5D=passport&options%5Bdocument%5D%5Ballowed_types%5D%5B%5D=id_card",
    ] {
        let s = h.create(body).await;
        assert_eq!(s["options"]["document"]["allowed_types"], json!(["passport", "id_card"]), "{body}");
    }
    let s = h.create("type=document&options[document][require_live_capture]=false&options[document][require_id_number]=true").await;
    assert_eq!(
        s["options"]["document"],
        json!({"require_live_capture": false, "require_id_number": true})
    );
    let s = h
        .create("type=document&metadata[empty]=&options[document]=")
        .await;
    assert_eq!(s["metadata"], json!({}));
    assert_eq!(s["options"], json!({}));
}

#[tokio::test]
async fn query_string_variants() {
    let h = start().await;
    let s = h
        .create("type=document&client_reference_id=ref%20one")
        .await;
    let id = s["id"].as_str().unwrap();
    for q in [
        "?client_reference_id=ref%20one",
        "?client_reference_id=ref+one&limit=5",
        "?created%5Bgte%5D=0&client_reference_id=ref+one",
    ] {
        let l = h
            .get(&format!("/v1/identity/verification_sessions{q}"))
            .await
            .json();
        assert_eq!(l["data"][0]["id"], id, "{q}");
    }
}

#[tokio::test]
async fn unknown_parameters_are_named() {
    let h = start().await;
    let r = h
        .post(
            "/v1/identity/verification_sessions",
            "type=document&foo=bar",
        )
        .await;
    assert_error(
        &r,
        400,
        "invalid_request_error",
        Some("parameter_unknown"),
        Some("foo"),
    );
    assert_eq!(
        r.json()["error"]["message"],
        "Received unknown parameter: foo"
    );
    assert_eq!(
        r.json()["error"]["doc_url"],
        "https://stripe.com/docs/error-codes/parameter-unknown"
    );
    let r = h
        .post(
            "/v1/identity/verification_sessions",
            "type=document&options[document][colour]=red",
        )
        .await;
    assert_error(
        &r,
        400,
        "invalid_request_error",
        Some("parameter_unknown"),
        Some("options[document][colour]"),
    );
    let r = h.get("/v1/identity/verification_sessions?bogus=1").await;
    assert_error(
        &r,
        400,
        "invalid_request_error",
        Some("parameter_unknown"),
        Some("bogus"),
    );
}

#[tokio::test]
async fn enums_types_and_required() {
    let h = start().await;
    let r = h
        .post("/v1/identity/verification_sessions", "type=selfie")
        .await;
    assert_error(&r, 400, "invalid_request_error", None, Some("type"));
    assert_eq!(
        r.json()["error"]["message"],
        "Invalid type: must be one of document or id_number"
    );
    let r = h
        .post(
            "/v1/identity/verification_sessions",
            "type=verification_flow",
        )
        .await;
    assert_error(&r, 400, "invalid_request_error", None, Some("type"));
    let r = h
        .post(
            "/v1/identity/verification_sessions",
            "type=document&options[document][allowed_types][0]=visa",
        )
        .await;
    assert_error(
        &r,
        400,
        "invalid_request_error",
        None,
        Some("options[document][allowed_types][0]"),
    );
    let r = h
        .post(
            "/v1/identity/verification_sessions",
            "type=document&options[document][require_id_number]=yes",
        )
        .await;
    assert_error(
        &r,
        400,
        "invalid_request_error",
        None,
        Some("options[document][require_id_number]"),
    );
    assert_eq!(r.json()["error"]["message"], "Invalid boolean: yes");
    let r = h.get("/v1/identity/verification_sessions?limit=abc").await;
    assert_error(
        &r,
        400,
        "invalid_request_error",
        Some("parameter_invalid_integer"),
        Some("limit"),
    );
    assert_eq!(r.json()["error"]["message"], "Invalid integer: abc");
    let r = h
        .get("/v1/identity/verification_sessions?created[gt]=x")
        .await;
    assert_error(
        &r,
        400,
        "invalid_request_error",
        Some("parameter_invalid_integer"),
        Some("created[gt]"),
    );
    for limit in ["0", "101"] {
        let r = h
            .get(&format!("/v1/identity/verification_sessions?limit={limit}"))
            .await;
        assert_error(
            &r,
            400,
            "invalid_request_error",
            Some("parameter_invalid_integer"),
            Some("limit"),
        );
    }
    let r = h
        .post("/v1/identity/verification_sessions", "metadata[a]=b")
        .await;
    assert_error(
        &r,
        400,
        "invalid_request_error",
        Some("parameter_missing"),
        Some("type"),
    );
    let r = h
        .post(
            "/v1/identity/verification_sessions",
            "type=document&related_person[account]=acct_1",
        )
        .await;
    assert_error(
        &r,
        400,
        "invalid_request_error",
        Some("parameter_missing"),
        Some("related_person[person]"),
    );
    let r = h
        .post(
            "/v1/identity/verification_sessions",
            "type=document&client_reference_id=",
        )
        .await;
    assert_error(
        &r,
        400,
        "invalid_request_error",
        Some("parameter_invalid_empty"),
        Some("client_reference_id"),
    );
    let r = h
        .post(
            "/v1/identity/verification_sessions",
            &format!("type=document&client_reference_id={}", "x".repeat(5001)),
        )
        .await;
    assert_error(
        &r,
        400,
        "invalid_request_error",
        None,
        Some("client_reference_id"),
    );
    let r = h
        .post(
            "/v1/identity/verification_sessions",
            "type=document&expand=verified_outputs",
        )
        .await;
    assert_error(&r, 400, "invalid_request_error", None, Some("expand"));
    let r = h
        .post(
            "/v1/identity/verification_sessions",
            "type=document&return_url=not%20a%20url",
        )
        .await;
    assert_error(
        &r,
        400,
        "invalid_request_error",
        Some("url_invalid"),
        Some("return_url"),
    );
}

#[tokio::test]
async fn metadata_limits() {
    let h = start().await;
    let long_key = "k".repeat(41);
    let r = h
        .post(
            "/v1/identity/verification_sessions",
            &format!("type=document&metadata[{long_key}]=v"),
        )
        .await;
    assert_error(
        &r,
        400,
        "invalid_request_error",
        None,
        Some(&format!("metadata[{long_key}]")),
    );
    let ok_key = "k".repeat(40);
    assert_eq!(
        h.post(
            "/v1/identity/verification_sessions",
            &format!("type=document&metadata[{ok_key}]=v")
        )
        .await
        .status,
        200
    );
    let r = h
        .post(
            "/v1/identity/verification_sessions",
            &format!("type=document&metadata[a]={}", "v".repeat(501)),
        )
        .await;
    assert_error(&r, 400, "invalid_request_error", None, Some("metadata[a]"));
    assert!(r.json()["error"]["message"].as_str().unwrap().starts_with("Metadata values can have up to 500 characters, but you passed in a value that is 501 characters."));
    let many: Vec<String> = (0..51).map(|i| format!("metadata[k{i}]=v")).collect();
    let r = h
        .post(
            "/v1/identity/verification_sessions",
            &format!("type=document&{}", many.join("&")),
        )
        .await;
    assert_error(&r, 400, "invalid_request_error", None, Some("metadata"));
    let fifty: Vec<String> = (0..50).map(|i| format!("metadata[k{i}]=v")).collect();
    assert_eq!(
        h.post(
            "/v1/identity/verification_sessions",
            &format!("type=document&{}", fifty.join("&"))
        )
        .await
        .status,
        200
    );
}

//! Fault injection: status + Should-Retry, latency, dropped connections, malformed bodies, count.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::start;
use reqwest::Method;
use serde_json::json;

const SESSIONS: &str = "/v1/identity/verification_sessions";

#[tokio::test]
async fn status_faults_count_down() {
    let h = start().await;
    h.control(Method::POST, "/_sandbox/faults", Some(json!({"method": "POST", "path_prefix": SESSIONS, "count": 2, "status": 500, "should_retry": true}))).await;
    // Control endpoints and other methods are not affected.
    assert_eq!(h.get(SESSIONS).await.status, 200);
    for _ in 0..2 {
        let r = h.post(SESSIONS, "type=document").await;
        assert_eq!(r.status, 500);
        assert_eq!(r.header("stripe-should-retry").as_deref(), Some("true"));
        assert_eq!(r.json()["error"]["type"], "api_error");
        assert!(r.header("request-id").unwrap().starts_with("req_"));
    }
    assert_eq!(h.post(SESSIONS, "type=document").await.status, 200);
    // The faulted requests did not create anything.
    assert_eq!(
        h.get(SESSIONS).await.json()["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn rate_limit_fault() {
    let h = start().await;
    h.control(
        Method::POST,
        "/_sandbox/faults",
        Some(json!({"status": 429, "should_retry": false})),
    )
    .await;
    let r = h.get(SESSIONS).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("stripe-should-retry").as_deref(), Some("false"));
    assert_eq!(r.json()["error"]["code"], "rate_limit");
    assert_eq!(r.json()["error"]["type"], "invalid_request_error");
}

#[tokio::test]
async fn latency_fault_delays() {
    let h = start().await;
    h.control(
        Method::POST,
        "/_sandbox/faults",
        Some(json!({"latency_ms": 400})),
    )
    .await;
    let t = Instant::now();
    assert_eq!(h.get(SESSIONS).await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(400));
}

#[tokio::test]
async fn dropped_connection_is_a_transport_error() {
    let h = start().await;
    h.control(
        Method::POST,
        "/_sandbox/faults",
        Some(json!({"drop_connection": true})),
    )
    .await;
    let err = h
        .http
        .get(format!("{}{SESSIONS}", h.base))
        .bearer_auth(common::KEY)
        .send()
        .await;
    let err = err.expect_err("expected a connection error, got a response");
    assert!(err.status().is_none());
    assert!(!err.is_timeout());
    // Next request is fine.
    assert_eq!(h.get(SESSIONS).await.status, 200);
    let log = h
        .control(Method::GET, "/_sandbox/requests", None)
        .await
        .json();
    assert_eq!(log["data"][0]["fault"], "drop_connection");
    assert_eq!(log["data"][0]["status"], json!(null));
}

#[tokio::test]
async fn malformed_body_fault() {
    let h = start().await;
    h.control(
        Method::POST,
        "/_sandbox/faults",
        Some(json!({"malformed": true, "path_prefix": "/v1/identity"})),
    )
    .await;
    let r = h.post(SESSIONS, "type=document").await;
    assert_eq!(r.status, 200);
    assert!(serde_json::from_str::<serde_json::Value>(&r.text).is_err());
    assert_eq!(
        h.get(SESSIONS).await.json()["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn clearing_faults() {
    let h = start().await;
    let r = h
        .control(
            Method::POST,
            "/_sandbox/faults",
            Some(json!({"status": 503, "count": 5})),
        )
        .await;
    assert_eq!(r.json()["faults"][0]["count"], 5);
    let r = h.control(Method::DELETE, "/_sandbox/faults", None).await;
    assert_eq!(r.json()["cleared"], 1);
    assert_eq!(h.get(SESSIONS).await.status, 200);
    let bad = h
        .control(
            Method::POST,
            "/_sandbox/faults",
            Some(json!({"sttus": 500})),
        )
        .await;
    assert_eq!(bad.status, 400);
}

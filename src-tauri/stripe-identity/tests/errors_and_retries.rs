//! Every error class, retries with one Idempotency-Key, and no retry where the SDKs don't.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{unique, Env, KEY};
use serde_json::json;
use stripe_identity::models::VerificationType;
use stripe_identity::{CreateSessionParams, Error, ExpandParams, RequestOptions};

const SESSIONS: &str = "/v1/identity/verification_sessions";

fn params() -> CreateSessionParams {
    CreateSessionParams {
        kind: Some(VerificationType::Document),
        client_reference_id: Some(unique("err")),
        ..Default::default()
    }
}

fn assert_no_key(text: &str) {
    assert!(!text.contains(KEY), "the key leaked into {text:?}");
}

#[tokio::test]
async fn not_found_invalid_request_and_idempotency_errors_carry_param_code_and_request_id() {
    let env = Env::start().await;
    let client = env.client();

    let missing = client
        .retrieve_session("vs_doesnotexist000000000000", &ExpandParams::default())
        .await;
    let Err(Error::NotFound(f)) = &missing else {
        panic!("{missing:?}")
    };
    assert_eq!(f.code.as_deref(), Some("resource_missing"));
    assert!(f
        .request_id
        .as_deref()
        .is_some_and(|r| r.starts_with("req_")));

    let bad_type = CreateSessionParams {
        kind: Some(VerificationType::Other("selfie".into())),
        ..params()
    };
    let res = client
        .create_session(&bad_type, &RequestOptions::default())
        .await;
    let Err(Error::InvalidRequest(f)) = &res else {
        panic!("{res:?}")
    };
    assert_eq!(f.param.as_deref(), Some("type"));
    assert_eq!(f.status, 400);

    let long_key = CreateSessionParams {
        metadata: BTreeMap::from([("k".repeat(41), "v".into())]),
        ..params()
    };
    let res = client
        .create_session(&long_key, &RequestOptions::default())
        .await;
    let Err(Error::InvalidRequest(f)) = &res else {
        panic!("{res:?}")
    };
    assert!(
        f.param
            .as_deref()
            .is_some_and(|p| p.starts_with("metadata")),
        "{f:?}"
    );

    // Same key, same parameters: the first session again. Other parameters: idempotency error.
    let opts = RequestOptions::with_idempotency_key(unique("idem"));
    let p = params();
    let first = client.create_session(&p, &opts).await.unwrap();
    let replay = client.create_session(&p, &opts).await.unwrap();
    assert_eq!(first.id, replay.id);
    let other = client.create_session(&params(), &opts).await;
    assert!(matches!(other, Err(Error::Idempotency(_))), "{other:?}");

    let bad_id = client
        .retrieve_session("../../v1/other", &ExpandParams::default())
        .await;
    assert!(
        matches!(bad_id, Err(Error::InvalidArgument(_))),
        "{bad_id:?}"
    );
}

#[tokio::test]
async fn authentication_and_permission_errors_never_show_the_key() {
    let env = Env::start().await;
    let revoked = "sk_test_revokedkey0123456789";
    env.set_key_state(revoked, "revoked").await;
    let res = env
        .client_with(revoked, |_| {})
        .create_session(&params(), &RequestOptions::default())
        .await;
    let Err(e @ Error::Authentication(_)) = &res else {
        panic!("{res:?}")
    };
    assert!(!e.to_string().contains(revoked), "{e}");

    let restricted = "rk_test_noidentity0123456789";
    env.set_key_state(restricted, "no_identity_permission")
        .await;
    let res = env
        .client_with(restricted, |_| {})
        .create_session(&params(), &RequestOptions::default())
        .await;
    let Err(e @ Error::Permission(f)) = &res else {
        panic!("{res:?}")
    };
    assert_eq!(f.status, 403);
    assert!(!e.to_string().contains(restricted), "{e}");

    // A live key never travels over plain http, so it cannot even reach the sandbox (whose own
    // refusal of live keys is tested in identity-sandbox and with the official SDKs).
    let config = stripe_identity::ClientConfig {
        api_base: env.base(),
        ..Default::default()
    };
    let live = stripe_identity::SecretKey::parse("sk_live_NOT_FOR_THE_SANDBOX_0123").unwrap();
    let e = stripe_identity::Client::new(live, config).unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)), "{e:?}");
    assert!(e.to_string().contains("https://"), "{e}");
    assert!(!e.to_string().contains("sk_live_NOT_FOR_THE_SANDBOX_0123"));
}

#[tokio::test]
async fn server_errors_are_retried_with_the_same_idempotency_key() {
    let env = Env::start().await;
    let client = env.client();
    env.fault(json!({"method": "POST", "path_prefix": SESSIONS, "status": 500, "count": 1}))
        .await;
    let s = client
        .create_session(&params(), &RequestOptions::default())
        .await
        .unwrap();
    let seen = env.requests_to("POST", SESSIONS).await;
    assert_eq!(seen.len(), 2, "one failure, one retry: {seen:?}");
    assert_eq!(seen[0]["idempotency_key"], seen[1]["idempotency_key"]);
    assert!(s.id.starts_with("vs_"));

    // Three failures: two retries (the default), then the API error is reported.
    env.fault(json!({"method": "POST", "path_prefix": SESSIONS, "status": 503, "count": 3}))
        .await;
    let res = client
        .create_session(&params(), &RequestOptions::default())
        .await;
    let Err(Error::Api(f)) = &res else {
        panic!("{res:?}")
    };
    assert_eq!(f.status, 503);
    let seen = env.requests_to("POST", SESSIONS).await;
    assert_eq!(seen.len(), 5);
    assert!(seen[2..]
        .iter()
        .all(|r| r["idempotency_key"] == seen[2]["idempotency_key"]));

    // 409 is retried too.
    env.fault(json!({"method": "POST", "path_prefix": SESSIONS, "status": 409, "count": 1}))
        .await;
    client
        .create_session(&params(), &RequestOptions::default())
        .await
        .unwrap();
    assert_eq!(env.requests_to("POST", SESSIONS).await.len(), 7);
}

#[tokio::test]
async fn rate_limits_and_should_retry_false_are_not_retried_but_should_retry_true_is() {
    let env = Env::start().await;
    let client = env.client();
    env.fault(json!({"method": "POST", "path_prefix": SESSIONS, "status": 429, "count": 1}))
        .await;
    let res = client
        .create_session(&params(), &RequestOptions::default())
        .await;
    assert!(matches!(res, Err(Error::RateLimited(_))), "{res:?}");
    assert_eq!(
        env.requests_to("POST", SESSIONS).await.len(),
        1,
        "a plain 429 is not retried"
    );

    env.fault(
        json!({"method": "POST", "path_prefix": SESSIONS, "status": 500, "should_retry": false}),
    )
    .await;
    let res = client
        .create_session(&params(), &RequestOptions::default())
        .await;
    assert!(matches!(res, Err(Error::Api(_))), "{res:?}");
    assert_eq!(
        env.requests_to("POST", SESSIONS).await.len(),
        2,
        "Stripe-Should-Retry: false wins"
    );

    env.fault(
        json!({"method": "POST", "path_prefix": SESSIONS, "status": 429, "should_retry": true}),
    )
    .await;
    client
        .create_session(&params(), &RequestOptions::default())
        .await
        .unwrap();
    assert_eq!(
        env.requests_to("POST", SESSIONS).await.len(),
        4,
        "Stripe-Should-Retry: true wins"
    );
}

#[tokio::test]
async fn connection_drops_timeouts_and_malformed_bodies() {
    let env = Env::start().await;
    let client = env.client();

    // A dropped connection is retried; three in a row surface as a connection error.
    env.fault(
        json!({"method": "GET", "path_prefix": SESSIONS, "drop_connection": true, "count": 1}),
    )
    .await;
    client.list_sessions(&Default::default()).await.unwrap();
    env.fault(
        json!({"method": "GET", "path_prefix": SESSIONS, "drop_connection": true, "count": 3}),
    )
    .await;
    let res = client.list_sessions(&Default::default()).await;
    let Err(e @ Error::Connection { .. }) = &res else {
        panic!("{res:?}")
    };
    assert_no_key(&e.to_string());

    // A slow answer beyond the timeout is a timeout (after the retries, also slow).
    let impatient = env.client_with(KEY, |c| {
        c.timeout = Duration::from_millis(200);
        c.retry.max_retries = 0;
    });
    env.fault(json!({"method": "GET", "path_prefix": SESSIONS, "latency_ms": 1500, "count": 1}))
        .await;
    let res = impatient.list_sessions(&Default::default()).await;
    assert!(matches!(res, Err(Error::Timeout { .. })), "{res:?}");

    // A broken body is reported, not retried, and not a panic.
    env.fault(json!({"method": "GET", "path_prefix": SESSIONS, "malformed": true, "count": 1}))
        .await;
    let res = client.list_sessions(&Default::default()).await;
    let Err(Error::MalformedResponse { status, request_id }) = &res else {
        panic!("{res:?}")
    };
    assert_eq!(*status, 200);
    assert!(request_id.is_some());

    // Nothing listening at all.
    let closed = env.client_with(KEY, |c| c.api_base = "http://127.0.0.1:9".into());
    let res = closed.list_sessions(&Default::default()).await;
    assert!(matches!(res, Err(Error::Connection { .. })), "{res:?}");
}

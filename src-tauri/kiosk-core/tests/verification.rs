//! The customer state machine against the sandbox over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use identity_sandbox::testing::{self, Control};
use identity_sandbox::{RunningSandbox, SandboxConfig};
use kiosk_core::engine::{FinishOutcome, StripeSource};
use kiosk_core::settings::{ReferenceMode, Settings};
use kiosk_core::{CustomerState, KioskError, Verifier};
use serde_json::{json, Value};
use stripe_identity::{Client, ClientConfig, RetryPolicy, SecretKey};

const KEY: &str = "sk_test_kioskcore0123456789";

struct Env {
    sandbox: RunningSandbox,
    control: Control,
}

impl Env {
    async fn start() -> Self {
        let sandbox = testing::start(SandboxConfig {
            async_delay: Duration::from_millis(600),
            ..SandboxConfig::from_env()
        })
        .await;
        let control = Control::of(&sandbox);
        Self { sandbox, control }
    }

    fn verifier(&self, settings: Settings) -> Verifier {
        let config = ClientConfig {
            api_base: self.sandbox.base_url(),
            retry: RetryPolicy {
                min_delay: Duration::from_millis(10),
                max_delay: Duration::from_millis(20),
                ..RetryPolicy::default()
            },
            ..ClientConfig::default()
        };
        let client = Client::new(SecretKey::parse(KEY).unwrap(), config).unwrap();
        Verifier::new(StripeSource::new(client), settings)
    }

    async fn submit(&self, secret: &str, action: &str, outcome: Option<&str>) {
        let (status, body) = self.control.page_action(secret, action, outcome).await;
        assert!((200..300).contains(&status), "{status} {body}");
    }

    async fn sessions(&self) -> Vec<Value> {
        self.control.sessions(KEY).await
    }
}

/// Polls the status until it leaves `processing`/`awaiting_customer`.
async fn settle(v: &Verifier) -> kiosk_core::CustomerStatus {
    testing::eventually("the status to settle", || async {
        let s = v.status().await.unwrap();
        (!matches!(
            s.state,
            CustomerState::Processing | CustomerState::AwaitingCustomer
        ))
        .then_some(s)
    })
    .await
}

#[tokio::test]
async fn start_creates_one_session_with_settings_and_reference() {
    let env = Env::start().await;
    let settings = Settings {
        kiosk_id: "front-desk-2".into(),
        reference_mode: ReferenceMode::Optional,
        require_matching_selfie: true,
        ..Settings::default()
    };
    let v = env.verifier(settings);
    let secret = v.start(Some("  BK-1042 ")).await.unwrap();
    assert!(secret.expose().contains("_secret_test_"));
    assert!(
        matches!(v.start(None).await, Err(KioskError::Busy)),
        "a second tap never creates a second session"
    );
    let sessions = env.sessions().await;
    assert_eq!(sessions.len(), 1);
    let s = &sessions[0];
    assert_eq!(s["client_reference_id"], "BK-1042");
    assert_eq!(s["metadata"]["kiosk_id"], "front-desk-2");
    assert_eq!(s["metadata"]["reference"], "BK-1042");
    // The create's attempt, by which a crash's lost answer is found again.
    assert!(s["metadata"]["kiosk_attempt"]
        .as_str()
        .is_some_and(|a| !a.is_empty()));
    assert_eq!(s["metadata"].as_object().unwrap().len(), 3);
    assert_eq!(s["options"]["document"]["require_matching_selfie"], true);
    assert_eq!(s["options"]["document"]["require_live_capture"], true);
    let status = v.status().await.unwrap();
    assert_eq!(status.state, CustomerState::AwaitingCustomer);
    assert_eq!(status.attempts_left, 3);
}

#[tokio::test]
async fn references_are_checked_against_the_setting() {
    let env = Env::start().await;
    let required = env.verifier(Settings {
        reference_mode: ReferenceMode::Required,
        ..Settings::default()
    });
    assert!(matches!(
        required.start(Some("   ")).await,
        Err(KioskError::ReferenceRequired)
    ));
    assert!(matches!(
        required.start(Some(&"x".repeat(101))).await,
        Err(KioskError::ReferenceTooLong { .. })
    ));
    let hidden = env.verifier(Settings::default());
    hidden.start(Some("ignored")).await.unwrap();
    let sessions = env.sessions().await;
    assert_eq!(sessions.len(), 1, "refused starts created nothing");
    assert!(
        sessions[0]["client_reference_id"].is_null(),
        "a hidden field sends no reference"
    );
}

#[tokio::test]
async fn failure_then_retry_on_the_same_session_then_success() {
    let env = Env::start().await;
    let v = env.verifier(Settings::default());
    let first = v.start(None).await.unwrap();
    env.submit(first.expose(), "submit", Some("unverified"))
        .await;
    let s = settle(&v).await;
    assert_eq!(s.state, CustomerState::RequiresInput);
    assert_eq!(s.reason.as_deref(), Some("document_unverified_other"));
    assert_eq!(s.attempts_left, 2);

    let second = v.retry().await.unwrap();
    assert_ne!(second.expose(), first.expose(), "a fresh client secret");
    let s = v.status().await.unwrap();
    assert_eq!(
        s.state,
        CustomerState::AwaitingCustomer,
        "the old failure is not shown again"
    );
    env.submit(second.expose(), "submit", Some("verified"))
        .await;
    let s = settle(&v).await;
    assert_eq!(s.state, CustomerState::Verified);
    assert_eq!(
        env.sessions().await.len(),
        1,
        "every attempt used the same session"
    );
}

#[tokio::test]
async fn attempts_are_counted_by_submissions_and_run_out() {
    let env = Env::start().await;
    let v = env.verifier(Settings {
        max_attempts: 2,
        ..Settings::default()
    });
    let secret = v.start(None).await.unwrap();
    // Declining consent is not a submission: it costs no attempt.
    env.submit(secret.expose(), "decline", None).await;
    let s = settle(&v).await;
    assert_eq!(
        (s.state, s.reason.as_deref(), s.attempts_left),
        (CustomerState::RequiresInput, Some("consent_declined"), 2)
    );
    let secret = v.retry().await.unwrap();
    env.submit(secret.expose(), "submit", Some("unverified"))
        .await;
    assert_eq!(settle(&v).await.attempts_left, 1);
    let secret = v.retry().await.unwrap();
    env.submit(secret.expose(), "submit", Some("unverified"))
        .await;
    let s = settle(&v).await;
    assert_eq!(
        (s.state, s.attempts_left),
        (CustomerState::RequiresInput, 0)
    );
    assert!(matches!(
        v.retry().await,
        Err(KioskError::AttemptsExhausted)
    ));
}

#[tokio::test]
async fn async_success_goes_through_processing() {
    let env = Env::start().await;
    let v = env.verifier(Settings {
        show_verified_name: true,
        ..Settings::default()
    });
    let secret = v.start(None).await.unwrap();
    env.submit(secret.expose(), "submit", Some("verified_async"))
        .await;
    assert_eq!(v.status().await.unwrap().state, CustomerState::Processing);
    let s = settle(&v).await;
    assert_eq!(s.state, CustomerState::Verified);
    assert_eq!(s.verified_name.as_deref(), Some("Jenny R."));
}

#[tokio::test]
async fn finish_cancels_a_waiting_session_and_the_next_customer_starts_fresh() {
    let env = Env::start().await;
    let v = env.verifier(Settings::default());
    v.start(None).await.unwrap();
    assert_eq!(v.finish().await, FinishOutcome::Canceled);
    assert_eq!(env.sessions().await[0]["status"], "canceled");
    assert_eq!(v.finish().await, FinishOutcome::Nothing);
    v.start(None).await.unwrap();
    assert_eq!(env.sessions().await.len(), 2);
}

#[tokio::test]
async fn a_lost_create_answer_is_retried_with_the_same_key_and_never_duplicates() {
    let env = Env::start().await;
    let v = env.verifier(Settings::default());
    // Stripe creates the session but the answer never arrives (three times: the client's retries).
    env.control.fault(json!({"method": "POST", "path_prefix": "/v1/identity/verification_sessions", "malformed": true, "count": 1})).await;
    let err = v.start(None).await.unwrap_err();
    assert_eq!(err.code(), "unavailable");
    assert_eq!(env.sessions().await.len(), 1, "the sandbox did create it");
    // The customer taps again: the same Idempotency-Key finds the same session.
    v.start(None).await.unwrap();
    assert_eq!(env.sessions().await.len(), 1, "no duplicate session");
    assert_eq!(
        env.control
            .requests_where("POST", |p| p == "/v1/identity/verification_sessions")
            .await
            .len(),
        2
    );
}

#[tokio::test]
async fn stripe_outages_show_as_unavailable_and_recover() {
    let env = Env::start().await;
    let v = env.verifier(Settings::default());
    env.control.fault(json!({"method": "POST", "path_prefix": "/v1/identity/verification_sessions", "status": 503, "count": 3})).await;
    assert_eq!(v.start(None).await.unwrap_err().code(), "unavailable");
    assert!(env.sessions().await.is_empty());
    env.control.fault(json!({"method": "GET", "path_prefix": "/v1/identity/verification_sessions", "drop_connection": true, "count": 3})).await;
    assert!(!v.check_connection().await.unwrap());
    assert!(v.check_connection().await.unwrap());
    v.start(None).await.unwrap();
    assert_eq!(env.sessions().await.len(), 1);
    // An error answer means nothing was created: finishing replays nothing.
    assert_eq!(v.finish().await, FinishOutcome::Canceled);
    // That nothing is replayed later is shown on paused time (engine_runner.rs,
    // a_create_answered_with_an_error_is_never_replayed).
}

#[tokio::test]
async fn a_lost_create_is_settled_when_the_next_customer_starts_with_another_reference() {
    let env = Env::start().await;
    let v = env.verifier(Settings {
        reference_mode: ReferenceMode::Optional,
        ..Settings::default()
    });
    env.control.fault(json!({"method": "POST", "path_prefix": "/v1/identity/verification_sessions", "malformed": true, "count": 1})).await;
    assert_eq!(
        v.start(Some("GUEST-A")).await.unwrap_err().code(),
        "unavailable"
    );
    v.start(Some("GUEST-B")).await.unwrap();
    // GUEST-A's session, which Stripe made although its answer was lost, is canceled in the
    // background; GUEST-B's stays open for the customer.
    let mut statuses = testing::eventually("GUEST-A's session to be canceled", || async {
        let statuses: Vec<(String, String)> = env
            .sessions()
            .await
            .iter()
            .map(|s| {
                (
                    s["client_reference_id"].as_str().unwrap().to_owned(),
                    s["status"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        statuses
            .contains(&("GUEST-A".into(), "canceled".into()))
            .then_some(statuses)
    })
    .await;
    statuses.sort();
    assert_eq!(
        statuses,
        vec![
            ("GUEST-A".to_owned(), "canceled".to_owned()),
            ("GUEST-B".to_owned(), "requires_input".to_owned())
        ]
    );
}

#[tokio::test]
async fn the_journal_records_each_session_before_its_secret_and_follows_its_status() {
    let env = Env::start().await;
    let journal = std::sync::Arc::new(kiosk_core::Journal::open_in_memory().unwrap());
    let settings = Settings {
        kiosk_id: "lobby".into(),
        reference_mode: ReferenceMode::Optional,
        ..Settings::default()
    };
    let v = env.verifier(settings).with_journal(journal.clone());

    // First customer: fails, then walks away (canceled).
    let secret = v.start(Some("BK-1")).await.unwrap();
    let first = journal.recent(10).unwrap();
    assert_eq!(
        first.len(),
        1,
        "recorded by the time the secret is returned"
    );
    assert_eq!(
        (
            first[0].status.as_str(),
            first[0].reference.as_deref(),
            first[0].kiosk_id.as_str()
        ),
        ("requires_input", Some("BK-1"), "lobby")
    );
    env.submit(secret.expose(), "submit", Some("unverified"))
        .await;
    let s = settle(&v).await;
    assert_eq!(s.state, CustomerState::RequiresInput);
    let e = journal.get(&first[0].session_id).unwrap().unwrap();
    assert_eq!(e.reason_code.as_deref(), s.reason.as_deref());
    assert!(e.reason_code.is_some());
    v.finish().await;
    assert_eq!(
        journal.get(&first[0].session_id).unwrap().unwrap().status,
        "canceled"
    );

    // Second customer: verified.
    let secret = v.start(None).await.unwrap();
    env.submit(secret.expose(), "submit", Some("verified"))
        .await;
    assert_eq!(settle(&v).await.state, CustomerState::Verified);
    let recent = journal.recent(10).unwrap();
    assert_eq!(recent.len(), 2);
    assert_eq!(recent[0].status, "verified");
    assert!(journal.unfinished().unwrap().is_empty());
    // Every session the sandbox has is in the journal.
    let mut ids: Vec<String> = env
        .sessions()
        .await
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    let mut journaled: Vec<String> = recent.into_iter().map(|e| e.session_id).collect();
    ids.sort();
    journaled.sort();
    assert_eq!(ids, journaled);
}

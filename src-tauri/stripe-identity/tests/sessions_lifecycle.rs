//! Every session operation over real HTTP against the sandbox (create, retrieve, update,
//! cancel, redact), and the state machine that submissions drive, with their reports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;

use common::params::document_params;
use common::{unique, Env};
use futures_util::TryStreamExt;
use stripe_identity::models::{DocumentType, SessionErrorCode, SessionStatus, VerificationType};
use stripe_identity::{
    Emptyable, Error, ExpandParams, ListReportsParams, RequestOptions, SessionOptionsParams,
    UpdateSessionParams,
};

#[tokio::test]
async fn create_sends_options_and_metadata_and_retrieve_mints_a_fresh_secret() {
    let env = Env::start().await;
    let client = env.client();
    let reference = unique("create");
    let s = client
        .create_session(&document_params(&reference), &RequestOptions::default())
        .await
        .unwrap();
    assert!(s.id.starts_with("vs_"), "{}", s.id);
    assert_eq!(s.object, "identity.verification_session");
    assert_eq!(s.status, SessionStatus::RequiresInput);
    assert_eq!(s.kind, VerificationType::Document);
    assert!(!s.livemode);
    assert_eq!(s.client_reference_id.as_deref(), Some(reference.as_str()));
    assert_eq!(s.metadata.get("kiosk_id").map(String::as_str), Some("K42"));
    let doc = s
        .options
        .as_ref()
        .and_then(|o| o.document.as_ref())
        .expect("document options");
    assert_eq!(
        doc.allowed_types.as_deref(),
        Some(&[DocumentType::DrivingLicense, DocumentType::Passport][..])
    );
    assert_eq!(doc.require_matching_selfie, Some(true));
    assert_eq!(doc.require_live_capture, Some(true));
    let secret = s
        .client_secret
        .clone()
        .expect("client secret while requires_input");
    assert!(secret
        .expose()
        .starts_with(&format!("{}_secret_test_", s.id)));
    assert!(s.url.is_some());

    let again = client
        .retrieve_session(&s.id, &ExpandParams::default())
        .await
        .unwrap();
    assert_eq!(again.id, s.id);
    let fresh = again.client_secret.expect("fresh client secret");
    assert_ne!(
        fresh.expose(),
        secret.expose(),
        "retrieve in requires_input mints a new secret"
    );

    // The wire: one POST with an Idempotency-Key, the pinned version, Bearer auth, SDK encoding.
    let posts = env
        .requests_to("POST", "/v1/identity/verification_sessions")
        .await;
    let post = posts.last().expect("the create request was seen");
    assert!(
        post["idempotency_key"]
            .as_str()
            .is_some_and(|k| k.len() >= 32),
        "{post}"
    );
    assert_eq!(post["stripe_version"], stripe_identity::STRIPE_VERSION);
}

#[tokio::test]
async fn update_merges_and_unsets_metadata_and_clears_document_options() {
    let env = Env::start().await;
    let client = env.client();
    let s = client
        .create_session(&document_params(&unique("upd")), &RequestOptions::default())
        .await
        .unwrap();
    let params = UpdateSessionParams {
        metadata: Some(Emptyable::Set(BTreeMap::from([
            ("kiosk_id".into(), None),
            ("desk".into(), Some("front".into())),
        ]))),
        options: Some(SessionOptionsParams {
            document: Some(Emptyable::Unset),
        }),
        ..Default::default()
    };
    let u = client
        .update_session(&s.id, &params, &RequestOptions::default())
        .await
        .unwrap();
    assert_eq!(
        u.metadata,
        BTreeMap::from([("desk".to_owned(), "front".to_owned())])
    );
    let doc = u.options.and_then(|o| o.document);
    assert!(
        doc.is_none_or(|d| d.allowed_types.is_none_or(|t| t.is_empty())),
        "document options cleared"
    );

    let cleared = UpdateSessionParams {
        metadata: Some(Emptyable::Unset),
        ..Default::default()
    };
    let c = client
        .update_session(&s.id, &cleared, &RequestOptions::default())
        .await
        .unwrap();
    assert!(c.metadata.is_empty());
}

#[tokio::test]
async fn cancel_is_final_and_forbidden_transitions_are_invalid_requests() {
    let env = Env::start().await;
    let client = env.client();
    let s = client
        .create_session(
            &document_params(&unique("cancel")),
            &RequestOptions::default(),
        )
        .await
        .unwrap();
    let c = client
        .cancel_session(&s.id, &ExpandParams::default(), &RequestOptions::default())
        .await
        .unwrap();
    assert_eq!(c.status, SessionStatus::Canceled);
    assert!(c.client_secret.is_none() && c.url.is_none());
    let again = client
        .cancel_session(&s.id, &ExpandParams::default(), &RequestOptions::default())
        .await;
    assert!(matches!(again, Err(Error::InvalidRequest(_))), "{again:?}");
    let upd = client
        .update_session(
            &s.id,
            &UpdateSessionParams::default(),
            &RequestOptions::default(),
        )
        .await;
    assert!(matches!(upd, Err(Error::InvalidRequest(_))), "{upd:?}");
}

#[tokio::test]
async fn submission_outcomes_drive_the_state_machine_and_create_reports() {
    let env = Env::start().await;
    let client = env.client();
    let reference = unique("outcome");

    // Failure: back to requires_input with last_error and an unverified report.
    let s = client
        .create_session(&document_params(&reference), &RequestOptions::default())
        .await
        .unwrap();
    env.submit(s.client_secret.as_ref().unwrap().expose(), "unverified")
        .await;
    let failed = client
        .retrieve_session(&s.id, &ExpandParams::new(["last_verification_report"]))
        .await
        .unwrap();
    assert_eq!(failed.status, SessionStatus::RequiresInput);
    let err = failed.last_error.clone().expect("last_error");
    assert_eq!(err.code, Some(SessionErrorCode::DocumentUnverifiedOther));
    assert!(failed.client_secret.is_some(), "a new attempt is possible");
    let report = failed
        .last_verification_report
        .as_ref()
        .unwrap()
        .as_object()
        .expect("expanded report");
    assert_eq!(report.verification_session.as_deref(), Some(s.id.as_str()));

    // Retry on the same session: success, verified outputs when expanded.
    env.submit(failed.client_secret.as_ref().unwrap().expose(), "verified")
        .await;
    let ok = client
        .retrieve_session(&s.id, &ExpandParams::new(["verified_outputs"]))
        .await
        .unwrap();
    assert_eq!(ok.status, SessionStatus::Verified);
    assert!(ok.client_secret.is_none());
    let outputs = ok.verified_outputs.expect("verified_outputs when expanded");
    assert!(outputs.first_name.is_some());
    let plain = client
        .retrieve_session(&s.id, &ExpandParams::default())
        .await
        .unwrap();
    assert!(
        plain.verified_outputs.is_none(),
        "not shown unless expanded"
    );

    // Reports: two for this session, retrievable one by one.
    let reports = client
        .list_reports(&ListReportsParams {
            verification_session: Some(s.id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(reports.data.len(), 2);
    assert_eq!(reports.url, "/v1/identity/verification_reports");
    let one = client
        .retrieve_report(&reports.data[0].id, &ExpandParams::default())
        .await
        .unwrap();
    assert_eq!(one.id, reports.data[0].id);
    let all: Vec<_> = client
        .list_reports_stream(&ListReportsParams {
            client_reference_id: Some(reference),
            limit: Some(1),
            ..Default::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);

    // Async success: processing first, verified later without anybody acting.
    let a = client
        .create_session(
            &document_params(&unique("async")),
            &RequestOptions::default(),
        )
        .await
        .unwrap();
    env.submit(a.client_secret.as_ref().unwrap().expose(), "verified_async")
        .await;
    let p = client
        .retrieve_session(&a.id, &ExpandParams::default())
        .await
        .unwrap();
    assert_eq!(p.status, SessionStatus::Processing);
    assert!(p.client_secret.is_none());
    let cancel = client
        .cancel_session(&a.id, &ExpandParams::default(), &RequestOptions::default())
        .await;
    assert!(
        matches!(cancel, Err(Error::InvalidRequest(_))),
        "no cancel while processing: {cancel:?}"
    );
    let status = identity_sandbox::testing::eventually("processing to end", || async {
        let status = client
            .retrieve_session(&a.id, &ExpandParams::default())
            .await
            .unwrap()
            .status;
        (status != SessionStatus::Processing).then_some(status)
    })
    .await;
    assert_eq!(status, SessionStatus::Verified);
}

#[tokio::test]
async fn redact_cancels_a_waiting_session_and_wipes_metadata() {
    let env = Env::start().await;
    let client = env.client();
    let s = client
        .create_session(
            &document_params(&unique("redact")),
            &RequestOptions::default(),
        )
        .await
        .unwrap();
    let r = client
        .redact_session(&s.id, &ExpandParams::default(), &RequestOptions::default())
        .await
        .unwrap();
    assert_eq!(r.status, SessionStatus::Canceled);
    assert!(r.redaction.is_some(), "redaction status is reported");
    assert!(r.metadata.is_empty());
    let upd = client
        .update_session(
            &s.id,
            &UpdateSessionParams::default(),
            &RequestOptions::default(),
        )
        .await;
    assert!(upd.is_err(), "a redacted session can no longer be updated");
}

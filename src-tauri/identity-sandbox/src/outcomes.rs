//! What happens when the user finishes the flow (modal or hosted page): Stripe's four test-mode
//! outcomes, declining consent, and the delayed transitions (async outcomes, redaction).
//!
//! Delays run as tokio tasks so the transition happens even if nobody reads the session; a
//! `generation` check makes a task from an earlier submission (or before a reset) a no-op.

use std::sync::Arc;

use crate::ids;
use crate::report::Report;
use crate::session::{Redaction, Status};
use crate::store::{Shared, Store};

/// A test-mode choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// "Verification success"
    Verified,
    /// "Verification failure"
    Unverified,
    /// "Verification success async"
    VerifiedAsync,
    /// "Verification failure async"
    UnverifiedAsync,
}

impl Outcome {
    /// Parses the `outcome` form value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "verified" => Some(Outcome::Verified),
            "unverified" => Some(Outcome::Unverified),
            "verified_async" => Some(Outcome::VerifiedAsync),
            "unverified_async" => Some(Outcome::UnverifiedAsync),
            _ => None,
        }
    }
}

/// Reason text of the sandbox's generic failure.
const FAILURE_REASON: &str = "The verification check failed (sandbox test outcome).";

/// Submits session `idx`: retires its client secrets and moves it on.
pub fn submit(shared: &Arc<Shared>, store: &mut Store, idx: usize, outcome: Outcome) {
    let session = &mut store.sessions[idx];
    session.retire_tokens();
    session.generation += 1;
    session.last_error = None;
    session.status = Status::Processing;
    let (id, generation) = (session.id.clone(), session.generation);
    match outcome {
        Outcome::Verified => finish(shared, store, &id, generation, true),
        Outcome::Unverified => finish(shared, store, &id, generation, false),
        Outcome::VerifiedAsync | Outcome::UnverifiedAsync => {
            let verified = outcome == Outcome::VerifiedAsync;
            let shared = Arc::clone(shared);
            let delay = shared.config.async_delay;
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                let mut store = shared.lock();
                finish(&shared, &mut store, &id, generation, verified);
            });
        }
    }
}

/// Ends processing: writes the report and the final status.
fn finish(shared: &Shared, store: &mut Store, id: &str, generation: u64, verified: bool) {
    let Some(idx) = store.session_index(id) else {
        return;
    };
    let session = &store.sessions[idx];
    if session.generation != generation || session.status != Status::Processing {
        return;
    }
    let failure = (!verified).then(|| {
        (
            shared.config.failure_code.clone(),
            FAILURE_REASON.to_string(),
        )
    });
    let seq = store.next_seq();
    let session = &store.sessions[idx];
    let report = Report {
        id: ids::object_id("vr_"),
        seq,
        created: ids::now_unix(),
        session_id: session.id.clone(),
        kind: session.kind.clone(),
        client_reference_id: session.client_reference_id.clone(),
        document_options: session.document_options.clone(),
        failure: failure.clone(),
        redacted: false,
    };
    let report_id = report.id.clone();
    store.reports.push(report);
    let session = &mut store.sessions[idx];
    session.last_report = Some(report_id);
    if verified {
        session.status = Status::Verified;
        session.has_outputs = true;
    } else {
        session.status = Status::RequiresInput;
        session.last_error = failure;
        // Back in requires_input: a new secret for the retry.
        session.tokens.push(ids::secret_token());
    }
    tracing::debug!(session = %session.id, status = session.status.as_str(), "verification finished");
}

/// The user declined consent: the session stays `requires_input` with `last_error`
/// `consent_declined`; its client secret stays usable so the user may change their mind.
pub fn decline(store: &mut Store, idx: usize) {
    store.sessions[idx].last_error = Some((
        "consent_declined".into(),
        "The user declined to be verified by Stripe.".into(),
    ));
}

/// Starts redaction: PII is wiped at once, `redaction.status` turns `redacted` after the delay.
pub fn start_redaction(shared: &Arc<Shared>, store: &mut Store, idx: usize) {
    let session = &mut store.sessions[idx];
    if session.status == Status::RequiresInput {
        session.retire_tokens();
        session.status = Status::Canceled;
    }
    session.redaction = Some(Redaction::Processing);
    session.metadata.clear();
    let id = session.id.clone();
    for report in store.reports.iter_mut().filter(|r| r.session_id == id) {
        report.redacted = true;
    }
    let shared = Arc::clone(shared);
    let delay = shared.config.redaction_delay;
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        let mut store = shared.lock();
        if let Some(idx) = store.session_index(&id) {
            store.sessions[idx].redaction = Some(Redaction::Redacted);
        }
    });
}

//! The engine's background tasks: work that outlives the customer's turn, each a named
//! function the runner spawns (and tests call directly on paused time).
//!
//! - [`follow_up`]: a session the kiosk let go of, asked about until it is settled (canceled
//!   while it waits for a customer who is gone, waited for while it is processing);
//! - [`replay_lost_create`]: a create whose answer never came, replayed with the same attempt
//!   until the source answers, and what it made recorded and followed up;
//! - [`recover_lost_creates`]: at start-up, the sessions of creates the journal noted but a
//!   crash kept from seeing answered, found by their attempt, recorded and followed up.
//!
//! Each writes what it learns to the journal. None touches the customer's machine: the
//! customer it belonged to is gone.

use std::collections::HashSet;
use std::sync::Arc;

use tokio::task::JoinHandle;

use super::events::Observation;
use super::follow::{self, Step};
use super::request::CreateRequest;
use super::source::SessionSource;
use crate::journal::Journal;

/// What a background task works with: the source the session belongs to and the journal.
#[derive(Debug, Clone)]
pub struct Context {
    pub source: Arc<dyn SessionSource>,
    pub journal: Option<Arc<Journal>>,
}

/// How a follow-up ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowEnd {
    /// The session is verified or canceled, and the journal says so.
    Settled(String),
    /// The source refused to tell (another account's session, a revoked key).
    Refused,
    /// Still not settled after [`follow::FOLLOW_UP_TRIES`] tries.
    GaveUp,
}

impl Context {
    /// Writes what the source said to the journal. A journal that cannot be written is logged,
    /// not fatal: the session was recorded at creation, and the next answer writes it again.
    pub fn record(&self, obs: &Observation) {
        let Some(j) = &self.journal else { return };
        let now = crate::unix_time::now();
        if let Err(e) =
            j.update_status(&obs.id, obs.status.as_str(), obs.error_code.as_deref(), now)
        {
            tracing::error!(session = %obs.id, code = e.code(), error = %e, "journal update failed");
        }
    }

    /// Records a session the kiosk learned of late (a lost create's); false if it could not be.
    fn record_found(
        &self,
        id: &str,
        reference: Option<&str>,
        kiosk_id: &str,
        created: i64,
    ) -> bool {
        let Some(j) = &self.journal else { return true };
        match j.record_created(id, reference, kiosk_id, created) {
            Ok(()) => true,
            Err(e) => {
                tracing::error!(session = %id, error = %e, "cannot record a found session");
                false
            }
        }
    }

    fn clear_attempt(&self, attempt: &str) {
        if let Some(j) = &self.journal {
            if let Err(e) = j.clear_attempt(attempt) {
                tracing::warn!(code = e.code(), error = %e, "cannot clear a create's note");
            }
        }
    }

    /// Runs [`follow_up`] in the background.
    pub fn spawn_follow_up(&self, id: String) -> JoinHandle<FollowEnd> {
        tokio::spawn(follow_up(self.clone(), id))
    }

    /// Runs [`replay_lost_create`] in the background.
    pub fn spawn_replay(&self, request: CreateRequest) -> JoinHandle<()> {
        tokio::spawn(replay_lost_create(self.clone(), request))
    }
}

/// Follows a session the kiosk let go of until it is settled. Its span has no parent: the
/// follow-up outlives the operation that started it.
#[tracing::instrument(name = "verification", parent = None, skip_all, fields(session = %id))]
pub async fn follow_up(ctx: Context, id: String) -> FollowEnd {
    let mut wait = follow::FOLLOW_UP;
    for _ in 0..follow::FOLLOW_UP_TRIES {
        match ctx.source.retrieve(&id).await {
            Ok(snap) => {
                let obs = snap.observation;
                ctx.record(&obs);
                match follow::step(&obs.status) {
                    Step::Settled => {
                        tracing::info!(session = %id, status = %obs.status, "followed-up session settled");
                        return FollowEnd::Settled(obs.status.to_string());
                    }
                    Step::Cancel => {
                        if let Ok(canceled) = ctx.source.cancel(&id).await {
                            ctx.record(&canceled.observation);
                            tracing::info!(session = %id, "followed-up session canceled");
                            return FollowEnd::Settled(canceled.observation.status.to_string());
                        }
                    }
                    Step::Wait => {}
                }
            }
            Err(e) if !e.is_transient() => {
                tracing::error!(session = %id, error = %e, "cannot follow up session");
                return FollowEnd::Refused;
            }
            Err(_) => {}
        }
        tokio::time::sleep(wait.next_wait()).await;
    }
    tracing::error!(session = %id, "gave up following up session");
    FollowEnd::GaveUp
}

/// Replays a create whose answer was lost (same attempt, same parameters) until the source
/// answers, to learn whether it made a session; records that session and follows it up.
pub async fn replay_lost_create(ctx: Context, request: CreateRequest) {
    let mut wait = follow::REPLAY;
    let answer = loop {
        match ctx.source.create(&request).await {
            Err(e) if e.is_transient() => {
                let retry_in = wait.next_wait();
                tracing::info!(error = %e, retry_in_secs = retry_in.as_secs(), "a lost session creation is still unresolved");
                tokio::time::sleep(retry_in).await;
            }
            other => break other,
        }
    };
    match answer {
        Ok(snap) => {
            let id = snap.observation.id;
            let now = crate::unix_time::now();
            if ctx.record_found(&id, request.reference.as_deref(), &request.kiosk_id, now) {
                ctx.clear_attempt(&request.attempt);
            }
            follow_up(ctx, id).await;
        }
        Err(e) => tracing::warn!(error = %e, "could not resolve a lost session creation"),
    }
}

/// Finds the sessions of creates the journal noted but never saw answered (`attempts`, with
/// when each was noted): the source is asked for the sessions those attempts made since a
/// little before the oldest note, each is recorded and followed up, and the notes are cleared.
/// Until the source answers, it asks again every [`follow::RECOVERY_RETRY`].
pub async fn recover_lost_creates(ctx: Context, attempts: Vec<(String, i64)>, kiosk_id: String) {
    let noted: HashSet<String> = attempts.iter().map(|(a, _)| a.clone()).collect();
    // A little before the note: clocks differ between the kiosk and the source.
    let since = attempts.iter().map(|(_, t)| *t).min().unwrap_or(0) - 600;
    let found = loop {
        match ctx.source.find_by_attempts(&noted, since).await {
            Ok(found) => break found,
            Err(e) => {
                tracing::warn!(error = %e, "cannot list sessions to find lost creates; trying again");
                tokio::time::sleep(follow::RECOVERY_RETRY).await;
            }
        }
    };
    for snap in found {
        let obs = &snap.observation;
        tracing::warn!(session = %obs.id, status = %obs.status, "found the session of a create the app never heard back from");
        if ctx.record_found(&obs.id, snap.reference.as_deref(), &kiosk_id, snap.created) {
            ctx.spawn_follow_up(obs.id.clone());
        }
    }
    for attempt in &noted {
        ctx.clear_attempt(attempt);
    }
}

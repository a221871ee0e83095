//! One customer's verification, as an explicit state machine over one Stripe session.
//!
//! ```text
//!  none ──start──▶ awaiting_customer ──(customer submits)──▶ processing ──▶ verified
//!                      ▲    │                                    │   └──(limit)──▶ check_later
//!                      │    └─────────(fails: last_error)────────┴──▶ requires_input
//!                      └──────────────────retry (same session, fresh secret)─────┘
//!  finish: cancels a session still waiting for the customer, follows a processing one to its
//!  end in the background, and forgets it. `canceled` appears when Stripe says so.
//! ```
//!
//! The webview only ever receives a `client_secret` (from `start` and `retry`) and a small
//! [`CustomerStatus`]; the session id, the session object and the hosted URL stay here.
//! Every operation takes the one lock, so however often the page polls there is never more
//! than one Stripe call in flight, and polls closer together than the schedule allows are
//! answered from the last result. Submissions are counted by their reports (each submission
//! is billed), so declining consent or closing the modal does not use up an attempt.
//!
//! Each operation on a session, and each background follow-up, runs in a
//! `verification{session=vs_…}` span, so every log line about one customer's session (the Stripe
//! client's included) names it. The session id is not secret; the client secret is never logged.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use stripe_identity::models::{SessionStatus, VerificationSession, VerificationType};
use stripe_identity::{
    new_idempotency_key, Client, ClientSecret, CreateSessionParams, DocumentOptionsParams,
    Emptyable, ExpandParams, HostedUrl, ListSessionsParams, RequestOptions, SessionOptionsParams,
};
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::error::KioskError;
use crate::journal::Journal;
use crate::settings::{ReferenceMode, Settings};

/// Where Stripe's hosted page sends the customer when done. It never loads: the app intercepts
/// the navigation and shows its own result screens. (`.invalid` can never resolve.)
pub const RETURN_URL: &str = "https://identity-kiosk.invalid/return";

/// The metadata key holding the create's idempotency key (see [`Verifier::recover_lost_creates`]).
pub const ATTEMPT_METADATA: &str = "kiosk_attempt";

/// Longest reference accepted (it goes into metadata, whose values Stripe caps at 500).
pub const MAX_REFERENCE_CHARS: usize = 100;

/// How often Stripe is asked while the customer has not submitted yet. (The page polls only
/// once the modal says the customer submitted, so the first poll after that always asks.)
const AWAITING_INTERVAL: Duration = Duration::from_millis(500);
/// First and longest wait between polls while `processing`.
const PROCESSING_FIRST: Duration = Duration::from_millis(500);
const PROCESSING_MAX: Duration = Duration::from_secs(4);
/// Wait after Stripe could not be reached before asking again.
const UNAVAILABLE_INTERVAL: Duration = Duration::from_secs(2);

/// What the customer screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerState {
    /// No verification open.
    None,
    /// A session is open and the customer has not submitted (or closed the modal).
    AwaitingCustomer,
    Processing,
    Verified,
    /// The last submission failed (`reason` says why), or consent was declined.
    RequiresInput,
    Canceled,
    /// Processing took longer than the limit: staff will check later.
    CheckLater,
    /// Stripe cannot be reached right now; asking again soon.
    Unavailable,
}

/// The small status the webview polls. Holds nothing secret and no personal data unless the
/// kiosk is set to show the verified name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CustomerStatus {
    pub state: CustomerState,
    /// Stripe's `last_error.code` when `requires_input`.
    pub reason: Option<String>,
    pub attempts_left: u32,
    /// First name and last initial, only with `show_verified_name`.
    pub verified_name: Option<String>,
}

/// How `finish` left the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinishOutcome {
    /// There was nothing to do.
    Nothing,
    /// The waiting session was canceled.
    Canceled,
    /// It could not be settled now (processing, or Stripe unreachable): a background task
    /// follows it to its end.
    FollowingUp,
}

/// The kiosk's verifier: at most one customer session at a time.
#[derive(Debug)]
pub struct Verifier {
    /// Replaced whole when staff change settings or keys; each operation works on one copy.
    setup: std::sync::RwLock<Arc<Setup>>,
    slot: Mutex<Slot>,
}

/// The Stripe account and settings an operation runs with.
#[derive(Debug)]
struct Setup {
    client: Client,
    settings: Settings,
    journal: Option<Arc<Journal>>,
}

impl Setup {
    fn record(&self, vs: &VerificationSession) {
        record(self.journal.as_deref(), vs);
    }

    /// The create with this idempotency key has its outcome recorded.
    fn clear_attempt(&self, attempt: &str) {
        if let Some(j) = &self.journal {
            if let Err(e) = j.clear_attempt(attempt) {
                tracing::warn!(code = e.code(), error = %e, "cannot clear a create's note");
            }
        }
    }

    /// A follower for a session the kiosk lets go of.
    fn follower(&self) -> Follower {
        Follower {
            client: self.client.clone(),
            journal: self.journal.clone(),
        }
    }
}

/// What a background follow-up needs: the account and the journal.
#[derive(Debug, Clone)]
struct Follower {
    client: Client,
    journal: Option<Arc<Journal>>,
}

impl Follower {
    fn record(&self, vs: &VerificationSession) {
        record(self.journal.as_deref(), vs);
    }
}

/// Records what Stripe said about a session. A journal that cannot be written is logged, not
/// fatal here: the session was recorded at creation, and the next poll (or the recovery at
/// start-up) writes the state again.
fn record(journal: Option<&Journal>, vs: &VerificationSession) {
    let Some(j) = journal else { return };
    let code = vs
        .last_error
        .as_ref()
        .and_then(|e| e.code.as_ref())
        .map(|c| c.as_str());
    if let Err(e) = j.update_status(&vs.id, vs.status.as_str(), code, unix_now()) {
        tracing::error!(session = %vs.id, code = e.code(), error = %e, "journal update failed");
    }
}

pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[derive(Debug, Default)]
struct Slot {
    session: Option<Session>,
    /// A create whose answer never arrived: retried with the same Idempotency-Key so that a
    /// session Stripe did create is found again instead of duplicated.
    pending_create: Option<PendingCreate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct PendingCreate {
    idempotency_key: String,
    reference: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    AwaitingCustomer,
    Processing,
    Verified,
    RequiresInput,
    Canceled,
    CheckLater,
}

#[derive(Debug)]
struct Session {
    id: String,
    phase: Phase,
    reason: Option<String>,
    /// Reports seen: one per submission.
    reports: HashSet<String>,
    /// `(last_error.code, last report)` when the customer started another attempt: seeing
    /// exactly that again means "not submitted yet", not a new failure.
    acknowledged: Option<(Option<String>, Option<String>)>,
    processing_since: Option<Instant>,
    next_fetch: Instant,
    interval: Duration,
    verified_name: Option<String>,
}

impl Phase {
    /// Nothing more will happen to the session by itself.
    fn is_settled(self) -> bool {
        matches!(self, Self::Verified | Self::Canceled | Self::CheckLater)
    }

    fn state(self) -> CustomerState {
        match self {
            Self::AwaitingCustomer => CustomerState::AwaitingCustomer,
            Self::Processing => CustomerState::Processing,
            Self::Verified => CustomerState::Verified,
            Self::RequiresInput => CustomerState::RequiresInput,
            Self::Canceled => CustomerState::Canceled,
            Self::CheckLater => CustomerState::CheckLater,
        }
    }
}

impl Session {
    fn new(id: String) -> Self {
        Self {
            id,
            phase: Phase::AwaitingCustomer,
            reason: None,
            reports: HashSet::new(),
            acknowledged: None,
            processing_since: None,
            next_fetch: Instant::now(),
            interval: AWAITING_INTERVAL,
            verified_name: None,
        }
    }

    fn attempts_left(&self, max: u32) -> u32 {
        max.saturating_sub(self.reports.len() as u32)
    }

    fn view(&self, max_attempts: u32) -> CustomerStatus {
        CustomerStatus {
            state: self.phase.state(),
            reason: self.reason.clone(),
            attempts_left: self.attempts_left(max_attempts),
            verified_name: self.verified_name.clone(),
        }
    }

    /// Moves the state machine to what Stripe reports.
    fn observe(&mut self, vs: &VerificationSession, limit: Duration) {
        let now = Instant::now();
        let report = vs
            .last_verification_report
            .as_ref()
            .map(|r| r.id().to_owned());
        if let Some(r) = &report {
            self.reports.insert(r.clone());
        }
        let was_processing = self.phase == Phase::Processing;
        let code = vs
            .last_error
            .as_ref()
            .and_then(|e| e.code.as_ref())
            .map(|c| c.to_string());
        match &vs.status {
            SessionStatus::Verified => {
                self.phase = Phase::Verified;
                self.reason = None;
            }
            SessionStatus::Canceled => self.phase = Phase::Canceled,
            SessionStatus::RequiresInput => {
                self.processing_since = None;
                self.interval = AWAITING_INTERVAL;
                let unchanged = self.acknowledged.as_ref() == Some(&(code.clone(), report.clone()));
                if vs.last_error.is_some() && !unchanged {
                    self.phase = Phase::RequiresInput;
                    self.reason = code;
                } else {
                    self.phase = Phase::AwaitingCustomer;
                    self.reason = None;
                }
            }
            // `processing`, and any status Stripe adds later: keep asking, within the limit.
            _ => {
                let since = *self.processing_since.get_or_insert(now);
                self.interval = if was_processing {
                    (self.interval * 2).min(PROCESSING_MAX)
                } else {
                    PROCESSING_FIRST
                };
                self.phase = if now.duration_since(since) >= limit {
                    Phase::CheckLater
                } else {
                    Phase::Processing
                };
            }
        }
        self.next_fetch = now + self.interval;
    }
}

impl Verifier {
    pub fn new(client: Client, settings: Settings) -> Self {
        Self {
            setup: std::sync::RwLock::new(Arc::new(Setup {
                client,
                settings,
                journal: None,
            })),
            slot: Mutex::new(Slot::default()),
        }
    }

    /// Records every session in `journal`: before its client secret is handed out, then each
    /// status Stripe reports, including those of background follow-ups.
    pub fn with_journal(self, journal: Arc<Journal>) -> Self {
        self.replace_setup(|old| Setup {
            client: old.client.clone(),
            settings: old.settings.clone(),
            journal: Some(journal),
        });
        self
    }

    fn setup(&self) -> Arc<Setup> {
        // A poisoned lock still holds a whole `Arc`: nothing can be half-written.
        self.setup
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn replace_setup(&self, f: impl FnOnce(&Setup) -> Setup) {
        let mut guard = self
            .setup
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *guard = Arc::new(f(&guard));
    }

    /// The settings in force (a copy: staff may change them at any time).
    pub fn settings(&self) -> Settings {
        self.setup().settings.clone()
    }

    /// New settings, used from the next operation on (the next session gets the new options).
    pub fn set_settings(&self, settings: Settings) {
        self.replace_setup(|old| Setup {
            client: old.client.clone(),
            settings,
            journal: old.journal.clone(),
        });
    }

    /// Another Stripe account (staff set or removed a key). Refused with `busy` while a
    /// customer's session is open, which belongs to the old account.
    pub async fn set_client(&self, client: Client) -> Result<(), KioskError> {
        let slot = self.slot.lock().await;
        if slot.pending_create.is_some()
            || slot.session.as_ref().is_some_and(|s| !s.phase.is_settled())
        {
            return Err(KioskError::Busy);
        }
        self.replace_setup(|old| Setup {
            client,
            settings: old.settings.clone(),
            journal: old.journal.clone(),
        });
        drop(slot);
        Ok(())
    }

    /// Follows sessions an earlier run left unfinished (from the journal) to their end in the
    /// background: one still waiting for a customer is canceled, one processing is polled until
    /// it settles, and the journal records each outcome.
    pub fn resume(&self, session_ids: Vec<String>) {
        let setup = self.setup();
        for id in session_ids {
            tracing::info!(session = %id, "resuming an unfinished session from the journal");
            tokio::spawn(settle(setup.follower(), id));
        }
    }

    /// Finds, in the background, the sessions of creates the journal noted but never saw
    /// answered (the app died between request and answer): Stripe is asked for the sessions
    /// created since the oldest such note, those carrying a noted attempt in their metadata
    /// are recorded and settled, and the notes are cleared. Until Stripe answers the list, it
    /// tries again every 30 s.
    pub fn recover_lost_creates(&self) {
        let setup = self.setup();
        let Some(journal) = setup.journal.clone() else {
            return;
        };
        let attempts = match journal.pending_attempts() {
            Ok(a) if !a.is_empty() => a,
            Ok(_) => return,
            Err(e) => {
                tracing::error!(code = e.code(), error = %e, "cannot read the noted creates");
                return;
            }
        };
        let follower = setup.follower();
        let kiosk_id = setup.settings.kiosk_id.clone();
        tokio::spawn(async move {
            use futures_util::TryStreamExt as _;
            let noted: HashSet<String> = attempts.iter().map(|(a, _)| a.clone()).collect();
            // A little before the note: clocks differ between the kiosk and Stripe.
            let since = attempts.iter().map(|(_, t)| *t).min().unwrap_or(0) - 600;
            let params = ListSessionsParams {
                created: Some(stripe_identity::CreatedFilter::Range {
                    gt: None,
                    gte: Some(since),
                    lt: None,
                    lte: None,
                }),
                limit: Some(100),
                ..ListSessionsParams::default()
            };
            let found = loop {
                let listed: Result<Vec<VerificationSession>, _> = follower
                    .client
                    .list_sessions_stream(&params)
                    .try_collect()
                    .await;
                match listed {
                    Ok(all) => break all,
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot list sessions to find lost creates; trying again");
                        tokio::time::sleep(Duration::from_secs(30)).await;
                    }
                }
            };
            for vs in found.into_iter().filter(|vs| {
                vs.metadata
                    .get(ATTEMPT_METADATA)
                    .is_some_and(|a| noted.contains(a))
            }) {
                tracing::warn!(session = %vs.id, status = %vs.status, "found the session of a create the app never heard back from");
                if let Some(j) = &follower.journal {
                    let reference = vs.metadata.get("reference").map(String::as_str);
                    if let Err(e) = j.record_created(&vs.id, reference, &kiosk_id, vs.created) {
                        tracing::error!(session = %vs.id, error = %e, "cannot record a found session");
                        continue;
                    }
                }
                tokio::spawn(settle(follower.clone(), vs.id));
            }
            for attempt in &noted {
                if let Err(e) = journal.clear_attempt(attempt) {
                    tracing::warn!(error = %e, "cannot clear a create's note");
                }
            }
        });
    }

    /// Whether a customer's verification is open (staff actions that would disturb it wait).
    pub async fn in_flow(&self) -> bool {
        let slot = self.slot.lock().await;
        slot.pending_create.is_some()
            || slot.session.as_ref().is_some_and(|s| !s.phase.is_settled())
    }

    /// Creates the customer's session and returns its client secret, the only part of it that
    /// goes to the webview.
    #[tracing::instrument(name = "verification", skip_all, fields(session = tracing::field::Empty))]
    pub async fn start(&self, reference: Option<&str>) -> Result<ClientSecret, KioskError> {
        let setup = self.setup();
        let reference = check_reference(&setup.settings, reference)?;
        let mut slot = self.slot.lock().await;
        if slot.session.as_ref().is_some_and(|s| !s.phase.is_settled()) {
            return Err(KioskError::Busy);
        }
        if let Some(old) = slot.session.take() {
            if old.phase == Phase::CheckLater {
                // Still processing at Stripe: keep following it to its end.
                tokio::spawn(settle(setup.follower(), old.id));
            }
        }
        let idempotency_key = match slot.pending_create.take() {
            Some(p) if p.reference == reference => p.idempotency_key,
            Some(other) => {
                // A lost create for another customer's reference: settle it, then start fresh.
                settle_lost_create(&setup, other);
                new_idempotency_key()
            }
            None => new_idempotency_key(),
        };
        let pending = PendingCreate {
            idempotency_key,
            reference,
        };
        // Noted before the request leaves: a crash before its answer is recorded would
        // otherwise leave a session at Stripe that nothing knows about. No note, no request.
        if let Some(j) = &setup.journal {
            if let Err(e) = j.record_attempt(&pending.idempotency_key, unix_now()) {
                tracing::error!(code = e.code(), error = %e, "cannot note the create; not starting");
                return Err(KioskError::Journal(e));
            }
        }
        slot.pending_create = Some(pending.clone());
        let params = create_params(
            &setup.settings,
            pending.reference.as_deref(),
            &pending.idempotency_key,
        );
        let opts = RequestOptions::with_idempotency_key(pending.idempotency_key.clone());
        let created = setup.client.create_session(&params, &opts).await;
        let vs = match created {
            Ok(vs) => vs,
            Err(e) => {
                // Only when no answer came back is it unknown whether Stripe made the session;
                // an error response (4xx, 5xx) means it did not.
                if !matches!(
                    e,
                    stripe_identity::Error::Connection { .. }
                        | stripe_identity::Error::Timeout { .. }
                        | stripe_identity::Error::MalformedResponse { .. }
                ) {
                    slot.pending_create = None;
                    setup.clear_attempt(&pending.idempotency_key);
                }
                return Err(e.into());
            }
        };
        slot.pending_create = None;
        in_span(&vs.id);
        tracing::info!(session = %vs.id, status = %vs.status, "verification session created");
        // On record before the customer (and the webview) can use it: a session the journal
        // does not know could be forgotten after a crash. If it cannot be recorded, it is
        // canceled instead of used.
        if let Some(j) = &setup.journal {
            let kiosk_id = &setup.settings.kiosk_id;
            if let Err(e) =
                j.record_created(&vs.id, pending.reference.as_deref(), kiosk_id, unix_now())
            {
                tracing::error!(session = %vs.id, code = e.code(), error = %e, "cannot record the session; canceling it");
                tokio::spawn(settle(setup.follower(), vs.id.clone()));
                return Err(KioskError::Journal(e));
            }
        }
        setup.clear_attempt(&pending.idempotency_key);
        let mut session = Session::new(vs.id.clone());
        session.observe(&vs, setup.settings.processing_limit);
        session.next_fetch = Instant::now();
        let secret = vs.client_secret;
        slot.session = Some(session);
        secret.ok_or_else(|| KioskError::NotRetryable {
            status: vs.status.to_string(),
        })
    }

    /// The customer's status, asking Stripe only when the poll schedule allows.
    #[tracing::instrument(name = "verification", skip_all, fields(session = tracing::field::Empty))]
    pub async fn status(&self) -> Result<CustomerStatus, KioskError> {
        let setup = self.setup();
        let mut slot = self.slot.lock().await;
        let max = setup.settings.max_attempts;
        let Some(session) = slot.session.as_mut() else {
            return Ok(CustomerStatus {
                state: CustomerState::None,
                reason: None,
                attempts_left: max,
                verified_name: None,
            });
        };
        in_span(&session.id);
        if session.phase.is_settled() || Instant::now() < session.next_fetch {
            return Ok(session.view(max));
        }
        match setup
            .client
            .retrieve_session(&session.id, &ExpandParams::default())
            .await
        {
            Ok(vs) => {
                let before = session.phase;
                session.observe(&vs, setup.settings.processing_limit);
                // The journal is written when something moved, not on every poll.
                if session.phase != before {
                    setup.record(&vs);
                    tracing::info!(session = %session.id, from = ?before, to = ?session.phase,
                        reason = session.reason.as_deref().unwrap_or("-"), "verification moved");
                }
                if session.phase == Phase::Verified && setup.settings.show_verified_name {
                    session.verified_name = verified_name(&setup.client, &session.id).await;
                }
                Ok(session.view(max))
            }
            Err(e) if e.is_transient() => {
                tracing::warn!(session = %session.id, error = %e, "status check failed; will retry");
                session.next_fetch = Instant::now() + UNAVAILABLE_INTERVAL;
                Ok(CustomerStatus {
                    state: CustomerState::Unavailable,
                    ..session.view(max)
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Another attempt on the same session: a fresh client secret, within the attempt limit.
    pub async fn retry(&self) -> Result<ClientSecret, KioskError> {
        let vs = self.reopen().await?;
        vs.client_secret.ok_or(KioskError::NotRetryable {
            status: vs.status.to_string(),
        })
    }

    /// The hosted page for another attempt on the session (for the app's navigation only:
    /// never send it to the webview's script).
    pub async fn hosted_url(&self) -> Result<HostedUrl, KioskError> {
        let vs = self.reopen().await?;
        vs.url
            .ok_or_else(|| KioskError::HostedUnavailable("Stripe gave no hosted URL".into()))
    }

    /// Retrieves the open session for a new attempt and checks that one is allowed.
    #[tracing::instrument(name = "verification", skip_all, fields(session = tracing::field::Empty))]
    async fn reopen(&self) -> Result<VerificationSession, KioskError> {
        let setup = self.setup();
        let max = setup.settings.max_attempts;
        let mut slot = self.slot.lock().await;
        let session = slot.session.as_mut().ok_or(KioskError::NoSession)?;
        in_span(&session.id);
        let vs = setup
            .client
            .retrieve_session(&session.id, &ExpandParams::default())
            .await?;
        session.observe(&vs, setup.settings.processing_limit);
        setup.record(&vs);
        if !matches!(
            session.phase,
            Phase::AwaitingCustomer | Phase::RequiresInput
        ) {
            return Err(KioskError::NotRetryable {
                status: vs.status.to_string(),
            });
        }
        if session.attempts_left(max) == 0 {
            return Err(KioskError::AttemptsExhausted);
        }
        let code = vs
            .last_error
            .as_ref()
            .and_then(|e| e.code.as_ref())
            .map(|c| c.to_string());
        let report = vs
            .last_verification_report
            .as_ref()
            .map(|r| r.id().to_owned());
        session.acknowledged = Some((code, report));
        session.phase = Phase::AwaitingCustomer;
        session.next_fetch = Instant::now();
        session.reason = None;
        tracing::info!(session = %session.id, attempts_left = session.attempts_left(max),
            "customer starts another attempt");
        Ok(vs)
    }

    /// Ends the customer's turn: cancels a session still waiting for them, follows a
    /// processing one to its end in the background, and forgets it. Never fails: what cannot
    /// be settled now is settled by a background task (no session is left behind).
    #[tracing::instrument(name = "verification", skip_all, fields(session = tracing::field::Empty))]
    pub async fn finish(&self) -> FinishOutcome {
        let setup = self.setup();
        let mut slot = self.slot.lock().await;
        let pending = slot.pending_create.take();
        let session = slot.session.take();
        drop(slot);
        if let Some(p) = pending {
            settle_lost_create(&setup, p);
        }
        let Some(session) = session else {
            return FinishOutcome::Nothing;
        };
        in_span(&session.id);
        match session.phase {
            Phase::Verified | Phase::Canceled => FinishOutcome::Nothing,
            Phase::AwaitingCustomer | Phase::RequiresInput => {
                let opts = RequestOptions::default();
                match setup
                    .client
                    .cancel_session(&session.id, &ExpandParams::default(), &opts)
                    .await
                {
                    Ok(vs) => {
                        setup.record(&vs);
                        tracing::info!(session = %session.id, "unfinished verification canceled");
                        FinishOutcome::Canceled
                    }
                    Err(e) => {
                        tracing::warn!(session = %session.id, error = %e, "cancel failed; following up");
                        tokio::spawn(settle(setup.follower(), session.id));
                        FinishOutcome::FollowingUp
                    }
                }
            }
            Phase::Processing | Phase::CheckLater => {
                tokio::spawn(settle(setup.follower(), session.id));
                FinishOutcome::FollowingUp
            }
        }
    }

    /// Whether Stripe answers an authenticated request (a one-item list: cheap, no side effect).
    pub async fn check_connection(&self) -> Result<bool, KioskError> {
        match self.probe().await {
            Ok(()) => Ok(true),
            Err(e) if e.is_transient() => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// The one-item list behind [`Self::check_connection`], with Stripe's error as it came.
    pub async fn probe(&self) -> Result<(), stripe_identity::Error> {
        let params = ListSessionsParams {
            limit: Some(1),
            ..ListSessionsParams::default()
        };
        self.setup().client.list_sessions(&params).await.map(drop)
    }
}

/// A create whose answer was lost: replay it in the background (same key, same parameters) to
/// learn whether Stripe made a session, and settle that session.
fn settle_lost_create(setup: &Setup, p: PendingCreate) {
    let params = create_params(&setup.settings, p.reference.as_deref(), &p.idempotency_key);
    let follower = setup.follower();
    let kiosk_id = setup.settings.kiosk_id.clone();
    tokio::spawn(async move {
        let opts = RequestOptions::with_idempotency_key(p.idempotency_key.clone());
        // Stripe may still be failing: keep asking (same key, same parameters) until it
        // answers, backing off to a minute between tries.
        let mut wait = Duration::from_secs(2);
        let answer = loop {
            match follower.client.create_session(&params, &opts).await {
                Err(e) if e.is_transient() => {
                    tracing::info!(error = %e, retry_in_secs = wait.as_secs(), "a lost session creation is still unresolved");
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(Duration::from_secs(60));
                }
                other => break other,
            }
        };
        match answer {
            Ok(vs) => {
                if let Some(j) = &follower.journal {
                    if let Err(e) =
                        j.record_created(&vs.id, p.reference.as_deref(), &kiosk_id, unix_now())
                    {
                        tracing::error!(session = %vs.id, error = %e, "cannot record a recovered session");
                    } else if let Err(e) = j.clear_attempt(&p.idempotency_key) {
                        tracing::warn!(error = %e, "cannot clear a settled create's note");
                    }
                }
                settle(follower, vs.id).await
            }
            Err(e) => tracing::warn!(error = %e, "could not resolve a lost session creation"),
        }
    });
}

fn check_reference(
    settings: &Settings,
    reference: Option<&str>,
) -> Result<Option<String>, KioskError> {
    let reference = match settings.reference_mode {
        ReferenceMode::Hidden => None,
        _ => reference
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned),
    };
    if reference.is_none() && settings.reference_mode == ReferenceMode::Required {
        return Err(KioskError::ReferenceRequired);
    }
    if reference
        .as_ref()
        .is_some_and(|r| r.chars().count() > MAX_REFERENCE_CHARS)
    {
        return Err(KioskError::ReferenceTooLong {
            max: MAX_REFERENCE_CHARS,
        });
    }
    Ok(reference)
}

/// `attempt` (the create's idempotency key) goes into the metadata too: after a crash it is
/// how the kiosk finds the session a create it never heard back from made.
fn create_params(s: &Settings, reference: Option<&str>, attempt: &str) -> CreateSessionParams {
    let mut metadata = BTreeMap::from([
        ("kiosk_id".to_owned(), s.kiosk_id.clone()),
        (ATTEMPT_METADATA.to_owned(), attempt.to_owned()),
    ]);
    if let Some(r) = reference {
        metadata.insert("reference".to_owned(), r.to_owned());
    }
    CreateSessionParams {
        kind: Some(VerificationType::Document),
        client_reference_id: reference.map(str::to_owned),
        metadata,
        options: Some(SessionOptionsParams {
            document: Some(Emptyable::Set(DocumentOptionsParams {
                allowed_types: s.allowed_types.clone(),
                require_id_number: Some(s.require_id_number),
                require_live_capture: Some(s.require_live_capture),
                require_matching_selfie: Some(s.require_matching_selfie),
            })),
        }),
        return_url: Some(RETURN_URL.to_owned()),
        ..CreateSessionParams::default()
    }
}

/// "Jenny R.": what staff compare with the booking. Fetched once, only when enabled.
async fn verified_name(client: &Client, id: &str) -> Option<String> {
    let vs = client
        .retrieve_session(id, &ExpandParams::new(["verified_outputs"]))
        .await
        .ok()?;
    let out = vs.verified_outputs?;
    let first = out.first_name?;
    let initial = out.last_name.and_then(|l| l.chars().next());
    Some(match initial {
        Some(i) => format!("{first} {i}."),
        None => first,
    })
}

/// Names the session in the current `verification` span (its id is known only now).
fn in_span(id: &str) {
    tracing::Span::current().record("session", tracing::field::display(id));
}

/// Follows a session the kiosk let go of until it is settled: cancels it while it waits for a
/// customer, waits while it is processing. Gives up after about a day of trying. Its span has
/// no parent: the follow-up outlives the operation that started it.
#[tracing::instrument(name = "verification", parent = None, skip_all, fields(session = %id))]
async fn settle(follower: Follower, id: String) {
    let client = &follower.client;
    let mut wait = Duration::from_secs(2);
    for _ in 0..200 {
        match client.retrieve_session(&id, &ExpandParams::default()).await {
            Ok(vs) => match vs.status {
                SessionStatus::Verified | SessionStatus::Canceled => {
                    follower.record(&vs);
                    tracing::info!(session = %id, status = %vs.status, "followed-up session settled");
                    return;
                }
                SessionStatus::RequiresInput => {
                    follower.record(&vs);
                    let opts = RequestOptions::default();
                    if let Ok(vs) = client
                        .cancel_session(&id, &ExpandParams::default(), &opts)
                        .await
                    {
                        follower.record(&vs);
                        tracing::info!(session = %id, "followed-up session canceled");
                        return;
                    }
                }
                _ => follower.record(&vs),
            },
            Err(e) if !e.is_transient() => {
                tracing::error!(session = %id, error = %e, "cannot follow up session");
                return;
            }
            Err(_) => {}
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(Duration::from_secs(10 * 60));
    }
    tracing::error!(session = %id, "gave up following up session");
}

//! The customer's verification as a pure state machine: events in, state and commands out.
//!
//! ```text
//!  none ──tap──▶ (noting) ──noted──▶ (creating) ──created──▶ awaiting_customer
//!                                                             │   ▲        │ (customer submits)
//!                              requires_input ◀──(last_error)─┤   │        ▼
//!                                    │                        │   │    processing ──▶ verified
//!                                    └──reopen (same session, │   │        └──(limit)──▶ check_later
//!                                        fresh secret)────────┴───┘
//!  finish: a session still waiting for the customer is canceled, a processing one is followed
//!  to its end in the background, and the machine forgets it. `canceled` when the source says so.
//! ```
//!
//! The machine owns the rules and nothing else: no I/O, no clock, no secrets. The runner hands
//! it each [`Event`] with the time it happened and carries out the [`Command`]s it answers with,
//! feeding their outcomes back as events. It may not touch the journal, the network or a
//! timer itself, and never holds a client secret or a hosted URL (they stay with the runner).
//!
//! Submissions are counted by their reports (each submission is billed), so declining consent
//! or closing the modal does not use up an attempt. Events that do not fit the state (an answer
//! for a session already let go) are ignored.

use std::collections::HashSet;
use std::time::Duration;

use stripe_identity::models::SessionStatus;
use tokio::time::Instant;

use super::events::{
    Command, CustomerState, CustomerStatus, Event, FinishOutcome, Observation, Purpose, Refusal,
    Rules,
};
use super::follow::Backoff;
use super::request::CreateRequest;

/// Between fetches while the customer has not submitted yet. (The page polls only once the
/// modal says the customer submitted, so the first poll after that always asks.)
pub const AWAITING_INTERVAL: Duration = Duration::from_millis(500);
/// While `processing`: 0.5 s, doubled after each answer up to 4 s.
pub const PROCESSING_POLL: Backoff =
    Backoff::new(Duration::from_millis(500), Duration::from_secs(4));
/// After the source could not be reached, before asking again.
pub const UNAVAILABLE_INTERVAL: Duration = Duration::from_secs(2);

/// The customer's verification: at most one session, and at most one create whose outcome is
/// not known yet.
#[derive(Debug, Default)]
pub struct Machine {
    session: Option<Session>,
    pending: Option<Pending>,
}

/// A create whose answer has not arrived: retried with the same attempt (idempotency key), so
/// a session the source did make is found again instead of duplicated.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pending {
    request: CreateRequest,
    /// The journal holds its note (a create sent before, whose answer was lost).
    noted: bool,
}

#[derive(Debug)]
struct Session {
    id: String,
    /// Never `None` or `Unavailable`: those describe no session and a failed fetch.
    phase: CustomerState,
    reason: Option<String>,
    reports: HashSet<String>,
    /// `(last_error.code, last report)` when the customer started another attempt: seeing
    /// exactly that again means "not submitted yet", not a new failure.
    acknowledged: Option<(Option<String>, Option<String>)>,
    processing_since: Option<Instant>,
    poll: Backoff,
    next_fetch: Instant,
    /// The last fetch could not reach the source (the answer to that poll says so).
    unreachable: bool,
    verified_name: Option<String>,
}

impl Machine {
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves the machine on `event`, which happened at `now` under `rules`; returns what the
    /// runner is to do.
    pub fn handle(&mut self, now: Instant, rules: &Rules, event: Event) -> Vec<Command> {
        match event {
            Event::Tap(request) => self.tap(request),
            Event::Noted => self.noted(),
            Event::NoteFailed => {
                // A retried create keeps its earlier note: it is still unresolved.
                self.pending.take_if(|p| !p.noted);
                Vec::new()
            }
            Event::Created(obs) => self.created(now, rules, obs),
            Event::CreatedUnrecorded(id) => {
                self.pending = None;
                vec![Command::FollowUp(id)]
            }
            Event::CreateFailed { answered: true } => match self.pending.take() {
                Some(p) => vec![Command::ClearAttempt(p.request.attempt)],
                None => Vec::new(),
            },
            // No answer: the create stays pending (and noted), to be retried or replayed.
            Event::CreateFailed { answered: false } => Vec::new(),
            Event::Poll => self.poll(now),
            Event::Fetched(obs) => self.fetched(now, rules, obs),
            Event::FetchFailed => {
                if let Some(s) = &mut self.session {
                    s.unreachable = true;
                    s.next_fetch = now + UNAVAILABLE_INTERVAL;
                }
                Vec::new()
            }
            Event::VerifiedName(name) => {
                if let Some(s) = &mut self.session {
                    s.verified_name = name;
                }
                Vec::new()
            }
            Event::Reopen => match &self.session {
                Some(s) => vec![Command::Fetch {
                    id: s.id.clone(),
                    purpose: Purpose::Reopen,
                }],
                None => vec![Command::Refuse(Refusal::NoSession)],
            },
            Event::Reopened(obs) => self.reopened(now, rules, obs),
            Event::Finish => self.finish(),
            Event::CancelAnswered(obs) => vec![
                Command::Record(obs),
                Command::Finished(FinishOutcome::Canceled),
            ],
            Event::CancelFailed(id) => vec![
                Command::FollowUp(id),
                Command::Finished(FinishOutcome::FollowingUp),
            ],
        }
    }

    /// What the customer screen shows now.
    pub fn view(&self, rules: &Rules) -> CustomerStatus {
        match &self.session {
            None => CustomerStatus {
                state: CustomerState::None,
                reason: None,
                attempts_left: rules.max_attempts,
                verified_name: None,
            },
            Some(s) => CustomerStatus {
                state: if s.unreachable {
                    CustomerState::Unavailable
                } else {
                    s.phase
                },
                reason: s.reason.clone(),
                attempts_left: s.attempts_left(rules.max_attempts),
                verified_name: s.verified_name.clone(),
            },
        }
    }

    /// Whether a customer's verification is open (a create in the air, or a session that can
    /// still change): the account may not be switched, nor an update installed.
    pub fn in_flow(&self) -> bool {
        self.pending.is_some() || self.session.as_ref().is_some_and(|s| !s.phase.is_settled())
    }

    /// The open session's id (not secret), for log spans.
    pub fn session_id(&self) -> Option<&str> {
        self.session.as_ref().map(|s| s.id.as_str())
    }

    /// The open session's phase (`None` without one).
    pub fn phase(&self) -> CustomerState {
        self.session
            .as_ref()
            .map_or(CustomerState::None, |s| s.phase)
    }

    fn tap(&mut self, request: CreateRequest) -> Vec<Command> {
        if self.in_flow_session() {
            return vec![Command::Refuse(Refusal::Busy)];
        }
        let mut commands = Vec::new();
        if let Some(old) = self.session.take() {
            if old.phase == CustomerState::CheckLater {
                // Still processing at the source: keep following it to its end.
                commands.push(Command::FollowUp(old.id));
            }
        }
        let pending = match self.pending.take() {
            Some(p) if p.request.reference == request.reference => p,
            Some(other) => {
                // A lost create for another customer's reference: settle it, start afresh.
                commands.push(Command::ReplayLostCreate(other.request));
                Pending {
                    request,
                    noted: false,
                }
            }
            None => Pending {
                request,
                noted: false,
            },
        };
        commands.push(Command::NoteAttempt(pending.request.attempt.clone()));
        self.pending = Some(pending);
        commands
    }

    fn noted(&mut self) -> Vec<Command> {
        match &mut self.pending {
            Some(p) => {
                p.noted = true;
                vec![Command::Create(p.request.clone())]
            }
            None => Vec::new(),
        }
    }

    fn created(&mut self, now: Instant, rules: &Rules, obs: Observation) -> Vec<Command> {
        let Some(p) = self.pending.take() else {
            return Vec::new();
        };
        let mut session = Session::new(obs.id.clone(), now);
        session.observe(&obs, now, rules.processing_limit);
        session.next_fetch = now;
        self.session = Some(session);
        vec![Command::ClearAttempt(p.request.attempt)]
    }

    fn poll(&mut self, now: Instant) -> Vec<Command> {
        let Some(s) = &mut self.session else {
            return Vec::new();
        };
        s.unreachable = false;
        if s.phase.is_settled() || now < s.next_fetch {
            return Vec::new();
        }
        vec![Command::Fetch {
            id: s.id.clone(),
            purpose: Purpose::Poll,
        }]
    }

    fn fetched(&mut self, now: Instant, rules: &Rules, obs: Observation) -> Vec<Command> {
        let Some(s) = self.session.as_mut().filter(|s| s.id == obs.id) else {
            return Vec::new();
        };
        let before = s.phase;
        s.unreachable = false;
        s.observe(&obs, now, rules.processing_limit);
        let mut commands = Vec::new();
        // The journal is written when something moved, not on every poll.
        if s.phase != before {
            commands.push(Command::Record(obs));
            if s.phase == CustomerState::Verified && rules.show_verified_name {
                commands.push(Command::FetchVerifiedName(s.id.clone()));
            }
        }
        commands
    }

    fn reopened(&mut self, now: Instant, rules: &Rules, obs: Observation) -> Vec<Command> {
        let Some(s) = self.session.as_mut().filter(|s| s.id == obs.id) else {
            return vec![Command::Refuse(Refusal::NoSession)];
        };
        s.unreachable = false;
        s.observe(&obs, now, rules.processing_limit);
        let mut commands = vec![Command::Record(obs.clone())];
        if !matches!(
            s.phase,
            CustomerState::AwaitingCustomer | CustomerState::RequiresInput
        ) {
            commands.push(Command::Refuse(Refusal::NotRetryable {
                status: obs.status.to_string(),
            }));
        } else if s.attempts_left(rules.max_attempts) == 0 {
            commands.push(Command::Refuse(Refusal::AttemptsExhausted));
        } else {
            s.acknowledged = Some((obs.error_code, obs.report));
            s.phase = CustomerState::AwaitingCustomer;
            s.reason = None;
            s.next_fetch = now;
        }
        commands
    }

    fn finish(&mut self) -> Vec<Command> {
        let mut commands = Vec::new();
        if let Some(p) = self.pending.take() {
            commands.push(Command::ReplayLostCreate(p.request));
        }
        let Some(s) = self.session.take() else {
            commands.push(Command::Finished(FinishOutcome::Nothing));
            return commands;
        };
        match s.phase {
            CustomerState::AwaitingCustomer | CustomerState::RequiresInput => {
                commands.push(Command::Cancel(s.id));
            }
            CustomerState::Processing | CustomerState::CheckLater => {
                commands.push(Command::FollowUp(s.id));
                commands.push(Command::Finished(FinishOutcome::FollowingUp));
            }
            _ => commands.push(Command::Finished(FinishOutcome::Nothing)),
        }
        commands
    }

    /// A session that can still change (a pending create alone does not refuse a tap: the tap
    /// retries or settles it).
    fn in_flow_session(&self) -> bool {
        self.session.as_ref().is_some_and(|s| !s.phase.is_settled())
    }
}

impl Session {
    fn new(id: String, now: Instant) -> Self {
        Self {
            id,
            phase: CustomerState::AwaitingCustomer,
            reason: None,
            reports: HashSet::new(),
            acknowledged: None,
            processing_since: None,
            poll: PROCESSING_POLL,
            next_fetch: now,
            unreachable: false,
            verified_name: None,
        }
    }

    fn attempts_left(&self, max: u32) -> u32 {
        max.saturating_sub(u32::try_from(self.reports.len()).unwrap_or(u32::MAX))
    }

    /// Moves the session to what the source reports, and schedules the next fetch.
    fn observe(&mut self, obs: &Observation, now: Instant, limit: Duration) {
        if let Some(r) = &obs.report {
            self.reports.insert(r.clone());
        }
        let interval = match &obs.status {
            SessionStatus::Verified => {
                self.phase = CustomerState::Verified;
                self.reason = None;
                AWAITING_INTERVAL
            }
            SessionStatus::Canceled => {
                self.phase = CustomerState::Canceled;
                AWAITING_INTERVAL
            }
            SessionStatus::RequiresInput => {
                self.processing_since = None;
                let seen = (obs.error_code.clone(), obs.report.clone());
                if obs.failed && self.acknowledged.as_ref() != Some(&seen) {
                    self.phase = CustomerState::RequiresInput;
                    self.reason = obs.error_code.clone();
                } else {
                    self.phase = CustomerState::AwaitingCustomer;
                    self.reason = None;
                }
                AWAITING_INTERVAL
            }
            // `processing`, and any status the source adds later: keep asking, within the limit.
            _ => {
                if self.phase != CustomerState::Processing {
                    self.poll = PROCESSING_POLL;
                }
                let since = *self.processing_since.get_or_insert(now);
                self.phase = if now.duration_since(since) >= limit {
                    CustomerState::CheckLater
                } else {
                    CustomerState::Processing
                };
                self.poll.next_wait()
            }
        };
        self.next_fetch = now + interval;
    }
}

//! An in-memory [`SessionSource`] for the runner's and the tasks' tests on paused time: no
//! network, so Tokio's clock can be paused and advanced while it answers. It keeps sessions
//! like Stripe does (idempotent creates, cancel only while `requires_input`), can be made to
//! fail the next calls of an operation, and counts every call.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use kiosk_core::engine::events::Observation;
use kiosk_core::engine::source::{Snapshot, SourceError};
use kiosk_core::engine::{CreateRequest, SessionSource};
use stripe_identity::models::{ErrorType, SessionStatus};
use stripe_identity::{ApiFailure, ClientSecret, HostedUrl};

/// How a scripted call fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No answer (the request may have taken effect).
    NoAnswer,
    /// A 503: answered, worth retrying.
    Unavailable,
    /// A 404: refused.
    Refused,
}

impl Failure {
    fn error(self) -> SourceError {
        let failure = |status| {
            Box::new(ApiFailure {
                status,
                kind: if status == 404 {
                    ErrorType::InvalidRequestError
                } else {
                    ErrorType::ApiError
                },
                code: None,
                param: None,
                message: "scripted".into(),
                request_id: None,
            })
        };
        match self {
            Self::NoAnswer => SourceError::Connection {
                message: "scripted: connection reset".into(),
            },
            Self::Unavailable => SourceError::Api(failure(503)),
            Self::Refused => SourceError::NotFound(failure(404)),
        }
    }
}

#[derive(Debug, Clone)]
struct Stored {
    status: SessionStatus,
    error_code: Option<String>,
    report: Option<String>,
    attempt: String,
    reference: Option<String>,
    created: i64,
    /// Statuses the next retrieves report, one each (then it stays at the last).
    script: VecDeque<SessionStatus>,
}

#[derive(Debug, Default)]
struct State {
    sessions: BTreeMap<String, Stored>,
    by_attempt: HashMap<String, String>,
    /// Every call: its operation and when it was made (Tokio's clock).
    calls: Vec<(String, tokio::time::Instant)>,
    failures: HashMap<&'static str, VecDeque<Failure>>,
    /// How long each call takes (on Tokio's clock).
    latency: Duration,
    /// A create that fails with no answer has still made its session (like a lost answer).
    lose_answers: bool,
}

/// The fake; clones share their sessions.
#[derive(Debug, Clone, Default)]
pub struct FakeSource(Arc<Mutex<State>>);

impl FakeSource {
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.0.lock().unwrap()
    }

    /// The next `times` calls of `op` (`create`, `retrieve`, `cancel`, `find`, `probe`) fail.
    pub fn fail(&self, op: &'static str, times: usize, how: Failure) {
        let mut s = self.state();
        let queue = s.failures.entry(op).or_default();
        queue.extend(std::iter::repeat_n(how, times));
    }

    /// Each call takes `latency` (on Tokio's clock) before it answers.
    pub fn set_latency(&self, latency: Duration) {
        self.state().latency = latency;
    }

    /// A create failing with no answer still makes its session, as when an answer is lost.
    pub fn lose_answers(&self) {
        self.state().lose_answers = true;
    }

    /// What the customer did: the session is now `status`, with `error_code` and a new report
    /// when `submitted`.
    pub fn set(&self, id: &str, status: SessionStatus, error_code: Option<&str>, submitted: bool) {
        let mut s = self.state();
        let n = s.sessions.len();
        let stored = s.sessions.get_mut(id).expect("a session of the fake");
        stored.status = status;
        stored.error_code = error_code.map(str::to_owned);
        if submitted {
            stored.report = Some(format!("vr_{id}_{n}_{}", stored.report.is_some()));
        }
        stored.script.clear();
    }

    /// The next retrieves of `id` report these statuses in turn.
    pub fn script(&self, id: &str, statuses: &[SessionStatus]) {
        let mut s = self.state();
        let stored = s.sessions.get_mut(id).expect("a session of the fake");
        stored.script = statuses.iter().cloned().collect();
    }

    /// How many calls of `op` were made (failed ones included).
    pub fn calls(&self, op: &str) -> usize {
        self.times(op).len()
    }

    /// When each call of `op` was made (Tokio's clock).
    pub fn times(&self, op: &str) -> Vec<tokio::time::Instant> {
        self.state()
            .calls
            .iter()
            .filter(|(o, _)| o == op)
            .map(|(_, t)| *t)
            .collect()
    }

    /// The ids of the sessions made, oldest first.
    pub fn ids(&self) -> Vec<String> {
        let s = self.state();
        let mut ids: Vec<_> = s
            .sessions
            .iter()
            .map(|(id, st)| (st.created, id.clone()))
            .collect();
        ids.sort();
        ids.into_iter().map(|(_, id)| id).collect()
    }

    pub fn status_of(&self, id: &str) -> SessionStatus {
        self.state().sessions[id].status.clone()
    }

    /// Records the call, waits the latency, and fails it if one is scripted.
    async fn call(&self, op: &'static str) -> Result<(), Failure> {
        let (latency, failure) = {
            let mut s = self.state();
            s.calls.push((op.to_owned(), tokio::time::Instant::now()));
            let failure = s.failures.get_mut(op).and_then(VecDeque::pop_front);
            (s.latency, failure)
        };
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        failure.map_or(Ok(()), Err)
    }

    fn snapshot(id: &str, st: &Stored) -> Snapshot {
        let open = st.status == SessionStatus::RequiresInput;
        Snapshot {
            observation: Observation {
                id: id.to_owned(),
                status: st.status.clone(),
                failed: st.error_code.is_some(),
                error_code: st.error_code.clone(),
                report: st.report.clone(),
            },
            created: st.created,
            reference: st.reference.clone(),
            attempt: Some(st.attempt.clone()),
            client_secret: open.then(|| ClientSecret::new(format!("{id}_secret_fake"))),
            url: open.then(|| HostedUrl::new(format!("https://verify.example/start/{id}"))),
        }
    }

    fn make(&self, request: &CreateRequest) -> Snapshot {
        let mut s = self.state();
        if let Some(id) = s.by_attempt.get(&request.attempt).cloned() {
            return Self::snapshot(&id, &s.sessions[&id]);
        }
        let id = format!("vs_fake{}", s.sessions.len() + 1);
        let created = kiosk_core::unix_time::now();
        let stored = Stored {
            status: SessionStatus::RequiresInput,
            error_code: None,
            report: None,
            attempt: request.attempt.clone(),
            reference: request.reference.clone(),
            created,
            script: VecDeque::new(),
        };
        let snap = Self::snapshot(&id, &stored);
        s.sessions.insert(id.clone(), stored);
        s.by_attempt.insert(request.attempt.clone(), id);
        snap
    }
}

#[async_trait::async_trait]
impl SessionSource for FakeSource {
    async fn create(&self, request: &CreateRequest) -> Result<Snapshot, SourceError> {
        match self.call("create").await {
            Ok(()) => Ok(self.make(request)),
            Err(f) => {
                if f == Failure::NoAnswer && self.state().lose_answers {
                    self.make(request);
                }
                Err(f.error())
            }
        }
    }

    async fn retrieve(&self, id: &str) -> Result<Snapshot, SourceError> {
        self.call("retrieve").await.map_err(Failure::error)?;
        let mut s = self.state();
        let Some(st) = s.sessions.get_mut(id) else {
            return Err(Failure::Refused.error());
        };
        if let Some(next) = st.script.pop_front() {
            st.status = next;
        }
        Ok(Self::snapshot(id, st))
    }

    async fn cancel(&self, id: &str) -> Result<Snapshot, SourceError> {
        self.call("cancel").await.map_err(Failure::error)?;
        let mut s = self.state();
        let Some(st) = s.sessions.get_mut(id) else {
            return Err(Failure::Refused.error());
        };
        if st.status != SessionStatus::RequiresInput {
            return Err(Failure::Refused.error());
        }
        st.status = SessionStatus::Canceled;
        Ok(Self::snapshot(id, st))
    }

    async fn find_by_attempts(
        &self,
        attempts: &HashSet<String>,
        since: i64,
    ) -> Result<Vec<Snapshot>, SourceError> {
        self.call("find").await.map_err(Failure::error)?;
        let s = self.state();
        Ok(s.sessions
            .iter()
            .filter(|(_, st)| st.created >= since && attempts.contains(&st.attempt))
            .map(|(id, st)| Self::snapshot(id, st))
            .collect())
    }

    async fn verified_name(&self, _id: &str) -> Option<String> {
        self.call("verified_name").await.ok()?;
        Some("Jenny R.".into())
    }

    async fn probe(&self) -> Result<(), SourceError> {
        self.call("probe").await.map_err(Failure::error)
    }
}

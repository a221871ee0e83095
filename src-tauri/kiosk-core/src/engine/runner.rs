//! [`Verifier`]: the runner that drives the [`Machine`] for the page.
//!
//! Each operation takes the machine's one lock (a Tokio mutex, held across the calls to the
//! source), feeds it an event, and carries out the commands it answers with, one at a time,
//! feeding each outcome back. So however often the page polls there is never more than one
//! call to the source in flight, and polls closer together than the schedule allows are
//! answered from the last result. The runner holds the secrets the machine never sees: the
//! `client_secret` it returns to the page and the hosted URL it returns to the window.
//!
//! What it runs with ([`Setup`]: the source, the settings, the journal) is replaced whole
//! when staff change settings or keys, behind a short `std` lock never held across `.await`;
//! each operation works on one copy.
//!
//! Each operation runs in a `verification{session=vs_…}` span, so every log line about one
//! customer's session names it. The session id is not secret; the client secret is never
//! logged.
//!
//! The machine's commands are carried out in `commands`, one at a time, on what the runner
//! hands it: it never touches the machine or its lock.

use std::collections::VecDeque;
use std::sync::{Arc, PoisonError, RwLock};

use stripe_identity::{new_idempotency_key, ClientSecret, HostedUrl};
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::events::{Command, Event, Refusal, Rules};
use super::machine::Machine;
use super::request::CreateRequest;
use super::source::{SessionSource, SourceError};
use super::tasks::{self, Context};
use super::{reference, CustomerStatus};
use crate::error::KioskError;
use crate::journal::Journal;
use crate::settings::Settings;

pub use super::events::FinishOutcome;

use commands::carry_out;

mod commands;

/// The kiosk's verifier: at most one customer session at a time.
#[derive(Debug)]
pub struct Verifier {
    setup: RwLock<Arc<Setup>>,
    machine: Mutex<Machine>,
}

/// The source and settings an operation runs with.
#[derive(Debug)]
struct Setup {
    source: Arc<dyn SessionSource>,
    settings: Settings,
    journal: Option<Arc<Journal>>,
}

impl Setup {
    fn rules(&self) -> Rules {
        Rules {
            max_attempts: self.settings.max_attempts,
            processing_limit: self.settings.processing_limit,
            show_verified_name: self.settings.show_verified_name,
        }
    }

    fn context(&self) -> Context {
        Context {
            source: self.source.clone(),
            journal: self.journal.clone(),
        }
    }
}

/// What an operation brought back besides the machine's state: the secrets of the last
/// answer, and how a finish went.
#[derive(Debug, Default)]
struct Exchange {
    secret: Option<ClientSecret>,
    url: Option<HostedUrl>,
    status: String,
    finish: Option<FinishOutcome>,
    /// The operation's span names its session (once: a field recorded twice prints twice).
    named: bool,
}

impl From<Refusal> for KioskError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Busy => Self::Busy,
            Refusal::NoSession => Self::NoSession,
            Refusal::NotRetryable { status } => Self::NotRetryable { status },
            Refusal::AttemptsExhausted => Self::AttemptsExhausted,
        }
    }
}

impl Verifier {
    pub fn new(source: impl SessionSource + 'static, settings: Settings) -> Self {
        Self {
            setup: RwLock::new(Arc::new(Setup {
                source: Arc::new(source),
                settings,
                journal: None,
            })),
            machine: Mutex::new(Machine::new()),
        }
    }

    /// Records every session in `journal`: before its client secret is handed out, then each
    /// status the source reports, including those of background tasks.
    pub fn with_journal(self, journal: Arc<Journal>) -> Self {
        self.replace_setup(|old| Setup {
            source: old.source.clone(),
            settings: old.settings.clone(),
            journal: Some(journal),
        });
        self
    }

    fn setup(&self) -> Arc<Setup> {
        // A poisoned lock still holds a whole `Arc`: nothing can be half-written.
        self.setup
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn replace_setup(&self, f: impl FnOnce(&Setup) -> Setup) {
        let mut guard = self.setup.write().unwrap_or_else(PoisonError::into_inner);
        *guard = Arc::new(f(&guard));
    }

    /// The settings in force (a copy: staff may change them at any time).
    pub fn settings(&self) -> Settings {
        self.setup().settings.clone()
    }

    /// New settings, used from the next operation on (the next session gets the new options).
    pub fn set_settings(&self, settings: Settings) {
        self.replace_setup(|old| Setup {
            source: old.source.clone(),
            settings,
            journal: old.journal.clone(),
        });
    }

    /// Another source (staff set or removed a key). Refused with `busy` while a customer's
    /// session is open, which belongs to the old one.
    pub async fn set_source(&self, source: impl SessionSource + 'static) -> Result<(), KioskError> {
        let machine = self.machine.lock().await;
        if machine.in_flow() {
            return Err(KioskError::Busy);
        }
        self.replace_setup(|old| Setup {
            source: Arc::new(source),
            settings: old.settings.clone(),
            journal: old.journal.clone(),
        });
        drop(machine);
        Ok(())
    }

    /// Whether a customer's verification is open (staff actions that would disturb it wait).
    pub async fn in_flow(&self) -> bool {
        self.machine.lock().await.in_flow()
    }

    /// Creates the customer's session and returns its client secret, the only part of it that
    /// goes to the webview.
    #[tracing::instrument(name = "verification", skip_all, fields(session = tracing::field::Empty))]
    pub async fn start(&self, reference: Option<&str>) -> Result<ClientSecret, KioskError> {
        let setup = self.setup();
        let reference = reference::check(&setup.settings, reference)?;
        let request = CreateRequest::new(&setup.settings, reference, new_idempotency_key());
        let mut machine = self.machine.lock().await;
        let exchange = self
            .drive(&setup, &mut machine, Event::Tap(request))
            .await?;
        exchange.secret.ok_or(KioskError::NotRetryable {
            status: exchange.status,
        })
    }

    /// The customer's status, asking the source only when the poll schedule allows.
    #[tracing::instrument(name = "verification", skip_all, fields(session = tracing::field::Empty))]
    pub async fn status(&self) -> Result<CustomerStatus, KioskError> {
        let setup = self.setup();
        let mut machine = self.machine.lock().await;
        self.drive(&setup, &mut machine, Event::Poll).await?;
        Ok(machine.view(&setup.rules()))
    }

    /// Another attempt on the same session: a fresh client secret, within the attempt limit.
    #[tracing::instrument(name = "verification", skip_all, fields(session = tracing::field::Empty))]
    pub async fn retry(&self) -> Result<ClientSecret, KioskError> {
        let exchange = self.reopen().await?;
        exchange.secret.ok_or(KioskError::NotRetryable {
            status: exchange.status,
        })
    }

    /// The hosted page for another attempt on the session (for the app's navigation only:
    /// never send it to the webview's script).
    #[tracing::instrument(name = "verification", skip_all, fields(session = tracing::field::Empty))]
    pub async fn hosted_url(&self) -> Result<HostedUrl, KioskError> {
        let exchange = self.reopen().await?;
        exchange
            .url
            .ok_or_else(|| KioskError::HostedUnavailable("the source gave no hosted URL".into()))
    }

    async fn reopen(&self) -> Result<Exchange, KioskError> {
        let setup = self.setup();
        let mut machine = self.machine.lock().await;
        let exchange = self.drive(&setup, &mut machine, Event::Reopen).await?;
        let left = machine.view(&setup.rules()).attempts_left;
        let session = machine.session_id().unwrap_or_default();
        tracing::info!(session = %session, attempts_left = left, "customer starts another attempt");
        Ok(exchange)
    }

    /// Ends the customer's turn: cancels a session still waiting for them, follows a
    /// processing one to its end in the background, and forgets it. Never fails: what cannot
    /// be settled now is settled by a background task (no session is left behind).
    #[tracing::instrument(name = "verification", skip_all, fields(session = tracing::field::Empty))]
    pub async fn finish(&self) -> FinishOutcome {
        let setup = self.setup();
        let mut machine = self.machine.lock().await;
        match self.drive(&setup, &mut machine, Event::Finish).await {
            Ok(exchange) => exchange.finish.unwrap_or(FinishOutcome::Nothing),
            // Finishing refuses nothing; this is only reached if a command reports a failure.
            Err(e) => {
                tracing::error!(code = e.code(), error = %e, "finishing failed");
                FinishOutcome::FollowingUp
            }
        }
    }

    /// Follows sessions an earlier run left unfinished (from the journal) to their end in the
    /// background: one still waiting for a customer is canceled, one processing is polled until
    /// it settles, and the journal records each outcome.
    pub fn resume(&self, session_ids: Vec<String>) {
        let ctx = self.setup().context();
        for id in session_ids {
            tracing::info!(session = %id, "resuming an unfinished session from the journal");
            ctx.spawn_follow_up(id);
        }
    }

    /// Finds, in the background, the sessions of creates the journal noted but never saw
    /// answered (the app died between request and answer); see [`tasks::recover_lost_creates`].
    pub fn recover_lost_creates(&self) {
        let setup = self.setup();
        let Some(journal) = &setup.journal else {
            return;
        };
        match journal.pending_attempts() {
            Ok(attempts) if !attempts.is_empty() => {
                let kiosk_id = setup.settings.kiosk_id.clone();
                tokio::spawn(tasks::recover_lost_creates(
                    setup.context(),
                    attempts,
                    kiosk_id,
                ));
            }
            Ok(_) => {}
            Err(e) => tracing::error!(code = e.code(), error = %e, "cannot read the noted creates"),
        }
    }

    /// Whether the source answers (cheap, no side effect); a failure that is only temporary is
    /// `false`, a refusal an error.
    pub async fn check_connection(&self) -> Result<bool, KioskError> {
        match self.probe().await {
            Ok(()) => Ok(true),
            Err(e) if e.is_transient() => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// The one cheap call behind [`Self::check_connection`], with the source's error as it came.
    pub async fn probe(&self) -> Result<(), SourceError> {
        self.setup().source.probe().await
    }

    /// Feeds `event` to the machine and carries out what it answers, feeding each outcome back,
    /// until nothing is left to do. The first failure is returned once the commands its own
    /// outcome led to have run (a refused create still clears its note).
    async fn drive(
        &self,
        setup: &Setup,
        machine: &mut Machine,
        event: Event,
    ) -> Result<Exchange, KioskError> {
        let rules = setup.rules();
        let mut exchange = Exchange::default();
        let mut failure = None;
        let mut queue: VecDeque<Command> = machine.handle(Instant::now(), &rules, event).into();
        while let Some(command) = queue.pop_front() {
            let (outcome, failed) = carry_out(setup, command, &mut exchange).await;
            if let Some(event) = outcome {
                let before = machine.phase();
                queue.extend(machine.handle(Instant::now(), &rules, event));
                if let Some(id) = machine.session_id() {
                    exchange.name_span(id);
                    if machine.phase() != before && before != super::CustomerState::None {
                        tracing::info!(session = %id, from = ?before, to = ?machine.phase(), "verification moved");
                    }
                }
            }
            failure = failure.or(failed);
        }
        failure.map_or(Ok(exchange), Err)
    }
}

impl Exchange {
    /// Names the session in the current `verification` span (its id is known only now).
    fn name_span<'a>(&mut self, id: &'a str) -> &'a str {
        if !self.named {
            tracing::Span::current().record("session", tracing::field::display(id));
            self.named = true;
        }
        id
    }

    /// Keeps the secrets and status of the source's latest answer for the caller.
    fn keep(&mut self, snap: &super::Snapshot) {
        self.secret = snap.client_secret.clone();
        self.url = snap.url.clone();
        self.status = snap.observation.status.to_string();
    }
}

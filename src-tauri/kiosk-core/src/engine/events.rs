//! The machine's vocabulary: the [`Event`]s it is handed, the [`Command`]s it answers with,
//! the [`Rules`] it applies, and what the customer screen is told ([`CustomerStatus`]). Plain
//! data, shared by the machine, the runner and the sources; it may depend on nothing else of
//! the engine but the [`CreateRequest`] an event or a command carries.

use std::time::Duration;

use stripe_identity::models::SessionStatus;

use super::request::CreateRequest;

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
    /// The source cannot be reached right now; asking again soon.
    Unavailable,
}

impl CustomerState {
    /// Nothing more will happen to the session by itself or by the customer.
    pub fn is_settled(self) -> bool {
        matches!(self, Self::Verified | Self::Canceled | Self::CheckLater)
    }
}

/// The small status the webview polls. Holds nothing secret and no personal data unless the
/// kiosk is set to show the verified name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CustomerStatus {
    pub state: CustomerState,
    /// The source's `last_error.code` when `requires_input`.
    pub reason: Option<String>,
    pub attempts_left: u32,
    /// First name and last initial, only with `show_verified_name`.
    pub verified_name: Option<String>,
}

/// The settings a step runs with (those in force when it happens).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Submissions allowed per customer.
    pub max_attempts: u32,
    /// Longer than this in `processing` is `check_later`.
    pub processing_limit: Duration,
    /// Fetch the verified name once verified.
    pub show_verified_name: bool,
}

/// What the source said about a session, without its secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    pub id: String,
    pub status: SessionStatus,
    /// The session carries a `last_error` (its code may still be null).
    pub failed: bool,
    /// `last_error.code`.
    pub error_code: Option<String>,
    /// The last verification report: one per submission.
    pub report: Option<String>,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The customer tapped Verify; `CreateRequest::attempt` is a fresh idempotency key, used
    /// unless a lost create for the same reference is retried instead.
    Tap(CreateRequest),
    /// The journal noted the create: the request may leave.
    Noted,
    /// The journal could not note the create: nothing is sent.
    NoteFailed,
    /// The source made the session, and the journal recorded it.
    Created(Observation),
    /// The source made the session but the journal could not record it (it is not used).
    CreatedUnrecorded(String),
    /// The create failed. `answered`: the source answered with an error, so it made nothing;
    /// otherwise (no answer) whether it made a session is unknown.
    CreateFailed { answered: bool },
    /// The page asks how the customer is doing.
    Poll,
    /// The answer to [`Command::Fetch`] for a poll.
    Fetched(Observation),
    /// [`Command::Fetch`] for a poll could not reach the source.
    FetchFailed,
    /// The answer to [`Command::FetchVerifiedName`].
    VerifiedName(Option<String>),
    /// The customer asks for another attempt on the same session.
    Reopen,
    /// The answer to [`Command::Fetch`] for a reopen.
    Reopened(Observation),
    /// The customer's turn ends.
    Finish,
    /// The answer to [`Command::Cancel`].
    CancelAnswered(Observation),
    /// [`Command::Cancel`] failed for this session.
    CancelFailed(String),
}

/// Why a fetch is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Poll,
    Reopen,
}

/// What the runner is to do, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Note the create's attempt in the journal before its request leaves.
    NoteAttempt(String),
    /// Create the session (and record it in the journal before anything else).
    Create(CreateRequest),
    /// The create with this attempt has a known outcome: clear its note.
    ClearAttempt(String),
    /// Write the session's status to the journal.
    Record(Observation),
    /// Ask the source for the session.
    Fetch { id: String, purpose: Purpose },
    /// Ask the source for the verified name ("Jenny R.").
    FetchVerifiedName(String),
    /// Cancel the session.
    Cancel(String),
    /// In the background: follow the session until it is settled.
    FollowUp(String),
    /// In the background: replay a create whose answer was lost (same attempt, same
    /// parameters), then settle what it made.
    ReplayLostCreate(CreateRequest),
    /// End the operation with this refusal.
    Refuse(Refusal),
    /// The customer's turn is over, this way.
    Finished(FinishOutcome),
}

/// Why the machine refused an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A verification is already open.
    Busy,
    /// No verification is open.
    NoSession,
    /// The session is not in a state where the customer can try again.
    NotRetryable { status: String },
    /// Every allowed submission was used.
    AttemptsExhausted,
}

/// How `finish` left the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinishOutcome {
    /// There was nothing to do.
    Nothing,
    /// The waiting session was canceled.
    Canceled,
    /// It could not be settled now (processing, or the source unreachable): a background task
    /// follows it to its end.
    FollowingUp,
}

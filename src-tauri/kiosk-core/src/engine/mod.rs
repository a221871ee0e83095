//! One customer's verification: a pure state machine driven by a small async runner over a
//! source of sessions.
//!
//! ```text
//!   page ──start/status/retry/finish──▶ runner (Verifier) ──events──▶ machine
//!                                         │  ▲                            │
//!                                         │  └────────commands───────────┘
//!                                         ▼
//!                     SessionSource (Stripe today) · journal · background tasks
//! ```
//!
//! - [`events`]: the machine's vocabulary (events, commands, rules, the customer's status);
//!   [`request`]: what a session is created with.
//! - [`machine`]: the customer's state machine. No I/O and no clock: it is handed events
//!   (the tap, what the source answered, the time) and answers with commands (create, fetch,
//!   cancel, record, follow up...). It never sees a client secret or a hosted URL.
//! - [`runner`]: [`Verifier`], which feeds the machine, carries out its commands one at a time
//!   under one lock (so never more than one call to the source is in flight for the customer)
//!   and hands the page its `client_secret` and a small [`CustomerStatus`].
//! - [`source`]: [`SessionSource`], who creates and reads sessions ([`StripeSource`]: Stripe
//!   itself, with the kiosk's key), and the request and snapshot types it speaks.
//! - [`tasks`]: the named background tasks: following a session the customer left to its end,
//!   replaying a create whose answer was lost, finding the sessions of creates a crash lost.
//! - [`follow`]: what a follow-up does with each answer, and the backoff schedules.
//! - [`reference`]: the customer's reference, checked against the settings.
//!
//! Nothing here knows about windows, Tauri or the staff panel.

pub mod events;
pub mod follow;
pub mod machine;
pub mod reference;
pub mod request;
pub mod runner;
pub mod source;
pub mod tasks;

pub use events::{CustomerState, CustomerStatus, FinishOutcome};
pub use request::CreateRequest;
pub use runner::Verifier;
pub use source::{SessionSource, Snapshot, StripeSource};

/// Where Stripe's hosted page sends the customer when done. It never loads: the app intercepts
/// the navigation and shows its own result screens. (`.invalid` can never resolve.)
pub const RETURN_URL: &str = "https://identity-kiosk.invalid/return";

/// The metadata key holding the create's idempotency key (see [`tasks::recover_lost_creates`]).
pub const ATTEMPT_METADATA: &str = "kiosk_attempt";

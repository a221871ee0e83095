//! What a follow-up does with each answer, and the waits between tries.
//!
//! Pure: the tasks in [`super::tasks`] ask the source, hand the answer to [`step`], and sleep
//! for what the [`Backoff`] says.

use std::time::Duration;

use stripe_identity::models::SessionStatus;

/// Waits that grow: `first`, then doubled after each one, up to `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    next: Duration,
    max: Duration,
}

impl Backoff {
    pub const fn new(first: Duration, max: Duration) -> Self {
        Self { next: first, max }
    }

    /// The wait to use now; the next one is twice as long (at most `max`).
    pub fn next_wait(&mut self) -> Duration {
        let wait = self.next;
        self.next = (wait * 2).min(self.max);
        wait
    }
}

/// A session the kiosk let go of: asked again after 2 s, doubling to 10 minutes.
pub const FOLLOW_UP: Backoff = Backoff::new(Duration::from_secs(2), Duration::from_secs(600));
/// Tries before a follow-up gives up (about a day and a half at the longest wait).
pub const FOLLOW_UP_TRIES: u32 = 200;
/// A create whose answer was lost, replayed until the source answers: 2 s doubling to a minute.
pub const REPLAY: Backoff = Backoff::new(Duration::from_secs(2), Duration::from_secs(60));
/// Between tries to list the sessions of creates a crash lost.
pub const RECOVERY_RETRY: Duration = Duration::from_secs(30);

/// What a follow-up does after the source answered with `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Verified or canceled: record it and stop.
    Settled,
    /// Waiting for a customer who is gone: record it, cancel it, stop once canceled.
    Cancel,
    /// Processing (or a status added later): record it and ask again later.
    Wait,
}

/// The follow-up's rule for one answer.
pub fn step(status: &SessionStatus) -> Step {
    match status {
        SessionStatus::Verified | SessionStatus::Canceled => Step::Settled,
        SessionStatus::RequiresInput => Step::Cancel,
        _ => Step::Wait,
    }
}

//! Whether Stripe can be reached, known before a customer taps "Verify".
//!
//! The shell runs [`crate::Kiosk::check_health`] in the background: once a minute while Stripe
//! answers, every few seconds while it does not (so the kiosk notices quickly when the fault
//! clears). The customer's own calls feed the same state ([`Health::observe`]), so a failure
//! seen by a customer is known at once. The Welcome screen reads the state (no network) and
//! shows "not available right now" instead of failing after the tap; staff see the cause.

use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;

use crate::error::KioskError;

/// Between checks while Stripe answers: one cheap list call a minute.
pub const CHECK_WHEN_UP: Duration = Duration::from_secs(60);
/// Between checks while it does not (or before the first answer).
pub const CHECK_WHEN_DOWN: Duration = Duration::from_secs(5);

/// What is known about reaching Stripe.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reachability {
    /// `None` until the first check has answered.
    pub ok: Option<bool>,
    /// Why not: the Stripe error's class (`api_connection_error`, `timeout`, `api_error`,
    /// `rate_limit_error`, `malformed_response`, `authentication_error`, …).
    pub cause: Option<String>,
    /// When the current state began (Unix seconds).
    pub since: Option<i64>,
    /// The last check or observed call (Unix seconds).
    pub checked_at: Option<i64>,
}

/// What the page found when it tried the camera (it is the webview that owns the camera).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CameraState {
    /// A camera answered (and was released at once).
    Ok,
    /// The webview found no camera.
    Missing,
    /// The OS or the webview refused access (macOS privacy settings, Windows camera access).
    Refused,
    /// The webview has no camera API at all.
    Unsupported,
}

impl CameraState {
    /// Whether a customer can be verified with this camera.
    pub fn usable(self) -> bool {
        self == Self::Ok
    }
}

/// The kiosk's view of Stripe's reachability (shared by the checker and the customer's calls)
/// and of its camera (reported by the page).
#[derive(Debug, Default)]
pub struct Health {
    state: Mutex<Reachability>,
    camera: Mutex<Option<CameraState>>,
    /// Why the journal last refused to record a new session (disk full, …), until it records
    /// one again.
    journal: Mutex<Option<crate::problems::ProblemView>>,
}

impl Health {
    pub fn new() -> Self {
        Self::default()
    }

    /// The current state (no network).
    pub fn current(&self) -> Reachability {
        self.lock().clone()
    }

    /// Stripe answered.
    pub fn record_ok(&self) {
        self.record(true, None);
    }

    /// Stripe could not be used, for `cause`.
    pub fn record_down(&self, cause: &str) {
        self.record(false, Some(cause));
    }

    /// Learns from a customer call: an unavailable Stripe marks it down, an answer marks it
    /// up; other errors (a bad reference, a busy kiosk) say nothing about Stripe.
    /// A journal that cannot record is remembered for staff until a session is recorded again.
    pub fn observe<T>(&self, result: &Result<T, KioskError>) {
        match result {
            Ok(_) => {
                self.record_ok();
                self.set_journal_problem(None);
            }
            Err(KioskError::Unavailable(e)) => self.record_down(e.class()),
            Err(KioskError::Journal(e)) => {
                self.set_journal_problem(Some(crate::problems::ProblemView::Journal {
                    code: e.code(),
                    text: format!(
                        "{e}: no customer can start until it can record sessions again (free disk \
                         space in the data folder; the kiosk recovers by itself)"
                    ),
                }))
            }
            Err(_) => {}
        }
    }

    /// Why the journal last refused a session, while that lasts.
    pub fn journal_problem(&self) -> Option<crate::problems::ProblemView> {
        self.journal
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn set_journal_problem(&self, problem: Option<crate::problems::ProblemView>) {
        let mut current = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        if current.is_some() && problem.is_none() {
            tracing::info!("the journal records sessions again");
        }
        *current = problem;
    }

    /// The page's latest camera check; a change is logged (staff see it in the panel too).
    pub fn record_camera(&self, camera: CameraState) {
        let mut current = self.camera.lock().unwrap_or_else(|p| p.into_inner());
        if *current != Some(camera) {
            if camera.usable() {
                tracing::info!(?camera, "camera available");
            } else {
                tracing::warn!(
                    ?camera,
                    "no usable camera; customers are asked to see staff"
                );
            }
        }
        *current = Some(camera);
    }

    /// The page's latest camera check, if any.
    pub fn camera(&self) -> Option<CameraState> {
        *self.camera.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How long until the next background check.
    pub fn next_check_in(&self) -> Duration {
        match self.lock().ok {
            Some(true) => CHECK_WHEN_UP,
            _ => CHECK_WHEN_DOWN,
        }
    }

    fn record(&self, ok: bool, cause: Option<&str>) {
        let now = crate::unix_time::now();
        let mut state = self.lock();
        let changed = state.ok != Some(ok);
        if changed {
            state.since = Some(now);
            match (ok, cause) {
                (true, _) if state.ok.is_some() => tracing::info!("Stripe is reachable again"),
                (true, _) => tracing::info!("Stripe is reachable"),
                (false, cause) => tracing::warn!(
                    cause,
                    "Stripe cannot be reached; customers are told before they start"
                ),
            }
        }
        state.ok = Some(ok);
        state.cause = cause.map(str::to_owned);
        state.checked_at = Some(now);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Reachability> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_then_down_then_up_with_causes_and_intervals() {
        let h = Health::new();
        assert_eq!(h.current().ok, None);
        assert_eq!(h.next_check_in(), CHECK_WHEN_DOWN, "check soon until known");
        h.record_down("api_connection_error");
        let down = h.current();
        assert_eq!(down.ok, Some(false));
        assert_eq!(down.cause.as_deref(), Some("api_connection_error"));
        assert!(down.since.is_some() && down.checked_at.is_some());
        assert_eq!(h.next_check_in(), CHECK_WHEN_DOWN);
        h.record_down("timeout");
        assert_eq!(h.current().cause.as_deref(), Some("timeout"));
        assert_eq!(h.current().since, down.since, "still the same outage");
        h.record_ok();
        let up = h.current();
        assert_eq!((up.ok, up.cause), (Some(true), None));
        assert_eq!(h.next_check_in(), CHECK_WHEN_UP);
    }

    #[test]
    fn camera_reports_are_kept_and_parsed_from_the_page() {
        let h = Health::new();
        assert_eq!(h.camera(), None);
        let refused: CameraState = serde_json::from_str("\"refused\"").unwrap();
        h.record_camera(refused);
        assert_eq!(h.camera(), Some(CameraState::Refused));
        assert!(!refused.usable());
        h.record_camera(CameraState::Ok);
        assert!(h.camera().is_some_and(CameraState::usable));
        assert!(serde_json::from_str::<CameraState>("\"broken\"").is_err());
    }

    #[test]
    fn customer_calls_teach_it_only_about_stripe() {
        let h = Health::new();
        h.observe::<()>(&Err(KioskError::Busy));
        assert_eq!(
            h.current().ok,
            None,
            "a busy kiosk says nothing about Stripe"
        );
        h.observe::<()>(&Err(KioskError::Unavailable(
            stripe_identity::Error::Timeout { seconds: 30.0 },
        )));
        assert_eq!(h.current().ok, Some(false));
        assert_eq!(h.current().cause.as_deref(), Some("timeout"));
        h.observe(&Ok(()));
        assert_eq!(h.current().ok, Some(true));
    }
}

//! The customer's flow, as the page drives it: start, status, another attempt, the hosted
//! page, finish, and the reachability and camera checks shown before the tap.
//!
//! Each call that reaches Stripe teaches [`Health`](crate::health::Health) what it found, so a
//! failure a customer met is known at once. No customer can start while the stored key is out
//! of reach (the keyring gate).
//!
//! Lock story: the engine's one Tokio lock, taken by each [`Verifier`](crate::Verifier)
//! operation and held across its calls to Stripe; the health's short `std` locks. Nothing here
//! takes the settings' lock or the staff gate.

use stripe_identity::{ClientSecret, HostedUrl};

use super::views::{ConnectionStatus, PageInfo, ReferenceInfo};
use super::Kiosk;
use crate::engine::{CustomerStatus, FinishOutcome};
use crate::error::KioskError;
use crate::health::{CameraState, Reachability};

impl Kiosk {
    /// What the page needs at start: the mode, the settings it words the screens from, and
    /// Stripe.js's URL and publishable key. `version` is the app's, `locked` whether it runs
    /// locked down.
    pub fn page_info(&self, version: &str, locked: bool) -> PageInfo {
        let s = self.verifier.settings();
        let backend = self.backend();
        PageInfo {
            mode: self.customer_mode(),
            version: version.to_owned(),
            kiosk_id: s.kiosk_id.clone(),
            business_name: s.business_name.clone(),
            // Stripe.js refuses live keys on a non-https page: such a customer gets the hosted page.
            flow: crate::live_flow::customer_flow(
                s.flow,
                self.customer_mode(),
                crate::live_flow::page_is_https_on(std::env::consts::OS),
            )
            .flow,
            stripe_js_url: backend.stripe_js_url().to_owned(),
            publishable_key: backend.publishable_key().map(str::to_owned),
            reference: ReferenceInfo {
                mode: s.reference_mode,
                label: s.reference_label.clone(),
            },
            idle_timeout_secs: s.idle_timeout.as_secs(),
            modal_timeout_secs: s.modal_timeout.as_secs(),
            max_attempts: s.max_attempts,
            show_verified_name: s.show_verified_name,
            languages: s.languages.clone(),
            default_language: s.customer_language().to_owned(),
            staff_language: s.staff_language.clone(),
            all_languages: crate::languages::LANGUAGES,
            locked,
            camera: self.health.camera(),
        }
    }

    /// What the webview should tell web pages (Stripe's included) the reader prefers, when the
    /// page switches to `code`: the customer's choice, or the staff panel's language. Anything
    /// else is refused, so a page cannot set the webview to a language IT did not offer.
    pub fn page_languages(&self, code: &str) -> Result<Vec<&'static str>, KioskError> {
        let s = self.verifier.settings();
        let offered = s.languages.iter().any(|l| l == code) || s.staff_language == code;
        match crate::languages::known(code) {
            Some(known) if offered => Ok(crate::languages::preferred(known)),
            _ => Err(KioskError::UnknownLanguage(code.chars().take(16).collect())),
        }
    }

    /// What the webview tells web pages before any page chose: the kiosk's default language
    /// (a new window, and each new customer's page from its first request on).
    pub fn default_page_languages(&self) -> Vec<&'static str> {
        crate::languages::preferred(self.verifier.settings().customer_language())
    }

    /// Creates the customer's session and returns its client secret, the only part of it that
    /// goes to the webview. Refused (`keyring_locked`) while the stored key cannot be read.
    pub async fn start_verification(
        &self,
        reference: Option<&str>,
    ) -> Result<ClientSecret, KioskError> {
        if self.awaiting_keyring() {
            return Err(KioskError::KeyringPending);
        }
        self.observed(self.verifier.start(reference).await)
    }

    /// The customer's status (Stripe is asked only when the poll schedule allows).
    pub async fn verification_status(&self) -> Result<CustomerStatus, KioskError> {
        self.observed(self.verifier.status().await)
    }

    /// Another attempt on the same session: a fresh client secret.
    pub async fn retry_verification(&self) -> Result<ClientSecret, KioskError> {
        self.observed(self.verifier.retry().await)
    }

    /// The hosted page for another attempt (for the window's navigation only).
    pub async fn hosted_url(&self) -> Result<HostedUrl, KioskError> {
        self.verifier.hosted_url().await
    }

    /// Ends the customer's turn (never fails: what cannot be settled now is followed up).
    pub async fn finish_verification(&self) -> FinishOutcome {
        self.verifier.finish().await
    }

    /// Asks Stripe (one cheap list call) and records the answer; run in the background at
    /// [`Health::next_check_in`](crate::health::Health::next_check_in) intervals, and by the
    /// "not available" screen. While the stored key is out of reach, the keyring is tried
    /// again instead (at most every 30 s).
    pub async fn check_health(&self) -> Reachability {
        if self.awaiting_keyring() && !self.try_keyring_again(false).await {
            self.health.record_down("keyring_locked");
            return self.health.current();
        }
        match self.verifier.probe().await {
            Ok(()) => self.health.record_ok(),
            Err(e) => {
                tracing::debug!(error = %e, "Stripe check failed");
                self.health.record_down(e.class());
            }
        }
        self.health.current()
    }

    /// What the background check last learned (no network): `ok` is `None` until it first
    /// answered.
    pub fn reachable(&self) -> ConnectionStatus {
        ConnectionStatus {
            ok: self.health.current().ok,
        }
    }

    /// The page tried the camera.
    pub fn report_camera(&self, camera: CameraState) {
        self.health.record_camera(camera);
    }

    fn observed<T>(&self, result: Result<T, KioskError>) -> Result<T, KioskError> {
        self.health.observe(&result);
        result
    }
}

//! The kiosk's one window: where it may go ([`WindowState::navigation`]), the customer's
//! visit to Stripe's hosted page and its watchdog, and the end of a customer's turn (the
//! webview's data wiped, back to Welcome).
//!
//! Lock story: none. The app's URL is set once ([`OnceLock`]); the hosted visit's number is an
//! atomic, bumped at each visit and each reset so a watchdog only acts on the visit it was
//! started for.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use async_trait::async_trait;
use url::Url;

use crate::error::KioskError;
use crate::web::navigation::{decide, Decision};
use crate::web::origins::{origin, redacted};
use crate::web::permissions::{grant, Request};
use crate::Kiosk;

/// What the kiosk needs from its window.
#[async_trait]
pub trait KioskWindow: Send + Sync {
    /// The page the window shows now (`None` when it cannot be read).
    fn current_url(&self) -> Option<Url>;
    /// Loads `url` in the window.
    fn navigate(&self, url: Url) -> Result<(), String>;
    /// Wipes cookies, storage and caches; `false` if the webview did not confirm it.
    async fn clear_browsing_data(&self) -> bool;
    /// Shows Welcome in a new webview (so a new web content process), the one that served the
    /// customer gone with nothing of them in memory; `false` where not done (then the caller
    /// loads Welcome in this one).
    fn fresh_page(&self) -> bool;
}

/// What to do with a navigation the window asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Navigation {
    Allow,
    Deny,
    /// Refuse it and load this page of the app instead (the hosted flow finished).
    Replace(Url),
}

/// A visit to the hosted page, ready to go: where, and what the watchdog needs. (Its `Debug`
/// names the host only: the page's path is the customer's token.)
#[derive(Clone)]
pub struct HostedVisit {
    /// Stripe's hosted page (never logged: its path is a token).
    pub url: Url,
    /// This visit's number (see [`WindowState`]).
    pub visit: u64,
    /// How long the customer may stay on it (the modal limit).
    pub limit: Duration,
}

impl std::fmt::Debug for HostedVisit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostedVisit")
            .field("url", &redacted(&self.url))
            .field("visit", &self.visit)
            .field("limit", &self.limit)
            .finish()
    }
}

/// The window's state, shared by the navigation handler and the commands.
#[derive(Debug, Default)]
pub struct WindowState {
    app_url: OnceLock<Url>,
    extra_origins: Vec<String>,
    hosted_visit: AtomicU64,
}

impl WindowState {
    /// `extra_origins`: the sandbox's or a test Stripe.js host's (see
    /// [`Kiosk::csp_origins`]).
    pub fn new(extra_origins: Vec<String>) -> Self {
        Self {
            extra_origins,
            ..Self::default()
        }
    }

    /// The window opened on `url`, the app's own start page.
    pub fn opened(&self, url: Url) {
        let _ = self.app_url.set(url);
    }

    /// The app's own start page, once the window opened.
    pub fn app_url(&self) -> Option<&Url> {
        self.app_url.get()
    }

    /// Whether the window may load `url` (refusals are logged, without path or query).
    pub fn navigation(&self, url: &Url) -> Navigation {
        let app_url = self.app_url.get();
        match decide(app_url, &self.extra_origins, url) {
            Decision::Allow => Navigation::Allow,
            Decision::Deny => {
                tracing::warn!(url = %redacted(url), "navigation refused");
                Navigation::Deny
            }
            Decision::ReturnToApp => match app_url.map(|u| u.join("index.html#returned")) {
                Some(Ok(back)) => Navigation::Replace(back),
                _ => Navigation::Deny,
            },
        }
    }

    /// Whether to grant what the window's `document` asked for (see
    /// [`crate::web::permissions`]); refusals are logged, without path or query.
    pub fn permission(
        &self,
        request: Request,
        document: Option<&Url>,
        camera_refused: bool,
    ) -> bool {
        let granted = document.is_some_and(|d| {
            grant(
                request,
                d,
                self.app_url.get(),
                &self.extra_origins,
                camera_refused,
            )
        });
        if !granted {
            let document = document.map(redacted).unwrap_or_default();
            tracing::warn!(?request, document, "permission request denied");
        }
        granted
    }

    /// Whether the window shows one of the app's own pages.
    fn on_app_page(&self, window: &dyn KioskWindow) -> bool {
        match (window.current_url(), self.app_url.get()) {
            (Some(now), Some(app)) => origin(&now) == origin(app),
            _ => false,
        }
    }

    fn next_visit(&self) -> u64 {
        self.hosted_visit.fetch_add(1, Ordering::SeqCst) + 1
    }
}

/// Gets the hosted page for the customer's session and numbers the visit. The shell starts
/// [`watch_hosted_visit`] before it navigates: once the page goes, nothing after is sure to run.
pub async fn begin_hosted_visit(
    kiosk: &Kiosk,
    window: &WindowState,
) -> Result<HostedVisit, KioskError> {
    let url = kiosk.hosted_url().await?;
    let url = Url::parse(url.expose())
        .map_err(|_| KioskError::HostedUnavailable("Stripe gave a malformed URL".into()))?;
    let visit = window.next_visit();
    let limit = kiosk.verifier().settings().modal_timeout;
    tracing::info!(
        visit,
        limit_secs = limit.as_secs(),
        "watching the hosted page visit"
    );
    Ok(HostedVisit { url, visit, limit })
}

/// The hosted page is Stripe's, not ours: the page's own timers are gone while it shows. If
/// the customer walks away from it, their turn ends after the modal limit, so the kiosk is
/// never left stuck on Stripe's page. Returns whether it ended the turn.
pub async fn watch_hosted_visit(
    kiosk: &Kiosk,
    state: &WindowState,
    window: &dyn KioskWindow,
    visit: u64,
    limit: Duration,
) -> bool {
    tokio::time::sleep(limit).await;
    let on_app_page = state.on_app_page(window);
    if state.hosted_visit.load(Ordering::SeqCst) != visit || on_app_page {
        tracing::info!(visit, on_app_page, "hosted page visit already over");
        return false;
    }
    tracing::warn!("the hosted page was left open past the limit; ending the customer's turn");
    end_turn(kiosk, state, window).await;
    true
}

/// The web content process went away by itself (a crash, out of memory): the page and its
/// timers are gone, so the kiosk settles the customer's session and shows Welcome again.
pub async fn web_process_gone(kiosk: &Kiosk, state: &WindowState, window: &dyn KioskWindow) {
    tracing::warn!("the web process ended by itself; settling the session and reloading Welcome");
    end_turn(kiosk, state, window).await;
}

/// Ends the customer's turn: settles the session, wipes the webview's data, back to Welcome.
pub async fn end_turn(kiosk: &Kiosk, state: &WindowState, window: &dyn KioskWindow) {
    kiosk.finish_verification().await;
    reset(state, window).await;
}

/// Wipes the webview's data (waiting for it to finish), ends the web process that served the
/// customer, and loads the Welcome screen (in a new one).
pub async fn reset(state: &WindowState, window: &dyn KioskWindow) {
    state.next_visit();
    if !window.clear_browsing_data().await {
        tracing::warn!("clearing browsing data did not confirm completion");
    }
    if window.fresh_page() {
        tracing::info!("the customer's web process was ended; Welcome loads in a new one");
        return;
    }
    if let Some(url) = state.app_url.get() {
        if let Err(e) = window.navigate(url.clone()) {
            tracing::warn!(error = %e, "cannot go back to the Welcome screen");
        }
    }
}

//! The kiosk's window as `kiosk_core::host` drives it, over a recording window and the
//! in-memory source on paused time: the navigation rule, the hosted-page watchdog (it ends a
//! customer's turn left on Stripe's page past the limit, and stands down once the visit is
//! over), and the end of a turn.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use common::kiosk::TestKiosk;
use kiosk_core::host::window::{self as host, HostedVisit};
use kiosk_core::host::{KioskWindow, Navigation, WindowState};
use stripe_identity::models::SessionStatus;
use url::Url;

const APP: &str = "tauri://localhost/index.html";

/// A window that records what it was told.
#[derive(Default)]
struct FakeWindow {
    url: Mutex<Option<Url>>,
    navigations: Mutex<Vec<Url>>,
    clears: Mutex<usize>,
    /// What happened, in order: "clear", "fresh_page", "navigate".
    steps: Mutex<Vec<&'static str>>,
}

#[async_trait]
impl KioskWindow for FakeWindow {
    fn current_url(&self) -> Option<Url> {
        self.url.lock().unwrap().clone()
    }
    fn navigate(&self, url: Url) -> Result<(), String> {
        *self.url.lock().unwrap() = Some(url.clone());
        self.navigations.lock().unwrap().push(url);
        self.steps.lock().unwrap().push("navigate");
        Ok(())
    }
    async fn clear_browsing_data(&self) -> bool {
        *self.clears.lock().unwrap() += 1;
        self.steps.lock().unwrap().push("clear");
        true
    }
    fn fresh_page(&self) -> bool {
        self.steps.lock().unwrap().push("fresh_page");
        false
    }
}

impl FakeWindow {
    fn navigations(&self) -> Vec<String> {
        let seen = self.navigations.lock().unwrap();
        seen.iter().map(ToString::to_string).collect()
    }
    fn clears(&self) -> usize {
        *self.clears.lock().unwrap()
    }
    fn steps(&self) -> Vec<&'static str> {
        self.steps.lock().unwrap().clone()
    }
}

fn url(s: &str) -> Url {
    Url::parse(s).unwrap()
}

#[test]
fn the_window_goes_only_where_the_rule_allows_and_the_hosted_flow_returns_to_the_app() {
    let state = WindowState::new(vec!["http://127.0.0.1:4000".into()]);
    // Before the window opened: its own first page only.
    assert_eq!(state.navigation(&url(APP)), Navigation::Allow);
    assert_eq!(
        state.navigation(&url("https://js.stripe.com/v3/")),
        Navigation::Deny
    );
    state.opened(url(APP));
    assert_eq!(state.app_url(), Some(&url(APP)));
    for allowed in [
        "tauri://localhost/index.html#returned",
        "https://js.stripe.com/v3/identity-inner.html",
        "http://127.0.0.1:4000/start/abc",
    ] {
        assert_eq!(
            state.navigation(&url(allowed)),
            Navigation::Allow,
            "{allowed}"
        );
    }
    for denied in [
        "http://127.0.0.1:1430/",
        "https://example.com/",
        "file:///etc/passwd",
    ] {
        assert_eq!(state.navigation(&url(denied)), Navigation::Deny, "{denied}");
    }
    assert_eq!(
        state.navigation(&url("https://identity-kiosk.invalid/return?x=1")),
        Navigation::Replace(url("tauri://localhost/index.html#returned"))
    );
}

/// A customer mid-flow who chose the hosted page; the window now shows it.
async fn on_the_hosted_page(
    kiosk: &TestKiosk,
    state: &WindowState,
    window: &FakeWindow,
) -> HostedVisit {
    state.opened(url(APP));
    *window.url.lock().unwrap() = Some(url(APP));
    kiosk.kiosk.start_verification(None).await.unwrap();
    let visit = host::begin_hosted_visit(&kiosk.kiosk, state).await.unwrap();
    window.navigate(visit.url.clone()).unwrap();
    visit
}

fn watch(
    kiosk: &TestKiosk,
    state: &Arc<WindowState>,
    window: &Arc<FakeWindow>,
    visit: &HostedVisit,
) -> tokio::task::JoinHandle<bool> {
    let (kiosk, state, window) = (kiosk.kiosk.clone(), state.clone(), window.clone());
    let (number, limit) = (visit.visit, visit.limit);
    tokio::spawn(async move {
        host::watch_hosted_visit(&kiosk, &state, window.as_ref(), number, limit).await
    })
}

#[tokio::test(start_paused = true)]
async fn a_customer_left_on_the_hosted_page_has_their_turn_ended_at_the_modal_limit() {
    let kiosk = TestKiosk::start("[kiosk]\nmodal_timeout_secs = 300\n").await;
    let (state, window) = (
        Arc::new(WindowState::new(Vec::new())),
        Arc::new(FakeWindow::default()),
    );
    let visit = on_the_hosted_page(&kiosk, &state, &window).await;
    assert_eq!(visit.limit, Duration::from_secs(300));
    assert!(visit
        .url
        .as_str()
        .starts_with("https://verify.example/start/"));
    assert!(
        !format!("{visit:?}").contains("/start/"),
        "no token in a log line"
    );
    let watchdog = watch(&kiosk, &state, &window, &visit);

    tokio::time::sleep(Duration::from_secs(299)).await;
    assert!(!watchdog.is_finished());
    assert!(
        kiosk.kiosk.verifier().in_flow().await,
        "not before the limit"
    );
    assert_eq!(kiosk.source.calls("cancel"), 0);

    assert!(watchdog.await.unwrap(), "the watchdog ended the turn");
    let id = kiosk.source.ids().pop().unwrap();
    assert_eq!(kiosk.source.status_of(&id), SessionStatus::Canceled);
    assert!(!kiosk.kiosk.verifier().in_flow().await);
    assert_eq!(window.clears(), 1, "the customer's browsing data is wiped");
    assert_eq!(window.navigations().last().map(String::as_str), Some(APP));
    // Wiped, the customer's web process ended, then Welcome in a new one.
    let steps = window.steps();
    assert_eq!(
        steps[steps.len() - 3..],
        ["clear", "fresh_page", "navigate"]
    );
}

#[tokio::test(start_paused = true)]
async fn a_web_process_that_dies_mid_flow_settles_the_session_and_shows_welcome() {
    let kiosk = TestKiosk::start("").await;
    let (state, window) = (
        Arc::new(WindowState::new(Vec::new())),
        Arc::new(FakeWindow::default()),
    );
    state.opened(url(APP));
    kiosk.kiosk.start_verification(None).await.unwrap();
    assert!(kiosk.kiosk.verifier().in_flow().await);
    host::web_process_gone(&kiosk.kiosk, &state, window.as_ref()).await;
    let id = kiosk.source.ids().pop().unwrap();
    assert_eq!(kiosk.source.status_of(&id), SessionStatus::Canceled);
    assert!(!kiosk.kiosk.verifier().in_flow().await);
    assert_eq!(window.steps(), ["clear", "fresh_page", "navigate"]);
    assert_eq!(window.navigations(), [APP]);
}

#[tokio::test(start_paused = true)]
async fn the_watchdog_stands_down_once_the_customer_is_back_or_the_turn_ended() {
    let kiosk = TestKiosk::start("").await;
    let (state, window) = (
        Arc::new(WindowState::new(Vec::new())),
        Arc::new(FakeWindow::default()),
    );

    // Back on the app's own page (Stripe's return was turned into the result screen).
    let visit = on_the_hosted_page(&kiosk, &state, &window).await;
    let watchdog = watch(&kiosk, &state, &window, &visit);
    window
        .navigate(url("tauri://localhost/index.html#returned"))
        .unwrap();
    assert!(!watchdog.await.unwrap());
    assert!(
        kiosk.kiosk.verifier().in_flow().await,
        "the result screen carries on"
    );
    assert_eq!(kiosk.source.calls("cancel"), 0);

    // The turn ended (and a new customer went to the hosted page on another visit): an old
    // watchdog does nothing to the new visit.
    host::end_turn(&kiosk.kiosk, &state, window.as_ref()).await;
    assert_eq!(window.clears(), 1);
    let stale = watch(&kiosk, &state, &window, &visit);
    let current = on_the_hosted_page(&kiosk, &state, &window).await;
    assert!(current.visit > visit.visit);
    assert!(
        !stale.await.unwrap(),
        "the old visit's watchdog stands down"
    );
    assert!(kiosk.kiosk.verifier().in_flow().await);
    assert_eq!(
        kiosk.source.calls("cancel"),
        1,
        "only the first turn's session"
    );
}

#[tokio::test(start_paused = true)]
async fn a_hosted_visit_needs_a_customer_in_flow() {
    let kiosk = TestKiosk::start("").await;
    let state = WindowState::new(Vec::new());
    let err = host::begin_hosted_visit(&kiosk.kiosk, &state)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "no_session");
}

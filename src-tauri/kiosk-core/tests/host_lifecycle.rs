//! The app's life around the customer, as `kiosk_core::host::lifecycle` decides it: closing,
//! quitting and exiting, start at login, and on paused time the background reachability
//! check's schedule and the restart that waits until no customer is mid-flow.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::fake_source::Failure;
use common::kiosk::TestKiosk;
use kiosk_core::health::{CHECK_WHEN_DOWN, CHECK_WHEN_UP};
use kiosk_core::host::lifecycle::{self, Autostart, IDLE_POLL};
use kiosk_core::host::{App, Lifecycle};
use tokio::time::Instant;

/// An app that counts its restarts.
#[derive(Default)]
struct Restarts(AtomicUsize);

impl App for Restarts {
    fn restart(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl Restarts {
    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

fn gaps_secs(times: &[Instant]) -> Vec<u64> {
    times.windows(2).map(|w| (w[1] - w[0]).as_secs()).collect()
}

#[test]
fn a_locked_window_closes_only_once_staff_quit_and_the_exit_settles_once() {
    let development = Lifecycle::new(false);
    assert!(development.close_allowed());
    let locked = Lifecycle::new(true);
    assert!(locked.locked());
    assert!(!locked.close_allowed(), "a customer cannot close it");
    locked.quit();
    assert!(locked.close_allowed(), "staff quit from the panel");
    assert!(
        locked.begin_exit(),
        "the first exit request waits for the session"
    );
    assert!(!locked.begin_exit(), "the second is the real exit");
}

#[test]
fn the_login_item_follows_the_setting_and_the_check_override_parses() {
    let table = [
        (true, false, Autostart::Enable),
        (false, true, Autostart::Disable),
        (true, true, Autostart::Unchanged),
        (false, false, Autostart::Unchanged),
    ];
    for (wanted, enabled, change) in table {
        assert_eq!(
            lifecycle::autostart_change(wanted, enabled),
            change,
            "{wanted} {enabled}"
        );
    }
    let parse = lifecycle::check_interval_override;
    assert_eq!(parse(Some(" 2 ")), Some(Duration::from_secs(2)));
    assert_eq!(parse(Some("0")), None, "zero would spin");
    assert_eq!(parse(Some("soon")), None);
    assert_eq!(parse(None), None);
}

#[tokio::test(start_paused = true)]
async fn stripe_is_checked_every_minute_while_it_answers_and_every_five_seconds_while_not() {
    let kiosk = TestKiosk::start("").await;
    let app = Arc::new(Restarts::default());
    let (k, a) = (kiosk.kiosk.clone(), app.clone());
    let watch = tokio::spawn(async move { lifecycle::watch_stripe(&k, None, a.as_ref()).await });

    tokio::time::sleep(CHECK_WHEN_UP * 3 + Duration::from_secs(1)).await;
    assert_eq!(gaps_secs(&kiosk.source.times("probe")), vec![60, 60, 60]);
    assert_eq!(kiosk.kiosk.reachable().ok, Some(true));

    // Stripe stops answering: the next check finds it, and checks come every 5 s until it is
    // back.
    kiosk.source.fail("probe", 3, Failure::Unavailable);
    tokio::time::sleep(CHECK_WHEN_UP + CHECK_WHEN_DOWN * 3).await;
    let gaps = gaps_secs(&kiosk.source.times("probe"));
    assert_eq!(gaps[3..], [60, 5, 5, 5], "{gaps:?}");
    assert_eq!(
        kiosk.kiosk.reachable().ok,
        Some(true),
        "back after three failures"
    );
    assert!(!watch.is_finished());
    assert_eq!(app.count(), 0, "nothing asked for a restart");
    watch.abort();
}

#[tokio::test(start_paused = true)]
async fn the_check_override_shortens_the_wait() {
    let kiosk = TestKiosk::start("").await;
    let app = Restarts::default();
    let at_most = Some(Duration::from_secs(2));
    let watch = lifecycle::watch_stripe(&kiosk.kiosk, at_most, &app);
    let _ = tokio::time::timeout(Duration::from_secs(7), watch).await;
    assert_eq!(gaps_secs(&kiosk.source.times("probe")), vec![2, 2, 2]);
}

#[tokio::test(start_paused = true)]
async fn a_restart_waits_until_the_customer_is_done() {
    let kiosk = TestKiosk::start("").await;
    kiosk.kiosk.start_verification(None).await.unwrap();
    let app = Arc::new(Restarts::default());
    let (k, a) = (kiosk.kiosk.clone(), app.clone());
    let restart = tokio::spawn(async move { lifecycle::restart_when_idle(&k, a.as_ref()).await });

    tokio::time::sleep(Duration::from_secs(600)).await;
    assert_eq!(app.count(), 0, "never while a customer is mid-flow");
    kiosk.kiosk.finish_verification().await;
    let done = Instant::now();
    restart.await.unwrap();
    assert_eq!(app.count(), 1);
    assert!(
        done.elapsed() <= IDLE_POLL,
        "within one poll of the customer leaving"
    );

    // A change staff made restarts at once, and only when it needs to.
    lifecycle::restart_if(false, app.as_ref());
    assert_eq!(app.count(), 1);
    lifecycle::restart_if(true, app.as_ref());
    assert_eq!(app.count(), 2);
}

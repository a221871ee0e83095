//! The runner ([`Verifier`]) and its background tasks on paused Tokio time, over the in-memory
//! source: poll schedules, backoff and "nothing more happens" are checked by advancing the
//! clock, never by waiting on it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::fake_source::{Failure, FakeSource};
use kiosk_core::engine::tasks::{self, Context, FollowEnd};
use kiosk_core::engine::{CreateRequest, FinishOutcome, SessionSource as _, Verifier};
use kiosk_core::settings::Settings;
use kiosk_core::{CustomerState, Journal};
use stripe_identity::models::SessionStatus;
use tokio::time::{advance, Instant};

fn verifier(fake: &FakeSource, settings: Settings) -> (Verifier, Arc<Journal>) {
    let journal = Arc::new(Journal::open_in_memory().unwrap());
    let v = Verifier::new(fake.clone(), settings).with_journal(journal.clone());
    (v, journal)
}

/// Lets the clock run on by `d` (auto-advancing through every timer due meanwhile).
async fn pass(d: Duration) {
    tokio::time::sleep(d).await;
}

/// The waits between consecutive calls, in milliseconds.
fn gaps(times: &[Instant]) -> Vec<u128> {
    times
        .windows(2)
        .map(|w| (w[1] - w[0]).as_millis())
        .collect()
}

#[tokio::test(start_paused = true)]
async fn polls_closer_than_the_schedule_are_answered_from_the_last_result() {
    let fake = FakeSource::new();
    let (v, _) = verifier(&fake, Settings::default());
    v.start(None).await.unwrap();
    assert_eq!(
        v.status().await.unwrap().state,
        CustomerState::AwaitingCustomer
    );
    for _ in 0..10 {
        v.status().await.unwrap();
    }
    assert_eq!(
        fake.calls("retrieve"),
        1,
        "the first poll asks, the rest are answered from it"
    );
    advance(Duration::from_millis(499)).await;
    v.status().await.unwrap();
    assert_eq!(fake.calls("retrieve"), 1);
    advance(Duration::from_millis(1)).await;
    v.status().await.unwrap();
    assert_eq!(fake.calls("retrieve"), 2, "0.5 s later it asks again");
}

#[tokio::test(start_paused = true)]
async fn polling_is_throttled_to_one_call_at_a_time() {
    let fake = FakeSource::new();
    let (v, _) = verifier(&fake, Settings::default());
    let v = Arc::new(v);
    v.start(None).await.unwrap();
    // Each call takes a second: 20 polls at once still make one.
    fake.set_latency(Duration::from_secs(1));
    let before = fake.calls("retrieve");
    let polls: Vec<_> = (0..20)
        .map(|_| {
            let v = v.clone();
            tokio::spawn(async move { v.status().await.unwrap() })
        })
        .collect();
    for p in polls {
        assert_eq!(p.await.unwrap().state, CustomerState::AwaitingCustomer);
    }
    let after = fake.calls("retrieve");
    assert!(
        after - before <= 1,
        "20 concurrent polls made {} calls",
        after - before
    );
}

#[tokio::test(start_paused = true)]
async fn processing_is_asked_about_less_and_less_often() {
    let fake = FakeSource::new();
    let (v, journal) = verifier(&fake, Settings::default());
    v.start(None).await.unwrap();
    let id = fake.ids()[0].clone();
    fake.set(&id, SessionStatus::Processing, None, true);
    // The page polls every 100 ms for 15 s.
    for _ in 0..150 {
        v.status().await.unwrap();
        advance(Duration::from_millis(100)).await;
    }
    assert_eq!(v.status().await.unwrap().state, CustomerState::Processing);
    assert_eq!(gaps(&fake.times("retrieve")), [500, 1000, 2000, 4000, 4000]);
    // Recorded once, when it moved, not on every poll.
    assert_eq!(journal.get(&id).unwrap().unwrap().status, "processing");
}

#[tokio::test(start_paused = true)]
async fn an_unreachable_source_shows_unavailable_then_is_asked_again_after_two_seconds() {
    let fake = FakeSource::new();
    let (v, _) = verifier(&fake, Settings::default());
    v.start(None).await.unwrap();
    fake.fail("retrieve", 1, Failure::Unavailable);
    assert_eq!(v.status().await.unwrap().state, CustomerState::Unavailable);
    advance(Duration::from_millis(1999)).await;
    assert_eq!(
        v.status().await.unwrap().state,
        CustomerState::AwaitingCustomer
    );
    assert_eq!(fake.calls("retrieve"), 1);
    advance(Duration::from_millis(1)).await;
    v.status().await.unwrap();
    assert_eq!(fake.calls("retrieve"), 2);
    // A refusal is not "unavailable": it is the page's error.
    advance(Duration::from_secs(1)).await;
    fake.fail("retrieve", 1, Failure::Refused);
    assert_eq!(v.status().await.unwrap_err().code(), "stripe_rejected");
}

#[tokio::test(start_paused = true)]
async fn processing_past_the_limit_is_check_later_and_finish_follows_it_to_its_end() {
    let fake = FakeSource::new();
    let settings = Settings {
        processing_limit: Duration::from_secs(20),
        ..Settings::default()
    };
    let (v, journal) = verifier(&fake, settings);
    v.start(None).await.unwrap();
    let id = fake.ids()[0].clone();
    fake.set(&id, SessionStatus::Processing, None, true);
    let mut state = CustomerState::Processing;
    for _ in 0..30 {
        state = v.status().await.unwrap().state;
        if state == CustomerState::CheckLater {
            break;
        }
        advance(Duration::from_secs(1)).await;
    }
    assert_eq!(state, CustomerState::CheckLater);
    assert!(!v.in_flow().await, "check-later is settled for the kiosk");
    assert_eq!(v.finish().await, FinishOutcome::FollowingUp);
    assert_eq!(v.status().await.unwrap().state, CustomerState::None);
    // Stripe finishes a minute later; the follow-up records it.
    fake.script(
        &id,
        &[
            SessionStatus::Processing,
            SessionStatus::Processing,
            SessionStatus::Verified,
        ],
    );
    pass(Duration::from_secs(3600)).await;
    assert_eq!(journal.get(&id).unwrap().unwrap().status, "verified");
    assert!(journal.unfinished().unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_create_answered_with_an_error_is_never_replayed() {
    let fake = FakeSource::new();
    let (v, journal) = verifier(&fake, Settings::default());
    fake.fail("create", 1, Failure::Unavailable);
    assert_eq!(v.start(None).await.unwrap_err().code(), "unavailable");
    assert!(!v.in_flow().await);
    assert_eq!(v.finish().await, FinishOutcome::Nothing);
    // An error answer means nothing was created: finishing replays nothing, ever.
    pass(Duration::from_secs(24 * 3600)).await;
    assert_eq!(
        fake.calls("create"),
        1,
        "no session made just to settle a 503"
    );
    assert!(fake.ids().is_empty());
    assert!(
        journal.pending_attempts().unwrap().is_empty(),
        "its note is cleared"
    );
}

#[tokio::test(start_paused = true)]
async fn a_lost_create_is_replayed_with_backoff_until_answered_and_its_session_canceled() {
    let fake = FakeSource::new();
    fake.lose_answers();
    let (v, journal) = verifier(&fake, Settings::default());
    fake.fail("create", 1, Failure::NoAnswer);
    assert_eq!(v.start(None).await.unwrap_err().code(), "unavailable");
    assert!(
        v.in_flow().await,
        "whether a session was made is not known yet"
    );
    assert_eq!(
        journal.pending_attempts().unwrap().len(),
        1,
        "its note stays"
    );
    // The customer leaves; Stripe keeps failing for a while.
    fake.fail("create", 3, Failure::Unavailable);
    assert_eq!(v.finish().await, FinishOutcome::Nothing);
    pass(Duration::from_secs(3600)).await;
    let creates = fake.times("create");
    assert_eq!(
        creates.len(),
        5,
        "the lost create, three failed replays, the answered one"
    );
    assert_eq!(gaps(&creates[1..]), [2000, 4000, 8000]);
    let ids = fake.ids();
    assert_eq!(
        ids.len(),
        1,
        "the same attempt never makes a second session"
    );
    assert_eq!(fake.status_of(&ids[0]), SessionStatus::Canceled);
    assert_eq!(journal.get(&ids[0]).unwrap().unwrap().status, "canceled");
    assert!(journal.pending_attempts().unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn the_source_is_not_switched_while_a_customer_is_mid_flow() {
    let fake = FakeSource::new();
    let (v, _) = verifier(&fake, Settings::default());
    v.start(None).await.unwrap();
    let other = FakeSource::new();
    assert_eq!(
        v.set_source(other.clone()).await.unwrap_err().code(),
        "busy"
    );
    assert_eq!(v.finish().await, FinishOutcome::Canceled);
    v.set_source(other.clone()).await.unwrap();
    v.start(None).await.unwrap();
    assert_eq!((fake.ids().len(), other.ids().len()), (1, 1));
}

#[tokio::test(start_paused = true)]
async fn a_follow_up_backs_off_to_ten_minutes_and_gives_up_after_200_tries() {
    let fake = FakeSource::new();
    let (v, _) = verifier(&fake, Settings::default());
    v.start(None).await.unwrap();
    let id = fake.ids()[0].clone();
    fake.set(&id, SessionStatus::Processing, None, true);
    let ctx = Context {
        source: Arc::new(fake.clone()),
        journal: None,
    };
    let before = fake.calls("retrieve");
    let end = tasks::follow_up(ctx, id).await;
    assert_eq!(end, FollowEnd::GaveUp);
    let times = fake.times("retrieve");
    assert_eq!(times.len() - before, 200);
    let g = gaps(&times[before..]);
    assert_eq!(
        g[..9],
        [2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 512000]
    );
    assert!(
        g[9..].iter().all(|&ms| ms == 600_000),
        "capped at ten minutes"
    );
}

#[tokio::test(start_paused = true)]
async fn a_follow_up_cancels_a_waiting_session_and_stops_on_a_refusal() {
    let fake = FakeSource::new();
    let (v, journal) = verifier(&fake, Settings::default());
    v.start(None).await.unwrap();
    let id = fake.ids()[0].clone();
    let ctx = Context {
        source: Arc::new(fake.clone()),
        journal: Some(journal.clone()),
    };
    // The cancel fails once: asked again 2 s later.
    fake.fail("cancel", 1, Failure::Unavailable);
    let t0 = Instant::now();
    assert_eq!(
        tasks::follow_up(ctx.clone(), id.clone()).await,
        FollowEnd::Settled("canceled".into())
    );
    assert_eq!(t0.elapsed(), Duration::from_secs(2));
    assert_eq!(journal.get(&id).unwrap().unwrap().status, "canceled");
    assert_eq!(
        tasks::follow_up(ctx, "vs_unknown".into()).await,
        FollowEnd::Refused
    );
}

#[tokio::test(start_paused = true)]
async fn lost_creates_are_found_by_their_attempt_listing_again_every_30_seconds() {
    let fake = FakeSource::new();
    let journal = Arc::new(Journal::open_in_memory().unwrap());
    // An earlier run noted a create and sent it; the app died before the answer came.
    journal
        .record_attempt("a-crash", kiosk_core::unix_time::now())
        .unwrap();
    let request = |attempt: &str, reference: Option<&str>| {
        CreateRequest::new(
            &Settings::default(),
            reference.map(str::to_owned),
            attempt.to_owned(),
        )
    };
    let made = fake
        .create(&request("a-crash", Some("BK-7")))
        .await
        .unwrap()
        .observation
        .id;
    let other = fake
        .create(&request("another-kiosk", None))
        .await
        .unwrap()
        .observation
        .id;
    fake.fail("find", 2, Failure::Unavailable);
    let ctx = Context {
        source: Arc::new(fake.clone()),
        journal: Some(journal.clone()),
    };
    let noted = journal.pending_attempts().unwrap();
    tasks::recover_lost_creates(ctx, noted, "front-desk".into()).await;
    assert_eq!(gaps(&fake.times("find")), [30_000, 30_000]);
    let entry = journal.get(&made).unwrap().expect("found and recorded");
    assert_eq!(entry.reference.as_deref(), Some("BK-7"));
    assert!(
        journal.pending_attempts().unwrap().is_empty(),
        "its note is cleared"
    );
    pass(Duration::from_secs(60)).await;
    assert_eq!(journal.get(&made).unwrap().unwrap().status, "canceled");
    assert_eq!(
        fake.status_of(&other),
        SessionStatus::RequiresInput,
        "not this kiosk's: left alone"
    );
    assert!(journal.get(&other).unwrap().is_none());
}

//! The customer's state machine, as tables: polling the session's status on its schedule, an
//! unreachable source, and asking for the verified name. Events (at given times) in, commands
//! and the customer's status out; no runtime, no network, no clock but the times in the rows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::machine_rows::{check, fetch, obs, open, with, Row, ID, RULES};
use kiosk_core::engine::events::{Command, Event, Observation, Rules};
use kiosk_core::engine::machine::Machine;
use kiosk_core::engine::CustomerState as S;
use tokio::time::Instant;

#[test]
fn polls_follow_the_schedule_and_record_only_moves() {
    let processing = |ms| (ms, Event::Fetched(obs("processing", None, Some("vr_1"))));
    check(
        vec![
            Row {
                what: "no session: nothing to ask",
                given: vec![],
                at: 0,
                when: Event::Poll,
                then: vec![],
                state: S::None,
                left: 3,
                in_flow: false,
            },
            Row {
                what: "the first poll asks",
                given: open(),
                at: 0,
                when: Event::Poll,
                then: vec![fetch()],
                state: S::AwaitingCustomer,
                left: 3,
                in_flow: true,
            },
            Row {
                what: "too soon after an answer: from the last result",
                given: with(
                    open(),
                    vec![(0, Event::Fetched(obs("requires_input", None, None)))],
                ),
                at: 499,
                when: Event::Poll,
                then: vec![],
                state: S::AwaitingCustomer,
                left: 3,
                in_flow: true,
            },
            Row {
                what: "0.5 s later it asks again",
                given: with(
                    open(),
                    vec![(0, Event::Fetched(obs("requires_input", None, None)))],
                ),
                at: 500,
                when: Event::Poll,
                then: vec![fetch()],
                state: S::AwaitingCustomer,
                left: 3,
                in_flow: true,
            },
            Row {
                what: "a submission: processing, recorded, one attempt used",
                given: open(),
                at: 1000,
                when: Event::Fetched(obs("processing", None, Some("vr_1"))),
                then: vec![Command::Record(obs("processing", None, Some("vr_1")))],
                state: S::Processing,
                left: 2,
                in_flow: true,
            },
            Row {
                what: "still processing: not recorded again",
                given: with(open(), vec![processing(1000)]),
                at: 1500,
                when: Event::Fetched(obs("processing", None, Some("vr_1"))),
                then: vec![],
                state: S::Processing,
                left: 2,
                in_flow: true,
            },
            Row {
                what: "processing backs off: 1 s after the second answer",
                given: with(open(), vec![processing(1000), processing(1500)]),
                at: 2499,
                when: Event::Poll,
                then: vec![],
                state: S::Processing,
                left: 2,
                in_flow: true,
            },
            Row {
                what: "processing backs off: asks at 1 s",
                given: with(open(), vec![processing(1000), processing(1500)]),
                at: 2500,
                when: Event::Poll,
                then: vec![fetch()],
                state: S::Processing,
                left: 2,
                in_flow: true,
            },
            Row {
                what: "past the limit: check later, settled",
                given: with(open(), vec![processing(1000)]),
                at: 61_000,
                when: Event::Fetched(obs("processing", None, Some("vr_1"))),
                then: vec![Command::Record(obs("processing", None, Some("vr_1")))],
                state: S::CheckLater,
                left: 2,
                in_flow: false,
            },
            Row {
                what: "a settled session is not asked about",
                given: with(open(), vec![processing(1000), processing(61_000)]),
                at: 70_000,
                when: Event::Poll,
                then: vec![],
                state: S::CheckLater,
                left: 2,
                in_flow: false,
            },
            Row {
                what: "a status Stripe adds later counts as processing",
                given: open(),
                at: 1000,
                when: Event::Fetched(obs("needs_review", None, Some("vr_1"))),
                then: vec![Command::Record(obs("needs_review", None, Some("vr_1")))],
                state: S::Processing,
                left: 2,
                in_flow: true,
            },
            Row {
                what: "a failed submission: requires input with its reason",
                given: with(open(), vec![processing(1000)]),
                at: 2000,
                when: Event::Fetched(obs(
                    "requires_input",
                    Some("document_expired"),
                    Some("vr_1"),
                )),
                then: vec![Command::Record(obs(
                    "requires_input",
                    Some("document_expired"),
                    Some("vr_1"),
                ))],
                state: S::RequiresInput,
                left: 2,
                in_flow: true,
            },
            Row {
                what: "declined consent: requires input, no attempt used",
                given: open(),
                at: 1000,
                when: Event::Fetched(obs("requires_input", Some("consent_declined"), None)),
                then: vec![Command::Record(obs(
                    "requires_input",
                    Some("consent_declined"),
                    None,
                ))],
                state: S::RequiresInput,
                left: 3,
                in_flow: true,
            },
            Row {
                what: "verified: recorded and settled",
                given: with(open(), vec![processing(1000)]),
                at: 2000,
                when: Event::Fetched(obs("verified", None, Some("vr_1"))),
                then: vec![Command::Record(obs("verified", None, Some("vr_1")))],
                state: S::Verified,
                left: 2,
                in_flow: false,
            },
            Row {
                what: "an answer about another session is ignored",
                given: open(),
                at: 1000,
                when: Event::Fetched(Observation {
                    id: "vs_other".into(),
                    ..obs("verified", None, None)
                }),
                then: vec![],
                state: S::AwaitingCustomer,
                left: 3,
                in_flow: true,
            },
        ],
        RULES,
    );
}

#[test]
fn an_unreachable_source_shows_once_then_waits_two_seconds() {
    let failed = with(open(), vec![(0, Event::Poll), (0, Event::FetchFailed)]);
    check(
        vec![
            Row {
                what: "the failed poll says unavailable",
                given: with(open(), vec![(0, Event::Poll)]),
                at: 0,
                when: Event::FetchFailed,
                then: vec![],
                state: S::Unavailable,
                left: 3,
                in_flow: true,
            },
            Row {
                what: "within 2 s: the last known state, no call",
                given: failed.clone(),
                at: 1999,
                when: Event::Poll,
                then: vec![],
                state: S::AwaitingCustomer,
                left: 3,
                in_flow: true,
            },
            Row {
                what: "after 2 s it asks again",
                given: failed,
                at: 2000,
                when: Event::Poll,
                then: vec![fetch()],
                state: S::AwaitingCustomer,
                left: 3,
                in_flow: true,
            },
        ],
        RULES,
    );
}

#[test]
fn the_verified_name_is_asked_for_once_only_when_shown() {
    let rules = Rules {
        show_verified_name: true,
        ..RULES
    };
    let verified = Event::Fetched(obs("verified", None, Some("vr_1")));
    check(
        vec![
            Row {
                what: "verified: the name is fetched",
                given: open(),
                at: 1000,
                when: verified.clone(),
                then: vec![
                    Command::Record(obs("verified", None, Some("vr_1"))),
                    Command::FetchVerifiedName(ID.into()),
                ],
                state: S::Verified,
                left: 2,
                in_flow: false,
            },
            Row {
                what: "and never again",
                given: with(open(), vec![(1000, verified)]),
                at: 5000,
                when: Event::Poll,
                then: vec![],
                state: S::Verified,
                left: 2,
                in_flow: false,
            },
        ],
        rules,
    );
    let t0 = Instant::now();
    let mut m = Machine::new();
    for (_, e) in open() {
        m.handle(t0, &rules, e);
    }
    m.handle(
        t0,
        &rules,
        Event::Fetched(obs("verified", None, Some("vr_1"))),
    );
    m.handle(t0, &rules, Event::VerifiedName(Some("Jenny R.".into())));
    assert_eq!(m.view(&rules).verified_name.as_deref(), Some("Jenny R."));
}

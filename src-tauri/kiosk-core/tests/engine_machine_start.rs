//! The customer's state machine, as tables: starting a session (noted, then created, never
//! twice) and a create whose answer was lost. Events (at given times) in, commands and the
//! customer's status out; no runtime, no network, no clock but the times in the rows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::machine_rows::{check, obs, open, request, tap, with, Row, ID, RULES};
use kiosk_core::engine::events::{Command, Event, FinishOutcome, Refusal};
use kiosk_core::engine::CustomerState as S;

#[test]
fn starting_notes_then_creates_and_never_twice() {
    check(
        vec![
            Row {
                what: "a tap notes the attempt first",
                given: vec![],
                at: 0,
                when: tap("a1"),
                then: vec![Command::NoteAttempt("a1".into())],
                state: S::None,
                left: 3,
                in_flow: true,
            },
            Row {
                what: "noted: the create leaves",
                given: vec![(0, tap("a1"))],
                at: 0,
                when: Event::Noted,
                then: vec![Command::Create(request("a1", None))],
                state: S::None,
                left: 3,
                in_flow: true,
            },
            Row {
                what: "no note, no request",
                given: vec![(0, tap("a1"))],
                at: 0,
                when: Event::NoteFailed,
                then: vec![],
                state: S::None,
                left: 3,
                in_flow: false,
            },
            Row {
                what: "created: its note is cleared",
                given: vec![(0, tap("a1")), (0, Event::Noted)],
                at: 0,
                when: Event::Created(obs("requires_input", None, None)),
                then: vec![Command::ClearAttempt("a1".into())],
                state: S::AwaitingCustomer,
                left: 3,
                in_flow: true,
            },
            Row {
                what: "a second tap never creates a second session",
                given: open(),
                at: 10,
                when: tap("a2"),
                then: vec![Command::Refuse(Refusal::Busy)],
                state: S::AwaitingCustomer,
                left: 3,
                in_flow: true,
            },
            Row {
                what: "an error answer made nothing",
                given: vec![(0, tap("a1")), (0, Event::Noted)],
                at: 0,
                when: Event::CreateFailed { answered: true },
                then: vec![Command::ClearAttempt("a1".into())],
                state: S::None,
                left: 3,
                in_flow: false,
            },
            Row {
                what: "no answer: the create stays pending",
                given: vec![(0, tap("a1")), (0, Event::Noted)],
                at: 0,
                when: Event::CreateFailed { answered: false },
                then: vec![],
                state: S::None,
                left: 3,
                in_flow: true,
            },
            Row {
                what: "made but not recorded: followed up (canceled), never used",
                given: vec![(0, tap("a1")), (0, Event::Noted)],
                at: 0,
                when: Event::CreatedUnrecorded(ID.into()),
                then: vec![Command::FollowUp(ID.into())],
                state: S::None,
                left: 3,
                in_flow: false,
            },
        ],
        RULES,
    );
}

#[test]
fn a_lost_create_is_retried_for_its_customer_and_settled_for_another() {
    let lost = |reference: Option<&str>| {
        vec![
            (0, Event::Tap(request("a1", reference))),
            (0, Event::Noted),
            (0, Event::CreateFailed { answered: false }),
        ]
    };
    check(
        vec![
            Row {
                what: "same reference: the same attempt again",
                given: lost(Some("BK-1")),
                at: 5,
                when: Event::Tap(request("a2", Some("BK-1"))),
                then: vec![Command::NoteAttempt("a1".into())],
                state: S::None,
                left: 3,
                in_flow: true,
            },
            Row {
                what: "the retry sends the original request",
                given: with(
                    lost(Some("BK-1")),
                    vec![(5, Event::Tap(request("a2", Some("BK-1"))))],
                ),
                at: 5,
                when: Event::Noted,
                then: vec![Command::Create(request("a1", Some("BK-1")))],
                state: S::None,
                left: 3,
                in_flow: true,
            },
            Row {
                what: "another reference: the lost one is replayed in the background",
                given: lost(Some("BK-1")),
                at: 5,
                when: Event::Tap(request("a2", Some("BK-2"))),
                then: vec![
                    Command::ReplayLostCreate(request("a1", Some("BK-1"))),
                    Command::NoteAttempt("a2".into()),
                ],
                state: S::None,
                left: 3,
                in_flow: true,
            },
            Row {
                what: "a retried create whose note fails stays pending (its first note holds)",
                given: with(lost(None), vec![(5, tap("a2"))]),
                at: 5,
                when: Event::NoteFailed,
                then: vec![],
                state: S::None,
                left: 3,
                in_flow: true,
            },
            Row {
                what: "finishing replays a pending create",
                given: lost(None),
                at: 5,
                when: Event::Finish,
                then: vec![
                    Command::ReplayLostCreate(request("a1", None)),
                    Command::Finished(FinishOutcome::Nothing),
                ],
                state: S::None,
                left: 3,
                in_flow: false,
            },
        ],
        RULES,
    );
}

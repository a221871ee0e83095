//! The customer's state machine, as tables: another attempt on the same session within the
//! limit, and finishing the customer's turn whatever is open. Events (at given times) in,
//! commands and the customer's status out; no runtime, no network, no clock but the times in
//! the rows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::machine_rows::{check, obs, open, tap, with, Row, ID, RULES};
use kiosk_core::engine::events::{Command, Event, FinishOutcome, Purpose, Refusal};
use kiosk_core::engine::CustomerState as S;

#[test]
fn another_attempt_uses_the_same_session_within_the_limit() {
    let failed_once = with(
        open(),
        vec![(
            1000,
            Event::Fetched(obs(
                "requires_input",
                Some("document_unverified_other"),
                Some("vr_1"),
            )),
        )],
    );
    let reopened = with(
        failed_once.clone(),
        vec![
            (2000, Event::Reopen),
            (
                2000,
                Event::Reopened(obs(
                    "requires_input",
                    Some("document_unverified_other"),
                    Some("vr_1"),
                )),
            ),
        ],
    );
    let used_up = with(
        open(),
        vec![(
            1000,
            Event::Fetched(obs(
                "requires_input",
                Some("selfie_face_mismatch"),
                Some("vr_3"),
            )),
        )],
    );
    let used_up_given = {
        let mut g = open();
        for (i, r) in ["vr_1", "vr_2", "vr_3"].iter().enumerate() {
            g.push((
                1000 * (i as u64 + 1),
                Event::Fetched(obs("processing", None, Some(r))),
            ));
        }
        g.extend(used_up.into_iter().skip(3));
        g
    };
    check(
        vec![
            Row {
                what: "no session: nothing to reopen",
                given: vec![],
                at: 0,
                when: Event::Reopen,
                then: vec![Command::Refuse(Refusal::NoSession)],
                state: S::None,
                left: 3,
                in_flow: false,
            },
            Row {
                what: "reopen asks for the session",
                given: failed_once.clone(),
                at: 2000,
                when: Event::Reopen,
                then: vec![Command::Fetch {
                    id: ID.into(),
                    purpose: Purpose::Reopen,
                }],
                state: S::RequiresInput,
                left: 2,
                in_flow: true,
            },
            Row {
                what: "reopened: recorded, awaiting the customer again",
                given: with(failed_once.clone(), vec![(2000, Event::Reopen)]),
                at: 2000,
                when: Event::Reopened(obs(
                    "requires_input",
                    Some("document_unverified_other"),
                    Some("vr_1"),
                )),
                then: vec![Command::Record(obs(
                    "requires_input",
                    Some("document_unverified_other"),
                    Some("vr_1"),
                ))],
                state: S::AwaitingCustomer,
                left: 2,
                in_flow: true,
            },
            Row {
                what: "the acknowledged failure is not a new one",
                given: reopened.clone(),
                at: 3000,
                when: Event::Fetched(obs(
                    "requires_input",
                    Some("document_unverified_other"),
                    Some("vr_1"),
                )),
                then: vec![],
                state: S::AwaitingCustomer,
                left: 2,
                in_flow: true,
            },
            Row {
                what: "a new failure after the retry is",
                given: reopened,
                at: 3000,
                when: Event::Fetched(obs(
                    "requires_input",
                    Some("document_expired"),
                    Some("vr_2"),
                )),
                then: vec![Command::Record(obs(
                    "requires_input",
                    Some("document_expired"),
                    Some("vr_2"),
                ))],
                state: S::RequiresInput,
                left: 1,
                in_flow: true,
            },
            Row {
                what: "not while processing",
                given: with(open(), vec![(1000, Event::Reopen)]),
                at: 1000,
                when: Event::Reopened(obs("processing", None, Some("vr_1"))),
                then: vec![
                    Command::Record(obs("processing", None, Some("vr_1"))),
                    Command::Refuse(Refusal::NotRetryable {
                        status: "processing".into(),
                    }),
                ],
                state: S::Processing,
                left: 2,
                in_flow: true,
            },
            Row {
                what: "not past the attempt limit",
                given: with(used_up_given, vec![(5000, Event::Reopen)]),
                at: 5000,
                when: Event::Reopened(obs(
                    "requires_input",
                    Some("selfie_face_mismatch"),
                    Some("vr_3"),
                )),
                then: vec![
                    Command::Record(obs(
                        "requires_input",
                        Some("selfie_face_mismatch"),
                        Some("vr_3"),
                    )),
                    Command::Refuse(Refusal::AttemptsExhausted),
                ],
                state: S::RequiresInput,
                left: 0,
                in_flow: true,
            },
        ],
        RULES,
    );
}

#[test]
fn finishing_settles_whatever_is_open() {
    let processing = with(
        open(),
        vec![(1000, Event::Fetched(obs("processing", None, Some("vr_1"))))],
    );
    let check_later = with(
        processing.clone(),
        vec![(
            61_000,
            Event::Fetched(obs("processing", None, Some("vr_1"))),
        )],
    );
    check(
        vec![
            Row {
                what: "nothing open",
                given: vec![],
                at: 0,
                when: Event::Finish,
                then: vec![Command::Finished(FinishOutcome::Nothing)],
                state: S::None,
                left: 3,
                in_flow: false,
            },
            Row {
                what: "waiting for the customer: canceled",
                given: open(),
                at: 10,
                when: Event::Finish,
                then: vec![Command::Cancel(ID.into())],
                state: S::None,
                left: 3,
                in_flow: false,
            },
            Row {
                what: "the cancel answered",
                given: with(open(), vec![(10, Event::Finish)]),
                at: 10,
                when: Event::CancelAnswered(obs("canceled", None, None)),
                then: vec![
                    Command::Record(obs("canceled", None, None)),
                    Command::Finished(FinishOutcome::Canceled),
                ],
                state: S::None,
                left: 3,
                in_flow: false,
            },
            Row {
                what: "the cancel failed: followed up",
                given: with(open(), vec![(10, Event::Finish)]),
                at: 10,
                when: Event::CancelFailed(ID.into()),
                then: vec![
                    Command::FollowUp(ID.into()),
                    Command::Finished(FinishOutcome::FollowingUp),
                ],
                state: S::None,
                left: 3,
                in_flow: false,
            },
            Row {
                what: "processing: followed up",
                given: processing,
                at: 2000,
                when: Event::Finish,
                then: vec![
                    Command::FollowUp(ID.into()),
                    Command::Finished(FinishOutcome::FollowingUp),
                ],
                state: S::None,
                left: 3,
                in_flow: false,
            },
            Row {
                what: "verified: nothing to do",
                given: with(
                    open(),
                    vec![(1000, Event::Fetched(obs("verified", None, Some("vr_1"))))],
                ),
                at: 2000,
                when: Event::Finish,
                then: vec![Command::Finished(FinishOutcome::Nothing)],
                state: S::None,
                left: 3,
                in_flow: false,
            },
            Row {
                what: "the next customer after a check-later session: it is followed up",
                given: check_later,
                at: 62_000,
                when: tap("a2"),
                then: vec![
                    Command::FollowUp(ID.into()),
                    Command::NoteAttempt("a2".into()),
                ],
                state: S::None,
                left: 3,
                in_flow: true,
            },
        ],
        RULES,
    );
}

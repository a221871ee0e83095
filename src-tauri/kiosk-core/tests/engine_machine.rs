//! The customer's state machine, as tables: events (at given times) in, commands and the
//! customer's status out. No runtime, no network, no clock but the times in the rows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use kiosk_core::engine::events::{
    Command, Event, FinishOutcome, Observation, Purpose, Refusal, Rules,
};
use kiosk_core::engine::machine::Machine;
use kiosk_core::engine::request::DocumentRequest;
use kiosk_core::engine::{CreateRequest, CustomerState as S};
use stripe_identity::models::SessionStatus;
use tokio::time::Instant;

const RULES: Rules = Rules {
    max_attempts: 3,
    processing_limit: Duration::from_secs(60),
    show_verified_name: false,
};

const ID: &str = "vs_1";

fn request(attempt: &str, reference: Option<&str>) -> CreateRequest {
    CreateRequest {
        attempt: attempt.into(),
        reference: reference.map(str::to_owned),
        kiosk_id: "front-desk".into(),
        document: DocumentRequest {
            allowed_types: Vec::new(),
            require_id_number: false,
            require_live_capture: true,
            require_matching_selfie: false,
        },
    }
}

fn obs(status: &str, code: Option<&str>, report: Option<&str>) -> Observation {
    Observation {
        id: ID.into(),
        status: SessionStatus::from(status),
        failed: code.is_some(),
        error_code: code.map(str::to_owned),
        report: report.map(str::to_owned),
    }
}

fn tap(attempt: &str) -> Event {
    Event::Tap(request(attempt, None))
}

/// A session created and waiting for the customer (at t = 0).
fn open() -> Vec<(u64, Event)> {
    vec![
        (0, tap("a1")),
        (0, Event::Noted),
        (0, Event::Created(obs("requires_input", None, None))),
    ]
}

fn with(mut given: Vec<(u64, Event)>, more: Vec<(u64, Event)>) -> Vec<(u64, Event)> {
    given.extend(more);
    given
}

fn fetch() -> Command {
    Command::Fetch {
        id: ID.into(),
        purpose: Purpose::Poll,
    }
}

/// One row: after `given` (each at its millisecond), `when` at `at` ms gives `then`, and the
/// customer sees `state` with `left` attempts; `in_flow` is what staff are told.
struct Row {
    what: &'static str,
    given: Vec<(u64, Event)>,
    at: u64,
    when: Event,
    then: Vec<Command>,
    state: S,
    left: u32,
    in_flow: bool,
}

fn check(rows: Vec<Row>, rules: Rules) {
    for row in rows {
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let mut m = Machine::new();
        for (ms, e) in row.given {
            m.handle(at(ms), &rules, e);
        }
        let got = m.handle(at(row.at), &rules, row.when);
        assert_eq!(got, row.then, "{}: commands", row.what);
        let view = m.view(&rules);
        assert_eq!(view.state, row.state, "{}: state", row.what);
        assert_eq!(view.attempts_left, row.left, "{}: attempts left", row.what);
        assert_eq!(m.in_flow(), row.in_flow, "{}: in flow", row.what);
    }
}

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

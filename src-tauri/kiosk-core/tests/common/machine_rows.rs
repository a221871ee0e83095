//! The state machine's table tests' vocabulary: the rules, a create request, observations
//! and events of one session (`vs_1`), and [`Row`], one row of a table, with [`check`] to run
//! a table on a fresh machine each row. Shared by the `engine_machine_*` test files.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use kiosk_core::engine::events::{Command, Event, Observation, Purpose, Rules};
use kiosk_core::engine::machine::Machine;
use kiosk_core::engine::request::DocumentRequest;
use kiosk_core::engine::{CreateRequest, CustomerState as S};
use stripe_identity::models::SessionStatus;
use tokio::time::Instant;

pub const RULES: Rules = Rules {
    max_attempts: 3,
    processing_limit: Duration::from_secs(60),
    show_verified_name: false,
};

pub const ID: &str = "vs_1";

pub fn request(attempt: &str, reference: Option<&str>) -> CreateRequest {
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

pub fn obs(status: &str, code: Option<&str>, report: Option<&str>) -> Observation {
    Observation {
        id: ID.into(),
        status: SessionStatus::from(status),
        failed: code.is_some(),
        error_code: code.map(str::to_owned),
        report: report.map(str::to_owned),
    }
}

pub fn tap(attempt: &str) -> Event {
    Event::Tap(request(attempt, None))
}

/// A session created and waiting for the customer (at t = 0).
pub fn open() -> Vec<(u64, Event)> {
    vec![
        (0, tap("a1")),
        (0, Event::Noted),
        (0, Event::Created(obs("requires_input", None, None))),
    ]
}

pub fn with(mut given: Vec<(u64, Event)>, more: Vec<(u64, Event)>) -> Vec<(u64, Event)> {
    given.extend(more);
    given
}

pub fn fetch() -> Command {
    Command::Fetch {
        id: ID.into(),
        purpose: Purpose::Poll,
    }
}

/// One row: after `given` (each at its millisecond), `when` at `at` ms gives `then`, and the
/// customer sees `state` with `left` attempts; `in_flow` is what staff are told.
pub struct Row {
    pub what: &'static str,
    pub given: Vec<(u64, Event)>,
    pub at: u64,
    pub when: Event,
    pub then: Vec<Command>,
    pub state: S,
    pub left: u32,
    pub in_flow: bool,
}

pub fn check(rows: Vec<Row>, rules: Rules) {
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

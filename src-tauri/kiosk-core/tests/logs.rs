//! What the kiosk's logs say about a verification, captured at TRACE (the HTTP stack and the
//! in-process sandbox included) through the redacting writer: every line about a session is in
//! its `verification{session=…}` span, and no client secret or key is written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{self, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use identity_sandbox::testing::{self, Control};
use identity_sandbox::SandboxConfig;
use kiosk_core::engine::{FinishOutcome, StripeSource};
use kiosk_core::logs::Redacting;
use kiosk_core::settings::Settings;
use kiosk_core::{CustomerState, Verifier};
use stripe_identity::{Client, ClientConfig, SecretKey};

const KEY: &str = "sk_test_kioskcorelogs0123456789";

/// The captured log, shared with the formatter's writers.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

async fn wait_for(v: &Verifier, state: CustomerState) {
    testing::eventually(&format!("{state:?}"), || async {
        (v.status().await.unwrap().state == state).then_some(())
    })
    .await;
}

/// The `session=` of a `verification{session=…}` span in `line`, if any.
fn span_session(line: &str) -> Option<&str> {
    let rest = &line[line.find("verification{session=")? + "verification{session=".len()..];
    Some(&rest[..rest.find('}')?])
}

#[tokio::test]
async fn each_sessions_lines_are_in_its_span_and_hold_no_secret() {
    // Current-thread runtime: the subscriber set for this thread sees every task, the
    // sandbox's and the background follow-ups included.
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(Redacting::new(move || sink.clone()))
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let _default = tracing::subscriber::set_default(subscriber);

    let config = SandboxConfig {
        async_delay: Duration::from_millis(300),
        ..SandboxConfig::from_env()
    };
    let sandbox = testing::start(config).await;
    let control = Control::of(&sandbox);
    let base = sandbox.base_url();
    let client = Client::new(
        SecretKey::parse(KEY).unwrap(),
        ClientConfig {
            api_base: base.clone(),
            ..ClientConfig::default()
        },
    )
    .unwrap();
    let v = Verifier::new(StripeSource::new(client), Settings::default());

    // A failed attempt, a retry on the same session, then the customer walks away.
    let first = v.start(None).await.unwrap();
    control.submit(first.expose(), "unverified").await;
    wait_for(&v, CustomerState::RequiresInput).await;
    let second = v.retry().await.unwrap();
    assert_eq!(v.finish().await, FinishOutcome::Canceled);
    // Another customer, still processing when the turn ends: followed up in the background.
    let third = v.start(None).await.unwrap();
    control.submit(third.expose(), "verified_async").await;
    wait_for(&v, CustomerState::Processing).await;
    assert_eq!(v.finish().await, FinishOutcome::FollowingUp);
    testing::eventually("the follow-up to settle", || async {
        captured
            .text()
            .contains("followed-up session settled")
            .then_some(())
    })
    .await;

    let text = captured.text();
    for secret in [&first, &second, &third] {
        assert!(
            !text.contains(secret.expose()),
            "a client secret leaked:\n{text}"
        );
    }
    assert!(!text.contains(&KEY[8..]), "the key leaked:\n{text}");

    let mut sessions = Vec::new();
    for message in [
        "verification session created",
        "verification moved",
        "customer starts another attempt",
        "unfinished verification canceled",
        "followed-up session settled",
    ] {
        let line = text
            .lines()
            .find(|l| l.contains("kiosk_core::engine::") && l.contains(message))
            .unwrap_or_else(|| panic!("no {message:?} line in:\n{text}"));
        let in_span = span_session(line).unwrap_or_else(|| panic!("not in a span: {line}"));
        assert!(in_span.starts_with("vs_"), "{line}");
        assert!(line.contains(&format!(" session={in_span}")), "{line}");
        sessions.push(in_span.to_owned());
    }
    // The follow-up's span is its own, not nested in the `finish` that started it.
    assert!(
        !text.contains("}:verification{"),
        "nested verification spans:\n{text}"
    );
    // Two customers, two sessions: the first four lines are about the first one.
    assert!(
        sessions[..4].iter().all(|s| *s == sessions[0]),
        "{sessions:?}"
    );
    assert_ne!(sessions[4], sessions[0]);
}

//! The whole kiosk without a window, at start: the key it finds in the keyring (usable, stale
//! or locked away), and the sessions and creates a crash left behind, settled at the next
//! start; against a standalone-style sandbox over real HTTP, a mock keyring and real files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use common::kiosk_env::{Env, KEY, PK};
use identity_sandbox::testing::{self, Control};
use kiosk_core::{Keyring, KeystoreError, KioskMode, SecretStore};
use serde_json::Value;

#[tokio::test]
async fn a_key_in_the_keyring_is_used_at_start_and_a_stale_one_is_reported() {
    let env = Env::start("restart").await;
    env.store.set("stripe-secret-key", KEY).unwrap();
    env.store.set("stripe-publishable-key", PK).unwrap();
    let kiosk = env.kiosk().await;
    assert_eq!(kiosk.backend().mode(), KioskMode::Test);
    assert_eq!(kiosk.backend().publishable_key(), Some(PK));

    // A key that no longer parses: sandbox mode, and the panel says why.
    env.store.set("stripe-secret-key", "garbage").unwrap();
    let kiosk = env.kiosk().await;
    assert_eq!(kiosk.backend().mode(), KioskMode::Sandbox);
    kiosk.staff().set_first_pin("2468").unwrap();
    let overview = kiosk.overview().unwrap();
    assert!(!overview.connection.keyring.ok);
    assert!(overview
        .connection
        .keyring
        .message
        .unwrap()
        .contains("sk_test_"));
}

#[tokio::test]
async fn sessions_left_unfinished_by_a_crash_are_settled_at_the_next_start() {
    let env = Env::start("recovery").await;
    env.store.set("stripe-secret-key", KEY).unwrap();
    env.store.set("stripe-publishable-key", PK).unwrap();
    let control = Control::of(&env.sandbox);

    // A first run creates two sessions and "crashes": one still waits for its customer, the
    // other was submitted (async outcome) and is processing.
    let first = env.kiosk().await;
    let waiting = first.verifier().start(None).await.unwrap();
    let waiting_id = first.journal().unwrap().recent(1).unwrap()[0]
        .session_id
        .clone();
    drop(waiting);
    // The processing one was created by the same run moments earlier (made here through the
    // API and recorded as the verifier records, since one verifier holds one session).
    let created: Value = control.create_session(KEY, &[("type", "document")]).await;
    let processing_id = created["id"].as_str().unwrap().to_owned();
    first
        .journal()
        .unwrap()
        .record_created(&processing_id, None, "kiosk", 0)
        .unwrap();
    control
        .submit(created["client_secret"].as_str().unwrap(), "verified_async")
        .await;
    drop(first);

    // The next start resolves both in the background and records the outcomes.
    let kiosk = env.kiosk().await;
    let journal = kiosk.journal().unwrap().clone();
    let statuses = testing::eventually("both sessions to be settled", || async {
        let statuses = (
            journal.get(&waiting_id).unwrap().unwrap().status,
            journal.get(&processing_id).unwrap().unwrap().status,
        );
        (statuses.0 == "canceled" && statuses.1 == "verified").then_some(statuses)
    })
    .await;
    assert_eq!(statuses, ("canceled".into(), "verified".into()));
    assert!(journal.unfinished().unwrap().is_empty());
    // The journal and Stripe agree.
    for s in env.sessions().await {
        let entry = journal.get(s["id"].as_str().unwrap()).unwrap().unwrap();
        assert_eq!(entry.status, s["status"].as_str().unwrap());
    }
}

/// A keyring that can be locked, like a Secret Service collection after an auto-login.
#[derive(Debug)]
struct Lockable {
    inner: Arc<Keyring>,
    locked: AtomicBool,
}

impl SecretStore for Lockable {
    fn get(&self, name: &'static str) -> Result<Option<String>, KeystoreError> {
        if self.locked.load(Ordering::SeqCst) {
            return Err(KeystoreError::Locked {
                reason: "test: collection locked".into(),
                remedy: "unlock it",
            });
        }
        self.inner.get(name)
    }
    fn set(&self, name: &'static str, value: &str) -> Result<(), KeystoreError> {
        self.inner.set(name, value)
    }
    fn delete(&self, name: &'static str) -> Result<bool, KeystoreError> {
        self.inner.delete(name)
    }
}

#[tokio::test]
async fn a_locked_keyring_holding_the_key_blocks_customers_until_it_can_be_read() {
    let env = Env::start("locked").await;
    let store = Arc::new(Lockable {
        inner: env.store.clone(),
        locked: AtomicBool::new(false),
    });
    // Provisioned through the panel: the key is stored, and the kiosk notes that it was.
    let kiosk = env.kiosk_with(store.clone()).await;
    kiosk.staff().set_first_pin("2468").unwrap();
    kiosk.set_keys(KEY, Some(PK)).await.unwrap();
    drop(kiosk);

    // Next start, with the keyring locked: no sandbox for customers, and they are told so.
    store.locked.store(true, Ordering::SeqCst);
    let kiosk = env.kiosk_with(store.clone()).await;
    assert!(kiosk.awaiting_keyring());
    assert_eq!(
        kiosk.customer_mode(),
        KioskMode::Test,
        "not presented as a sandbox"
    );
    assert!(!kiosk.retry_keyring_now().await);
    let health = kiosk.check_health().await;
    assert_eq!(health.ok, Some(false));
    assert_eq!(health.cause.as_deref(), Some("keyring_locked"));
    kiosk.staff().unlock("2468").unwrap();
    let check = kiosk.check_connection().await.unwrap();
    assert_eq!((check.ok, check.code), (false, Some("keyring_locked")));

    // Unlocked: the kiosk reads the key by itself and serves customers with it.
    store.locked.store(false, Ordering::SeqCst);
    assert!(kiosk.retry_keyring_now().await);
    assert!(!kiosk.awaiting_keyring());
    assert_eq!(kiosk.backend().mode(), KioskMode::Test);
    assert!(
        !kiosk.take_restart_request(),
        "same Stripe.js origin: no restart"
    );
    assert_eq!(kiosk.check_health().await.ok, Some(true));
    let secret = kiosk.verifier().start(None).await.unwrap();
    assert!(secret.expose().contains("_secret_"));
    kiosk.verifier().finish().await;
    assert_eq!(env.sessions().await.len(), 1);

    // A kiosk never given a key still starts in sandbox mode when the keyring is locked.
    kiosk.remove_keys().await.unwrap();
    drop(kiosk);
    let kiosk = env.kiosk_with(store.clone()).await;
    assert!(!kiosk.awaiting_keyring());
    store.locked.store(true, Ordering::SeqCst);
    let kiosk2 = env.kiosk_with(store).await;
    assert!(!kiosk2.awaiting_keyring());
    assert_eq!(kiosk2.backend().mode(), KioskMode::Sandbox);
    drop(kiosk);
}

#[tokio::test]
async fn a_create_whose_answer_a_crash_lost_is_found_recorded_and_settled() {
    let env = Env::start("lost-create").await;
    env.store.set("stripe-secret-key", KEY).unwrap();
    env.store.set("stripe-publishable-key", PK).unwrap();

    // A first run noted two creates, then died before either answer was recorded: Stripe made
    // the first session (the request had left); the second request never got out.
    let first = env.kiosk().await;
    let journal = first.journal().unwrap().clone();
    let now = kiosk_core::unix_time::now();
    journal.record_attempt("kiosk-attempt-made", now).unwrap();
    journal.record_attempt("kiosk-attempt-lost", now).unwrap();
    let made: Value = Control::of(&env.sandbox)
        .create_session(
            KEY,
            &[
                ("type", "document"),
                ("metadata[kiosk_attempt]", "kiosk-attempt-made"),
                ("metadata[reference]", "BK-7"),
            ],
        )
        .await;
    // Another kiosk's session on the same account is none of this kiosk's business.
    let foreign: Value = Control::of(&env.sandbox)
        .create_session(
            KEY,
            &[("type", "document"), ("metadata[kiosk_attempt]", "other")],
        )
        .await;
    drop(first);
    let made_id = made["id"].as_str().unwrap().to_owned();
    assert!(
        journal.get(&made_id).unwrap().is_none(),
        "unknown to the journal"
    );

    // The next start finds it by its attempt, records it and cancels it (its customer is gone).
    let kiosk = env.kiosk().await;
    let journal = kiosk.journal().unwrap().clone();
    let entry = testing::eventually("the lost session to be recorded and canceled", || async {
        journal
            .get(&made_id)
            .unwrap()
            .filter(|e| e.status == "canceled" && journal.pending_attempts().unwrap().is_empty())
    })
    .await;
    assert_eq!(entry.status, "canceled");
    assert_eq!(entry.reference.as_deref(), Some("BK-7"));
    assert!(
        journal.pending_attempts().unwrap().is_empty(),
        "both notes cleared"
    );
    let sessions = env.sessions().await;
    let status = |id: &str| {
        sessions
            .iter()
            .find(|s| s["id"] == id)
            .map(|s| s["status"].as_str().unwrap().to_owned())
    };
    assert_eq!(status(&made_id).as_deref(), Some("canceled"));
    assert_eq!(
        status(foreign["id"].as_str().unwrap()).as_deref(),
        Some("requires_input"),
        "another kiosk's session is left alone"
    );
    assert!(journal
        .get(foreign["id"].as_str().unwrap())
        .unwrap()
        .is_none());

    // A normal start notes its create and clears the note once the session is recorded.
    let secret = kiosk.verifier().start(None).await.unwrap();
    drop(secret);
    assert!(journal.pending_attempts().unwrap().is_empty());
    kiosk.verifier().finish().await;
}

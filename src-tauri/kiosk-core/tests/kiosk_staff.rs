//! The whole kiosk without a window, staff's side: the staff panel's operations (PIN, keys,
//! options, sessions) and updates, against a standalone-style sandbox over real HTTP, a mock
//! keyring and real files in a temp folder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::kiosk_env::{Env, KEY, PK};
use kiosk_core::{
    AppPaths, KeySource, KioskMode, PinStore, SecretStore, StripeKeys, UnlockOutcome,
};
use serde_json::json;

#[tokio::test]
async fn staff_operations_need_the_pin_then_set_a_key_options_and_manage_sessions() {
    let env = Env::start("staff").await;
    let kiosk = env.kiosk().await;
    assert_eq!(
        kiosk.backend().mode(),
        KioskMode::Sandbox,
        "no key: sandbox mode"
    );

    // Closed panel: every staff operation is refused.
    let err = kiosk.overview().unwrap_err();
    assert_eq!(err.code(), "staff_locked");
    assert_eq!(
        kiosk.set_keys(KEY, Some(PK)).await.unwrap_err().code(),
        "staff_locked"
    );
    assert!(env.store.get("stripe-secret-key").unwrap().is_none());

    kiosk.staff().set_first_pin("2468").unwrap();
    let overview = kiosk.overview().unwrap();
    assert_eq!(overview.connection.source, KeySource::None);

    // A mismatched pair stores nothing; the right pair is checked, stored and used.
    let mismatch = kiosk
        .set_keys(KEY, Some("pk_live_kioskstaff0123456789"))
        .await
        .unwrap_err();
    assert_eq!(mismatch.code(), "key_mode_mismatch");
    assert!(env.store.get("stripe-secret-key").unwrap().is_none());
    let connection = kiosk
        .set_keys(&format!(" {KEY}\n"), Some(PK))
        .await
        .unwrap();
    assert_eq!(connection.mode, KioskMode::Test);
    assert_eq!(connection.source, KeySource::Keyring);
    assert_eq!(connection.secret_key.as_deref(), Some("sk_test_…6789"));
    assert!(
        !connection.restart_required,
        "the sandbox's origin was allowed from the start"
    );
    assert_eq!(
        env.store.get("stripe-secret-key").unwrap().as_deref(),
        Some(KEY)
    );
    assert!(!serde_json::to_string(&connection).unwrap().contains(KEY));

    // Options saved to the user file apply to the next session.
    let changes =
        json!({"verification.allowed_types": ["passport"], "verification.require_id_number": true});
    let update = kiosk
        .update_settings(changes.as_object().unwrap(), env.vars())
        .unwrap();
    assert!(!update.restart_required);
    let file = std::fs::read_to_string(env.dir.join("config/settings.toml")).unwrap();
    assert!(file.contains("require_id_number = true"), "{file}");
    let secret = kiosk.verifier().start(None).await.unwrap();
    let sessions = env.sessions().await;
    assert_eq!(sessions.len(), 1, "created with the staff's key");
    assert_eq!(
        sessions[0]["options"]["document"]["allowed_types"],
        json!(["passport"])
    );
    assert_eq!(
        sessions[0]["options"]["document"]["require_id_number"],
        json!(true)
    );
    let id = sessions[0]["id"].as_str().unwrap().to_owned();

    // While a customer is mid-flow the key cannot change.
    assert_eq!(
        kiosk.set_keys(KEY, Some(PK)).await.unwrap_err().code(),
        "busy"
    );
    drop(secret);

    // Recent verifications, cancel, redact, export.
    let recent = kiosk.recent(10).unwrap();
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].session_id, id);
    let canceled = kiosk.cancel_session(&id).await.unwrap();
    assert_eq!(canceled.status, "canceled");
    // Stripe redacts only sessions that wait for input or are verified: take the next one.
    kiosk.verifier().finish().await;
    kiosk.verifier().start(None).await.unwrap();
    let second = kiosk.recent(1).unwrap().remove(0).session_id;
    assert_ne!(second, id);
    let redacted = kiosk.redact_session(&second).await.unwrap();
    assert!(redacted.redacted);
    let refused = kiosk.redact_session(&id).await.unwrap_err();
    assert_eq!(
        refused.code(),
        "stripe_rejected",
        "a canceled session cannot be redacted"
    );
    assert_eq!(
        kiosk
            .cancel_session("vs_notfromthiskiosk")
            .await
            .unwrap_err()
            .code(),
        "unknown_session"
    );
    // An export older than the logs' retention (30 days by default) is deleted by the next.
    let exports = AppPaths::from_vars(env.vars()).exports();
    std::fs::create_dir_all(&exports).unwrap();
    let stale = exports.join("verifications-1000000000.csv");
    std::fs::write(&stale, "an old export").unwrap();
    let export = kiosk.export_csv().unwrap();
    assert_eq!(export.rows, 2);
    assert!(!stale.exists(), "the old export outlived the retention");
    let again = kiosk.export_csv().unwrap();
    assert_ne!(again.path, export.path, "an export never replaces another");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(std::path::Path::new(&export.path)), 0o600);
        assert_eq!(
            mode(&exports),
            0o700,
            "the folder existed with the umask's mode: closed again"
        );
    }
    let csv = std::fs::read_to_string(export.path).unwrap();
    assert!(csv.contains(&id) && csv.contains("canceled"), "{csv}");
    assert!(!csv.contains("_secret_"));

    // Removing the key returns to sandbox mode (finish the customer's turn first).
    kiosk.verifier().finish().await;
    let connection = kiosk.remove_keys().await.unwrap();
    assert_eq!(connection.mode, KioskMode::Sandbox);
    assert!(env.store.get("stripe-secret-key").unwrap().is_none());

    // Locked again: nothing goes through.
    kiosk.staff().lock();
    assert_eq!(kiosk.recent(10).unwrap_err().code(), "staff_locked");
}

#[tokio::test]
async fn updates_are_off_by_default_staff_gated_and_install_waits_for_the_customer() {
    let env = Env::start("updates").await;
    let kiosk = env.kiosk().await;
    assert_eq!(
        kiosk.update_status("0.1.0").await.unwrap_err().code(),
        "staff_locked"
    );
    assert_eq!(
        kiosk.begin_update_check().unwrap_err().code(),
        "staff_locked"
    );
    kiosk.staff().set_first_pin("2468").unwrap();
    let view = kiosk.update_status("0.1.0").await.unwrap();
    assert_eq!(view.off_reason, Some("updates_off"));
    assert_eq!(
        kiosk.begin_update_check().unwrap_err().code(),
        "updates_off"
    );
    assert_eq!(kiosk.update_endpoint().unwrap_err().code(), "updates_off");

    let changes = json!({"updates.enabled": true,
        "updates.endpoint": "https://updates.example.com/{{target}}/latest.json"});
    kiosk
        .update_settings(changes.as_object().unwrap(), env.vars())
        .unwrap();
    let endpoint = kiosk.begin_update_check().unwrap();
    assert_eq!(endpoint.host_str(), Some("updates.example.com"));
    // (The shell checks the endpoint and reports what it found.)
    kiosk.updates().finish_check(
        Ok(Some(kiosk_core::Release {
            version: "0.2.0".into(),
            notes: None,
        })),
        1,
    );

    // A customer is mid-flow: the panel says so, and installing is refused.
    let secret = kiosk.verifier().start(None).await.unwrap();
    let view = kiosk.update_status("0.1.0").await.unwrap();
    assert!(view.customer_in_flow);
    assert_eq!(view.off_reason, None);
    assert_eq!(
        kiosk.begin_update_install().await.unwrap_err().code(),
        "busy"
    );
    drop(secret);
    kiosk.verifier().finish().await;
    assert!(!kiosk.update_status("0.1.0").await.unwrap().customer_in_flow);
    let release = kiosk.begin_update_install().await.unwrap();
    assert_eq!(release.version, "0.2.0");
    assert_eq!(
        kiosk.begin_update_install().await.unwrap_err().code(),
        "update_in_progress"
    );
}

#[tokio::test]
async fn once_a_key_is_stored_only_it_sets_the_staff_pin() {
    let env = Env::start("pin-by-it").await;
    // Without a key the screen chooses the first PIN (a new kiosk being set up).
    let fresh = env.kiosk().await;
    assert!(!fresh.staff_status().unwrap().ask_it);
    fresh.set_first_pin("1357").unwrap();
    drop(fresh);

    // Keys stored, then the data folder wiped (the PIN file with it).
    StripeKeys::parse(KEY, Some(PK))
        .unwrap()
        .store(env.store.as_ref())
        .unwrap();
    let paths = AppPaths::from_vars(env.vars());
    std::fs::remove_dir_all(&paths.data_dir).unwrap();
    let kiosk = env.kiosk().await;
    assert_eq!(
        kiosk.backend().mode(),
        KioskMode::Test,
        "the keyring's key is in use"
    );
    let status = kiosk.staff_status().unwrap();
    assert!(
        !status.pin_set && !status.open && status.ask_it,
        "{status:?}"
    );
    assert_eq!(kiosk.unlock_panel("1357").unwrap(), UnlockOutcome::AskIt);
    let refused = kiosk.set_first_pin("2468").unwrap_err();
    assert_eq!(refused.code(), "pin_set_by_it");
    assert!(
        refused
            .to_string()
            .contains("identity-kiosk pin set --stdin"),
        "{refused}"
    );
    assert!(!paths.pin().exists(), "nothing was written");
    assert_eq!(kiosk.overview().unwrap_err().code(), "staff_locked");

    // Nor the sandbox setting, which runs the sandbox beside the stored key.
    std::fs::create_dir_all(env.dir.join("config")).unwrap();
    std::fs::write(
        env.dir.join("config/settings.toml"),
        "[kiosk]\nsandbox = true\n",
    )
    .unwrap();
    let demo = env.kiosk().await;
    assert_eq!(demo.backend().mode(), KioskMode::Sandbox);
    assert!(
        demo.staff_status().unwrap().ask_it,
        "sandbox mode over a stored key"
    );
    assert_eq!(
        demo.set_first_pin("2468").unwrap_err().code(),
        "pin_set_by_it"
    );
    drop(demo);
    std::fs::remove_file(env.dir.join("config/settings.toml")).unwrap();

    // A damaged PIN file is no way in either.
    std::fs::create_dir_all(&paths.data_dir).unwrap();
    std::fs::write(paths.pin(), "not a pin file").unwrap();
    let status = kiosk.staff_status().unwrap();
    assert!(!status.pin_set && status.ask_it, "{status:?}");
    assert_eq!(
        kiosk.set_first_pin("2468").unwrap_err().code(),
        "pin_set_by_it"
    );

    // IT's way back: what `identity-kiosk pin set --stdin` does.
    PinStore::new(paths.pin()).set("8642").unwrap();
    assert!(!kiosk.staff_status().unwrap().ask_it);
    assert_eq!(kiosk.unlock_panel("8642").unwrap(), UnlockOutcome::Opened);
    assert!(kiosk.overview().is_ok());
}

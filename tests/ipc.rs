//! The page's command surface through real IPC: the app's own command set-up
//! (`app::commands`) built on Tauri's mock runtime with the app's real context (its
//! `tauri.conf.json` and the capability compiled from `src-tauri/capabilities/`), a kiosk in
//! sandbox mode behind it. Every command the build script grants is called through
//! `get_ipc_response` and its payload checked; a plugin command the capability does not grant,
//! and a granted command from a remote origin, are refused by the ACL.
//!
//!     cargo test --test ipc
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use identity_kiosk::app;
use identity_kiosk::state::KioskState;
use kiosk_core::{
    AppPaths, BackendEnv, InstanceLock, KeystoreError, Kiosk, LoadedSettings, SettingsPaths,
    StartOptions,
};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewUrl, WebviewWindow, WebviewWindowBuilder};

/// The commands the build script gives an `allow-<name>` permission, read from it.
fn granted_commands() -> BTreeSet<String> {
    let script = include_str!("../src-tauri/build.rs");
    let list = script
        .split(".commands(&[")
        .nth(1)
        .and_then(|rest| rest.split("])").next())
        .expect("the build script lists the app's commands");
    list.split(',')
        .map(|c| c.trim().trim_matches('"').to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

/// The page's window and the calls made through it.
struct Page {
    webview: WebviewWindow<MockRuntime>,
    called: BTreeSet<String>,
}

impl Page {
    fn invoke_from(&mut self, origin: &str, cmd: &str, args: Value) -> Result<Value, Value> {
        self.called.insert(cmd.to_owned());
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: origin.parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_owned(),
        };
        get_ipc_response(&self.webview, request).map(|body| body.deserialize().unwrap())
    }

    /// A call from the app's own page.
    fn invoke(&mut self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.invoke_from("tauri://localhost", cmd, args)
    }

    fn ok(&mut self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    /// The call fails with the kiosk's `{code, message}` and this code.
    fn refused(&mut self, cmd: &str, args: Value, code: &str) -> Value {
        let err = self.invoke(cmd, args).expect_err(cmd);
        assert_eq!(err["code"], code, "{cmd}: {err}");
        assert!(
            err["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{cmd}: {err}"
        );
        err
    }
}

fn start_page(dir: &std::path::Path) -> Page {
    let vars = kiosk_core::paths::vars_under(dir);
    let paths = AppPaths::from_vars(&vars);
    std::fs::create_dir_all(&paths.data_dir).unwrap();
    let instance = InstanceLock::acquire(&paths.data_dir).unwrap();
    let kiosk = tauri::async_runtime::block_on(Kiosk::start(StartOptions {
        // No keys: the embedded sandbox, on Tauri's runtime (which keeps running it).
        env: BackendEnv::default(),
        settings: LoadedSettings::load(SettingsPaths::from_vars(&vars), &vars),
        paths,
        keyring: Err(KeystoreError::Unavailable {
            reason: "no keyring in this test".into(),
            remedy: "none needed",
        }),
    }))
    .unwrap();
    let app = app::commands(mock_builder(), KioskState::new(kiosk, instance, false))
        .build(app::context())
        .unwrap();
    let webview = WebviewWindowBuilder::new(&app, "main", WebviewUrl::App("index.html".into()))
        .build()
        .unwrap();
    // The app lives as long as the test process (its window is what the page talks through).
    std::mem::forget(app);
    Page {
        webview,
        called: BTreeSet::new(),
    }
}

#[test]
fn every_granted_command_answers_through_ipc_and_the_acl_refuses_the_rest() {
    // The staff panel reads the key from the OS clipboard: with no display, there is none.
    std::env::remove_var("DISPLAY");
    std::env::remove_var("WAYLAND_DISPLAY");
    let dir = tempfile::tempdir().unwrap();
    let mut page = start_page(dir.path());

    // The customer's screens.
    let info = page.ok("kiosk_info", json!({}));
    assert_eq!(info["mode"], "sandbox");
    assert_eq!(info["locked"], false);
    assert!(info["stripe_js_url"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));
    assert!(
        !info.to_string().contains("sk_test_"),
        "no secret key: {info}"
    );
    assert_eq!(page.ok("check_connection", json!({})), json!({"ok": true}));
    assert_eq!(page.ok("connection_status", json!({})), json!({"ok": true}));
    assert_eq!(
        page.ok("report_camera", json!({"camera": "ok"})),
        Value::Null
    );
    assert_eq!(page.ok("kiosk_info", json!({}))["camera"], "ok");
    assert_eq!(info["default_language"], "en");
    assert_eq!(info["languages"].as_array().unwrap().len(), 12);
    assert_eq!(
        page.ok("set_language", json!({"language": "ar"})),
        Value::Null
    );
    page.refused(
        "set_language",
        json!({"language": "tlh"}),
        "language_unknown",
    );
    assert_eq!(page.ok("verification_status", json!({}))["state"], "none");

    let started = page.ok("start_verification", json!({"reference": null}));
    let keys: Vec<_> = started.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["client_secret"],
        "the secret and nothing else of the session"
    );
    assert!(started["client_secret"]
        .as_str()
        .unwrap()
        .contains("_secret_"));
    let status = page.ok("verification_status", json!({}));
    assert_eq!(status["state"], "awaiting_customer", "{status}");
    let retried = page.ok("retry_verification", json!({}));
    assert!(retried["client_secret"]
        .as_str()
        .unwrap()
        .contains("_secret_"));
    assert_eq!(page.ok("use_hosted_flow", json!({})), Value::Null);
    assert_eq!(page.ok("finish_verification", json!({})), Value::Null);
    assert_eq!(page.ok("verification_status", json!({}))["state"], "none");

    // The staff panel: locked until the PIN opens it.
    let staff = page.ok("staff_status", json!({}));
    assert_eq!(staff["pin_set"], false, "{staff}");
    page.refused("staff_overview", json!({}), "staff_locked");
    page.refused("staff_quit", json!({}), "staff_locked");
    page.ok("staff_set_first_pin", json!({"pin": "2468"}));
    page.ok("staff_lock", json!({}));
    assert_eq!(
        page.ok("staff_unlock", json!({"pin": "2468"}))["outcome"],
        "opened"
    );
    let overview = page.ok("staff_overview", json!({}));
    assert_eq!(overview["connection"]["mode"], "sandbox", "{overview}");
    assert_eq!(
        page.ok("staff_check_connection", json!({})),
        json!({"ok": true, "code": null})
    );
    page.refused(
        "staff_set_key_from_clipboard",
        json!({"publishable_key": null}),
        "clipboard_empty",
    );
    page.refused("staff_remove_key", json!({}), "keyring_unavailable");
    let changed = page.ok(
        "staff_update_settings",
        json!({"changes": {"kiosk.business_name": "Hotel Test"}}),
    );
    assert_eq!(changed["restart_required"], false);
    assert_eq!(
        page.ok("kiosk_info", json!({}))["business_name"],
        "Hotel Test"
    );

    let journal = page.ok("staff_journal", json!({"limit": 10}));
    let entries = journal.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{journal}");
    assert_eq!(entries[0]["status"], "canceled", "finishing canceled it");
    let id = entries[0]["session_id"].as_str().unwrap().to_owned();
    page.refused(
        "staff_cancel_session",
        json!({"session_id": "vs_not_this_kiosks"}),
        "unknown_session",
    );
    // Stripe redacts only sessions waiting for the customer or verified: a canceled one is
    // refused, and the page is told so by code.
    let refused = page.refused(
        "staff_redact_session",
        json!({"session_id": id}),
        "stripe_rejected",
    );
    assert!(!refused.to_string().contains("sk_test_"), "{refused}");
    let export = page.ok("staff_export_csv", json!({}));
    assert_eq!(export["rows"], 1);
    let csv = std::fs::read_to_string(export["path"].as_str().unwrap()).unwrap();
    assert!(csv.contains(&id) && !csv.contains("_secret_"));
    let checks = page.ok("staff_diagnostics", json!({}));
    assert!(!checks.as_array().unwrap().is_empty());
    assert_eq!(
        page.ok("staff_change_pin", json!({"pin": "1357"})),
        Value::Null
    );

    let updates = page.ok("staff_update_status", json!({}));
    assert_eq!(updates["off_reason"], "updates_off", "{updates}");
    page.refused("staff_check_update", json!({}), "updates_off");
    page.refused("staff_install_update", json!({}), "updates_off");
    page.ok("staff_lock", json!({}));
    page.refused("staff_overview", json!({}), "staff_locked");
    assert_eq!(
        page.ok("staff_unlock", json!({"pin": "1357"}))["outcome"],
        "opened",
        "the new PIN"
    );

    // Every command the capability grants was called.
    let granted = granted_commands();
    assert_eq!(granted.len(), 29);
    assert_eq!(page.called, granted);

    // What the capability does not grant is refused before any command runs: the updater
    // plugin's own commands, and the kiosk's commands from any other origin.
    let denied = page.invoke("plugin:updater|check", json!({})).unwrap_err();
    assert!(denied.to_string().contains("not allowed"), "{denied}");
    let remote = page
        .invoke_from("https://evil.example", "kiosk_info", json!({}))
        .unwrap_err();
    assert!(remote.to_string().contains("not allowed"), "{remote}");
    assert!(
        page.invoke("staff_reveal_key", json!({})).is_err(),
        "no such command"
    );
}

//! The `identity-kiosk` command line, run as a real process against a standalone sandbox
//! (`identity-kiosk sandbox`), as IT would run it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Output};

use common::{Sandbox, BIN};

use serde_json::Value;

const KEY: &str = "sk_test_clitests0123456789";

/// Running the CLI against a test's sandbox.
trait Run {
    fn run(&self, args: &[&str]) -> Output;
    fn run_with_key(&self, key: Option<&str>, args: &[&str]) -> Output;
}

impl Run for Sandbox {
    fn run(&self, args: &[&str]) -> Output {
        self.run_with_key(Some(KEY), args)
    }

    fn run_with_key(&self, key: Option<&str>, args: &[&str]) -> Output {
        let mut cmd = Command::new(BIN);
        cmd.args(["--api-base", &self.url])
            .args(args)
            .env_remove("STRIPE_SECRET_KEY");
        if let Some(key) = key {
            cmd.env("STRIPE_SECRET_KEY", key);
        }
        cmd.output().unwrap()
    }
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "exit {:?}, stderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn sessions_create_get_list_cancel_redact_round_trip() {
    let sb = Sandbox::start();
    let created = json(&sb.run(&[
        "sessions",
        "create",
        "--allowed-type",
        "passport",
        "--allowed-type",
        "id_card",
        "--require-matching-selfie",
        "--require-live-capture",
        "--email",
        "jenny@example.com",
        "--reference",
        "BK-77",
        "--return-url",
        "https://example.com/back",
        "--metadata",
        "kiosk_id=K1",
        "--metadata",
        "desk=front",
    ]));
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["status"], "requires_input");
    assert_eq!(created["client_reference_id"], "BK-77");
    assert_eq!(created["metadata"]["kiosk_id"], "K1");
    assert_eq!(created["metadata"]["desk"], "front");
    assert_eq!(
        created["options"]["document"]["allowed_types"],
        serde_json::json!(["passport", "id_card"])
    );
    assert_eq!(
        created["options"]["document"]["require_matching_selfie"],
        true
    );
    let text = String::from_utf8_lossy(&sb.run(&["sessions", "get", &id]).stdout).into_owned();
    assert!(
        !text.contains("_secret_") && !text.contains("/start/"),
        "no client secret or url printed: {text}"
    );

    let got = json(&sb.run(&["sessions", "get", &id]));
    assert_eq!(got["id"], id.as_str());
    let list = json(&sb.run(&[
        "sessions",
        "list",
        "--reference",
        "BK-77",
        "--status",
        "requires_input",
        "--limit",
        "5",
    ]));
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    assert_eq!(list["data"][0]["id"], id.as_str());

    let canceled = json(&sb.run(&["sessions", "cancel", &id]));
    assert_eq!(canceled["status"], "canceled");

    let other = json(&sb.run(&["sessions", "create", "--type", "id_number"]));
    assert_eq!(other["type"], "id_number");
    let redacted = json(&sb.run(&["sessions", "redact", other["id"].as_str().unwrap()]));
    assert!(redacted["redaction"]["status"].is_string());
}

#[test]
fn idempotency_key_makes_a_repeated_create_return_the_first_session() {
    let sb = Sandbox::start();
    let a = json(&sb.run(&[
        "sessions",
        "create",
        "--idempotency-key",
        "attempt-42",
        "--reference",
        "R",
    ]));
    let b = json(&sb.run(&[
        "sessions",
        "create",
        "--idempotency-key",
        "attempt-42",
        "--reference",
        "R",
    ]));
    assert_eq!(a["id"], b["id"]);
    let c = sb.run(&[
        "sessions",
        "create",
        "--idempotency-key",
        "attempt-42",
        "--reference",
        "other",
    ]);
    assert_eq!(c.status.code(), Some(1));
    assert!(
        stderr(&c).starts_with("error: idempotency_error: "),
        "{}",
        stderr(&c)
    );
}

#[test]
fn stripe_errors_print_type_code_message_and_request_id_and_exit_1() {
    let sb = Sandbox::start();
    let out = sb.run(&["sessions", "get", "vs_nosuchsession000000000000"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: invalid_request_error/resource_missing: "),
        "{err}"
    );
    assert!(err.contains("(request req_"), "{err}");
    assert!(out.stdout.is_empty());

    // A live key is refused before anything is sent over the sandbox's plain http.
    let live = sb.run_with_key(
        Some("sk_live_NOT_FOR_THE_SANDBOX_0123"),
        &["sessions", "list"],
    );
    assert_eq!(live.status.code(), Some(2));
    assert!(stderr(&live).contains("https://"), "{}", stderr(&live));
    assert!(
        !stderr(&live).contains("NOT_FOR_THE_SANDBOX"),
        "{}",
        stderr(&live)
    );
}

#[test]
fn bad_keys_are_refused_before_any_request_without_echoing_them() {
    // (No key at all is tested with a real, empty keyring in tests/keyring_cli.rs.)
    let sb = Sandbox::start();
    let publishable = sb.run_with_key(Some("pk_test_abcdefghijklmnop"), &["sessions", "list"]);
    assert_eq!(publishable.status.code(), Some(2));
    assert!(
        stderr(&publishable).contains("publishable key"),
        "{}",
        stderr(&publishable)
    );
    assert!(!stderr(&publishable).contains("pk_test_abcdefghijklmnop"));

    let pasted = sb.run_with_key(
        Some("  sk_test_clitests0123456789\n"),
        &["sessions", "list"],
    );
    assert!(
        pasted.status.success(),
        "whitespace from pasting is trimmed: {}",
        stderr(&pasted)
    );
}

#[test]
fn the_sandbox_refuses_non_loopback_addresses() {
    let out = Command::new(BIN)
        .args(["sandbox", "--addr", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("loopback"), "{}", stderr(&out));
}

/// `identity-kiosk doctor <args>` with everything pointed at `sb` and a throwaway folder, and
/// no session bus (so no keyring).
fn doctor(sb: &Sandbox, dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("doctor")
        .args(args)
        .env("IDENTITY_KIOSK_API_BASE", &sb.url)
        .env("IDENTITY_KIOSK_STRIPE_JS_URL", format!("{}/v3/", sb.url))
        .env("STRIPE_SECRET_KEY", KEY)
        .env_remove("STRIPE_PUBLISHABLE_KEY")
        .env("IDENTITY_KIOSK_DATA_DIR", dir.join("data"))
        .env("IDENTITY_KIOSK_LOG_DIR", dir.join("logs"))
        .env("IDENTITY_KIOSK_CONFIG_DIR", dir.join("config"))
        .env("IDENTITY_KIOSK_POLICY", dir.join("policy.toml"))
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .output()
        .unwrap()
}

#[test]
fn doctor_prints_one_line_per_check_and_fails_without_a_keyring() {
    let sb = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let out = doctor(&sb, dir.path(), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", stderr(&out));
    for text in [&stdout, &stderr(&out)] {
        assert!(!text.contains(KEY), "the key was printed: {text}");
    }

    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        kiosk_core::doctor::CHECK_NAMES.len(),
        "{stdout}"
    );
    for (line, name) in lines.iter().zip(kiosk_core::doctor::CHECK_NAMES) {
        let (status, rest) = line.split_at(6);
        assert!(
            ["ok    ", "warn  ", "fail  "].contains(&status),
            "status padded to 5: {line:?}"
        );
        assert!(rest.starts_with(&format!("{name}: ")), "{line:?}");
    }
    let keyring = lines[0];
    assert!(keyring.starts_with("fail  keyring: "), "{keyring}");
    assert!(
        keyring.contains("Secret Service"),
        "names the keyring: {keyring}"
    );
    assert!(
        keyring.contains(" — ") && keyring.contains("unlocked Secret Service"),
        "gives the remedy: {keyring}"
    );
    assert_eq!(
        lines[1],
        "ok    secret_key: test key sk_test_…6789 accepted by Stripe \
         (from STRIPE_SECRET_KEY, which overrides the keyring)"
    );
    assert_eq!(
        lines[3],
        "ok    live_flow: a live customer gets Stripe's hosted page on linux: Stripe.js runs \
         live keys only on https pages, and here the kiosk's page is tauri://localhost"
    );
    assert!(
        lines[4].starts_with(&format!("ok    api_reachable: {} ", sb.url)),
        "{}",
        lines[4]
    );
    assert!(
        lines[5].starts_with("ok    stripe_js_reachable: "),
        "{}",
        lines[5]
    );
    assert!(lines[7].starts_with("ok    settings: "), "{}", lines[7]);
    assert!(lines[8].starts_with("ok    log_folder: "), "{}", lines[8]);
    assert!(
        lines[9].starts_with("ok    journal: ") && lines[9].ends_with("0 unfinished sessions"),
        "{}",
        lines[9]
    );
}

#[test]
fn doctor_json_is_an_array_of_checks() {
    let sb = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let out = doctor(&sb, dir.path(), &["--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!String::from_utf8_lossy(&out.stdout).contains(KEY));
    let checks: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = checks.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, kiosk_core::doctor::CHECK_NAMES);
    assert_eq!(checks[0]["status"], "fail");
    assert!(checks[0]["remedy"]
        .as_str()
        .unwrap()
        .contains("Secret Service"));
    assert_eq!(checks[1]["status"], "ok");
    assert_eq!(checks[2]["status"], "warn");
    assert!(checks[7]["remedy"].is_null(), "settings: {}", checks[7]);
    for c in &checks {
        assert!(
            ["ok", "warn", "fail"].contains(&c["status"].as_str().unwrap()),
            "{c}"
        );
        assert!(c["detail"].is_string(), "{c}");
    }
}

#[test]
fn keys_and_client_secrets_reach_stderr_masked_even_at_trace() {
    let sb = Sandbox::start();
    let trace = |key: &str, args: &[&str]| {
        Command::new(BIN)
            .args(["--api-base", &sb.url])
            .args(args)
            .env("STRIPE_SECRET_KEY", key)
            .env("RUST_LOG", "trace")
            .output()
            .unwrap()
    };

    // Pasted into the wrong field: the Stripe client's debug line names the request path, so
    // the text reaches a log line, and the redaction masks it there.
    for (pasted, masked) in [
        ("sk_test_pastedasanid0123456789", "sk_test_…6789"),
        (
            "vs_1PaStEd_secret_pastedasanid",
            "vs_1PaStEd_secret_<redacted>",
        ),
    ] {
        let out = trace(KEY, &["sessions", "get", pasted]);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(
            err.lines().any(|l| l.contains("Stripe response")
                && l.contains(&format!("verification_sessions/{masked}"))),
            "{err}"
        );
        assert!(!err.contains(pasted), "{err}");
        assert!(!err.contains(KEY), "{err}");
    }

    // A revoked key: its error names it (masked), and nothing at any level shows it whole.
    let revoked = "sk_test_clirevoked0123456789";
    sb.key_state(revoked, "revoked");
    let out = trace(revoked, &["sessions", "create"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.lines()
            .any(|l| l.starts_with("error: ") && l.contains("sk_test_") && l.ends_with(")")),
        "{err}"
    );
    assert!(err.contains("6789"), "the masked key keeps its end: {err}");
    assert!(!err.contains(revoked), "{err}");
    assert!(err.lines().count() > 5, "TRACE logged: {err}");
}

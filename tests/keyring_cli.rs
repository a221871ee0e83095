//! The key and PIN commands against a real Secret Service: each test runs its commands inside
//! `scripts/with-keyring` (a private D-Bus session with an unlocked gnome-keyring in a
//! throwaway home), checks the entry with `secret-tool`, and checks the app reads it back.
//! Needs `dbus-run-session`, `gnome-keyring-daemon` and `secret-tool` (`./scripts/test`
//! installs them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{Sandbox, BIN};

const KEY: &str = "sk_test_keyringcli0123456789";
const PK: &str = "pk_test_keyringcli0123456789";

/// One step's combined output and exit code.
#[derive(Debug)]
struct Step {
    out: String,
    rc: i32,
}

/// Runs `script` (bash, with a `step NAME CMD...` helper) inside a private keyring session and
/// returns each step by name. `$BIN` is the app, `$SB` the sandbox URL.
fn in_keyring(script: &str, sandbox: &str, data_dir: &Path) -> HashMap<String, Step> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let prelude = r#"
        step() { local name=$1; shift; echo "@@step $name"; "$@" 2>&1; printf '\n@@rc %s\n' "$?"; }
    "#;
    let out = Command::new(root.join("scripts/with-keyring"))
        .args(["bash", "-c", &format!("{prelude}\n{script}")])
        .env("BIN", BIN)
        .env("SB", sandbox)
        .env("IDENTITY_KIOSK_DATA_DIR", data_dir)
        .env_remove("STRIPE_SECRET_KEY")
        .env_remove("STRIPE_PUBLISHABLE_KEY")
        .env_remove("IDENTITY_KIOSK_API_BASE")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "with-keyring failed ({:?}): {text}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let mut steps = HashMap::new();
    let mut name: Option<String> = None;
    let mut buf = String::new();
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("@@step ") {
            name = Some(n.to_owned());
            buf.clear();
        } else if let Some(rc) = line.strip_prefix("@@rc ") {
            let n = name.take().expect("rc without step");
            steps.insert(
                n,
                Step {
                    out: std::mem::take(&mut buf),
                    rc: rc.parse().unwrap(),
                },
            );
        } else {
            buf.push_str(line);
            buf.push('\n');
        }
    }
    steps
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kiosk-keyring-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn secret_set_stores_in_the_keyring_the_app_reads_it_and_delete_removes_it() {
    let sb = Sandbox::start();
    let data = temp_dir("roundtrip");
    let steps = in_keyring(
        &format!(
            r#"
            step empty "$BIN" sessions list --api-base "$SB"
            step set bash -c 'printf "  {KEY}\r\n" | "$BIN" --api-base "$SB" secret set --stdin --publishable-key " {PK} "'
            step lookup secret-tool lookup service identity-kiosk username stripe-secret-key
            step search secret-tool search --all service identity-kiosk
            step status "$BIN" secret status
            step create "$BIN" --api-base "$SB" sessions create --reference KR-1
            step delete "$BIN" secret delete
            step search_after secret-tool search --all service identity-kiosk
            step status_after "$BIN" secret status
            step sessions_after "$BIN" sessions list --api-base "$SB"
            "#
        ),
        &sb.url,
        &data,
    );
    let s = |n: &str| {
        steps
            .get(n)
            .unwrap_or_else(|| panic!("no step {n}: {steps:?}"))
    };

    // Nothing stored yet: the documented "no key" error, exit 2.
    assert_eq!(s("empty").rc, 2, "{:?}", s("empty"));
    assert!(
        s("empty").out.contains("secret set --stdin"),
        "{:?}",
        s("empty")
    );

    assert_eq!(s("set").rc, 0, "{:?}", s("set"));
    assert!(s("set").out.contains("sk_test_…6789"), "{:?}", s("set"));
    // The keyring holds exactly the trimmed key under the documented attributes.
    assert_eq!(s("lookup").out.trim_end_matches('\n'), KEY);
    assert!(
        s("search")
            .out
            .contains("attribute.service = identity-kiosk"),
        "{:?}",
        s("search")
    );
    assert!(
        s("search").out.contains("stripe-publishable-key"),
        "{:?}",
        s("search")
    );

    assert_eq!(s("status").rc, 0);
    assert!(
        s("status").out.contains("source: keyring"),
        "{:?}",
        s("status")
    );
    assert!(s("status").out.contains("mode: test"));
    assert!(s("status").out.contains(PK));
    // The app itself reads the key back from the keyring (no STRIPE_SECRET_KEY is set).
    assert_eq!(s("create").rc, 0, "{:?}", s("create"));
    assert!(
        s("create")
            .out
            .contains("\"client_reference_id\": \"KR-1\""),
        "{:?}",
        s("create")
    );

    assert_eq!(s("delete").rc, 0);
    assert!(
        s("search_after").out.trim().is_empty(),
        "{:?}",
        s("search_after")
    );
    assert!(s("status_after").out.contains("no key stored"));
    assert_eq!(s("sessions_after").rc, 2);

    // Only `secret-tool lookup` (the keyring itself) ever printed the key.
    for (name, step) in &steps {
        if name != "lookup" && name != "search" {
            assert!(
                !step.out.contains(KEY),
                "{name} printed the key: {}",
                step.out
            );
        }
    }
}

#[test]
fn bad_keys_are_refused_with_clear_errors_and_nothing_is_stored() {
    let sb = Sandbox::start();
    sb.key_state("sk_test_revokedkey0123456789", "revoked");
    sb.key_state("rk_test_noidentity0123456789", "no_identity_permission");
    let data = temp_dir("bad");
    let steps = in_keyring(
        r#"
        step empty bash -c 'printf "" | "$BIN" --api-base "$SB" secret set --stdin'
        step newline bash -c 'printf "\n" | "$BIN" --api-base "$SB" secret set --stdin'
        step publishable bash -c 'printf "pk_test_abcdefghijklmnop" | "$BIN" --api-base "$SB" secret set --stdin'
        step mismatch bash -c 'printf "sk_test_keyringcli0123456789" | "$BIN" --api-base "$SB" secret set --stdin --publishable-key pk_live_abcdefghijklmnop'
        step revoked bash -c 'printf "sk_test_revokedkey0123456789" | "$BIN" --api-base "$SB" secret set --stdin'
        step restricted bash -c 'printf "rk_test_noidentity0123456789" | "$BIN" --api-base "$SB" secret set --stdin'
        step unreachable bash -c 'printf "sk_test_keyringcli0123456789" | "$BIN" --api-base http://127.0.0.1:9 secret set --stdin'
        step search secret-tool search --all service identity-kiosk
        "#,
        &sb.url,
        &data,
    );
    let s = |n: &str| {
        steps
            .get(n)
            .unwrap_or_else(|| panic!("no step {n}: {steps:?}"))
    };
    let expect = |n: &str, rc: i32, text: &str| {
        let step = s(n);
        assert_eq!(step.rc, rc, "{n}: {step:?}");
        assert!(
            step.out.contains(text),
            "{n}: expected {text:?} in {}",
            step.out
        );
    };
    expect("empty", 2, "error: key_empty: no key was given");
    expect("newline", 2, "key_empty");
    expect("publishable", 2, "this is a publishable key (pk_…)");
    expect("mismatch", 2, "error: key_mode_mismatch: the secret key is a test key but the publishable key is a live key");
    expect(
        "revoked",
        1,
        "error: key_rejected: Stripe did not accept the key sk_test_…6789",
    );
    expect("restricted", 1, "error: key_permission: the key rk_test_…6789 may not use Stripe Identity; a restricted key needs Identity");
    expect("unreachable", 1, "error: stripe_unreachable");
    assert!(
        s("search").out.trim().is_empty(),
        "nothing was stored: {:?}",
        s("search")
    );
    for (name, step) in &steps {
        for secret in [
            "revokedkey0123456789",
            "noidentity0123456789",
            "abcdefghijklmnop",
        ] {
            assert!(
                !step.out.contains(secret),
                "{name} echoed a key: {}",
                step.out
            );
        }
    }
}

#[test]
fn a_locked_keyring_gives_the_documented_error() {
    let sb = Sandbox::start();
    let data = temp_dir("locked");
    let steps = in_keyring(
        r#"
        step set bash -c 'printf "sk_test_keyringcli0123456789" | "$BIN" --api-base "$SB" secret set --stdin'
        step lock dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login
        step status env DISPLAY= "$BIN" secret status
        step set_again bash -c 'printf "sk_test_keyringcli0123456789" | DISPLAY= "$BIN" --api-base "$SB" secret set --stdin'
        "#,
        &sb.url,
        &data,
    );
    let s = |n: &str| {
        steps
            .get(n)
            .unwrap_or_else(|| panic!("no step {n}: {steps:?}"))
    };
    assert_eq!(s("set").rc, 0, "{:?}", s("set"));
    assert_eq!(s("lock").rc, 0, "{:?}", s("lock"));
    for n in ["status", "set_again"] {
        assert_eq!(s(n).rc, 1, "{n}: {:?}", s(n));
        assert!(
            s(n).out
                .contains("error: keyring_unavailable: the OS keyring is locked"),
            "{n}: {}",
            s(n).out
        );
        assert!(
            s(n).out.contains("unlocked Secret Service"),
            "the remedy is named: {}",
            s(n).out
        );
    }
}

#[test]
fn no_keyring_at_all_gives_the_documented_error() {
    let out = Command::new(BIN)
        .args(["secret", "status"])
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env_remove("STRIPE_SECRET_KEY")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: keyring_unavailable: the OS keyring cannot be reached"),
        "{err}"
    );
    assert!(err.contains("Secret Service"), "{err}");
}

#[test]
fn pin_set_reads_stdin_and_stores_only_a_slow_hash() {
    let data = temp_dir("pin");
    let run = |input: &str| {
        let mut child = Command::new(BIN)
            .args(["pin", "set", "--stdin"])
            .env("IDENTITY_KIOSK_DATA_DIR", &data)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let empty = run("");
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("standard input was empty"));
    let bad = run("12a4\n");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("error: pin_invalid"));
    let good = run("246813\n");
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let stored = std::fs::read_to_string(data.join("staff-pin.json")).unwrap();
    assert!(stored.contains("$argon2id$"), "{stored}");
    assert!(!stored.contains("246813"), "{stored}");
    // Without --stdin it is a usage error (PINs never go on the command line).
    let usage = Command::new(BIN).args(["pin", "set"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
}

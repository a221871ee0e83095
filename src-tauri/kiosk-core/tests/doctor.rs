//! The doctor's checks against an in-process sandbox, a mock keyring and throwaway folders:
//! nothing here reaches the internet.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use identity_sandbox::testing::{self, Control};
use identity_sandbox::{RunningSandbox, SandboxConfig};
use kiosk_core::doctor::{self, Check, CheckStatus, DoctorInput};
use kiosk_core::{
    AppPaths, BackendEnv, Journal, Keyring, KeystoreError, LoadedSettings, SecretStore,
    SettingsPaths, StripeKeys,
};

/// A base URL nothing listens on.
fn closed_port() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    base
}

/// One kiosk's world: folders, settings files, keyring and the Stripe it talks to.
struct Kiosk {
    dir: tempfile::TempDir,
    keyring: Keyring,
    env: BackendEnv,
    paths: AppPaths,
    settings_paths: SettingsPaths,
}

impl Kiosk {
    /// Pointed at `sb` for both the API and Stripe.js.
    fn new(sb: &RunningSandbox) -> Self {
        Self::with_urls(sb.base_url(), format!("{}/v3/", sb.base_url()))
    }

    fn with_urls(api_base: String, stripe_js_url: String) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths {
            data_dir: dir.path().join("data"),
            log_dir: dir.path().join("logs"),
        };
        let settings_paths = SettingsPaths {
            user_file: dir.path().join("config/settings.toml"),
            policy_file: dir.path().join("policy.toml"),
        };
        Self {
            dir,
            keyring: Keyring::with_store(keyring_core::mock::Store::new().unwrap()),
            env: BackendEnv {
                api_base: Some(api_base),
                stripe_js_url: Some(stripe_js_url),
                ..BackendEnv::default()
            },
            paths,
            settings_paths,
        }
    }

    fn store_key(&self, secret: &str, publishable: Option<&str>) {
        StripeKeys::parse(secret, publishable)
            .unwrap()
            .store(&self.keyring)
            .unwrap();
    }

    fn write(&self, path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// A device folder with nothing in it, so the camera check does not depend on this machine.
    fn no_devices(&self) -> PathBuf {
        let devices = self.dir.path().join("dev");
        std::fs::create_dir_all(&devices).unwrap();
        devices
    }

    async fn run(&self) -> Vec<Check> {
        self.run_with(Ok(&self.keyring)).await
    }

    async fn run_with(&self, keyring: Result<&dyn SecretStore, &KeystoreError>) -> Vec<Check> {
        let settings = LoadedSettings::load(self.settings_paths.clone(), |_| None);
        let devices = self.no_devices();
        let input = DoctorInput {
            network_timeout: Duration::from_secs(5),
            device_dir: &devices,
            ..DoctorInput::new(keyring, &self.env, &settings, &self.paths)
        };
        let checks = doctor::run(input).await;
        let names: Vec<_> = checks.iter().map(|c| c.name).collect();
        assert_eq!(
            names,
            kiosk_core::doctor::CHECK_NAMES,
            "one check each, in order"
        );
        checks
    }
}

fn check<'a>(checks: &'a [Check], name: &str) -> &'a Check {
    checks.iter().find(|c| c.name == name).unwrap()
}

/// Asserts `name`'s status and returns its detail.
fn assert_status(checks: &[Check], name: &str, status: CheckStatus) -> String {
    let c = check(checks, name);
    assert_eq!(c.status, status, "{c:?}");
    c.detail.clone()
}

#[tokio::test]
async fn a_healthy_kiosk_is_ok_throughout_and_shows_only_the_keys_mask() {
    let sb = testing::start(SandboxConfig::from_env()).await;
    let kiosk = Kiosk::new(&sb);
    let key = "sk_test_doctorgood000001234";
    kiosk.store_key(key, Some("pk_test_doctorgood0001"));
    let checks = kiosk.run().await;

    for c in &checks {
        let text = format!("{} {}", c.detail, c.remedy.as_deref().unwrap_or_default());
        assert!(!text.contains(key), "the key leaked: {c:?}");
    }
    assert_eq!(
        assert_status(&checks, "secret_key", CheckStatus::Ok),
        "test key sk_test_…1234 accepted by Stripe"
    );
    assert!(assert_status(&checks, "keyring", CheckStatus::Ok).contains("reachable"));
    assert!(assert_status(&checks, "publishable_key", CheckStatus::Ok)
        .contains("pk_test_doctorgood0001"));
    assert!(assert_status(&checks, "api_reachable", CheckStatus::Ok).contains(&sb.base_url()));
    assert!(assert_status(&checks, "stripe_js_reachable", CheckStatus::Ok).contains("HTTP 200"));
    let settings = assert_status(&checks, "settings", CheckStatus::Ok);
    assert!(settings.contains("settings.toml (absent)"), "{settings}");
    assert!(settings.contains("policy.toml (absent)"), "{settings}");
    assert!(assert_status(&checks, "log_folder", CheckStatus::Ok).contains("logs"));
    assert!(kiosk.paths.log_dir.is_dir(), "the log folder is created");
    assert_eq!(
        std::fs::read_dir(&kiosk.paths.log_dir).unwrap().count(),
        0,
        "the probe file is removed"
    );
    assert!(assert_status(&checks, "journal", CheckStatus::Ok).ends_with("0 unfinished sessions"));
    // Only the camera (none in the test's device folder) is short of ok.
    let not_ok: Vec<_> = checks
        .iter()
        .filter(|c| c.status != CheckStatus::Ok)
        .map(|c| c.name)
        .collect();
    assert_eq!(not_ok, ["camera"]);
    assert_eq!(doctor::worst(&checks), CheckStatus::Warn);
}

#[tokio::test]
async fn a_revoked_key_fails_with_stripes_verdict() {
    let sb = testing::start(SandboxConfig::from_env()).await;
    let kiosk = Kiosk::new(&sb);
    let key = "sk_test_doctorrevoked0005678";
    Control::of(&sb).set_key_state(key, "revoked").await;
    kiosk.store_key(key, None);
    let checks = kiosk.run().await;
    let c = check(&checks, "secret_key");
    assert_eq!(c.status, CheckStatus::Fail);
    assert!(c.detail.contains("sk_test_…5678"), "{c:?}");
    assert!(c.detail.contains("revoked"), "{c:?}");
    assert!(!c.detail.contains(key));
    assert!(c.remedy.as_deref().unwrap().contains("secret set --stdin"));
    // Without a publishable key only the hosted flow works.
    let pk = check(&checks, "publishable_key");
    assert_eq!(pk.status, CheckStatus::Warn);
    assert!(pk.detail.contains("only the hosted flow works"), "{pk:?}");
    assert_eq!(doctor::worst(&checks), CheckStatus::Fail);
}

#[tokio::test]
async fn no_key_is_sandbox_mode() {
    let sb = testing::start(SandboxConfig::from_env()).await;
    let kiosk = Kiosk::new(&sb);
    let checks = kiosk.run().await;
    let c = check(&checks, "secret_key");
    assert_eq!(c.status, CheckStatus::Warn);
    assert_eq!(c.detail, "no key: the kiosk runs in sandbox mode");
    assert_eq!(
        c.remedy.as_deref(),
        Some("`identity-kiosk secret set --stdin`")
    );
    assert_status(&checks, "publishable_key", CheckStatus::Ok);
    assert_status(&checks, "api_reachable", CheckStatus::Ok);
}

#[tokio::test]
async fn an_unreachable_stripe_fails_the_network_checks_and_leaves_the_key_unchecked() {
    let down = closed_port();
    let kiosk = Kiosk::with_urls(down.clone(), format!("{down}/v3/"));
    kiosk.store_key("sk_test_doctoroffline000042", None);
    let checks = kiosk.run().await;

    let api = check(&checks, "api_reachable");
    assert_eq!(api.status, CheckStatus::Fail, "{api:?}");
    assert!(
        api.detail.starts_with(&format!("cannot reach {down}: ")),
        "{api:?}"
    );
    assert!(
        api.detail.to_lowercase().contains("refused"),
        "the cause is named: {api:?}"
    );
    let remedy = api.remedy.as_deref().unwrap();
    assert!(remedy.contains("api.stripe.com") && remedy.contains("HTTPS_PROXY"));
    assert_status(&checks, "stripe_js_reachable", CheckStatus::Fail);
    let key = assert_status(&checks, "secret_key", CheckStatus::Warn);
    assert!(key.contains("sk_test_…0042 not checked"), "{key}");
}

#[tokio::test]
async fn stripe_js_must_answer_with_success() {
    let sb = testing::start(SandboxConfig::from_env()).await;
    let kiosk = Kiosk::with_urls(sb.base_url(), format!("{}/v3/", sb.base_url()));
    let checks = kiosk.run().await;
    assert_status(&checks, "stripe_js_reachable", CheckStatus::Ok);

    // Something answers, but not with Stripe.js (a captive portal, say).
    let wrong = Kiosk::with_urls(sb.base_url(), format!("{}/not-stripe-js", sb.base_url()));
    let checks = wrong.run().await;
    let js = assert_status(&checks, "stripe_js_reachable", CheckStatus::Fail);
    assert!(js.ends_with("answered HTTP 404"), "{js}");
    // While the API answers whatever the path: any HTTP response is reachable.
    assert_status(&checks, "api_reachable", CheckStatus::Ok);
}

#[tokio::test]
async fn a_broken_policy_fails_and_a_bad_user_file_warns() {
    let sb = testing::start(SandboxConfig::from_env()).await;

    let kiosk = Kiosk::new(&sb);
    kiosk.write(
        &kiosk.settings_paths.user_file,
        "[kiosk]\nflow = \"popup\"\n",
    );
    let checks = kiosk.run().await;
    let c = check(&checks, "settings");
    assert_eq!(c.status, CheckStatus::Warn, "{c:?}");
    assert!(c.detail.contains("safe defaults"), "{c:?}");
    assert!(
        c.detail.contains("settings.toml:2: kiosk.flow: \"popup\""),
        "each problem's Display: {c:?}"
    );

    let kiosk = Kiosk::new(&sb);
    kiosk.write(&kiosk.settings_paths.policy_file, "[kiosk\nflow = ");
    kiosk.write(&kiosk.settings_paths.user_file, "[kiosk]\nflow = 3\n");
    let checks = kiosk.run().await;
    let c = check(&checks, "settings");
    assert_eq!(c.status, CheckStatus::Fail, "{c:?}");
    assert!(c.detail.contains("policy.toml"), "{c:?}");
    assert!(c.detail.contains("file ignored"), "{c:?}");
    assert!(
        c.detail.contains("settings.toml:2"),
        "the user file's problem is listed too: {c:?}"
    );
    assert!(c.remedy.as_deref().unwrap().contains("policy.toml"));
}

#[tokio::test]
async fn a_log_folder_that_cannot_be_created_fails() {
    let sb = testing::start(SandboxConfig::from_env()).await;
    let mut kiosk = Kiosk::new(&sb);
    let file = kiosk.dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    kiosk.paths.log_dir = file.join("logs");
    let checks = kiosk.run().await;
    let c = check(&checks, "log_folder");
    assert_eq!(c.status, CheckStatus::Fail, "{c:?}");
    assert!(c.detail.contains("a-file/logs"), "{c:?}");
    assert!(c.remedy.as_deref().unwrap().contains("write access"));
}

#[tokio::test]
async fn the_journal_reports_its_unfinished_sessions() {
    let sb = testing::start(SandboxConfig::from_env()).await;
    let kiosk = Kiosk::new(&sb);
    {
        let j = Journal::open(&kiosk.paths.journal()).unwrap();
        j.record_created("vs_open", None, "k", 100).unwrap();
        j.record_created("vs_done", None, "k", 101).unwrap();
        j.update_status("vs_done", "verified", None, 102).unwrap();
    }
    let checks = kiosk.run().await;
    let detail = assert_status(&checks, "journal", CheckStatus::Ok);
    assert!(detail.contains("journal.sqlite3"), "{detail}");
    assert!(detail.ends_with(": 1 unfinished session"), "{detail}");

    // A journal the app cannot open (here a folder where the file should be) fails.
    let broken = Kiosk::new(&sb);
    std::fs::create_dir_all(broken.paths.journal()).unwrap();
    let checks = broken.run().await;
    let c = check(&checks, "journal");
    assert_eq!(c.status, CheckStatus::Fail, "{c:?}");
    assert!(c.detail.contains("journal.sqlite3"), "{c:?}");
    assert!(c.remedy.is_some());
}

#[tokio::test]
async fn an_unreachable_keyring_fails_with_its_remedy() {
    let sb = testing::start(SandboxConfig::from_env()).await;
    let kiosk = Kiosk::new(&sb);
    let err = KeystoreError::Unavailable {
        reason: "no D-Bus session".into(),
        remedy: "start a Secret Service",
    };
    let checks = kiosk.run_with(Err(&err)).await;
    let c = check(&checks, "keyring");
    assert_eq!(c.status, CheckStatus::Fail);
    assert!(
        c.detail.contains("cannot be reached: no D-Bus session"),
        "{c:?}"
    );
    assert_eq!(c.remedy.as_deref(), Some("start a Secret Service"));
    // Whether a key is stored is unknown: the kiosk runs in sandbox mode.
    let key = assert_status(&checks, "secret_key", CheckStatus::Warn);
    assert!(key.contains("sandbox mode"), "{key}");
}

#[tokio::test]
async fn an_environment_key_wins_and_a_mismatched_publishable_key_fails() {
    let sb = testing::start(SandboxConfig::from_env()).await;
    let mut kiosk = Kiosk::new(&sb);
    kiosk.store_key("sk_test_doctorkeyring00001", None);
    kiosk.env.secret_key = Some("sk_test_doctorenvkey000077".into());
    kiosk.env.publishable_key = Some("pk_live_doctorenvkey0077".into());
    let checks = kiosk.run().await;
    let key = assert_status(&checks, "secret_key", CheckStatus::Ok);
    assert!(key.contains("sk_test_…0077"), "{key}");
    assert!(key.contains("STRIPE_SECRET_KEY"), "{key}");
    let pk = check(&checks, "publishable_key");
    assert_eq!(pk.status, CheckStatus::Fail, "{pk:?}");
    assert!(pk.detail.contains("same mode"), "{pk:?}");
    assert!(pk
        .remedy
        .as_deref()
        .unwrap()
        .contains("STRIPE_PUBLISHABLE_KEY"));
}

#[cfg(target_os = "linux")]
#[test]
fn cameras_are_character_devices_named_video() {
    let dir = tempfile::tempdir().unwrap();
    // A regular file with the right name is not a camera.
    std::fs::write(dir.path().join("video1"), "").unwrap();
    std::fs::write(dir.path().join("null"), "").unwrap();
    let kiosk = Kiosk::with_urls(closed_port(), closed_port());
    let settings = LoadedSettings::load(kiosk.settings_paths.clone(), |_| None);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let camera = |dir: &Path| {
        let input = DoctorInput {
            network_timeout: Duration::from_secs(2),
            device_dir: dir,
            ..DoctorInput::new(Ok(&kiosk.keyring), &kiosk.env, &settings, &kiosk.paths)
        };
        check(&rt.block_on(doctor::run(input)), "camera").clone()
    };
    let none = camera(dir.path());
    assert_eq!(none.status, CheckStatus::Warn);
    assert_eq!(none.detail, "no camera found");
    assert_eq!(none.remedy.as_deref(), Some("connect a UVC webcam"));

    // A character device (udev's links are followed): /dev/null stands in for a webcam.
    std::os::unix::fs::symlink("/dev/null", dir.path().join("video0")).unwrap();
    let found = camera(dir.path());
    assert_eq!(found.status, CheckStatus::Ok, "{found:?}");
    assert_eq!(
        found.detail,
        dir.path().join("video0").display().to_string()
    );
}

//! The update sequence of `kiosk_core::host::updater` over a recording updater: checks at
//! start and every few hours (paused time) only while the settings allow them, the check staff
//! ask for, and the install, which is refused while a customer is mid-flow, waits if one
//! started during the download, and tells a failed download without installing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use common::kiosk::TestKiosk;
use kiosk_core::host::updater::{self, Updater};
use kiosk_core::updates::CHECK_EVERY;
use kiosk_core::{Kiosk, Release, UpdateFailure, UpdateState};
use url::Url;

const ON: &str =
    "[updates]\nenabled = true\nendpoint = \"https://updates.example.com/latest.json\"\n";

/// An updater that finds `0.2.0`, records every step, and can be told to fail a download or
/// to have a customer start during it.
#[derive(Default)]
struct FakeUpdater {
    steps: Mutex<Vec<String>>,
    download_fails: Option<UpdateFailure>,
    customer_arrives: Option<Arc<Kiosk>>,
}

#[async_trait]
impl Updater for FakeUpdater {
    async fn check(&self, endpoint: Url) -> Result<Option<Release>, UpdateFailure> {
        self.step(format!("check {}", endpoint.host_str().unwrap()));
        Ok(Some(Release {
            version: "0.2.0".into(),
            notes: Some("Faster start".into()),
        }))
    }
    async fn download(&self, release: &Release) -> Result<Vec<u8>, UpdateFailure> {
        self.step(format!("download {}", release.version));
        if let Some(kiosk) = &self.customer_arrives {
            kiosk.start_verification(None).await.unwrap();
        }
        self.download_fails.map_or(Ok(vec![1, 2, 3]), Err)
    }
    fn install(&self, bytes: Vec<u8>) -> Result<(), UpdateFailure> {
        self.step(format!("install {} bytes", bytes.len()));
        Ok(())
    }
    fn restart(&self) {
        self.step("restart".into());
    }
    fn current_version(&self) -> String {
        "0.1.0".into()
    }
}

impl FakeUpdater {
    fn step(&self, s: String) {
        self.steps.lock().unwrap().push(s);
    }
    fn steps(&self) -> Vec<String> {
        self.steps.lock().unwrap().clone()
    }
}

#[tokio::test(start_paused = true)]
async fn updates_are_checked_at_start_and_every_few_hours_only_while_they_are_on() {
    let off = TestKiosk::start("").await;
    let fake = FakeUpdater::default();
    let _ =
        tokio::time::timeout(CHECK_EVERY * 2, updater::periodic_checks(&off.kiosk, &fake)).await;
    assert!(fake.steps().is_empty(), "off by default");

    let on = TestKiosk::start(ON).await;
    let fake = FakeUpdater::default();
    let checks = updater::periodic_checks(&on.kiosk, &fake);
    let _ = tokio::time::timeout(CHECK_EVERY * 2 + Duration::from_secs(1), checks).await;
    assert_eq!(fake.steps(), vec!["check updates.example.com"; 3]);
    assert!(
        matches!(on.kiosk.updates().state(), UpdateState::Available { version, .. } if version == "0.2.0")
    );
}

async fn panel_open(settings: &str) -> TestKiosk {
    let kiosk = TestKiosk::start(settings).await;
    kiosk.kiosk.set_first_pin("2468").unwrap();
    kiosk
}

#[tokio::test]
async fn staff_check_then_install_downloads_installs_and_restarts() {
    let kiosk = panel_open(ON).await;
    let fake = FakeUpdater::default();
    let view = updater::check_now(&kiosk.kiosk, &fake).await.unwrap();
    assert_eq!(view.current_version, "0.1.0");
    assert!(view.last_checked.is_some());
    assert!(matches!(view.state, UpdateState::Available { ref version, .. } if version == "0.2.0"));

    let view = updater::install(&kiosk.kiosk, &fake).await.unwrap();
    assert!(matches!(view.state, UpdateState::Installing { ref version } if version == "0.2.0"));
    assert_eq!(
        fake.steps(),
        [
            "check updates.example.com",
            "download 0.2.0",
            "install 3 bytes",
            "restart"
        ]
    );
}

#[tokio::test]
async fn no_install_while_a_customer_is_mid_flow_or_when_one_arrives_during_the_download() {
    let kiosk = panel_open(ON).await;
    let fake = FakeUpdater {
        customer_arrives: Some(kiosk.kiosk.clone()),
        ..FakeUpdater::default()
    };
    updater::check_now(&kiosk.kiosk, &fake).await.unwrap();
    let err = updater::install(&kiosk.kiosk, &fake).await.unwrap_err();
    assert_eq!(err.code(), "busy");
    assert_eq!(
        fake.steps(),
        ["check updates.example.com", "download 0.2.0"]
    );
    assert!(
        matches!(kiosk.kiosk.updates().state(), UpdateState::Available { .. }),
        "the update waits for staff to try again"
    );

    // The customer is still there: refused before any download.
    let err = updater::install(&kiosk.kiosk, &fake).await.unwrap_err();
    assert_eq!(err.code(), "busy");
    assert_eq!(fake.steps().len(), 2);
}

#[tokio::test]
async fn a_download_refused_for_its_signature_is_told_and_nothing_is_installed() {
    let kiosk = panel_open(ON).await;
    let fake = FakeUpdater {
        download_fails: Some(UpdateFailure::Signature),
        ..FakeUpdater::default()
    };
    updater::check_now(&kiosk.kiosk, &fake).await.unwrap();
    let view = updater::install(&kiosk.kiosk, &fake).await.unwrap();
    assert_eq!(
        view.state,
        UpdateState::Failed {
            code: UpdateFailure::Signature.code()
        }
    );
    assert_eq!(
        fake.steps(),
        ["check updates.example.com", "download 0.2.0"]
    );
}

#[tokio::test]
async fn staff_actions_need_the_panel_open() {
    let kiosk = TestKiosk::start(ON).await;
    let fake = FakeUpdater::default();
    let err = updater::check_now(&kiosk.kiosk, &fake).await.unwrap_err();
    assert_eq!(err.code(), "staff_locked");
    assert_eq!(
        updater::install(&kiosk.kiosk, &fake)
            .await
            .unwrap_err()
            .code(),
        "staff_locked"
    );
    assert!(fake.steps().is_empty());
}

//! A whole [`Kiosk`] in sandbox mode for the host's tests, its files in a throwaway folder and
//! its engine switched to the in-memory [`FakeSource`], so Tokio's clock can be paused.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use kiosk_core::{
    AppPaths, BackendEnv, Keyring, Kiosk, LoadedSettings, SecretStore, SettingsPaths, StartOptions,
};

use super::fake_source::FakeSource;

/// The kiosk, the source its engine talks to, and the folder that holds its files.
pub struct TestKiosk {
    pub kiosk: Arc<Kiosk>,
    pub source: FakeSource,
    pub dir: tempfile::TempDir,
}

impl TestKiosk {
    /// Starts a kiosk with `settings` (`key = value` lines of the user settings file).
    pub async fn start(settings: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let vars = kiosk_core::paths::vars_under(dir.path());
        let config = dir.path().join("config");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(config.join("settings.toml"), settings).unwrap();
        let store: Arc<dyn SecretStore> = Arc::new(Keyring::with_store(
            keyring_core::mock::Store::new().unwrap(),
        ));
        let loaded = LoadedSettings::load(SettingsPaths::from_vars(&vars), &vars);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let kiosk = Kiosk::start(StartOptions {
            env: BackendEnv::default(),
            settings: loaded,
            paths: AppPaths::from_vars(&vars),
            keyring: Ok(store),
        })
        .await
        .unwrap();
        let source = FakeSource::new();
        kiosk.verifier().set_source(source.clone()).await.unwrap();
        Self {
            kiosk: Arc::new(kiosk),
            source,
            dir,
        }
    }
}

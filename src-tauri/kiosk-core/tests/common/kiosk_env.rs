//! A whole kiosk against a standalone-style sandbox over real HTTP, for the kiosk's end-to-end
//! tests: the sandbox, a mock keyring, and a temporary folder for the kiosk's config, policy,
//! data and logs, with the variables that point the kiosk at them. A fresh kiosk can be
//! started over the same folder (a restart). The tests decide what the kiosk does.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;

use identity_sandbox::testing::{self, Control};
use identity_sandbox::{RunningSandbox, SandboxConfig};
use kiosk_core::{
    AppPaths, BackendEnv, Keyring, Kiosk, LoadedSettings, SecretStore, SettingsPaths, StartOptions,
};
use serde_json::Value;

pub const KEY: &str = "sk_test_kioskstaff0123456789";
pub const PK: &str = "pk_test_kioskstaff0123456789";

pub struct Env {
    pub sandbox: RunningSandbox,
    pub dir: PathBuf,
    pub store: Arc<Keyring>,
}

impl Env {
    pub async fn start(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("kiosk-core-kiosk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self {
            sandbox: testing::start(SandboxConfig::from_env()).await,
            dir,
            store: Arc::new(Keyring::with_store(
                keyring_core::mock::Store::new().unwrap(),
            )),
        }
    }

    pub fn vars(&self) -> impl Fn(&str) -> Option<String> + '_ {
        kiosk_core::paths::vars_under(&self.dir)
    }

    pub async fn kiosk(&self) -> Kiosk {
        self.kiosk_with(self.store.clone()).await
    }

    pub async fn kiosk_with(&self, store: Arc<dyn SecretStore>) -> Kiosk {
        let env = BackendEnv {
            api_base: Some(self.sandbox.base_url()),
            stripe_js_url: Some(format!("{}/v3/", self.sandbox.base_url())),
            ..BackendEnv::default()
        };
        let settings = LoadedSettings::load(SettingsPaths::from_vars(self.vars()), self.vars());
        Kiosk::start(StartOptions {
            env,
            settings,
            paths: AppPaths::from_vars(self.vars()),
            keyring: Ok(store),
        })
        .await
        .unwrap()
    }

    pub async fn sessions(&self) -> Vec<Value> {
        Control::of(&self.sandbox).sessions(KEY).await
    }
}

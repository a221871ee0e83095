//! A settings folder and environment for the settings files' tests: a fresh temporary folder
//! holding the user file and the policy, variables given as pairs (or none), and the small
//! conversions the tests share. Nothing here loads or saves settings: the tests do.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use kiosk_core::settings::SettingsPaths;
use serde_json::{Map, Value};

/// A fresh folder under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "kiosk-settings-{name}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    /// Paths inside the folder; neither file exists until written.
    pub fn paths(&self) -> SettingsPaths {
        SettingsPaths {
            user_file: self.0.join("user").join("settings.toml"),
            policy_file: self.0.join("policy.toml"),
        }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

pub fn no_env(_: &str) -> Option<String> {
    None
}

pub fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Clone {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}

pub fn changes(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

pub fn file_name(path: &Path) -> String {
    path.display().to_string()
}

//! The kiosk's own folders, without Tauri: the same places Tauri's path resolver gives
//! (`app_data_dir`, `app_log_dir`), so the CLI and the window agree.
//!
//! - data (`$XDG_DATA_HOME/com.identitykiosk.kiosk`, `%APPDATA%\…`, `~/Library/Application
//!   Support/…`): the journal, the staff PIN hash, CSV exports;
//! - logs (`…/logs` under the local data folder; `~/Library/Logs/…` on macOS).
//!
//! `IDENTITY_KIOSK_DATA_DIR` and `IDENTITY_KIOSK_LOG_DIR` override them in a `testing` build
//! ([`crate::switches`]); a shipped kiosk keeps its files where the OS puts them.

use std::path::{Path, PathBuf};

/// Tauri's bundle identifier, which names the folders.
pub const APP_IDENTIFIER: &str = "com.identitykiosk.kiosk";

/// Where the kiosk keeps its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPaths {
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
}

impl AppPaths {
    /// From the OS's conventions, or (a `testing` build only) the override variables.
    pub fn from_env() -> Self {
        Self::from_vars(crate::switches::env)
    }

    /// [`Self::from_env`] reading variables through `get`, for tests.
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Self {
        let var = |name: &str| {
            get(name)
                .filter(|v| !v.trim().is_empty())
                .map(PathBuf::from)
        };
        let data_dir = var("IDENTITY_KIOSK_DATA_DIR")
            .unwrap_or_else(|| dirs::data_dir().unwrap_or_default().join(APP_IDENTIFIER));
        let log_dir = var("IDENTITY_KIOSK_LOG_DIR").unwrap_or_else(default_log_dir);
        Self { data_dir, log_dir }
    }

    /// The journal database.
    pub fn journal(&self) -> PathBuf {
        self.data_dir.join("journal.sqlite3")
    }

    /// The staff PIN's hash and lockout state.
    pub fn pin(&self) -> PathBuf {
        self.data_dir.join("staff-pin.json")
    }

    /// Where CSV exports of the journal go.
    pub fn exports(&self) -> PathBuf {
        self.data_dir.join("exports")
    }
}

fn default_log_dir() -> PathBuf {
    if cfg!(target_os = "macos") {
        dirs::home_dir()
            .unwrap_or_default()
            .join("Library/Logs")
            .join(APP_IDENTIFIER)
    } else {
        dirs::data_local_dir()
            .unwrap_or_default()
            .join(APP_IDENTIFIER)
            .join("logs")
    }
}

/// The overrides that put every folder of the kiosk under `root` (`config/`, `policy.toml`,
/// `data/`, `logs/`), as [`AppPaths::from_vars`] and the settings read them: a kiosk whose
/// files all live in one throwaway folder (tests, a demo on a USB stick).
pub fn vars_under(root: &Path) -> impl Fn(&str) -> Option<String> {
    let root = root.to_owned();
    move |name| {
        let sub = match name {
            "IDENTITY_KIOSK_CONFIG_DIR" => "config",
            "IDENTITY_KIOSK_POLICY" => "policy.toml",
            "IDENTITY_KIOSK_DATA_DIR" => "data",
            "IDENTITY_KIOSK_LOG_DIR" => "logs",
            _ => return None,
        };
        Some(root.join(sub).display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_win_and_files_live_in_the_data_folder() {
        let p = AppPaths::from_vars(|name| match name {
            "IDENTITY_KIOSK_DATA_DIR" => Some("/tmp/kiosk-data".into()),
            "IDENTITY_KIOSK_LOG_DIR" => Some("/tmp/kiosk-logs".into()),
            _ => None,
        });
        assert_eq!(
            p.journal(),
            PathBuf::from("/tmp/kiosk-data/journal.sqlite3")
        );
        assert_eq!(p.pin(), PathBuf::from("/tmp/kiosk-data/staff-pin.json"));
        assert_eq!(p.log_dir, PathBuf::from("/tmp/kiosk-logs"));
        let default = AppPaths::from_vars(|_| None);
        assert!(default.data_dir.ends_with(APP_IDENTIFIER));
    }
}

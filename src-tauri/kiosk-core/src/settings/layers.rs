//! Where settings come from and which source wins: policy > environment > user file > defaults.
//!
//! The machine policy is IT's: a key it sets with a valid value is *locked*, and the staff panel
//! cannot change it. The environment sits above the user file so a developer's variable is
//! never silently beaten by a file left over from an earlier run; it sits below the policy so
//! nobody can step around IT's policy by starting the app with a variable.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::files;
use super::problem::{Outcome, SettingProblem, SettingsError};
use super::table::{self, Input, DEFS};
use super::Settings;

/// The two settings files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsPaths {
    /// This user's settings, written by the staff panel.
    pub user_file: PathBuf,
    /// The machine-wide policy, written by IT (the kiosk only reads it).
    pub policy_file: PathBuf,
}

/// Tauri's `app_config_dir` is the config folder joined with the bundle identifier; the user
/// file lives there so the app and the core agree without Tauri in the core.
const APP_IDENTIFIER: &str = "com.identitykiosk.kiosk";
const USER_FILE_NAME: &str = "settings.toml";

impl SettingsPaths {
    /// user: `dirs::config_dir()/com.identitykiosk.kiosk/settings.toml` (the same folder as
    /// Tauri's `app_config_dir`); policy: `/etc/identity-kiosk/policy.toml` on Linux,
    /// `C:\ProgramData\IdentityKiosk\policy.toml` on Windows,
    /// `/Library/Application Support/IdentityKiosk/policy.toml` on macOS.
    ///
    /// `IDENTITY_KIOSK_CONFIG_DIR` (the folder holding `settings.toml`) and
    /// `IDENTITY_KIOSK_POLICY` (the policy file) override them in a `testing` build only
    /// ([`crate::switches`]): IT's policy cannot be swapped from a shipped kiosk's environment.
    pub fn from_env() -> Self {
        Self::from_vars(crate::switches::env)
    }

    /// [`Self::from_env`] reading variables through `get`, for tests.
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Self {
        let var = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let user_file = match var("IDENTITY_KIOSK_CONFIG_DIR") {
            Some(dir) => PathBuf::from(dir).join(USER_FILE_NAME),
            // No config folder means no HOME: a relative path makes a save fail visibly
            // instead of landing somewhere that is wiped at reboot.
            None => dirs::config_dir()
                .unwrap_or_default()
                .join(APP_IDENTIFIER)
                .join(USER_FILE_NAME),
        };
        let policy_file = match var("IDENTITY_KIOSK_POLICY") {
            Some(file) => PathBuf::from(file),
            None => policy_file_for(std::env::consts::OS, &var),
        };
        Self {
            user_file,
            policy_file,
        }
    }
}

/// The policy file's usual place on `os` (a value of `std::env::consts::OS`).
fn policy_file_for(os: &str, var: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    match os {
        "windows" => {
            // `var` reads switches only: a shipped kiosk takes the fixed folder, not one its
            // environment names.
            let data = var("ProgramData").unwrap_or_else(|| r"C:\ProgramData".to_owned());
            PathBuf::from(data)
                .join("IdentityKiosk")
                .join("policy.toml")
        }
        "macos" => PathBuf::from("/Library/Application Support/IdentityKiosk/policy.toml"),
        _ => PathBuf::from("/etc/identity-kiosk/policy.toml"),
    }
}

/// Where a setting's effective value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Default,
    User,
    Environment,
    Policy,
}

/// One setting as the staff panel shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SettingView {
    /// The dotted key, e.g. `kiosk.flow`.
    pub key: &'static str,
    /// The effective value (durations in seconds, none as `null`).
    pub value: Json,
    pub source: Source,
    /// Set by the machine policy: the staff panel shows it read-only.
    pub locked: bool,
}

/// The settings in effect, where each came from, and what was wrong in the sources.
#[derive(Debug, Clone)]
pub struct LoadedSettings {
    pub settings: Settings,
    pub paths: SettingsPaths,
    /// Everything skipped while loading, in the order the sources were read.
    pub problems: Vec<SettingProblem>,
    /// The source of each setting, by position in the key table.
    sources: Vec<Source>,
}

impl LoadedSettings {
    /// Never fails: a missing file is fine (no problem reported); an unreadable or broken file
    /// is reported as a problem and ignored (whole file on a TOML syntax error, one key on a
    /// bad value or unknown key), so the kiosk always starts with safe defaults.
    ///
    /// `env` reads an environment variable (`|n| std::env::var(n).ok()`); an empty one is unset.
    pub fn load(paths: SettingsPaths, env: impl Fn(&str) -> Option<String>) -> Self {
        let mut loaded = Self {
            settings: Settings::default(),
            paths,
            problems: Vec::new(),
            sources: vec![Source::Default; DEFS.len()],
        };
        // Lowest precedence first: each source overwrites what the ones below it set.
        let SettingsPaths {
            user_file,
            policy_file,
        } = loaded.paths.clone();
        loaded.apply_file(&user_file, Source::User);
        loaded.apply_env(&env);
        loaded.apply_file(&policy_file, Source::Policy);

        // A refused value says what was used instead, which is only known now.
        for p in &mut loaded.problems {
            if let Outcome::Fallback(_) = p.outcome {
                let index = p
                    .key
                    .as_deref()
                    .and_then(table::find_by_name)
                    .map(|(i, _)| i);
                if let Some(source) = index.and_then(|i| loaded.sources.get(i)) {
                    p.outcome = Outcome::Fallback(*source);
                }
            }
        }
        loaded
    }

    fn apply_file(&mut self, path: &Path, source: Source) {
        let read = files::read(path);
        let mut problems = read.problems;
        for entry in read.entries {
            let Some(def) = DEFS.get(entry.index) else {
                continue;
            };
            match def.kind.parse(Input::Value(&entry.value)) {
                Ok(valid) => {
                    problems.extend(valid.skipped.iter().map(|reason| SettingProblem {
                        file: Some(path.display().to_string()),
                        line: Some(entry.line),
                        key: Some(def.key.to_owned()),
                        reason: reason.clone(),
                        outcome: Outcome::EntryIgnored,
                    }));
                    valid.apply(&mut self.settings);
                    self.sources[entry.index] = source;
                }
                Err(reason) => problems.push(SettingProblem {
                    file: Some(path.display().to_string()),
                    line: Some(entry.line),
                    key: Some(def.key.to_owned()),
                    reason,
                    outcome: Outcome::Fallback(Source::Default),
                }),
            }
        }
        // In the order staff will read the file.
        problems.sort_by_key(|p| p.line);
        self.problems.extend(problems);
    }

    fn apply_env(&mut self, env: &dyn Fn(&str) -> Option<String>) {
        for (index, def) in DEFS.iter().enumerate() {
            let Some(value) = env(def.env) else {
                continue;
            };
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match def.kind.parse(Input::Env(value)) {
                Ok(valid) => {
                    self.problems
                        .extend(valid.skipped.iter().map(|reason| SettingProblem {
                            file: None,
                            line: None,
                            key: Some(def.env.to_owned()),
                            reason: reason.clone(),
                            outcome: Outcome::EntryIgnored,
                        }));
                    valid.apply(&mut self.settings);
                    self.sources[index] = Source::Environment;
                }
                Err(reason) => self.problems.push(SettingProblem {
                    file: None,
                    line: None,
                    key: Some(def.env.to_owned()),
                    reason,
                    outcome: Outcome::Fallback(Source::Default),
                }),
            }
        }
    }

    /// Where the effective value of `key` (dotted) comes from; `None` for an unknown key.
    pub fn source(&self, key: &str) -> Option<Source> {
        table::find(key).and_then(|(i, _)| self.sources.get(i).copied())
    }

    /// Whether the machine policy sets `key` (dotted), so the staff panel may not change it.
    pub fn is_locked(&self, key: &str) -> bool {
        self.source(key) == Some(Source::Policy)
    }

    /// For the staff panel: every key in table order with its effective value, source and lock.
    pub fn describe(&self) -> Vec<SettingView> {
        DEFS.iter()
            .zip(&self.sources)
            .map(|(def, &source)| SettingView {
                key: def.key,
                value: (def.read)(&self.settings),
                source,
                locked: source == Source::Policy,
            })
            .collect()
    }

    /// Validates and writes `changes` to the user file, then returns the reloaded settings.
    /// Rejects the whole batch (writes nothing) if any key is unknown, locked, or invalid.
    /// Keeps the user file's other keys; writes atomically (temp file + rename), creating the
    /// folder. A change to a key overridden by the environment is still written, and the reload
    /// shows the env value.
    ///
    /// A `null` value removes the key from the user file, so the setting goes back to its
    /// default (or whatever source is below the user file).
    pub fn save_user(
        &self,
        changes: &serde_json::Map<String, Json>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<LoadedSettings, SettingsError> {
        // Every change is checked before anything is written: all or nothing.
        let mut edits = Vec::with_capacity(changes.len());
        for (key, value) in changes {
            let Some((_, def)) = table::find(key) else {
                return Err(SettingsError::Unknown { key: key.clone() });
            };
            if self.is_locked(key) {
                return Err(SettingsError::Locked { key: key.clone() });
            }
            let value = match value {
                Json::Null => Json::Null,
                value => {
                    let invalid = |reason| SettingsError::Invalid {
                        key: key.clone(),
                        reason,
                    };
                    let valid = def.kind.parse(Input::Value(value)).map_err(invalid)?;
                    // The panel offers only known entries: one it does not know is a mistake
                    // to refuse, not a file to make the best of.
                    if let Some(reason) = valid.skipped.first() {
                        return Err(invalid(reason.clone()));
                    }
                    valid.json
                }
            };
            edits.push((def, value));
        }
        if !edits.is_empty() {
            files::write_user(&self.paths.user_file, &edits).map_err(|source| {
                SettingsError::Write {
                    path: self.paths.user_file.display().to_string(),
                    source,
                }
            })?;
        }
        Ok(Self::load(self.paths.clone(), env))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn overrides_pick_the_files() {
        let paths = SettingsPaths::from_vars(vars(&[
            ("IDENTITY_KIOSK_CONFIG_DIR", "/tmp/kiosk-conf"),
            ("IDENTITY_KIOSK_POLICY", "/tmp/p.toml"),
        ]));
        assert_eq!(
            paths.user_file,
            PathBuf::from("/tmp/kiosk-conf/settings.toml")
        );
        assert_eq!(paths.policy_file, PathBuf::from("/tmp/p.toml"));
    }

    #[test]
    fn default_places() {
        // Empty overrides are unset.
        let paths = SettingsPaths::from_vars(vars(&[("IDENTITY_KIOSK_CONFIG_DIR", " ")]));
        assert!(paths
            .user_file
            .ends_with("com.identitykiosk.kiosk/settings.toml"));
        if let Some(config) = dirs::config_dir() {
            assert!(paths.user_file.starts_with(config));
        }
        let none = vars(&[]);
        assert_eq!(
            policy_file_for("linux", &none),
            PathBuf::from("/etc/identity-kiosk/policy.toml")
        );
        assert_eq!(
            policy_file_for("macos", &none),
            PathBuf::from("/Library/Application Support/IdentityKiosk/policy.toml")
        );
        let win = policy_file_for("windows", &none);
        assert!(win.starts_with(r"C:\ProgramData"), "{win:?}");
        assert!(win.ends_with("IdentityKiosk/policy.toml"), "{win:?}");
        let data = vars(&[("ProgramData", r"D:\Data")]);
        assert!(policy_file_for("windows", &data).starts_with(r"D:\Data"));
    }
}

//! What goes wrong with settings: a broken source at load ([`SettingProblem`], reported and
//! skipped), and a refused save from the staff panel ([`SettingsError`]).

use serde::ser::SerializeStruct;

use super::{Reason, Source};

/// Something in a settings source the kiosk could not use. Loading goes on without it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SettingProblem {
    /// The file's path, or none for an environment variable.
    pub file: Option<String>,
    /// 1-based line in `file`, when known.
    pub line: Option<u32>,
    /// The dotted key (or section) in a file, or the environment variable's name.
    pub key: Option<String>,
    /// Why, for staff: "\"popup\" is not one of auto, modal, hosted" (a code the panel words).
    pub reason: Reason,
    /// What the kiosk did instead.
    pub outcome: Outcome,
}

/// What the kiosk did about a [`SettingProblem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The value was refused; the setting comes from this other source instead.
    Fallback(Source),
    /// The key (or section) is not a setting and was skipped.
    KeyIgnored,
    /// One entry of a list was left out; the rest of the list is in force.
    EntryIgnored,
    /// The whole file was skipped (unreadable, or not valid TOML).
    FileIgnored,
}

impl std::fmt::Display for SettingProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            (None, Some(line)) => write!(f, "line {line}: ")?,
            (None, None) => {}
        }
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        let outcome = match self.outcome {
            Outcome::Fallback(Source::Default) => "using the default",
            Outcome::Fallback(Source::User) => "using the user settings file",
            Outcome::Fallback(Source::Environment) => "using the environment variable",
            Outcome::Fallback(Source::Policy) => "using the machine policy",
            Outcome::KeyIgnored => "ignored",
            Outcome::EntryIgnored => "that entry ignored",
            Outcome::FileIgnored => "file ignored",
        };
        write!(f, "{} ({outcome})", self.reason)
    }
}

/// Why the staff panel's change was refused (nothing was written).
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{key} is unknown")]
    Unknown { key: String },
    #[error("{key} is set by the machine policy and cannot be changed here")]
    Locked { key: String },
    #[error("{key}: {reason}")]
    Invalid { key: String, reason: Reason },
    #[error("could not write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl SettingsError {
    /// The stable code the UI branches on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unknown { .. } => "setting_unknown",
            Self::Locked { .. } => "setting_locked",
            Self::Invalid { .. } => "setting_invalid",
            Self::Write { .. } => "settings_write_failed",
        }
    }
}

/// `{code, message}`, like [`crate::KioskError`], so a Tauri command can return it as is; a
/// refused value adds which setting and why (`key`, `reason: {code, params}`), so the panel can
/// word it in the staff language.
impl serde::Serialize for SettingsError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("SettingsError", 4)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.to_string())?;
        if let Self::Invalid { key, reason } = self {
            st.serialize_field("key", key)?;
            st.serialize_field("reason", reason)?;
        }
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(file: Option<&str>, line: Option<u32>, key: Option<&str>) -> SettingProblem {
        SettingProblem {
            file: file.map(str::to_owned),
            line,
            key: key.map(str::to_owned),
            reason: Reason::NotOneOf {
                value: "\"popup\"".into(),
                choices: "auto, modal, hosted".into(),
            },
            outcome: Outcome::Fallback(Source::Default),
        }
    }

    #[test]
    fn display_leaves_out_what_is_unknown() {
        let p = problem(
            Some("/etc/identity-kiosk/policy.toml"),
            Some(3),
            Some("kiosk.flow"),
        );
        assert_eq!(
            p.to_string(),
            "/etc/identity-kiosk/policy.toml:3: kiosk.flow: \"popup\" is not one of auto, modal, hosted (using the default)"
        );
        let p = problem(None, None, Some("IDENTITY_KIOSK_FLOW"));
        assert_eq!(
            p.to_string(),
            "IDENTITY_KIOSK_FLOW: \"popup\" is not one of auto, modal, hosted (using the default)"
        );
        let p = SettingProblem {
            reason: Reason::UnknownSetting,
            outcome: Outcome::KeyIgnored,
            ..problem(Some("/p.toml"), Some(7), Some("kiosk.colour"))
        };
        assert_eq!(
            p.to_string(),
            "/p.toml:7: kiosk.colour: unknown setting (ignored)"
        );
        let p = SettingProblem {
            reason: Reason::InvalidToml {
                cause: "unclosed table".into(),
            },
            outcome: Outcome::FileIgnored,
            ..problem(Some("/s.toml"), Some(2), None)
        };
        assert_eq!(
            p.to_string(),
            "/s.toml:2: invalid TOML: unclosed table (file ignored)"
        );
    }

    #[test]
    fn errors_serialize_as_code_and_message() {
        let e = SettingsError::Locked {
            key: "kiosk.flow".into(),
        };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "setting_locked");
        assert_eq!(
            v["message"],
            "kiosk.flow is set by the machine policy and cannot be changed here"
        );
    }
}

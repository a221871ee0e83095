//! Why a settings value or file was refused, as a stable code with parameters the staff panel
//! words from its catalog (in the staff language), and as the English sentence the log and the
//! command line print ([`std::fmt::Display`]).

use std::collections::BTreeMap;

/// One reason a value, key or file could not be used. The values it quotes are as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    NotBool {
        value: String,
    },
    NotInRange {
        value: String,
        min: u64,
        max: u64,
    },
    NotText {
        value: String,
    },
    TooLong {
        max: usize,
    },
    ControlCharacter {
        value: String,
    },
    NotOneOf {
        value: String,
        choices: String,
    },
    NotList {
        value: String,
    },
    NoneOf {
        choices: String,
    },
    NotHttpsUrl {
        value: String,
    },
    UnknownSetting,
    /// A key written at the top of the file that belongs under a section.
    UnknownSettingMeant {
        meant: &'static str,
    },
    UnknownSection,
    /// A section's name given a value instead of a table.
    ShouldBeSection {
        name: String,
    },
    Unreadable {
        cause: String,
    },
    InvalidToml {
        cause: String,
    },
}

impl Reason {
    /// Every code [`Reason::code`] returns, for the page's catalog.
    pub const CODES: &'static [&'static str] = &[
        "not_bool",
        "not_in_range",
        "not_text",
        "too_long",
        "control_character",
        "not_one_of",
        "not_list",
        "none_of",
        "not_https_url",
        "unknown_setting",
        "unknown_setting_meant",
        "unknown_section",
        "should_be_section",
        "unreadable",
        "invalid_toml",
    ];

    /// The stable code the staff panel words (`staff_problem_<code>` in the catalogs).
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotBool { .. } => "not_bool",
            Self::NotInRange { .. } => "not_in_range",
            Self::NotText { .. } => "not_text",
            Self::TooLong { .. } => "too_long",
            Self::ControlCharacter { .. } => "control_character",
            Self::NotOneOf { .. } => "not_one_of",
            Self::NotList { .. } => "not_list",
            Self::NoneOf { .. } => "none_of",
            Self::NotHttpsUrl { .. } => "not_https_url",
            Self::UnknownSetting => "unknown_setting",
            Self::UnknownSettingMeant { .. } => "unknown_setting_meant",
            Self::UnknownSection => "unknown_section",
            Self::ShouldBeSection { .. } => "should_be_section",
            Self::Unreadable { .. } => "unreadable",
            Self::InvalidToml { .. } => "invalid_toml",
        }
    }

    /// The placeholders of the code's message, by name.
    pub fn params(&self) -> BTreeMap<&'static str, String> {
        let mut p = BTreeMap::new();
        match self {
            Self::NotBool { value }
            | Self::NotText { value }
            | Self::ControlCharacter { value }
            | Self::NotList { value }
            | Self::NotHttpsUrl { value } => {
                p.insert("value", value.clone());
            }
            Self::NotInRange { value, min, max } => {
                p.insert("value", value.clone());
                p.insert("min", min.to_string());
                p.insert("max", max.to_string());
            }
            Self::TooLong { max } => {
                p.insert("max", max.to_string());
            }
            Self::NotOneOf { value, choices } => {
                p.insert("value", value.clone());
                p.insert("choices", choices.clone());
            }
            Self::NoneOf { choices } => {
                p.insert("choices", choices.clone());
            }
            Self::UnknownSettingMeant { meant } => {
                p.insert("meant", (*meant).to_owned());
            }
            Self::ShouldBeSection { name } => {
                p.insert("name", name.clone());
            }
            Self::Unreadable { cause } | Self::InvalidToml { cause } => {
                p.insert("cause", cause.clone());
            }
            Self::UnknownSetting | Self::UnknownSection => {}
        }
        p
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotBool { value } => write!(f, "{value} is not true or false"),
            Self::NotInRange { value, min, max } => {
                write!(f, "{value} is not a whole number from {min} to {max}")
            }
            Self::NotText { value } => write!(f, "{value} is not text"),
            Self::TooLong { max } => write!(f, "longer than {max} characters"),
            Self::ControlCharacter { value } => write!(f, "{value} contains a control character"),
            Self::NotOneOf { value, choices } => write!(f, "{value} is not one of {choices}"),
            Self::NotList { value } => write!(f, "{value} is not a list"),
            Self::NoneOf { choices } => write!(f, "lists none of {choices}"),
            Self::NotHttpsUrl { value } => write!(f, "{value} is not an https:// URL"),
            Self::UnknownSetting => f.write_str("unknown setting"),
            Self::UnknownSettingMeant { meant } => {
                write!(f, "unknown setting (did you mean {meant}?)")
            }
            Self::UnknownSection => f.write_str("unknown section"),
            Self::ShouldBeSection { name } => write!(f, "should be a section ([{name}])"),
            Self::Unreadable { cause } => write!(f, "could not read: {cause}"),
            Self::InvalidToml { cause } => write!(f, "invalid TOML: {cause}"),
        }
    }
}

/// `{code, params}`, what the staff panel receives.
impl serde::Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Reason", 2)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("params", &self.params())?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_has_a_code_its_params_and_its_english() {
        let all = [
            Reason::NotBool {
                value: "\"y\"".into(),
            },
            Reason::NotInRange {
                value: "0".into(),
                min: 1,
                max: 10,
            },
            Reason::NotText { value: "12".into() },
            Reason::TooLong { max: 100 },
            Reason::ControlCharacter {
                value: "\"a\\nb\"".into(),
            },
            Reason::NotOneOf {
                value: "\"popup\"".into(),
                choices: "auto, modal, hosted".into(),
            },
            Reason::NotList {
                value: "\"passport\"".into(),
            },
            Reason::NoneOf {
                choices: "en, fr".into(),
            },
            Reason::NotHttpsUrl {
                value: "\"http://x\"".into(),
            },
            Reason::UnknownSetting,
            Reason::UnknownSettingMeant {
                meant: "kiosk.flow",
            },
            Reason::UnknownSection,
            Reason::ShouldBeSection {
                name: "kiosk".into(),
            },
            Reason::Unreadable {
                cause: "denied".into(),
            },
            Reason::InvalidToml {
                cause: "unclosed table".into(),
            },
        ];
        let codes: Vec<_> = all.iter().map(Reason::code).collect();
        assert_eq!(
            codes,
            Reason::CODES,
            "every variant, in CODES' order, each code once"
        );
        for r in &all {
            let english = r.to_string();
            // Every parameter's value appears in the English sentence: nothing is lost in a code.
            for (name, value) in r.params() {
                assert!(
                    english.contains(&value),
                    "{}: {name}={value} not in {english:?}",
                    r.code()
                );
            }
            let wire = serde_json::to_value(r).unwrap();
            assert_eq!(wire["code"], r.code());
        }
        assert_eq!(
            all[5].to_string(),
            "\"popup\" is not one of auto, modal, hosted"
        );
    }
}

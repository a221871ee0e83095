//! What the staff panel lists under "Needs attention": settings the kiosk could not use and a
//! journal that cannot record, as codes with parameters (worded by the panel in the staff
//! language) beside the English the log and `doctor` print. A leaf, so the health checks and the
//! kiosk can both hold one.

use crate::settings::SettingProblem;

/// What the panel lists under "Needs attention", as codes with parameters it words in the staff
/// language; `text` is the English the log and `doctor` print.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProblemView {
    /// A setting, key or file the kiosk could not use (where, why, and what it did instead).
    Setting {
        #[serde(flatten)]
        problem: SettingProblem,
        text: String,
    },
    /// The journal cannot record sessions; `code` is its error's (`journal_full`…).
    Journal { code: &'static str, text: String },
}

impl ProblemView {
    /// The English sentence.
    pub fn text(&self) -> &str {
        match self {
            Self::Setting { text, .. } | Self::Journal { text, .. } => text,
        }
    }
}

impl From<&SettingProblem> for ProblemView {
    fn from(problem: &SettingProblem) -> Self {
        Self::Setting {
            text: problem.to_string(),
            problem: problem.clone(),
        }
    }
}

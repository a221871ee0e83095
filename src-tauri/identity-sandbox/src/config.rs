//! Sandbox settings chosen by the embedding app or the test suite.

use std::path::PathBuf;
use std::time::Duration;

/// Environment variable naming a JSON-lines file that receives every `/v1/` response.
pub const RECORD_ENV: &str = "IDENTITY_SANDBOX_RECORD";

/// How the sandbox behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxConfig {
    /// `last_error.code` set by the "Verification failure" outcomes.
    pub failure_code: String,
    /// How long the "async" outcomes stay `processing`.
    pub async_delay: Duration,
    /// How long `redaction.status` stays `processing`.
    pub redaction_delay: Duration,
    /// Where to append one JSON line per `/v1/` response, for schema validation.
    pub record_path: Option<PathBuf>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            failure_code: "document_unverified_other".to_string(),
            async_delay: Duration::from_secs(4),
            redaction_delay: Duration::from_secs(2),
            record_path: None,
        }
    }
}

impl SandboxConfig {
    /// Defaults, with `record_path` from `IDENTITY_SANDBOX_RECORD` when set and non-empty.
    pub fn from_env() -> Self {
        let record_path = std::env::var_os(RECORD_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        SandboxConfig {
            record_path,
            ..SandboxConfig::default()
        }
    }
}

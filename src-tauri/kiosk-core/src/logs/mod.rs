//! The kiosk's logs: what reaches them, where they go, and how long they stay.
//!
//! Every formatted line passes through [`Redacting`] before it reaches a sink (the daily file or
//! stderr), so no Stripe key, client secret, hosted verification URL, `Authorization` value or
//! personal data is written, whichever crate logged it and at whatever level (Tauri's and wry's
//! `log` records are bridged into `tracing` and go through the same writer).
//!
//! - `redact`: the scrubbing of log text ([`redact`]) and the writer wrapper that applies it;
//! - `files`: the daily files in the log folder ([`LogFiles`]), private to the kiosk's user;
//! - `panics`: panics written through the same redaction ([`log_panics`]);
//! - `retention`: deleting the kiosk's own log files once they are older than the setting
//!   `logs.retention_days` ([`prune`]).
//!
//! The app shell composes these with `tracing_subscriber`; this module installs nothing global
//! but the panic hook, when asked.

mod files;
mod panics;
mod redact;
mod retention;

use std::path::PathBuf;

pub use files::LogFiles;
pub use panics::log_panics;
pub use redact::{redact, Redacting, RedactingWriter, REDACTED, SENSITIVE_FIELDS};
pub use retention::{
    file_day, file_name, prune, prune_as_of, prune_where, Pruned, FILE_PREFIX, FILE_SUFFIX,
};

/// Why the log files cannot be used (the kiosk then logs to stderr only).
#[derive(Debug, thiserror::Error)]
pub enum LogsError {
    #[error("cannot create the log folder {}: {source}", path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the log file {}: {source}", path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the daily log files: {0}")]
    Appender(#[from] tracing_appender::rolling::InitError),
}

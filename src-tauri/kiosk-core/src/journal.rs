//! The local journal of the sessions this kiosk created: one SQLite file in WAL mode.
//!
//! It holds nothing from the document: only when, which session, how it ended (Stripe's status
//! and `last_error` code), the customer's reference and the kiosk id. Staff use it to find a
//! session again in Stripe's dashboard, and the app uses it at start-up to follow up sessions
//! it left unfinished.
//!
//! A session is recorded before its client secret reaches the webview, so the kiosk never has
//! a session Stripe bills for that it does not know about. Its status only moves forward: once
//! `verified` or `canceled`, a late poll cannot turn it back, and `redacted` is never cleared.
//!
//! - `open`: opening the file (folder, owner-only mode, WAL) and bringing its schema up to date;
//! - `queries`: recording sessions and create attempts, the status rules, and reading them back;
//! - `export`: the CSV export staff open in a spreadsheet.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rusqlite::{Connection, Row};

mod export;
mod open;
mod queries;
#[cfg(test)]
mod tests;

/// The columns of a [`JournalEntry`], in the order `entry` reads them (shared by the queries
/// and the export).
const COLUMNS: &str =
    "session_id, created_at, updated_at, status, reason_code, reference, kiosk_id, redacted";

/// One session as the journal knows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct JournalEntry {
    pub session_id: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds of the last change of status, reason or redaction.
    pub updated_at: i64,
    /// Stripe's status: `requires_input`, `processing`, `verified` or `canceled`.
    pub status: String,
    /// Stripe's `last_error.code`, when there is one.
    pub reason_code: Option<String>,
    pub reference: Option<String>,
    /// Empty when the session's create was never recorded.
    pub kiosk_id: String,
    pub redacted: bool,
}

/// The journal. One connection behind a lock: writes are a handful per customer.
#[derive(Debug)]
pub struct Journal {
    conn: Mutex<Connection>,
    /// For error messages; `:memory:` for an in-memory journal.
    path: PathBuf,
}

/// Everything the journal can fail with.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// The journal's folder (or the file itself) could not be created.
    #[error("cannot create the journal {path}: {source}")]
    Create { path: PathBuf, source: io::Error },
    /// The disk holding the journal is full (SQLITE_FULL).
    #[error("the disk holding the journal {path} is full")]
    Full {
        path: PathBuf,
        source: rusqlite::Error,
    },
    /// Any other SQLite failure.
    #[error("the journal {path} failed: {source}")]
    Db {
        path: PathBuf,
        source: rusqlite::Error,
    },
    /// The file was written by a newer version of the app; changing it could lose data.
    #[error("the journal {path} has schema version {found}, newer than this app's {known}")]
    TooNew {
        path: PathBuf,
        found: i64,
        known: usize,
    },
    /// The CSV export could not be written to its destination.
    #[error("cannot write the journal export: {0}")]
    Export(#[from] csv::Error),
}

impl JournalError {
    /// The stable code the UI branches on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Full { .. } => "journal_full",
            _ => "journal_failed",
        }
    }

    fn db(path: &Path, source: rusqlite::Error) -> Self {
        let path = path.to_owned();
        match &source {
            rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::DiskFull => {
                Self::Full { path, source }
            }
            _ => Self::Db { path, source },
        }
    }
}

impl Journal {
    /// Where the journal lives (`:memory:` for an in-memory one).
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn select(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<JournalEntry>, JournalError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map(params, entry).map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while the lock was held cannot leave the file half-written (each statement is
        // its own transaction), so the connection is still good to use.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn err(&self, e: rusqlite::Error) -> JournalError {
        JournalError::db(&self.path, e)
    }
}

fn entry(row: &Row<'_>) -> rusqlite::Result<JournalEntry> {
    Ok(JournalEntry {
        session_id: row.get(0)?,
        created_at: row.get(1)?,
        updated_at: row.get(2)?,
        status: row.get(3)?,
        reason_code: row.get(4)?,
        reference: row.get(5)?,
        kiosk_id: row.get(6)?,
        redacted: row.get(7)?,
    })
}

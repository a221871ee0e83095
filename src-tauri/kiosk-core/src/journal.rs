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

use std::borrow::Cow;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, Row};

/// Stripe's statuses after which nothing more happens to a session.
const TERMINAL: [&str; 2] = ["verified", "canceled"];
/// The status every session starts in.
const INITIAL_STATUS: &str = "requires_input";

/// The schema, one step per entry, applied in order; `PRAGMA user_version` counts the steps a
/// file has had. Never edit a step that has shipped: add another.
const MIGRATIONS: &[&str] = &[
    // 1: the sessions. `kiosk_id` is empty for a session the journal only learnt of from a
    // status update (its create was never recorded).
    "CREATE TABLE sessions (
        session_id  TEXT PRIMARY KEY NOT NULL,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL,
        status      TEXT NOT NULL,
        reason_code TEXT,
        reference   TEXT,
        kiosk_id    TEXT NOT NULL,
        redacted    INTEGER NOT NULL DEFAULT 0 CHECK (redacted IN (0, 1))
    ) STRICT;
    CREATE INDEX sessions_by_created_at ON sessions (created_at);",
    // 2: creates sent to Stripe whose answer is not recorded yet. Written before the request
    // leaves, removed once the session is recorded (or Stripe said no): one left behind by a
    // crash names a session Stripe may have made that `sessions` does not know.
    "CREATE TABLE pending_creates (
        attempt     TEXT PRIMARY KEY NOT NULL,
        created_at  INTEGER NOT NULL
    ) STRICT;",
];

/// How long a statement waits for another connection (the CLI, say) to release the file.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

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
    /// Opens the journal at `path`, creating its folder and file if needed, and brings its
    /// schema up to date.
    ///
    /// WAL with `synchronous=NORMAL`: a crash of the app loses nothing, a power cut can lose
    /// the last few commits but never corrupts the file, and writes stay cheap.
    pub fn open(path: &Path) -> Result<Self, JournalError> {
        let create_err = |source| JournalError::Create {
            path: path.to_owned(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(create_err)?;
        }
        create_private(path).map_err(create_err)?;
        let conn = Connection::open(path).map_err(|e| JournalError::db(path, e))?;
        Self::setup(conn, path.to_owned())
    }

    /// A journal that lives only as long as the value (tests, and a kiosk whose data folder
    /// cannot be written).
    pub fn open_in_memory() -> Result<Self, JournalError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| JournalError::db(&path, e))?;
        Self::setup(conn, path)
    }

    fn setup(mut conn: Connection, path: PathBuf) -> Result<Self, JournalError> {
        let err = |e| JournalError::db(&path, e);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(err)?;
        // An in-memory database answers "memory". A file system without shared memory (some
        // network shares) keeps the rollback journal: slower, still correct, so not fatal.
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            tracing::warn!(path = %path.display(), mode, "the journal could not use WAL mode");
        }
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(err)?;
        migrate(&mut conn, &path)?;
        Ok(Self {
            conn: Mutex::new(conn),
            path,
        })
    }

    /// Records a session Stripe just created, with status `requires_input`. Call it before the
    /// client secret reaches the webview.
    ///
    /// Idempotent: a replayed create records nothing new. (If a status update got there first,
    /// the create fills in the kiosk id and reference that update could not know.)
    pub fn record_created(
        &self,
        session_id: &str,
        reference: Option<&str>,
        kiosk_id: &str,
        now: i64,
    ) -> Result<(), JournalError> {
        self.conn()
            .execute(
                "INSERT INTO sessions
                     (session_id, created_at, updated_at, status, reference, kiosk_id)
                 VALUES (?1, ?2, ?2, ?3, ?4, ?5)
                 ON CONFLICT (session_id) DO UPDATE SET
                     kiosk_id = excluded.kiosk_id,
                     reference = coalesce(sessions.reference, excluded.reference)
                 WHERE sessions.kiosk_id = ''",
                params![session_id, now, INITIAL_STATUS, reference, kiosk_id],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Notes a create about to be sent (its `attempt` is the request's idempotency key, also
    /// in the session's metadata), before it is sent.
    pub fn record_attempt(&self, attempt: &str, now: i64) -> Result<(), JournalError> {
        self.conn()
            .execute(
                "INSERT OR IGNORE INTO pending_creates (attempt, created_at) VALUES (?1, ?2)",
                params![attempt, now],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The create's outcome is known (its session is recorded, or Stripe made none).
    pub fn clear_attempt(&self, attempt: &str) -> Result<(), JournalError> {
        self.conn()
            .execute(
                "DELETE FROM pending_creates WHERE attempt = ?1",
                params![attempt],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Creates whose outcome was never recorded (a crash between the request and its
    /// answer): `(attempt, unix seconds)`, oldest first.
    pub fn pending_attempts(&self) -> Result<Vec<(String, i64)>, JournalError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare("SELECT attempt, created_at FROM pending_creates ORDER BY created_at, attempt")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }

    /// Records the status Stripe reports (`requires_input`, `processing`, `verified`,
    /// `canceled`) and the `last_error` code when there is one.
    ///
    /// A session in a terminal state keeps it: a late or replayed poll cannot roll `verified`
    /// or `canceled` back. (`requires_input` ↔ `processing` both ways is normal: a failed
    /// submission goes back to `requires_input`.) An unknown session id is inserted rather
    /// than dropped, so no session is ever lost.
    pub fn update_status(
        &self,
        session_id: &str,
        status: &str,
        reason_code: Option<&str>,
        now: i64,
    ) -> Result<(), JournalError> {
        // The rule lives in the one statement so that no interleaving can break it. Writing
        // only on a change keeps `updated_at` meaning "last changed" however often the page
        // polls.
        self.conn()
            .execute(
                "INSERT INTO sessions
                     (session_id, created_at, updated_at, status, reason_code, kiosk_id)
                 VALUES (?1, ?4, ?4, ?2, ?3, '')
                 ON CONFLICT (session_id) DO UPDATE SET
                     status = excluded.status,
                     reason_code = excluded.reason_code,
                     updated_at = max(sessions.updated_at, excluded.updated_at)
                 WHERE sessions.status NOT IN (?5, ?6)
                   AND (sessions.status IS NOT excluded.status
                        OR sessions.reason_code IS NOT excluded.reason_code)",
                params![
                    session_id,
                    status,
                    reason_code,
                    now,
                    TERMINAL[0],
                    TERMINAL[1]
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Notes that the session's data was redacted at Stripe. Returns whether the journal knows
    /// the session (nothing is recorded for one it does not).
    pub fn mark_redacted(&self, session_id: &str, now: i64) -> Result<bool, JournalError> {
        let changed = self
            .conn()
            .execute(
                "UPDATE sessions SET
                     updated_at = CASE WHEN redacted = 0
                         THEN max(updated_at, ?2) ELSE updated_at END,
                     redacted = 1
                 WHERE session_id = ?1",
                params![session_id, now],
            )
            .map_err(|e| self.err(e))?;
        Ok(changed > 0)
    }

    /// One session, if the journal has it.
    pub fn get(&self, session_id: &str) -> Result<Option<JournalEntry>, JournalError> {
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM sessions WHERE session_id = ?1"),
                [session_id],
                entry,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The `limit` newest sessions, newest first.
    pub fn recent(&self, limit: usize) -> Result<Vec<JournalEntry>, JournalError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.select(
            &format!(
                "SELECT {COLUMNS} FROM sessions ORDER BY created_at DESC, rowid DESC LIMIT ?1"
            ),
            params![limit],
        )
    }

    /// Sessions not in a terminal state (`requires_input` or `processing`), oldest first:
    /// the ones to ask Stripe about again.
    pub fn unfinished(&self) -> Result<Vec<JournalEntry>, JournalError> {
        self.select(
            &format!(
                "SELECT {COLUMNS} FROM sessions WHERE status IN ('requires_input', 'processing')
                 ORDER BY created_at ASC, rowid ASC"
            ),
            params![],
        )
    }

    /// Writes every session as CSV, newest first, and returns how many rows (without the
    /// header). Columns: `created_at` (RFC 3339 UTC), `session_id`, `status`, `reason_code`,
    /// `reference`, `kiosk_id`, `redacted` (`true`/`false`).
    ///
    /// References are typed by customers and the file is opened in spreadsheets, so a field
    /// that a spreadsheet would run as a formula is prefixed with `'`.
    pub fn export_csv(&self, out: impl io::Write) -> Result<usize, JournalError> {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record([
            "created_at",
            "session_id",
            "status",
            "reason_code",
            "reference",
            "kiosk_id",
            "redacted",
        ])?;
        let conn = self.conn();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT {COLUMNS} FROM sessions ORDER BY created_at DESC, rowid DESC"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], entry).map_err(|e| self.err(e))?;
        let mut count = 0;
        for row in rows {
            let e = row.map_err(|e| self.err(e))?;
            let created = rfc3339(e.created_at);
            let fields = [
                defuse(&created),
                defuse(&e.session_id),
                defuse(&e.status),
                defuse(e.reason_code.as_deref().unwrap_or("")),
                defuse(e.reference.as_deref().unwrap_or("")),
                defuse(&e.kiosk_id),
                Cow::Borrowed(if e.redacted { "true" } else { "false" }),
            ];
            csv.write_record(fields.iter().map(|f| f.as_bytes()))?;
            count += 1;
        }
        csv.flush().map_err(csv::Error::from)?;
        Ok(count)
    }

    /// Deletes the terminal sessions created before `before` (unix seconds) and returns how
    /// many. Unfinished sessions are kept whatever their age: they still need following up.
    pub fn prune(&self, before: i64) -> Result<usize, JournalError> {
        self.conn()
            .execute(
                "DELETE FROM sessions WHERE created_at < ?1 AND status IN (?2, ?3)",
                params![before, TERMINAL[0], TERMINAL[1]],
            )
            .map_err(|e| self.err(e))
    }

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

/// Applies the migrations the file has not had yet, each in its own transaction.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), JournalError> {
    let err = |e| JournalError::db(path, e);
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(err)?;
    let done = usize::try_from(version)
        .ok()
        .filter(|v| *v <= MIGRATIONS.len())
        .ok_or_else(|| JournalError::TooNew {
            path: path.to_owned(),
            found: version,
            known: MIGRATIONS.len(),
        })?;
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(done) {
        let tx = conn.transaction().map_err(err)?;
        tx.execute_batch(sql).map_err(err)?;
        tx.pragma_update(None, "user_version", step + 1)
            .map_err(err)?;
        tx.commit().map_err(err)?;
    }
    Ok(())
}

/// Creates the journal file readable by its owner only (it holds customers' references);
/// SQLite gives its `-wal` and `-shm` files the same mode. An existing file is left as is.
fn create_private(path: &Path) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop)
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

/// Prefixes `'` to a field a spreadsheet would evaluate (OWASP's list: `=`, `+`, `-`, `@`,
/// and the tab and carriage return that some of them skip before looking).
fn defuse(field: &str) -> Cow<'_, str> {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{field}"))
    } else {
        Cow::Borrowed(field)
    }
}

/// Unix seconds as RFC 3339 UTC, e.g. `2026-11-25T22:56:14Z` (empty if out of range).
fn rfc3339(secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(j: &Journal, id: &str) -> (String, Option<String>) {
        let e = j.get(id).unwrap().unwrap();
        (e.status, e.reason_code)
    }

    #[test]
    fn a_journal_file_persists_across_reopening_and_runs_in_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/folder/journal.sqlite3");
        {
            let j = Journal::open(&path).unwrap();
            j.record_created("vs_1", Some("BK-1"), "front-desk", 100)
                .unwrap();
            j.update_status("vs_1", "verified", None, 120).unwrap();
        }
        let j = Journal::open(&path).unwrap();
        let mode: String = j
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = j
            .conn()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 1, "NORMAL");
        let version: i64 = j
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
        assert_eq!(
            j.get("vs_1").unwrap(),
            Some(JournalEntry {
                session_id: "vs_1".into(),
                created_at: 100,
                updated_at: 120,
                status: "verified".into(),
                reason_code: None,
                reference: Some("BK-1".into()),
                kiosk_id: "front-desk".into(),
                redacted: false,
            })
        );
        assert_eq!(j.path(), path);
    }

    #[cfg(unix)]
    #[test]
    fn the_journal_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.sqlite3");
        let j = Journal::open(&path).unwrap();
        j.record_created("vs_1", None, "k", 1).unwrap();
        // While it is open: the -wal file goes away with the last connection.
        for file in ["journal.sqlite3", "journal.sqlite3-wal"] {
            let mode = fs::metadata(dir.path().join(file))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{file}");
        }
    }

    #[test]
    fn a_journal_from_a_newer_app_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.sqlite3");
        Journal::open(&path)
            .unwrap()
            .conn()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let e = Journal::open(&path).unwrap_err();
        assert!(matches!(e, JournalError::TooNew { found: 99, .. }), "{e}");
        assert_eq!(e.code(), "journal_failed");
        assert!(e.to_string().contains("journal.sqlite3"), "{e}");
    }

    #[test]
    fn record_created_is_idempotent() {
        let j = Journal::open_in_memory().unwrap();
        j.record_created("vs_1", Some("A"), "k1", 100).unwrap();
        j.update_status("vs_1", "processing", None, 110).unwrap();
        j.record_created("vs_1", Some("B"), "k2", 200).unwrap();
        let e = j.get("vs_1").unwrap().unwrap();
        assert_eq!(
            (e.created_at, e.updated_at, e.status.as_str()),
            (100, 110, "processing")
        );
        assert_eq!(
            (e.reference.as_deref(), e.kiosk_id.as_str()),
            (Some("A"), "k1")
        );
        assert_eq!(j.recent(10).unwrap().len(), 1);
    }

    #[test]
    fn a_status_for_an_unknown_session_is_kept_and_its_create_fills_in_the_rest() {
        let j = Journal::open_in_memory().unwrap();
        j.update_status("vs_x", "processing", None, 50).unwrap();
        let e = j.get("vs_x").unwrap().unwrap();
        assert_eq!((e.status.as_str(), e.kiosk_id.as_str()), ("processing", ""));
        j.record_created("vs_x", Some("R"), "k1", 49).unwrap();
        let e = j.get("vs_x").unwrap().unwrap();
        assert_eq!(
            e.status, "processing",
            "the create does not reset the status"
        );
        assert_eq!(
            (e.reference.as_deref(), e.kiosk_id.as_str()),
            (Some("R"), "k1")
        );
    }

    #[test]
    fn status_moves_between_open_states_but_never_out_of_a_terminal_one() {
        let j = Journal::open_in_memory().unwrap();
        j.record_created("vs_1", None, "k", 100).unwrap();
        j.update_status("vs_1", "processing", None, 101).unwrap();
        j.update_status("vs_1", "requires_input", Some("document_expired"), 102)
            .unwrap();
        assert_eq!(
            status(&j, "vs_1"),
            ("requires_input".into(), Some("document_expired".into()))
        );
        j.update_status("vs_1", "processing", None, 103).unwrap();
        j.update_status("vs_1", "verified", None, 104).unwrap();
        // A late poll, a replay, or a cancel after the fact: none of them sticks.
        j.update_status("vs_1", "requires_input", Some("consent_declined"), 105)
            .unwrap();
        j.update_status("vs_1", "processing", None, 106).unwrap();
        j.update_status("vs_1", "canceled", None, 107).unwrap();
        let e = j.get("vs_1").unwrap().unwrap();
        assert_eq!(
            (e.status.as_str(), e.reason_code, e.updated_at),
            ("verified", None, 104)
        );

        j.record_created("vs_2", None, "k", 100).unwrap();
        j.update_status("vs_2", "canceled", None, 101).unwrap();
        j.update_status("vs_2", "requires_input", None, 102)
            .unwrap();
        assert_eq!(status(&j, "vs_2"), ("canceled".into(), None));
    }

    #[test]
    fn an_unchanged_status_does_not_move_updated_at() {
        let j = Journal::open_in_memory().unwrap();
        j.record_created("vs_1", None, "k", 100).unwrap();
        j.update_status("vs_1", "processing", None, 110).unwrap();
        j.update_status("vs_1", "processing", None, 150).unwrap();
        assert_eq!(j.get("vs_1").unwrap().unwrap().updated_at, 110);
    }

    #[test]
    fn redacted_stays_redacted() {
        let j = Journal::open_in_memory().unwrap();
        j.record_created("vs_1", None, "k", 100).unwrap();
        j.update_status("vs_1", "verified", None, 110).unwrap();
        assert!(j.mark_redacted("vs_1", 120).unwrap());
        assert!(j.mark_redacted("vs_1", 130).unwrap(), "again: still known");
        j.update_status("vs_1", "requires_input", None, 140)
            .unwrap();
        j.record_created("vs_1", None, "k", 150).unwrap();
        let e = j.get("vs_1").unwrap().unwrap();
        assert!(e.redacted);
        assert_eq!((e.status.as_str(), e.updated_at), ("verified", 120));
        assert!(!j.mark_redacted("vs_unknown", 120).unwrap());
        assert_eq!(j.get("vs_unknown").unwrap(), None);
    }

    #[test]
    fn recent_is_newest_first_and_limited() {
        let j = Journal::open_in_memory().unwrap();
        j.record_created("vs_b", None, "k", 200).unwrap();
        j.record_created("vs_a", None, "k", 100).unwrap();
        j.record_created("vs_c", None, "k", 300).unwrap();
        // Same second: the later insert is the newer one.
        j.record_created("vs_d", None, "k", 300).unwrap();
        let ids = |v: Vec<JournalEntry>| v.into_iter().map(|e| e.session_id).collect::<Vec<_>>();
        assert_eq!(ids(j.recent(10).unwrap()), ["vs_d", "vs_c", "vs_b", "vs_a"]);
        assert_eq!(ids(j.recent(2).unwrap()), ["vs_d", "vs_c"]);
        assert!(j.recent(0).unwrap().is_empty());
        assert_eq!(j.recent(usize::MAX).unwrap().len(), 4);
    }

    #[test]
    fn unfinished_lists_open_sessions_oldest_first() {
        let j = Journal::open_in_memory().unwrap();
        for (id, at, status) in [
            ("vs_3", 300, "processing"),
            ("vs_1", 100, "requires_input"),
            ("vs_2", 200, "verified"),
            ("vs_4", 400, "canceled"),
            ("vs_0", 50, "requires_input"),
        ] {
            j.record_created(id, None, "k", at).unwrap();
            j.update_status(id, status, None, at + 1).unwrap();
        }
        let ids: Vec<_> = j
            .unfinished()
            .unwrap()
            .into_iter()
            .map(|e| e.session_id)
            .collect();
        assert_eq!(ids, ["vs_0", "vs_1", "vs_3"]);
    }

    #[test]
    fn csv_export_has_a_header_quotes_properly_and_defuses_formulas() {
        let j = Journal::open_in_memory().unwrap();
        j.record_created("vs_1", Some("plain"), "front-desk", 1_795_647_374)
            .unwrap();
        j.record_created("vs_2", Some("a, \"b\"\nc"), "k", 1_795_647_375)
            .unwrap();
        j.record_created("vs_3", Some("=HYPERLINK(\"x\")"), "k", 1_795_647_376)
            .unwrap();
        j.record_created("vs_4", Some("+1"), "-k", 1_795_647_377)
            .unwrap();
        j.record_created("vs_5", Some("@SUM(A1)"), "k", 1_795_647_378)
            .unwrap();
        j.update_status(
            "vs_1",
            "requires_input",
            Some("document_expired"),
            1_795_647_400,
        )
        .unwrap();
        j.mark_redacted("vs_1", 1_795_647_500).unwrap();

        let mut out = Vec::new();
        assert_eq!(j.export_csv(&mut out).unwrap(), 5);
        let text = String::from_utf8(out).unwrap();
        let expected = "\
created_at,session_id,status,reason_code,reference,kiosk_id,redacted
2026-11-25T22:56:18Z,vs_5,requires_input,,'@SUM(A1),k,false
2026-11-25T22:56:17Z,vs_4,requires_input,,'+1,'-k,false
2026-11-25T22:56:16Z,vs_3,requires_input,,\"'=HYPERLINK(\"\"x\"\")\",k,false
2026-11-25T22:56:15Z,vs_2,requires_input,,\"a, \"\"b\"\"\nc\",k,false
2026-11-25T22:56:14Z,vs_1,requires_input,document_expired,plain,front-desk,true
";
        assert_eq!(text, expected);

        // And a CSV reader gets the fields back.
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(&rows[3][4], "a, \"b\"\nc");
        assert_eq!(&rows[2][4], "'=HYPERLINK(\"x\")");
    }

    #[test]
    fn an_empty_journal_exports_only_the_header() {
        let j = Journal::open_in_memory().unwrap();
        let mut out = Vec::new();
        assert_eq!(j.export_csv(&mut out).unwrap(), 0);
        assert_eq!(
            out,
            b"created_at,session_id,status,reason_code,reference,kiosk_id,redacted\n"
        );
    }

    #[test]
    fn prune_deletes_old_terminal_sessions_only() {
        let j = Journal::open_in_memory().unwrap();
        for (id, at, status) in [
            ("old_verified", 100, "verified"),
            ("old_canceled", 150, "canceled"),
            ("old_processing", 100, "processing"),
            ("old_requires_input", 100, "requires_input"),
            ("new_verified", 1000, "verified"),
        ] {
            j.record_created(id, None, "k", at).unwrap();
            j.update_status(id, status, None, at).unwrap();
        }
        assert_eq!(j.prune(500).unwrap(), 2);
        let mut left: Vec<_> = j
            .recent(10)
            .unwrap()
            .into_iter()
            .map(|e| e.session_id)
            .collect();
        left.sort();
        assert_eq!(
            left,
            ["new_verified", "old_processing", "old_requires_input"]
        );
        assert_eq!(j.prune(500).unwrap(), 0);
    }

    #[test]
    fn a_full_disk_has_its_own_code() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.sqlite3");
        let j = Journal::open(&path).unwrap();
        // Cap the file at its current size: the next page it needs is "disk full".
        let pages: i64 = j
            .conn()
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        j.conn()
            .pragma_update(None, "max_page_count", pages)
            .unwrap();
        let long = "x".repeat(10_000);
        let e = (0..100)
            .find_map(|i| {
                j.record_created(&format!("vs_{i}"), Some(&long), "k", i)
                    .err()
            })
            .expect("the capped journal fills up");
        assert_eq!(e.code(), "journal_full", "{e:?}");
        assert!(e.to_string().contains("journal.sqlite3"), "{e}");
        assert!(e.to_string().contains("full"), "{e}");
    }

    #[test]
    fn timestamps_format_as_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_647_374), "2026-11-25T22:56:14Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(951_868_799), "2000-02-29T23:59:59Z");
        assert_eq!(rfc3339(4_107_542_400), "2100-03-01T00:00:00Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
    }
}

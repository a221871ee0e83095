//! Opening the journal: its folder and owner-only file, SQLite's settings (WAL, busy timeout)
//! and the schema's migrations. Everything that runs before the first query is here; the rows
//! themselves are the queries' and the export's business.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::Connection;

use super::{Journal, JournalError};

/// The schema, one step per entry, applied in order; `PRAGMA user_version` counts the steps a
/// file has had. Never edit a step that has shipped: add another. (Seen by the tests, which
/// check a file ends up at the last step.)
pub(super) const MIGRATIONS: &[&str] = &[
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
    crate::private_files::file_options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map(drop)
}

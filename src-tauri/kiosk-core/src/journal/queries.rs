//! The journal's rows: recording a session and each status Stripe reports (with the rules that
//! keep a status moving forward only), the notes of creates in flight, and reading sessions
//! back. Opening the file and the CSV export are elsewhere.

use rusqlite::{params, OptionalExtension};

use super::{entry, Journal, JournalEntry, JournalError, COLUMNS};

/// Stripe's statuses after which nothing more happens to a session.
const TERMINAL: [&str; 2] = ["verified", "canceled"];
/// The status every session starts in.
const INITIAL_STATUS: &str = "requires_input";

impl Journal {
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
}

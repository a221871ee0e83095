//! The journal's CSV export: every session, newest first, with dates in RFC 3339 and fields a
//! spreadsheet would run as formulas defused. It only reads the journal.

use std::borrow::Cow;
use std::io;

use super::{entry, Journal, JournalError, COLUMNS};

impl Journal {
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

/// Unix seconds as RFC 3339 UTC, e.g. `2026-11-25T22:56:14Z` (empty if out of range). Seen by
/// the tests, which check the calendar's edges.
pub(super) fn rfc3339(secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

//! The journal's tests: schema and file mode, the status rules, queries, the CSV export and
//! a full disk, on in-memory and temporary journals.

use std::fs;

use super::export::rfc3339;
use super::open::MIGRATIONS;
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

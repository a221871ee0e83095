//! Deleting old log files, by the dates in their names.
//!
//! The daily files are named `identity-kiosk.YYYY-MM-DD.log` after the UTC day they cover
//! (tracing-appender's daily rotation). A file goes once its newest line is more than
//! `retention_days` days old, that is when its day is more than `retention_days` days before
//! today: with 30, today's file and those of the 30 days before stay.
//!
//! The date comes from the name, not the modification time: copying or touching a file does not
//! change which day it covers, and the rule is testable without setting file times. Only regular
//! files with exactly that name pattern are touched; anything else in the folder is left alone.

use std::io;
use std::path::{Path, PathBuf};

use time::{Date, Month};

/// What the daily files' names start with.
pub const FILE_PREFIX: &str = "identity-kiosk";
/// What the daily files' names end with (after a dot).
pub const FILE_SUFFIX: &str = "log";

/// The file for `day`: `identity-kiosk.2025-03-01.log`.
pub fn file_name(day: Date) -> String {
    format!(
        "{FILE_PREFIX}.{:04}-{:02}-{:02}.{FILE_SUFFIX}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

/// The day a daily file covers, or `None` when `name` is not one of the kiosk's log files.
pub fn file_day(name: &str) -> Option<Date> {
    let date = name
        .strip_prefix(FILE_PREFIX)?
        .strip_prefix('.')?
        .strip_suffix(FILE_SUFFIX)?
        .strip_suffix('.')?;
    let b = date.as_bytes();
    let well_formed = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0..4, 5..7, 8..10]
            .into_iter()
            .all(|r| b[r].iter().all(u8::is_ascii_digit));
    if !well_formed {
        return None;
    }
    let year = date[0..4].parse().ok()?;
    let month = Month::try_from(date[5..7].parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year, month, date[8..10].parse().ok()?).ok()
}

/// Today in UTC, the calendar the daily rotation uses.
pub(crate) fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

/// What [`prune`] did.
#[derive(Debug, Default)]
pub struct Pruned {
    pub removed: Vec<PathBuf>,
    /// Files that should have gone but could not be deleted.
    pub failed: Vec<(PathBuf, io::Error)>,
}

/// Deletes the kiosk's log files in `dir` older than `retention_days` days (see the module
/// doc). Fails only when the folder cannot be listed.
pub fn prune(dir: &Path, retention_days: u32) -> io::Result<Pruned> {
    prune_as_of(dir, retention_days, today())
}

/// [`prune`] as if today were `today`, for tests.
pub fn prune_as_of(dir: &Path, retention_days: u32, today: Date) -> io::Result<Pruned> {
    let keep = i32::try_from(retention_days).unwrap_or(i32::MAX);
    prune_where(dir, |name| {
        file_day(name).is_some_and(|day| today.to_julian_day() - day.to_julian_day() > keep)
    })
}

/// Deletes the regular files in `dir` whose names `expired` says are the kiosk's own and past
/// their time (the logs here, the CSV exports in `crate::exports`). Fails when the folder, or
/// one of its entries, cannot be read; a file that cannot be deleted is reported in
/// [`Pruned::failed`].
pub fn prune_where(dir: &Path, expired: impl Fn(&str) -> bool) -> io::Result<Pruned> {
    let mut pruned = Pruned::default();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if !entry.file_name().to_str().is_some_and(&expired) {
            continue;
        }
        // `file_type` does not follow symlinks: a link named like one of ours is not ours.
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        match std::fs::remove_file(&path) {
            Ok(()) => pruned.removed.push(path),
            Err(e) => pruned.failed.push((path, e)),
        }
    }
    pruned.removed.sort();
    Ok(pruned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
    }

    #[test]
    fn names_round_trip_and_strangers_are_not_ours() {
        assert_eq!(file_name(day(2025, 3, 1)), "identity-kiosk.2025-03-01.log");
        assert_eq!(
            file_day("identity-kiosk.2025-03-01.log"),
            Some(day(2025, 3, 1))
        );
        for name in [
            "identity-kiosk.log",
            "identity-kiosk.2025-3-1.log",
            "identity-kiosk.2025-02-30.log",
            "identity-kiosk.2025-03-01.log.gz",
            "identity-kiosk.2025-03-01.txt",
            "other.2025-03-01.log",
            "xidentity-kiosk.2025-03-01.log",
            "identity-kiosk.+025-03-01.log",
            "identity-kiosk.2025-03-01",
        ] {
            assert_eq!(file_day(name), None, "{name}");
        }
    }

    #[test]
    fn prune_deletes_only_own_files_past_retention() {
        let dir = tempfile::tempdir().unwrap();
        let today = day(2025, 3, 10);
        let touch = |name: &str| std::fs::write(dir.path().join(name), "x").unwrap();
        // Ages 0, 1, 2, 3 and 40 days; a year-boundary file; strangers.
        for d in [10, 9, 8, 7] {
            touch(&file_name(day(2025, 3, d)));
        }
        touch(&file_name(day(2025, 1, 29)));
        touch(&file_name(day(2024, 12, 31)));
        touch("identity-kiosk.2020-01-01.log.bak");
        touch("notes.2020-01-01.log");
        touch("journal.sqlite3");
        std::fs::create_dir(dir.path().join(file_name(day(2020, 1, 1)))).unwrap();

        let pruned = prune_as_of(dir.path(), 2, today).unwrap();
        assert!(pruned.failed.is_empty(), "{:?}", pruned.failed);
        let removed: Vec<_> = pruned
            .removed
            .iter()
            .map(|p| p.file_name().unwrap().to_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            removed,
            [
                "identity-kiosk.2024-12-31.log",
                "identity-kiosk.2025-01-29.log",
                "identity-kiosk.2025-03-07.log",
            ]
        );
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "identity-kiosk.2020-01-01.log",
                "identity-kiosk.2020-01-01.log.bak",
                "identity-kiosk.2025-03-08.log",
                "identity-kiosk.2025-03-09.log",
                "identity-kiosk.2025-03-10.log",
                "journal.sqlite3",
                "notes.2020-01-01.log",
            ]
        );

        // A longer retention keeps everything that is left; a missing folder is an error.
        assert!(prune_as_of(dir.path(), 30, today)
            .unwrap()
            .removed
            .is_empty());
        assert!(prune_as_of(&dir.path().join("absent"), 30, today).is_err());
    }
}

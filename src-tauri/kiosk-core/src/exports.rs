//! The journal's CSV exports on disk: private to the kiosk's user (`0600` files in a `0700`
//! folder, like the journal they copy), and deleted once older than the logs' retention
//! (`logs.retention_days`), at start and before each new export, so customers' references do
//! not pile up in a folder nobody looks at. Only files named as the kiosk names them are ever
//! deleted.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use crate::logs::Pruned;
use crate::private_files;

const PREFIX: &str = "verifications-";
const SUFFIX: &str = ".csv";
const DAY_SECS: i64 = 24 * 60 * 60;

/// Creates a new, empty export file in `dir` named after `now` (Unix seconds), never
/// replacing an earlier one (a second export in the same second gets `-2`, `-3`, …).
pub fn create(dir: &Path, now: i64) -> io::Result<(PathBuf, File)> {
    private_files::create_own_dir(dir)?;
    for n in 1u32.. {
        let name = match n {
            1 => format!("{PREFIX}{now}{SUFFIX}"),
            n => format!("{PREFIX}{now}-{n}{SUFFIX}"),
        };
        let path = dir.join(name);
        match private_files::file_options()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => continue,
            Err(e) => return Err(e),
        }
    }
    unreachable!("the loop returns")
}

/// Deletes the exports in `dir` made more than `retention_days` days before `now`. A folder
/// that does not exist yet has nothing to prune.
pub fn prune(dir: &Path, retention_days: u32, now: i64) -> io::Result<Pruned> {
    if !dir.exists() {
        return Ok(Pruned::default());
    }
    let keep_secs = i64::from(retention_days).saturating_mul(DAY_SECS);
    crate::logs::prune_where(dir, |name| {
        made_at(name).is_some_and(|made| now.saturating_sub(made) > keep_secs)
    })
}

/// When an export named `name` was made, if the kiosk named it.
fn made_at(name: &str) -> Option<i64> {
    let stem = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (secs, n) = stem.split_once('-').unwrap_or((stem, "1"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(secs) && digits(n)) {
        return None;
    }
    secs.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_767_261_600;

    #[test]
    fn names_are_read_back_and_strangers_are_not_ours() {
        assert_eq!(made_at("verifications-1767261600.csv"), Some(NOW));
        assert_eq!(made_at("verifications-1767261600-2.csv"), Some(NOW));
        for stranger in [
            "verifications-.csv",
            "verifications-abc.csv",
            "verifications-1767261600-x.csv",
            "verifications-1767261600.csv.bak",
            "notes.csv",
        ] {
            assert_eq!(made_at(stranger), None, "{stranger}");
        }
    }

    #[test]
    fn exports_never_overwrite_and_old_ones_go_with_the_retention() {
        let dir = tempfile::tempdir().unwrap();
        let exports = dir.path().join("exports");
        let (first, _) = create(&exports, NOW).unwrap();
        let (second, _) = create(&exports, NOW).unwrap();
        assert_ne!(first, second);
        let (old, _) = create(&exports, NOW - 31 * DAY_SECS).unwrap();
        let (recent, _) = create(&exports, NOW - 29 * DAY_SECS).unwrap();
        std::fs::write(exports.join("notes.csv"), "IT's own file").unwrap();

        let pruned = prune(&exports, 30, NOW).unwrap();
        assert_eq!(pruned.removed, vec![old.clone()]);
        assert!(pruned.failed.is_empty());
        for kept in [&first, &second, &recent] {
            assert!(kept.exists(), "{kept:?}");
        }
        assert!(exports.join("notes.csv").exists(), "not ours: kept");
        assert!(!old.exists());
        assert!(prune(&dir.path().join("none yet"), 30, NOW)
            .unwrap()
            .removed
            .is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn exports_are_private_to_the_user() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let exports = dir.path().join("exports");
        let (path, _) = create(&exports, NOW).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&exports), 0o700);
        assert_eq!(mode(&path), 0o600);
    }
}

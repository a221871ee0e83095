//! A note, next to the journal, that this kiosk's keys were stored in the OS keyring (and in
//! which mode). It holds no key material.
//!
//! Why: at start-up a keyring that cannot be read (locked after an auto-login, its daemon not
//! up yet) looks the same as a kiosk that was never given a key. Without the note the kiosk
//! would fall back to the sandbox and let customers "verify" against it. With the note it knows
//! the key is just out of reach: customers are told verification is not available, and the
//! kiosk keeps trying the keyring until it can read the key again.

use std::path::Path;

use crate::paths::AppPaths;

/// The note's file name in the data folder.
const FILE: &str = "keys-stored";

/// Records that keys of `mode` ("test" or "live") are in the keyring.
pub fn mark(paths: &AppPaths, mode: &str) {
    let path = paths.data_dir.join(FILE);
    let result =
        std::fs::create_dir_all(&paths.data_dir).and_then(|()| std::fs::write(&path, mode));
    if let Err(e) = result {
        // Only a locked keyring at a later start is handled less well without it.
        tracing::warn!(path = %path.display(), error = %e, "cannot note that keys were stored");
    }
}

/// Forgets the note (the keys were removed).
pub fn clear(paths: &AppPaths) {
    let path = paths.data_dir.join(FILE);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => tracing::warn!(path = %path.display(), error = %e, "cannot remove the keys note"),
    }
}

/// The mode of the keys stored, if the note says keys were stored.
pub fn stored_mode(paths: &AppPaths) -> Option<String> {
    read(&paths.data_dir.join(FILE))
}

fn read(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let mode = text.trim();
    matches!(mode, "test" | "live").then(|| mode.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_reads_and_clears_without_any_key() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths {
            data_dir: dir.path().join("data"),
            log_dir: dir.path().join("logs"),
        };
        assert_eq!(stored_mode(&paths), None);
        mark(&paths, "live");
        assert_eq!(stored_mode(&paths).as_deref(), Some("live"));
        assert_eq!(
            std::fs::read_to_string(paths.data_dir.join(FILE)).unwrap(),
            "live"
        );
        clear(&paths);
        clear(&paths); // twice is fine
        assert_eq!(stored_mode(&paths), None);
        std::fs::write(paths.data_dir.join(FILE), "garbage").unwrap();
        assert_eq!(stored_mode(&paths), None, "anything else is no note");
    }
}

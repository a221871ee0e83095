//! One kiosk per data folder: an OS file lock on `<data>/instance.lock`, held for the
//! process's lifetime.
//!
//! Why a file lock and not only Tauri's single-instance plugin: the plugin decides while the
//! app is being built, but the kiosk must know it is alone *before* it opens the journal and
//! settles the sessions it shows unfinished. A second instance that got that far would cancel
//! the session of the customer standing at the first one. The lock is released by the kernel
//! when the process dies in any way (`kill -9`, power cut), so it never goes stale.
//!
//! The instance's name (for the single-instance plugin's D-Bus name, socket or mutex) is derived
//! from the same folder, so both mechanisms agree on what "the same kiosk" is.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

/// The lock file's name inside the data folder.
const LOCK_FILE: &str = "instance.lock";

/// Held while this process is the kiosk of its data folder; dropping it releases the folder.
#[derive(Debug)]
pub struct InstanceLock {
    _file: File,
    path: PathBuf,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum InstanceError {
    #[error("another Identity Kiosk is already running for {0}")]
    AlreadyRunning(PathBuf),
    #[error("cannot lock {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl InstanceError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::AlreadyRunning(_) => "already_running",
            Self::Io { .. } => "instance_lock_failed",
        }
    }
}

impl InstanceLock {
    /// Takes the data folder's lock (creating the folder), or says another kiosk holds it.
    pub fn acquire(data_dir: &Path) -> Result<Self, InstanceError> {
        let path = data_dir.join(LOCK_FILE);
        let io_err = |source| InstanceError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(data_dir).map_err(io_err)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io_err)?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file, path }),
            Err(TryLockError::WouldBlock) => Err(InstanceError::AlreadyRunning(data_dir.into())),
            Err(TryLockError::Error(e)) => Err(io_err(e)),
        }
    }

    /// The lock file (for logs).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// A name for this kiosk instance that is the same for every process using `data_dir` and
/// valid as a D-Bus well-known name element: `<identifier>.k<16 hex digits>`.
pub fn instance_name(identifier: &str, data_dir: &Path) -> String {
    // FNV-1a: stable across runs and Rust versions (unlike `DefaultHasher`), and collisions
    // only matter between folders of one user.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in data_dir.to_string_lossy().as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{identifier}.k{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_folder_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let first = InstanceLock::acquire(&data).unwrap();
        assert!(first.path().ends_with(LOCK_FILE));
        let second = InstanceLock::acquire(&data).unwrap_err();
        assert_eq!(second.code(), "already_running");
        assert!(second.to_string().contains("already running"), "{second}");
        // Another folder is another kiosk.
        let other = InstanceLock::acquire(&dir.path().join("other")).unwrap();
        drop(first);
        let again = InstanceLock::acquire(&data).unwrap();
        drop((again, other));
    }

    #[test]
    fn an_unusable_folder_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, b"x").unwrap();
        let err = InstanceLock::acquire(&file).unwrap_err();
        assert_eq!(err.code(), "instance_lock_failed");
    }

    #[test]
    fn instance_names_are_stable_distinct_and_dbus_safe() {
        let a = instance_name(
            "com.identitykiosk.kiosk",
            Path::new("/home/k/.local/share/x"),
        );
        let b = instance_name(
            "com.identitykiosk.kiosk",
            Path::new("/home/k/.local/share/y"),
        );
        assert_ne!(a, b);
        assert_eq!(
            a,
            instance_name(
                "com.identitykiosk.kiosk",
                Path::new("/home/k/.local/share/x")
            )
        );
        let last = a.rsplit('.').next().unwrap();
        assert!(last.starts_with('k') && last.len() == 17, "{a}");
        assert!(a
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_'));
    }
}

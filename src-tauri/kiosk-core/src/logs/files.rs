//! The daily log files: `identity-kiosk.YYYY-MM-DD.log` in the log folder, one per UTC day.
//!
//! Writes are blocking, straight to the file (tracing-appender's rolling appender, not its
//! `non_blocking` wrapper): each line is handed to the OS before the logging call returns, so the
//! lines leading up to a crash, or to the kiosk being killed (SIGKILL, a watchdog), are on disk.
//! A background writer thread would lose what it had not written yet, which is exactly the part
//! that explains the crash. A kiosk logs a few lines a minute, so the cost does not matter.
//!
//! The files hold only redacted text, but who came to the desk and when is still nobody else's
//! business: on Unix a folder this creates is `0700` and each day's file `0600`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, Ordering};

use time::Date;
use tracing_appender::rolling::{RollingFileAppender, RollingWriter, Rotation};
use tracing_subscriber::fmt::MakeWriter;

use super::retention::{self, file_name, FILE_PREFIX, FILE_SUFFIX};
use super::LogsError;
use crate::private_files;

/// The daily files, as a [`MakeWriter`] for `tracing_subscriber::fmt` (wrap it in
/// [`super::Redacting`]). When the day rolls, the new file is made private and files past the
/// retention are deleted.
#[derive(Debug)]
pub struct LogFiles {
    appender: RollingFileAppender,
    dir: PathBuf,
    retention_days: u32,
    /// The Julian day of the last line written: a different day means the file rolled.
    day: AtomicI32,
}

impl LogFiles {
    /// Creates the folder if needed and opens today's file. Old files are not deleted here:
    /// call [`super::prune`] once logging is set up, so its outcome can be logged.
    pub fn open(dir: &Path, retention_days: u32) -> Result<Self, LogsError> {
        private_files::create_dir(dir).map_err(|source| LogsError::Folder {
            path: dir.to_owned(),
            source,
        })?;
        let today = retention::today();
        let path = dir.join(file_name(today));
        make_private_file(&path).map_err(|source| LogsError::File { path, source })?;
        let appender = RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix(FILE_PREFIX)
            .filename_suffix(FILE_SUFFIX)
            .build(dir)?;
        Ok(Self {
            appender,
            dir: dir.to_owned(),
            retention_days,
            day: AtomicI32::new(today.to_julian_day()),
        })
    }

    /// The log folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Once per day change (whichever thread sees it first): the new day's file is made
    /// private, and old files are deleted. Failures are not logged: this runs inside the
    /// logger, and the next start-up's [`super::prune`] reports them.
    fn on_new_day(&self, today: Date) {
        let path = self.dir.join(file_name(today));
        let _ = make_private_file(&path);
        let _ = retention::prune_as_of(&self.dir, self.retention_days, today);
    }
}

impl<'a> MakeWriter<'a> for LogFiles {
    type Writer = RollingWriter<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        let today = retention::today();
        let julian = today.to_julian_day();
        if self.day.swap(julian, Ordering::Relaxed) != julian {
            // Before the appender rolls over, so it opens the file created here (private). If
            // the appender's clock crossed midnight first, the permissions are fixed below.
            self.on_new_day(today);
        }
        self.appender.make_writer()
    }
}

/// Creates the file if needed, readable and writable by the user only; one made earlier is
/// tightened too.
fn make_private_file(path: &Path) -> std::io::Result<()> {
    let file = private_files::file_options()
        .append(true)
        .create(true)
        .open(path)?;
    private_files::tighten_file(&file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn writes_go_to_todays_file_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("nested").join("logs");
        let files = LogFiles::open(&logs, 30).unwrap();
        assert_eq!(files.dir(), logs);
        files.make_writer().write_all(b"first line\n").unwrap();
        // No flush, no drop of `files`: the line is in the file already (blocking writes).
        let today = logs.join(file_name(retention::today()));
        assert_eq!(std::fs::read_to_string(&today).unwrap(), "first line\n");

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&today), 0o600);
            assert_eq!(mode(&logs), 0o700);
        }
    }

    #[test]
    fn a_new_day_prunes_old_files() {
        let dir = tempfile::tempdir().unwrap();
        let files = LogFiles::open(dir.path(), 3).unwrap();
        let old = dir.path().join("identity-kiosk.2001-01-01.log");
        std::fs::write(&old, "old\n").unwrap();
        // Pretend the last line was written yesterday.
        files.day.fetch_sub(1, Ordering::Relaxed);
        files.make_writer().write_all(b"x\n").unwrap();
        assert!(!old.exists());
        // Not on every line: only when the day changes.
        std::fs::write(&old, "old\n").unwrap();
        files.make_writer().write_all(b"y\n").unwrap();
        assert!(old.exists());
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        std::fs::write(&file, "").unwrap();
        let err = LogFiles::open(&file.join("logs"), 30).unwrap_err();
        assert!(matches!(err, LogsError::Folder { .. }), "{err}");
    }
}

//! The doctor's checks of this machine: a camera, the settings files and their problems, a
//! writable log folder and a journal that opens. The only writes are the log folder's probe
//! file (removed at once) and the journal the kiosk would create anyway.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::journal::{Journal, JournalError};
use crate::settings::LoadedSettings;

use super::Check;

pub(super) fn camera(device_dir: &Path) -> Check {
    const NAME: &str = "camera";
    if !cfg!(target_os = "linux") {
        return Check::warn(
            NAME,
            "not checked on this OS; the first verification asks for camera permission",
        );
    }
    let found = video_devices(device_dir);
    if found.is_empty() {
        Check::warn(NAME, "no camera found").remedy("connect a UVC webcam")
    } else {
        let list: Vec<String> = found.iter().map(|p| p.display().to_string()).collect();
        Check::ok(NAME, list.join(", "))
    }
}

/// `video*` character devices in `dir`, sorted (links followed: udev adds some).
fn video_devices(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("video"))
        .map(|e| e.path())
        .filter(|p| fs::metadata(p).is_ok_and(|m| is_char_device(&m)))
        .collect();
    found.sort();
    found
}

#[cfg(unix)]
fn is_char_device(m: &fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    m.file_type().is_char_device()
}

#[cfg(not(unix))]
fn is_char_device(_: &fs::Metadata) -> bool {
    false
}

pub(super) fn settings(loaded: &LoadedSettings) -> Check {
    const NAME: &str = "settings";
    let user = &loaded.paths.user_file;
    let policy = &loaded.paths.policy_file;
    if loaded.problems.is_empty() {
        return Check::ok(
            NAME,
            format!(
                "user file {} ({}), policy file {} ({})",
                user.display(),
                presence(user),
                policy.display(),
                presence(policy)
            ),
        );
    }
    let policy_name = policy.display().to_string();
    let in_policy = loaded
        .problems
        .iter()
        .any(|p| p.file.as_deref() == Some(policy_name.as_str()));
    let list: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
    let list = list.join("; ");
    if in_policy {
        // A key the policy meant to set is not locked: staff can change what IT decided.
        Check::fail(
            NAME,
            format!("the machine policy is not fully in force: {list}"),
        )
        .remedy(format!("correct the policy file {policy_name}"))
    } else {
        Check::warn(
            NAME,
            format!("the kiosk runs with safe defaults for: {list}"),
        )
        .remedy("correct the listed settings (staff panel, file or variable)")
    }
}

fn presence(path: &Path) -> &'static str {
    match path.try_exists() {
        Ok(true) => "present",
        Ok(false) => "absent",
        Err(_) => "not readable",
    }
}

pub(super) fn log_folder(dir: &Path) -> Check {
    const NAME: &str = "log_folder";
    match probe_write(dir) {
        Ok(()) => Check::ok(NAME, format!("{} is writable", dir.display())),
        Err(e) => Check::fail(NAME, format!("cannot write to {}: {e}", dir.display()))
            .remedy("give the kiosk user write access to that folder"),
    }
}

/// Creates `dir` if needed, then writes and removes a file in it.
pub(super) fn probe_write(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let probe = dir.join(format!(".doctor-probe-{}", std::process::id()));
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .and_then(|mut f| f.write_all(b"identity-kiosk doctor\n"));
    // Removed even when the write failed half-way; the write's error is the one that matters.
    let removed = fs::remove_file(&probe);
    written?;
    removed
}

pub(super) fn journal(path: &Path) -> Check {
    const NAME: &str = "journal";
    let counted = Journal::open(path).and_then(|j| j.unfinished().map(|u| u.len()));
    match counted {
        Ok(n) => Check::ok(
            NAME,
            format!(
                "{}: {n} unfinished session{}",
                path.display(),
                if n == 1 { "" } else { "s" }
            ),
        ),
        Err(e) => {
            let remedy = journal_remedy(&e, path);
            Check::fail(NAME, e.to_string()).remedy(remedy)
        }
    }
}

fn journal_remedy(e: &JournalError, path: &Path) -> String {
    let folder = path.parent().unwrap_or(path).display();
    match e {
        JournalError::Full { .. } => "free space on that disk".to_owned(),
        JournalError::TooNew { .. } => {
            "a newer Identity Kiosk wrote it: install that version again".to_owned()
        }
        JournalError::Create { .. } => {
            format!("give the kiosk user write access to {folder}")
        }
        _ => format!(
            "check the permissions of {folder}; if the file is damaged, move it aside and the \
             kiosk starts a new one (the sessions stay in the Stripe Dashboard)"
        ),
    }
}

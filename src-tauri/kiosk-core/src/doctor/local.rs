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
            "camera_not_checked",
            "not checked on this OS; the first verification asks for camera permission",
        );
    }
    let found = video_devices(device_dir);
    if found.is_empty() {
        Check::warn(NAME, "camera_none", "no camera found")
            .remedy("connect_camera", "connect a UVC webcam")
    } else {
        let list: Vec<String> = found.iter().map(|p| p.display().to_string()).collect();
        let list = list.join(", ");
        Check::ok(NAME, "camera_found", list.clone()).param("devices", list)
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
            "settings_ok",
            format!(
                "user file {} ({}), policy file {} ({})",
                user.display(),
                presence(user),
                policy.display(),
                presence(policy)
            ),
        )
        .param("user_file", user.display())
        .param("policy_file", policy.display());
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
            "settings_policy_not_in_force",
            format!("the machine policy is not fully in force: {list}"),
        )
        .remedy(
            "correct_policy",
            format!("correct the policy file {policy_name}"),
        )
        .param("policy_file", &policy_name)
    } else {
        Check::warn(
            NAME,
            "settings_defaults_used",
            format!("the kiosk runs with safe defaults for: {list}"),
        )
        .remedy(
            "correct_settings",
            "correct the listed settings (staff panel, file or variable)",
        )
    }
    .param("count", loaded.problems.len())
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
        Ok(()) => Check::ok(
            NAME,
            "log_folder_ok",
            format!("{} is writable", dir.display()),
        ),
        Err(e) => Check::fail(
            NAME,
            "log_folder_not_writable",
            format!("cannot write to {}: {e}", dir.display()),
        )
        .param("cause", e)
        .remedy(
            "log_folder_access",
            "give the kiosk user write access to that folder",
        ),
    }
    .param("path", dir.display())
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
            "journal_ok",
            format!(
                "{}: {n} unfinished session{}",
                path.display(),
                if n == 1 { "" } else { "s" }
            ),
        )
        .param("count", n),
        Err(e) => {
            let (code, remedy) = journal_remedy(&e, path);
            Check::fail(NAME, "journal_failed", e.to_string())
                .param("cause", &e)
                .remedy(code, remedy)
        }
    }
    .param("path", path.display())
    .param("folder", path.parent().unwrap_or(path).display())
}

/// What to do about a journal that does not open: its remedy code and English.
fn journal_remedy(e: &JournalError, path: &Path) -> (&'static str, String) {
    let folder = path.parent().unwrap_or(path).display();
    match e {
        JournalError::Full { .. } => ("free_disk_space", "free space on that disk".to_owned()),
        JournalError::TooNew { .. } => (
            "install_newer_version",
            "a newer Identity Kiosk wrote it: install that version again".to_owned(),
        ),
        JournalError::Create { .. } => (
            "journal_folder_access",
            format!("give the kiosk user write access to {folder}"),
        ),
        _ => (
            "journal_check_file",
            format!(
                "check the permissions of {folder}; if the file is damaged, move it aside and \
                 the kiosk starts a new one (the sessions stay in the Stripe Dashboard)"
            ),
        ),
    }
}

//! Files and folders only the kiosk's user may read. The journal, the PIN hash, the logs and
//! the CSV exports hold customers' references and session ids, so none of them is left to the
//! process's umask: files are created `0600` and folders `0700` on Unix. (On Windows the
//! per-user profile folders they live in are private to the user already.)

use std::fs::{DirBuilder, OpenOptions};
use std::io;
use std::path::Path;

/// Open options that create a file readable and writable by its owner only. The mode applies
/// when the file is created; see [`tighten_file`] for one made earlier.
pub fn file_options() -> OpenOptions {
    #[allow(unused_mut)]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Creates `dir` and any missing parents, each private to the user. An existing folder keeps
/// its permissions.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates `dir` private to the user, and makes it so if it exists: for a folder that is the
/// kiosk's alone (the exports), where an earlier version may have left it open to others.
pub fn create_own_dir(dir: &Path) -> io::Result<()> {
    create_dir(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Makes an existing file private to its owner.
pub fn tighten_file(file: &std::fs::File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn files_and_folders_are_the_users_alone_whatever_the_umask() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        create_dir(&nested).unwrap();
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&nested), 0o700);
        let path = nested.join("f");
        file_options().write(true).create(true).open(&path).unwrap();
        assert_eq!(mode(&path), 0o600);

        // An existing folder of ours, left open by someone, is closed again; a file too.
        let own = dir.path().join("own");
        std::fs::create_dir(&own).unwrap();
        std::fs::set_permissions(&own, std::fs::Permissions::from_mode(0o755)).unwrap();
        create_own_dir(&own).unwrap();
        assert_eq!(mode(&own), 0o700);
        let open = own.join("open");
        std::fs::write(&open, "x").unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
        tighten_file(&std::fs::File::open(&open).unwrap()).unwrap();
        assert_eq!(mode(&open), 0o600);
    }
}

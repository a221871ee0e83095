//! The staff PIN: an argon2id hash (PHC string) in a small JSON file, with a lockout that
//! survives restarts.
//!
//! ```json
//! {"hash": "$argon2id$v=19$m=19456,t=2,p=1$…", "failures": 0, "locked_until": 0}
//! ```
//!
//! `failures` counts consecutive wrong PINs; `locked_until` is in unix seconds. After
//! [`FREE_ATTEMPTS`] wrong PINs the panel is locked for 30 s, and each wrong PIN after a
//! lockout doubles the delay (60 s, 120 s, … at most an hour). The state is in the file, not in
//! memory, so restarting the app does not give anyone fresh attempts. The file is replaced
//! atomically (temporary file + rename) and is readable by its owner only.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use argon2::password_hash::{self, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// Fewest and most digits in a PIN (kiosk PIN pads only have digits).
pub const MIN_DIGITS: usize = 4;
pub const MAX_DIGITS: usize = 12;
/// Wrong PINs allowed in a row before the first lockout.
pub const FREE_ATTEMPTS: u32 = 5;
const FIRST_LOCKOUT: Duration = Duration::from_secs(30);
const MAX_LOCKOUT: Duration = Duration::from_secs(60 * 60);

/// Where the PIN hash and its lockout state are kept.
#[derive(Debug)]
pub struct PinStore {
    path: PathBuf,
    /// Each check reads, then rewrites the file: without this, attempts made at the same time
    /// would each see the same failure count and together get more than [`FREE_ATTEMPTS`].
    file_lock: Mutex<()>,
}

/// What a PIN check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinCheck {
    Accepted,
    /// Wrong, and `remaining` more wrong PINs are allowed before the lockout.
    Wrong {
        remaining: u32,
    },
    /// Locked: either this wrong PIN started a lockout, or one was running and the PIN was not
    /// even looked at.
    LockedOut {
        retry_after: Duration,
    },
    /// No PIN has been set yet.
    NotSet,
}

/// Everything the PIN store can fail with.
#[derive(Debug, thiserror::Error)]
pub enum PinError {
    /// The new PIN does not have the allowed shape.
    #[error("{0}")]
    Invalid(&'static str),
    /// The PIN file could not be read or written.
    #[error("cannot read or write the PIN file {path}: {source}")]
    Storage { path: PathBuf, source: io::Error },
    /// The PIN file exists but is not a PIN file; IT has to set the PIN again.
    #[error("the PIN file {path} is damaged: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    /// Hashing the new PIN failed (cannot happen with argon2's default parameters).
    #[error("cannot hash the PIN: {0}")]
    Hash(password_hash::Error),
}

impl PinError {
    /// The stable code the UI branches on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "pin_invalid",
            Self::Storage { .. } | Self::Hash(_) => "pin_storage",
            Self::Corrupt { .. } => "pin_corrupt",
        }
    }
}

/// The file's content.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct PinFile {
    hash: String,
    #[serde(default)]
    failures: u32,
    #[serde(default)]
    locked_until: u64,
}

impl PinStore {
    /// A store over the file at `path` (created by the first [`set`](Self::set)).
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            file_lock: Mutex::new(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether a PIN has been set. A damaged file is an error, not "no PIN": otherwise
    /// damaging the file would let anyone at the kiosk choose a new PIN.
    pub fn is_set(&self) -> Result<bool, PinError> {
        let _guard = self.guard();
        Ok(self.read()?.is_some())
    }

    /// Sets the PIN (4 to 12 digits) and clears any failures and lockout.
    pub fn set(&self, pin: &str) -> Result<(), PinError> {
        validate(pin)?;
        let hash = hash(pin)?;
        let _guard = self.guard();
        self.write(&PinFile {
            hash,
            failures: 0,
            locked_until: 0,
        })
    }

    /// Checks `pin`. While a lockout runs the PIN is not checked at all, so even the right one
    /// is refused. The new failure count is on disk before the answer is returned.
    pub fn verify(&self, pin: &str, now: SystemTime) -> Result<PinCheck, PinError> {
        let _guard = self.guard();
        let Some(mut file) = self.read()? else {
            return Ok(PinCheck::NotSet);
        };
        if let Some(left) = remaining(file.locked_until, now) {
            if left > MAX_LOCKOUT {
                // Longer than any lockout: the clock went back (or the file was edited). Cap
                // it, or a clock set back a year would lock the panel for a year.
                file.locked_until = ceil_secs(now).saturating_add(MAX_LOCKOUT.as_secs());
                self.write(&file)?;
                return Ok(PinCheck::LockedOut {
                    retry_after: MAX_LOCKOUT,
                });
            }
            return Ok(PinCheck::LockedOut { retry_after: left });
        }
        // A PIN of the wrong shape cannot be right; it still counts as an attempt.
        if validate(pin).is_ok() && self.matches(&file.hash, pin)? {
            if file.failures != 0 || file.locked_until != 0 {
                file.failures = 0;
                file.locked_until = 0;
                self.write(&file)?;
            }
            return Ok(PinCheck::Accepted);
        }
        file.failures = file.failures.saturating_add(1);
        let check = if file.failures < FREE_ATTEMPTS {
            PinCheck::Wrong {
                remaining: FREE_ATTEMPTS - file.failures,
            }
        } else {
            file.locked_until = ceil_secs(now).saturating_add(lockout_for(file.failures).as_secs());
            PinCheck::LockedOut {
                retry_after: remaining(file.locked_until, now).unwrap_or_default(),
            }
        };
        self.write(&file)?;
        Ok(check)
    }

    /// How long the running lockout has left at `now`, if one is running.
    pub fn lockout(&self, now: SystemTime) -> Result<Option<Duration>, PinError> {
        let _guard = self.guard();
        Ok(self
            .read()?
            .and_then(|f| remaining(f.locked_until, now))
            .map(|left| left.min(MAX_LOCKOUT)))
    }

    /// Removes the PIN (IT's reset): the next opening of the staff panel sets a new one.
    pub fn clear(&self) -> Result<(), PinError> {
        let _guard = self.guard();
        match fs::remove_file(&self.path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(self.storage(e)),
            _ => Ok(()),
        }
    }

    fn read(&self) -> Result<Option<PinFile>, PinError> {
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.storage(e)),
        };
        // serde_json's messages give a position, never the content.
        let file: PinFile =
            serde_json::from_slice(&bytes).map_err(|e| self.corrupt(e.to_string()))?;
        PasswordHash::new(&file.hash)
            .map_err(|e| self.corrupt(format!("the hash is not a PHC string ({e})")))?;
        Ok(Some(file))
    }

    /// Replaces the file in one step: a crash leaves the old file or the new one, never half of
    /// one (which would read as damaged and need IT).
    fn write(&self, file: &PinFile) -> Result<(), PinError> {
        let json = serde_json::to_vec_pretty(file).map_err(|e| self.storage(e.into()))?;
        let dir = self.path.parent().filter(|d| !d.as_os_str().is_empty());
        if let Some(dir) = dir {
            fs::create_dir_all(dir).map_err(|e| self.storage(e))?;
        }
        let mut tmp = self.path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let written = write_private(&tmp, &json).and_then(|()| fs::rename(&tmp, &self.path));
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(self.storage(e));
        }
        // Make the rename itself durable. Best effort: the new file is in place either way.
        #[cfg(unix)]
        if let Some(dir) = dir {
            let _ = fs::File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(())
    }

    fn matches(&self, hash: &str, pin: &str) -> Result<bool, PinError> {
        let parsed = PasswordHash::new(hash)
            .map_err(|e| self.corrupt(format!("the hash is not a PHC string ({e})")))?;
        // The hash carries its own algorithm and parameters; the comparison is constant time.
        match Argon2::default().verify_password(pin.as_bytes(), &parsed) {
            Ok(()) => Ok(true),
            Err(password_hash::Error::Password) => Ok(false),
            Err(e) => Err(self.corrupt(format!("the hash cannot be checked ({e})"))),
        }
    }

    fn guard(&self) -> MutexGuard<'_, ()> {
        // The lock guards no data of its own (the state is in the file).
        self.file_lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn storage(&self, source: io::Error) -> PinError {
        PinError::Storage {
            path: self.path.clone(),
            source,
        }
    }

    fn corrupt(&self, reason: String) -> PinError {
        PinError::Corrupt {
            path: self.path.clone(),
            reason,
        }
    }
}

/// Checks a new PIN's shape.
fn validate(pin: &str) -> Result<(), PinError> {
    if !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PinError::Invalid("the PIN must contain only digits (0-9)"));
    }
    if pin.len() < MIN_DIGITS {
        return Err(PinError::Invalid("the PIN must have at least 4 digits"));
    }
    if pin.len() > MAX_DIGITS {
        return Err(PinError::Invalid("the PIN must have at most 12 digits"));
    }
    Ok(())
}

/// argon2id with argon2's defaults (OWASP's minimum: 19 MiB, 2 passes) and a random salt.
fn hash(pin: &str) -> Result<String, PinError> {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>()).map_err(PinError::Hash)?;
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(PinError::Hash)
}

/// The lockout that the `failures`-th wrong PIN in a row starts (`failures` ≥ FREE_ATTEMPTS).
fn lockout_for(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(FREE_ATTEMPTS);
    FIRST_LOCKOUT
        .saturating_mul(2u32.saturating_pow(doublings))
        .min(MAX_LOCKOUT)
}

/// Time left until `locked_until` (unix seconds), if it is still ahead of `now`. A time too
/// far ahead to represent counts as "very long" (callers cap it).
fn remaining(locked_until: u64, now: SystemTime) -> Option<Duration> {
    match UNIX_EPOCH.checked_add(Duration::from_secs(locked_until)) {
        Some(until) => until.duration_since(now).ok().filter(|d| !d.is_zero()),
        None => Some(Duration::MAX),
    }
}

/// `now` in unix seconds, rounded up so that a lockout is never shorter than stated.
fn ceil_secs(now: SystemTime) -> u64 {
    let d = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// Writes a new file that only its owner can read, and flushes it to disk.
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // A leftover from a crash could have another mode; `create_new` then sets ours.
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut file = crate::private_files::file_options()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests;

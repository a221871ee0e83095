//! The secret key's only home on disk: the OS credential store (macOS Keychain, Windows
//! Credential Manager, the Linux Secret Service), through `keyring-core`.
//!
//! There is deliberately no fallback to a file or to memory: when no store can be reached the
//! error says so and what IT can do about it, and the kiosk stays in sandbox mode.
//!
//! Every call runs on its own thread with a time limit. A locked Secret Service collection makes
//! the store ask a prompter to unlock it, and on a kiosk with nobody to answer (or no display
//! for the prompt) that request would otherwise wait forever.

use std::sync::{mpsc, Arc};
use std::time::Duration;

use keyring_core::{CredentialStore, Entry, Error as StoreError};

/// The service name every entry is stored under (`secret-tool search service identity-kiosk`).
pub const SERVICE: &str = "identity-kiosk";

/// The names of the kiosk's entries (the `username` attribute on the Secret Service).
pub mod names {
    /// The Stripe secret (or restricted) key.
    pub const SECRET_KEY: &str = "stripe-secret-key";
    /// The publishable key. Not a secret, but kept beside the key it must match.
    pub const PUBLISHABLE_KEY: &str = "stripe-publishable-key";
}

/// How long one keyring call may take before it counts as locked.
const CALL_LIMIT: Duration = Duration::from_secs(10);

/// What IT can do when the store cannot be used; shared by every message below.
const LINUX_REMEDY: &str = "the kiosk user's desktop session needs a running, unlocked Secret \
    Service (GNOME Keyring or KWallet); on auto-login machines see the IT guide, \"Keyring \
    unlocking\"";

/// A keyring failure. Messages never contain a secret (the store's own errors can carry the
/// stored bytes, so they are never formatted here).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeystoreError {
    /// No credential store is reachable (no D-Bus session, no Secret Service, ...).
    #[error("the OS keyring cannot be reached ({reason}); {remedy}")]
    Unavailable {
        reason: String,
        remedy: &'static str,
    },
    /// The store is there but locked, or did not answer in time.
    #[error("the OS keyring is locked ({reason}); unlock it and try again: {remedy}")]
    Locked {
        reason: String,
        remedy: &'static str,
    },
    /// The store refused the operation for another reason.
    #[error("the OS keyring failed: {0}")]
    Failed(String),
    /// An entry holds something that is not text.
    #[error("the keyring entry {0} is not readable text; delete it and set the key again")]
    Corrupt(&'static str),
}

impl KeystoreError {
    /// A stable code: `keyring_unavailable`, `keyring_locked`, `keyring_failed`, `keyring_corrupt`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unavailable { .. } => "keyring_unavailable",
            Self::Locked { .. } => "keyring_locked",
            Self::Failed(_) => "keyring_failed",
            Self::Corrupt(_) => "keyring_corrupt",
        }
    }
}

/// Named text secrets: the kiosk's view of a credential store. `Keyring` is the real one; the
/// trait keeps callers independent of it, so they can be tested over keyring-core's mock store.
pub trait SecretStore: Send + Sync + std::fmt::Debug {
    /// The entry's text, or `None` when there is none.
    fn get(&self, name: &'static str) -> Result<Option<String>, KeystoreError>;
    /// Creates or replaces the entry.
    fn set(&self, name: &'static str, value: &str) -> Result<(), KeystoreError>;
    /// Removes the entry; `false` when there was none.
    fn delete(&self, name: &'static str) -> Result<bool, KeystoreError>;
    /// A new connection to the same store, for when this one may be stuck (a call still
    /// waiting for an unlock prompt); `None` when there is nothing to reconnect.
    fn reopen(&self) -> Option<Arc<dyn SecretStore>> {
        None
    }
}

/// A keyring-core credential store, used with the [`SERVICE`] name.
#[derive(Clone)]
pub struct Keyring {
    store: Arc<CredentialStore>,
    /// Made by [`Keyring::native`], so [`SecretStore::reopen`] can connect again.
    native: bool,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("store", &self.store.vendor())
            .finish()
    }
}

impl Keyring {
    /// The OS's own store. Fails when it cannot be reached at all.
    pub fn native() -> Result<Self, KeystoreError> {
        let store = with_limit(native_store)??;
        Ok(Self {
            store,
            native: true,
        })
    }

    /// Any keyring-core store (tests use `keyring_core::mock::Store`).
    pub fn with_store(store: Arc<CredentialStore>) -> Self {
        Self {
            store,
            native: false,
        }
    }

    fn entry(&self, name: &'static str) -> Result<Entry, KeystoreError> {
        Entry::new_in_store(&self.store, SERVICE, name).map_err(|e| map_error(e, name))
    }

    fn call<T: Send + 'static>(
        &self,
        name: &'static str,
        op: impl FnOnce(Entry) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, KeystoreError> {
        let entry = self.entry(name)?;
        with_limit(move || op(entry))?.map_err(|e| map_error(e, name))
    }
}

impl SecretStore for Keyring {
    fn get(&self, name: &'static str) -> Result<Option<String>, KeystoreError> {
        match self.call(name, |entry| entry.get_password()) {
            Ok(value) => Ok(Some(value)),
            Err(KeystoreError::Failed(reason)) if reason == NO_ENTRY => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn set(&self, name: &'static str, value: &str) -> Result<(), KeystoreError> {
        // Wiped when the call (or, after a timeout, its thread) is done with it.
        let value = zeroize::Zeroizing::new(value.to_owned());
        self.call(name, move |entry| entry.set_password(&value))
    }

    fn delete(&self, name: &'static str) -> Result<bool, KeystoreError> {
        match self.call(name, |entry| entry.delete_credential()) {
            Ok(()) => Ok(true),
            Err(KeystoreError::Failed(reason)) if reason == NO_ENTRY => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn reopen(&self) -> Option<Arc<dyn SecretStore>> {
        if !self.native {
            return None;
        }
        match Keyring::native() {
            Ok(k) => Some(Arc::new(k)),
            Err(e) => {
                tracing::debug!(code = e.code(), "cannot reconnect to the OS keyring");
                None
            }
        }
    }
}

/// Internal marker for "no such entry", turned into `None`/`false` above.
const NO_ENTRY: &str = "no entry";

/// Runs `f` on its own thread and gives up after [`CALL_LIMIT`] (see the module docs).
fn with_limit<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, KeystoreError> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("keyring".into())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .map_err(|e| KeystoreError::Failed(format!("could not start a thread: {e}")))?;
    rx.recv_timeout(CALL_LIMIT)
        .map_err(|_| KeystoreError::Locked {
            reason: format!(
                "no answer within {} s, probably waiting for someone to unlock it",
                CALL_LIMIT.as_secs()
            ),
            remedy: remedy(),
        })
}

fn map_error(e: StoreError, name: &'static str) -> KeystoreError {
    match e {
        StoreError::NoEntry => KeystoreError::Failed(NO_ENTRY.into()),
        StoreError::NoStorageAccess(inner) => KeystoreError::Locked {
            reason: inner.to_string(),
            remedy: remedy(),
        },
        StoreError::NoDefaultStore => KeystoreError::Unavailable {
            reason: "no credential store on this system".into(),
            remedy: remedy(),
        },
        StoreError::PlatformFailure(inner) => platform_failure(&inner.to_string()),
        // These carry the stored bytes: never format them.
        StoreError::BadEncoding(_) | StoreError::BadDataFormat(..) => KeystoreError::Corrupt(name),
        other => KeystoreError::Failed(other.to_string()),
    }
}

/// A platform failure that means "nobody is listening" is an unreachable store, not a failure
/// of the operation.
fn platform_failure(reason: &str) -> KeystoreError {
    let lower = reason.to_ascii_lowercase();
    let unreachable = [
        "dbus",
        "d-bus",
        "no such file",
        "connection refused",
        "serviceunknown",
        "service unknown",
        "was not provided by any .service files",
        "address",
    ];
    if unreachable.iter().any(|m| lower.contains(m)) {
        KeystoreError::Unavailable {
            reason: reason.to_owned(),
            remedy: remedy(),
        }
    } else {
        KeystoreError::Failed(reason.to_owned())
    }
}

fn remedy() -> &'static str {
    if cfg!(target_os = "linux") {
        LINUX_REMEDY
    } else if cfg!(target_os = "windows") {
        "sign in as the kiosk user (Credential Manager is per user) and run `identity-kiosk doctor`"
    } else {
        "sign in as the kiosk user, unlock the login keychain and run `identity-kiosk doctor`"
    }
}

#[cfg(target_os = "linux")]
fn native_store() -> Result<Arc<CredentialStore>, KeystoreError> {
    // Secret Service, not the kernel keyring: keyutils forgets everything at reboot.
    match zbus_secret_service_keyring_store::Store::new() {
        Ok(store) => Ok(store),
        Err(e) => Err(match e {
            StoreError::NoStorageAccess(inner) => KeystoreError::Locked {
                reason: inner.to_string(),
                remedy: remedy(),
            },
            other => KeystoreError::Unavailable {
                reason: other.to_string(),
                remedy: remedy(),
            },
        }),
    }
}

#[cfg(target_os = "macos")]
fn native_store() -> Result<Arc<CredentialStore>, KeystoreError> {
    apple_native_keyring_store::keychain::Store::new()
        .map(|store| store as Arc<CredentialStore>)
        .map_err(|e| KeystoreError::Unavailable {
            reason: e.to_string(),
            remedy: remedy(),
        })
}

#[cfg(target_os = "windows")]
fn native_store() -> Result<Arc<CredentialStore>, KeystoreError> {
    windows_native_keyring_store::Store::new()
        .map(|store| store as Arc<CredentialStore>)
        .map_err(|e| KeystoreError::Unavailable {
            reason: e.to_string(),
            remedy: remedy(),
        })
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn native_store() -> Result<Arc<CredentialStore>, KeystoreError> {
    Err(KeystoreError::Unavailable {
        reason: "this operating system has no supported credential store".into(),
        remedy: remedy(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyring_core::mock;

    fn mock_keyring() -> Keyring {
        Keyring::with_store(mock::Store::new().unwrap())
    }

    #[test]
    fn set_get_delete_round_trip() {
        let k = mock_keyring();
        assert_eq!(k.get(names::SECRET_KEY).unwrap(), None);
        k.set(names::SECRET_KEY, "sk_test_abc").unwrap();
        assert_eq!(
            k.get(names::SECRET_KEY).unwrap().as_deref(),
            Some("sk_test_abc")
        );
        // Entries are independent.
        assert_eq!(k.get(names::PUBLISHABLE_KEY).unwrap(), None);
        assert!(k.delete(names::SECRET_KEY).unwrap());
        assert!(!k.delete(names::SECRET_KEY).unwrap());
        assert_eq!(k.get(names::SECRET_KEY).unwrap(), None);
    }

    #[test]
    fn store_errors_map_to_codes_without_the_stored_bytes() {
        let locked = map_error(
            StoreError::NoStorageAccess("collection is locked".into()),
            names::SECRET_KEY,
        );
        assert_eq!(locked.code(), "keyring_locked");
        assert!(locked.to_string().contains("collection is locked"));

        let corrupt = map_error(
            StoreError::BadEncoding(b"sk_live_FAKE_abcd_1234\xff".to_vec()),
            names::SECRET_KEY,
        );
        assert_eq!(corrupt.code(), "keyring_corrupt");
        assert!(!corrupt.to_string().contains("sk_live"), "{corrupt}");

        let no_bus = map_error(
            StoreError::PlatformFailure(
                "D-Bus error: org.freedesktop.DBus.Error.ServiceUnknown".into(),
            ),
            names::SECRET_KEY,
        );
        assert_eq!(no_bus.code(), "keyring_unavailable");
        assert!(no_bus.to_string().contains("Secret Service") || !cfg!(target_os = "linux"));
    }

    #[test]
    fn a_failing_store_reports_the_failure() {
        let k = mock_keyring();
        k.set(names::SECRET_KEY, "sk_test_abc").unwrap();
        let entry = k.entry(names::SECRET_KEY).unwrap();
        let cred: &mock::Cred = entry.as_any().downcast_ref().unwrap();
        cred.set_error(StoreError::NoStorageAccess("locked".into()));
        // The mock's entries share the credential, so the next call through the keyring fails.
        let err = k.get(names::SECRET_KEY).unwrap_err();
        assert_eq!(err.code(), "keyring_locked");
    }
}

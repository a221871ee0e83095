//! The kiosk's Stripe keys, in one place: a key is checked (format, then with Stripe, then
//! against the publishable key's mode) before it is stored, and it is stored only in the OS
//! keyring ([`keyring`], this module's one door to the credential store).
//!
//! (The settings' own table of setting *keys* is [`crate::settings`]'s `table`, a different
//! thing.)
//!
//! The check with Stripe makes two calls that change nothing: listing one session proves the
//! key authenticates and may read sessions; canceling a session that cannot exist proves it may
//! write them (Stripe checks permissions before it looks the session up, so a key that may
//! write gets `404 resource_missing` and one that may not gets `403`).

use stripe_identity::{Client, ClientConfig, KeyFormatError, ListSessionsParams, Mode, SecretKey};

mod destination;
pub mod keyring;

pub use destination::check_api_base;

pub use keyring::{names, Keyring, KeystoreError, SecretStore, SERVICE};

/// The permissions a restricted key (`rk_`) needs; the README lists the same.
pub const RESTRICTED_KEY_PERMISSIONS: &str =
    "Identity: Verification Sessions and Reports — Write (the kiosk creates, reads, cancels and \
     redacts sessions)";

/// An id no session can have: the write-permission probe cancels it.
const PROBE_SESSION_ID: &str = "vs_identitykioskkeycheck0000";

/// Why a key was not accepted. Messages never contain the key (only its mask).
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Nothing was given (empty standard input, empty clipboard).
    #[error("no key was given")]
    Empty,
    /// Not a secret key at all.
    #[error("{0}")]
    Format(KeyFormatError),
    /// The publishable key is not one.
    #[error("a publishable key starts with pk_test_ or pk_live_")]
    PublishableFormat,
    /// The two keys belong to different modes.
    #[error(
        "the secret key is a {secret} key but the publishable key is a {publishable} key; \
         use two keys of the same mode from the same Stripe account"
    )]
    ModeMismatch {
        secret: &'static str,
        publishable: &'static str,
    },
    /// Stripe does not accept the key (unknown, revoked, expired).
    #[error("Stripe did not accept the key {mask}: it is wrong, revoked or expired; create a new one in the Stripe Dashboard")]
    Rejected { mask: String },
    /// The key is valid but may not use Identity.
    #[error("the key {mask} may not use Stripe Identity; a restricted key needs {RESTRICTED_KEY_PERMISSIONS}")]
    Permission { mask: String },
    /// Stripe could not be reached to check the key: nothing was stored.
    #[error("Stripe could not be reached to check the key, so it was not stored: {0}")]
    Unreachable(String),
    /// Stripe answered something unexpected while checking.
    #[error("Stripe could not check the key: {0}")]
    Check(String),
    /// The keyring could not be used.
    #[error(transparent)]
    Keystore(#[from] KeystoreError),
    /// The key would go somewhere this build does not send keys ([`check_api_base`]).
    #[error("{0}")]
    ApiBase(&'static str),
}

impl KeyError {
    /// A stable code for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "key_empty",
            Self::Format(_) => "key_format",
            Self::PublishableFormat => "publishable_key_format",
            Self::ModeMismatch { .. } => "key_mode_mismatch",
            Self::Rejected { .. } => "key_rejected",
            Self::Permission { .. } => "key_permission",
            Self::Unreachable(_) => "stripe_unreachable",
            Self::Check(_) => "key_check_failed",
            // Locked or absent: either way the UI says the keyring cannot be used.
            Self::Keystore(KeystoreError::Locked { .. } | KeystoreError::Unavailable { .. }) => {
                "keyring_unavailable"
            }
            Self::Keystore(e) => e.code(),
            Self::ApiBase(_) => "key_api_base",
        }
    }
}

/// The keys the kiosk runs with.
#[derive(Debug, Clone)]
pub struct StripeKeys {
    pub secret: SecretKey,
    pub publishable: Option<String>,
}

/// What staff and IT may see of the stored keys.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KeyStatus {
    /// `test` or `live`.
    pub mode: &'static str,
    /// `sk_live_…1234`.
    pub secret_key: String,
    pub restricted: bool,
    /// Publishable keys are public; shown whole so staff can compare it with the Dashboard.
    pub publishable_key: Option<String>,
}

impl StripeKeys {
    /// Parses both keys: trims what pasting adds, refuses a publishable key in the secret field
    /// and keys of different modes.
    pub fn parse(secret: &str, publishable: Option<&str>) -> Result<Self, KeyError> {
        if secret.trim().is_empty() {
            return Err(KeyError::Empty);
        }
        let secret = SecretKey::parse(secret).map_err(KeyError::Format)?;
        let publishable = match publishable.map(str::trim).filter(|p| !p.is_empty()) {
            None => None,
            Some(pk) => {
                let pk_mode = publishable_mode(pk).ok_or(KeyError::PublishableFormat)?;
                if pk_mode != secret.mode() {
                    return Err(KeyError::ModeMismatch {
                        secret: secret.mode().as_str(),
                        publishable: pk_mode.as_str(),
                    });
                }
                Some(pk.to_owned())
            }
        };
        Ok(Self {
            secret,
            publishable,
        })
    }

    /// Mode and masks only.
    pub fn status(&self) -> KeyStatus {
        KeyStatus {
            mode: self.secret.mode().as_str(),
            secret_key: self.secret.masked(),
            restricted: self.secret.is_restricted(),
            publishable_key: self.publishable.clone(),
        }
    }

    /// Checks the secret key with Stripe at `api_base` (see the module docs). Changes nothing.
    pub async fn check_with_stripe(&self, api_base: &str) -> Result<(), KeyError> {
        check_api_base(crate::switches::OBEYED, api_base, self.secret.mode())?;
        let config = ClientConfig {
            api_base: api_base.to_owned(),
            ..ClientConfig::default()
        };
        let client =
            Client::new(self.secret.clone(), config).map_err(|e| KeyError::Check(e.to_string()))?;
        let list = ListSessionsParams {
            limit: Some(1),
            ..ListSessionsParams::default()
        };
        client
            .list_sessions(&list)
            .await
            .map_err(|e| self.explain(e))?;
        match client
            .cancel_session(PROBE_SESSION_ID, &Default::default(), &Default::default())
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if e.code() == Some("resource_missing") => Ok(()),
            Err(e) => Err(self.explain(e)),
        }
    }

    fn explain(&self, e: stripe_identity::Error) -> KeyError {
        let mask = self.secret.masked();
        match e.class() {
            "authentication_error" => KeyError::Rejected { mask },
            "permission_error" => KeyError::Permission { mask },
            _ if e.is_transient() => KeyError::Unreachable(e.to_string()),
            _ => KeyError::Check(e.to_string()),
        }
    }

    /// Stores both keys (removing a stale publishable key when none is given).
    pub fn store(&self, store: &dyn SecretStore) -> Result<(), KeyError> {
        store.set(names::SECRET_KEY, self.secret.expose())?;
        match &self.publishable {
            Some(pk) => store.set(names::PUBLISHABLE_KEY, pk)?,
            None => {
                store.delete(names::PUBLISHABLE_KEY)?;
            }
        }
        Ok(())
    }

    /// The stored keys, if any. A stored key that no longer parses is reported, not ignored.
    pub fn load(store: &dyn SecretStore) -> Result<Option<Self>, KeyError> {
        let Some(secret) = store.get(names::SECRET_KEY)?.map(zeroize::Zeroizing::new) else {
            return Ok(None);
        };
        let publishable = store.get(names::PUBLISHABLE_KEY)?;
        Self::parse(&secret, publishable.as_deref()).map(Some)
    }

    /// Removes both keys; `false` when no secret key was stored.
    pub fn remove(store: &dyn SecretStore) -> Result<bool, KeyError> {
        let had = store.delete(names::SECRET_KEY)?;
        store.delete(names::PUBLISHABLE_KEY)?;
        Ok(had)
    }
}

/// The mode of a well-formed publishable key; `None` when it is not one.
pub(crate) fn publishable_mode(pk: &str) -> Option<Mode> {
    let valid = |rest: &str| {
        rest.len() >= 10 && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if let Some(rest) = pk.strip_prefix("pk_live_") {
        valid(rest).then_some(Mode::Live)
    } else if let Some(rest) = pk.strip_prefix("pk_test_") {
        valid(rest).then_some(Mode::Test)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_keys_are_trimmed_and_checked() {
        let keys = StripeKeys::parse(
            "  sk_test_abcdefghijkl1234\r\n",
            Some(" pk_test_abcdefghijkl\n"),
        )
        .unwrap();
        assert_eq!(keys.secret.expose(), "sk_test_abcdefghijkl1234");
        assert_eq!(keys.publishable.as_deref(), Some("pk_test_abcdefghijkl"));
        let status = keys.status();
        assert_eq!(status.mode, "test");
        assert_eq!(status.secret_key, "sk_test_…1234");
    }

    #[test]
    fn bad_keys_are_refused_with_a_code() {
        let code = |s: &str, p: Option<&str>| StripeKeys::parse(s, p).unwrap_err().code();
        assert_eq!(code("", None), "key_empty");
        assert_eq!(code(" \n", None), "key_empty");
        assert_eq!(code("pk_test_abcdefghijkl", None), "key_format");
        assert_eq!(code("hello", None), "key_format");
        assert_eq!(
            code("sk_test_abcdefghijkl", Some("sk_test_abcdefghijkl")),
            "publishable_key_format"
        );
        assert_eq!(
            code("sk_test_abcdefghijkl", Some("pk_live_abcdefghijkl")),
            "key_mode_mismatch"
        );
        assert_eq!(
            code("rk_live_FAKE_abcd_1234", Some("pk_test_abcdefghijkl")),
            "key_mode_mismatch"
        );
        let pk_in_secret = StripeKeys::parse("pk_live_abcdefghijkl", None)
            .unwrap_err()
            .to_string();
        assert!(pk_in_secret.contains("publishable key"), "{pk_in_secret}");
    }

    #[test]
    fn keys_round_trip_through_a_store() {
        let store = Keyring::with_store(keyring_core::mock::Store::new().unwrap());
        assert!(StripeKeys::load(&store).unwrap().is_none());
        let keys = StripeKeys::parse("sk_test_abcdefghijkl", Some("pk_test_abcdefghijkl")).unwrap();
        keys.store(&store).unwrap();
        let loaded = StripeKeys::load(&store).unwrap().unwrap();
        assert_eq!(loaded.secret, keys.secret);
        assert_eq!(loaded.publishable, keys.publishable);
        // Replacing without a publishable key drops the stale one.
        StripeKeys::parse("sk_test_zyxwvutsrqpo", None)
            .unwrap()
            .store(&store)
            .unwrap();
        assert_eq!(StripeKeys::load(&store).unwrap().unwrap().publishable, None);
        assert!(StripeKeys::remove(&store).unwrap());
        assert!(!StripeKeys::remove(&store).unwrap());
        assert!(StripeKeys::load(&store).unwrap().is_none());
    }
}

//! The doctor's key checks: whether the OS keyring answers, which keys the kiosk would run
//! with (found the way the kiosk finds them), whether Stripe accepts the secret key and whether
//! the publishable key matches it. Nothing here stores or changes a key.

use std::time::Duration;

use stripe_identity::SecretKey;

use crate::backend::KeySource;
use crate::keys::{publishable_mode, KeyError, StripeKeys};
use crate::keys::{KeystoreError, SecretStore};
use crate::settings::LoadedSettings;

use super::{Check, DoctorInput};

/// How to store a key, the remedy of every key problem.
const SET_KEY: &str = "`identity-kiosk secret set --stdin`";
/// The same, with the publishable key.
const SET_KEYS: &str = "`identity-kiosk secret set --stdin --publishable-key pk_…`";

/// The keys the kiosk would run with, found the way [`crate::choose_keys`] finds them. The
/// environment's publishable key is kept unchecked here so a mismatch is reported on its own
/// line instead of hiding a good secret key.
pub(super) enum Found {
    Keys {
        keys: StripeKeys,
        source: KeySource,
    },
    NoKey,
    /// The keyring could not be read (its own check says why): whether a key is there is
    /// unknown, and the kiosk runs in sandbox mode.
    KeyringUnreadable,
    /// A key is configured but cannot be used.
    Unusable {
        error: KeyError,
        source: KeySource,
    },
}

pub(super) fn find_keys(input: &DoctorInput<'_>, keyring_ok: bool) -> Found {
    if let Some(raw) = &input.env.secret_key {
        return match SecretKey::parse(raw) {
            Ok(secret) => Found::Keys {
                keys: StripeKeys {
                    secret,
                    publishable: input
                        .env
                        .publishable_key
                        .as_deref()
                        .map(str::trim)
                        .filter(|pk| !pk.is_empty())
                        .map(str::to_owned),
                },
                source: KeySource::Environment,
            },
            Err(e) => Found::Unusable {
                error: KeyError::Format(e),
                source: KeySource::Environment,
            },
        };
    }
    let store = match input.keyring {
        Ok(store) if keyring_ok => store,
        _ => return Found::KeyringUnreadable,
    };
    match StripeKeys::load(store) {
        Ok(Some(keys)) => Found::Keys {
            keys,
            source: KeySource::Keyring,
        },
        Ok(None) => Found::NoKey,
        Err(KeyError::Keystore(
            KeystoreError::Locked { .. } | KeystoreError::Unavailable { .. },
        )) => Found::KeyringUnreadable,
        Err(error) => Found::Unusable {
            error,
            source: KeySource::Keyring,
        },
    }
}

pub(super) fn keyring(keyring: Result<&dyn SecretStore, &KeystoreError>) -> Check {
    const NAME: &str = "keyring";
    // Reading an entry is what proves the store answers (opening it may not even connect).
    let result = keyring.map_err(Clone::clone).and_then(|store| {
        store.get(crate::keys::names::SECRET_KEY)?;
        Ok(())
    });
    match result {
        Ok(()) => Check::ok(NAME, "keyring_ok", format!("{} reachable", store_name())),
        Err(KeystoreError::Unavailable { reason, remedy }) => Check::fail(
            NAME,
            "keyring_unreachable",
            format!(
                "the OS keyring ({}) cannot be reached: {reason}",
                store_name()
            ),
        )
        .param("cause", &reason)
        .remedy(keyring_setup(), remedy),
        Err(KeystoreError::Locked { reason, remedy }) => Check::fail(
            NAME,
            "keyring_locked",
            format!("the OS keyring ({}) is locked: {reason}", store_name()),
        )
        .param("cause", &reason)
        .remedy(keyring_setup(), format!("unlock it; {remedy}")),
        Err(e @ KeystoreError::Corrupt(_)) => Check::fail(NAME, "keyring_corrupt", e.to_string())
            .param("cause", e.to_string())
            .remedy(
                "delete_and_set_key",
                format!("`identity-kiosk secret delete`, then {SET_KEY}"),
            ),
        Err(e @ KeystoreError::Failed(_)) => {
            Check::fail(NAME, "keyring_failed", e.to_string()).param("cause", e.to_string())
        }
    }
    .param("store", store_name())
}

/// How to get this OS's credential store working (a remedy code per OS).
fn keyring_setup() -> &'static str {
    if cfg!(target_os = "macos") {
        "keyring_setup_macos"
    } else if cfg!(target_os = "windows") {
        "keyring_setup_windows"
    } else {
        "keyring_setup_linux"
    }
}

/// What IT calls this OS's credential store.
fn store_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "Keychain"
    } else if cfg!(target_os = "windows") {
        "Credential Manager"
    } else {
        "Secret Service"
    }
}

pub(super) async fn secret_key(
    found: &Found,
    settings: &LoadedSettings,
    api_base: &str,
    limit: Duration,
) -> Check {
    const NAME: &str = "secret_key";
    let (keys, source) = match found {
        Found::Keys { keys, source } => (keys, *source),
        Found::NoKey => {
            return Check::warn(
                NAME,
                "secret_key_none",
                "no key: the kiosk runs in sandbox mode",
            )
            .remedy("set_key", SET_KEY)
        }
        Found::KeyringUnreadable => {
            return Check::warn(
                NAME,
                "secret_key_keyring_unreadable",
                "unknown: the keyring cannot be read, so the kiosk runs in sandbox mode",
            )
            .remedy(
                "fix_keyring_first",
                "fix the keyring first (see the keyring check)",
            )
        }
        Found::Unusable { error, source } => {
            let (code, remedy) = replace_key(*source);
            return Check::fail(NAME, "secret_key_unusable", error.to_string())
                .param("cause", error.to_string())
                .remedy(code, remedy);
        }
    };
    let status = keys.status();
    let described = format!("{} key {}", status.mode, status.secret_key);
    let from_env = source == KeySource::Environment;
    let origin = if from_env {
        " (from STRIPE_SECRET_KEY, which overrides the keyring)"
    } else {
        ""
    };
    // Stored keys win over nothing when IT switched on the demo mode: say so, it surprises.
    let demo = if settings.settings.sandbox {
        "; kiosk.sandbox is on, so the kiosk runs in sandbox mode anyway"
    } else {
        ""
    };
    let check = match tokio::time::timeout(limit, keys.check_with_stripe(api_base)).await {
        Ok(Ok(())) => {
            let check = Check::ok(
                NAME,
                "secret_key_accepted",
                format!("{described} accepted by Stripe{origin}{demo}"),
            );
            if settings.settings.sandbox {
                check.note("sandbox_on")
            } else {
                check
            }
        }
        Ok(Err(e @ (KeyError::Rejected { .. } | KeyError::Permission { .. }))) => {
            let (code, remedy) = replace_key(source);
            Check::fail(NAME, "secret_key_rejected", format!("{e}{origin}"))
                .param("cause", e.to_string())
                .remedy(code, remedy)
        }
        Ok(Err(KeyError::Unreachable(_))) | Err(_) => Check::warn(
            NAME,
            "secret_key_unchecked",
            format!(
                "{described} not checked: Stripe could not be reached (the api_reachable \
                 check says why){origin}"
            ),
        ),
        Ok(Err(e)) => Check::fail(NAME, "secret_key_failed", format!("{e}{origin}"))
            .param("cause", e.to_string()),
    }
    .param("mode", status.mode)
    .param("key", &status.secret_key);
    if from_env {
        check.note("from_environment")
    } else {
        check
    }
}

/// How to replace an unusable key: its remedy code and English.
fn replace_key(source: KeySource) -> (&'static str, String) {
    match source {
        KeySource::Environment => (
            "fix_environment_key",
            "correct or unset STRIPE_SECRET_KEY".to_owned(),
        ),
        _ => ("replace_key", format!("store a working key: {SET_KEY}")),
    }
}

pub(super) fn publishable_key(found: &Found) -> Check {
    const NAME: &str = "publishable_key";
    let (keys, source) = match found {
        Found::Keys { keys, source } => (keys, *source),
        Found::NoKey => {
            return Check::ok(
                NAME,
                "publishable_key_not_needed",
                "not needed in sandbox mode",
            )
        }
        Found::KeyringUnreadable | Found::Unusable { .. } => {
            return Check::warn(
                NAME,
                "publishable_key_not_checked",
                "not checked: there is no usable secret key",
            )
        }
    };
    let mode = keys.secret.mode();
    let (set_code, set_it) = match source {
        KeySource::Environment => (
            "set_environment_publishable_key",
            "set STRIPE_PUBLISHABLE_KEY to the matching pk_ key".to_owned(),
        ),
        _ => ("set_keys", SET_KEYS.to_owned()),
    };
    let Some(pk) = &keys.publishable else {
        return Check::warn(
            NAME,
            "publishable_key_none",
            "none: only the hosted flow works (Stripe.js needs a publishable key)",
        )
        .remedy(set_code, set_it);
    };
    match publishable_mode(pk) {
        Some(pk_mode) if pk_mode == mode => Check::ok(
            NAME,
            "publishable_key_ok",
            format!("{pk} ({} mode, like the secret key)", mode.as_str()),
        )
        .param("key", pk)
        .param("mode", mode.as_str()),
        Some(pk_mode) => Check::fail(
            NAME,
            "publishable_key_mode_mismatch",
            KeyError::ModeMismatch {
                secret: mode.as_str(),
                publishable: pk_mode.as_str(),
            }
            .to_string(),
        )
        .param("secret_mode", mode.as_str())
        .param("publishable_mode", pk_mode.as_str())
        .remedy(set_code, set_it),
        None => Check::fail(
            NAME,
            "publishable_key_format",
            KeyError::PublishableFormat.to_string(),
        )
        .remedy(set_code, set_it),
    }
}

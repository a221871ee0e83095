//! The command line's error: what IT is told on stderr, with a stable code. (The kiosk's own
//! IPC error is `kiosk_core::KioskError`.)

/// Everything the app layer can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A Stripe call failed (message already scrubbed of secrets by the client).
    #[error(transparent)]
    Stripe(#[from] stripe_identity::Error),
    /// The secret key given is not a Stripe secret key.
    #[error("the secret key is not usable: {0}")]
    KeyFormat(#[from] stripe_identity::KeyFormatError),
    /// No secret key was configured for a command that needs one.
    #[error("no Stripe secret key: store one with `identity-kiosk secret set --stdin` (`identity-kiosk sandbox` gives a local Stripe to point --api-base at, with a test key)")]
    NoKey,
    /// The kiosk layer failed (sandbox start-up, settings...).
    #[error(transparent)]
    Kiosk(#[from] kiosk_core::KioskError),
    /// A key was refused, or the keyring could not be used.
    #[error(transparent)]
    Key(#[from] kiosk_core::KeyError),
    /// The PIN was refused or could not be stored (message, code).
    #[error("{0}")]
    Pin(String, &'static str),
    /// Standard input could not be used.
    #[error("{0}")]
    Input(String),
}

impl AppError {
    /// The stable code printed after `error:`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Stripe(e) => e.class(),
            Self::KeyFormat(_) => "key_format",
            Self::NoKey => "no_key",
            Self::Kiosk(e) => e.code(),
            Self::Key(e) => e.code(),
            Self::Input(_) => "input",
            Self::Pin(_, code) => code,
        }
    }
}

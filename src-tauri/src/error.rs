//! The app layer's error: what the UI and the command line are told.
//!
//! Over IPC it is serialized as `{code, message}`; the UI branches on `code` (stable, snake
//! case) and shows its own localized text, never the message.

use serde::ser::SerializeStruct;

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
    #[error("no Stripe secret key: set STRIPE_SECRET_KEY (or run `identity-kiosk sandbox` and point --api-base at it with a test key)")]
    NoKey,
    /// The kiosk layer failed (sandbox start-up, settings...).
    #[error(transparent)]
    Kiosk(#[from] kiosk_core::KioskError),
}

impl AppError {
    /// The stable code the UI branches on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Stripe(e) => e.class(),
            Self::KeyFormat(_) => "key_format",
            Self::NoKey => "no_key",
            Self::Kiosk(e) => e.code(),
        }
    }
}

impl serde::Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("AppError", 2)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.to_string())?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message() {
        let v = serde_json::to_value(AppError::NoKey).unwrap();
        assert_eq!(v["code"], "no_key");
        assert!(v["message"].as_str().unwrap().contains("STRIPE_SECRET_KEY"));
        let k = AppError::from(stripe_identity::KeyFormatError::Publishable);
        assert_eq!(serde_json::to_value(k).unwrap()["code"], "key_format");
    }
}

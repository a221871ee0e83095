//! The kiosk layer's error, sent to the UI as a stable `{code, message}`.
//!
//! The UI branches on `code` and shows its own localized text; `message` is for staff and logs
//! and never contains a key, a client secret or a hosted URL.

use serde::ser::SerializeStruct;

/// Everything the kiosk layer can fail with.
#[derive(Debug, thiserror::Error)]
pub enum KioskError {
    /// The reference field is required by settings and was empty.
    #[error("a reference is required")]
    ReferenceRequired,
    /// The reference is longer than Stripe's metadata allows.
    #[error("the reference is longer than {max} characters")]
    ReferenceTooLong { max: usize },
    /// A verification is already open on this kiosk.
    #[error("a verification is already in progress")]
    Busy,
    /// No verification is open.
    #[error("no verification is in progress")]
    NoSession,
    /// The customer used every allowed submission.
    #[error("no attempts left for this verification")]
    AttemptsExhausted,
    /// The session is not in a state where the customer can try again.
    #[error("this verification cannot be retried (it is {status})")]
    NotRetryable { status: String },
    /// The hosted flow is not available for this session.
    #[error("the hosted verification page is not available: {0}")]
    HostedUnavailable(String),
    /// Stripe cannot be reached or is failing: worth retrying later.
    #[error("Stripe is unavailable: {0}")]
    Unavailable(stripe_identity::Error),
    /// Stripe refused the request (key, permission or parameters): staff must act.
    #[error("Stripe refused the request: {0}")]
    StripeRejected(stripe_identity::Error),
    /// The secret key is not a usable key.
    #[error("the secret key is not usable: {0}")]
    KeyFormat(#[from] stripe_identity::KeyFormatError),
    /// Keys were stored in the OS keyring but it cannot be read right now (locked after an
    /// auto-login, its service not up): no customer can start until it can.
    #[error("the Stripe key is in the OS keyring, which cannot be read right now; unlock it (see the IT guide, \"Keyring unlocking\")")]
    KeyringPending,
    /// The embedded sandbox could not start.
    #[error("the sandbox could not start: {0}")]
    Sandbox(String),
    /// The local journal could not record a session (it was canceled instead of used).
    #[error("the journal could not record the session: {0}")]
    Journal(#[from] crate::journal::JournalError),
    /// A key was refused or the keyring could not be used.
    #[error(transparent)]
    Key(#[from] crate::keys::KeyError),
    /// The staff panel is closed (or a PIN problem).
    #[error(transparent)]
    Staff(#[from] crate::staff::StaffError),
    /// A settings change was refused.
    #[error(transparent)]
    Settings(#[from] crate::settings::SettingsError),
    /// Staff pressed "use the key on the clipboard" with nothing (readable) on it.
    #[error("the clipboard holds no text: copy the secret key, then try again")]
    ClipboardEmpty,
    /// The session is not one this kiosk created.
    #[error("this kiosk's journal has no such session")]
    UnknownSession,
    /// The journal could not be opened at start-up.
    #[error("the journal is not available: {0}")]
    NoJournal(String),
    /// The CSV export could not be written.
    #[error("the export could not be written: {0}")]
    Export(String),
    /// An update could not be checked for or installed now.
    #[error(transparent)]
    Update(#[from] crate::updates::UpdateError),
    /// A setting has a value the kiosk cannot use.
    #[error("invalid setting {name}: {reason}")]
    Config { name: &'static str, reason: String },
    /// The work stopped before it finished (it panicked; the log has why). Nothing was
    /// half-done that a retry would not redo.
    #[error("the kiosk could not finish this; please try again")]
    Interrupted,

    #[error("{0:?} is not one of this kiosk's languages")]
    UnknownLanguage(String),
}

impl From<stripe_identity::Error> for KioskError {
    fn from(e: stripe_identity::Error) -> Self {
        if e.is_transient() {
            Self::Unavailable(e)
        } else {
            Self::StripeRejected(e)
        }
    }
}

impl KioskError {
    /// The stable code the UI branches on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::ReferenceRequired => "reference_required",
            Self::ReferenceTooLong { .. } => "reference_too_long",
            Self::Busy => "busy",
            Self::NoSession => "no_session",
            Self::AttemptsExhausted => "attempts_exhausted",
            Self::NotRetryable { .. } => "not_retryable",
            Self::HostedUnavailable(_) => "hosted_unavailable",
            Self::Unavailable(_) => "unavailable",
            Self::StripeRejected(_) => "stripe_rejected",
            Self::KeyFormat(_) => "key_format",
            Self::Sandbox(_) => "sandbox_failed",
            Self::KeyringPending => "keyring_locked",
            Self::Journal(e) => e.code(),
            Self::Key(e) => e.code(),
            Self::Staff(e) => e.code(),
            Self::Settings(e) => e.code(),
            Self::ClipboardEmpty => "clipboard_empty",
            Self::UnknownSession => "unknown_session",
            Self::NoJournal(_) => "journal_unavailable",
            Self::Export(_) => "export_failed",
            Self::Config { .. } => "config_invalid",
            Self::Update(e) => e.code(),
            Self::Interrupted => "interrupted",
            Self::UnknownLanguage(_) => "language_unknown",
        }
    }

    /// The message sent to the webview. Stripe's own text (which can name a session) stays in
    /// the kiosk's log; the page only learns its class.
    fn public_message(&self) -> String {
        match self {
            Self::Unavailable(e) => format!("Stripe is unavailable ({})", e.class()),
            Self::StripeRejected(e) => format!("Stripe refused the request ({})", e.class()),
            Self::HostedUnavailable(_) => "the hosted verification page is not available".into(),
            other => other.to_string(),
        }
    }
}

impl serde::Serialize for KioskError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("KioskError", 2)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.public_message())?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripe_details_stay_out_of_the_message_the_page_gets() {
        let e = KioskError::Unavailable(stripe_identity::Error::Connection {
            message: "error sending request for url (https://api.stripe.com/v1/identity/verification_sessions/vs_123)".into(),
        });
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "unavailable");
        assert_eq!(v["message"], "Stripe is unavailable (api_connection_error)");
        assert!(e.to_string().contains("vs_123"), "the log keeps the detail");
    }
}

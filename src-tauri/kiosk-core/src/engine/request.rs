//! What a source is asked to create for one customer ([`CreateRequest`]), made from the
//! settings in force. Plain data; it depends only on the settings.

use stripe_identity::models::DocumentType;

use crate::settings::Settings;

/// A session to create for one customer. The same `attempt` (the idempotency key) with the same
/// request finds a session the source already made instead of making a second one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateRequest {
    pub attempt: String,
    /// The customer's reference (booking number...), already checked.
    pub reference: Option<String>,
    /// Written to the session's metadata.
    pub kiosk_id: String,
    pub document: DocumentRequest,
}

/// The document check the settings ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRequest {
    /// Empty: the source's default (every type).
    pub allowed_types: Vec<DocumentType>,
    pub require_id_number: bool,
    pub require_live_capture: bool,
    pub require_matching_selfie: bool,
}

impl CreateRequest {
    /// The request the settings in force make for `reference`, under the idempotency key
    /// `attempt`.
    pub fn new(settings: &Settings, reference: Option<String>, attempt: String) -> Self {
        Self {
            attempt,
            reference,
            kiosk_id: settings.kiosk_id.clone(),
            document: DocumentRequest {
                allowed_types: settings.allowed_types.clone(),
                require_id_number: settings.require_id_number,
                require_live_capture: settings.require_live_capture,
                require_matching_selfie: settings.require_matching_selfie,
            },
        }
    }
}

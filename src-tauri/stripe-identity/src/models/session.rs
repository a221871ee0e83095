//! `identity.verification_session` and the objects inside it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    Address, DateParts, DocumentType, Expandable, HasId, IdNumberType, MatchingPolicy,
    RedactionStatus, SessionErrorCode, SessionStatus, Sex, VerificationReport, VerificationType,
};
use crate::secret::{ClientSecret, HostedUrl};

/// A VerificationSession: one customer's verification, from creation to its outcome.
///
/// `Debug` is derived, but the `client_secret` inside redacts itself; verified outputs hold
/// personal data, so never log a whole session anyway.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct VerificationSession {
    pub id: String,
    pub object: String,
    pub created: i64,
    pub livemode: bool,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
    pub status: SessionStatus,
    #[serde(rename = "type")]
    pub kind: VerificationType,
    #[serde(default)]
    pub client_reference_id: Option<String>,
    /// Present only while `requires_input`; single use. Never serialized: it goes to the
    /// webview through one explicit `expose()` and nowhere else.
    #[serde(default, skip_serializing)]
    pub client_secret: Option<ClientSecret>,
    #[serde(default)]
    pub last_error: Option<SessionLastError>,
    #[serde(default)]
    pub last_verification_report: Option<Expandable<VerificationReport>>,
    #[serde(default)]
    pub options: Option<SessionOptions>,
    #[serde(default)]
    pub provided_details: Option<ProvidedDetails>,
    #[serde(default)]
    pub redaction: Option<Redaction>,
    #[serde(default)]
    pub related_customer: Option<String>,
    #[serde(default)]
    pub related_customer_account: Option<String>,
    #[serde(default)]
    pub related_person: Option<RelatedPerson>,
    /// The hosted verification page; present only while `requires_input`. Treat it like a
    /// secret: anyone with it can submit the session, so it is never serialized either.
    #[serde(default, skip_serializing)]
    pub url: Option<HostedUrl>,
    #[serde(default)]
    pub verification_flow: Option<String>,
    #[serde(default)]
    pub verified_outputs: Option<VerifiedOutputs>,
}

impl HasId for VerificationSession {
    fn id(&self) -> &str {
        &self.id
    }
}

/// `last_error`: why the last submission failed. Both fields may be null.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct SessionLastError {
    pub code: Option<SessionErrorCode>,
    pub reason: Option<String>,
}

/// `options` as returned (only `document` can be set through the API).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct SessionOptions {
    pub document: Option<DocumentOptions>,
    pub email: Option<RequireVerification>,
    pub id_number: Option<serde_json::Map<String, serde_json::Value>>,
    pub matching: Option<MatchingOptions>,
    pub phone: Option<RequireVerification>,
}

/// `options.document`, the document check's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct DocumentOptions {
    #[serde(default)]
    pub allowed_types: Option<Vec<DocumentType>>,
    pub require_id_number: Option<bool>,
    pub require_live_capture: Option<bool>,
    pub require_matching_selfie: Option<bool>,
}

/// `options.email` / `options.phone`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct RequireVerification {
    pub require_verification: Option<bool>,
}

/// `options.matching`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct MatchingOptions {
    pub dob: Option<MatchingPolicy>,
    pub name: Option<MatchingPolicy>,
}

/// `provided_details`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct ProvidedDetails {
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// `redaction`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Redaction {
    pub status: RedactionStatus,
}

/// `related_person`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct RelatedPerson {
    pub account: String,
    pub person: String,
}

/// `verified_outputs`: personal data; shown only when expanded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct VerifiedOutputs {
    pub address: Option<Address>,
    pub dob: Option<DateParts>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub id_number: Option<String>,
    pub id_number_type: Option<IdNumberType>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub sex: Option<Sex>,
    pub unparsed_place_of_birth: Option<String>,
    pub unparsed_sex: Option<String>,
}

//! `identity.verification_report`: the result of one submission's checks.

use serde::{Deserialize, Serialize};

use super::{
    Address, CheckStatus, DateParts, DocumentType, HasId, IdNumberType, Sex, VerificationType,
};

/// A VerificationReport. Holds personal data: never log one.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct VerificationReport {
    pub id: String,
    pub object: String,
    pub created: i64,
    pub livemode: bool,
    #[serde(rename = "type")]
    pub kind: VerificationType,
    #[serde(default)]
    pub client_reference_id: Option<String>,
    #[serde(default)]
    pub document: Option<DocumentReport>,
    #[serde(default)]
    pub email: Option<EmailReport>,
    #[serde(default)]
    pub id_number: Option<IdNumberReport>,
    #[serde(default)]
    pub options: Option<ReportOptions>,
    #[serde(default)]
    pub phone: Option<PhoneReport>,
    #[serde(default)]
    pub selfie: Option<SelfieReport>,
    #[serde(default)]
    pub verification_flow: Option<String>,
    #[serde(default)]
    pub verification_session: Option<String>,
}

impl HasId for VerificationReport {
    fn id(&self) -> &str {
        &self.id
    }
}

/// A check's error: `code` is kept as a plain string because each check has its own set of
/// codes and Stripe may add more.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct CheckError {
    pub code: Option<String>,
    pub reason: Option<String>,
}

/// `document` check.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DocumentReport {
    pub status: CheckStatus,
    #[serde(default)]
    pub address: Option<Address>,
    #[serde(default)]
    pub dob: Option<DateParts>,
    #[serde(default)]
    pub error: Option<CheckError>,
    #[serde(default)]
    pub expiration_date: Option<DateParts>,
    #[serde(default)]
    pub files: Option<Vec<String>>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub issued_date: Option<DateParts>,
    #[serde(default)]
    pub issuing_country: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub sex: Option<Sex>,
    #[serde(rename = "type", default)]
    pub kind: Option<DocumentType>,
    #[serde(default)]
    pub unparsed_place_of_birth: Option<String>,
    #[serde(default)]
    pub unparsed_sex: Option<String>,
}

/// `email` check.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct EmailReport {
    pub status: CheckStatus,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub error: Option<CheckError>,
}

/// `phone` check.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PhoneReport {
    pub status: CheckStatus,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub error: Option<CheckError>,
}

/// `id_number` check.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct IdNumberReport {
    pub status: CheckStatus,
    #[serde(default)]
    pub dob: Option<DateParts>,
    #[serde(default)]
    pub error: Option<CheckError>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub id_number: Option<String>,
    #[serde(default)]
    pub id_number_type: Option<IdNumberType>,
    #[serde(default)]
    pub last_name: Option<String>,
}

/// `selfie` check.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SelfieReport {
    pub status: CheckStatus,
    #[serde(default)]
    pub document: Option<String>,
    #[serde(default)]
    pub error: Option<CheckError>,
    #[serde(default)]
    pub selfie: Option<String>,
}

/// `options` of a report: the settings the checks ran with.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ReportOptions {
    #[serde(default)]
    pub document: Option<super::DocumentOptions>,
    #[serde(default)]
    pub id_number: Option<serde_json::Map<String, serde_json::Value>>,
}

//! The Identity enums, each open (see [`super::open_enum`]).

use super::open_enum::open_enum;

open_enum! {
    /// `identity.verification_session.status`.
    pub enum SessionStatus {
        RequiresInput = "requires_input",
        Processing = "processing",
        Verified = "verified",
        Canceled = "canceled",
    }
}

impl SessionStatus {
    /// Whether the session can no longer change on its own or by the customer
    /// (`requires_input` is not terminal: the customer may try again).
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Verified | Self::Canceled)
    }
}

open_enum! {
    /// `type` of a session or report.
    pub enum VerificationType {
        Document = "document",
        IdNumber = "id_number",
        VerificationFlow = "verification_flow",
    }
}

open_enum! {
    /// `last_error.code` of a session: why it went back to `requires_input`.
    pub enum SessionErrorCode {
        Abandoned = "abandoned",
        ConsentDeclined = "consent_declined",
        CountryNotSupported = "country_not_supported",
        DeviceNotSupported = "device_not_supported",
        DocumentExpired = "document_expired",
        DocumentTypeNotSupported = "document_type_not_supported",
        DocumentUnverifiedOther = "document_unverified_other",
        EmailUnverifiedOther = "email_unverified_other",
        EmailVerificationDeclined = "email_verification_declined",
        IdNumberInsufficientDocumentData = "id_number_insufficient_document_data",
        IdNumberMismatch = "id_number_mismatch",
        IdNumberUnverifiedOther = "id_number_unverified_other",
        PhoneUnverifiedOther = "phone_unverified_other",
        PhoneVerificationDeclined = "phone_verification_declined",
        SelfieDocumentMissingPhoto = "selfie_document_missing_photo",
        SelfieFaceMismatch = "selfie_face_mismatch",
        SelfieManipulated = "selfie_manipulated",
        SelfieUnverifiedOther = "selfie_unverified_other",
        UnderSupportedAge = "under_supported_age",
    }
}

open_enum! {
    /// A document type accepted by `options.document.allowed_types`.
    pub enum DocumentType {
        DrivingLicense = "driving_license",
        IdCard = "id_card",
        Passport = "passport",
    }
}

open_enum! {
    /// `redaction.status`.
    pub enum RedactionStatus {
        Processing = "processing",
        Redacted = "redacted",
        Validated = "validated",
    }
}

open_enum! {
    /// `status` of a report's checks.
    pub enum CheckStatus {
        Verified = "verified",
        Unverified = "unverified",
    }
}

open_enum! {
    /// `id_number_type` of verified outputs and id-number reports.
    pub enum IdNumberType {
        BrCpf = "br_cpf",
        SgNric = "sg_nric",
        UsSsn = "us_ssn",
    }
}

open_enum! {
    /// `sex` of verified outputs and document reports.
    pub enum Sex {
        Redacted = "[redacted]",
        Female = "female",
        Male = "male",
        Unknown = "unknown",
    }
}

open_enum! {
    /// `options.matching.dob` / `.name`.
    pub enum MatchingPolicy {
        None = "none",
        Similar = "similar",
    }
}

open_enum! {
    /// `error.type` of Stripe's error object.
    pub enum ErrorType {
        ApiError = "api_error",
        CardError = "card_error",
        IdempotencyError = "idempotency_error",
        InvalidRequestError = "invalid_request_error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_parse_into_other_and_round_trip() {
        let s: SessionStatus = serde_json::from_str("\"paused_for_review\"").unwrap();
        assert_eq!(s, SessionStatus::Other("paused_for_review".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"paused_for_review\"");
        let c: SessionErrorCode = serde_json::from_str("\"brand_new_code\"").unwrap();
        assert_eq!(c.as_str(), "brand_new_code");
    }

    #[test]
    fn known_values_parse_into_their_variant() {
        let s: SessionStatus = serde_json::from_str("\"requires_input\"").unwrap();
        assert_eq!(s, SessionStatus::RequiresInput);
        let t: Sex = serde_json::from_str("\"[redacted]\"").unwrap();
        assert_eq!(t, Sex::Redacted);
        assert!(SessionStatus::Verified.is_final());
        assert!(!SessionStatus::RequiresInput.is_final());
    }
}

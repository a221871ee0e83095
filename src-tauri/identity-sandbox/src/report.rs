//! The VerificationReport: one per submission, carrying the outcome of each check.

use serde_json::{json, Value};

use crate::person;
use crate::session::View;

/// One stored report.
#[derive(Debug, Clone)]
pub struct Report {
    /// `vr_…`
    pub id: String,
    /// Creation order.
    pub seq: u64,
    /// Unix seconds.
    pub created: i64,
    /// The session it belongs to.
    pub session_id: String,
    /// `document` or `id_number`.
    pub kind: String,
    /// Copied from the session.
    pub client_reference_id: Option<String>,
    /// `options.document` of the session at submission.
    pub document_options: Option<Value>,
    /// `None` when verified, else the failing `(code, reason)`.
    pub failure: Option<(String, String)>,
    /// Set when the session is redacted.
    pub redacted: bool,
}

const DOCUMENT_CODES: [&str; 3] = [
    "document_expired",
    "document_type_not_supported",
    "document_unverified_other",
];
const ID_NUMBER_CODES: [&str; 3] = [
    "id_number_insufficient_document_data",
    "id_number_mismatch",
    "id_number_unverified_other",
];
const SELFIE_CODES: [&str; 4] = [
    "selfie_document_missing_photo",
    "selfie_face_mismatch",
    "selfie_manipulated",
    "selfie_unverified_other",
];

impl Report {
    fn wants_selfie(&self) -> bool {
        self.document_options
            .as_ref()
            .and_then(|o| o.get("require_matching_selfie"))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// Which sub-report carries the failure: the configured code's family, else the main check.
    fn failing_check(&self) -> Option<(&'static str, String, String)> {
        let (code, reason) = self.failure.clone()?;
        if SELFIE_CODES.contains(&code.as_str()) && self.wants_selfie() {
            return Some(("selfie", code, reason));
        }
        if self.kind == "id_number" {
            let code = if ID_NUMBER_CODES.contains(&code.as_str()) {
                code
            } else {
                "id_number_unverified_other".into()
            };
            return Some(("id_number", code, reason));
        }
        // Report sub-errors have narrower enums than `last_error`; map anything else onto the
        // generic document code so the report stays schema-valid.
        let code = if DOCUMENT_CODES.contains(&code.as_str()) {
            code
        } else {
            "document_unverified_other".into()
        };
        Some(("document", code, reason))
    }

    /// The JSON object. `view.expand` is relative to the report (`document.number`…).
    pub fn render(&self, view: &View<'_>) -> Value {
        let failing = self.failing_check();
        let outcome = |check: &str| match &failing {
            Some((c, code, reason)) if *c == check => {
                ("unverified", json!({"code": code, "reason": reason}))
            }
            _ => ("verified", Value::Null),
        };
        let r = self.redacted;
        let mut obj = json!({
            "id": self.id,
            "object": "identity.verification_report",
            "client_reference_id": self.client_reference_id,
            "created": self.created,
            "livemode": false,
            "type": self.kind,
            "verification_session": self.session_id,
        });
        let Some(map) = obj.as_object_mut() else {
            return obj;
        };
        if self.kind == "document" {
            map.insert(
                "options".into(),
                json!({"document": self.document_options.clone().unwrap_or_else(|| json!({}))}),
            );
            let (status, error) = outcome("document");
            let ok = status == "verified";
            let doc_type = self
                .document_options
                .as_ref()
                .and_then(|o| o.pointer("/allowed_types/0"))
                .cloned()
                .unwrap_or_else(|| json!("driving_license"));
            let when = |v: Value| if ok { v } else { Value::Null };
            map.insert("document".into(), json!({
                "address": when(person::address(r)),
                "dob": if ok && !r && view.sensitive("document.dob") { person::dob() } else { Value::Null },
                "error": error,
                "expiration_date": if ok && !r && view.sensitive("document.expiration_date") { json!({"day": 1, "month": 12, "year": 2030}) } else { Value::Null },
                "files": if ok { json!([format!("file_{}", &self.id[3..]), format!("file_{}b", &self.id[3..self.id.len() - 1])]) } else { json!([]) },
                "first_name": when(person::text(person::FIRST_NAME, r)),
                "issued_date": when(json!({"day": 1, "month": 12, "year": 2020})),
                "issuing_country": when(json!("US")),
                "last_name": when(person::text(person::LAST_NAME, r)),
                "number": if ok && view.sensitive("document.number") { person::text("D1234567", r) } else { Value::Null },
                "sex": if r { json!(person::REDACTED) } else { Value::Null },
                "status": status,
                "type": when(doc_type),
                "unparsed_place_of_birth": Value::Null,
                "unparsed_sex": Value::Null,
            }));
            if self.wants_selfie() {
                let (status, error) = outcome("selfie");
                map.insert(
                    "selfie".into(),
                    json!({
                        "document": format!("file_{}d", &self.id[3..self.id.len() - 1]),
                        "error": error,
                        "selfie": format!("file_{}s", &self.id[3..self.id.len() - 1]),
                        "status": status,
                    }),
                );
            }
        } else {
            map.insert("options".into(), json!({"id_number": {}}));
            let (status, error) = outcome("id_number");
            let ok = status == "verified";
            map.insert("id_number".into(), json!({
                "dob": if ok && !r && view.sensitive("id_number.dob") { person::dob() } else { Value::Null },
                "error": error,
                "first_name": if ok { person::text(person::FIRST_NAME, r) } else { Value::Null },
                "id_number": if ok && view.sensitive("id_number.id_number") { person::text(person::ID_NUMBER, r) } else { Value::Null },
                "id_number_type": if ok && !r { json!("us_ssn") } else { Value::Null },
                "last_name": if ok { person::text(person::LAST_NAME, r) } else { Value::Null },
                "status": status,
            }));
        }
        obj
    }
}

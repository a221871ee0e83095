//! Request parameters of the Identity operations, serialized through [`crate::form`].
//!
//! `None` fields are left out of the request; [`Emptyable::Unset`] sends the empty string,
//! which Stripe reads as "clear this".

use std::collections::BTreeMap;

use serde::Serialize;

use crate::models::{DocumentType, SessionStatus, VerificationType};

/// A value, or the empty string that tells Stripe to clear it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Emptyable<T> {
    Set(T),
    Unset,
}

impl<T: Serialize> Serialize for Emptyable<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Set(v) => v.serialize(s),
            // `null` becomes the empty string in the form encoder.
            Self::Unset => s.serialize_none(),
        }
    }
}

/// `options[document]` on create and update.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocumentOptionsParams {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_types: Vec<DocumentType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_id_number: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_live_capture: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_matching_selfie: Option<bool>,
}

/// `options` on create and update (only `document` is settable through the API).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SessionOptionsParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<Emptyable<DocumentOptionsParams>>,
}

/// `provided_details`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProvidedDetailsParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// `related_person`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedPersonParams {
    pub account: String,
    pub person: String,
}

/// Parameters of `POST /v1/identity/verification_sessions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreateSessionParams {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<VerificationType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_reference_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expand: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<SessionOptionsParams>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provided_details: Option<ProvidedDetailsParams>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_customer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_customer_account: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_person: Option<RelatedPersonParams>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_flow: Option<String>,
}

/// Parameters of `POST /v1/identity/verification_sessions/{id}` (only while `requires_input`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UpdateSessionParams {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<VerificationType>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expand: Vec<String>,
    /// `Set` merges: a key mapped to `None` is removed. `Unset` removes every key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Emptyable<BTreeMap<String, Option<String>>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<SessionOptionsParams>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provided_details: Option<ProvidedDetailsParams>,
}

/// A `created` filter: an exact second or a range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum CreatedFilter {
    Exact(i64),
    Range {
        #[serde(skip_serializing_if = "Option::is_none")]
        gt: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        gte: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        lt: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        lte: Option<i64>,
    },
}

/// Parameters of `GET /v1/identity/verification_sessions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListSessionsParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_reference_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<CreatedFilter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ending_before: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expand: Vec<String>,
    /// 1 to 100; Stripe's default is 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_customer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_customer_account: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starting_after: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<SessionStatus>,
}

/// Parameters of `GET /v1/identity/verification_reports`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListReportsParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_reference_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<CreatedFilter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ending_before: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expand: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starting_after: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<VerificationType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_session: Option<String>,
}

/// Just `expand`, for retrieve, cancel and redact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExpandParams {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expand: Vec<String>,
}

impl ExpandParams {
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(paths: I) -> Self {
        Self {
            expand: paths.into_iter().map(Into::into).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::encode;

    fn enc<T: Serialize>(p: &T) -> String {
        encode(&serde_json::to_value(p).unwrap())
    }

    #[test]
    fn create_params_encode_as_the_sdks_do() {
        let p = CreateSessionParams {
            kind: Some(VerificationType::Document),
            client_reference_id: Some("BK-1".into()),
            metadata: BTreeMap::from([("kiosk_id".into(), "K42".into())]),
            options: Some(SessionOptionsParams {
                document: Some(Emptyable::Set(DocumentOptionsParams {
                    allowed_types: vec![DocumentType::Passport, DocumentType::IdCard],
                    require_matching_selfie: Some(true),
                    ..Default::default()
                })),
            }),
            ..Default::default()
        };
        assert_eq!(
            enc(&p),
            "client_reference_id=BK-1&metadata[kiosk_id]=K42\
             &options[document][allowed_types][0]=passport&options[document][allowed_types][1]=id_card\
             &options[document][require_matching_selfie]=true&type=document"
        );
    }

    #[test]
    fn update_can_unset_keys_metadata_and_document_options() {
        let p = UpdateSessionParams {
            metadata: Some(Emptyable::Set(BTreeMap::from([
                ("gone".into(), None),
                ("kept".into(), Some("v".into())),
            ]))),
            options: Some(SessionOptionsParams {
                document: Some(Emptyable::Unset),
            }),
            ..Default::default()
        };
        assert_eq!(
            enc(&p),
            "metadata[gone]=&metadata[kept]=v&options[document]="
        );
        let clear = UpdateSessionParams {
            metadata: Some(Emptyable::Unset),
            ..Default::default()
        };
        assert_eq!(enc(&clear), "metadata=");
    }

    #[test]
    fn list_filters_encode_ranges() {
        let p = ListSessionsParams {
            created: Some(CreatedFilter::Range {
                gt: None,
                gte: Some(10),
                lt: Some(20),
                lte: None,
            }),
            limit: Some(3),
            status: Some(SessionStatus::RequiresInput),
            ..Default::default()
        };
        assert_eq!(
            enc(&p),
            "created[gte]=10&created[lt]=20&limit=3&status=requires_input"
        );
    }
}

//! The create parameters the session tests share: a document check with options, metadata
//! and provided details, so a test only names its `client_reference_id`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use stripe_identity::models::{DocumentType, VerificationType};
use stripe_identity::{
    CreateSessionParams, DocumentOptionsParams, Emptyable, ProvidedDetailsParams,
    SessionOptionsParams,
};

pub fn document_params(reference: &str) -> CreateSessionParams {
    CreateSessionParams {
        kind: Some(VerificationType::Document),
        client_reference_id: Some(reference.to_owned()),
        metadata: BTreeMap::from([("kiosk_id".into(), "K42".into())]),
        options: Some(SessionOptionsParams {
            document: Some(Emptyable::Set(DocumentOptionsParams {
                allowed_types: vec![DocumentType::DrivingLicense, DocumentType::Passport],
                require_matching_selfie: Some(true),
                require_live_capture: Some(true),
                ..Default::default()
            })),
        }),
        provided_details: Some(ProvidedDetailsParams {
            email: Some("jenny@example.com".into()),
            phone: None,
        }),
        ..Default::default()
    }
}

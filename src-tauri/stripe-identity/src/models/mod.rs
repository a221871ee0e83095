//! Typed models of the Identity objects, field by field from Stripe's OpenAPI spec
//! (`identity.verification_session`, `identity.verification_report`, list objects, `error`).
//!
//! Every field that the spec does not mark `required` is optional here, so a response that
//! leaves it out (most often an unexpanded field) still parses; enums are open.

mod enums;
mod error_object;
pub(crate) mod open_enum;
mod report;
mod session;

pub use enums::*;
pub use error_object::{ApiErrorBody, ApiErrorObject};
pub use report::*;
pub use session::*;

use serde::{Deserialize, Serialize};

/// A page of a list endpoint: `{"object": "list", "data": [...], "has_more": ..., "url": ...}`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct List<T> {
    pub object: String,
    pub data: Vec<T>,
    pub has_more: bool,
    pub url: String,
}

/// A field that is an id unless it was expanded into the object itself.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Expandable<T> {
    Id(String),
    Object(Box<T>),
}

impl<T: HasId> Expandable<T> {
    /// The id, whether or not the field was expanded.
    pub fn id(&self) -> &str {
        match self {
            Self::Id(id) => id,
            Self::Object(obj) => obj.id(),
        }
    }

    /// The object, if the field was expanded.
    pub fn as_object(&self) -> Option<&T> {
        match self {
            Self::Id(_) => None,
            Self::Object(obj) => Some(obj),
        }
    }
}

/// Objects that have a Stripe id; used by cursors and [`Expandable`].
pub trait HasId {
    fn id(&self) -> &str;
}

/// A calendar date whose parts may be missing (`dob`, `expiration_date`, `issued_date`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct DateParts {
    pub day: Option<i64>,
    pub month: Option<i64>,
    pub year: Option<i64>,
}

/// Stripe's `address` object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Address {
    pub city: Option<String>,
    pub country: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub postal_code: Option<String>,
    pub state: Option<String>,
}

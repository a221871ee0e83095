//! Stripe's error object: `{"error": {"type": ..., "code": ..., "message": ..., "param": ...}}`.

use serde::{Deserialize, Serialize};

use super::ErrorType;

/// The body of a non-2xx response.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ApiErrorBody {
    pub error: ApiErrorObject,
}

/// The `error` inside it. Only `type` is required by the spec.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ApiErrorObject {
    #[serde(rename = "type")]
    pub kind: ErrorType,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub param: Option<String>,
    #[serde(default)]
    pub doc_url: Option<String>,
    #[serde(default)]
    pub request_log_url: Option<String>,
    #[serde(default)]
    pub decline_code: Option<String>,
    #[serde(default)]
    pub advice_code: Option<String>,
}

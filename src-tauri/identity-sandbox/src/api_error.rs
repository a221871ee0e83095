//! Stripe-shaped API errors: `{"error": {type, code?, param?, message, doc_url?, request_log_url}}`.
//!
//! These are responses, not failures of the sandbox itself (those are [`crate::SandboxError`]).
//! `doc_url` is only present when there is a `code`, as on Stripe.

use serde_json::{json, Map, Value};

/// The `type` values of Stripe's `api_errors` schema used by the sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorType {
    /// Server-side trouble (injected 5xx faults).
    Api,
    /// Same idempotency key, different request.
    Idempotency,
    /// Everything the caller got wrong.
    InvalidRequest,
}

impl ErrorType {
    fn as_str(self) -> &'static str {
        match self {
            ErrorType::Api => "api_error",
            ErrorType::Idempotency => "idempotency_error",
            ErrorType::InvalidRequest => "invalid_request_error",
        }
    }
}

/// An error response about to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Stripe error type.
    pub kind: ErrorType,
    /// Machine-readable code, when Stripe has one.
    pub code: Option<&'static str>,
    /// The offending parameter, in bracket notation.
    pub param: Option<String>,
    /// Human message.
    pub message: String,
}

impl ApiError {
    /// A 400 `invalid_request_error` without code or param.
    pub fn invalid(message: impl Into<String>) -> Self {
        ApiError {
            status: 400,
            kind: ErrorType::InvalidRequest,
            code: None,
            param: None,
            message: message.into(),
        }
    }

    /// Sets the HTTP status.
    pub fn status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// Sets the code.
    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// Sets the param.
    pub fn param(mut self, param: impl Into<String>) -> Self {
        self.param = Some(param.into());
        self
    }

    /// Sets the type.
    pub fn kind(mut self, kind: ErrorType) -> Self {
        self.kind = kind;
        self
    }

    /// `parameter_unknown` for `param`.
    pub fn unknown_param(param: &str) -> Self {
        ApiError::invalid(format!("Received unknown parameter: {param}"))
            .code("parameter_unknown")
            .param(param)
    }

    /// `parameter_missing` for `param`.
    pub fn missing_param(param: &str) -> Self {
        ApiError::invalid(format!("Missing required param: {param}."))
            .code("parameter_missing")
            .param(param)
    }

    /// `parameter_invalid_empty`: an empty string sent for something that cannot be unset.
    pub fn empty_param(param: &str) -> Self {
        ApiError::invalid(format!(
            "You passed an empty string for '{param}'. We assume empty values are an attempt to \
             unset a parameter; however '{param}' cannot be unset. You should remove '{param}' \
             from your request or supply a non-empty value."
        ))
        .code("parameter_invalid_empty")
        .param(param)
    }

    /// 404 `resource_missing`, e.g. `No such verification session: 'vs_…'`.
    pub fn no_such(what: &str, id: &str, param: &str) -> Self {
        ApiError::invalid(format!("No such {what}: '{id}'"))
            .status(404)
            .code("resource_missing")
            .param(param)
    }

    /// The JSON body; `request_log_url` points at the sandbox's own request log.
    pub fn body(&self, request_log_url: &str) -> Value {
        let mut err = Map::new();
        err.insert("type".into(), json!(self.kind.as_str()));
        err.insert("message".into(), json!(self.message));
        if let Some(code) = self.code {
            err.insert("code".into(), json!(code));
            err.insert(
                "doc_url".into(),
                json!(format!(
                    "https://stripe.com/docs/error-codes/{}",
                    code.replace('_', "-")
                )),
            );
        }
        if let Some(param) = &self.param {
            err.insert("param".into(), json!(param));
        }
        err.insert("request_log_url".into(), json!(request_log_url));
        json!({ "error": Value::Object(err) })
    }
}

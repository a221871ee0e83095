//! The client's error type: one variant per class the kiosk reacts to differently.
//!
//! Classification follows stripe-python's `_specific_v1_api_error`: 401 is authentication, 403
//! permission, 429 (or a 400 with code `rate_limit`) rate limited, an `idempotency_error` is
//! idempotency, 404 not found, other 4xx invalid request, 5xx and the rest API errors.
//! Messages pass through [`crate::secret::scrub`], so no key or client secret can ride along.

use crate::models::{ApiErrorObject, ErrorType};
use crate::secret::scrub;

/// What Stripe said about a failed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiFailure {
    /// HTTP status of the response.
    pub status: u16,
    /// Stripe's `error.type` (`invalid_request_error`, `api_error`, ...).
    pub kind: ErrorType,
    /// Stripe's `error.code`, e.g. `resource_missing`, `parameter_unknown`.
    pub code: Option<String>,
    /// The parameter at fault, e.g. `options[document][allowed_types][0]`.
    pub param: Option<String>,
    /// Stripe's message, scrubbed of secrets.
    pub message: String,
    /// The `Request-Id` response header, for support.
    pub request_id: Option<String>,
}

impl ApiFailure {
    pub(crate) fn from_object(
        status: u16,
        obj: ApiErrorObject,
        request_id: Option<String>,
    ) -> Self {
        Self {
            status,
            kind: obj.kind,
            code: obj.code,
            param: obj.param,
            message: scrub(obj.message.as_deref().unwrap_or("(Stripe gave no message)")),
            request_id,
        }
    }
}

impl std::fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(param) = &self.param {
            write!(f, " (param {param})")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request {id})")?;
        }
        Ok(())
    }
}

/// Every way a call can fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 401: no key, a wrong key, an expired or revoked key.
    #[error("authentication failed: {0}")]
    Authentication(Box<ApiFailure>),
    /// 403: a restricted key without the permission this call needs.
    #[error("permission denied: {0}")]
    Permission(Box<ApiFailure>),
    /// 400 and other 4xx: a parameter is wrong or the session is in the wrong state.
    #[error("invalid request: {0}")]
    InvalidRequest(Box<ApiFailure>),
    /// 404: no such object.
    #[error("not found: {0}")]
    NotFound(Box<ApiFailure>),
    /// An Idempotency-Key reused with other parameters, or still in use.
    #[error("idempotency error: {0}")]
    Idempotency(Box<ApiFailure>),
    /// 429: too many requests (not retried, as the official SDKs do).
    #[error("rate limited: {0}")]
    RateLimited(Box<ApiFailure>),
    /// 5xx and anything else Stripe reports.
    #[error("Stripe API error: {0}")]
    Api(Box<ApiFailure>),
    /// Stripe answered with a body that is not what the API promises.
    #[error("malformed response from Stripe (HTTP {status}){}", fmt_request(.request_id))]
    MalformedResponse {
        status: u16,
        request_id: Option<String>,
    },
    /// The connection failed: DNS, refused, reset, TLS.
    #[error("could not reach Stripe: {message}")]
    Connection { message: String },
    /// No answer within the request timeout.
    #[error("Stripe did not answer within {seconds:.1} s")]
    Timeout { seconds: f64 },
    /// A bad argument caught before any request was sent (e.g. an empty id).
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
}

fn fmt_request(id: &Option<String>) -> String {
    id.as_ref()
        .map(|id| format!(" (request {id})"))
        .unwrap_or_default()
}

impl Error {
    /// Builds the error for a non-2xx response with Stripe's error body.
    pub(crate) fn from_response(
        status: u16,
        obj: ApiErrorObject,
        request_id: Option<String>,
    ) -> Self {
        let failure = Box::new(ApiFailure::from_object(status, obj, request_id));
        if failure.kind == ErrorType::IdempotencyError {
            return Self::Idempotency(failure);
        }
        match status {
            401 => Self::Authentication(failure),
            403 => Self::Permission(failure),
            429 => Self::RateLimited(failure),
            400 if failure.code.as_deref() == Some("rate_limit") => Self::RateLimited(failure),
            404 => Self::NotFound(failure),
            400..=499 => Self::InvalidRequest(failure),
            _ => Self::Api(failure),
        }
    }

    /// What Stripe said, when it said something.
    pub fn api_failure(&self) -> Option<&ApiFailure> {
        match self {
            Self::Authentication(f)
            | Self::Permission(f)
            | Self::InvalidRequest(f)
            | Self::NotFound(f)
            | Self::Idempotency(f)
            | Self::RateLimited(f)
            | Self::Api(f) => Some(&**f),
            _ => None,
        }
    }

    /// The `Request-Id` of the failed response, if there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::MalformedResponse { request_id, .. } => request_id.as_deref(),
            other => other.api_failure().and_then(|f| f.request_id.as_deref()),
        }
    }

    /// Stripe's `error.code`, if any.
    pub fn code(&self) -> Option<&str> {
        self.api_failure().and_then(|f| f.code.as_deref())
    }

    /// A short stable name of the class, for logs, the CLI and IPC error codes.
    pub fn class(&self) -> &'static str {
        match self {
            Self::Authentication(_) => "authentication_error",
            Self::Permission(_) => "permission_error",
            Self::InvalidRequest(_) => "invalid_request_error",
            Self::NotFound(_) => "not_found",
            Self::Idempotency(_) => "idempotency_error",
            Self::RateLimited(_) => "rate_limit_error",
            Self::Api(_) => "api_error",
            Self::MalformedResponse { .. } => "malformed_response",
            Self::Connection { .. } => "api_connection_error",
            Self::Timeout { .. } => "timeout",
            Self::InvalidArgument(_) => "invalid_argument",
        }
    }

    /// Whether the failure is about reaching Stripe rather than about the request itself.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Connection { .. } | Self::Timeout { .. } | Self::Api(_) | Self::RateLimited(_)
        ) || matches!(self, Self::MalformedResponse { .. })
    }
}

/// Convenience alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;

//! Injected faults for `/v1/` requests, set through `POST /_sandbox/faults`.
//!
//! A fault matches on method and path prefix and fires for its next `count` matching requests.
//! Order of effects: `latency_ms` first; then `drop_connection` (the TCP connection is closed
//! with no response) or `status` (a Stripe-shaped error; the request is not executed); otherwise
//! the request runs and `malformed` truncates its JSON body, `should_retry` adds
//! `Stripe-Should-Retry`. Control endpoints (`/_sandbox/*`) never match.

use serde::{Deserialize, Serialize};

use crate::api_error::{ApiError, ErrorType};

/// One fault as posted (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// Only requests with this method (any when absent).
    #[serde(default)]
    pub method: Option<String>,
    /// Only paths starting with this (any `/v1/` path when absent).
    #[serde(default)]
    pub path_prefix: Option<String>,
    /// How many matching requests it affects.
    #[serde(default = "one")]
    pub count: u32,
    /// Delay before answering.
    #[serde(default)]
    pub latency_ms: Option<u64>,
    /// Answer with this status and a Stripe error body.
    #[serde(default)]
    pub status: Option<u16>,
    /// Value of a `Stripe-Should-Retry` header.
    #[serde(default)]
    pub should_retry: Option<bool>,
    /// Close the connection without a response.
    #[serde(default)]
    pub drop_connection: bool,
    /// 200 with a truncated JSON body.
    #[serde(default)]
    pub malformed: bool,
}

fn one() -> u32 {
    1
}

impl Fault {
    fn matches(&self, method: &str, path: &str) -> bool {
        self.count > 0
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self
                .path_prefix
                .as_deref()
                .is_none_or(|p| path.starts_with(p))
    }
}

/// Takes one firing of the first fault matching the request, if any.
pub fn take(faults: &mut Vec<Fault>, method: &str, path: &str) -> Option<Fault> {
    let idx = faults.iter().position(|f| f.matches(method, path))?;
    let fault = &mut faults[idx];
    fault.count -= 1;
    let fired = Fault {
        count: 1,
        ..fault.clone()
    };
    if fault.count == 0 {
        faults.remove(idx);
    }
    Some(fired)
}

/// The error body for an injected status, shaped like Stripe's for that status.
pub fn status_error(status: u16) -> ApiError {
    match status {
        429 => ApiError::invalid(
            "Too many requests hit the API too quickly. We recommend an exponential backoff of \
             your requests.",
        )
        .code("rate_limit"),
        409 => ApiError::invalid(
            "This object cannot be accessed right now because another API request or Stripe \
             process is currently accessing it. If you see this error intermittently, retry the \
             request. If you see this error frequently and are making multiple concurrent \
             requests to a single object, make your requests serially or at a lower rate.",
        )
        .code("lock_timeout"),
        s if s >= 500 => ApiError::invalid(
            "Sorry, something went wrong on our end (Identity sandbox injected fault). Please \
             retry the request.",
        )
        .kind(ErrorType::Api),
        _ => ApiError::invalid("Identity sandbox injected fault."),
    }
    .status(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_and_filters() {
        let mut faults = vec![Fault {
            method: Some("post".into()),
            path_prefix: Some("/v1/identity/verification_sessions".into()),
            count: 2,
            latency_ms: None,
            status: Some(500),
            should_retry: None,
            drop_connection: false,
            malformed: false,
        }];
        assert!(take(&mut faults, "GET", "/v1/identity/verification_sessions").is_none());
        assert!(take(&mut faults, "POST", "/v1/identity/verification_reports").is_none());
        assert!(take(&mut faults, "POST", "/v1/identity/verification_sessions").is_some());
        assert!(take(
            &mut faults,
            "POST",
            "/v1/identity/verification_sessions/vs_1"
        )
        .is_some());
        assert!(take(&mut faults, "POST", "/v1/identity/verification_sessions").is_none());
        assert!(faults.is_empty());
    }
}

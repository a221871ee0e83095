//! When and how long to wait before retrying, exactly as the official SDKs decide
//! (stripe-node `RequestSender._shouldRetry`, stripe-python `HTTPClient._should_retry`).

use std::time::Duration;

use rand::Rng;

/// What one attempt produced, as far as the retry decision cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttemptOutcome {
    /// Connection failure or timeout: no HTTP response at all.
    NoResponse,
    /// An HTTP response with this status and `Stripe-Should-Retry` header, if any.
    Response {
        status: u16,
        should_retry: Option<bool>,
    },
}

/// The retry policy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (the SDKs' `maxNetworkRetries`, default 2).
    pub max_retries: u32,
    /// Shortest wait between attempts (SDK: 0.5 s).
    pub min_delay: Duration,
    /// Longest wait between attempts before jitter (SDK: 5 s).
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// Whether to retry after `retries_done` retries ended in `outcome`.
    pub(crate) fn should_retry(&self, outcome: AttemptOutcome, retries_done: u32) -> bool {
        if retries_done >= self.max_retries {
            return false;
        }
        match outcome {
            AttemptOutcome::NoResponse => true,
            // The header overrides everything, both ways (Stripe knows best).
            AttemptOutcome::Response {
                should_retry: Some(flag),
                ..
            } => flag,
            // 409 (e.g. a lock conflict) and 5xx are retried; 429 and other 4xx are not.
            AttemptOutcome::Response { status, .. } => status == 409 || status >= 500,
        }
    }

    /// The wait before retry number `retry` (1-based):
    /// `min(min_delay * 2^(retry-1), max_delay)`, then jitter to between 50 % and 100 % of that,
    /// never below `min_delay`.
    pub(crate) fn delay(&self, retry: u32) -> Duration {
        let base = self.min_delay.as_secs_f64() * 2f64.powi(retry.saturating_sub(1) as i32);
        let capped = base.min(self.max_delay.as_secs_f64());
        let jittered = capped * 0.5 * (1.0 + rand::rng().random::<f64>());
        Duration::from_secs_f64(jittered.max(self.min_delay.as_secs_f64()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, should_retry: Option<bool>) -> AttemptOutcome {
        AttemptOutcome::Response {
            status,
            should_retry,
        }
    }

    #[test]
    fn retries_what_the_sdks_retry_and_nothing_else() {
        let p = RetryPolicy::default();
        assert!(p.should_retry(AttemptOutcome::NoResponse, 0));
        assert!(p.should_retry(resp(500, None), 0));
        assert!(p.should_retry(resp(503, None), 1));
        assert!(p.should_retry(resp(409, None), 0));
        assert!(!p.should_retry(resp(429, None), 0));
        assert!(!p.should_retry(resp(400, None), 0));
        assert!(!p.should_retry(resp(404, None), 0));
        assert!(p.should_retry(resp(429, Some(true)), 0));
        assert!(!p.should_retry(resp(500, Some(false)), 0));
        assert!(p.should_retry(resp(400, Some(true)), 0));
    }

    #[test]
    fn stops_after_max_retries() {
        let p = RetryPolicy::default();
        assert!(p.should_retry(AttemptOutcome::NoResponse, 1));
        assert!(!p.should_retry(AttemptOutcome::NoResponse, 2));
        let none = RetryPolicy {
            max_retries: 0,
            ..p
        };
        assert!(!none.should_retry(resp(500, None), 0));
    }

    #[test]
    fn backoff_stays_between_half_a_second_and_five_seconds() {
        let p = RetryPolicy::default();
        for retry in 1..=10 {
            for _ in 0..200 {
                let d = p.delay(retry).as_secs_f64();
                assert!((0.5..=5.0).contains(&d), "retry {retry}: {d}");
            }
        }
        // Grows: retry 4 waits at least half of min(0.5 * 8, 5) = 2 s.
        assert!(p.delay(4).as_secs_f64() >= 2.0);
    }
}

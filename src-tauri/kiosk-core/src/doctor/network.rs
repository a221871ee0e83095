//! The doctor's network checks: whether Stripe's API and Stripe.js answer from this machine
//! (through the same proxies the kiosk uses), and how bad it is when they do not.

use std::time::Duration;

use crate::backend::BackendEnv;

use super::{Check, CheckStatus};

/// What IT can do when Stripe cannot be reached.
const NETWORK_REMEDY: &str = "allow outbound HTTPS to api.stripe.com and js.stripe.com; set \
    HTTPS_PROXY if the network needs a proxy";

/// A network failure fails the kiosk once it has a key or was pointed somewhere on purpose. A
/// new kiosk in sandbox mode does not need Stripe yet, but IT wants to know before adding a
/// key, so the checks still run and warn.
pub(super) fn network_severity(has_key: bool, env: &BackendEnv) -> CheckStatus {
    if has_key || env.api_base.is_some() || env.stripe_js_url.is_some() {
        CheckStatus::Fail
    } else {
        CheckStatus::Warn
    }
}

pub(super) async fn api_reachable(api_base: &str, severity: CheckStatus, limit: Duration) -> Check {
    const NAME: &str = "api_reachable";
    let base = api_base.trim_end_matches('/');
    // Any answer will do: Stripe answers 401 to a request without a key.
    match fetch_status(&format!("{base}/v1"), limit).await {
        Ok(status) => Check::ok(
            NAME,
            "api_reachable_ok",
            format!("{base} reachable (answered HTTP {status})"),
        )
        .param("status", status),
        Err(cause) => Check::new(
            NAME,
            severity,
            "api_unreachable",
            format!("cannot reach {base}: {cause}"),
        )
        .param("cause", cause)
        .remedy("allow_network", NETWORK_REMEDY),
    }
    .param("url", base)
}

pub(super) async fn stripe_js_reachable(
    url: &str,
    severity: CheckStatus,
    limit: Duration,
) -> Check {
    const NAME: &str = "stripe_js_reachable";
    match fetch_status(url, limit).await {
        Ok(status) if (200..300).contains(&status) => Check::ok(
            NAME,
            "stripe_js_ok",
            format!("{url} reachable (HTTP {status})"),
        )
        .param("status", status),
        // Something answered, but not with Stripe.js: a captive portal or a filtering proxy.
        Ok(status) => Check::new(
            NAME,
            severity,
            "stripe_js_status",
            format!("{url} answered HTTP {status}"),
        )
        .param("status", status)
        .remedy("allow_network", NETWORK_REMEDY),
        Err(cause) => Check::new(
            NAME,
            severity,
            "stripe_js_unreachable",
            format!("cannot reach {url}: {cause}"),
        )
        .param("cause", cause)
        .remedy("allow_network", NETWORK_REMEDY),
    }
    .param("url", url)
}

/// GETs `url` and returns the response's status, or why there was none.
async fn fetch_status(url: &str, limit: Duration) -> Result<u16, String> {
    // Proxies come from the environment (HTTPS_PROXY, NO_PROXY...), as for the Stripe client.
    let client = reqwest::Client::builder()
        .timeout(limit)
        .connect_timeout(limit)
        .user_agent(format!(
            "identity-kiosk/{} doctor",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
        .map_err(|e| format!("HTTP client set-up failed: {}", causes(&e)))?;
    match client.get(url).send().await {
        Ok(resp) => Ok(resp.status().as_u16()),
        Err(e) if e.is_timeout() => Err(format!("no answer within {} s", limit.as_secs())),
        Err(e) => Err(causes(&e)),
    }
}

/// An error's sources, `: `-separated (the error itself when it has none): reqwest's own
/// message only says a request to the URL failed, the cause (DNS, refused, certificate) is
/// further down.
pub(super) fn causes(e: &dyn std::error::Error) -> String {
    let Some(first) = e.source() else {
        return e.to_string();
    };
    let mut parts: Vec<String> = Vec::new();
    let mut source = Some(first);
    while let Some(s) = source {
        let text = s.to_string();
        if parts.last() != Some(&text) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

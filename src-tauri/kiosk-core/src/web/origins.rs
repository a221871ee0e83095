//! Origins: `scheme://host[:port]` of a URL (custom schemes included), and the origin a
//! Stripe.js URL that is not Stripe's own adds to the page's policy.

use url::Url;

/// `scheme://host[:port]`, also for custom schemes like `tauri://localhost`.
pub fn origin(url: &Url) -> String {
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    format!(
        "{}://{}{port}",
        url.scheme(),
        url.host_str().unwrap_or_default()
    )
}

/// The origin to allow for a Stripe.js URL that is not Stripe's own (`None` for js.stripe.com).
pub fn extra_origin(stripe_js_url: &str) -> Option<String> {
    let url = Url::parse(stripe_js_url).ok()?;
    let host = url.host_str()?;
    if url.scheme() == "https" && (host == "js.stripe.com" || host.ends_with(".js.stripe.com")) {
        return None;
    }
    Some(origin(&url))
}

/// Scheme and host only: paths (the hosted page's `/start/<token>`), queries and fragments
/// may hold tokens, so this is what a log line may name.
pub fn redacted(url: &Url) -> String {
    format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default())
}

//! Where the kiosk's window may go: its own pages, Stripe's verification hosts, and the
//! sandbox in sandbox mode. Stripe's hosted flow ends on [`RETURN_URL`], which is intercepted
//! and turned back into the app's own result screens. Everything else is refused.
//!
//! On Linux the navigation handler also sees the loads of iframes (Stripe's modal), so the
//! Stripe hosts must be allowed here as well as in the CSP.

use kiosk_core::engine::RETURN_URL;
use url::Url;

/// What to do with a navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny,
    /// The hosted flow finished: show the app's result screen instead.
    ReturnToApp,
}

/// The allow-list, fixed at start-up.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The app's own origin (`tauri://localhost`, `http://tauri.localhost`, or tauri dev's).
    app: Option<String>,
    /// The sandbox's or a test Stripe.js host's origin, when not Stripe's.
    extra: Vec<String>,
}

/// Stripe's hosts that the modal's frames and the hosted flow load: Stripe.js and its frames,
/// the hosted verification page, Stripe's redirect hooks, and Stripe.js's fraud-signal frame.
/// Nothing else of stripe.com (no marketing pages, no Dashboard sign-in).
const STRIPE_HOSTS: [&str; 4] = [
    "js.stripe.com",
    "verify.stripe.com",
    "hooks.stripe.com",
    "m.stripe.network",
];

fn is_stripe_host(host: &str) -> bool {
    STRIPE_HOSTS.contains(&host) || host.ends_with(".js.stripe.com")
}

impl Policy {
    pub fn new(app_url: Option<&Url>, extra_origins: Vec<String>) -> Self {
        Self {
            app: app_url.map(origin),
            extra: extra_origins,
        }
    }

    pub fn decide(&self, url: &Url) -> Decision {
        if url.as_str().starts_with(RETURN_URL) {
            return Decision::ReturnToApp;
        }
        if matches!(url.as_str(), "about:blank" | "about:srcdoc") {
            return Decision::Allow;
        }
        let o = origin(url);
        if Some(&o) == self.app.as_ref() || self.extra.contains(&o) {
            return Decision::Allow;
        }
        if url.scheme() == "https" && is_stripe_host(url.host_str().unwrap_or_default()) {
            Decision::Allow
        } else {
            Decision::Deny
        }
    }
}

/// `scheme://host[:port]`, also for custom schemes like `tauri://localhost`.
pub(crate) fn origin(url: &Url) -> String {
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    format!(
        "{}://{}{port}",
        url.scheme(),
        url.host_str().unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(policy: &Policy, url: &str) -> Decision {
        policy.decide(&Url::parse(url).unwrap())
    }

    #[test]
    fn allows_the_app_stripe_and_the_sandbox_only() {
        let app = Url::parse("tauri://localhost/index.html").unwrap();
        let p = Policy::new(Some(&app), vec!["http://127.0.0.1:4000".into()]);
        assert_eq!(
            decide(&p, "tauri://localhost/index.html#returned"),
            Decision::Allow
        );
        assert_eq!(
            decide(&p, "https://js.stripe.com/v3/identity-inner.html"),
            Decision::Allow
        );
        assert_eq!(
            decide(&p, "https://verify.stripe.com/start/test_abc"),
            Decision::Allow
        );
        assert_eq!(
            decide(&p, "https://m.stripe.network/inner.html"),
            Decision::Allow
        );
        assert_eq!(
            decide(&p, "http://127.0.0.1:4000/start/test_abc"),
            Decision::Allow
        );
        assert_eq!(decide(&p, "about:blank"), Decision::Allow);
        assert_eq!(
            decide(&p, "http://127.0.0.1:4001/"),
            Decision::Deny,
            "another port"
        );
        assert_eq!(
            decide(&p, "http://js.stripe.com/v3/"),
            Decision::Deny,
            "plain http"
        );
        assert_eq!(decide(&p, "https://evilstripe.com/"), Decision::Deny);
        assert_eq!(
            decide(&p, "https://b.js.stripe.com/frame.html"),
            Decision::Allow
        );
        assert_eq!(
            decide(&p, "https://stripe.com/privacy"),
            Decision::Deny,
            "no browsing stripe.com"
        );
        assert_eq!(
            decide(&p, "https://dashboard.stripe.com/login"),
            Decision::Deny
        );
        assert_eq!(
            decide(&p, "https://stripe.com.evil.example/"),
            Decision::Deny
        );
        assert_eq!(decide(&p, "https://example.com/"), Decision::Deny);
        assert_eq!(decide(&p, "file:///etc/passwd"), Decision::Deny);
    }

    #[test]
    fn the_return_url_goes_back_to_the_app() {
        let p = Policy::new(None, Vec::new());
        assert_eq!(
            decide(&p, "https://identity-kiosk.invalid/return?x=1"),
            Decision::ReturnToApp
        );
    }
}

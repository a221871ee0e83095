//! Where the kiosk's window may go: its own pages, Stripe's verification hosts, and the
//! sandbox in sandbox mode. Stripe's hosted flow ends on [`RETURN_URL`], which is intercepted
//! and turned back into the app's own result screens. Everything else is refused.
//!
//! On Linux the navigation handler also sees the loads of iframes (Stripe's modal), so the
//! Stripe hosts must be allowed here as well as in the CSP.

use crate::engine::RETURN_URL;
use crate::web::origins::origin;
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

/// Stripe's hosts that the modal's frames and the hosted flow load (see [`STRIPE_HOSTS`]).
///
/// [`STRIPE_HOSTS`]: crate::web::stripe_hosts::STRIPE_HOSTS
fn is_stripe_host(host: &str) -> bool {
    crate::web::stripe_hosts::is_stripe(host, |h| h.navigate)
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

/// The window's very first load, before its own URL is known: only the app's own page
/// (`tauri://localhost`, `http://tauri.localhost`, or `tauri dev`'s loopback server).
pub fn is_first_load_allowed(url: &Url) -> bool {
    matches!(url.scheme(), "tauri" | "http" | "https")
        && matches!(
            url.host_str(),
            Some("localhost" | "tauri.localhost" | "127.0.0.1")
        )
}

/// Where the window may go, given the app's own URL once it is known.
pub fn decide(app_url: Option<&Url>, extra_origins: &[String], url: &Url) -> Decision {
    match app_url {
        None if is_first_load_allowed(url) => Decision::Allow,
        None => Decision::Deny,
        Some(app) => Policy::new(Some(app), extra_origins.to_vec()).decide(url),
    }
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
        let allowed = [
            "tauri://localhost/index.html#returned",
            "https://js.stripe.com/v3/identity-inner.html",
            "https://verify.stripe.com/start/test_abc",
            "https://m.stripe.network/inner.html",
            "https://b.js.stripe.com/frame.html",
            "http://127.0.0.1:4000/start/test_abc",
            "about:blank",
        ];
        for url in allowed {
            assert_eq!(decide(&p, url), Decision::Allow, "{url}");
        }
        let denied = [
            ("http://127.0.0.1:4001/", "another port"),
            ("http://js.stripe.com/v3/", "plain http"),
            ("https://evilstripe.com/", "a look-alike host"),
            ("https://stripe.com/privacy", "no browsing stripe.com"),
            ("https://dashboard.stripe.com/login", "no Dashboard"),
            ("https://stripe.com.evil.example/", "a look-alike suffix"),
            ("https://example.com/", "anywhere else"),
            ("file:///etc/passwd", "files"),
        ];
        for (url, why) in denied {
            assert_eq!(decide(&p, url), Decision::Deny, "{url}: {why}");
        }
    }

    #[test]
    fn before_the_app_url_is_known_only_the_apps_own_page_loads() {
        let first = |u: &str| super::decide(None, &[], &Url::parse(u).unwrap());
        assert_eq!(first("tauri://localhost/index.html"), Decision::Allow);
        assert_eq!(first("http://tauri.localhost/index.html"), Decision::Allow);
        assert_eq!(first("http://127.0.0.1:1430/"), Decision::Allow);
        assert_eq!(first("https://js.stripe.com/v3/"), Decision::Deny);
        assert_eq!(first("file:///etc/passwd"), Decision::Deny);
        let app = Url::parse("tauri://localhost/index.html").unwrap();
        assert_eq!(
            super::decide(
                Some(&app),
                &[],
                &Url::parse("http://127.0.0.1:1430/").unwrap()
            ),
            Decision::Deny,
            "once known, only the app's origin"
        );
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

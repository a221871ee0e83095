//! Stripe's hosts, in one list, with what the kiosk lets each do. The page's Content Security
//! Policy ([`super::csp`]), the navigation allow-list ([`super::navigation`]) and the camera
//! permission ([`super::permissions`]) all read this table, so a host added for one cannot be
//! forgotten by another.

/// One of Stripe's hosts (`*.` = any subdomain, never the bare domain) and its uses.
#[derive(Debug, Clone, Copy)]
pub struct StripeHost {
    pub host: &'static str,
    /// Loads scripts into the kiosk's page (CSP `script-src`).
    pub script: bool,
    /// Is framed by the kiosk's page (CSP `frame-src`): Stripe's modal, the hosted page.
    pub frame: bool,
    /// The window or one of Stripe's frames may load it (the navigation allow-list; on Linux
    /// the handler sees frames' loads too, nested frames of Stripe's own included).
    pub navigate: bool,
    /// May use the camera: the verification frames and the hosted page.
    pub camera: bool,
}

const fn host(host: &'static str) -> StripeHost {
    StripeHost {
        host,
        script: false,
        frame: false,
        navigate: false,
        camera: false,
    }
}

/// Stripe's hosts for Stripe.js and the Identity modal (Stripe's CSP guide), the hosted
/// verification page, Stripe's redirect hooks and Stripe.js's fraud-signal frame. Nothing
/// else of stripe.com (no marketing pages, no Dashboard sign-in).
pub const STRIPE_HOSTS: &[StripeHost] = &[
    StripeHost {
        script: true,
        frame: true,
        navigate: true,
        camera: true,
        ..host("js.stripe.com")
    },
    StripeHost {
        script: true,
        frame: true,
        navigate: true,
        camera: true,
        ..host("*.js.stripe.com")
    },
    StripeHost {
        frame: true,
        navigate: true,
        camera: true,
        ..host("verify.stripe.com")
    },
    StripeHost {
        frame: true,
        navigate: true,
        ..host("hooks.stripe.com")
    },
    StripeHost {
        navigate: true,
        ..host("m.stripe.network")
    },
];

/// Stripe's API, the one host the page's scripts may call (CSP `connect-src`).
pub const STRIPE_API: &str = "https://api.stripe.com";

impl StripeHost {
    /// Whether `host` (a URL's host) is this one.
    pub fn matches(&self, host: &str) -> bool {
        match self.host.strip_prefix("*.") {
            Some(domain) => host
                .strip_suffix(domain)
                .is_some_and(|sub| sub.len() > 1 && sub.ends_with('.')),
            None => host == self.host,
        }
    }

    /// As a CSP source: `https://host`.
    pub fn source(&self) -> String {
        format!("https://{}", self.host)
    }
}

/// The CSP sources of the hosts `use_` selects, space-separated.
pub fn sources(use_: impl Fn(&StripeHost) -> bool) -> String {
    STRIPE_HOSTS
        .iter()
        .filter(|h| use_(h))
        .map(StripeHost::source)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether an `https` URL's `host` is one of Stripe's that `use_` selects.
pub fn is_stripe(host: &str, use_: impl Fn(&StripeHost) -> bool) -> bool {
    STRIPE_HOSTS.iter().any(|h| use_(h) && h.matches(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_subdomains_only() {
        let any_js = host("*.js.stripe.com");
        assert!(any_js.matches("b.js.stripe.com"));
        assert!(
            !any_js.matches("js.stripe.com"),
            "the bare domain has its own entry"
        );
        assert!(!any_js.matches("evil-js.stripe.com"));
        assert!(!any_js.matches(".js.stripe.com"));
        assert!(host("verify.stripe.com").matches("verify.stripe.com"));
        assert!(!host("verify.stripe.com").matches("verify.stripe.com.evil.example"));
    }

    #[test]
    fn the_uses_the_policy_and_handlers_read() {
        assert_eq!(
            sources(|h| h.script),
            "https://js.stripe.com https://*.js.stripe.com"
        );
        assert_eq!(
            sources(|h| h.frame),
            "https://js.stripe.com https://*.js.stripe.com https://verify.stripe.com https://hooks.stripe.com"
        );
        assert!(is_stripe("m.stripe.network", |h| h.navigate));
        assert!(!is_stripe("m.stripe.network", |h| h.camera));
        assert!(!is_stripe("hooks.stripe.com", |h| h.camera));
        assert!(is_stripe("verify.stripe.com", |h| h.camera));
    }
}

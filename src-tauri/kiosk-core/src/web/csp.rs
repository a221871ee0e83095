//! The Content Security Policy, built at start-up for the Stripe the kiosk talks to.
//!
//! Tauri reads the CSP from its runtime config, so the app sets it here instead of in
//! `tauri.conf.json`: with real Stripe it allows exactly Stripe's hosts; only when Stripe.js
//! comes from a loopback sandbox is that one origin (scheme, host and port) added. A live
//! kiosk's policy therefore names no loopback origin at all.

use super::stripe_hosts::{sources, STRIPE_API};

/// The policy for a page that may load Stripe.js from `extra_origins` besides Stripe (e.g.
/// `http://127.0.0.1:PORT` for a sandbox; see `Kiosk::csp_origins`).
pub fn policy(extra_origins: &[String]) -> String {
    let extra: String = extra_origins.iter().map(|o| format!(" {o}")).collect();
    let script = sources(|h| h.script);
    let frame = sources(|h| h.frame);
    [
        "default-src 'self'".to_owned(),
        format!("script-src 'self' {script}{extra}"),
        format!("frame-src {frame}{extra}"),
        // Tauri's IPC: `ipc:` on Linux and macOS, `http(s)://ipc.localhost` on Windows (https
        // with the page's https scheme).
        format!("connect-src ipc: http://ipc.localhost https://ipc.localhost {STRIPE_API}"),
        "img-src 'self' data: https://*.stripe.com".to_owned(),
        "style-src 'self'".to_owned(),
        "font-src 'self'".to_owned(),
        "object-src 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
        "form-action 'none'".to_owned(),
    ]
    .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::origins::extra_origin;

    #[test]
    fn real_stripe_gets_no_loopback_origin() {
        assert_eq!(extra_origin("https://js.stripe.com/v3/"), None);
        let p = policy(&[]);
        assert!(!p.contains("127.0.0.1") && !p.contains("localhost:"), "{p}");
        assert!(p.contains("script-src 'self' https://js.stripe.com https://*.js.stripe.com;"));
    }

    #[test]
    fn the_sandbox_origin_is_added_exactly() {
        let origin = extra_origin("http://127.0.0.1:43121/v3/").unwrap();
        assert_eq!(origin, "http://127.0.0.1:43121");
        let p = policy(std::slice::from_ref(&origin));
        assert!(p.contains("script-src 'self' https://js.stripe.com https://*.js.stripe.com http://127.0.0.1:43121;"));
        assert!(p.contains("frame-src https://js.stripe.com https://*.js.stripe.com https://verify.stripe.com https://hooks.stripe.com http://127.0.0.1:43121;"));
        assert!(
            !p.contains("connect-src ipc: http://ipc.localhost https://ipc.localhost https://api.stripe.com http://127"),
            "{p}"
        );
    }
}

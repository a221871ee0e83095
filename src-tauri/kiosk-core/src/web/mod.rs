//! What the kiosk's webview may load, where it may go and what it may use, decided without a
//! window: the Content Security Policy ([`csp`]), the navigation allow-list ([`navigation`]),
//! the permission requests granted ([`permissions`]), and what they are built from: Stripe's
//! hosts in one table ([`stripe_hosts`]) and origins ([`origins`]).
//!
//! Pure functions of URLs and strings. It may not depend on the rest of the kiosk (it sits
//! below it: the kiosk and the shell both use it).

pub mod csp;
pub mod navigation;
pub mod origins;
pub mod permissions;
pub mod stripe_hosts;

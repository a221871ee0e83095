//! What the kiosk's webview may load and where it may go, decided without a window: the
//! Content Security Policy ([`csp`]), the navigation allow-list ([`navigation`]) and the
//! origins both are built from ([`origins`]).
//!
//! Pure functions of URLs and strings. It may not depend on the rest of the kiosk (it sits
//! below it: the kiosk and the shell both use it).

pub mod csp;
pub mod navigation;
pub mod origins;

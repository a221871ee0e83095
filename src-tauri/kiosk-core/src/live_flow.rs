//! Which verification flow a customer gets, given what Stripe allows: Stripe.js refuses a live
//! publishable key on a page whose protocol is not `https:` ("Live Stripe.js integrations must
//! use HTTPS"). The kiosk designs for that rather than around it:
//!
//! - Windows: the shell serves the page from `https://tauri.localhost` (Tauri's
//!   `use_https_scheme`), so a live customer gets Stripe's modal as configured.
//! - Linux and macOS: the page is `tauri://localhost`, so a live customer goes straight to
//!   Stripe's hosted page (`https://verify.stripe.com`) instead of first failing in Stripe.js.
//! - Test keys and the sandbox keep the configured flow (modal by default) everywhere.
//!
//! The staff panel and `doctor` say which flow a live customer gets on this machine, and why.

use crate::backend::KioskMode;
use crate::settings::Flow;

/// Why a customer's flow is not the configured one.
pub const LIVE_NEEDS_HTTPS: &str = "live_modal_needs_https";

/// The flow a customer gets, and why when it is not the setting's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CustomerFlow {
    pub flow: Flow,
    /// A stable code (for the page's catalog) when the setting was overridden.
    pub reason: Option<&'static str>,
}

/// Whether the kiosk's page is served over `https:` on `os` (a `std::env::consts::OS` value).
pub fn page_is_https_on(os: &str) -> bool {
    os == "windows"
}

/// The flow a customer of a kiosk in `mode` gets, with `setting` configured, on a page that is
/// (or is not) served over `https:`.
pub fn customer_flow(setting: Flow, mode: KioskMode, page_is_https: bool) -> CustomerFlow {
    if mode == KioskMode::Live && !page_is_https && setting != Flow::Hosted {
        return CustomerFlow {
            flow: Flow::Hosted,
            reason: Some(LIVE_NEEDS_HTTPS),
        };
    }
    CustomerFlow {
        flow: setting,
        reason: None,
    }
}

/// What a live customer gets on this machine (the staff panel's and `doctor`'s answer).
pub fn live_flow_here(setting: Flow) -> CustomerFlow {
    customer_flow(
        setting,
        KioskMode::Live,
        page_is_https_on(std::env::consts::OS),
    )
}

/// One sentence for `doctor` and the log: what a live customer gets here, and why.
pub fn describe(flow: CustomerFlow, os: &str) -> String {
    match (flow.flow, flow.reason) {
        (Flow::Hosted, Some(_)) => format!(
            "a live customer gets Stripe's hosted page on {os}: Stripe.js runs live keys only \
             on https pages, and here the kiosk's page is tauri://localhost"
        ),
        (Flow::Hosted, None) => "a live customer gets Stripe's hosted page (kiosk.flow = hosted)".into(),
        (flow, _) => format!(
            "a live customer gets Stripe's modal (kiosk.flow = {}): the page is https://tauri.localhost",
            flow.as_str()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_customers_go_to_the_hosted_page_unless_the_page_is_https() {
        use Flow::{Auto, Hosted, Modal};
        use KioskMode::{Live, Sandbox, Test};
        let hosted_because_live = CustomerFlow {
            flow: Hosted,
            reason: Some(LIVE_NEEDS_HTTPS),
        };
        let rows = [
            // setting, mode, https page, what the customer gets
            (Auto, Live, false, hosted_because_live),
            (Modal, Live, false, hosted_because_live),
            (
                Hosted,
                Live,
                false,
                CustomerFlow {
                    flow: Hosted,
                    reason: None,
                },
            ),
            (
                Auto,
                Live,
                true,
                CustomerFlow {
                    flow: Auto,
                    reason: None,
                },
            ),
            (
                Modal,
                Live,
                true,
                CustomerFlow {
                    flow: Modal,
                    reason: None,
                },
            ),
            (
                Auto,
                Test,
                false,
                CustomerFlow {
                    flow: Auto,
                    reason: None,
                },
            ),
            (
                Modal,
                Sandbox,
                false,
                CustomerFlow {
                    flow: Modal,
                    reason: None,
                },
            ),
        ];
        for (setting, mode, https, want) in rows {
            assert_eq!(
                customer_flow(setting, mode, https),
                want,
                "{setting:?} {mode:?} https={https}"
            );
        }
        assert!(page_is_https_on("windows"));
        assert!(!page_is_https_on("linux") && !page_is_https_on("macos"));
        assert!(describe(hosted_because_live, "linux").contains("hosted page on linux"));
    }
}

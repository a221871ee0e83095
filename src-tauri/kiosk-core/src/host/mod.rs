//! What the kiosk decides about its window and its app, behind small traits for what it needs
//! from them, so the Tauri shell only adapts and every decision is tested without a window:
//! - [`window`]: where the window may go, the hosted-page visit and its watchdog, the end of
//!   a customer's turn ([`KioskWindow`]);
//! - [`lifecycle`]: closing, quitting and exiting, the background reachability check and the
//!   restart it may ask for once no customer is mid-flow ([`App`]);
//! - [`updater`]: the update check schedule and the install sequence ([`Updater`]);
//! - [`screen`]: a locked-down window covers its monitor, window manager or not.
//!
//! It sits above [`crate::kiosk`] (it drives a [`Kiosk`](crate::Kiosk)); the kiosk may not
//! depend on it.

pub mod lifecycle;
pub mod screen;
pub mod updater;
pub mod window;

pub use lifecycle::{App, Lifecycle};
pub use updater::Updater;
pub use window::{HostedVisit, KioskWindow, Navigation, WindowState};

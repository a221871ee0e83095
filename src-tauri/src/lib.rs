//! Identity Kiosk: a front-desk identity verification kiosk on Stripe Identity.
//!
//! The crate is a thin Tauri shell over plain library code:
//! - [`cli`]: the command line (no subcommand opens the kiosk window; subcommands run headless);
//! - [`app`]: the Tauri window (locked down in release builds, see [`lockdown`]), managed state and commands ([`commands`], and the staff
//!   panel's [`staff`]), with the window's
//!   [`navigation`] allow-list, its [`csp`] and per-OS webview set-up ([`platform`]);
//! - [`updates`]: signed updates through tauri-plugin-updater (checks, staff install);
//! - [`error`]: the command line's error type.
//!
//! The logic lives in crates with no Tauri dependency: `kiosk-core` (settings, which Stripe,
//! the customer's verification state machine), `stripe-identity` (the Stripe client) and
//! `identity-sandbox` (the offline Stripe emulator).

pub mod app;
pub mod cli;
mod commands;
pub mod csp;
pub mod error;
pub mod lockdown;
pub mod navigation;
mod platform;
mod staff;
pub mod updates;

//! Identity Kiosk: a front-desk identity verification kiosk on Stripe Identity.
//!
//! The crate is a thin Tauri shell over plain library code:
//! - [`cli`]: the command line (no subcommand opens the kiosk window; subcommands run headless);
//! - [`backend`]: which Stripe the kiosk talks to (real Stripe with a key, or the sandbox);
//! - [`app`]: the Tauri window, managed state and commands ([`commands`]);
//! - [`error`]: the app's error type, sent over IPC as a stable `{code, message}`.
//!
//! The Stripe client (`stripe-identity`) and the sandbox (`identity-sandbox`) are separate
//! crates with no Tauri dependency.

pub mod app;
pub mod backend;
pub mod cli;
mod commands;
pub mod error;

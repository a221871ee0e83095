//! Identity Kiosk: a front-desk identity verification kiosk on Stripe Identity.
//!
//! The crate is a thin Tauri shell over plain library code; it wires and adapts, and decides
//! nothing a test without a window could not reach:
//! - [`cli`]: the command line (no subcommand opens the kiosk window; subcommands run headless);
//! - [`app`]: plugins, managed state ([`state`]), handlers, background loops and the exit path;
//! - `ipc`: the commands the page may call, one to five lines each;
//! - `window`: the main window (locked down in release builds, see [`lockdown`]) as
//!   `kiosk_core::host::KioskWindow`, with per-OS webview set-up (`platform`);
//! - [`updater`]: tauri-plugin-updater as `kiosk_core::host::Updater`;
//! - `autostart`, `clipboard`: the login item and the OS clipboard;
//! - [`error`]: the command line's error type.
//!
//! The logic lives in crates with no Tauri dependency: `kiosk-core` (settings, which Stripe,
//! the verification engine, what the window and app do), `stripe-identity` (the Stripe
//! client) and `identity-sandbox` (the offline Stripe emulator).

pub mod app;
mod autostart;
pub mod cli;
mod clipboard;
pub mod error;
mod ipc;
pub mod lockdown;
mod platform;
pub mod state;
pub mod updater;
mod window;

//! A careful client for the Stripe Identity API.
//!
//! It behaves on the wire like Stripe's official SDKs: the same form encoding ([`form`]), the
//! same headers (`Authorization: Bearer`, a pinned `Stripe-Version`, an `Idempotency-Key` on
//! every POST, reused on its retries), and the same retry policy ([`retry`]). Responses parse
//! into typed models whose enums are open ([`models`]), and failures into one [`Error`] enum
//! whose messages never contain a key or a client secret ([`secret`]).
//!
//! It has no Tauri dependency and is tested over real HTTP against the project's sandbox.
//!
//! ```no_run
//! # async fn demo() -> stripe_identity::Result<()> {
//! use stripe_identity::{Client, ClientConfig, SecretKey, RequestOptions, CreateSessionParams};
//! let key = SecretKey::parse("sk_test_...").expect("a test key");
//! let client = Client::new(key, ClientConfig::default())?;
//! let params = CreateSessionParams {
//!     kind: Some(stripe_identity::models::VerificationType::Document),
//!     ..Default::default()
//! };
//! let session = client.create_session(&params, &RequestOptions::default()).await?;
//! println!("{} is {}", session.id, session.status);
//! # Ok(()) }
//! ```

mod client;
mod error;
pub mod form;
pub mod models;
mod pagination;
mod params;
mod reports;
pub mod retry;
pub mod secret;
mod sessions;

pub use client::{
    is_loopback, new_idempotency_key, Client, ClientConfig, RequestOptions, DEFAULT_API_BASE,
    STRIPE_VERSION,
};
pub use error::{ApiFailure, Error, Result};
pub use params::*;
pub use retry::RetryPolicy;
pub use secret::{ClientSecret, HostedUrl, KeyFormatError, Mode, SecretKey};

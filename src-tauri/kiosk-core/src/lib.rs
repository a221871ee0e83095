//! The kiosk's logic, with no window and no Tauri: the app crate is a thin shell over it.
//!
//! - [`backend`]: which Stripe to talk to (real Stripe with a key, or the embedded sandbox);
//! - [`settings`]: the customer flow's settings and their defaults;
//! - [`verification`]: one customer's verification as an explicit state machine: start, poll
//!   with backoff (one Stripe call in flight at most), retry on the same session, finish;
//! - [`keystore`]: the OS keyring, the secret key's only home on disk;
//! - [`keys`]: checking Stripe keys before they are stored;
//! - [`journal`]: the local record of the sessions this kiosk created (no document data);
//! - [`pin`]: the staff PIN, hashed, with a lockout that survives restarts;
//! - [`staff`]: the staff panel's gate (PIN to open, closes after inactivity);
//! - [`error`]: the layer's error, serialized for the UI as `{code, message}`.

pub mod backend;
pub mod error;
pub mod keys;
pub mod keystore;
pub mod journal;
pub mod pin;
pub mod settings;
pub mod staff;
pub mod verification;

pub use backend::{choose_keys, Backend, BackendEnv, KeyChoice, KeySource, KioskMode};
pub use error::KioskError;
pub use keys::{KeyError, KeyStatus, StripeKeys};
pub use keystore::{Keyring, KeystoreError, SecretStore};
pub use journal::{Journal, JournalEntry, JournalError};
pub use pin::{PinCheck, PinError, PinStore};
pub use settings::{Flow, ReferenceMode, Settings};
pub use staff::{StaffError, StaffGate, StaffStatus, UnlockOutcome};
pub use verification::{CustomerState, CustomerStatus, Verifier};

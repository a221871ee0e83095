//! The kiosk's logic, with no window and no Tauri: the app crate is a thin shell over it.
//!
//! - [`backend`]: which Stripe to talk to (real Stripe with a key, or the embedded sandbox);
//! - [`settings`]: the kiosk's settings: defaults, the per-user file, the machine policy and
//!   the environment, merged with locks and problems reported;
//! - [`verification`]: one customer's verification as an explicit state machine: start, poll
//!   with backoff (one Stripe call in flight at most), retry on the same session, finish;
//! - [`error`]: the layer's error, serialized for the UI as `{code, message}`.

pub mod backend;
pub mod error;
pub mod settings;
pub mod verification;

pub use backend::{Backend, BackendEnv, KioskMode};
pub use error::KioskError;
pub use settings::{
    Flow, LoadedSettings, Outcome, ReferenceMode, SettingProblem, SettingView, Settings,
    SettingsError, SettingsPaths, Source,
};
pub use verification::{CustomerState, CustomerStatus, Verifier};

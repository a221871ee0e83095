//! The kiosk's logic, with no window and no Tauri: the app crate is a thin shell over it.
//!
//! - [`backend`]: which Stripe to talk to (real Stripe with a key, or the embedded sandbox);
//! - [`settings`]: the kiosk's settings: defaults, the per-user file, the machine policy and
//!   the environment, merged with locks and problems reported;
//! - [`engine`]: one customer's verification: a pure state machine, the runner that drives it
//!   over a [`engine::SessionSource`] (Stripe today), and its background tasks;
//! - [`languages`]: the languages the UI has catalogs for;
//! - [`live_flow`]: the flow a live customer gets where Stripe.js needs an https page;
//! - [`kiosk`]: the whole kiosk (connection, settings, staff gate, journal) the shell holds;
//! - [`host`]: what the kiosk decides about its window and app (navigation, the hosted-page
//!   watchdog, exit, restart when idle, the update sequence), behind small traits;
//! - [`instance`]: one kiosk per data folder (a lock taken before anything else);
//! - [`health`]: whether Stripe can be reached, checked in the background;
//! - [`core_dumps`]: a kiosk process never dumps core (its memory holds secrets);
//! - [`doctor`]: the health checks of `identity-kiosk doctor` and the Diagnostics tab;
//! - [`keys`]: the Stripe keys: checked before they are stored, stored only in the OS keyring
//!   ([`keys::keyring`], the secret key's only home on disk);
//! - [`exports`]: the journal's CSV exports: private files, pruned with the logs' retention;
//! - [`journal`]: the local record of the sessions this kiosk created (no document data);
//! - [`paths`]: the kiosk's data and log folders;
//! - [`problems`]: what the staff panel lists under "Needs attention", as codes;
//! - [`private_files`]: files `0600` and folders `0700`, for everything holding customers' data;
//! - [`provisioned`]: a note that keys were stored (tells a locked keyring from no key);
//! - [`logs`]: the log files: redaction of every line, daily files, retention;
//! - [`pin`]: the staff PIN, hashed, with a lockout that survives restarts;
//! - [`switches`]: the developer switches only a `testing` build obeys;
//! - [`staff`]: the staff panel's gate (PIN to open, closes after inactivity);
//! - [`updates`]: when the kiosk may look for and install an update, and what it knows of one;
//!   [`update_endpoint`]: which URLs updates may come from;
//! - [`web`]: the webview's Content Security Policy and navigation allow-list;
//! - [`unix_time`]: the wall clock in Unix seconds, for what is recorded;
//! - [`error`]: the layer's error, serialized for the UI as `{code, message}`.

pub mod backend;
pub mod core_dumps;
pub mod doctor;
pub mod engine;
pub mod error;
pub mod exports;
pub mod health;
pub mod host;
pub mod instance;
pub mod journal;
pub mod keys;
pub mod kiosk;
pub mod languages;
pub mod live_flow;
pub mod logs;
pub mod paths;
pub mod pin;
pub mod private_files;
pub mod problems;
pub mod provisioned;
pub mod settings;
pub mod staff;
pub mod switches;
pub mod unix_time;
pub mod update_endpoint;
pub mod updates;
pub mod web;

pub use backend::{choose_keys, Backend, BackendEnv, KeyChoice, KeySource, KioskMode};
pub use doctor::{Check, CheckStatus, DoctorInput};
pub use engine::{CustomerState, CustomerStatus, Verifier};
pub use error::KioskError;
pub use health::{CameraState, Health, Reachability};
pub use instance::{instance_name, InstanceError, InstanceLock};
pub use journal::{Journal, JournalEntry, JournalError};
pub use keys::{KeyError, KeyStatus, Keyring, KeystoreError, SecretStore, StripeKeys};
pub use kiosk::{off_worker, Kiosk, StartOptions};
pub use paths::AppPaths;
pub use pin::{PinCheck, PinError, PinStore};
pub use settings::{
    Flow, LoadedSettings, Outcome, ReferenceMode, SettingProblem, SettingView, Settings,
    SettingsError, SettingsPaths, Source,
};
pub use staff::{StaffError, StaffGate, StaffStatus, UnlockOutcome};
pub use updates::{Release, UpdateError, UpdateFailure, UpdateState, Updates, UpdatesView};

//! Updates: when the kiosk may look for one, what it knows about it, and when it may install it.
//!
//! The Tauri shell does the network and the install through `tauri-plugin-updater`, which
//! checks each download against the public key built into the app; this module holds the
//! rules, so they are tested without a window:
//!
//! - checking is allowed only with `updates.enabled` and an `updates.endpoint` that is an
//!   `https://` URL (plain `http://` only to a loopback address, which tests use);
//! - one check or install at a time;
//! - an update is installed only while no customer is mid-flow (`busy` otherwise).

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde::Serialize;
use url::Url;

use crate::settings::Settings;

/// How often the kiosk looks for an update while updates are on (and once at start).
pub const CHECK_EVERY: Duration = Duration::from_secs(4 * 3600);

/// Why the kiosk may not look for updates, or may not act on a request about them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpdateError {
    /// `updates.enabled` is false (the default).
    #[error("updates are turned off (updates.enabled)")]
    Off,
    /// Updates are on but IT set no `updates.endpoint`.
    #[error("no update endpoint is set (updates.endpoint)")]
    NoEndpoint,
    /// The endpoint is not a URL the kiosk may fetch updates from.
    #[error("updates.endpoint is not usable: {0}")]
    BadEndpoint(String),
    /// A check or an install is already under way.
    #[error("an update check or install is already under way")]
    InProgress,
    /// Install was asked for, but no update is known.
    #[error("no update is available")]
    NoUpdate,
    /// A customer is mid-flow: the install waits until they are done.
    #[error("a verification is already in progress")]
    CustomerInFlow,
}

impl UpdateError {
    /// The stable code the staff panel branches on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Off => "updates_off",
            Self::NoEndpoint => "updates_no_endpoint",
            Self::BadEndpoint(_) => "updates_endpoint_invalid",
            Self::InProgress => "update_in_progress",
            Self::NoUpdate => "no_update",
            // What the page is told whenever a customer's verification is in the way.
            Self::CustomerInFlow => "busy",
        }
    }
}

/// How a check or an install went wrong (the details are in the log).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UpdateFailure {
    /// The endpoint or the download could not be reached, or answered with an error.
    Unreachable,
    /// The endpoint's answer is not a usable update manifest (or has nothing for this platform).
    Invalid,
    /// The download's signature does not match the app's public key (or the announced version).
    Signature,
    /// The endpoint is not `https://` (release builds refuse anything else).
    Insecure,
    /// The update was downloaded and verified, but installing it failed.
    Install,
}

impl UpdateFailure {
    pub fn code(self) -> &'static str {
        match self {
            Self::Unreachable => "update_unreachable",
            Self::Invalid => "update_invalid",
            Self::Signature => "update_signature",
            Self::Insecure => "update_insecure",
            Self::Install => "update_install_failed",
        }
    }
}

/// A newer release the endpoint announced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    pub version: String,
    /// The release notes, as the endpoint gives them (shown as plain text).
    pub notes: Option<String>,
}

/// What the kiosk knows about updates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum UpdateState {
    /// Nothing known (never checked, or the last check found nothing newer).
    #[default]
    Idle,
    Checking,
    Available {
        version: String,
        notes: Option<String>,
    },
    Installing {
        version: String,
    },
    Failed {
        code: &'static str,
    },
}

/// The endpoint to check, from the settings: refused unless updates are on and the endpoint is
/// usable.
pub fn endpoint(settings: &Settings) -> Result<Url, UpdateError> {
    if !settings.updates_enabled {
        return Err(UpdateError::Off);
    }
    let raw = settings
        .updates_endpoint
        .as_deref()
        .ok_or(UpdateError::NoEndpoint)?;
    crate::update_endpoint::endpoint_url(raw).map_err(UpdateError::BadEndpoint)
}

/// The update state machine: Idle → Checking → Available / Idle / Failed; Available →
/// Installing → (the app restarts) / Available / Failed.
#[derive(Debug, Default)]
pub struct Updates {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    state: UpdateState,
    /// When a check last got an answer (Unix seconds).
    last_checked: Option<i64>,
}

/// The updates part of the staff panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdatesView {
    /// The running app's version.
    pub current_version: String,
    #[serde(flatten)]
    pub state: UpdateState,
    pub last_checked: Option<i64>,
    /// Why checking and installing are off (`updates_off`, `updates_no_endpoint`,
    /// `updates_endpoint_invalid`), if they are.
    pub off_reason: Option<&'static str>,
    /// A customer is mid-flow: installing waits.
    pub customer_in_flow: bool,
}

impl Updates {
    pub fn state(&self) -> UpdateState {
        self.lock().state.clone()
    }

    /// Marks a check as started; refused while another check or an install runs.
    pub fn begin_check(&self) -> Result<(), UpdateError> {
        let mut inner = self.lock();
        match inner.state {
            UpdateState::Checking | UpdateState::Installing { .. } => Err(UpdateError::InProgress),
            _ => {
                inner.state = UpdateState::Checking;
                Ok(())
            }
        }
    }

    /// Records a check's outcome (at `now`, Unix seconds): a newer release, nothing newer, or
    /// a failure. `last_checked` moves only when the endpoint answered.
    pub fn finish_check(&self, outcome: Result<Option<Release>, UpdateFailure>, now: i64) {
        let mut inner = self.lock();
        if outcome.is_ok() {
            inner.last_checked = Some(now);
        }
        inner.state = match outcome {
            Ok(Some(r)) => UpdateState::Available {
                version: r.version,
                notes: r.notes,
            },
            Ok(None) => UpdateState::Idle,
            Err(f) => UpdateState::Failed { code: f.code() },
        };
    }

    /// Marks the available update as installing. Refused with `busy` while a customer is
    /// mid-flow, and when nothing is available or another check or install runs.
    pub fn begin_install(&self, customer_in_flow: bool) -> Result<Release, UpdateError> {
        let mut inner = self.lock();
        let UpdateState::Available { version, notes } = inner.state.clone() else {
            return Err(match inner.state {
                UpdateState::Checking | UpdateState::Installing { .. } => UpdateError::InProgress,
                _ => UpdateError::NoUpdate,
            });
        };
        if customer_in_flow {
            return Err(UpdateError::CustomerInFlow);
        }
        inner.state = UpdateState::Installing {
            version: version.clone(),
        };
        Ok(Release { version, notes })
    }

    /// The install did not happen and the update is still there to install (a customer
    /// started meanwhile).
    pub fn install_postponed(&self, release: Release) {
        self.lock().state = UpdateState::Available {
            version: release.version,
            notes: release.notes,
        };
    }

    /// The install failed.
    pub fn install_failed(&self, failure: UpdateFailure) {
        self.lock().state = UpdateState::Failed {
            code: failure.code(),
        };
    }

    /// The panel's view, given the current version, the settings and whether a customer is
    /// mid-flow.
    pub fn view(
        &self,
        current_version: &str,
        settings: &Settings,
        customer_in_flow: bool,
    ) -> UpdatesView {
        let inner = self.lock();
        UpdatesView {
            current_version: current_version.to_owned(),
            state: inner.state.clone(),
            last_checked: inner.last_checked,
            off_reason: endpoint(settings).err().map(|e| e.code()),
            customer_in_flow,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Each field is replaced whole, so a poisoned lock still holds consistent values.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests;

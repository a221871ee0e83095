//! Idempotent POSTs: the first result for an `Idempotency-Key` is replayed byte for byte.
//!
//! Choices where Stripe is silent: keys are global to the one sandbox account; the fingerprint
//! is method + path + the parsed parameters (so the SDKs' varying bracket encodings of the same
//! parameters match); a replay carries the original `Request-Id` (the stored body's
//! `request_log_url` names it too) plus `Idempotent-Replayed: true`. As on Stripe, results are
//! saved only once the operation ran: auth and parameter validation errors are not saved.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::api_error::{ApiError, ErrorType};

/// How long keys are kept.
pub const KEY_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// Stripe's maximum key length.
pub const MAX_KEY_LEN: usize = 255;

/// A saved result.
#[derive(Debug, Clone)]
pub struct IdemEntry {
    /// What the first request looked like.
    pub fingerprint: String,
    /// Its status.
    pub status: u16,
    /// Its exact body bytes.
    pub body: Vec<u8>,
    /// Its request id.
    pub request_id: String,
    /// When it was saved.
    pub saved: Instant,
}

/// Result of looking a key up.
#[derive(Debug)]
pub enum Lookup {
    /// First use: run the request, then [`IdempotencyKeys::save`].
    Fresh,
    /// Replay this.
    Replay(IdemEntry),
}

/// The saved results by key (part of the sandbox's store, under its one lock).
#[derive(Debug, Default)]
pub struct IdempotencyKeys(HashMap<String, IdemEntry>);

impl IdempotencyKeys {
    /// Checks `key` against saved results (expired ones are pruned first).
    pub fn lookup(&mut self, key: &str, fingerprint: &str) -> Result<Lookup, ApiError> {
        if key.len() > MAX_KEY_LEN {
            return Err(ApiError::invalid(format!(
                "Invalid Idempotency-Key: must be at most {MAX_KEY_LEN} characters"
            ))
            .kind(ErrorType::Idempotency));
        }
        self.0.retain(|_, e| e.saved.elapsed() < KEY_TTL);
        match self.0.get(key) {
            None => Ok(Lookup::Fresh),
            Some(e) if e.fingerprint == fingerprint => Ok(Lookup::Replay(e.clone())),
            Some(_) => Err(ApiError::invalid(format!(
                "Keys for idempotent requests can only be used with the same parameters they \
                 were first used with. Try using a key other than '{key}' if you meant to \
                 execute a different request."
            ))
            .kind(ErrorType::Idempotency)),
        }
    }

    /// Saves a result.
    pub fn save(&mut self, key: &str, entry: IdemEntry) {
        self.0.insert(key.to_string(), entry);
    }
}

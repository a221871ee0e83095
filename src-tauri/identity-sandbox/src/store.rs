//! All mutable sandbox state behind one lock, and the shared handle the server passes around.
//!
//! Every API request runs start to finish under the lock without awaiting, so idempotency
//! checks, the operation and saving its result are atomic: two requests with the same
//! `Idempotency-Key` can never both execute.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};

use serde_json::Value;

use crate::auth::KeyState;
use crate::config::SandboxConfig;
use crate::faults::Fault;
use crate::idempotency::IdempotencyKeys;
use crate::report::Report;
use crate::session::Session;

/// How many API requests `GET /_sandbox/requests` keeps.
pub const REQUEST_LOG_LIMIT: usize = 500;

/// The sandbox's data.
#[derive(Debug, Default)]
pub struct Store {
    /// Sessions in creation order.
    pub sessions: Vec<Session>,
    /// Reports in creation order.
    pub reports: Vec<Report>,
    next_seq: u64,
    /// Key states set by `POST /_sandbox/keys`.
    pub keys: HashMap<String, KeyState>,
    /// Saved idempotent results by key.
    pub idempotency: IdempotencyKeys,
    /// Pending injected faults, first match wins.
    pub faults: Vec<Fault>,
    /// The last API requests, oldest first.
    pub requests: VecDeque<Value>,
}

/// What a client-secret token refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenLookup {
    /// Usable: index into `sessions`.
    Active(usize),
    /// Was valid once (used, or the session moved on).
    Retired,
    /// Never issued.
    Unknown,
}

impl Store {
    /// A fresh creation-order number.
    pub fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    /// Index of a session by id.
    pub fn session_index(&self, id: &str) -> Option<usize> {
        self.sessions.iter().position(|s| s.id == id)
    }

    /// A report by id.
    pub fn report(&self, id: &str) -> Option<&Report> {
        self.reports.iter().find(|r| r.id == id)
    }

    /// Finds the session a token belongs to.
    pub fn lookup_token(&self, token: &str) -> TokenLookup {
        for (i, s) in self.sessions.iter().enumerate() {
            if s.tokens.iter().any(|t| t == token) {
                return TokenLookup::Active(i);
            }
            if s.retired_tokens.contains(token) {
                return TokenLookup::Retired;
            }
        }
        TokenLookup::Unknown
    }

    /// Looks up a full `client_secret` (`vs_…_secret_test_TOKEN`); the session id must match.
    pub fn lookup_client_secret(&self, client_secret: &str) -> TokenLookup {
        let Some((id, token)) = client_secret.split_once("_secret_test_") else {
            return TokenLookup::Unknown;
        };
        match self.lookup_token(token) {
            TokenLookup::Active(i) if self.sessions[i].id != id => TokenLookup::Unknown,
            other => other,
        }
    }

    /// Appends to the request log, dropping the oldest beyond the limit.
    pub fn log_request(&mut self, entry: Value) {
        self.requests.push_back(entry);
        while self.requests.len() > REQUEST_LOG_LIMIT {
            self.requests.pop_front();
        }
    }
}

/// Everything a handler needs: settings, the public base URL and the locked store.
#[derive(Debug)]
pub struct Shared {
    /// Settings given to `start`.
    pub config: SandboxConfig,
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    store: Mutex<Store>,
}

impl Shared {
    /// A handle with empty state.
    pub fn new(config: SandboxConfig, base_url: String) -> Self {
        Shared {
            config,
            base_url,
            store: Mutex::new(Store::default()),
        }
    }

    /// Locks the store. A panic while holding the lock cannot leave it half-updated in a way
    /// that matters for a test double, so poisoning is ignored.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }
}

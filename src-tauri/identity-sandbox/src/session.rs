//! The VerificationSession as the sandbox stores it, and its JSON rendering.

use std::collections::{BTreeMap, HashSet};

use serde_json::{json, Map, Value};

use crate::auth::KeyKind;
use crate::person;

/// `status` of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Waiting for the user (initial, and again after a failed check).
    RequiresInput,
    /// Submitted, checks running.
    Processing,
    /// Checks passed.
    Verified,
    /// Canceled by the integration (terminal).
    Canceled,
}

impl Status {
    /// Wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::RequiresInput => "requires_input",
            Status::Processing => "processing",
            Status::Verified => "verified",
            Status::Canceled => "canceled",
        }
    }
}

/// `redaction.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redaction {
    /// Redaction requested, not finished.
    Processing,
    /// Done.
    Redacted,
}

/// One stored session.
#[derive(Debug, Clone)]
pub struct Session {
    /// `vs_…`
    pub id: String,
    /// Creation order, to break ties between equal `created` seconds.
    pub seq: u64,
    /// Unix seconds.
    pub created: i64,
    /// `type`: `document` or `id_number`.
    pub kind: String,
    /// Current status.
    pub status: Status,
    /// Caller's reconciliation key.
    pub client_reference_id: Option<String>,
    /// Metadata (sorted for stable output).
    pub metadata: BTreeMap<String, String>,
    /// `options.document` as given (already typed by validation).
    pub document_options: Option<Value>,
    /// `provided_details` (`email`, `phone`).
    pub provided_details: Map<String, Value>,
    /// `related_customer`
    pub related_customer: Option<String>,
    /// `related_customer_account`
    pub related_customer_account: Option<String>,
    /// `related_person` `{account, person}`.
    pub related_person: Option<Value>,
    /// Where the hosted page sends the user when done.
    pub return_url: Option<String>,
    /// `last_error` `(code, reason)`.
    pub last_error: Option<(String, String)>,
    /// `last_verification_report` id.
    pub last_report: Option<String>,
    /// `redaction.status`.
    pub redaction: Option<Redaction>,
    /// Whether a verification succeeded (so `verified_outputs` has data).
    pub has_outputs: bool,
    /// Tokens usable right now (newest last); each backs one `client_secret` and `url`.
    pub tokens: Vec<String>,
    /// Tokens that were valid once: used, or retired when the session left `requires_input`.
    pub retired_tokens: HashSet<String>,
    /// Bumped at each submission so a stale delayed task does nothing.
    pub generation: u64,
}

/// What a rendering may reveal.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// `http://127.0.0.1:PORT`, for `url`.
    pub base_url: &'a str,
    /// Expansion paths relative to this object.
    pub expand: &'a [String],
    /// Restricted keys may see `dob` and `id_number`.
    pub key: KeyKind,
}

impl View<'_> {
    /// Whether `path` was asked for.
    pub fn has(&self, path: &str) -> bool {
        self.expand.iter().any(|e| e == path)
    }

    /// Sensitive expansions need a restricted key (Stripe's rule), otherwise stay null.
    pub fn sensitive(&self, path: &str) -> bool {
        self.key == KeyKind::Restricted && self.has(path)
    }

    /// Expansion paths below `prefix.`, relative to it.
    pub fn below(&self, prefix: &str) -> Vec<String> {
        let p = format!("{prefix}.");
        self.expand
            .iter()
            .filter_map(|e| e.strip_prefix(&p).map(str::to_string))
            .collect()
    }
}

impl Session {
    /// Whether PII has been wiped.
    pub fn is_redacted(&self) -> bool {
        self.redaction.is_some()
    }

    /// The newest usable token, if the session can be submitted.
    pub fn current_token(&self) -> Option<&str> {
        (self.status == Status::RequiresInput)
            .then(|| self.tokens.last().map(String::as_str))
            .flatten()
    }

    /// Makes every current token unusable (submission, cancel, leaving `requires_input`).
    pub fn retire_tokens(&mut self) {
        self.retired_tokens.extend(self.tokens.drain(..));
    }

    /// `client_secret` for a token.
    pub fn client_secret(&self, token: &str) -> String {
        format!("{}_secret_test_{token}", self.id)
    }

    /// The JSON object; `report` is the expanded last report when asked for.
    pub fn render(&self, view: &View<'_>, report: Option<Value>) -> Value {
        let token = self.current_token();
        let mut obj = json!({
            "id": self.id,
            "object": "identity.verification_session",
            "client_reference_id": self.client_reference_id,
            "client_secret": token.map(|t| self.client_secret(t)),
            "created": self.created,
            "last_error": self.last_error.as_ref().map(|(code, reason)| json!({"code": code, "reason": reason})),
            "last_verification_report": match (report, &self.last_report) {
                (Some(r), _) => r,
                (None, id) => json!(id),
            },
            "livemode": false,
            "metadata": self.metadata,
            "options": self.options(),
            "redaction": self.redaction.map(|r| json!({"status": match r { Redaction::Processing => "processing", Redaction::Redacted => "redacted" }})),
            "related_customer": self.related_customer,
            "related_customer_account": self.related_customer_account,
            "status": self.status.as_str(),
            "type": self.kind,
            "url": token.map(|t| format!("{}/start/test_{t}", view.base_url)),
        });
        if let Some(map) = obj.as_object_mut() {
            if let Some(person) = &self.related_person {
                map.insert("related_person".into(), person.clone());
            }
            if view.has("provided_details") {
                map.insert("provided_details".into(), self.provided_details_json());
            }
            if view.has("verified_outputs") {
                map.insert("verified_outputs".into(), self.verified_outputs(view));
            }
        }
        obj
    }

    fn options(&self) -> Value {
        match &self.document_options {
            Some(doc) => json!({"document": doc}),
            None => json!({}),
        }
    }

    fn provided_details_json(&self) -> Value {
        if self.provided_details.is_empty() {
            return Value::Null;
        }
        if self.is_redacted() {
            let wiped: Map<String, Value> = self
                .provided_details
                .keys()
                .map(|k| (k.clone(), json!(person::REDACTED)))
                .collect();
            return Value::Object(wiped);
        }
        Value::Object(self.provided_details.clone())
    }

    fn verified_outputs(&self, view: &View<'_>) -> Value {
        if !self.has_outputs {
            return Value::Null;
        }
        let r = self.is_redacted();
        let detail = |k: &str| match self.provided_details.get(k) {
            Some(_) if r => json!(person::REDACTED),
            Some(v) => v.clone(),
            None => Value::Null,
        };
        let id_number = self.kind == "id_number";
        json!({
            "address": person::address(r),
            "dob": if view.sensitive("verified_outputs.dob") && !r { person::dob() } else { Value::Null },
            "email": detail("email"),
            "first_name": person::text(person::FIRST_NAME, r),
            "id_number": if id_number && view.sensitive("verified_outputs.id_number") { person::text(person::ID_NUMBER, r) } else { Value::Null },
            "id_number_type": if id_number && !r { json!("us_ssn") } else { Value::Null },
            "last_name": person::text(person::LAST_NAME, r),
            "phone": detail("phone"),
            "sex": if r { json!(person::REDACTED) } else { Value::Null },
            "unparsed_place_of_birth": Value::Null,
            "unparsed_sex": Value::Null,
        })
    }
}

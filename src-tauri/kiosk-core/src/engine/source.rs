//! Who creates and reads the customer's sessions: the [`SessionSource`] trait, what it is
//! asked (a [`CreateRequest`]) and what it answers ([`Snapshot`]), and [`StripeSource`], which
//! is Stripe itself with the kiosk's key.
//!
//! The engine knows sessions only through this trait, so another source (a business's own
//! server holding the Stripe key) plugs in without touching the machine. A source's failures
//! are told in Stripe's error model ([`SourceError`]): no answer at all
//! (connection, timeout, an unreadable answer), an answer worth retrying (5xx, 429), or a
//! refusal (key, permission, parameters).

use std::collections::{BTreeMap, HashSet};

use stripe_identity::models::{VerificationSession, VerificationType};
use stripe_identity::{
    Client, ClientSecret, CreateSessionParams, CreatedFilter, DocumentOptionsParams, Emptyable,
    ExpandParams, HostedUrl, ListSessionsParams, RequestOptions, SessionOptionsParams,
};

use super::events::Observation;
use super::request::CreateRequest;
use super::{ATTEMPT_METADATA, RETURN_URL};

/// How a source fails (see the module's documentation).
pub type SourceError = stripe_identity::Error;

/// Whether a failed create may still have made a session: no answer came back. (An error
/// answer, 4xx or 5xx, means nothing was made.)
pub fn unanswered(e: &SourceError) -> bool {
    matches!(
        e,
        SourceError::Connection { .. }
            | SourceError::Timeout { .. }
            | SourceError::MalformedResponse { .. }
    )
}

/// What a source answers about one session. Its `client_secret` and `url` are secrets: the
/// runner hands the first to the page and the second to the window's navigation, nothing else.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub observation: Observation,
    /// When it was made (Unix seconds).
    pub created: i64,
    /// The reference it was made for.
    pub reference: Option<String>,
    /// The attempt (idempotency key) that made it.
    pub attempt: Option<String>,
    pub client_secret: Option<ClientSecret>,
    pub url: Option<HostedUrl>,
}

impl From<VerificationSession> for Snapshot {
    fn from(vs: VerificationSession) -> Self {
        let error_code = vs
            .last_error
            .as_ref()
            .and_then(|e| e.code.as_ref())
            .map(ToString::to_string);
        Self {
            observation: Observation {
                failed: vs.last_error.is_some(),
                error_code,
                report: vs
                    .last_verification_report
                    .as_ref()
                    .map(|r| r.id().to_owned()),
                status: vs.status,
                id: vs.id,
            },
            created: vs.created,
            reference: vs.metadata.get("reference").cloned(),
            attempt: vs.metadata.get(ATTEMPT_METADATA).cloned(),
            client_secret: vs.client_secret,
            url: vs.url,
        }
    }
}

/// Creates and reads the customer's sessions.
#[async_trait::async_trait]
pub trait SessionSource: Send + Sync + std::fmt::Debug {
    /// Creates the session `request` asks for (replaying the same request finds it again).
    async fn create(&self, request: &CreateRequest) -> Result<Snapshot, SourceError>;
    async fn retrieve(&self, id: &str) -> Result<Snapshot, SourceError>;
    async fn cancel(&self, id: &str) -> Result<Snapshot, SourceError>;
    /// The sessions created since `since` (Unix seconds) by one of `attempts`.
    async fn find_by_attempts(
        &self,
        attempts: &HashSet<String>,
        since: i64,
    ) -> Result<Vec<Snapshot>, SourceError>;
    /// The verified first name and last initial ("Jenny R."), if the source tells it.
    async fn verified_name(&self, id: &str) -> Option<String>;
    /// One cheap call that changes nothing: whether the source answers.
    async fn probe(&self) -> Result<(), SourceError>;
}

/// Stripe itself, with the kiosk's key.
#[derive(Debug, Clone)]
pub struct StripeSource {
    client: Client,
}

impl StripeSource {
    pub fn new(client: Client) -> Self {
        Self { client }
    }

    /// `attempt` goes into the metadata too: after a crash it is how the kiosk finds the
    /// session a create it never heard back from made.
    fn params(r: &CreateRequest) -> CreateSessionParams {
        let mut metadata = BTreeMap::from([
            ("kiosk_id".to_owned(), r.kiosk_id.clone()),
            (ATTEMPT_METADATA.to_owned(), r.attempt.clone()),
        ]);
        if let Some(reference) = &r.reference {
            metadata.insert("reference".to_owned(), reference.clone());
        }
        CreateSessionParams {
            kind: Some(VerificationType::Document),
            client_reference_id: r.reference.clone(),
            metadata,
            options: Some(SessionOptionsParams {
                document: Some(Emptyable::Set(DocumentOptionsParams {
                    allowed_types: r.document.allowed_types.clone(),
                    require_id_number: Some(r.document.require_id_number),
                    require_live_capture: Some(r.document.require_live_capture),
                    require_matching_selfie: Some(r.document.require_matching_selfie),
                })),
            }),
            return_url: Some(RETURN_URL.to_owned()),
            ..CreateSessionParams::default()
        }
    }
}

#[async_trait::async_trait]
impl SessionSource for StripeSource {
    async fn create(&self, request: &CreateRequest) -> Result<Snapshot, SourceError> {
        let opts = RequestOptions::with_idempotency_key(request.attempt.clone());
        let vs = self
            .client
            .create_session(&Self::params(request), &opts)
            .await?;
        Ok(vs.into())
    }

    async fn retrieve(&self, id: &str) -> Result<Snapshot, SourceError> {
        let vs = self
            .client
            .retrieve_session(id, &ExpandParams::default())
            .await?;
        Ok(vs.into())
    }

    async fn cancel(&self, id: &str) -> Result<Snapshot, SourceError> {
        let vs = self
            .client
            .cancel_session(id, &ExpandParams::default(), &RequestOptions::default())
            .await?;
        Ok(vs.into())
    }

    async fn find_by_attempts(
        &self,
        attempts: &HashSet<String>,
        since: i64,
    ) -> Result<Vec<Snapshot>, SourceError> {
        use futures_util::TryStreamExt as _;
        let params = ListSessionsParams {
            created: Some(CreatedFilter::Range {
                gt: None,
                gte: Some(since),
                lt: None,
                lte: None,
            }),
            limit: Some(100),
            ..ListSessionsParams::default()
        };
        let all: Vec<VerificationSession> = self
            .client
            .list_sessions_stream(&params)
            .try_collect()
            .await?;
        Ok(all
            .into_iter()
            .map(Snapshot::from)
            .filter(|s| s.attempt.as_ref().is_some_and(|a| attempts.contains(a)))
            .collect())
    }

    async fn verified_name(&self, id: &str) -> Option<String> {
        let vs = self
            .client
            .retrieve_session(id, &ExpandParams::new(["verified_outputs"]))
            .await
            .ok()?;
        let out = vs.verified_outputs?;
        let first = out.first_name?;
        Some(match out.last_name.and_then(|l| l.chars().next()) {
            Some(initial) => format!("{first} {initial}."),
            None => first,
        })
    }

    async fn probe(&self) -> Result<(), SourceError> {
        let params = ListSessionsParams {
            limit: Some(1),
            ..ListSessionsParams::default()
        };
        self.client.list_sessions(&params).await.map(drop)
    }
}

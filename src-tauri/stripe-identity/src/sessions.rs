//! VerificationSession operations: create, retrieve, update, list (with an auto-paging stream),
//! cancel and redact.

use futures_util::Stream;

use crate::client::{Client, RequestOptions};
use crate::error::{Error, Result};
use crate::models::{List, VerificationSession};
use crate::pagination::paginate;
use crate::params::{CreateSessionParams, ExpandParams, ListSessionsParams, UpdateSessionParams};

const PATH: &str = "/v1/identity/verification_sessions";

impl Client {
    /// Creates a session. Pass an idempotency key in `opts` to make a repeat return the first.
    pub async fn create_session(
        &self,
        params: &CreateSessionParams,
        opts: &RequestOptions,
    ) -> Result<VerificationSession> {
        self.post(PATH, &to_value(params)?, opts).await
    }

    /// Retrieves a session. While `requires_input`, Stripe mints a fresh `client_secret`.
    pub async fn retrieve_session(
        &self,
        id: &str,
        params: &ExpandParams,
    ) -> Result<VerificationSession> {
        self.get(&session_path(id, "")?, &to_value(params)?).await
    }

    /// Updates a session (only while `requires_input`).
    pub async fn update_session(
        &self,
        id: &str,
        params: &UpdateSessionParams,
        opts: &RequestOptions,
    ) -> Result<VerificationSession> {
        self.post(&session_path(id, "")?, &to_value(params)?, opts)
            .await
    }

    /// Lists sessions, newest first: one page.
    pub async fn list_sessions(
        &self,
        params: &ListSessionsParams,
    ) -> Result<List<VerificationSession>> {
        self.get(PATH, &to_value(params)?).await
    }

    /// Every session matching `params`, fetching pages as the stream is read. Follows
    /// `ending_before` backwards when it is set, like the official SDKs' auto-pagination.
    pub fn list_sessions_stream(
        &self,
        params: &ListSessionsParams,
    ) -> impl Stream<Item = Result<VerificationSession>> + Send + 'static {
        paginate(self.clone(), PATH, to_value(params))
    }

    /// Cancels a session (only while `requires_input`); it can never be submitted again.
    pub async fn cancel_session(
        &self,
        id: &str,
        params: &ExpandParams,
        opts: &RequestOptions,
    ) -> Result<VerificationSession> {
        self.post(&session_path(id, "/cancel")?, &to_value(params)?, opts)
            .await
    }

    /// Redacts a session's personal data (in `requires_input`, which also cancels it, or
    /// `verified`).
    pub async fn redact_session(
        &self,
        id: &str,
        params: &ExpandParams,
        opts: &RequestOptions,
    ) -> Result<VerificationSession> {
        self.post(&session_path(id, "/redact")?, &to_value(params)?, opts)
            .await
    }
}

/// `/v1/identity/verification_sessions/{id}{suffix}`, refusing ids that would change the path.
fn session_path(id: &str, suffix: &str) -> Result<String> {
    Ok(format!("{PATH}/{}{suffix}", checked_id(id)?))
}

/// Ids go into the URL path: refuse anything that is not a plain Stripe id.
pub(crate) fn checked_id(id: &str) -> Result<&str> {
    if id.is_empty() {
        return Err(Error::InvalidArgument("the id is empty".into()));
    }
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(Error::InvalidArgument(format!(
            "{id:?} is not a Stripe id (only letters, digits and _)"
        )));
    }
    Ok(id)
}

pub(crate) fn to_value<T: serde::Serialize>(params: &T) -> Result<serde_json::Value> {
    serde_json::to_value(params)
        .map_err(|e| Error::InvalidArgument(format!("parameters did not serialize: {e}")))
}

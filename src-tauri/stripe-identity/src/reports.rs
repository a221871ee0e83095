//! VerificationReport operations: list (with an auto-paging stream) and retrieve.

use futures_util::Stream;

use crate::client::Client;
use crate::error::Result;
use crate::models::{List, VerificationReport};
use crate::pagination::paginate;
use crate::params::{ExpandParams, ListReportsParams};
use crate::sessions::{checked_id, to_value};

const PATH: &str = "/v1/identity/verification_reports";

impl Client {
    /// Retrieves a report. Holds personal data: do not log it.
    pub async fn retrieve_report(
        &self,
        id: &str,
        params: &ExpandParams,
    ) -> Result<VerificationReport> {
        self.get(&format!("{PATH}/{}", checked_id(id)?), &to_value(params)?)
            .await
    }

    /// Lists reports, newest first: one page.
    pub async fn list_reports(
        &self,
        params: &ListReportsParams,
    ) -> Result<List<VerificationReport>> {
        self.get(PATH, &to_value(params)?).await
    }

    /// Every report matching `params`, fetching pages as the stream is read.
    pub fn list_reports_stream(
        &self,
        params: &ListReportsParams,
    ) -> impl Stream<Item = Result<VerificationReport>> + Send + 'static {
        paginate(self.clone(), PATH, to_value(params))
    }
}

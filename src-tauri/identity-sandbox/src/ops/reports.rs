//! The verification report operations: retrieve one and list them. Reports are read-only
//! here; they are made when a session is processed (`outcomes`).

use serde_json::Value;

use crate::api_error::ApiError;
use crate::listing::{self, created_matches, paginate};
use crate::session::View;
use crate::store::Store;

use super::{expansions, list_body, Ctx};

const REPORT_EXPANDABLE: &[&str] = &[
    "document.dob",
    "document.expiration_date",
    "document.number",
    "id_number.dob",
    "id_number.id_number",
];

/// `GET /v1/identity/verification_reports/{report}`
pub fn retrieve_report(
    ctx: Ctx<'_>,
    store: &Store,
    id: &str,
    params: &Value,
) -> Result<Value, ApiError> {
    let expand = expansions(params, REPORT_EXPANDABLE, false)?;
    let report = store
        .report(id)
        .ok_or_else(|| ApiError::no_such("verification report", id, "report"))?;
    Ok(report.render(&View {
        base_url: &ctx.shared.base_url,
        expand: &expand,
        key: ctx.key,
    }))
}

/// `GET /v1/identity/verification_reports`
pub fn list_reports(ctx: Ctx<'_>, store: &Store, params: &Value) -> Result<Value, ApiError> {
    let expand = expansions(params, REPORT_EXPANDABLE, true)?;
    listing::limit(params)?;
    let want = |name: &str| params.get(name).and_then(Value::as_str);
    let items: Vec<_> = store
        .reports
        .iter()
        .filter(|r| want("verification_session").is_none_or(|v| r.session_id == v))
        .filter(|r| want("type").is_none_or(|v| r.kind == v))
        .filter(|r| {
            want("client_reference_id").is_none_or(|v| r.client_reference_id.as_deref() == Some(v))
        })
        .filter(|r| created_matches(params.get("created"), r.created))
        .map(|r| ((r.created, r.seq), r))
        .collect();
    let position = |id: &str| store.report(id).map(|r| (r.created, r.seq));
    let page = paginate(items, params, "verification report", position)?;
    let view = View {
        base_url: &ctx.shared.base_url,
        expand: &expand,
        key: ctx.key,
    };
    let data = page.items.into_iter().map(|r| r.render(&view)).collect();
    Ok(list_body(
        "/v1/identity/verification_reports",
        data,
        page.has_more,
    ))
}

//! All routes of the one loopback server.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::routing::{any, get, post};
use axum::Router;

use crate::store::Shared;
use crate::{api, control, pages};

/// Builds the router.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/{*rest}", any(api::handle))
        .route("/v1", any(api::handle))
        .route("/v3", get(pages::stripe_js))
        .route("/v3/", get(pages::stripe_js))
        .route(
            "/start/{token}",
            get(pages::hosted_page).post(pages::hosted_submit),
        )
        .route("/_sandbox/modal", get(pages::modal))
        .route("/_sandbox/modal.js", get(pages::modal_js))
        .route("/_sandbox/sandbox.css", get(pages::sandbox_css))
        .route(
            "/_sandbox/verification_pages/{client_secret}",
            get(pages::page_info),
        )
        .route(
            "/_sandbox/verification_pages/{client_secret}/submit",
            post(pages::page_submit),
        )
        .route(
            "/_sandbox/verification_pages/{client_secret}/decline",
            post(pages::page_decline),
        )
        .route(
            "/_sandbox/faults",
            post(control::add_fault)
                .get(control::list_faults)
                .delete(control::clear_faults),
        )
        .route("/_sandbox/keys", post(control::set_key))
        .route("/_sandbox/requests", get(control::requests))
        .route("/_sandbox/reset", post(control::reset))
        .fallback(|| async { (StatusCode::NOT_FOUND, "Not found") })
        .with_state(shared)
}

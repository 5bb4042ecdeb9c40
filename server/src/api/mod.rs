//! The public JSON API v1: a second face over the same backend operations the UI uses, for
//! automation and custom front-ends. Authenticated by per-organisation API tokens
//! (`Authorization: Bearer kdr_…`); every error is `{"error": {"code", "message", "details"}}`.

mod auth;
mod error;
pub mod openapi;
mod results;
mod surveys;

pub use auth::ApiCaller;
pub use error::ApiError;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post, put};

/// Every route of API v1, as (method, path); the OpenAPI document lists exactly these.
pub const ROUTES: [(&str, &str); 12] = [
    ("get", "/api/v1/surveys"),
    ("post", "/api/v1/surveys"),
    ("get", "/api/v1/surveys/{id}"),
    ("put", "/api/v1/surveys/{id}/definition"),
    ("post", "/api/v1/surveys/{id}/publish"),
    ("post", "/api/v1/surveys/{id}/close"),
    ("get", "/api/v1/surveys/{id}/results"),
    ("get", "/api/v1/surveys/{id}/responses.csv"),
    ("get", "/api/v1/surveys/{id}/codebook.csv"),
    ("get", "/api/v1/surveys/{id}/figures.csv"),
    ("post", "/api/v1/public/surveys/{slug}/responses"),
    ("get", "/api/v1/openapi.json"),
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/surveys", get(surveys::list).post(surveys::create))
        .route("/api/v1/surveys/{id}", get(surveys::show))
        .route(
            "/api/v1/surveys/{id}/definition",
            put(surveys::replace_definition),
        )
        .route("/api/v1/surveys/{id}/publish", post(surveys::publish))
        .route("/api/v1/surveys/{id}/close", post(surveys::close))
        .route("/api/v1/surveys/{id}/results", get(results::results))
        .route(
            "/api/v1/surveys/{id}/responses.csv",
            get(results::responses_csv),
        )
        .route(
            "/api/v1/surveys/{id}/codebook.csv",
            get(results::codebook_csv),
        )
        .route(
            "/api/v1/surveys/{id}/figures.csv",
            get(results::figures_csv),
        )
        .route(
            "/api/v1/public/surveys/{slug}/responses",
            post(crate::respond::public_api::submit),
        )
        .route("/api/v1/openapi.json", get(openapi::document))
}

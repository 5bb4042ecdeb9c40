//! The public JSON API v1: a second face over the same backend operations the UI uses, for
//! automation and custom front-ends. Authenticated by per-organisation API tokens
//! (`Authorization: Bearer kdr_…`); every error is `{"error": {"code", "message", "details"}}`.
//! Routes and the OpenAPI document come from one list, so neither can drift from the other.

mod auth;
mod error;
pub mod openapi;
mod results;
mod surveys;
pub mod wire;

pub use auth::ApiCaller;

use crate::state::AppState;
use axum::Router;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Every route of API v1 with its OpenAPI description.
fn described() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::base())
        .routes(routes!(surveys::list, surveys::create))
        .routes(routes!(surveys::show))
        .routes(routes!(surveys::replace_definition))
        .routes(routes!(surveys::publish))
        .routes(routes!(surveys::close))
        .routes(routes!(results::results))
        .routes(routes!(results::chart))
        .routes(routes!(results::responses_csv))
        .routes(routes!(results::codebook_csv))
        .routes(routes!(results::figures_csv))
        .routes(routes!(crate::respond::public_api::submit))
        .routes(routes!(openapi::serve))
}

pub fn routes() -> Router<AppState> {
    described().split_for_parts().0
}

/// The OpenAPI document of API v1, with the validator's limits written into its schemas.
pub fn document() -> serde_json::Value {
    openapi::finish(described().split_for_parts().1)
}

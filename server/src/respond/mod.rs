//! Taking responses: the respondent page's form post (which works without JavaScript), the public
//! JSON submission endpoint, the per-survey respondent cookie, and submission rate limits. Both
//! faces hand the same `Submission` to the backend, which validates and stores it.

pub mod cookie;
pub mod form;
pub mod limits;
pub mod public_api;

pub use limits::SubmitLimits;

use crate::state::AppState;
use axum::Router;
use axum::routing::post;

/// The respondent page's form posts, on its own address and inside the embed frame.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/s/{slug}", post(form::submit_page))
        .route("/s/{slug}/embed", post(form::submit_embedded))
}

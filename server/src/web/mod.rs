//! The plain HTTP handlers beside the pages and the JSON API: form posts that must work without
//! JavaScript (branding, invite codes) and files (exports, charts, QR codes, identity cards,
//! logos). Each area owns its routes; members are found by their session cookie
//! ([`SessionCaller`]); every refusal takes the one path to an answer ([`HttpError`]).

mod branding;
mod downloads;
pub mod error;
pub mod forms;
mod invite_codes;
pub mod member_pages;
mod pictures;
pub mod same_origin;

pub use downloads::{chart_download, chart_file, export_file};
pub use error::{HttpError, answer_errors};

use crate::state::AppState;
use app::backend::{Accounts, Caller};
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Redirect;
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/branding", post(branding::save_branding))
        .route("/logos/{id}", get(branding::serve_logo))
        .route("/s/{slug}/{file}", get(pictures::qr_code))
        .route("/c/{token}/{file}", get(pictures::card_image))
        .route(
            "/surveys/{id}/invite-codes",
            post(invite_codes::create_codes),
        )
        .route("/surveys/{id}/{file}", get(downloads::export))
        .route("/surveys/{id}/charts/{file}", get(downloads::chart))
        .route("/r/{token}/charts/{file}", get(downloads::shared_chart))
}

/// The logged-in member behind a plain request, by the session cookie; anyone else is sent to
/// log in.
pub struct SessionCaller(pub Caller);

impl FromRequestParts<AppState> for SessionCaller {
    type Rejection = Redirect;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Redirect> {
        // Sent to log in and brought back to the download afterwards (a form post cannot be
        // repeated by a link, so it just logs in).
        let log_in_page = match parts.uri.path_and_query() {
            Some(back) if parts.method == axum::http::Method::GET => {
                domain::links::log_in_then(back.as_str())
            }
            _ => "/login".to_owned(),
        };
        let log_in = || Redirect::to(&log_in_page);
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar
            .get(state.cookie_policy.session_cookie())
            .map(|c| c.value().to_owned())
            .ok_or_else(log_in)?;
        let checked: Option<&app::api::request::CheckedSession> = parts.extensions.get();
        if let Some(checked) = checked.filter(|c| c.token == token) {
            return Ok(SessionCaller(checked.caller.clone()));
        }
        let caller = state.backend.caller(&token).await.map_err(|_| log_in())?;
        // Checked once a request: the page's render and its server functions take it from here.
        parts.extensions.insert(app::api::request::CheckedSession {
            token,
            caller: caller.clone(),
        });
        Ok(SessionCaller(caller))
    }
}

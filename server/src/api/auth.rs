//! Who is calling the API: the organisation, role and creator of the bearer token.

use crate::state::AppState;
use crate::web::HttpError;
use app::backend::Caller;
use app::error::AppError;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

/// An authenticated API caller. Rejects with 401 when the token is missing, unknown or revoked.
pub struct ApiCaller(pub Caller);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let secret = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(HttpError::from(AppError::Unauthenticated))?;
        let caller = state.backend.api_caller(secret).await?;
        Ok(ApiCaller(caller))
    }
}

//! API errors: the backend's error with a stable code, a human message and per-field details.

use app::error::AppError;
use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug)]
pub struct ApiError(pub AppError);

impl ApiError {
    /// The stable, documented code for each kind of error.
    pub fn code(&self) -> &'static str {
        match self.0 {
            AppError::Validation(_) => "invalid_request",
            AppError::Conflict(_) => "conflict",
            AppError::Unauthenticated => "unauthorized",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound(_) => "not_found",
            AppError::Gone(_) => "closed",
            AppError::TooManyAttempts(_) => "rate_limited",
            AppError::Internal { .. } | AppError::Transport(_) => "internal",
        }
    }
}

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        ApiError(err)
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        ApiError(AppError::invalid(
            "body",
            format!(
                "The request body is not valid JSON of the expected shape: {}",
                rejection.body_text()
            ),
        ))
    }
}

impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> Self {
        ApiError(AppError::NotFound(
            "There is no such survey in your organisation.".into(),
        ))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let details: Vec<_> = match &self.0 {
            AppError::Validation(errors) => errors
                .iter()
                .map(|e| json!({ "field": e.field, "message": e.message }))
                .collect(),
            AppError::Conflict(e) => vec![json!({ "field": e.field, "message": e.message })],
            _ => Vec::new(),
        };
        let message = match &self.0 {
            AppError::Validation(errors) if errors.len() > 1 => {
                format!("{} problems need fixing; see details.", errors.len())
            }
            other => other.to_string(),
        };
        let body =
            json!({ "error": { "code": self.code(), "message": message, "details": details } });
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

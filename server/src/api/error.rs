//! How the JSON API's extractors refuse a request: through the one error path
//! (`web::HttpError`), which answers `{"error": {"code", "message", "details"}}` under `/api/`.

use crate::web::HttpError;
use app::error::AppError;
use axum::extract::rejection::{JsonRejection, PathRejection};

impl From<JsonRejection> for HttpError {
    fn from(rejection: JsonRejection) -> Self {
        HttpError::from(AppError::invalid(
            "body",
            format!(
                "The request body is not valid JSON of the expected shape: {}",
                rejection.body_text()
            ),
        ))
    }
}

impl From<PathRejection> for HttpError {
    fn from(_: PathRejection) -> Self {
        HttpError::from(AppError::NotFound(
            "There is no such survey in your organisation.".into(),
        ))
    }
}

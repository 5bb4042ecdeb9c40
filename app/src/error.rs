//! The one error type the UI sees. Each variant carries only what is safe to show; the server logs
//! the detail behind an `Internal` error under the request id it shows.

use domain::FieldError;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Inputs were refused; each message is shown next to its field.
    #[error("{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" "))]
    Validation(Vec<FieldError>),
    /// The input clashes with something that exists (an email already registered, …).
    #[error("{}", .0.message)]
    Conflict(FieldError),
    #[error("Please log in to continue.")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// It existed but takes no more input (a closed survey).
    #[error("{0}")]
    Gone(String),
    #[error("{0}")]
    TooManyAttempts(String),
    #[error("Something went wrong on our side. If it happens again, quote reference {request_id}.")]
    Internal { request_id: String },
    /// The request never reached Kindred's code (network, encoding).
    #[error("Kindred could not be reached: {0}")]
    Transport(String),
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError::new(field, message)])
    }

    /// All the refusals among several parsed fields, so a form shows every problem at once.
    pub fn fields(errors: impl IntoIterator<Item = Option<FieldError>>) -> Self {
        AppError::Validation(errors.into_iter().flatten().collect())
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden(message.into())
    }

    /// The message to show beside `field`, if this error is about that field.
    pub fn for_field(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            AppError::Conflict(e) if e.field == field => Some(e.message.clone()),
            _ => None,
        }
    }

    /// The message to show above a form: everything not tied to one field.
    pub fn form_message(&self) -> Option<String> {
        match self {
            AppError::Validation(_) | AppError::Conflict(_) => None,
            other => Some(other.to_string()),
        }
    }

    /// The HTTP status a JSON API answers with for this error.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::Unauthenticated => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound(_) => 404,
            AppError::Gone(_) => 410,
            AppError::TooManyAttempts(_) => 429,
            AppError::Internal { .. } | AppError::Transport(_) => 500,
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// The HTTP status every door (page, server function, API, form post) answers this error
    /// with; anything unforeseen is a server error, never a success.
    pub fn http_status(&self) -> http::StatusCode {
        http::StatusCode::from_u16(self.status_code())
            .ok()
            .filter(|s| s.is_client_error() || s.is_server_error())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// Sets this error's status on the page being rendered, if a page is being rendered.
    pub fn set_page_status(&self) {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(self.http_status());
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Validation(vec![e])
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Arguments the server could not read (a negative number of days, an unknown role, a
    /// definition that is not JSON) are the sender's to fix: a validation error (422) naming
    /// what was wrong, not an internal one. Anything else on the way is a transport failure.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(problem) => AppError::invalid(
                "request",
                format!("Kindred could not read what was sent: {problem}"),
            ),
            ServerFnErrorErr::MissingArg(name) => AppError::invalid(
                "request",
                format!("Kindred could not read what was sent: “{name}” is missing."),
            ),
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_is_shown_only_beside_its_field() {
        let err = AppError::invalid("email", "Enter your email address.");
        assert_eq!(
            err.for_field("email").as_deref(),
            Some("Enter your email address.")
        );
        assert_eq!(err.for_field("password"), None);
        assert_eq!(err.form_message(), None);
    }

    #[test]
    fn every_refused_field_keeps_its_own_message() {
        let err = AppError::fields([
            Some(FieldError::new("email", "Enter your email address.")),
            None,
            Some(FieldError::new(
                "password",
                "Use at least 10 characters (this one has 3).",
            )),
        ]);
        assert_eq!(
            err.for_field("email").as_deref(),
            Some("Enter your email address.")
        );
        assert!(err.for_field("password").unwrap().contains("10 characters"));
        assert_eq!(err.status_code(), 422);
    }

    #[test]
    fn an_internal_error_shows_only_its_reference() {
        let err = AppError::Internal {
            request_id: "r-42".into(),
        };
        let shown = err.to_string();
        assert!(shown.contains("r-42") && !shown.contains("sql"), "{shown}");
        assert_eq!(err.status_code(), 500);
    }
}

//! The one way from a refusal to an HTTP answer. A handler returns an [`HttpError`]; it becomes a
//! response carrying the refusal, and the [`answer_errors`] layer writes its body — JSON under
//! `/api/`, plain text elsewhere — with the request's id filled into an internal error. Internal
//! errors were logged, with what failed, where they arose; nothing is logged here.

use app::error::AppError;
use axum::Json;
use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// Which set of documented error codes an answer uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    /// API v1's codes: `invalid_request`, `unauthorized`, `forbidden`, `not_found`, `conflict`,
    /// `closed`, `rate_limited`, `internal`; `details` name fields.
    Api,
    /// The public submission endpoint's: `invalid_response` (details name questions),
    /// `invite_code_used`, `duplicate_response`, `closed`, `not_found`, `rate_limited`, `internal`.
    Submission,
}

/// Every JSON error answer: `{"error": {"code", "message", "details"}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// For people: what went wrong and what to do.
    pub message: String,
    /// Each refused field, or for a submission each refused question.
    pub details: Vec<Problem>,
}

/// What went wrong, for programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidRequest,
    InvalidResponse,
    Conflict,
    InviteCodeUsed,
    DuplicateResponse,
    Closed,
    Unauthorized,
    Forbidden,
    NotFound,
    RateLimited,
    Internal,
}

/// One refused field (`field`) or question (`question`), with what to fix.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    pub message: String,
}

/// A refusal on its way to becoming an HTTP answer.
#[derive(Debug, Clone)]
pub struct HttpError {
    pub error: AppError,
    pub vocabulary: Vocabulary,
}

impl HttpError {
    /// A refusal of the public submission endpoint, in its own documented codes.
    pub fn submission(error: AppError) -> Self {
        Self {
            error,
            vocabulary: Vocabulary::Submission,
        }
    }

    fn code(&self) -> ErrorCode {
        use AppError::*;
        match (self.vocabulary, &self.error) {
            (Vocabulary::Submission, Validation(_)) => ErrorCode::InvalidResponse,
            (Vocabulary::Submission, Conflict(e)) if e.field == "invite_code" => {
                ErrorCode::InviteCodeUsed
            }
            (Vocabulary::Submission, Conflict(_)) => ErrorCode::DuplicateResponse,
            (_, Validation(_)) => ErrorCode::InvalidRequest,
            (_, Conflict(_)) => ErrorCode::Conflict,
            (_, Unauthenticated) => ErrorCode::Unauthorized,
            (_, Forbidden(_)) => ErrorCode::Forbidden,
            (_, NotFound(_)) => ErrorCode::NotFound,
            (_, Gone(_)) => ErrorCode::Closed,
            (_, TooManyAttempts(_)) => ErrorCode::RateLimited,
            (_, Internal { .. } | Transport(_)) => ErrorCode::Internal,
        }
    }

    /// Each refused field (or, for a submission, each question) with its message.
    fn details(&self) -> Vec<Problem> {
        let fields: Vec<_> = match &self.error {
            AppError::Validation(errors) => errors.iter().collect(),
            AppError::Conflict(e) => vec![e],
            _ => Vec::new(),
        };
        fields
            .into_iter()
            .map(|e| {
                let is_question = self.vocabulary == Vocabulary::Submission
                    && !domain::survey::RESERVED_QUESTION_IDS.contains(&e.field.as_str())
                    && e.field != "body";
                let name = Some(e.field.clone());
                let (field, question) = if is_question {
                    (None, name)
                } else {
                    (name, None)
                };
                Problem {
                    field,
                    question,
                    message: e.message.clone(),
                }
            })
            .collect()
    }

    fn message(&self) -> String {
        match &self.error {
            AppError::Validation(errors) if errors.len() > 1 => {
                format!("{} problems need fixing; see details.", errors.len())
            }
            other => other.to_string(),
        }
    }

    /// With the request's id, for the person to quote.
    fn with_request_id(mut self, id: &str) -> Self {
        if let AppError::Internal { request_id } = &mut self.error {
            *request_id = id.to_owned();
        }
        self
    }

    fn into_json(self) -> Response {
        let status = self.error.http_status();
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code(),
                message: self.message(),
                details: self.details(),
            },
        };
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }

    fn into_text(self) -> Response {
        let status = self.error.http_status();
        (status, self.message()).into_response()
    }
}

impl From<AppError> for HttpError {
    fn from(error: AppError) -> Self {
        Self {
            error,
            vocabulary: Vocabulary::Api,
        }
    }
}

/// The refusal a response carries until [`answer_errors`] writes it.
#[derive(Clone)]
struct Refusal(HttpError);

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let mut response = self.error.http_status().into_response();
        response.extensions_mut().insert(Refusal(self));
        response
    }
}

/// Writes every refusal a handler returned: JSON for the API, text for the rest, each internal
/// error with the request's id (set by the request-id layer outside this one).
/// A server function's error answer as its error's own status. Leptos answers 500 for every
/// error it raises before the function runs — arguments it could not read among them — whatever
/// the error says; the body is the error itself (`AppError` as JSON), so its status is read
/// from there.
async fn with_status_of_its_error(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.http_status();
    }
    Response::from_parts(parts, Body::from(bytes))
}

pub async fn answer_errors(request: Request<Body>, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let server_function = api && !request.uri().path().starts_with("/api/v1/");
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("unknown")
        .to_owned();
    let mut response = next.run(request).await;
    if server_function && response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        response = with_status_of_its_error(response).await;
    }
    match response.extensions_mut().remove::<Refusal>() {
        Some(Refusal(error)) => {
            let error = error.with_request_id(&id);
            if api {
                error.into_json()
            } else {
                error.into_text()
            }
        }
        None => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::FieldError;

    #[test]
    fn an_unknown_status_is_never_a_success() {
        assert_eq!(
            AppError::invalid("x", "no").http_status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            AppError::Transport("lost".into()).http_status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn a_submission_names_its_questions_and_uses_its_own_codes() {
        let refused = HttpError::submission(AppError::Validation(vec![
            FieldError::new("nps", "Choose a number from 0 to 10."),
            FieldError::new("version", "No such version."),
        ]));
        assert_eq!(refused.code(), ErrorCode::InvalidResponse);
        let details = refused.details();
        assert_eq!(details[0].question.as_deref(), Some("nps"));
        assert_eq!(details[1].field.as_deref(), Some("version"));
        let used =
            HttpError::submission(AppError::Conflict(FieldError::new("invite_code", "Used.")));
        assert_eq!(used.code(), ErrorCode::InviteCodeUsed);
        let api = HttpError::from(AppError::Validation(vec![FieldError::new("title", "x")]));
        assert_eq!(api.code(), ErrorCode::InvalidRequest);
        assert_eq!(api.details()[0].field.as_deref(), Some("title"));
    }
}

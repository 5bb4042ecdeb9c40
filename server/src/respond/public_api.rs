//! `POST /api/v1/public/surveys/{slug}/responses`: the submission endpoint for custom front-ends.
//! No cookie and no API token; one response per person applies through invite codes when the
//! survey requires them. The answer (201) comes only after the response is committed.

use crate::api::wire::{Created, ResponseSubmission};
use crate::state::AppState;
use crate::web::HttpError;
use crate::web::error::ErrorBody;
use app::backend::{ClientIp, Responses, Submission, SubmittedAnswers};
use app::error::AppError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// A refused submission, in the endpoint's documented codes (see `web::error`).
fn refusal(error: AppError) -> Response {
    HttpError::submission(error).into_response()
}

/// Submit one response to a published survey, for custom front-ends. No token and no cookie:
/// anyone with the public link may answer. When the survey requires invite codes,
/// `invite_code` keeps it to one response per code. The 201 comes only after the response is
/// committed.
#[utoipa::path(
    post,
    path = "/api/v1/public/surveys/{slug}/responses",
    operation_id = "submitResponse",
    security(()),
    params(("slug" = String, Path, description = "The survey's public slug, the last part of /s/{slug}.")),
    request_body = ResponseSubmission,
    responses(
        (status = 201, description = "Stored.", body = Created),
        (status = 404, description = "No published survey has this slug (code `not_found`).", body = ErrorBody),
        (status = 409, description = "The invite code was already used (code `invite_code_used`).", body = ErrorBody),
        (status = 410, description = "The survey is closed (code `closed`).", body = ErrorBody),
        (status = 422, description = "The response was refused (code `invalid_response`); `details` lists `{question, message}` per answer, or `{field, message}` for `version`, `invite_code`, `survey` (not open yet) or `display_name`. Nothing is stored.", body = ErrorBody),
        (status = 429, description = "Too many submissions from one address in a minute (code `rate_limited`).", body = ErrorBody)
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    ip: Option<axum::Extension<ClientIp>>,
    body: Result<Json<ResponseSubmission>, JsonRejection>,
) -> Response {
    if let Some(axum::Extension(ClientIp(ip))) = ip
        && !state.submit_limits.allow(ip, None)
    {
        return refusal(AppError::TooManyAttempts(
            "Too many responses from this address in a short time; wait a minute and retry.".into(),
        ));
    }
    let body = match body {
        Ok(Json(body)) => body,
        Err(rejection) => {
            return refusal(AppError::invalid(
                "body",
                format!(
                    "The body must be JSON like {{\"version\": 1, \"answers\": {{…}}}}: {}",
                    rejection.body_text()
                ),
            ));
        }
    };
    let submission = Submission {
        slug,
        version: Some(body.version),
        answers: SubmittedAnswers::Json(body.answers),
        invite_code: body.invite_code,
        respondent: None,
        display_name: body.display_name,
        with_card: body.identity_card,
    };
    match state.backend.submit_response(submission).await {
        Ok(receipt) => (
            StatusCode::CREATED,
            Json(Created {
                id: receipt.response_id,
                card_url: receipt
                    .card
                    .map(|token| state.backend.public_url(&format!("/c/{token}"))),
            }),
        )
            .into_response(),
        Err(error) => refusal(error),
    }
}

//! `POST /api/v1/public/surveys/{slug}/responses`: the submission endpoint for custom front-ends.
//! No cookie and no API token; one response per person applies through invite codes when the
//! survey requires them. The answer (201) comes only after the response is committed.

use crate::state::AppState;
use app::backend::{ClientIp, Responses, Submission, SubmittedAnswers};
use app::domain::survey::RESERVED_QUESTION_IDS;
use app::error::AppError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value, json};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseBody {
    pub version: i64,
    pub answers: Map<String, Value>,
    #[serde(default)]
    pub invite_code: Option<String>,
    /// The name on the identity card, if the respondent typed one.
    #[serde(default)]
    pub display_name: Option<String>,
}

/// A refused submission in the public error shape; answer problems are listed per question.
fn refusal(error: AppError) -> Response {
    let status =
        StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (code, details) = match &error {
        AppError::Validation(errors) => (
            "invalid_response",
            errors
                .iter()
                .map(|e| {
                    if RESERVED_QUESTION_IDS.contains(&e.field.as_str()) || e.field == "body" {
                        json!({ "field": e.field, "message": e.message })
                    } else {
                        json!({ "question": e.field, "message": e.message })
                    }
                })
                .collect(),
        ),
        AppError::Conflict(e) if e.field == "invite_code" => (
            "invite_code_used",
            vec![json!({ "field": e.field, "message": e.message })],
        ),
        AppError::Conflict(_) => ("duplicate_response", Vec::new()),
        AppError::Gone(_) => ("closed", Vec::new()),
        AppError::NotFound(_) => ("not_found", Vec::new()),
        AppError::TooManyAttempts(_) => ("rate_limited", Vec::new()),
        _ => ("internal", Vec::new()),
    };
    let message = match &error {
        AppError::Validation(errors) if errors.len() > 1 => {
            format!("{} answers need fixing; see details.", errors.len())
        }
        other => other.to_string(),
    };
    (
        status,
        Json(json!({ "error": { "code": code, "message": message, "details": details } })),
    )
        .into_response()
}

pub async fn submit(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    ip: Option<axum::Extension<ClientIp>>,
    body: Result<Json<ResponseBody>, JsonRejection>,
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
    };
    match state.backend.submit_response(submission).await {
        Ok(receipt) => (
            StatusCode::CREATED,
            Json(json!({ "id": receipt.response_id })),
        )
            .into_response(),
        Err(error) => refusal(error),
    }
}

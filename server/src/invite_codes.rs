//! `POST /surveys/{id}/invite-codes`: makes single-use invite codes and hands them over once, as a
//! CSV download (code and personal link per row) for a mail merge. Only their hashes are kept.

use crate::logos::session_caller;
use crate::state::AppState;
use app::api::types::SurveyDetail;
use app::backend::{Responses, Surveys};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct CodesForm {
    pub count: String,
}

/// The CSV of codes and their links, with a header row.
pub fn codes_csv(survey: &SurveyDetail, codes: &[String]) -> Result<Vec<u8>, csv::Error> {
    let rows = codes.iter().map(|code| {
        let link = format!("{}?code={code}", survey.summary.public_url);
        vec![code.clone(), link]
    });
    let header = vec!["code".to_owned(), "link".to_owned()];
    crate::export::csv_file(
        crate::export::Flavour::Plain,
        std::iter::once(header).chain(rows),
    )
}

pub async fn create_codes(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
    Form(form): Form<CodesForm>,
) -> Response {
    let Some(caller) = session_caller(&state, &headers).await else {
        return Redirect::to("/login").into_response();
    };
    let count = form.count.trim().parse::<u32>().unwrap_or(0);
    let codes = match state.backend.create_invite_codes(&caller, id, count).await {
        Ok(codes) => codes,
        Err(error) => {
            let status =
                StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
            return (status, error.to_string()).into_response();
        }
    };
    let survey = match state.backend.survey(&caller, id).await {
        Ok(survey) => survey,
        Err(error) => return (StatusCode::NOT_FOUND, error.to_string()).into_response(),
    };
    match codes_csv(&survey, &codes) {
        Ok(body) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&format!(
                        "attachment; filename=\"invite-codes-survey-{id}.csv\""
                    ))
                    .unwrap_or(HeaderValue::from_static("attachment")),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            body,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "writing invite codes");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

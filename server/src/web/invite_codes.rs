//! `POST /surveys/{id}/invite-codes`: makes single-use invite codes and hands them over once, as a
//! CSV download (code and personal link per row) for a mail merge. Only their hashes are kept.

use super::{HttpError, SessionCaller};
use crate::state::AppState;
use app::api::types::SurveyDetail;
use app::backend::{Responses, Surveys};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
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
    SessionCaller(caller): SessionCaller,
    Path(id): Path<i64>,
    Form(form): Form<CodesForm>,
) -> Result<Response, HttpError> {
    let count = form.count.trim().parse::<u32>().unwrap_or(0);
    let codes = state
        .backend
        .create_invite_codes(&caller, id, count)
        .await?;
    let survey = state.backend.survey(&caller, id).await?;
    let content = codes_csv(&survey, &codes)
        .map_err(|e| crate::backend::internal("writing invite codes", e))?;
    Ok(super::downloads::csv_download(crate::backend::CsvFile {
        file_name: format!("invite-codes-survey-{id}.csv"),
        content,
    }))
}

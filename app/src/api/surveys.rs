//! Server functions for building surveys: list, create, load, save the draft, publish, close.

#[cfg(feature = "ssr")]
use super::request::{backend, caller, stamp};
use super::types::{SurveyDetail, SurveySummary};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "list_surveys")]
pub async fn list_surveys() -> Result<Vec<SurveySummary>, AppError> {
    let (caller, _) = caller().await?;
    backend()?.list_surveys(&caller).await.map_err(stamp)
}

/// Creates a survey from a template (or blank, when `template` is empty) and opens it.
#[server(endpoint = "create_survey")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn create_survey(
    template: Option<String>,
    title: Option<String>,
) -> Result<SurveySummary, AppError> {
    use crate::backend::SurveySource;
    let (caller, _) = caller().await?;
    let title = title.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let source = match template
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
    {
        Some(name) => SurveySource::Template(name),
        None => SurveySource::Blank,
    };
    let survey = backend()?
        .create_survey(&caller, source, title)
        .await
        .map_err(stamp)?;
    leptos_axum::redirect(&format!("/surveys/{}", survey.id));
    Ok(survey)
}

#[server(endpoint = "load_survey")]
pub async fn load_survey(id: i64) -> Result<SurveyDetail, AppError> {
    let (caller, _) = caller().await?;
    backend()?.survey(&caller, id).await.map_err(stamp)
}

/// Saves the draft. The definition travels as JSON text: the builder sends its whole state.
#[server(endpoint = "save_survey")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn save_survey(
    id: i64,
    title: String,
    definition: String,
) -> Result<SurveyDetail, AppError> {
    let (caller, _) = caller().await?;
    let definition = serde_json::from_str(&definition).map_err(|e| {
        stamp(AppError::invalid(
            "definition",
            format!("The survey could not be read: {e}"),
        ))
    })?;
    backend()?
        .save_survey(&caller, id, &title, definition)
        .await
        .map_err(stamp)
}

#[server(endpoint = "publish_survey")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn publish_survey(id: i64) -> Result<SurveyDetail, AppError> {
    let (caller, _) = caller().await?;
    backend()?.publish_survey(&caller, id).await.map_err(stamp)
}

#[server(endpoint = "close_survey")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn close_survey(id: i64) -> Result<SurveyDetail, AppError> {
    let (caller, _) = caller().await?;
    backend()?.close_survey(&caller, id).await.map_err(stamp)
}

/// Sets the days (UTC) from which and until which the survey accepts answers.
#[server(endpoint = "schedule_survey")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn schedule_survey(
    id: i64,
    opens_on: String,
    closes_on: String,
) -> Result<SurveyDetail, AppError> {
    let (caller, _) = caller().await?;
    backend()?
        .schedule_survey(&caller, id, &opens_on, &closes_on)
        .await
        .map_err(stamp)
}

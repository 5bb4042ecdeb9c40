//! `/api/v1/surveys`: list, create (from the template or a definition), read, replace the draft,
//! publish, close. Each handler is one backend call.

use super::{ApiCaller, ApiError};
use crate::state::AppState;
use app::api::types::SurveyDetail;
use app::backend::{SurveySource, Surveys};
use app::domain::survey::{Definition, SurveyStatus};
use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

/// JSON bodies whose rejection is an API error in the documented shape.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Path parameters whose rejection (a non-numeric id) is a 404 in the documented shape.
#[derive(FromRequestParts)]
#[from_request(via(Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// A survey as the API shows it.
#[derive(Debug, Serialize)]
pub struct SurveyBody {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub status: SurveyStatus,
    /// The version respondents get; null until first published.
    pub version: Option<i64>,
    pub public_url: String,
    /// The draft differs from the published version.
    pub unpublished_changes: bool,
    /// The current draft.
    pub definition: Definition,
}

impl From<SurveyDetail> for SurveyBody {
    fn from(detail: SurveyDetail) -> Self {
        SurveyBody {
            id: detail.summary.id,
            slug: detail.summary.slug,
            title: detail.summary.title,
            status: detail.summary.status,
            version: detail.summary.version,
            public_url: detail.summary.public_url,
            unpublished_changes: detail.unpublished_changes,
            definition: detail.draft,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct SurveyListItem {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub status: SurveyStatus,
    pub version: Option<i64>,
    pub public_url: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    pub template: Option<String>,
    pub title: Option<String>,
    pub definition: Option<Definition>,
}

pub async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<SurveyListItem>>, ApiError> {
    let surveys = state.backend.list_surveys(&caller).await?;
    Ok(Json(
        surveys
            .into_iter()
            .map(|s| SurveyListItem {
                id: s.id,
                slug: s.slug,
                title: s.title,
                status: s.status,
                version: s.version,
                public_url: s.public_url,
            })
            .collect(),
    ))
}

pub async fn create(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<CreateBody>,
) -> Result<(StatusCode, Json<SurveyBody>), ApiError> {
    let source = match (body.template, body.definition) {
        (Some(template), None) => SurveySource::Template(template),
        (None, Some(definition)) => SurveySource::Definition(definition),
        (None, None) => SurveySource::Blank,
        (Some(_), Some(_)) => {
            return Err(ApiError(app::error::AppError::invalid(
                "template",
                "Send either a template or a definition, not both.",
            )));
        }
    };
    let summary = state
        .backend
        .create_survey(&caller, source, body.title.as_deref())
        .await?;
    let detail = state.backend.survey(&caller, summary.id).await?;
    Ok((StatusCode::CREATED, Json(detail.into())))
}

pub async fn show(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SurveyBody>, ApiError> {
    Ok(Json(state.backend.survey(&caller, id).await?.into()))
}

/// Replaces the draft's questions; the title stays as it is.
pub async fn replace_definition(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(definition): ApiJson<Definition>,
) -> Result<Json<SurveyBody>, ApiError> {
    let current = state.backend.survey(&caller, id).await?;
    let saved = state
        .backend
        .save_survey(&caller, id, &current.summary.title, definition)
        .await?;
    Ok(Json(saved.into()))
}

pub async fn publish(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SurveyBody>, ApiError> {
    Ok(Json(
        state.backend.publish_survey(&caller, id).await?.into(),
    ))
}

pub async fn close(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SurveyBody>, ApiError> {
    Ok(Json(state.backend.close_survey(&caller, id).await?.into()))
}

//! `/api/v1/surveys`: list, create (from the template or a definition), read, replace the draft,
//! publish, close. Each handler is one backend call.

use super::ApiCaller;
use super::openapi::TokenErrors;
use super::wire::{CreateSurvey, Survey, SurveyListItem};
use crate::state::AppState;
use crate::web::HttpError;
use crate::web::error::ErrorBody;
use app::backend::{SurveySource, Surveys};
use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Path, State};
use axum::http::StatusCode;
use domain::survey::Definition;

/// JSON bodies whose rejection is an API error in the documented shape.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(HttpError))]
pub struct ApiJson<T>(pub T);

/// Path parameters whose rejection (a non-numeric id) is a 404 in the documented shape.
#[derive(FromRequestParts)]
#[from_request(via(Path), rejection(HttpError))]
pub struct ApiPath<T>(pub T);

/// The organisation's surveys, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/surveys",
    operation_id = "listSurveys",
    responses((status = 200, description = "The surveys.", body = Vec<SurveyListItem>), TokenErrors)
)]
pub async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<SurveyListItem>>, HttpError> {
    let surveys = state.backend.list_surveys(&caller).await?;
    Ok(Json(
        surveys.into_iter().map(SurveyListItem::from).collect(),
    ))
}

/// Create a survey from a template, from a definition, or blank. Needs an owner or editor token.
#[utoipa::path(
    post,
    path = "/api/v1/surveys",
    operation_id = "createSurvey",
    request_body = CreateSurvey,
    responses(
        (status = 201, description = "The new draft survey.", body = Survey),
        (status = 422, description = "An unknown template or an invalid definition (code `invalid_request`; `details` lists each problem).", body = ErrorBody),
        TokenErrors
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<CreateSurvey>,
) -> Result<(StatusCode, Json<Survey>), HttpError> {
    let source = match (body.template, body.definition) {
        (Some(template), None) => SurveySource::Template(template),
        (None, Some(definition)) => SurveySource::Definition(definition),
        (None, None) => SurveySource::Blank,
        (Some(_), Some(_)) => {
            return Err(HttpError::from(app::error::AppError::invalid(
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

/// One survey with its current draft definition.
#[utoipa::path(
    get,
    path = "/api/v1/surveys/{id}",
    operation_id = "getSurvey",
    params(("id" = i64, Path, description = "The survey's id.")),
    responses((status = 200, description = "The survey.", body = Survey), TokenErrors)
)]
pub async fn show(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Survey>, HttpError> {
    Ok(Json(state.backend.survey(&caller, id).await?.into()))
}

/// Replace the draft's questions; the title stays. Published versions are unchanged until the
/// next publish.
#[utoipa::path(
    put,
    path = "/api/v1/surveys/{id}/definition",
    operation_id = "replaceDefinition",
    params(("id" = i64, Path, description = "The survey's id.")),
    request_body = Definition,
    responses(
        (status = 200, description = "The survey with its new draft.", body = Survey),
        (status = 422, description = "An invalid definition (code `invalid_request`).", body = ErrorBody),
        TokenErrors
    )
)]
pub async fn replace_definition(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(definition): ApiJson<Definition>,
) -> Result<Json<Survey>, HttpError> {
    let current = state.backend.survey(&caller, id).await?;
    let saved = state
        .backend
        .save_survey(&caller, id, &current.summary.title, definition)
        .await?;
    Ok(Json(saved.into()))
}

/// Freeze the draft as the next version (if it changed) and accept answers.
#[utoipa::path(
    post,
    path = "/api/v1/surveys/{id}/publish",
    operation_id = "publishSurvey",
    params(("id" = i64, Path, description = "The survey's id.")),
    responses(
        (status = 200, description = "The published survey.", body = Survey),
        (status = 422, description = "The draft cannot be published, e.g. it has no questions.", body = ErrorBody),
        TokenErrors
    )
)]
pub async fn publish(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Survey>, HttpError> {
    Ok(Json(
        state.backend.publish_survey(&caller, id).await?.into(),
    ))
}

/// Stop accepting answers. Publishing again reopens it.
#[utoipa::path(
    post,
    path = "/api/v1/surveys/{id}/close",
    operation_id = "closeSurvey",
    params(("id" = i64, Path, description = "The survey's id.")),
    responses(
        (status = 200, description = "The closed survey.", body = Survey),
        (status = 409, description = "Only a published survey can be closed (code `conflict`).", body = ErrorBody),
        TokenErrors
    )
)]
pub async fn close(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Survey>, HttpError> {
    Ok(Json(state.backend.close_survey(&caller, id).await?.into()))
}

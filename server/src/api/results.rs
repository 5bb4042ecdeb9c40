//! `/api/v1/surveys/{id}/results`, `…/charts/{chart}.svg|png`, `…/responses.csv`,
//! `…/codebook.csv` and `…/figures.csv`: every figure of the dashboard as JSON, its charts, and
//! the exports, with the dashboard's filters as query parameters
//! (`segment.<question id>=<choice id>`, `from`, `to` as `YYYY-MM-DD`). Every role may read them.

use super::ApiCaller;
use super::openapi::TokenErrors;
use super::surveys::ApiPath;
use super::wire::results::Results;
use crate::state::AppState;
use crate::web::HttpError;
use crate::web::error::ErrorBody;
use crate::web::{chart_download, chart_file, export_file};
use app::backend::Insights;
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::response::Response;

/// The dashboard's filters, as query parameters. Unknown keys and empty values are ignored.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct Filter {
    /// Only respondents who chose this choice id in this segment question; repeat the
    /// parameter for several segments, which must all match.
    #[serde(rename = "segment.{question id}")]
    segment: Option<String>,
    /// First day, inclusive (UTC, YYYY-MM-DD).
    #[param(format = Date)]
    from: Option<String>,
    /// Last day, inclusive (UTC, YYYY-MM-DD).
    #[param(format = Date)]
    to: Option<String>,
}

/// Every figure of the survey's dashboard, each with its n and, where one exists, its 95%
/// interval. Any role.
#[utoipa::path(
    get,
    path = "/api/v1/surveys/{id}/results",
    operation_id = "getResults",
    params(("id" = i64, Path, description = "The survey's id."), Filter),
    responses(
        (status = 200, description = "The figures.", body = Results),
        (status = 422, description = "A filter names no segment of the survey, or a date is not YYYY-MM-DD (code `invalid_request`).", body = ErrorBody),
        TokenErrors
    )
)]
pub async fn results(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    RawQuery(query): RawQuery,
) -> Result<Json<Results>, HttpError> {
    let query = domain::results_query::ResultsQuery::parse(query.as_deref().unwrap_or_default());
    Ok(Json(
        state.backend.results(&caller, id, query).await?.into(),
    ))
}

/// Every response as one CSV row (rankings as the rank of each item and the item in each
/// place), streamed. Cells starting with = + - @ or a tab are prefixed with '. Same filters as
/// the results.
#[utoipa::path(
    get,
    path = "/api/v1/surveys/{id}/responses.csv",
    operation_id = "exportResponses",
    params(("id" = i64, Path, description = "The survey's id."), Filter),
    responses(
        (status = 200, description = "CSV, UTF-8.", content_type = "text/csv", body = String),
        (status = 422, description = "A filter names no segment of the survey, or a date is not YYYY-MM-DD (code `invalid_request`).", body = ErrorBody),
        TokenErrors
    )
)]
pub async fn responses_csv(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    query: RawQuery,
) -> Result<Response, HttpError> {
    export_file(&state, &caller, id, "responses.csv", query).await
}

/// Describes every column of responses.csv and every code in it.
#[utoipa::path(
    get,
    path = "/api/v1/surveys/{id}/codebook.csv",
    operation_id = "exportCodebook",
    params(("id" = i64, Path, description = "The survey's id.")),
    responses((status = 200, description = "CSV, UTF-8.", content_type = "text/csv", body = String), TokenErrors)
)]
pub async fn codebook_csv(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, HttpError> {
    export_file(&state, &caller, id, "codebook.csv", RawQuery(None)).await
}

/// Every figure of the dashboard as CSV (section, question, what, figure, value, low, high, n).
/// Same filters as the results.
#[utoipa::path(
    get,
    path = "/api/v1/surveys/{id}/figures.csv",
    operation_id = "exportFigures",
    params(("id" = i64, Path, description = "The survey's id."), Filter),
    responses(
        (status = 200, description = "CSV, UTF-8.", content_type = "text/csv", body = String),
        (status = 422, description = "A filter names no segment of the survey, or a date is not YYYY-MM-DD (code `invalid_request`).", body = ErrorBody),
        TokenErrors
    )
)]
pub async fn figures_csv(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    query: RawQuery,
) -> Result<Response, HttpError> {
    export_file(&state, &caller, id, "figures.csv", query).await
}

/// One chart of the dashboard, drawn from the same figures with the same filters: SVG for the
/// web, PNG for slides. The results list each chart's address under `charts`.
#[utoipa::path(
    get,
    path = "/api/v1/surveys/{id}/charts/{file}",
    operation_id = "getChart",
    params(
        ("id" = i64, Path, description = "The survey's id."),
        ("file" = String, Path, description = "`<chart>.svg` or `<chart>.png`, the chart named as in the results' `charts`."),
        Filter
    ),
    responses(
        (status = 200, description = "The chart.", content((String = "image/svg+xml"), (Vec<u8> = "image/png"))),
        (status = 422, description = "A filter names no segment of the survey, or a date is not YYYY-MM-DD (code `invalid_request`).", body = ErrorBody),
        TokenErrors
    )
)]
pub async fn chart(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath((id, file)): ApiPath<(i64, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, HttpError> {
    let (name, format) = chart_file(&file)?;
    let query = domain::results_query::ResultsQuery::parse(query.as_deref().unwrap_or_default());
    let chart = state.backend.chart(&caller, id, query, &name).await?;
    chart_download(chart, &format!("survey-{id}-{name}"), format).await
}

//! `/api/v1/surveys/{id}/results`, `…/responses.csv` and `…/codebook.csv`: every figure of the
//! dashboard as JSON, and the exports, with the dashboard's filters as query parameters
//! (`segment.<question id>=<choice id>`, `from`, `to` as `YYYY-MM-DD`). Every role may read them.

use super::surveys::ApiPath;
use super::{ApiCaller, ApiError};
use crate::export::export;
use crate::state::AppState;
use app::api::results::SurveyResults;
use app::backend::Insights;
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::response::Response;

pub async fn results(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    RawQuery(query): RawQuery,
) -> Result<Json<SurveyResults>, ApiError> {
    let query = app::api::results::ResultsQuery::parse(query.as_deref().unwrap_or_default());
    Ok(Json(state.backend.results(&caller, id, query).await?))
}

pub async fn responses_csv(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    RawQuery(query): RawQuery,
) -> Response {
    export(
        &state,
        &caller,
        id,
        "responses.csv",
        query.as_deref().unwrap_or_default(),
    )
    .await
}

pub async fn codebook_csv(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
) -> Response {
    export(&state, &caller, id, "codebook.csv", "").await
}

pub async fn figures_csv(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    RawQuery(query): RawQuery,
) -> Response {
    export(
        &state,
        &caller,
        id,
        "figures.csv",
        query.as_deref().unwrap_or_default(),
    )
    .await
}

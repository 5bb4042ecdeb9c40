//! A member's downloads from a survey's results page, with the page's filters in the query:
//! `responses.csv`, `codebook.csv`, `figures.csv` (`?format=excel` for Excel) and every chart as
//! SVG or PNG.

use super::{HttpError, SessionCaller};
use crate::backend::{ChartName, CsvFile};
use crate::export::Flavour;
use crate::state::AppState;
use app::api::results::ResultsQuery;
use app::error::AppError;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum_extra::response::Attachment;

/// A CSV as a download that is never cached.
pub fn csv_download(file: CsvFile<impl Into<Body>>) -> Response {
    let mut response = Attachment::new(file.content.into())
        .filename(file.file_name)
        .content_type("text/csv; charset=utf-8")
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `responses.csv`, `codebook.csv` or `figures.csv` of one survey, for the caller, filtered like
/// the dashboard; the JSON API's CSV routes answer through here too.
pub async fn export_file(
    state: &AppState,
    caller: &app::backend::Caller,
    id: i64,
    file: &str,
    raw_query: &str,
) -> Result<Response, HttpError> {
    let flavour = Flavour::from_query(raw_query);
    let query = ResultsQuery::parse(raw_query);
    let backend = &state.backend;
    Ok(match file {
        "responses.csv" => {
            let file = backend.responses_csv(caller, id, &query, flavour).await?;
            csv_download(CsvFile {
                file_name: file.file_name,
                content: Body::from_stream(file.content),
            })
        }
        "codebook.csv" => csv_download(backend.codebook_csv(caller, id, flavour).await?),
        "figures.csv" => csv_download(backend.figures_csv(caller, id, query, flavour).await?),
        _ => return Err(AppError::NotFound("There is no such download.".into()).into()),
    })
}

/// `GET /surveys/{id}/{file}`.
pub async fn export(
    State(state): State<AppState>,
    SessionCaller(caller): SessionCaller,
    Path((id, file)): Path<(i64, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, HttpError> {
    export_file(
        &state,
        &caller,
        id,
        &file,
        query.as_deref().unwrap_or_default(),
    )
    .await
}

/// `GET /surveys/{id}/charts/{name}.svg` or `.png`, with the page's filters.
pub async fn chart(
    State(state): State<AppState>,
    SessionCaller(caller): SessionCaller,
    Path((id, file)): Path<(i64, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, HttpError> {
    let no_such = || HttpError::from(AppError::NotFound("There is no such chart.".into()));
    let (name, format) = file.rsplit_once('.').ok_or_else(no_such)?;
    let chart_name = ChartName::parse(name).ok_or_else(no_such)?;
    let query = ResultsQuery::parse(query.as_deref().unwrap_or_default());
    let chart = state.backend.chart(&caller, id, query, &chart_name).await?;
    let file_name = format!("survey-{id}-{chart_name}.{format}");
    match format {
        "svg" => Ok(Attachment::new(chart.svg())
            .filename(file_name)
            .content_type("image/svg+xml")
            .into_response()),
        "png" => {
            let bytes = tokio::task::spawn_blocking(move || chart.png())
                .await
                .map_err(|e| crate::backend::internal("drawing a chart", e))?
                .map_err(|e| crate::backend::internal("drawing a chart", e))?;
            Ok(Attachment::new(bytes)
                .filename(file_name)
                .content_type("image/png")
                .into_response())
        }
        _ => Err(no_such()),
    }
}

//! A member's downloads from a survey's results page, with the page's filters in the query:
//! `responses.csv`, `codebook.csv`, `figures.csv` (`?format=excel` for Excel) and every chart as
//! SVG or PNG — the charts the page itself shows as images, a shared view's through its link.

use super::{HttpError, SessionCaller};
use crate::backend::{ChartName, CsvFile};
use crate::export::Flavour;
use crate::pictures::charts::Chart;
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
    RawQuery(raw_query): RawQuery,
) -> Result<Response, HttpError> {
    let raw_query = raw_query.as_deref().unwrap_or_default();
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
    query: RawQuery,
) -> Result<Response, HttpError> {
    export_file(&state, &caller, id, &file, query).await
}

/// A chart's file name, `<chart>.svg` or `<chart>.png`, read as the chart and its format.
pub fn chart_file(file: &str) -> Result<(ChartName, ChartFormat), HttpError> {
    let no_such = || HttpError::from(AppError::NotFound("There is no such chart.".into()));
    let (name, format) = file.rsplit_once('.').ok_or_else(no_such)?;
    let format = match format {
        "svg" => ChartFormat::Svg,
        "png" => ChartFormat::Png,
        _ => return Err(no_such()),
    };
    Ok((ChartName::parse(name).ok_or_else(no_such)?, format))
}

/// How a chart is sent: SVG for the page and the web, PNG for slides.
#[derive(Clone, Copy)]
pub enum ChartFormat {
    Svg,
    Png,
}

/// The chart as a file named `<file_stem>.svg` or `.png`; private to whoever may see it, so never
/// stored by a browser or a cache (a page shown again asks again; the figures are kept).
pub async fn chart_download(
    chart: Chart,
    file_stem: &str,
    format: ChartFormat,
) -> Result<Response, HttpError> {
    let (bytes, extension, content_type) = match format {
        ChartFormat::Svg => (chart.svg().into_bytes(), "svg", "image/svg+xml"),
        ChartFormat::Png => (
            tokio::task::spawn_blocking(move || chart.png())
                .await
                .map_err(|e| crate::backend::internal("drawing a chart", e))?
                .map_err(|e| crate::backend::internal("drawing a chart", e))?,
            "png",
            "image/png",
        ),
    };
    let mut response = Attachment::new(bytes)
        .filename(format!("{file_stem}.{extension}"))
        .content_type(content_type)
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `GET /surveys/{id}/charts/{chart}.svg` or `.png`, with the page's filters.
pub async fn chart(
    State(state): State<AppState>,
    SessionCaller(caller): SessionCaller,
    Path((id, file)): Path<(i64, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, HttpError> {
    let (name, format) = chart_file(&file)?;
    let query = ResultsQuery::parse(query.as_deref().unwrap_or_default());
    let chart = state.backend.chart(&caller, id, query, &name).await?;
    chart_download(chart, &format!("survey-{id}-{name}"), format).await
}

/// `GET /r/{token}/charts/{chart}.svg` or `.png`: a chart of a shared view, counts under 5
/// hidden as on the shared page.
pub async fn shared_chart(
    State(state): State<AppState>,
    Path((token, file)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, HttpError> {
    let (name, format) = chart_file(&file)?;
    let query = ResultsQuery::parse(query.as_deref().unwrap_or_default());
    let chart = state.backend.shared_chart(&token, query, &name).await?;
    chart_download(chart, &name.to_string(), format).await
}

//! CSV exports: every response as one row over every version answered (see `layout`), a codebook
//! describing every column and code, and every figure of the dashboard (`figures`). Responses are
//! streamed page by page, so an export of any size holds one page in memory. Every cell of every
//! CSV is protected from running as a formula (`cells`), and each comes plain or Excel-friendly.

mod cells;
mod figures;
mod layout;

pub use cells::{CsvOut, Flavour, csv_file, protect};
pub use figures::figures_csv;
pub use layout::{Column, Layout};

use crate::state::AppState;
use crate::storage::{ResponseFilter, Store};
use app::domain::survey::Definition;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Responses per page of an export.
const PAGE: i64 = 500;

pub fn overlap_label(level: usize) -> String {
    app::components::question_view::OVERLAP_LEVELS
        .get(level - 1)
        .map_or(String::new(), |s| (*s).to_owned())
}

/// The codebook: one row per column (with the versions that had it), and one more per code of a
/// coded column.
pub fn codebook(layout: &Layout, flavour: Flavour) -> Result<Vec<u8>, csv::Error> {
    let mut records = vec![
        [
            "column",
            "question",
            "versions",
            "description",
            "code",
            "label",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for c in layout.columns() {
        let versions = c
            .versions
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(" ");
        records.push(vec![
            c.name.clone(),
            c.question.clone(),
            versions.clone(),
            c.description.clone(),
            String::new(),
            String::new(),
        ]);
        for (code, label) in &c.codes {
            records.push(vec![
                c.name.clone(),
                c.question.clone(),
                versions.clone(),
                String::new(),
                code.clone(),
                label.clone(),
            ]);
        }
    }
    csv_file(flavour, records)
}

/// The responses CSV as a stream: the header at once, then one page of rows at a time.
pub fn responses_stream(
    store: Arc<dyn Store>,
    survey_id: i64,
    filter: ResponseFilter,
    layout: Layout,
    flavour: Flavour,
) -> Body {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::spawn(async move {
        let header: Vec<String> = layout.columns().into_iter().map(|c| c.name).collect();
        let mut chunk = csv_file(flavour, [header]);
        let mut after = 0;
        loop {
            let bytes = match chunk {
                Ok(bytes) => bytes,
                Err(error) => {
                    let _ = sender.send(Err(std::io::Error::other(error))).await;
                    return;
                }
            };
            if !bytes.is_empty() && sender.send(Ok(Bytes::from(bytes))).await.is_err() {
                return; // The download was cancelled.
            }
            let page = match store.export_page(survey_id, &filter, after, PAGE).await {
                Ok(page) if page.is_empty() => return,
                Ok(page) => page,
                Err(error) => {
                    tracing::error!(%error, "exporting responses");
                    let _ = sender
                        .send(Err(std::io::Error::other(error.to_string())))
                        .await;
                    return;
                }
            };
            after = page.last().map_or(after, |r| r.id);
            let mut out = CsvOut::new(flavour);
            chunk = page
                .iter()
                .try_for_each(|r| out.row(layout.row(r)))
                .and_then(|()| out.into_bytes());
        }
    });
    Body::from_stream(tokio_stream_from(receiver))
}

/// The layout of a survey's export: every version that has responses, or — before the first
/// response — the questions its results are read by.
pub async fn export_layout(
    state: &AppState,
    survey_id: i64,
    current_version: Option<i64>,
    current: &Definition,
) -> Result<Layout, app::error::AppError> {
    let answered = state
        .store
        .answered_versions(survey_id)
        .await
        .map_err(|e| crate::backend::internal_error("listing a survey's answered versions", e))?;
    if answered.is_empty() {
        // Version 0 stands for the draft of a survey never published.
        return Ok(Layout::of(&[(
            current_version.unwrap_or(0),
            current.clone(),
        )]));
    }
    let mut versions = Vec::with_capacity(answered.len());
    for version in answered {
        let definition = state
            .backend
            .published_definition(survey_id, version)
            .await?;
        versions.push((version, definition));
    }
    Ok(Layout::of(&versions))
}

fn tokio_stream_from(
    mut receiver: tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx))
}

pub fn csv_response(body: Body, filename: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// Session-authenticated downloads for the results page: `GET /surveys/{id}/{file}` with
/// `responses.csv` or `codebook.csv`, filtered like the page (`segment`, `from`, `to`).
pub async fn download(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Path((id, file)): axum::extract::Path<(i64, String)>,
    headers: axum::http::HeaderMap,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Response {
    let Some(caller) = crate::logos::session_caller(&state, &headers).await else {
        return axum::response::Redirect::to("/login").into_response();
    };
    export(
        &state,
        &caller,
        id,
        &file,
        query.as_deref().unwrap_or_default(),
    )
    .await
}

/// `responses.csv`, `codebook.csv` or `figures.csv` of one survey for the caller, filtered like
/// the dashboard; `format=excel` in the query asks for the Excel-friendly flavour.
pub async fn export(
    state: &AppState,
    caller: &app::backend::Caller,
    id: i64,
    file: &str,
    raw_query: &str,
) -> Response {
    let refused = |e: app::error::AppError| {
        let status = axum::http::StatusCode::from_u16(e.status_code())
            .unwrap_or(axum::http::StatusCode::BAD_REQUEST);
        (status, e.to_string()).into_response()
    };
    let flavour = Flavour::from_query(raw_query);
    let (row, definition) = match state.backend.results_definition(caller, id).await {
        Ok(found) => found,
        Err(e) => return refused(e),
    };
    let stem = |name: &str| flavour.file_name(&format!("survey-{id}-{name}"));
    match file {
        "codebook.csv" => {
            let layout =
                match export_layout(state, row.id, row.published_version, &definition).await {
                    Ok(layout) => layout,
                    Err(e) => return refused(e),
                };
            match codebook(&layout, flavour) {
                Ok(bytes) => csv_response(Body::from(bytes), &stem("codebook")),
                Err(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
        }
        "figures.csv" => {
            use app::backend::Insights;
            match state
                .backend
                .results(
                    caller,
                    id,
                    app::api::results::ResultsQuery::parse(raw_query),
                )
                .await
            {
                Ok(results) => match figures_csv(&results, flavour) {
                    Ok(bytes) => csv_response(Body::from(bytes), &stem("figures")),
                    Err(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
                },
                Err(e) => refused(e),
            }
        }
        "responses.csv" => {
            let filter = match crate::backend::parse_filter(
                &definition,
                &app::api::results::ResultsQuery::parse(raw_query),
            ) {
                Ok(filter) => filter,
                Err(e) => return refused(e),
            };
            let layout =
                match export_layout(state, row.id, row.published_version, &definition).await {
                    Ok(layout) => layout,
                    Err(e) => return refused(e),
                };
            csv_response(
                responses_stream(state.store.clone(), row.id, filter, layout, flavour),
                &stem("responses"),
            )
        }
        _ => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

//! CSV exports: every response as one row (rankings both as the rank of each item and as the item
//! in each place), a codebook describing every column and code, streamed page by page so an
//! export of any size holds one page in memory. Cells that a spreadsheet would run as a formula
//! (starting with = + - @ or a tab) are neutralised.

use crate::state::AppState;
use crate::storage::{ExportedResponse, ResponseFilter, Store};
use app::domain::survey::{Definition, QuestionKind};
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Responses per page of an export.
const PAGE: i64 = 500;

/// One column of the responses CSV, as the codebook describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub question: String,
    pub description: String,
    /// (code, label) for coded columns.
    pub codes: Vec<(String, String)>,
}

fn column(
    name: String,
    question: &str,
    description: String,
    codes: Vec<(String, String)>,
) -> Column {
    Column {
        name,
        question: question.to_owned(),
        description,
        codes,
    }
}

/// The columns of a survey's export, in order.
pub fn columns(definition: &Definition) -> Vec<Column> {
    let mut columns = vec![
        column(
            "response_id".into(),
            "",
            "Kindred's id of the response".into(),
            Vec::new(),
        ),
        column(
            "submitted_at".into(),
            "",
            "When it was stored (UTC, ISO 8601)".into(),
            Vec::new(),
        ),
        column(
            "version".into(),
            "",
            "The survey version answered".into(),
            Vec::new(),
        ),
    ];
    for q in &definition.questions {
        let id = q.id.as_str();
        match &q.kind {
            QuestionKind::Ranking { items, .. } => {
                let places: Vec<(String, String)> = (1..=items.len())
                    .map(|p| (p.to_string(), format!("place {p}")))
                    .collect();
                for item in items {
                    columns.push(column(
                        format!("{id}.rank.{}", item.id),
                        id,
                        format!(
                            "{} — place given to “{}” (1 = most important; empty = not ranked)",
                            q.prompt, item.label
                        ),
                        places.clone(),
                    ));
                }
                let codes: Vec<(String, String)> = items
                    .iter()
                    .map(|i| (i.id.clone(), i.label.clone()))
                    .collect();
                for p in 1..=items.len() {
                    columns.push(column(
                        format!("{id}.place{p}"),
                        id,
                        format!("{} — the item ranked in place {p}", q.prompt),
                        codes.clone(),
                    ));
                }
            }
            QuestionKind::Likert {
                points,
                low_label,
                high_label,
                items,
                ..
            } => {
                let codes: Vec<(String, String)> = (1..=*points)
                    .map(|p| {
                        let label = if p == 1 {
                            low_label.clone()
                        } else if p == *points {
                            high_label.clone()
                        } else {
                            String::new()
                        };
                        (p.to_string(), label)
                    })
                    .collect();
                for item in items {
                    let reverse = if item.reverse {
                        " (reverse-keyed: stored as answered)"
                    } else {
                        ""
                    };
                    columns.push(column(
                        format!("{id}.{}", item.id),
                        id,
                        format!("{} — “{}”{reverse}", q.prompt, item.label),
                        codes.clone(),
                    ));
                }
            }
            QuestionKind::Overlap => columns.push(column(
                id.into(),
                id,
                format!("{} (1 = apart … 7 = almost one)", q.prompt),
                (1..=7)
                    .map(|p| (p.to_string(), crate::export::overlap_label(p)))
                    .collect(),
            )),
            QuestionKind::Nps => columns.push(column(
                id.into(),
                id,
                format!("{} (0–10)", q.prompt),
                Vec::new(),
            )),
            QuestionKind::SingleChoice { choices, .. } => columns.push(column(
                id.into(),
                id,
                q.prompt.clone(),
                choices
                    .iter()
                    .map(|c| (c.id.clone(), c.label.clone()))
                    .collect(),
            )),
            QuestionKind::MultipleChoice { choices, other, .. } => {
                for c in choices {
                    columns.push(column(
                        format!("{id}.{}", c.id),
                        id,
                        format!("{} — chose “{}”", q.prompt, c.label),
                        vec![
                            ("1".into(), "chosen".into()),
                            ("0".into(), "not chosen".into()),
                        ],
                    ));
                }
                if *other {
                    columns.push(column(
                        format!("{id}.other"),
                        id,
                        format!("{} — the text of “Other”", q.prompt),
                        Vec::new(),
                    ));
                }
            }
            QuestionKind::Text { .. } => {
                columns.push(column(id.into(), id, q.prompt.clone(), Vec::new()))
            }
        }
    }
    columns
}

pub fn overlap_label(level: usize) -> String {
    app::components::question_view::OVERLAP_LEVELS
        .get(level - 1)
        .map_or(String::new(), |s| (*s).to_owned())
}

/// A cell a spreadsheet will show as text, never run as a formula.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// One response's cells, in the order of `columns`.
pub fn row(definition: &Definition, response: &ExportedResponse) -> Vec<String> {
    let time = chrono::DateTime::from_timestamp(response.submitted_at, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default();
    let mut cells = vec![response.id.to_string(), time, response.version.to_string()];
    let value = |q: &str, item: &str| {
        response
            .values
            .iter()
            .find(|(qq, i, _)| qq == q && i == item)
            .map(|(_, _, v)| v.to_string())
            .unwrap_or_default()
    };
    for q in &definition.questions {
        let id = q.id.as_str();
        match &q.kind {
            QuestionKind::Ranking { items, .. } => {
                let rank_of = |item: &str| {
                    response
                        .ranks
                        .iter()
                        .find(|(qq, i, _)| qq == id && i == item)
                        .map(|(_, _, r)| *r)
                };
                for item in items {
                    cells.push(rank_of(&item.id).map(|r| r.to_string()).unwrap_or_default());
                }
                for p in 1..=items.len() as i64 {
                    cells.push(
                        response
                            .ranks
                            .iter()
                            .find(|(qq, _, r)| qq == id && *r == p)
                            .map(|(_, i, _)| i.clone())
                            .unwrap_or_default(),
                    );
                }
            }
            QuestionKind::Likert { items, .. } => items
                .iter()
                .for_each(|item| cells.push(value(id, &item.id))),
            QuestionKind::Overlap | QuestionKind::Nps => cells.push(value(id, "")),
            QuestionKind::SingleChoice { .. } => cells.push(
                response
                    .choices
                    .iter()
                    .find(|(qq, _, _)| qq == id)
                    .map(|(_, c, _)| neutralise(c))
                    .unwrap_or_default(),
            ),
            QuestionKind::MultipleChoice { choices, other, .. } => {
                let answered = response.choices.iter().any(|(qq, _, _)| qq == id);
                for c in choices {
                    let chosen = response
                        .choices
                        .iter()
                        .any(|(qq, cc, _)| qq == id && *cc == c.id);
                    cells.push(if !answered {
                        String::new()
                    } else if chosen {
                        "1".into()
                    } else {
                        "0".into()
                    });
                }
                if *other {
                    cells.push(
                        response
                            .choices
                            .iter()
                            .find(|(qq, cc, _)| qq == id && cc == "other")
                            .and_then(|(_, _, t)| t.as_deref())
                            .map(neutralise)
                            .unwrap_or_default(),
                    );
                }
            }
            QuestionKind::Text { .. } => cells.push(
                response
                    .texts
                    .iter()
                    .find(|(qq, _)| qq == id)
                    .map(|(_, t)| neutralise(t))
                    .unwrap_or_default(),
            ),
        }
    }
    cells
}

fn csv_bytes(records: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in records {
        writer.write_record(record)?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// The codebook: one row per column, and one more per code of a coded column.
pub fn codebook(definition: &Definition) -> Result<Vec<u8>, csv::Error> {
    let mut records = vec![vec![
        "column".to_owned(),
        "question".into(),
        "description".into(),
        "code".into(),
        "label".into(),
    ]];
    for c in columns(definition) {
        records.push(vec![
            c.name.clone(),
            c.question.clone(),
            neutralise(&c.description),
            String::new(),
            String::new(),
        ]);
        for (code, label) in &c.codes {
            records.push(vec![
                c.name.clone(),
                c.question.clone(),
                String::new(),
                neutralise(code),
                neutralise(label),
            ]);
        }
    }
    csv_bytes(&records)
}

/// The responses CSV as a stream: the header at once, then one page of rows at a time.
pub fn responses_stream(
    store: Arc<dyn Store>,
    survey_id: i64,
    filter: ResponseFilter,
    definition: Definition,
) -> Body {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::spawn(async move {
        let header: Vec<String> = columns(&definition).into_iter().map(|c| c.name).collect();
        let mut chunk = csv_bytes(&[header]);
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
            let rows: Vec<Vec<String>> = page.iter().map(|r| row(&definition, r)).collect();
            chunk = csv_bytes(&rows);
        }
    });
    Body::from_stream(tokio_stream_from(receiver))
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

/// The filters of a results URL: `segment=q=c` (repeatable) or `segment.q=c`, `from`, `to`.
pub fn query_from_pairs(raw: &str) -> app::api::results::ResultsQuery {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw).unwrap_or_default();
    let mut query = app::api::results::ResultsQuery::default();
    for (key, value) in pairs {
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "from" => query.from = Some(value),
            "to" => query.to = Some(value),
            "segment" => {
                if let Some((q, c)) = value.split_once('=').filter(|(_, c)| !c.is_empty()) {
                    query.segments.push((q.to_owned(), c.to_owned()));
                }
            }
            other => {
                if let Some(q) = other.strip_prefix("segment.") {
                    query.segments.push((q.to_owned(), value));
                }
            }
        }
    }
    query
}

/// Every figure of the dashboard as CSV rows: section, question, what, figure, value, 95% interval,
/// n — the same numbers the page shows, for spreadsheets and board packs.
pub fn figures_csv(results: &app::api::results::SurveyResults) -> Result<Vec<u8>, csv::Error> {
    use app::api::results::Interval;
    let mut records: Vec<Vec<String>> = vec![
        [
            "section", "question", "what", "figure", "value", "low", "high", "n",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    let mut push = |section: &str,
                    question: &str,
                    what: &str,
                    figure: &str,
                    e: Option<Interval>,
                    value: Option<f64>,
                    n: u64| {
        let (value, low, high) = match (e, value) {
            (Some(e), _) => (e.value.to_string(), e.low.to_string(), e.high.to_string()),
            (None, Some(v)) => (v.to_string(), String::new(), String::new()),
            (None, None) => (String::new(), String::new(), String::new()),
        };
        records.push(vec![
            section.into(),
            question.into(),
            neutralise(what),
            figure.into(),
            value,
            low,
            high,
            n.to_string(),
        ]);
    };
    push(
        "responses",
        "",
        "",
        "responses",
        None,
        Some(results.responses as f64),
        results.responses,
    );
    for r in &results.rankings {
        for item in &r.items {
            push(
                "ranking",
                &r.question_id,
                &item.label,
                "first_choice_share",
                item.first_choice,
                None,
                r.n,
            );
            push(
                "ranking",
                &r.question_id,
                &item.label,
                "plackett_luce_worth",
                item.worth,
                None,
                r.n,
            );
            push(
                "ranking",
                &r.question_id,
                &item.label,
                "mean_rank",
                item.mean_rank,
                None,
                r.n,
            );
            for (place, count) in item.places.iter().enumerate() {
                let figure = if place + 1 == item.places.len() {
                    "not_ranked".to_owned()
                } else {
                    format!("place_{}", place + 1)
                };
                push(
                    "ranking",
                    &r.question_id,
                    &item.label,
                    &figure,
                    None,
                    Some(*count as f64),
                    r.n,
                );
            }
        }
    }
    for sc in &results.scales {
        push(
            "scale",
            &sc.question_id,
            &sc.scale,
            "mean_score",
            sc.mean,
            None,
            sc.n,
        );
        push("scale", &sc.question_id, &sc.scale, "sd", None, sc.sd, sc.n);
        push(
            "scale",
            &sc.question_id,
            &sc.scale,
            "cronbach_alpha",
            None,
            sc.alpha,
            sc.alpha_n,
        );
        for (point, count) in sc.distribution.iter().enumerate() {
            push(
                "scale",
                &sc.question_id,
                &sc.scale,
                &format!("score_{}", point + 1),
                None,
                Some(*count as f64),
                sc.n,
            );
        }
    }
    if let Some(o) = &results.overlap {
        push("overlap", &o.question_id, "", "mean", o.mean, None, o.n);
        push(
            "overlap",
            &o.question_id,
            "",
            "share_5_or_more",
            o.share_high,
            None,
            o.n,
        );
        for (level, count) in o.counts.iter().enumerate() {
            push(
                "overlap",
                &o.question_id,
                "",
                &format!("picture_{}", level + 1),
                None,
                Some(*count as f64),
                o.n,
            );
        }
    }
    if let Some(n) = &results.nps {
        push("nps", &n.question_id, "", "nps", Some(n.score), None, n.n);
        push(
            "nps",
            &n.question_id,
            "",
            "promoters",
            None,
            Some(n.promoters as f64),
            n.n,
        );
        push(
            "nps",
            &n.question_id,
            "",
            "passives",
            None,
            Some(n.passives as f64),
            n.n,
        );
        push(
            "nps",
            &n.question_id,
            "",
            "detractors",
            None,
            Some(n.detractors as f64),
            n.n,
        );
    }
    for m in &results.motive {
        push(
            "motive_fit",
            "",
            &m.reason,
            "brand_fit",
            m.brand_fit,
            None,
            m.n,
        );
        push("motive_fit", "", &m.reason, "overlap", m.overlap, None, m.n);
    }
    for c in &results.choices {
        for (_, label, count) in &c.options {
            push(
                "choice",
                &c.question_id,
                label,
                "count",
                None,
                Some(*count as f64),
                *count,
            );
        }
    }
    for (week, count) in &results.weeks {
        push(
            "week",
            "",
            week,
            "responses",
            None,
            Some(*count as f64),
            *count,
        );
    }
    csv_bytes(&records)
}

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
    let (row, definition) = match state.backend.results_definition(caller, id).await {
        Ok(found) => found,
        Err(e) => return refused(e),
    };
    match file {
        "codebook.csv" => match codebook(&definition) {
            Ok(bytes) => csv_response(Body::from(bytes), &format!("survey-{id}-codebook.csv")),
            Err(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        "figures.csv" => {
            use app::backend::Insights;
            match state
                .backend
                .results(caller, id, query_from_pairs(raw_query))
                .await
            {
                Ok(results) => match figures_csv(&results) {
                    Ok(bytes) => {
                        csv_response(Body::from(bytes), &format!("survey-{id}-figures.csv"))
                    }
                    Err(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
                },
                Err(e) => refused(e),
            }
        }
        "responses.csv" => {
            let filter =
                match crate::backend::parse_filter(&definition, &query_from_pairs(raw_query)) {
                    Ok(filter) => filter,
                    Err(e) => return refused(e),
                };
            csv_response(
                responses_stream(state.store.clone(), row.id, filter, definition),
                &format!("survey-{id}-responses.csv"),
            )
        }
        _ => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-2"), "'-2");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("plain"), "plain");
    }

    #[test]
    fn a_ranking_is_exported_both_ways() {
        let definition = app::domain::survey::why_members_join("F");
        let names: Vec<String> = columns(&definition).into_iter().map(|c| c.name).collect();
        assert!(names.contains(&"reasons.rank.identity".to_owned()));
        assert!(names.contains(&"reasons.place1".to_owned()));
        let response = ExportedResponse {
            id: 7,
            submitted_at: 0,
            version: 1,
            ranks: vec![
                ("reasons".into(), "connections".into(), 1),
                ("reasons".into(), "identity".into(), 2),
                ("reasons".into(), "community".into(), 3),
            ],
            texts: vec![("says_about_you".into(), "=cmd()".into())],
            ..Default::default()
        };
        let cells = row(&definition, &response);
        let at = |name: &str| cells[names.iter().position(|n| n == name).unwrap()].clone();
        assert_eq!(at("reasons.rank.identity"), "2");
        assert_eq!(at("reasons.place1"), "connections");
        assert_eq!(at("says_about_you"), "'=cmd()");
        assert_eq!(at("submitted_at"), "1970-01-01T00:00:00Z");
        assert_eq!(cells.len(), names.len());
    }
}

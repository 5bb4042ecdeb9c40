//! CSV exports: every response as one row over every version answered (see `layout`), a codebook
//! describing every column and code, and every figure of the dashboard (`figures`). Responses are
//! streamed page by page, so an export of any size holds one page in memory. Every cell of every
//! CSV is protected from running as a formula (`cells`), and each comes plain or Excel-friendly.
//! Who may export what is the backend's to decide (`backend::exports`); this module only writes.

mod cells;
mod figures;
mod layout;

pub use cells::{CsvOut, Flavour, csv_file, protect};
pub use figures::figures_csv;
pub use layout::{Cell, Column, Layout};

use crate::storage::{ExportedResponse, ResponseFilter, ResponseLines, Store, StoreResult};
use axum::body::Bytes;
use futures_util::Stream;
use std::sync::Arc;
use tokio_stream::wrappers::ReceiverStream;

/// Responses per page of an export.
const PAGE: i64 = 1000;

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

/// The responses CSV as a stream: the header at once, then one page of rows at a time. Three
/// tasks work at once, each a page ahead of the next: one reads pages from the database, one
/// decodes them, one writes them as CSV.
pub fn responses_stream(
    store: Arc<dyn Store>,
    survey_id: i64,
    filter: ResponseFilter,
    layout: Layout,
    flavour: Flavour,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    // Each stage hands on pages, then `Ok(None)` at the end: a stage that stopped without it
    // (it panicked) makes the download fail rather than end short.
    let (read, mut to_decode) = tokio::sync::mpsc::channel::<StoreResult<Option<ResponseLines>>>(2);
    let (decoded, mut to_write) =
        tokio::sync::mpsc::channel::<StoreResult<Option<Vec<ExportedResponse>>>>(2);
    let filter = Arc::new(filter);
    let decoding_filter = filter.clone();
    tokio::spawn(async move {
        let mut after = 0;
        loop {
            let page = store.response_lines(survey_id, &filter, after, PAGE).await;
            let page = match page {
                Ok(Some((lines, last))) => {
                    after = last;
                    Ok(Some(lines))
                }
                other => other.map(|_| None),
            };
            let failed = !matches!(page, Ok(Some(_)));
            // Stops when the download was cancelled or after a failure.
            if read.send(page).await.is_err() || failed {
                return;
            }
        }
    });
    tokio::spawn(async move {
        while let Some(page) = to_decode.recv().await {
            let responses = page.and_then(|lines| {
                lines
                    .map(|lines| lines.responses(&decoding_filter))
                    .transpose()
            });
            let failed = !matches!(responses, Ok(Some(_)));
            if decoded.send(responses).await.is_err() || failed {
                return;
            }
        }
    });
    // A writer that panicked would end the download as if it were complete: say it failed.
    let failure = sender.clone();
    let writer = tokio::spawn(async move {
        let header: Vec<String> = layout.columns().into_iter().map(|c| c.name).collect();
        let mut chunk = csv_file(flavour, [header]).map_err(std::io::Error::other);
        loop {
            let failed = chunk.is_err();
            let sent = match chunk {
                Ok(bytes) if bytes.is_empty() => Ok(()),
                Ok(bytes) => sender.send(Ok(Bytes::from(bytes))).await,
                Err(error) => sender.send(Err(error)).await,
            };
            if sent.is_err() || failed {
                return; // The download was cancelled, or it failed and said so.
            }
            chunk = match to_write.recv().await {
                Some(Ok(None)) => return,
                None => {
                    tracing::error!("exporting responses: a stage stopped early");
                    Err(std::io::Error::other("export failed"))
                }
                Some(Ok(Some(page))) => {
                    let (mut out, mut cells) = (CsvOut::new(flavour), Vec::new());
                    page.iter()
                        .try_for_each(|r| {
                            layout.cells(r, &mut cells);
                            out.cells(&cells)
                        })
                        .and_then(|()| out.into_bytes())
                        .map_err(std::io::Error::other)
                }
                Some(Err(error)) => {
                    tracing::error!(%error, "exporting responses");
                    Err(std::io::Error::other(error.to_string()))
                }
            };
        }
    });
    tokio::spawn(async move {
        if writer.await.is_err() {
            tracing::error!("exporting responses: the CSV writer stopped early");
            let _ = failure
                .send(Err(std::io::Error::other("export failed")))
                .await;
        }
    });
    ReceiverStream::new(receiver)
}

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
pub use layout::{Column, Layout};

use crate::storage::{ResponseFilter, Store};
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

/// The responses CSV as a stream: the header at once, then one page of rows at a time. The next
/// page is read while this one is written out, so the database and the CSV writer work at once.
pub fn responses_stream(
    store: Arc<dyn Store>,
    survey_id: i64,
    filter: ResponseFilter,
    layout: Layout,
    flavour: Flavour,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let filter = Arc::new(filter);
    let read_after = move |after: i64| {
        let (store, filter) = (store.clone(), filter.clone());
        tokio::spawn(async move { store.export_page(survey_id, &filter, after, PAGE).await })
    };
    tokio::spawn(async move {
        let header: Vec<String> = layout.columns().into_iter().map(|c| c.name).collect();
        let mut chunk = csv_file(flavour, [header]);
        let mut next = read_after(0);
        loop {
            let bytes = match chunk {
                Ok(bytes) => bytes,
                Err(error) => {
                    next.abort();
                    let _ = sender.send(Err(std::io::Error::other(error))).await;
                    return;
                }
            };
            if !bytes.is_empty() && sender.send(Ok(Bytes::from(bytes))).await.is_err() {
                next.abort();
                return; // The download was cancelled.
            }
            let page = match next.await {
                Ok(Ok(page)) if page.is_empty() => return,
                Ok(Ok(page)) => page,
                Ok(Err(error)) => {
                    tracing::error!(%error, "exporting responses");
                    let _ = sender
                        .send(Err(std::io::Error::other(error.to_string())))
                        .await;
                    return;
                }
                Err(panicked) => {
                    tracing::error!(%panicked, "exporting responses");
                    let _ = sender
                        .send(Err(std::io::Error::other("export failed")))
                        .await;
                    return;
                }
            };
            next = read_after(page.last().map_or(0, |r| r.id));
            let mut out = CsvOut::new(flavour);
            chunk = page
                .iter()
                .try_for_each(|r| out.row(layout.row(r)))
                .and_then(|()| out.into_bytes());
        }
    });
    ReceiverStream::new(receiver)
}

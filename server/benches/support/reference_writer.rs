//! The reference for durable submissions: the least a server can do and still never lose an
//! acknowledged response. One axum route; each request's body goes to one writer task, which
//! commits whatever has queued in one transaction (group commit) on SQLite in WAL mode with
//! `synchronous=FULL`, one row per response, and only then answers 201. No validation, no
//! sessions, no rate limits: what Kindred's submission path is measured against.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use std::net::SocketAddr;
use tokio::sync::{mpsc, oneshot};

/// One response waiting for the writer, and where to say it is committed.
type Queued = (String, Bytes, oneshot::Sender<i64>);

/// The most responses committed in one transaction.
const BATCH: usize = 1024;

/// Serves `POST /s/{slug}` on a free port over a new database at `file`; answers with the
/// address and a pool for counting what was stored.
pub async fn start(file: &std::path::Path) -> anyhow::Result<(SocketAddr, SqlitePool)> {
    let options = SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full);
    let pool = sqlx::pool::PoolOptions::new()
        .max_connections(2)
        .connect_with(options)
        .await?;
    sqlx::query(
        "CREATE TABLE responses (id INTEGER PRIMARY KEY, survey TEXT NOT NULL, \
         body BLOB NOT NULL, at INTEGER NOT NULL)",
    )
    .execute(&pool)
    .await?;
    let (queue, incoming) = mpsc::channel::<Queued>(BATCH * 4);
    tokio::spawn(write(pool.clone(), incoming));
    let app = Router::new()
        .route("/s/{slug}", post(submit))
        .with_state(queue);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok((addr, pool))
}

async fn submit(
    State(queue): State<mpsc::Sender<Queued>>,
    Path(slug): Path<String>,
    body: Bytes,
) -> (StatusCode, String) {
    let (done, committed) = oneshot::channel();
    if queue.send((slug, body, done)).await.is_err() {
        return (StatusCode::SERVICE_UNAVAILABLE, String::new());
    }
    match committed.await {
        Ok(id) => (StatusCode::CREATED, format!("{{\"id\":{id}}}")),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, String::new()),
    }
}

/// The one writer: waits for a response, takes whatever else has queued, commits them together
/// and answers each. A failed commit answers none (their senders are dropped: 500).
async fn write(pool: SqlitePool, mut incoming: mpsc::Receiver<Queued>) {
    let mut batch = Vec::with_capacity(BATCH);
    while incoming.recv_many(&mut batch, BATCH).await > 0 {
        let Ok(ids) = commit(&pool, &batch).await else {
            batch.clear();
            continue;
        };
        for ((_, _, done), id) in batch.drain(..).zip(ids) {
            let _ = done.send(id);
        }
    }
}

async fn commit(pool: &SqlitePool, batch: &[Queued]) -> sqlx::Result<Vec<i64>> {
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let mut tx = pool.begin().await?;
    let mut ids = Vec::with_capacity(batch.len());
    for (slug, body, _) in batch {
        let id = sqlx::query("INSERT INTO responses (survey, body, at) VALUES (?, ?, ?)")
            .bind(slug)
            .bind(body.as_ref())
            .bind(at)
            .execute(&mut *tx)
            .await?
            .last_insert_rowid();
        ids.push(id);
    }
    tx.commit().await?;
    Ok(ids)
}

//! Reading results: seeds the demo survey with many synthetic responses through the storage layer
//! (each validated and counted into the rollups), then times the dashboard (every figure, segment
//! comparisons and open answers; the charts are drawn apart, each at its own address) with and
//! without segment and date filters — the first view after a restart (a new server process's
//! state: fresh connections, no cached definitions or figures) and later views as responses keep
//! arriving — and the streamed responses CSV with how much memory it adds, beside `sqlite3 -csv`
//! of the same rows as the reference.
//!
//! `cargo bench -p server --bench dashboard` on a temporary SQLite database, or on the database
//! KINDRED_BENCH_DATABASE_URL names (a fresh PostgreSQL database, say). KINDRED_BENCH_RESPONSES,
//! default 100000; KINDRED_BENCH_RUNS views, default 20, each after KINDRED_BENCH_ARRIVING new
//! responses, default 10.

use app::api::results::ResultsQuery;
use app::backend::{Insights, Responses, Submission, SubmittedAnswers};
use futures_util::StreamExt;
use rand::SeedableRng;
use rand::rngs::StdRng;
use server::backend::{Kindred, Policy};
use server::storage::ResponseFilter;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The process's resident memory in KiB (Linux).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

/// The first view of the dashboard, counted afresh, then `runs` views each after `arriving`
/// new responses, as while a survey is live.
async fn time_dashboard(
    kindred: &Kindred,
    seeded: &server::demo::Seeded,
    query: &ResultsQuery,
    runs: u64,
    arriving: u64,
) -> anyhow::Result<(Duration, Vec<Duration>, u64)> {
    let mut rng = StdRng::seed_from_u64(runs);
    let started = Instant::now();
    kindred
        .results(&seeded.owner, seeded.survey_id, query.clone())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let first = started.elapsed();
    let mut times = Vec::new();
    let mut n = 0;
    for _ in 0..runs {
        for _ in 0..arriving {
            kindred
                .submit_response(Submission {
                    slug: seeded.slug.clone(),
                    version: None,
                    answers: SubmittedAnswers::Json(server::demo::synthetic(&mut rng)),
                    invite_code: None,
                    respondent: None,
                    display_name: None,
                    with_card: false,
                })
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        let started = Instant::now();
        let results = kindred
            .results(&seeded.owner, seeded.survey_id, query.clone())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        times.push(started.elapsed());
        n = results.responses;
    }
    times.sort();
    Ok((first, times, n))
}

/// A new backend over a new connection pool, as a restarted server has.
async fn restarted(
    url: &str,
    now: i64,
) -> anyhow::Result<(Arc<dyn server::storage::Store>, Kindred)> {
    let store = server::storage::open(url).await?;
    let kindred = Kindred::with_clock(store.clone(), Policy::default(), Arc::new(move || now));
    Ok((store, kindred))
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let responses = env("KINDRED_BENCH_RESPONSES", 100_000);
    let runs = env("KINDRED_BENCH_RUNS", 20);
    let arriving = env("KINDRED_BENCH_ARRIVING", 10);
    let dir = tempfile::tempdir()?;
    let sqlite_file = dir.path().join("bench.db");
    let url = std::env::var("KINDRED_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", sqlite_file.display()));
    let store = server::storage::open(&url).await?;
    let now = chrono::Utc::now().timestamp();
    let clock = Arc::new(AtomicI64::new(now));
    let kindred = Arc::new(Kindred::with_clock(store.clone(), Policy::default(), {
        let clock = clock.clone();
        Arc::new(move || clock.load(Ordering::Relaxed))
    }));

    let started = Instant::now();
    let seeded = server::demo::seed(&kindred, &clock, u32::try_from(responses)?).await?;
    let seeding = started.elapsed();
    let started = Instant::now();
    let folded = kindred.fold_rollups().await?;
    println!(
        "{}: seeded {responses} responses in {:.1} s ({:.0} per s); folded {folded} rollup deltas in {:.1} s",
        store.kind(),
        seeding.as_secs_f64(),
        responses as f64 / seeding.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    if store.kind() == "postgres" {
        // Autovacuum analyses a table after a million inserts long before anyone reads it; the
        // bench reads at once, so it runs the same ANALYZE itself rather than time plans made
        // without statistics (a bitmap scan and sort of every row where the time index serves).
        let started = Instant::now();
        let pool = sqlx::PgPool::connect(&url).await?;
        sqlx::query("ANALYZE").execute(&pool).await?;
        pool.close().await;
        println!(
            "ANALYZE after seeding, as autovacuum would: {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }

    let month_ago = chrono::DateTime::from_timestamp(now - 28 * 86_400, 0)
        .unwrap_or_default()
        .format("%Y-%m-%d")
        .to_string();
    let volunteers = vec![("member_type".to_owned(), "volunteer".to_owned())];
    let queries = [
        ("all responses", ResultsQuery::default()),
        (
            "volunteers",
            ResultsQuery {
                segments: volunteers.clone(),
                ..ResultsQuery::default()
            },
        ),
        (
            "last four weeks",
            ResultsQuery {
                from: Some(month_ago.clone()),
                ..ResultsQuery::default()
            },
        ),
        (
            "volunteers, last four weeks",
            ResultsQuery {
                segments: volunteers,
                from: Some(month_ago),
                ..ResultsQuery::default()
            },
        ),
    ];
    println!(
        "| dashboard | responses counted | first view after a restart | later views (after {arriving} new responses each): p50 | p95 | max |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, query) in &queries {
        let (_, fresh) = restarted(&url, clock.load(Ordering::Relaxed)).await?;
        let started = Instant::now();
        fresh
            .results(&seeded.owner, seeded.survey_id, query.clone())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let first = started.elapsed();
        let (_, times, n) = time_dashboard(&kindred, &seeded, query, runs, arriving).await?;
        println!(
            "| {name} | {n} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms |",
            first.as_secs_f64() * 1e3,
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.95).as_secs_f64() * 1e3,
            times.last().map_or(0.0, |t| t.as_secs_f64() * 1e3),
        );
    }

    let (_, definition) = kindred
        .results_definition(&seeded.owner, seeded.survey_id)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    // Where the export's time goes: reading and decoding the stored rows alone, a page at a time.
    let started = Instant::now();
    let (mut after, mut read) = (0, 0);
    loop {
        let page = store
            .export_page(seeded.survey_id, &ResponseFilter::default(), after, 1000)
            .await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        read += page.len();
    }
    println!(
        "reading the {read} stored responses alone, a page of 1,000 at a time: {:.2} s",
        started.elapsed().as_secs_f64()
    );
    // Memory is sampled after every chunk: the export's own cost is the growth over the start.
    let start_rss = rss_kib().unwrap_or(0);
    let mut peak_rss = start_rss;
    let started = Instant::now();
    let body = server::export::responses_stream(
        store.clone(),
        seeded.survey_id,
        ResponseFilter::default(),
        server::export::Layout::of(&[(1, definition)]),
        server::export::Flavour::Plain,
    );
    let mut stream = std::pin::pin!(body);
    let (mut bytes, mut lines) = (0_usize, 0_usize);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
        peak_rss = peak_rss.max(rss_kib().unwrap_or(0));
    }
    let elapsed = started.elapsed();
    println!(
        "responses.csv: {} rows, {:.1} MB in {:.2} s; resident memory grew by at most {:.1} MiB \
         (from {} MiB)",
        lines.saturating_sub(1),
        bytes as f64 / 1e6,
        elapsed.as_secs_f64(),
        (peak_rss - start_rss) as f64 / 1024.0,
        start_rss / 1024,
    );
    let stored = store.response_totals(seeded.survey_id).await?.responses;
    anyhow::ensure!(
        lines.saturating_sub(1) as i64 == stored,
        "the export holds {} rows, not {stored}",
        lines.saturating_sub(1)
    );
    if store.kind() == "sqlite" {
        sqlite3_reference(&sqlite_file, seeded.survey_id, elapsed)?;
    }
    Ok(())
}

/// The reference for the export: `sqlite3 -csv` writing the same responses with every answer,
/// one row each, from the same file: each response's row as stored (its answers in one column).
fn sqlite3_reference(
    file: &std::path::Path,
    survey_id: i64,
    kindred: Duration,
) -> anyhow::Result<()> {
    let sql = format!(
        "SELECT r.id, r.submitted_at, r.version, r.answers \
         FROM responses r WHERE r.survey_id = {survey_id} ORDER BY r.id"
    );
    let started = Instant::now();
    let output = std::process::Command::new("sqlite3")
        .arg("-csv")
        .arg(file)
        .arg(sql)
        .output();
    let Ok(output) = output else {
        println!("sqlite3 -csv reference: skipped (no sqlite3 command)");
        return Ok(());
    };
    let reference = started.elapsed();
    anyhow::ensure!(
        output.status.success(),
        "sqlite3 failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rows = output.stdout.iter().filter(|b| **b == b'\n').count();
    println!(
        "sqlite3 -csv of the same responses: {rows} rows, {:.1} MB in {:.2} s; Kindred's export took {:.2}× as long",
        output.stdout.len() as f64 / 1e6,
        reference.as_secs_f64(),
        kindred.as_secs_f64() / reference.as_secs_f64()
    );
    Ok(())
}

//! Reading results on SQLite: seeds the demo survey with many synthetic responses, then times the
//! first and later views of the full dashboard (every figure, segment comparisons and open
//! answers; the charts are drawn apart, each at its own address), the same with a segment filter,
//! and the streamed responses CSV, with how much memory the export adds.
//!
//! `cargo bench -p server --bench dashboard` (KINDRED_BENCH_RESPONSES, default 100000;
//! KINDRED_BENCH_RUNS views, default 20, each after KINDRED_BENCH_ARRIVING new responses,
//! default 10).

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

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let responses = env("KINDRED_BENCH_RESPONSES", 100_000);
    let runs = env("KINDRED_BENCH_RUNS", 20);
    let arriving = env("KINDRED_BENCH_ARRIVING", 10);
    let dir = tempfile::tempdir()?;
    let store =
        server::storage::open(&format!("sqlite://{}/bench.db", dir.path().display())).await?;
    let clock = Arc::new(AtomicI64::new(chrono::Utc::now().timestamp()));
    let kindred = Arc::new(Kindred::with_clock(store.clone(), Policy::default(), {
        let clock = clock.clone();
        Arc::new(move || clock.load(Ordering::Relaxed))
    }));

    let started = Instant::now();
    let seeded = server::demo::seed(&kindred, &clock, u32::try_from(responses)?).await?;
    println!(
        "seeded {responses} responses in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let whole = ResultsQuery::default();
    let filtered = ResultsQuery {
        segments: vec![("member_type".into(), "volunteer".into())],
        ..ResultsQuery::default()
    };
    println!(
        "| dashboard | responses counted | first view | later views (after {arriving} new responses each): p50 | p95 | max |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, query) in [("all responses", &whole), ("volunteers only", &filtered)] {
        let (first, times, n) = time_dashboard(&kindred, &seeded, query, runs, arriving).await?;
        println!(
            "| {name} | {n} | {:.0} ms | {:.0} ms | {:.0} ms | {:.0} ms |",
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
    Ok(())
}

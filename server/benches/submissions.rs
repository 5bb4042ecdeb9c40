//! Durable submissions over HTTP on SQLite: a real server (synchronous=FULL) on a temporary file,
//! and many concurrent clients posting complete template responses to the public endpoint for a
//! fixed time. Prints responses per second and latency percentiles; checks that every
//! acknowledged response is stored.
//!
//! `cargo bench -p server --bench submissions` (KINDRED_BENCH_SECONDS, KINDRED_BENCH_CLIENTS).

use app::backend::{Accounts, SignUpInput, SurveySource, Surveys};
use server::backend::{Kindred, Policy};
use server::router::router;
use server::state::{AppState, Setup};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn answers() -> serde_json::Value {
    serde_json::json!({
        "reasons": ["identity", "connections", "community"],
        "brand_fit": { "reflects_me": 6, "identify": 7, "personal_connection": 5,
                       "shows_others": 4, "who_i_want_to_be": 5, "suits_me": 6 },
        "overlap": 5,
        "expression": { "say_love": 4, "share_posts": 3, "wear_display": 2 },
        "nps": 9,
        "says_about_you": "That I care about green space.",
        "member_type": "volunteer",
        "years": "3_5"
    })
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let seconds = env("KINDRED_BENCH_SECONDS", 10);
    let clients = env("KINDRED_BENCH_CLIENTS", 64);
    let dir = tempfile::tempdir()?;
    let store =
        server::storage::open(&format!("sqlite://{}/bench.db", dir.path().display())).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let kindred = Arc::new(Kindred::new(
        store.clone(),
        Policy {
            public_url: format!("http://{addr}"),
            ..Policy::default()
        },
    ));
    let grant = kindred
        .sign_up(
            SignUpInput {
                organisation_name: "Bench".into(),
                name: "Bench".into(),
                email: "bench@example.org".into(),
                password: "a long enough passphrase".into(),
            },
            None,
        )
        .await?;
    let owner = kindred.caller(&grant.token).await?;
    let survey = kindred
        .create_survey(
            &owner,
            SurveySource::Template("why-members-join".into()),
            None,
        )
        .await?;
    kindred.publish_survey(&owner, survey.id).await?;
    let mut setup = Setup::new(addr);
    setup.submit_limits = server::respond::SubmitLimits::new(0, 0);
    let state = AppState::build(store.clone(), setup);
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let url = format!(
        "http://{addr}/api/v1/public/surveys/{}/responses",
        survey.slug
    );
    let body = serde_json::to_vec(&serde_json::json!({ "version": 1, "answers": answers() }))?;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let url = url.clone();
            let body = body.clone();
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let (mut latencies, mut errors) = (Vec::new(), 0u64);
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    let response = client
                        .post(&url)
                        .header("content-type", "application/json")
                        .body(body.clone())
                        .send()
                        .await;
                    match response {
                        Ok(r) if r.status().as_u16() == 201 => latencies.push(sent.elapsed()),
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for worker in workers {
        let (l, e) = worker.await?;
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let stored = store.response_totals(survey.id).await?.responses;
    println!(
        "{} responses in {elapsed:.1} s with {clients} clients: {:.0}/s, p50 {:.1} ms, p99 {:.1} ms, errors {errors}, stored {stored}",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        pct(0.50).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
    );
    anyhow::ensure!(
        stored as usize == latencies.len(),
        "every acknowledged response is stored"
    );
    Ok(())
}

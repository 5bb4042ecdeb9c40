//! The load generator, run as a process of its own so that its work is not counted as the
//! server's: `clients` connections each post `body` to `url` one after another for `seconds`
//! (redirects not followed), and the outcome is printed as one JSON line for the parent to read.
//! `url` may name several servers, separated by spaces: connection *i* posts to the *i*-th,
//! round the list, as a load balancer would spread them.

use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// What one run of the load generator saw.
#[derive(Debug, Serialize, Deserialize)]
pub struct Outcome {
    /// Answered with the expected status (201 for JSON, 303 to the thank-you page for a form).
    pub acknowledged: u64,
    /// Answered anything else, or not at all.
    pub errors: u64,
    pub seconds: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

impl Outcome {
    pub fn per_second(&self) -> f64 {
        self.acknowledged as f64 / self.seconds
    }
}

/// The environment variables that make a bench binary the load generator.
pub const ROLE: &str = "KINDRED_BENCH_ROLE";
const URL: &str = "KINDRED_BENCH_LOAD_URL";
const BODY: &str = "KINDRED_BENCH_LOAD_BODY";
const CLIENTS: &str = "KINDRED_BENCH_LOAD_CLIENTS";
const SECONDS: &str = "KINDRED_BENCH_LOAD_SECONDS";
const CONTENT_TYPE: &str = "KINDRED_BENCH_LOAD_CONTENT_TYPE";
const SUCCESS: &str = "KINDRED_BENCH_LOAD_SUCCESS";

/// What is posted, and the status that says it was stored.
#[derive(Clone, Copy)]
pub struct Post<'a> {
    pub url: &'a str,
    pub body: &'a [u8],
    pub content_type: &'a str,
    pub success: u16,
}

/// Runs this same binary as the load generator and reads its outcome.
pub fn run_apart(post: Post<'_>, clients: u64, seconds: u64) -> anyhow::Result<Outcome> {
    let output = std::process::Command::new(std::env::current_exe()?)
        .env(ROLE, "load")
        .env(URL, post.url)
        .env(BODY, String::from_utf8_lossy(post.body).as_ref())
        .env(CONTENT_TYPE, post.content_type)
        .env(SUCCESS, post.success.to_string())
        .env(CLIENTS, clients.to_string())
        .env(SECONDS, seconds.to_string())
        .output()?;
    anyhow::ensure!(
        output.status.success(),
        "the load generator failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = String::from_utf8(output.stdout)?;
    Ok(serde_json::from_str(line.trim())?)
}

/// The load generator's own `main`, when [`ROLE`] is `load`.
pub async fn generate() -> anyhow::Result<()> {
    let var = |name: &str| std::env::var(name).map_err(|_| anyhow::anyhow!("{name} is not set"));
    let url = var(URL)?;
    let body = var(BODY)?.into_bytes();
    let clients: u64 = var(CLIENTS)?.parse()?;
    let seconds: u64 = var(SECONDS)?.parse()?;
    let content_type = var(CONTENT_TYPE)?;
    let success: u16 = var(SUCCESS)?.parse()?;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let urls: Vec<String> = url.split_whitespace().map(str::to_owned).collect();
    anyhow::ensure!(!urls.is_empty(), "{URL} names no server");
    let workers: Vec<_> = (0..clients)
        .map(|i| {
            let url = urls[i as usize % urls.len()].clone();
            let (body, content_type) = (body.clone(), content_type.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .expect("an HTTP client");
                let (mut latencies, mut errors) = (Vec::new(), 0u64);
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    let response = client
                        .post(&url)
                        .header("content-type", content_type.as_str())
                        .body(body.clone())
                        .send()
                        .await;
                    match response {
                        Ok(r) if r.status().as_u16() == success => latencies.push(sent.elapsed()),
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
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort();
    let ms = |p: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * p).round() as usize)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let outcome = Outcome {
        acknowledged: latencies.len() as u64,
        errors,
        seconds,
        p50_ms: ms(0.50),
        p99_ms: ms(0.99),
    };
    println!("{}", serde_json::to_string(&outcome)?);
    Ok(())
}

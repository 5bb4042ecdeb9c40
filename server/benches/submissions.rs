//! Durable submissions over HTTP on SQLite, against a reference measured in the same run.
//!
//! Kindred serves on a temporary database (`synchronous=FULL`, as in production), and a load
//! generator in a process of its own posts complete template responses for a fixed time, with 16
//! and then 64 connections — to the public JSON endpoint, then as the respondent page's form
//! (without JavaScript) — and every acknowledged response must be stored. The same load then goes to the reference: a minimal durable writer (one axum
//! route, group commit, WAL + `synchronous=FULL`, one row per response, no validation). Printed:
//! responses per second, p50 and p99 latency, errors, the server's CPU time per response (this
//! process's, the load generator being apart), and Kindred's throughput as a ratio of the
//! reference's.
//!
//! `cargo bench -p server --bench submissions` (KINDRED_BENCH_SECONDS per run, default 10;
//! KINDRED_BENCH_CLIENTS, default "16,64").
//!
//! With KINDRED_BENCH_POSTGRES_URL naming a PostgreSQL server (any database on it; each run gets
//! a fresh database of its own, dropped afterwards), Kindred's JSON submissions also run on
//! PostgreSQL: with one app server, then with two on the one database, the connections split
//! between them. Both servers live in this process, each with its own router and connection pool,
//! so the CPU figure covers both.

mod support;

use app::backend::{Accounts, SignUpInput, SurveySource, Surveys};
use server::backend::{Kindred, Policy};
use server::router::router;
use server::state::{AppState, Setup};
use std::net::SocketAddr;
use std::sync::Arc;
use support::load::{self, Outcome, Post};

fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
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

/// This process's CPU time (user and system) in microseconds, from /proc (Linux).
fn cpu_micros() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<u64> = after
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
    // Linux reports them in clock ticks of 1/100 s.
    ticks * 10_000
}

/// Runs the load from a process of its own (waited for off the runtime, whose threads all serve)
/// and measures this process's CPU meanwhile.
async fn measure(post: Post<'_>, clients: u64, seconds: u64) -> anyhow::Result<(Outcome, f64)> {
    let before = cpu_micros();
    let (url, body) = (post.url.to_owned(), post.body.to_vec());
    let (content_type, success) = (post.content_type.to_owned(), post.success);
    let outcome = tokio::task::spawn_blocking(move || {
        let post = Post {
            url: &url,
            body: &body,
            content_type: &content_type,
            success,
        };
        load::run_apart(post, clients, seconds)
    })
    .await??;
    let cpu = (cpu_micros() - before) as f64 / outcome.acknowledged.max(1) as f64;
    Ok((outcome, cpu))
}

fn row(target: &str, clients: u64, outcome: &Outcome, cpu: f64, stored: i64) {
    println!(
        "| {target} | {clients} | {:.0} | {:.1} ms | {:.1} ms | {} | {} of {} | {cpu:.0} µs |",
        outcome.per_second(),
        outcome.p50_ms,
        outcome.p99_ms,
        outcome.errors,
        stored,
        outcome.acknowledged,
    );
}

async fn kindred_server(dir: &std::path::Path) -> anyhow::Result<Served> {
    kindred_server_on(&format!("sqlite://{}/bench.db", dir.display())).await
}

/// A Kindred server on the database at `url`, with an organisation and a published template.
async fn kindred_server_on(url: &str) -> anyhow::Result<Served> {
    let store = server::storage::open(url).await?;
    let (listener, addr) = listen().await?;
    let kindred = Kindred::new(
        store.clone(),
        Policy {
            public_url: format!("http://{addr}"),
            ..Policy::default()
        },
    );
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
    serve_on(listener, store.clone());
    Ok(Served {
        base: format!("http://{addr}"),
        slug: survey.slug,
        survey_id: survey.id,
        store,
    })
}

/// Another app server on the database at `url`, with a pool of its own: its base URL.
async fn second_server_on(url: &str) -> anyhow::Result<String> {
    let store = server::storage::open(url).await?;
    let (listener, addr) = listen().await?;
    serve_on(listener, store);
    Ok(format!("http://{addr}"))
}

async fn listen() -> anyhow::Result<(tokio::net::TcpListener, SocketAddr)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}

fn serve_on(listener: tokio::net::TcpListener, store: Arc<dyn server::storage::Store>) {
    let mut setup = Setup::new(listener.local_addr().expect("a bound address"));
    setup.submit_limits = server::respond::SubmitLimits::new(0, 0);
    let state = AppState::build(store, setup);
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await });
}

/// A fresh PostgreSQL database on the server `admin_url` names; dropped by [`drop_database`].
async fn fresh_database(admin_url: &str) -> anyhow::Result<(String, String)> {
    use sqlx::{Connection, Executor};
    let name = format!("kindred_bench_{}", rand::random::<u32>());
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    // Digits and underscores only: a name no one typed, so it may stand in the statement.
    admin
        .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await?;
    let (server, _) = admin_url
        .rsplit_once('/')
        .ok_or_else(|| anyhow::anyhow!("KINDRED_BENCH_POSTGRES_URL names no database"))?;
    Ok((format!("{server}/{name}"), name))
}

async fn drop_database(admin_url: &str, name: &str) -> anyhow::Result<()> {
    use sqlx::{Connection, Executor};
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    admin
        .execute(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .await?;
    Ok(())
}

/// Kindred's JSON submissions on PostgreSQL with `servers` app servers on one fresh database.
async fn postgres_run(
    admin_url: &str,
    servers: usize,
    clients: u64,
    seconds: u64,
    json: &[u8],
) -> anyhow::Result<()> {
    let (url, name) = fresh_database(admin_url).await?;
    let served = kindred_server_on(&url).await?;
    let mut bases = vec![served.base.clone()];
    for _ in 1..servers {
        bases.push(second_server_on(&url).await?);
    }
    let urls = bases
        .iter()
        .map(|b| format!("{b}/api/v1/public/surveys/{}/responses", served.slug))
        .collect::<Vec<_>>()
        .join(" ");
    let post = Post {
        url: &urls,
        body: json,
        content_type: "application/json",
        success: 201,
    };
    let (outcome, cpu) = measure(post, clients, seconds).await?;
    let stored = served
        .store
        .response_totals(served.survey_id)
        .await?
        .responses;
    let target = if servers == 1 {
        "Kindred, JSON API, PostgreSQL".to_owned()
    } else {
        format!("Kindred, JSON API, PostgreSQL, {servers} app servers")
    };
    row(&target, clients, &outcome, cpu, stored);
    anyhow::ensure!(
        stored as u64 == outcome.acknowledged,
        "every acknowledged response is stored"
    );
    drop(served);
    drop_database(admin_url, &name).await
}

/// A Kindred server with a published template survey.
struct Served {
    base: String,
    slug: String,
    survey_id: i64,
    store: Arc<dyn server::storage::Store>,
}

/// The same answers as the respondent page's form posts them (no JavaScript).
fn form_body() -> Vec<u8> {
    let mut fields = vec![("version".to_owned(), "1".to_owned())];
    let answers = answers();
    for (question, value) in answers.as_object().into_iter().flatten() {
        match value {
            serde_json::Value::Array(order) => {
                for (place, item) in order.iter().enumerate() {
                    let item = item.as_str().unwrap_or_default();
                    fields.push((format!("{question}[{item}]"), (place + 1).to_string()));
                }
            }
            serde_json::Value::Object(items) => {
                for (item, v) in items {
                    fields.push((format!("{question}[{item}]"), v.to_string()));
                }
            }
            serde_json::Value::String(text) => fields.push((question.clone(), text.clone())),
            other => fields.push((question.clone(), other.to_string())),
        }
    }
    serde_urlencoded::to_string(fields)
        .unwrap_or_default()
        .into_bytes()
}

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    if std::env::var(load::ROLE).as_deref() == Ok("load") {
        return runtime.block_on(load::generate());
    }
    runtime.block_on(compare())
}

async fn compare() -> anyhow::Result<()> {
    let seconds: u64 = env("KINDRED_BENCH_SECONDS", "10").parse()?;
    let clients: Vec<u64> = env("KINDRED_BENCH_CLIENTS", "16,64")
        .split(',')
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let json = serde_json::to_vec(&serde_json::json!({ "version": 1, "answers": answers() }))?;
    let form = form_body();
    println!(
        "| server | connections | responses/s | p50 | p99 | errors | stored | server CPU per response |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut ratios = Vec::new();
    for &n in &clients {
        let dir = tempfile::tempdir()?;
        let served = kindred_server(dir.path()).await?;
        let url = format!(
            "{}/api/v1/public/surveys/{}/responses",
            served.base, served.slug
        );
        let post = Post {
            url: &url,
            body: &json,
            content_type: "application/json",
            success: 201,
        };
        let (kindred, cpu) = measure(post, n, seconds).await?;
        let stored = served
            .store
            .response_totals(served.survey_id)
            .await?
            .responses;
        row("Kindred, JSON API", n, &kindred, cpu, stored);
        anyhow::ensure!(
            stored as u64 == kindred.acknowledged,
            "every acknowledged response is stored"
        );

        let dir = tempfile::tempdir()?;
        let served = kindred_server(dir.path()).await?;
        let url = format!("{}/s/{}", served.base, served.slug);
        let post = Post {
            url: &url,
            body: &form,
            content_type: "application/x-www-form-urlencoded",
            success: 303,
        };
        let (by_form, cpu) = measure(post, n, seconds).await?;
        let stored = served
            .store
            .response_totals(served.survey_id)
            .await?
            .responses;
        row("Kindred, form post", n, &by_form, cpu, stored);
        anyhow::ensure!(
            stored as u64 == by_form.acknowledged,
            "every acknowledged form post is stored"
        );

        let dir = tempfile::tempdir()?;
        let (addr, pool) =
            support::reference_writer::start(&dir.path().join("reference.db")).await?;
        let url = format!("http://{addr}/s/bench");
        let post = Post {
            url: &url,
            body: &json,
            content_type: "application/json",
            success: 201,
        };
        let (reference, cpu) = measure(post, n, seconds).await?;
        let (stored,): (i64,) = sqlx::query_as("SELECT count(*) FROM responses")
            .fetch_one(&pool)
            .await?;
        row("reference", n, &reference, cpu, stored);
        anyhow::ensure!(stored as u64 == reference.acknowledged);
        ratios.push((
            n,
            kindred.per_second() / reference.per_second(),
            by_form.per_second() / reference.per_second(),
        ));
    }
    if let Ok(admin_url) = std::env::var("KINDRED_BENCH_POSTGRES_URL") {
        for &n in &clients {
            for servers in [1, 2] {
                postgres_run(&admin_url, servers, n, seconds, &json).await?;
            }
        }
    }
    for (n, json, form) in ratios {
        println!(
            "Kindred / reference at {n} connections: JSON API {json:.2}×, form post {form:.2}×"
        );
    }
    Ok(())
}

//! Crash safety: `kindred serve` processes take submissions from 16 clients at once while they are
//! restarted with SIGTERM (5 times) and killed with SIGKILL at random moments (20 times), each
//! restarted on its address at once. Afterwards every acknowledged response is stored exactly
//! once and whole (all its answers, and counted in the rollups); nothing refused is stored; a
//! SIGTERM restart leaves no request unanswered; SQLite's `PRAGMA integrity_check` says ok.
//! On SQLite an online `kindred backup` is taken under the same load and restored.
//!
//! SQLite runs in every `cargo test`; PostgreSQL (two app servers, killed in turn) with
//! `KINDRED_TEST_POSTGRES_URL` set and `--include-ignored`, as `.ci/run` does. The figures each
//! run produced are printed (`--nocapture`).

mod support;

use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::{Connection, PgConnection, Row, SqliteConnection};
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::servers::{FreshDatabase, Server, free_port};

/// Clients sending at once.
const CLIENTS: usize = 16;
/// Restarts with SIGTERM, then kills with SIGKILL.
const TERMS: usize = 5;
const KILLS: usize = 20;

/// Submissions are not rate-limited here: every client is one address.
const UNLIMITED: [(&str, &str); 2] = [
    ("KINDRED_SUBMIT_LIMIT_CLIENT", "0"),
    ("KINDRED_SUBMIT_LIMIT_IP", "0"),
];

/// What the clients saw, by marker (each submission's unique open answer).
#[derive(Default)]
struct Seen {
    acknowledged: HashSet<u64>,
    /// Sent, but the connection ended without an answer: stored or not, never twice.
    unanswered: HashSet<u64>,
    /// Answered with something other than 201: must not be stored.
    refused: BTreeMap<u64, u16>,
}

struct Load {
    seen: Arc<Mutex<Seen>>,
    stop: Arc<AtomicBool>,
    workers: Vec<tokio::task::JoinHandle<()>>,
}

fn marker_text(marker: u64) -> String {
    format!("crash-test {marker}")
}

/// Starts `CLIENTS` clients, each sending one submission after another to the servers in turn.
/// A request that could not even connect (the server was down) is sent again; one that was
/// sent and got no answer is recorded as unanswered and not sent again.
fn start_load(bases: Vec<String>, slug: &str, version: i64) -> Load {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let next = Arc::new(AtomicU64::new(0));
    let workers = (0..CLIENTS)
        .map(|worker| {
            let (seen, stop, next) = (seen.clone(), stop.clone(), next.clone());
            let bases = bases.clone();
            let path = format!("/api/v1/public/surveys/{slug}/responses");
            tokio::spawn(async move {
                let client = reqwest::Client::builder()
                    .timeout(Duration::from_secs(20))
                    .build()
                    .unwrap();
                let mut rng = rand::rngs::StdRng::seed_from_u64(worker as u64);
                while !stop.load(Ordering::Relaxed) {
                    let marker = next.fetch_add(1, Ordering::Relaxed);
                    let mut answers = server::demo::synthetic(&mut rng);
                    answers.insert("says_about_you".into(), Value::from(marker_text(marker)));
                    let body = json!({ "version": version, "answers": answers });
                    let base = &bases[marker as usize % bases.len()];
                    loop {
                        match client
                            .post(format!("{base}{path}"))
                            .json(&body)
                            .send()
                            .await
                        {
                            Ok(r) if r.status() == StatusCode::CREATED => {
                                seen.lock().unwrap().acknowledged.insert(marker);
                            }
                            Ok(r) => {
                                seen.lock()
                                    .unwrap()
                                    .refused
                                    .insert(marker, r.status().as_u16());
                            }
                            Err(e) if e.is_connect() => {
                                tokio::time::sleep(Duration::from_millis(20)).await;
                                continue;
                            }
                            Err(_) => {
                                seen.lock().unwrap().unanswered.insert(marker);
                            }
                        }
                        break;
                    }
                }
            })
        })
        .collect();
    Load {
        seen,
        stop,
        workers,
    }
}

impl Load {
    fn acknowledged(&self) -> HashSet<u64> {
        self.seen.lock().unwrap().acknowledged.clone()
    }

    fn unanswered(&self) -> usize {
        self.seen.lock().unwrap().unanswered.len()
    }

    async fn finish(self) -> Seen {
        self.stop.store(true, Ordering::Relaxed);
        for worker in self.workers {
            worker.await.unwrap();
        }
        Arc::try_unwrap(self.seen)
            .ok()
            .expect("the workers are done")
            .into_inner()
            .unwrap()
    }
}

/// An organisation with a published "Why members join" survey, made through the API with a
/// token from the command line: (survey id, slug, version, token).
async fn published_survey(database_url: &str, base: &str) -> (i64, String, i64, String) {
    let store = server::storage::open(database_url).await.unwrap();
    server::operator::create_user(
        store.as_ref(),
        server::operator::CreateUser {
            email: "ada@example.org",
            slug: "crash-test",
            role: "owner",
            name: None,
            organisation_name: Some("Crash Test"),
            invite: false,
            public_url: "http://kindred.test",
            invitation_seconds: 86_400,
        },
        chrono::Utc::now().timestamp(),
    )
    .await
    .unwrap();
    let token = server::operator::create_token(store.as_ref(), "crash-test", "owner", "test", 0)
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let created: Value = client
        .post(format!("{base}/api/v1/surveys"))
        .bearer_auth(&token)
        .json(&json!({ "template": "why-members-join" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().expect("a survey id");
    let published: Value = client
        .post(format!("{base}/api/v1/surveys/{id}/publish"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        id,
        published["slug"].as_str().unwrap().to_owned(),
        published["version"].as_i64().unwrap(),
        token,
    )
}

/// Restarts servers while the load runs: `TERMS` SIGTERM restarts (after which no request may
/// be unanswered), then `KILLS` SIGKILLs, each at a random moment 150–600 ms after the last
/// server came back.
async fn restart_under_load(
    servers: &mut [Server],
    ports: &[u16],
    database_url: &str,
    load: &Load,
) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(12);
    for round in 0..TERMS + KILLS {
        tokio::time::sleep(Duration::from_millis(rng.random_range(150..600))).await;
        let which = rng.random_range(0..servers.len());
        if round < TERMS {
            servers[which].terminate();
        } else {
            servers[which].crash();
        }
        servers[which] = Server::start_on(database_url, ports[which], &UNLIMITED).await;
        if round + 1 == TERMS {
            // Let the requests sent just before the last restart finish.
            tokio::time::sleep(Duration::from_millis(300)).await;
            assert_eq!(
                load.unanswered(),
                0,
                "a SIGTERM restart left requests unanswered"
            );
        }
    }
}

/// What a database holds of the markers: how often each is stored, and how many stored
/// responses lack some of their 17 answer rows.
struct Stored {
    markers: BTreeMap<u64, i64>,
    incomplete: i64,
    responses: i64,
}

/// Every stored response's answers column.
const ANSWERS: &str = "SELECT answers FROM responses";

/// Reads [`Stored`] from the stored answers columns, parsed here as plain JSON rather than by
/// the store's own type: the marker is the `says_about_you` text, and the synthetic answers
/// always rank all three reasons.
fn stored_of(columns: Vec<String>) -> Stored {
    let mut markers = BTreeMap::new();
    let mut incomplete = 0;
    for column in &columns {
        let answers: serde_json::Value = serde_json::from_str(column).unwrap();
        if answers["r"].as_array().map_or(0, Vec::len) != 3 {
            incomplete += 1;
        }
        for text in answers["t"].as_array().into_iter().flatten() {
            if text[0] == "says_about_you"
                && let Some(marker) = text[1]
                    .as_str()
                    .and_then(|body| body.strip_prefix("crash-test "))
                    .and_then(|m| m.parse::<u64>().ok())
            {
                *markers.entry(marker).or_insert(0) += 1;
            }
        }
    }
    Stored {
        markers,
        incomplete,
        responses: columns.len() as i64,
    }
}

/// Reads [`Stored`] over one connection of either database (the statement is the same).
macro_rules! stored_over {
    ($db:expr) => {{
        let rows = sqlx::query(ANSWERS).fetch_all(&mut $db).await.unwrap();
        stored_of(rows.iter().map(|r| r.get("answers")).collect())
    }};
}

async fn stored_in_sqlite(path: &std::path::Path) -> Stored {
    let mut db = SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let integrity: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut db)
        .await
        .unwrap()
        .get(0);
    assert_eq!(integrity, "ok", "{}", path.display());
    stored_over!(db)
}

async fn stored_in_postgres(url: &str) -> Stored {
    let mut db = PgConnection::connect(url).await.unwrap();
    stored_over!(db)
}

/// Every acknowledged response stored exactly once and whole, nothing refused stored, nothing
/// stored twice; and the rollups equal a recompute from the stored answers.
async fn check(seen: &Seen, stored: &Stored, database_url: &str, survey_id: i64) {
    for marker in &seen.acknowledged {
        assert_eq!(
            stored.markers.get(marker),
            Some(&1),
            "acknowledged response {marker}"
        );
    }
    for (marker, status) in &seen.refused {
        assert_eq!(
            stored.markers.get(marker),
            None,
            "response {marker} was refused with {status} but stored"
        );
    }
    let twice: Vec<_> = stored.markers.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "stored more than once: {twice:?}");
    let unknown: Vec<_> = stored
        .markers
        .keys()
        .filter(|m| !seen.acknowledged.contains(m) && !seen.unanswered.contains(m))
        .collect();
    assert!(unknown.is_empty(), "stored but never sent: {unknown:?}");
    assert_eq!(stored.incomplete, 0, "responses stored without all answers");
    assert_eq!(stored.responses, stored.markers.len() as i64);

    let store = server::storage::open(database_url).await.unwrap();
    let kindred = server::backend::Kindred::new(store.clone(), server::backend::Policy::default());
    let responses = support::rollups::stored(&store, survey_id).await;
    let segments = vec!["member_type".to_owned()];
    let filter = server::storage::ResponseFilter::default();
    let rolled = kindred
        .view_counts(survey_id, &filter, &segments)
        .await
        .unwrap();
    let full =
        support::rollups::recompute(&kindred, &responses, survey_id, &filter, &segments).await;
    assert_eq!(rolled, full, "rollups after the crashes");
}

fn report(database: &str, seen: &Seen, stored: &Stored, took: Duration) {
    println!(
        "crash safety ({database}): {TERMS} SIGTERM restarts and {KILLS} SIGKILLs in {:.0} s; \
         {} acknowledged, all stored once; {} unanswered by a killed server ({} of them stored); \
         {} refused; {} responses stored, 0 incomplete",
        took.as_secs_f64(),
        seen.acknowledged.len(),
        seen.unanswered.len(),
        seen.unanswered
            .iter()
            .filter(|m| stored.markers.contains_key(m))
            .count(),
        seen.refused.len(),
        stored.responses,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_loses_nothing_acknowledged_when_killed_and_backs_up_under_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kindred.db");
    let url = format!("sqlite://{}", path.display());
    let ports = [free_port()];
    let mut servers = vec![Server::start_on(&url, ports[0], &UNLIMITED).await];
    let (survey_id, slug, version, token) = published_survey(&url, &servers[0].base).await;
    let started = Instant::now();
    let load = start_load(vec![servers[0].base.clone()], &slug, version);

    // An online backup while the clients keep sending.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before_backup = load.acknowledged();
    let copy = dir.path().join("backup.db");
    let backup = std::process::Command::new(env!("CARGO_BIN_EXE_kindred"))
        .arg("backup")
        .arg(&copy)
        .env("DATABASE_URL", &url)
        .env("KINDRED_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    let after_backup = load.acknowledged();

    restart_under_load(&mut servers, &ports, &url, &load).await;
    let seen = load.finish().await;
    servers[0].terminate();
    let stored = stored_in_sqlite(&path).await;
    check(&seen, &stored, &url, survey_id).await;
    report("SQLite", &seen, &stored, started.elapsed());

    // The backup is whole, holds everything acknowledged before it began, and only what the
    // database itself kept.
    let backed_up = stored_in_sqlite(&copy).await;
    for marker in &before_backup {
        assert_eq!(backed_up.markers.get(marker), Some(&1), "{marker} missing");
    }
    assert!(
        backed_up
            .markers
            .keys()
            .all(|m| stored.markers.contains_key(m))
    );
    assert_eq!(backed_up.incomplete, 0);
    // Restored (the README's steps: a stopped server started on the copy), it serves them all.
    let copy_url = format!("sqlite://{}", copy.display());
    let restored = Server::start_on(&copy_url, free_port(), &[]).await;
    let results: Value = reqwest::Client::new()
        .get(restored.url(&format!("/api/v1/surveys/{survey_id}/results")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(results["responses"], backed_up.responses);
    println!(
        "backup under load: {} responses acknowledged before it, {} in the copy, {} by its end",
        before_backup.len(),
        backed_up.responses,
        after_backup.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: set KINDRED_TEST_POSTGRES_URL and run with --include-ignored"]
async fn two_servers_on_postgres_lose_nothing_acknowledged_when_killed() {
    let admin_url = std::env::var(support::POSTGRES_URL_VAR)
        .expect("KINDRED_TEST_POSTGRES_URL names the PostgreSQL server for this test");
    let database = FreshDatabase::create(&admin_url).await;
    let url = database.url.clone();
    let ports = [free_port(), free_port()];
    let mut servers = vec![
        Server::start_on(&url, ports[0], &UNLIMITED).await,
        Server::start_on(&url, ports[1], &UNLIMITED).await,
    ];
    let (survey_id, slug, version, _) = published_survey(&url, &servers[0].base).await;
    let started = Instant::now();
    let bases = servers.iter().map(|s| s.base.clone()).collect();
    let load = start_load(bases, &slug, version);
    restart_under_load(&mut servers, &ports, &url, &load).await;
    let seen = load.finish().await;
    for server in &mut servers {
        server.terminate();
    }
    let stored = stored_in_postgres(&url).await;
    check(&seen, &stored, &url, survey_id).await;
    report("PostgreSQL, two servers", &seen, &stored, started.elapsed());
    drop(servers);
    database.drop_now().await;
}

//! Several app servers on one PostgreSQL, as a load balancer would run them: two `kindred`
//! processes on one fresh database. Responses sent to both at once are each stored exactly once
//! and every server's results count them all; a session made on one is valid on the other; and
//! the per-address submission limit (which each server counts for itself) turns away none of a
//! legitimate load split across them.
//!
//! Needs PostgreSQL: set `KINDRED_TEST_POSTGRES_URL` and run with `--include-ignored`, as
//! `.ci/run` does.

mod support;

use futures_util::{StreamExt, stream};
use rand::SeedableRng;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, COOKIE, ORIGIN};
use serde_json::{Value, json};
use std::collections::HashSet;
use support::servers::{FreshDatabase, Server};

/// How many responses the two servers take together, and how many are in flight at once.
const RESPONSES: usize = 600;
const IN_FLIGHT: usize = 32;

/// Sends the request and reads its answer as JSON.
async fn json_of(request: reqwest::RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: set KINDRED_TEST_POSTGRES_URL and run with --include-ignored"]
async fn two_servers_on_one_postgres_lose_nothing_and_share_sessions() {
    let admin_url = std::env::var(support::POSTGRES_URL_VAR)
        .expect("KINDRED_TEST_POSTGRES_URL names the PostgreSQL server for this test");
    let database = FreshDatabase::create(&admin_url).await;
    // Both start at once on the empty database, so both race to apply the migrations.
    let (a, b) = tokio::join!(Server::start(&database.url), Server::start(&database.url));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // An organisation signed up on server A; its session cookie works on server B.
    let signed_up = client
        .post(a.url("/api/sign_up"))
        .header(ORIGIN, &a.base)
        .form(&[
            ("organisation_name", "Friends of the Park"),
            ("name", "Ada"),
            ("email", "ada@example.org"),
            ("password", "a long enough passphrase"),
        ])
        .send()
        .await
        .unwrap();
    let session = format!("kindred_session={}", support::session_token(&signed_up));

    // A survey made and published through server B's API with a token from the command line.
    let store = server::storage::open(&database.url).await.unwrap();
    let token =
        server::operator::create_token(store.as_ref(), "friends-of-the-park", "owner", "test", 0)
            .await
            .unwrap();
    let api = |server: &Server, method: reqwest::Method, path: &str| {
        client.request(method, server.url(path)).bearer_auth(&token)
    };
    let created = json_of(
        api(&b, reqwest::Method::POST, "/api/v1/surveys")
            .json(&json!({ "template": "why-members-join" })),
    )
    .await;
    let id = created["id"].as_i64().expect("a survey id");
    let published = json_of(api(
        &b,
        reqwest::Method::POST,
        &format!("/api/v1/surveys/{id}/publish"),
    ))
    .await;
    let slug = published["slug"].as_str().unwrap().to_owned();
    let version = published["version"].as_i64().unwrap();

    let codebook = |server: &Server| {
        client
            .get(server.url(&format!("/surveys/{id}/codebook.csv")))
            .header(COOKIE, &session)
            .send()
    };
    for server in [&a, &b] {
        let answer = codebook(server).await.unwrap();
        assert_eq!(answer.status(), StatusCode::OK, "{}", server.base);
        assert!(
            answer.headers()[CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
    }

    // Responses to both servers at once, every one from the same address.
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    let bodies: Vec<Value> = (0..RESPONSES)
        .map(|_| json!({ "version": version, "answers": server::demo::synthetic(&mut rng) }))
        .collect();
    let path = format!("/api/v1/public/surveys/{slug}/responses");
    let statuses: Vec<StatusCode> = stream::iter(bodies.iter().enumerate())
        .map(|(i, body)| {
            let server = if i % 2 == 0 { &a } else { &b };
            let request = client.post(server.url(&path)).json(body).send();
            async move { request.await.map(|r| r.status()).unwrap() }
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;
    let mut answered = std::collections::BTreeMap::new();
    for status in statuses {
        *answered.entry(status.as_u16()).or_insert(0) += 1;
    }
    assert_eq!(
        answered,
        [(201, RESPONSES)].into(),
        "statuses and how often"
    );

    // Every server counts every response once.
    for server in [&a, &b] {
        let results = json_of(api(
            server,
            reqwest::Method::GET,
            &format!("/api/v1/surveys/{id}/results"),
        ))
        .await;
        assert_eq!(results["responses"], RESPONSES, "{}", server.base);
        let csv = api(
            server,
            reqwest::Method::GET,
            &format!("/api/v1/surveys/{id}/responses.csv"),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
        let mut rows = csv::Reader::from_reader(csv.as_bytes());
        let ids: Vec<String> = rows
            .records()
            .map(|r| r.unwrap().get(0).unwrap().to_owned())
            .collect();
        assert_eq!(ids.len(), RESPONSES, "{}", server.base);
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            RESPONSES,
            "no response is stored twice"
        );
    }

    // The rollups both servers wrote (and folded, each every second, concurrently) equal a
    // recompute from the stored answers, for the whole survey and for a segment.
    let store = server::storage::open(&database.url).await.unwrap();
    let kindred = server::backend::Kindred::new(store.clone(), server::backend::Policy::default());
    let responses = support::rollups::stored(&store, id).await;
    assert_eq!(responses.len(), RESPONSES);
    let segments = vec!["member_type".to_owned(), "years".to_owned()];
    let staff = server::storage::ResponseFilter {
        segments: vec![("member_type".into(), "staff".into())],
        ..Default::default()
    };
    for round in ["as the servers left them", "after another fold"] {
        for filter in [server::storage::ResponseFilter::default(), staff.clone()] {
            let rolled = kindred.view_counts(id, &filter, &segments).await.unwrap();
            let full =
                support::rollups::recompute(&kindred, &responses, id, &filter, &segments).await;
            assert_eq!(rolled, full, "{round}: {filter:?}");
        }
        kindred.fold_rollups().await.unwrap();
    }

    drop((a, b));
    database.drop_now().await;
}

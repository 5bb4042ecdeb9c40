//! Fresh databases for tests: a temporary SQLite file always, and a private PostgreSQL schema when
//! `KINDRED_TEST_POSTGRES_URL` names a server.

#![allow(dead_code)]

pub mod api;
pub mod app;
pub mod backend;
pub mod rollups;
pub mod servers;

use rand::RngCore;
use server::storage::{self, Store, postgres::PgStore};
use std::sync::Arc;
use tempfile::TempDir;

pub const POSTGRES_URL_VAR: &str = "KINDRED_TEST_POSTGRES_URL";

/// A store and whatever keeps it alive (the temporary folder of a SQLite file).
pub struct TestDb {
    pub store: Arc<dyn Store>,
    pub dir: Option<TempDir>,
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}/kindred.db", dir.path().display());
    let store = storage::open(&url)
        .await
        .expect("open a fresh SQLite database");
    TestDb {
        store,
        dir: Some(dir),
    }
}

/// `None` when no PostgreSQL URL is configured; panics when one is configured but unusable, so a
/// broken CI database fails loudly instead of skipping.
pub async fn postgres() -> Option<TestDb> {
    let url = std::env::var(POSTGRES_URL_VAR)
        .ok()
        .filter(|u| !u.is_empty())?;
    let schema = schema_name("t");
    let store = PgStore::connect_in_schema(&url, &schema)
        .await
        .unwrap_or_else(|e| {
            panic!("{POSTGRES_URL_VAR} is set but PostgreSQL is not usable: {e:#}")
        });
    store.migrate().await.expect("migrate PostgreSQL");
    Some(TestDb {
        store: Arc::new(store),
        dir: None,
    })
}

/// A fresh schema name starting with `prefix`, unique to this run.
fn schema_name(prefix: &str) -> String {
    let mut bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}_{hex}")
}

/// For a test that connects to PostgreSQL itself (several stores on one database, migrations run
/// by hand): the server's URL and a fresh schema name; panics when no server is configured, as
/// such tests are `#[ignore]`d unless one is.
pub fn postgres_schema(prefix: &str) -> (String, String) {
    let url = std::env::var(POSTGRES_URL_VAR)
        .expect("this test runs on PostgreSQL: set KINDRED_TEST_POSTGRES_URL");
    (url, schema_name(prefix))
}

/// Drops a schema [`postgres_schema`] named, with everything in it.
pub async fn drop_schema(pool: &sqlx::PgPool, schema: &str) {
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
        .execute(pool)
        .await
        .expect("drop the test's schema");
}

/// The session token a response set in its `kindred_session` cookie.
pub fn session_token(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| {
            c.strip_prefix("kindred_session=")
                .or_else(|| c.strip_prefix("__Host-kindred_session="))
        })
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

/// The secret at the end of an invitation link.
pub fn invitation_token(link: &::app::api::types::InvitationLink) -> String {
    link.url.rsplit('/').next().unwrap_or_default().to_owned()
}

/// A complete, valid set of answers to the "Why members join" template, as the public API takes
/// them: 17 answer rows once stored.
pub fn template_answers() -> serde_json::Value {
    serde_json::json!({
        "reasons": ["identity", "connections", "community"],
        "brand_fit": {
            "reflects_me": 6, "identify": 7, "personal_connection": 5,
            "shows_others": 4, "who_i_want_to_be": 5, "suits_me": 6
        },
        "overlap": 5,
        "expression": { "say_love": 4, "share_posts": 3, "wear_display": 2 },
        "nps": 9,
        "says_about_you": "That I care about green space.",
        "member_type": "volunteer",
        "years": "3_5"
    })
}

/// Runs each named test body (an `async fn(Arc<dyn Store>)`) once per database. The PostgreSQL
/// copies are `#[ignore]`d, so a plain `cargo test` reports them as ignored rather than passing
/// them unrun; `.ci/test` runs them with `--include-ignored` when `KINDRED_TEST_POSTGRES_URL`
/// names a server, and one run without that variable fails with what to set.
#[macro_export]
macro_rules! on_every_database {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::support::sqlite().await;
                    super::$name(db.store.clone()).await;
                }
            )*
        }
        mod on_postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[ignore = "runs on PostgreSQL: set KINDRED_TEST_POSTGRES_URL and pass --include-ignored"]
                async fn $name() {
                    let db = $crate::support::postgres().await.unwrap_or_else(|| {
                        panic!(
                            "this test runs on PostgreSQL: set {} to a server's URL",
                            $crate::support::POSTGRES_URL_VAR
                        )
                    });
                    super::$name(db.store.clone()).await;
                }
            )*
        }
    };
}

//! PostgreSQL, for deployments with several stateless app servers sharing one database.

use super::Store;
use anyhow::Context;
use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Pool, Postgres};
use std::path::Path;
use std::str::FromStr;

type Db = Postgres;
type ThisStore = PgStore;

pub struct PgStore {
    pool: Pool<Postgres>,
    /// Writes responses in shared transactions (group commit).
    batcher: crate::storage::batch::ResponseBatcher,
    /// Rollup cells already in the database.
    cells: CellCache,
    /// Published surveys by public slug, for a second.
    public_surveys: std::sync::Arc<crate::storage::PublicSurveyCache>,
}

impl PgStore {
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        Self::connect_with(PgConnectOptions::from_str(url).context("reading the PostgreSQL URL")?)
            .await
    }

    /// Connects with every table in `schema` (created if missing). The conformance tests use this
    /// to give each test a database of its own inside one PostgreSQL database.
    pub async fn connect_in_schema(url: &str, schema: &str) -> anyhow::Result<Self> {
        anyhow::ensure!(
            !schema.is_empty()
                && schema
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "a schema name is lower-case letters, digits and underscores"
        );
        let options = PgConnectOptions::from_str(url).context("reading the PostgreSQL URL")?;
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        // Checked above to be a plain identifier; DDL cannot take a bound parameter.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE SCHEMA IF NOT EXISTS {schema}"
        )))
        .execute(&admin)
        .await?;
        admin.close().await;
        Self::connect_with(options.options([("search_path", schema)])).await
    }

    async fn connect_with(options: PgConnectOptions) -> anyhow::Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect_with(options)
            .await
            .context("connecting to PostgreSQL")?;
        let cells = CellCache::default();
        let batcher = response_batcher(pool.clone(), cells.clone());
        Ok(Self {
            pool,
            batcher,
            cells,
            public_surveys: Default::default(),
        })
    }

    pub fn pool(&self) -> &Pool<Postgres> {
        &self.pool
    }
}

async fn begin_write(
    pool: &Pool<Postgres>,
) -> Result<sqlx::Transaction<'static, Postgres>, sqlx::Error> {
    pool.begin().await
}

/// Whether a failed statement aborts the whole transaction (PostgreSQL) or only itself (SQLite).
const ABORTS_ON_ERROR: bool = true;

// Parallel log-in attempts for one email or address are counted one at a time.
const LOGIN_ATTEMPT_LOCK: Option<&str> = Some("SELECT pg_advisory_xact_lock(hashtext($1))");
include!("accounts_sql.rs");
include!("surveys_sql.rs");
include!("tokens_sql.rs");
// `$1` response ids for a multi-row insert, from the identity column's sequence: unique across
// app servers, never reused.
const RESERVE_RESPONSE_IDS: &str =
    "SELECT nextval(pg_get_serial_sequence('responses', 'id')) FROM generate_series(1, $1)";
const INSERT_RESPONSES: &str = "INSERT INTO responses (id, survey_id, version, submitted_at, respondent_key, answers) OVERRIDING SYSTEM VALUE ";
include!("responses_sql.rs");
include!("logos_sql.rs");

// Sequence values are taken before commit, and transactions commit in any order: a lower id can
// become visible after a higher one.
const IDS_VISIBLE_IN_ORDER: bool = false;
// Several app servers: one fold at a time (each deletes the deltas it folded, by id), and a
// rebuild holds off new deltas (every response transaction writes one) until it commits.
const FOLD_LOCK: Option<&str> = Some("SELECT pg_advisory_xact_lock(7240501)");
const REBUILD_LOCK: Option<&str> = Some(
    "LOCK TABLE rollup_deltas IN SHARE ROW EXCLUSIVE MODE; SELECT pg_advisory_xact_lock(7240501)",
);
include!("insights_sql.rs");
include!("export_sql.rs");
include!("share_links_sql.rs");

#[async_trait]
impl Store for PgStore {
    fn kind(&self) -> &'static str {
        "postgres"
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn migrate(&self) -> StoreResult<()> {
        sqlx::migrate!("../migrations/postgres")
            .run(&self.pool)
            .await?;
        Ok(())
    }

    async fn backup_to(&self, _path: &Path) -> StoreResult<()> {
        Err(StoreError::Unsupported(
            "back up PostgreSQL with pg_dump, which copies it consistently while it runs",
        ))
    }
}

//! The embedded default: one SQLite file, in WAL mode with `synchronous=FULL`, so that a response
//! acknowledged to a respondent survives a power cut.

use super::Store;
use anyhow::Context;
use async_trait::async_trait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Pool, Sqlite};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

type Db = Sqlite;
type ThisStore = SqliteStore;

pub struct SqliteStore {
    pool: Pool<Sqlite>,
    /// Writes responses in shared transactions (group commit).
    batcher: crate::storage::batch::ResponseBatcher,
    /// Rollup cells already in the database.
    cells: CellCache,
    /// Published surveys by public slug, for a second.
    public_surveys: std::sync::Arc<crate::storage::PublicSurveyCache>,
}

impl SqliteStore {
    /// Opens (creating if needed, folder included) the database file named by a `sqlite://` URL.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("reading the SQLite URL {url}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Writers queue for the lock instead of failing while another commits.
            .busy_timeout(Duration::from_secs(10));
        if let Some(folder) = options.get_filename().parent()
            && !folder.as_os_str().is_empty()
        {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("creating the data folder {}", folder.display()))?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("opening the SQLite database {url}"))?;
        let cells = CellCache::default();
        let batcher = response_batcher(pool.clone(), cells.clone());
        Ok(Self {
            pool,
            batcher,
            cells,
            public_surveys: Default::default(),
        })
    }

    pub fn pool(&self) -> &Pool<Sqlite> {
        &self.pool
    }
}

/// `BEGIN IMMEDIATE` takes the write lock up front, so a transaction that reads before it writes
/// waits its turn (busy timeout) instead of failing with SQLITE_BUSY when it comes to write.
async fn begin_write(
    pool: &Pool<Sqlite>,
) -> Result<sqlx::Transaction<'static, Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// Whether a failed statement aborts the whole transaction (PostgreSQL) or only itself (SQLite).
const ABORTS_ON_ERROR: bool = false;

// One writer at a time (`BEGIN IMMEDIATE`): counting a log-in attempt needs no lock of its own.
const LOGIN_ATTEMPT_LOCK: Option<&str> = None;
include!("accounts_sql.rs");
include!("surveys_sql.rs");
include!("tokens_sql.rs");
// `$1` response ids for a multi-row insert: the next after the highest ever given, which only
// this transaction can take while it holds the write lock.
const RESERVE_RESPONSE_IDS: &str = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
     SELECT (SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = 'responses') + i FROM n";
const INSERT_RESPONSES: &str =
    "INSERT INTO responses (id, survey_id, version, submitted_at, respondent_key, answers) ";
include!("responses_sql.rs");
include!("logos_sql.rs");

// One writer at a time: a response id is taken inside the write transaction, so ids become
// visible in the order they were given.
const IDS_VISIBLE_IN_ORDER: bool = true;
// One writer at a time: folds and rebuilds need no lock of their own.
const FOLD_LOCK: Option<&str> = None;
const REBUILD_LOCK: Option<&str> = None;
include!("insights_sql.rs");
include!("export_sql.rs");
include!("share_links_sql.rs");

#[async_trait]
impl Store for SqliteStore {
    fn kind(&self) -> &'static str {
        "sqlite"
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn migrate(&self) -> StoreResult<()> {
        sqlx::migrate!("../migrations/sqlite")
            .run(&self.pool)
            .await?;
        Ok(())
    }

    /// `VACUUM INTO` writes a transactionally consistent copy while readers and writers carry on.
    async fn backup_to(&self, path: &Path) -> StoreResult<()> {
        let target = path
            .to_str()
            .ok_or_else(|| StoreError::Corrupt("the backup path is not valid UTF-8".into()))?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

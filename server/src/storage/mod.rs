//! Storage: one trait per area of the domain, one implementation per database.
//!
//! SQLite (the embedded default) and PostgreSQL (for several app servers) share their SQL text
//! wherever the dialects agree — `$1` placeholders, `RETURNING`, integer Unix times — by compiling
//! the same implementation files (`*_sql.rs`) once per database over its concrete pool type. The few
//! differences (how a write transaction starts, online backup) live in `sqlite.rs` and `postgres.rs`.
//! The conformance suite in `server/tests/storage_conformance.rs` runs every operation on both.

mod accounts;
pub mod batch;
mod error;
mod insights;
mod logos;
pub mod postgres;
mod public_surveys;
mod responses;
pub mod spans;
pub mod sqlite;
mod surveys;
mod tokens;

pub use accounts::*;
pub use error::{InvitationProblem, StoreError, StoreResult, found};
pub use insights::*;
pub use logos::*;
pub use public_surveys::PublicSurveyCache;
pub use responses::*;
pub use surveys::*;
pub use tokens::*;

use async_trait::async_trait;
use std::path::Path;
use std::sync::Arc;

/// Everything Kindred keeps, behind one object the rest of the server shares.
#[async_trait]
pub trait Store:
    AccountStore
    + SurveyStore
    + TokenStore
    + ResponseStore
    + LogoStore
    + InsightStore
    + ExportStore
    + ShareLinkStore
    + Send
    + Sync
    + 'static
{
    /// `"sqlite"` or `"postgres"`, for health checks and logs.
    fn kind(&self) -> &'static str;
    /// A round trip to the database.
    async fn ping(&self) -> StoreResult<()>;
    /// Applies the embedded migrations that have not run yet.
    async fn migrate(&self) -> StoreResult<()>;
    /// Writes a consistent copy of the whole database to `path` while it stays in use.
    async fn backup_to(&self, path: &Path) -> StoreResult<()>;
}

/// How much is stored, for operators (`kindred migrate` prints it) and for tests that check a
/// refused request wrote nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct Totals {
    pub organisations: i64,
    pub users: i64,
    pub memberships: i64,
    pub sessions: i64,
    pub invitations: i64,
}

/// Opens the database named by `url` (`sqlite://…` or `postgres://…`) and applies migrations.
pub async fn open(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    let store: Arc<dyn Store> =
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Arc::new(postgres::PgStore::connect(url).await?)
        } else if url.starts_with("sqlite:") {
            Arc::new(sqlite::SqliteStore::connect(url).await?)
        } else {
            anyhow::bail!(
                "DATABASE_URL must start with sqlite:// or postgres:// (got \"{}\")",
                url.split(':').next().unwrap_or_default()
            );
        };
    store.migrate().await?;
    Ok(store)
}

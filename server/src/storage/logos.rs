//! Logos: uploaded images kept in the database, so any app server can serve them.

use super::StoreResult;
use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LogoRow {
    pub id: i64,
    pub organisation_id: i64,
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub created_at: i64,
}

/// Whose logo an upload replaces: the organisation's, or one survey's override.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoOwner {
    Organisation,
    Survey(i64),
}

#[async_trait]
pub trait LogoStore: Send + Sync {
    /// Stores the image and points the organisation (or its survey) at it, in one transaction.
    /// `NotFound` when the survey is not the organisation's.
    async fn set_logo(
        &self,
        organisation_id: i64,
        owner: LogoOwner,
        content_type: &str,
        bytes: &[u8],
        now: i64,
    ) -> StoreResult<i64>;
    /// Removes the logo of the organisation (or the survey's override).
    async fn clear_logo(&self, organisation_id: i64, owner: LogoOwner) -> StoreResult<()>;
    async fn logo(&self, id: i64) -> StoreResult<Option<LogoRow>>;
}

//! API tokens: created and revoked by owners, each with a role, stored only as a hash.

use super::StoreResult;
use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiTokenRow {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub role: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

#[derive(Debug, Clone, Copy)]
pub struct NewApiToken<'a> {
    pub organisation_id: i64,
    pub name: &'a str,
    pub role: &'a str,
    pub token_hash: &'a str,
    pub created_by: Option<i64>,
    pub now: i64,
}

#[async_trait]
pub trait TokenStore: Send + Sync {
    async fn create_api_token(&self, token: NewApiToken<'_>) -> StoreResult<i64>;
    /// The organisation's tokens that have not been revoked, newest first.
    async fn api_tokens(&self, organisation_id: i64) -> StoreResult<Vec<ApiTokenRow>>;
    /// The live (not revoked) token with this hash.
    async fn api_token(&self, token_hash: &str) -> StoreResult<Option<ApiTokenRow>>;
    /// `NotFound` unless a live token with that id belongs to the organisation.
    async fn revoke_api_token(&self, organisation_id: i64, id: i64, now: i64) -> StoreResult<()>;
}

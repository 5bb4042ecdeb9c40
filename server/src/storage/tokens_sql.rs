// API token storage, written once for both databases; included by `sqlite.rs` and `postgres.rs`.

use crate::storage::{ApiTokenRow, NewApiToken, TokenStore};

#[async_trait::async_trait]
impl TokenStore for ThisStore {
    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn create_api_token(&self, token: NewApiToken<'_>) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO api_tokens (organisation_id, name, role, token_hash, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(token.organisation_id)
        .bind(token.name)
        .bind(token.role)
        .bind(token.token_hash)
        .bind(token.created_by)
        .bind(token.now)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn api_tokens(&self, organisation_id: i64) -> StoreResult<Vec<ApiTokenRow>> {
        Ok(sqlx::query_as(
            "SELECT id, organisation_id, name, role, created_by, created_at, revoked_at FROM api_tokens
             WHERE organisation_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC",
        )
        .bind(organisation_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn api_token(&self, token_hash: &str) -> StoreResult<Option<ApiTokenRow>> {
        Ok(sqlx::query_as(
            "SELECT id, organisation_id, name, role, created_by, created_at, revoked_at FROM api_tokens
             WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn revoke_api_token(&self, organisation_id: i64, id: i64, now: i64) -> StoreResult<()> {
        let changed = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND organisation_id = $2 AND revoked_at IS NULL",
        )
        .bind(id)
        .bind(organisation_id)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        found(changed)
    }
}

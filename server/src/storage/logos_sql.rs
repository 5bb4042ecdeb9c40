// Logo storage, written once for both databases; included by `sqlite.rs` and `postgres.rs` like
// `accounts_sql.rs`, whose `Db`, `ThisStore` and `begin_write` it uses.

use crate::storage::{LogoOwner, LogoRow, LogoStore};

#[async_trait::async_trait]
impl LogoStore for ThisStore {
    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn set_logo(
        &self,
        organisation_id: i64,
        owner: LogoOwner,
        content_type: &str,
        bytes: &[u8],
        now: i64,
    ) -> StoreResult<i64> {
        let _forget = self.public_surveys.forget_after();
        let mut tx = begin_write(&self.pool).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO logos (organisation_id, content_type, bytes, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(organisation_id)
        .bind(content_type)
        .bind(bytes)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let changed = match owner {
            LogoOwner::Organisation => sqlx::query("UPDATE organisations SET logo_id = $2 WHERE id = $1")
                .bind(organisation_id)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected(),
            LogoOwner::Survey(survey_id) => sqlx::query(
                "UPDATE surveys SET logo_id = $3, updated_at = $4 WHERE organisation_id = $1 AND id = $2",
            )
            .bind(organisation_id)
            .bind(survey_id)
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected(),
        };
        found(changed)?;
        // Logos nothing points at any more are dropped, so replacing one does not pile up images.
        sqlx::query(
            "DELETE FROM logos WHERE organisation_id = $1
               AND id NOT IN (SELECT logo_id FROM organisations WHERE logo_id IS NOT NULL)
               AND id NOT IN (SELECT logo_id FROM surveys WHERE logo_id IS NOT NULL)",
        )
        .bind(organisation_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn clear_logo(&self, organisation_id: i64, owner: LogoOwner) -> StoreResult<()> {
        let _forget = self.public_surveys.forget_after();
        let changed = match owner {
            LogoOwner::Organisation => {
                sqlx::query("UPDATE organisations SET logo_id = NULL WHERE id = $1")
                    .bind(organisation_id)
                    .execute(&self.pool)
                    .await?
                    .rows_affected()
            }
            LogoOwner::Survey(survey_id) => sqlx::query(
                "UPDATE surveys SET logo_id = NULL WHERE organisation_id = $1 AND id = $2",
            )
            .bind(organisation_id)
            .bind(survey_id)
            .execute(&self.pool)
            .await?
            .rows_affected(),
        };
        found(changed)
    }

    async fn logo(&self, id: i64) -> StoreResult<Option<LogoRow>> {
        Ok(sqlx::query_as(
            "SELECT id, organisation_id, content_type, bytes, created_at FROM logos WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }
}

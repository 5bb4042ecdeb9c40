// Share links, written once for both databases; included by `sqlite.rs` and `postgres.rs`.

#[async_trait::async_trait]
impl crate::storage::ShareLinkStore for ThisStore {
    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn create_share_link(
        &self,
        survey_id: i64,
        token_hash: &str,
        show_texts: bool,
        expires_at: i64,
        now: i64,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO share_links (survey_id, token_hash, show_texts, expires_at, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(survey_id)
        .bind(token_hash)
        .bind(show_texts)
        .bind(expires_at)
        .bind(now)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn share_links(&self, survey_id: i64) -> StoreResult<Vec<crate::storage::ShareLinkRow>> {
        Ok(sqlx::query_as(
            "SELECT id, survey_id, show_texts, expires_at, created_at, revoked_at FROM share_links
             WHERE survey_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(survey_id)
        .fetch_all(&self.pool)
        .await?)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn revoke_share_link(
        &self,
        organisation_id: i64,
        link_id: i64,
        now: i64,
    ) -> StoreResult<()> {
        let changed = sqlx::query(
            "UPDATE share_links SET revoked_at = $3
             WHERE id = $2 AND revoked_at IS NULL
               AND survey_id IN (SELECT id FROM surveys WHERE organisation_id = $1)",
        )
        .bind(organisation_id)
        .bind(link_id)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        found(changed)
    }

    async fn share_link(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<(crate::storage::ShareLinkRow, i64)>> {
        let row: Option<(i64, i64, bool, i64, i64, Option<i64>, i64)> = sqlx::query_as(
            "SELECT l.id, l.survey_id, l.show_texts, l.expires_at, l.created_at, l.revoked_at, s.organisation_id
             FROM share_links l JOIN surveys s ON s.id = l.survey_id WHERE l.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(
            |(id, survey_id, show_texts, expires_at, created_at, revoked_at, organisation_id)| {
                (
                    crate::storage::ShareLinkRow {
                        id,
                        survey_id,
                        show_texts,
                        expires_at,
                        created_at,
                        revoked_at,
                    },
                    organisation_id,
                )
            },
        ))
    }
}

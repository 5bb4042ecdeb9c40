// Survey storage, written once for both databases; included by `sqlite.rs` and `postgres.rs` like
// `accounts_sql.rs`, whose `Db`, `ThisStore` and `begin_write` it uses.

use crate::storage::{NewSurvey, PublicSurveyRow, SurveyRow, SurveyStore};

#[async_trait::async_trait]
impl SurveyStore for ThisStore {
    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn create_survey(&self, survey: NewSurvey<'_>) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO surveys (organisation_id, public_slug, title, status, draft, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, 'draft', $4, $5, $6, $6) RETURNING id",
        )
        .bind(survey.organisation_id)
        .bind(survey.public_slug)
        .bind(survey.title)
        .bind(survey.draft)
        .bind(survey.created_by)
        .bind(survey.now)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn surveys(&self, organisation_id: i64) -> StoreResult<Vec<SurveyRow>> {
        Ok(sqlx::query_as(
            "SELECT id, organisation_id, public_slug, title, status, draft, published_version, opens_at,
                    closes_at, created_at, updated_at, brand_name, brand_colour, requires_invite_code, logo_id
             FROM surveys WHERE organisation_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(organisation_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn survey(&self, organisation_id: i64, id: i64) -> StoreResult<Option<SurveyRow>> {
        Ok(sqlx::query_as(
            "SELECT id, organisation_id, public_slug, title, status, draft, published_version, opens_at,
                    closes_at, created_at, updated_at, brand_name, brand_colour, requires_invite_code, logo_id
             FROM surveys WHERE organisation_id = $1 AND id = $2",
        )
        .bind(organisation_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn survey_by_slug(&self, public_slug: &str) -> StoreResult<Option<SurveyRow>> {
        Ok(sqlx::query_as(
            "SELECT id, organisation_id, public_slug, title, status, draft, published_version, opens_at,
                    closes_at, created_at, updated_at, brand_name, brand_colour, requires_invite_code, logo_id
             FROM surveys WHERE public_slug = $1",
        )
        .bind(public_slug)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn survey_slug(&self, id: i64) -> StoreResult<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT public_slug FROM surveys WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn public_survey(&self, public_slug: &str) -> StoreResult<Option<PublicSurveyRow>> {
        let generation = match self.public_surveys.get(public_slug) {
            Ok(kept) => return Ok(Some(kept)),
            Err(generation) => generation,
        };
        let row: Option<PublicSurveyRow> = sqlx::query_as(
            "SELECT s.id, s.organisation_id, s.public_slug, s.title, s.status, s.draft, s.published_version,
                    s.opens_at, s.closes_at, s.created_at, s.updated_at, s.brand_name, s.brand_colour,
                    s.requires_invite_code, s.logo_id,
                    o.name AS organisation_name, o.brand_name AS organisation_brand_name,
                    o.brand_colour AS organisation_brand_colour, o.logo_id AS organisation_logo_id
             FROM surveys s JOIN organisations o ON o.id = s.organisation_id
             WHERE s.public_slug = $1",
        )
        .bind(public_slug)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(row) = &row {
            self.public_surveys.keep(public_slug, row, generation);
        }
        Ok(row)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn update_draft(
        &self,
        organisation_id: i64,
        id: i64,
        title: &str,
        draft: &str,
        now: i64,
    ) -> StoreResult<()> {
        let _forget = self.public_surveys.forget_after();
        let changed = sqlx::query(
            "UPDATE surveys SET title = $3, draft = $4, updated_at = $5 WHERE organisation_id = $1 AND id = $2",
        )
        .bind(organisation_id)
        .bind(id)
        .bind(title)
        .bind(draft)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        found(changed)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn publish_survey(&self, organisation_id: i64, id: i64, now: i64) -> StoreResult<i64> {
        let _forget = self.public_surveys.forget_after();
        let mut tx = begin_write(&self.pool).await?;
        let found: Option<(String, Option<i64>)> = sqlx::query_as(
            "SELECT draft, published_version FROM surveys WHERE organisation_id = $1 AND id = $2",
        )
        .bind(organisation_id)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let (draft, published) = found.ok_or(StoreError::NotFound)?;
        let latest: Option<(i64, String)> = sqlx::query_as(
            "SELECT version, definition FROM survey_versions WHERE survey_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let version = match latest {
            // Publishing an unchanged draft again (e.g. after closing) keeps its version.
            Some((version, definition)) if definition == draft && published.is_some() => version,
            latest => {
                let next = latest.map_or(1, |(v, _)| v + 1);
                sqlx::query(
                    "INSERT INTO survey_versions (survey_id, version, definition, published_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(next)
                .bind(&draft)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                next
            }
        };
        sqlx::query(
            "UPDATE surveys SET status = 'published', published_version = $3, updated_at = $4
             WHERE organisation_id = $1 AND id = $2",
        )
        .bind(organisation_id)
        .bind(id)
        .bind(version)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn set_survey_status(
        &self,
        organisation_id: i64,
        id: i64,
        status: &str,
        now: i64,
    ) -> StoreResult<()> {
        let _forget = self.public_surveys.forget_after();
        let changed = sqlx::query(
            "UPDATE surveys SET status = $3, updated_at = $4
             WHERE organisation_id = $1 AND id = $2 AND published_version IS NOT NULL",
        )
        .bind(organisation_id)
        .bind(id)
        .bind(status)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        found(changed)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn set_survey_window(
        &self,
        organisation_id: i64,
        id: i64,
        opens_at: Option<i64>,
        closes_at: Option<i64>,
        now: i64,
    ) -> StoreResult<()> {
        let _forget = self.public_surveys.forget_after();
        let changed = sqlx::query(
            "UPDATE surveys SET opens_at = $3, closes_at = $4, updated_at = $5 WHERE organisation_id = $1 AND id = $2",
        )
        .bind(organisation_id)
        .bind(id)
        .bind(opens_at)
        .bind(closes_at)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        found(changed)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn set_survey_branding(
        &self,
        organisation_id: i64,
        id: i64,
        brand_name: Option<&str>,
        brand_colour: Option<&str>,
        now: i64,
    ) -> StoreResult<()> {
        let _forget = self.public_surveys.forget_after();
        let changed = sqlx::query(
            "UPDATE surveys SET brand_name = $3, brand_colour = $4, updated_at = $5
             WHERE organisation_id = $1 AND id = $2",
        )
        .bind(organisation_id)
        .bind(id)
        .bind(brand_name)
        .bind(brand_colour)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        found(changed)
    }

    async fn survey_version(&self, survey_id: i64, version: i64) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT definition FROM survey_versions WHERE survey_id = $1 AND version = $2",
        )
        .bind(survey_id)
        .bind(version)
        .fetch_optional(&self.pool)
        .await?)
    }
}

// Response storage, written once for both databases; included by `sqlite.rs` and `postgres.rs` like
// `accounts_sql.rs`, whose `Db`, `ThisStore` and `begin_write` it uses.

use crate::storage::{AnswerRow, CardRow, NewResponse, ResponseStore, ResponseTotals};

#[async_trait::async_trait]
impl ResponseStore for ThisStore {
    #[tracing::instrument(skip_all, err)]
    async fn insert_response(&self, response: NewResponse<'_>) -> StoreResult<i64> {
        let mut tx = begin_write(&self.pool).await?;
        let invite_code_id = match response.invite_code_hash {
            None => None,
            Some(hash) => {
                let code: Option<(i64, Option<i64>)> = sqlx::query_as(
                    "SELECT id, used_at FROM invite_codes WHERE survey_id = $1 AND code_hash = $2",
                )
                .bind(response.survey_id)
                .bind(hash)
                .fetch_optional(&mut *tx)
                .await?;
                let id = match code {
                    None => return Err(StoreError::NotFound),
                    Some((_, Some(_))) => return Err(StoreError::Conflict("invite_code")),
                    Some((id, None)) => id,
                };
                // Conditional, so that of two racing submissions with one code only one wins.
                let used = sqlx::query(
                    "UPDATE invite_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL",
                )
                .bind(id)
                .bind(response.submitted_at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if used == 0 {
                    return Err(StoreError::Conflict("invite_code"));
                }
                Some(id)
            }
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO responses (survey_id, version, submitted_at, respondent_key, invite_code_id)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(response.survey_id)
        .bind(response.version)
        .bind(response.submitted_at)
        .bind(response.respondent_key)
        .bind(invite_code_id)
        .fetch_one(&mut *tx)
        .await?;
        for answer in response.answers {
            let query = match answer {
                AnswerRow::Rank {
                    question,
                    item,
                    rank,
                } => sqlx::query(
                    "INSERT INTO answer_ranks (response_id, question_id, item_id, rank) VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(question)
                .bind(item)
                .bind(rank),
                AnswerRow::Value {
                    question,
                    item,
                    value,
                } => sqlx::query(
                    "INSERT INTO answer_values (response_id, question_id, item_id, value) VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(question)
                .bind(item)
                .bind(value),
                AnswerRow::Choice {
                    question,
                    choice,
                    other_text,
                } => sqlx::query(
                    "INSERT INTO answer_choices (response_id, question_id, choice_id, other_text) VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(question)
                .bind(choice)
                .bind(other_text),
                AnswerRow::Text { question, body } => sqlx::query(
                    "INSERT INTO answer_texts (response_id, question_id, body) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(question)
                .bind(body),
            };
            query.execute(&mut *tx).await?;
        }
        if let Some(card) = response.card {
            sqlx::query(
                "INSERT INTO identity_cards
                    (token, survey_id, reason_id, reason_label, brand_name, brand_colour, display_name, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&card.token)
            .bind(card.survey_id)
            .bind(&card.reason_id)
            .bind(&card.reason_label)
            .bind(&card.brand_name)
            .bind(&card.brand_colour)
            .bind(&card.display_name)
            .bind(card.created_at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn has_responded(&self, survey_id: i64, respondent_key: &str) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM responses WHERE survey_id = $1 AND respondent_key = $2",
        )
        .bind(survey_id)
        .bind(respondent_key)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    async fn response_counts(&self, organisation_id: i64) -> StoreResult<Vec<(i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT s.id, COUNT(r.id) FROM surveys s LEFT JOIN responses r ON r.survey_id = s.id
             WHERE s.organisation_id = $1 GROUP BY s.id",
        )
        .bind(organisation_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn response_totals(&self, survey_id: i64) -> StoreResult<ResponseTotals> {
        let (responses, answer_rows, cards, codes_used): (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT
                (SELECT COUNT(*) FROM responses WHERE survey_id = $1),
                (SELECT COUNT(*) FROM answer_ranks a JOIN responses r ON r.id = a.response_id WHERE r.survey_id = $1)
                + (SELECT COUNT(*) FROM answer_values a JOIN responses r ON r.id = a.response_id WHERE r.survey_id = $1)
                + (SELECT COUNT(*) FROM answer_choices a JOIN responses r ON r.id = a.response_id WHERE r.survey_id = $1)
                + (SELECT COUNT(*) FROM answer_texts a JOIN responses r ON r.id = a.response_id WHERE r.survey_id = $1),
                (SELECT COUNT(*) FROM identity_cards WHERE survey_id = $1),
                (SELECT COUNT(*) FROM invite_codes WHERE survey_id = $1 AND used_at IS NOT NULL)",
        )
        .bind(survey_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(ResponseTotals {
            responses,
            answer_rows,
            cards,
            codes_used,
        })
    }

    #[tracing::instrument(skip_all, err)]
    async fn add_invite_codes(
        &self,
        survey_id: i64,
        hashes: &[String],
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        for hash in hashes {
            sqlx::query(
                "INSERT INTO invite_codes (survey_id, code_hash, created_at) VALUES ($1, $2, $3)",
            )
            .bind(survey_id)
            .bind(hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn invite_code_counts(&self, survey_id: i64) -> StoreResult<(i64, i64)> {
        Ok(
            sqlx::query_as(
                "SELECT COUNT(*), COUNT(used_at) FROM invite_codes WHERE survey_id = $1",
            )
            .bind(survey_id)
            .fetch_one(&self.pool)
            .await?,
        )
    }

    #[tracing::instrument(skip_all, err)]
    async fn set_requires_invite_code(
        &self,
        organisation_id: i64,
        survey_id: i64,
        required: bool,
        now: i64,
    ) -> StoreResult<()> {
        let changed = sqlx::query(
            "UPDATE surveys SET requires_invite_code = $3, updated_at = $4 WHERE organisation_id = $1 AND id = $2",
        )
        .bind(organisation_id)
        .bind(survey_id)
        .bind(required)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        found(changed)
    }

    async fn card(&self, token: &str) -> StoreResult<Option<CardRow>> {
        Ok(sqlx::query_as(
            "SELECT token, survey_id, reason_id, reason_label, brand_name, brand_colour, display_name, created_at
             FROM identity_cards WHERE token = $1",
        )
        .bind(token)
        .fetch_optional(&self.pool)
        .await?)
    }
}

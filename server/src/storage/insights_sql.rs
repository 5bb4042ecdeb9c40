// Sufficient statistics, written once for both databases; included by `sqlite.rs` and
// `postgres.rs`, which name their ordered string aggregate in `ORDERED_CONCAT`. The filters are
// appended with `QueryBuilder`, every value bound.

use crate::storage::{InsightStore, ResponseFilter, SufficientStats};
use sqlx::QueryBuilder;

/// ` WHERE …` selecting the survey's responses `r` that pass the filter.
fn push_filter(query: &mut QueryBuilder<Db>, survey_id: i64, filter: &ResponseFilter) {
    query.push(" WHERE r.survey_id = ").push_bind(survey_id);
    if let Some(from) = filter.from {
        query.push(" AND r.submitted_at >= ").push_bind(from);
    }
    if let Some(to) = filter.to {
        query.push(" AND r.submitted_at < ").push_bind(to);
    }
    for (question, choice) in &filter.segments {
        query
            .push(" AND EXISTS (SELECT 1 FROM answer_choices f WHERE f.response_id = r.id AND f.question_id = ")
            .push_bind(question.clone())
            .push(" AND f.choice_id = ")
            .push_bind(choice.clone())
            .push(")");
    }
}

#[async_trait::async_trait]
impl InsightStore for ThisStore {
    async fn sufficient_stats(
        &self,
        survey_id: i64,
        filter: &ResponseFilter,
        motive: Option<&str>,
    ) -> StoreResult<SufficientStats> {
        let mut query = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM responses r");
        push_filter(&mut query, survey_id, filter);
        let responses: i64 = query.build_query_scalar().fetch_one(&self.pool).await?;

        let mut query = QueryBuilder::<Db>::new(format!(
            "SELECT question_id, pattern, COUNT(*) FROM (SELECT a.question_id, \
             {ORDERED_CONCAT}(a.item_id, ',' ORDER BY a.rank) AS pattern \
             FROM answer_ranks a JOIN responses r ON r.id = a.response_id"
        ));
        push_filter(&mut query, survey_id, filter);
        query.push(" GROUP BY a.response_id, a.question_id) p GROUP BY question_id, pattern");
        let ranking_patterns = query.build_query_as().fetch_all(&self.pool).await?;

        let mut query = QueryBuilder::<Db>::new(format!(
            "SELECT question_id, pattern, COUNT(*) FROM (SELECT a.question_id, \
             {ORDERED_CONCAT}(a.item_id || ':' || a.value, ',' ORDER BY a.item_id) AS pattern \
             FROM answer_values a JOIN responses r ON r.id = a.response_id"
        ));
        push_filter(&mut query, survey_id, filter);
        query.push(
            " AND a.item_id <> '' GROUP BY a.response_id, a.question_id) p GROUP BY question_id, pattern",
        );
        let likert_patterns = query.build_query_as().fetch_all(&self.pool).await?;

        let mut query = QueryBuilder::<Db>::new(
            "SELECT a.question_id, a.value, COUNT(*) FROM answer_values a JOIN responses r ON r.id = a.response_id",
        );
        push_filter(&mut query, survey_id, filter);
        query.push(" AND a.item_id = '' GROUP BY a.question_id, a.value");
        let values = query.build_query_as().fetch_all(&self.pool).await?;

        let mut query = QueryBuilder::<Db>::new(
            "SELECT a.question_id, a.choice_id, COUNT(*) FROM answer_choices a JOIN responses r ON r.id = a.response_id",
        );
        push_filter(&mut query, survey_id, filter);
        query.push(" GROUP BY a.question_id, a.choice_id");
        let choices = query.build_query_as().fetch_all(&self.pool).await?;

        let mut query = QueryBuilder::<Db>::new(
            "SELECT r.submitted_at / 604800 AS week, COUNT(*) FROM responses r",
        );
        push_filter(&mut query, survey_id, filter);
        query.push(" GROUP BY week ORDER BY week");
        let weeks = query.build_query_as().fetch_all(&self.pool).await?;

        let (mut motive_likert, mut motive_values) = (Vec::new(), Vec::new());
        if let Some(ranking) = motive {
            let mut query = QueryBuilder::<Db>::new(format!(
                "SELECT t.item_id, p.question_id, p.pattern, COUNT(*) FROM (SELECT a.response_id, a.question_id, \
                 {ORDERED_CONCAT}(a.item_id || ':' || a.value, ',' ORDER BY a.item_id) AS pattern \
                 FROM answer_values a JOIN responses r ON r.id = a.response_id"
            ));
            push_filter(&mut query, survey_id, filter);
            query
                .push(" AND a.item_id <> '' GROUP BY a.response_id, a.question_id) p")
                .push(" JOIN answer_ranks t ON t.response_id = p.response_id AND t.rank = 1 AND t.question_id = ")
                .push_bind(ranking.to_owned())
                .push(" GROUP BY t.item_id, p.question_id, p.pattern");
            motive_likert = query.build_query_as().fetch_all(&self.pool).await?;

            let mut query = QueryBuilder::<Db>::new(
                "SELECT t.item_id, a.question_id, a.value, COUNT(*) FROM answer_values a \
                 JOIN responses r ON r.id = a.response_id \
                 JOIN answer_ranks t ON t.response_id = a.response_id AND t.rank = 1",
            );
            push_filter(&mut query, survey_id, filter);
            query
                .push(" AND t.question_id = ")
                .push_bind(ranking.to_owned())
                .push(" AND a.item_id = '' GROUP BY t.item_id, a.question_id, a.value");
            motive_values = query.build_query_as().fetch_all(&self.pool).await?;
        }

        Ok(SufficientStats {
            responses,
            ranking_patterns,
            likert_patterns,
            values,
            choices,
            weeks,
            motive_likert,
            motive_values,
        })
    }

    async fn text_answers(
        &self,
        survey_id: i64,
        filter: &ResponseFilter,
        limit: i64,
    ) -> StoreResult<Vec<(String, String, i64)>> {
        let mut query = QueryBuilder::<Db>::new(
            "SELECT a.question_id, a.body, r.submitted_at FROM answer_texts a JOIN responses r ON r.id = a.response_id",
        );
        push_filter(&mut query, survey_id, filter);
        query
            .push(" ORDER BY r.submitted_at DESC, r.id DESC LIMIT ")
            .push_bind(limit);
        Ok(query.build_query_as().fetch_all(&self.pool).await?)
    }
}

#[async_trait::async_trait]
impl crate::storage::ExportStore for ThisStore {
    async fn export_page(
        &self,
        survey_id: i64,
        filter: &ResponseFilter,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<crate::storage::ExportedResponse>> {
        let mut query =
            QueryBuilder::<Db>::new("SELECT r.id, r.submitted_at, r.version FROM responses r");
        push_filter(&mut query, survey_id, filter);
        query
            .push(" AND r.id > ")
            .push_bind(after)
            .push(" ORDER BY r.id LIMIT ")
            .push_bind(limit);
        let heads: Vec<(i64, i64, i64)> = query.build_query_as().fetch_all(&self.pool).await?;
        let (Some(first), Some(last)) = (heads.first(), heads.last()) else {
            return Ok(Vec::new());
        };
        let (low, high) = (first.0, last.0);
        let mut page: Vec<crate::storage::ExportedResponse> = heads
            .iter()
            .map(
                |(id, submitted_at, version)| crate::storage::ExportedResponse {
                    id: *id,
                    submitted_at: *submitted_at,
                    version: *version,
                    ..Default::default()
                },
            )
            .collect();
        let slot = |page: &mut Vec<crate::storage::ExportedResponse>, id: i64| {
            page.binary_search_by_key(&id, |r| r.id).ok()
        };
        // Answers of the page's id range; rows of responses the filter left out are skipped.
        let ranks: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT a.response_id, a.question_id, a.item_id, a.rank FROM answer_ranks a JOIN responses r ON r.id = a.response_id
             WHERE r.survey_id = $1 AND a.response_id >= $2 AND a.response_id <= $3",
        )
        .bind(survey_id)
        .bind(low)
        .bind(high)
        .fetch_all(&self.pool)
        .await?;
        for (id, question, item, rank) in ranks {
            if let Some(i) = slot(&mut page, id) {
                page[i].ranks.push((question, item, rank));
            }
        }
        let values: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT a.response_id, a.question_id, a.item_id, a.value FROM answer_values a JOIN responses r ON r.id = a.response_id
             WHERE r.survey_id = $1 AND a.response_id >= $2 AND a.response_id <= $3",
        )
        .bind(survey_id)
        .bind(low)
        .bind(high)
        .fetch_all(&self.pool)
        .await?;
        for (id, question, item, value) in values {
            if let Some(i) = slot(&mut page, id) {
                page[i].values.push((question, item, value));
            }
        }
        let choices: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
            "SELECT a.response_id, a.question_id, a.choice_id, a.other_text FROM answer_choices a JOIN responses r ON r.id = a.response_id
             WHERE r.survey_id = $1 AND a.response_id >= $2 AND a.response_id <= $3",
        )
        .bind(survey_id)
        .bind(low)
        .bind(high)
        .fetch_all(&self.pool)
        .await?;
        for (id, question, choice, other) in choices {
            if let Some(i) = slot(&mut page, id) {
                page[i].choices.push((question, choice, other));
            }
        }
        let texts: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT a.response_id, a.question_id, a.body FROM answer_texts a JOIN responses r ON r.id = a.response_id
             WHERE r.survey_id = $1 AND a.response_id >= $2 AND a.response_id <= $3",
        )
        .bind(survey_id)
        .bind(low)
        .bind(high)
        .fetch_all(&self.pool)
        .await?;
        for (id, question, body) in texts {
            if let Some(i) = slot(&mut page, id) {
                page[i].texts.push((question, body));
            }
        }
        Ok(page)
    }
}

#[async_trait::async_trait]
impl crate::storage::ShareLinkStore for ThisStore {
    #[tracing::instrument(skip_all, err)]
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

    #[tracing::instrument(skip_all, err)]
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

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

        Ok(SufficientStats {
            responses,
            ranking_patterns,
            likert_patterns,
            values,
            choices,
            weeks,
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

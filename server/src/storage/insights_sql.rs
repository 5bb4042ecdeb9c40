// Sufficient statistics, written once for both databases; included by `sqlite.rs` and
// `postgres.rs`, which name their ordered string aggregate in `ORDERED_CONCAT`. The filters are
// appended with `QueryBuilder`, every value bound.

use crate::storage::{CountShape, InsightStore, ResponseFilter, SufficientStats};
use sqlx::QueryBuilder;
use std::collections::BTreeMap;

/// ` WHERE …` selecting the survey's responses `r` that pass the filter.
fn push_filter(query: &mut QueryBuilder<Db>, survey_id: i64, filter: &ResponseFilter) {
    query.push(" WHERE r.survey_id = ").push_bind(survey_id);
    if let Some(from) = filter.from {
        query.push(" AND r.submitted_at >= ").push_bind(from);
    }
    if let Some(to) = filter.to {
        query.push(" AND r.submitted_at < ").push_bind(to);
    }
    if let Some(after) = filter.after_id {
        query.push(" AND r.id > ").push_bind(after);
    }
    if let Some(up_to) = filter.up_to_id {
        query.push(" AND r.id <= ").push_bind(up_to);
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

/// How counts are split: not at all (one group, `''`), or by the choice each response made in
/// one segment question (joined as `g`; a response with several choices counts in each).
#[derive(Clone, Copy)]
enum Split<'a> {
    Whole,
    BySegment(&'a str),
}

impl Split<'_> {
    /// The group key's SQL expression.
    fn key(self) -> &'static str {
        match self {
            Split::Whole => "''",
            Split::BySegment(_) => "g.choice_id",
        }
    }

    /// The start of a `GROUP BY` list: the key when there is one to group by.
    fn group_by(self) -> &'static str {
        match self {
            Split::Whole => " GROUP BY ",
            Split::BySegment(_) => " GROUP BY g.choice_id, ",
        }
    }

    /// Joins the segment answers `g` to the responses `r`.
    fn push_join(self, query: &mut QueryBuilder<Db>) {
        if let Split::BySegment(question) = self {
            query
                .push(" JOIN answer_choices g ON g.response_id = r.id AND g.question_id = ")
                .push_bind(question.to_owned());
        }
    }
}

/// Which responses a dashboard query counts, and how it splits them.
#[derive(Clone, Copy)]
struct Counted<'a> {
    survey_id: i64,
    filter: &'a ResponseFilter,
    split: Split<'a>,
}

impl Counted<'_> {
    /// `SELECT <group key> AS grp, <columns> FROM <table> a JOIN responses r …` for the counted
    /// responses, `AND <condition>`, grouped by the group key (when split) and `<group>`.
    fn push_grouped(
        self,
        query: &mut QueryBuilder<Db>,
        columns: &str,
        table: &str,
        condition: &str,
        group: &str,
    ) {
        query.push(format!(
            "SELECT {} AS grp, {columns} FROM {table} a JOIN responses r ON r.id = a.response_id",
            self.split.key()
        ));
        self.split.push_join(query);
        push_filter(query, self.survey_id, self.filter);
        query
            .push(condition)
            .push(self.split.group_by())
            .push(group);
    }

    /// Distinct answer patterns of one response each (`<concat>` over a response's rows of one
    /// question in `<table>`), counted per group and question.
    fn patterns(self, concat: &str, table: &str, condition: &str) -> QueryBuilder<Db> {
        let mut query =
            QueryBuilder::<Db>::new("SELECT grp, question_id, pattern, COUNT(*) FROM (");
        self.push_grouped(
            &mut query,
            &format!("a.question_id, {concat} AS pattern"),
            table,
            condition,
            "a.response_id, a.question_id",
        );
        query.push(") p GROUP BY grp, question_id, pattern");
        query
    }
}

/// The agreement answers `a` (`response_id`, `question_id`, `item_id`, `value`) with each one's
/// scale key (`scale_key`: the key `scales` gives its question, else the question id), so that
/// statements of one scale spread over several questions are counted together.
fn push_scale_answers(query: &mut QueryBuilder<Db>, scales: &[(String, String)]) {
    query.push("(SELECT v.response_id, v.question_id, v.item_id, v.value, ");
    if scales.is_empty() {
        // A CASE needs at least one WHEN.
        query.push("v.question_id");
    } else {
        query.push("CASE v.question_id");
        for (question, key) in scales {
            query
                .push(" WHEN ")
                .push_bind(question.clone())
                .push(" THEN ")
                .push_bind(key.clone());
        }
        query.push(" ELSE v.question_id END");
    }
    query.push(" AS scale_key FROM answer_values v WHERE v.item_id <> '') a");
}

/// One response's answers to one scale as text: `question.item:value` pairs joined by `,` in
/// the order of `question.item`.
fn scale_pattern() -> String {
    format!(
        "{ORDERED_CONCAT}(a.question_id || '.' || a.item_id || ':' || a.value, ',' \
         ORDER BY a.question_id || '.' || a.item_id)"
    )
}

impl Counted<'_> {
    /// Distinct answer vectors of each scale (one per response), counted per group and scale.
    fn scale_patterns(self, scales: &[(String, String)]) -> QueryBuilder<Db> {
        let mut query = QueryBuilder::<Db>::new(format!(
            "SELECT grp, scale_key, pattern, COUNT(*) FROM (SELECT {} AS grp, a.scale_key, {} AS pattern FROM ",
            self.split.key(),
            scale_pattern()
        ));
        push_scale_answers(&mut query, scales);
        query.push(" JOIN responses r ON r.id = a.response_id");
        self.split.push_join(&mut query);
        push_filter(&mut query, self.survey_id, self.filter);
        query
            .push(self.split.group_by())
            .push("a.response_id, a.scale_key) p GROUP BY grp, scale_key, pattern");
        query
    }
}

/// Puts each `(group, a, b, count)` row into its group's `field` as `(a, b, count)`.
macro_rules! spread {
    ($groups:expr, $rows:expr, $field:ident) => {
        for (group, a, b, n) in $rows {
            $groups.entry(group).or_default().$field.push((a, b, n));
        }
    };
}

impl ThisStore {
    /// Response counts, ranking orders, scale answer vectors, single values and choices of the
    /// filtered responses, one query per kind whatever the number of groups.
    async fn split_stats(
        &self,
        survey_id: i64,
        filter: &ResponseFilter,
        split: Split<'_>,
        scales: &[(String, String)],
    ) -> StoreResult<BTreeMap<String, SufficientStats>> {
        let counted = Counted {
            survey_id,
            filter,
            split,
        };
        let mut groups = BTreeMap::<String, SufficientStats>::new();

        let mut query =
            QueryBuilder::<Db>::new(format!("SELECT {}, COUNT(*) FROM responses r", split.key()));
        split.push_join(&mut query);
        push_filter(&mut query, survey_id, filter);
        if let Split::BySegment(_) = split {
            query.push(" GROUP BY g.choice_id");
        }
        let counts: Vec<(String, i64)> = query.build_query_as().fetch_all(&self.pool).await?;
        for (group, n) in counts {
            groups.entry(group).or_default().responses = n;
        }

        let ranks = format!("{ORDERED_CONCAT}(a.item_id, ',' ORDER BY a.rank)");
        let mut query = counted.patterns(&ranks, "answer_ranks", "");
        let rows: Vec<(String, String, String, i64)> =
            query.build_query_as().fetch_all(&self.pool).await?;
        spread!(groups, rows, ranking_patterns);

        let mut query = counted.scale_patterns(scales);
        let rows: Vec<(String, String, String, i64)> =
            query.build_query_as().fetch_all(&self.pool).await?;
        spread!(groups, rows, likert_patterns);

        let mut query = QueryBuilder::<Db>::new("");
        counted.push_grouped(
            &mut query,
            "a.question_id, a.value, COUNT(*)",
            "answer_values",
            " AND a.item_id = ''",
            "a.question_id, a.value",
        );
        let rows: Vec<(String, String, i64, i64)> =
            query.build_query_as().fetch_all(&self.pool).await?;
        spread!(groups, rows, values);

        let mut query = QueryBuilder::<Db>::new("");
        counted.push_grouped(
            &mut query,
            "a.question_id, a.choice_id, COUNT(*)",
            "answer_choices",
            "",
            "a.question_id, a.choice_id",
        );
        let rows: Vec<(String, String, String, i64)> =
            query.build_query_as().fetch_all(&self.pool).await?;
        spread!(groups, rows, choices);

        let mut query = QueryBuilder::<Db>::new("");
        counted.push_grouped(
            &mut query,
            "a.question_id, COUNT(DISTINCT a.response_id)",
            "answer_choices",
            "",
            "a.question_id",
        );
        let rows: Vec<(String, String, i64)> =
            query.build_query_as().fetch_all(&self.pool).await?;
        for (group, question, n) in rows {
            groups
                .entry(group)
                .or_default()
                .choice_answered
                .push((question, n));
        }
        Ok(groups)
    }
}

#[async_trait::async_trait]
impl InsightStore for ThisStore {
    async fn last_response_id(&self, survey_id: i64) -> StoreResult<(i64, bool)> {
        let last: Option<i64> =
            sqlx::query_scalar("SELECT MAX(id) FROM responses WHERE survey_id = $1")
                .bind(survey_id)
                .fetch_one(&self.pool)
                .await?;
        Ok((last.unwrap_or(0), IDS_VISIBLE_IN_ORDER))
    }

    async fn sufficient_stats(
        &self,
        survey_id: i64,
        filter: &ResponseFilter,
        shape: &CountShape,
    ) -> StoreResult<SufficientStats> {
        let mut stats = self
            .split_stats(survey_id, filter, Split::Whole, &shape.scales)
            .await?
            .remove("")
            .unwrap_or_default();

        // ISO weeks: 1970-01-01 was a Thursday, so weeks counted from Monday 1969-12-29.
        let mut query = QueryBuilder::<Db>::new(
            "SELECT (r.submitted_at + 259200) / 604800 AS week, COUNT(*) FROM responses r",
        );
        push_filter(&mut query, survey_id, filter);
        query.push(" GROUP BY week ORDER BY week");
        stats.weeks = query.build_query_as().fetch_all(&self.pool).await?;

        if let Some(ranking) = shape.motive.as_deref() {
            let mut query = QueryBuilder::<Db>::new(format!(
                "SELECT t.item_id, p.scale_key, p.pattern, COUNT(*) FROM (SELECT a.response_id, a.scale_key, {} AS pattern FROM ",
                scale_pattern()
            ));
            push_scale_answers(&mut query, &shape.scales);
            query.push(" JOIN responses r ON r.id = a.response_id");
            push_filter(&mut query, survey_id, filter);
            query
                .push(" GROUP BY a.response_id, a.scale_key) p")
                .push(" JOIN answer_ranks t ON t.response_id = p.response_id AND t.rank = 1 AND t.question_id = ")
                .push_bind(ranking.to_owned())
                .push(" GROUP BY t.item_id, p.scale_key, p.pattern");
            stats.motive_likert = query.build_query_as().fetch_all(&self.pool).await?;

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
            stats.motive_values = query.build_query_as().fetch_all(&self.pool).await?;
        }
        Ok(stats)
    }

    async fn segment_stats(
        &self,
        survey_id: i64,
        filter: &ResponseFilter,
        segment: &str,
        shape: &CountShape,
    ) -> StoreResult<BTreeMap<String, SufficientStats>> {
        self.split_stats(survey_id, filter, Split::BySegment(segment), &shape.scales)
            .await
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

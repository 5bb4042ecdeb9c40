// Rollups and open answers, written once for both databases; included by `sqlite.rs` and
// `postgres.rs`, which name how they serialise folds (`FOLD_LOCK`) and rebuilds
// (`REBUILD_LOCK`). Filters are appended with `QueryBuilder`, every value bound.

use crate::storage::spans::{DayRange, SpanCover, TOP_LEVEL, span_start};
use crate::storage::{
    InsightStore, RebuildEntry, ResponseFilter, RollupEntry, RollupRows, SufficientStats,
};
use sqlx::QueryBuilder;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// ` WHERE …` selecting the survey's responses `r` in the filter's date range, and for each
/// segment choice only rows whose answers column holds its text (`LIKE`, a cheap superset: the
/// database skips most rows without handing them over). Readers confirm the choices on the
/// answers they decode ([`passes_segments`]).
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
            .push(" AND r.answers LIKE ")
            .push_bind(choice_pattern(question, choice))
            .push(" ESCAPE '\\'");
    }
}

/// The `LIKE` pattern of a stored choice `[question, choice, …]` anywhere in an answers column:
/// the two ids as JSON writes them, with `LIKE`'s own `%`, `_` and `\` escaped, and anything
/// allowed after each comma — `StoredAnswers` writes compact JSON, but rows PostgreSQL's
/// migration 0012 built with `json_build_array` have a space there. A row it lets through that
/// does not hold the choice is dropped on decoding.
fn choice_pattern(question: &str, choice: &str) -> String {
    let escape = |text: &str, pattern: &mut String| {
        for c in text.chars() {
            if matches!(c, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
    };
    let json = |id: &str| serde_json::to_string(id).unwrap_or_default();
    let mut pattern = String::from("%[");
    escape(&json(question), &mut pattern);
    pattern.push_str(",%");
    escape(&json(choice), &mut pattern);
    pattern.push_str(",%");
    pattern
}

/// Whether a response's choices (question, choice, other text) hold every segment choice of the
/// filter.
fn passes_segments(choices: &[(String, String, Option<String>)], filter: &ResponseFilter) -> bool {
    filter
        .segments
        .iter()
        .all(|(question, choice)| crate::storage::chose(choices, question, choice))
}

/// Cell ids by (survey, signature), once committed: cells are never changed or removed, so every
/// app server may keep them.
#[derive(Clone, Default)]
pub struct CellCache(Arc<Mutex<HashMap<(i64, String), i64>>>);

impl CellCache {
    fn get(&self, key: &(i64, String)) -> Option<i64> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(key)
            .copied()
    }

    fn extend(&self, found: Vec<((i64, String), i64)>) {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .extend(found);
    }
}

/// A cell's choices in canonical form: what finds it again.
fn signature(cell: &[(String, String)]) -> String {
    serde_json::to_string(cell).unwrap_or_default()
}

/// The id of the survey's cell with these choices, created (with its choice rows) if new.
async fn cell_id(
    tx: &mut sqlx::Transaction<'_, Db>,
    survey_id: i64,
    signature: &str,
    cell: &[(String, String)],
) -> Result<i64, sqlx::Error> {
    let created: Option<i64> = sqlx::query_scalar(
        "INSERT INTO rollup_cells (survey_id, signature) VALUES ($1, $2) \
         ON CONFLICT (survey_id, signature) DO NOTHING RETURNING id",
    )
    .bind(survey_id)
    .bind(signature)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = created else {
        return sqlx::query_scalar(
            "SELECT id FROM rollup_cells WHERE survey_id = $1 AND signature = $2",
        )
        .bind(survey_id)
        .bind(signature)
        .fetch_one(&mut **tx)
        .await;
    };
    if !cell.is_empty() {
        QueryBuilder::<Db>::new(
            "INSERT INTO rollup_cell_choices (cell_id, question_id, choice_id) ",
        )
        .push_values(cell, |mut row, (question, choice)| {
            row.push_bind(id)
                .push_bind(question.clone())
                .push_bind(choice.clone());
        })
        .build()
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

/// Where a delta goes: (survey, version, day, cell signature).
type DeltaKey = (i64, i64, i64, String);
/// A delta's cell choices and counts.
type Delta = (Vec<(String, String)>, SufficientStats);

/// Appends one delta per (survey, version, day, cell) to the transaction that stores the
/// responses: the counts of an acknowledged response are committed with it. Returns the cells
/// it found or made, for the cache once the transaction has committed.
async fn insert_rollup_deltas(
    tx: &mut sqlx::Transaction<'_, Db>,
    cells: &CellCache,
    entries: Vec<(i64, i64, RollupEntry)>,
) -> Result<Vec<((i64, String), i64)>, sqlx::Error> {
    let mut deltas: BTreeMap<DeltaKey, Delta> = BTreeMap::new();
    for (survey_id, version, entry) in entries {
        let key = (survey_id, version, entry.day, signature(&entry.cell));
        deltas
            .entry(key)
            .or_insert_with(|| (entry.cell, SufficientStats::default()))
            .1
            .merge(entry.stats);
    }
    let mut found = Vec::new();
    let mut rows = Vec::with_capacity(deltas.len());
    for ((survey_id, version, day, signature), (cell, stats)) in deltas {
        let key = (survey_id, signature);
        let id = match cells.get(&key) {
            Some(id) => id,
            None => {
                let id = cell_id(tx, survey_id, &key.1, &cell).await?;
                found.push((key, id));
                id
            }
        };
        rows.push((survey_id, version, day, id, stats.encode()));
    }
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        QueryBuilder::<Db>::new(
            "INSERT INTO rollup_deltas (survey_id, version, day, cell_id, stats) ",
        )
        .push_values(chunk, |mut row, (survey_id, version, day, cell, stats)| {
            row.push_bind(*survey_id)
                .push_bind(*version)
                .push_bind(*day)
                .push_bind(*cell)
                .push_bind(stats.clone());
        })
        .build()
        .execute(&mut **tx)
        .await?;
    }
    Ok(found)
}

/// Adds `stats` to the kept row of a rollup table (`rollup_days` or `rollup_totals`) with this
/// key, creating it if there is none. `key` names the key columns in order, the survey first.
async fn add_to_rollup(
    tx: &mut sqlx::Transaction<'_, Db>,
    table: &str,
    key: &[(&str, i64)],
    stats: SufficientStats,
) -> StoreResult<()> {
    let mut query = QueryBuilder::<Db>::new(format!("SELECT stats FROM {table} WHERE "));
    let mut separated = query.separated(" AND ");
    for (column, value) in key {
        separated.push(format!("{column} = ")).push_bind_unseparated(*value);
    }
    let kept: Option<Vec<u8>> = query.build_query_scalar().fetch_optional(&mut **tx).await?;
    let mut total = match kept {
        Some(bytes) => SufficientStats::decode(&bytes)?,
        None => SufficientStats::default(),
    };
    total.merge(stats);
    let columns: Vec<&str> = key.iter().map(|(column, _)| *column).collect();
    let mut query = QueryBuilder::<Db>::new(format!(
        "INSERT INTO {table} ({}, stats) VALUES (",
        columns.join(", ")
    ));
    let mut separated = query.separated(", ");
    for (_, value) in key {
        separated.push_bind(*value);
    }
    separated.push_bind(total.encode());
    query.push(format!(
        ") ON CONFLICT ({}) DO UPDATE SET stats = excluded.stats",
        columns.join(", ")
    ));
    query.build().execute(&mut **tx).await?;
    Ok(())
}

/// The sums of some deltas' counts, by the rollup row each goes to.
#[derive(Default)]
struct Folded {
    /// (survey, day, version, cell) → counts.
    days: BTreeMap<(i64, i64, i64, i64), SufficientStats>,
    /// (survey, level, first day, version, cell) → counts.
    spans: BTreeMap<(i64, i64, i64, i64, i64), SufficientStats>,
    /// (survey, version, cell) → counts.
    totals: BTreeMap<(i64, i64, i64), SufficientStats>,
}

impl Folded {
    /// Adds one day row's counts to its spans at every level.
    fn add_to_spans(&mut self, (survey_id, day, version, cell): (i64, i64, i64, i64), stats: &SufficientStats) {
        for level in 1..=TOP_LEVEL {
            let key = (survey_id, i64::from(level), span_start(day, level), version, cell);
            self.spans.entry(key).or_default().merge(stats.clone());
        }
    }
}

fn fold_deltas(deltas: Vec<(i64, i64, i64, i64, i64, Vec<u8>)>) -> StoreResult<Folded> {
    let mut folded = Folded::default();
    for (_, survey_id, version, day, cell, bytes) in deltas {
        let stats = SufficientStats::decode(&bytes)?;
        folded.add_to_spans((survey_id, day, version, cell), &stats);
        folded
            .totals
            .entry((survey_id, version, cell))
            .or_default()
            .merge(stats.clone());
        folded
            .days
            .entry((survey_id, day, version, cell))
            .or_default()
            .merge(stats);
    }
    Ok(folded)
}

/// Writes folded counts into the day, span and total rows.
async fn store_folded(tx: &mut sqlx::Transaction<'_, Db>, folded: Folded) -> StoreResult<()> {
    for ((survey_id, day, version, cell), stats) in folded.days {
        let key = [
            ("survey_id", survey_id),
            ("day", day),
            ("version", version),
            ("cell_id", cell),
        ];
        add_to_rollup(tx, "rollup_days", &key, stats).await?;
    }
    for ((survey_id, level, start, version, cell), stats) in folded.spans {
        let key = [
            ("survey_id", survey_id),
            ("level", level),
            ("start_day", start),
            ("version", version),
            ("cell_id", cell),
        ];
        add_to_rollup(tx, "rollup_spans", &key, stats).await?;
    }
    for ((survey_id, version, cell), stats) in folded.totals {
        let key = [
            ("survey_id", survey_id),
            ("version", version),
            ("cell_id", cell),
        ];
        add_to_rollup(tx, "rollup_totals", &key, stats).await?;
    }
    Ok(())
}

/// Computes the spans of the surveys whose rollups predate them (migration 0013) from their day
/// rows, inside a fold's transaction.
async fn backfill_spans(tx: &mut sqlx::Transaction<'_, Db>) -> StoreResult<()> {
    let pending: Vec<i64> = sqlx::query_scalar("SELECT survey_id FROM rollup_spans_pending")
        .fetch_all(&mut **tx)
        .await?;
    for survey_id in pending {
        sqlx::query("DELETE FROM rollup_spans WHERE survey_id = $1")
            .bind(survey_id)
            .execute(&mut **tx)
            .await?;
        let days: Vec<(i64, i64, i64, Vec<u8>)> = sqlx::query_as(
            "SELECT day, version, cell_id, stats FROM rollup_days WHERE survey_id = $1",
        )
        .bind(survey_id)
        .fetch_all(&mut **tx)
        .await?;
        let mut folded = Folded::default();
        for (day, version, cell, bytes) in days {
            let stats = SufficientStats::decode(&bytes)?;
            folded.add_to_spans((survey_id, day, version, cell), &stats);
        }
        store_folded(tx, folded).await?;
        sqlx::query("DELETE FROM rollup_spans_pending WHERE survey_id = $1")
            .bind(survey_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Appends to `query` the rollup rows of `survey_id` whose days `cover` names, as `SELECT`s
/// joined by `UNION ALL`, read only once the survey's spans exist; and its day rows in `range`
/// while they do not yet.
fn push_covered_rows(
    query: &mut QueryBuilder<Db>,
    survey_id: i64,
    range: DayRange,
    cover: &SpanCover,
) {
    const PENDING: &str = "EXISTS (SELECT 1 FROM rollup_spans_pending WHERE survey_id = ";
    query
        .push("SELECT version, cell_id, stats FROM rollup_days WHERE survey_id = ")
        .push_bind(survey_id);
    push_day_range(query, "day", range);
    query.push(format!(" AND {PENDING}")).push_bind(survey_id).push(")");
    if !cover.days.is_empty() {
        query
            .push(" UNION ALL SELECT version, cell_id, stats FROM rollup_days WHERE survey_id = ")
            .push_bind(survey_id)
            .push(" AND day IN (");
        let mut days = query.separated(", ");
        for day in &cover.days {
            days.push_bind(*day);
        }
        query.push(format!(") AND NOT {PENDING}")).push_bind(survey_id).push(")");
    }
    let mut alternatives: Vec<(i64, &str, Vec<i64>)> = (1..=TOP_LEVEL)
        .map(|level| (i64::from(level), "IN", cover.starts_at(level)))
        .filter(|(_, _, starts)| !starts.is_empty())
        .collect();
    let top = i64::from(TOP_LEVEL);
    if let Some(before) = cover.top_before {
        alternatives.push((top, "<", vec![before]));
    }
    if let Some(from) = cover.top_from {
        alternatives.push((top, ">=", vec![from]));
    }
    if alternatives.is_empty() {
        return;
    }
    query
        .push(" UNION ALL SELECT version, cell_id, stats FROM rollup_spans WHERE survey_id = ")
        .push_bind(survey_id)
        .push(" AND (");
    for (n, (level, op, starts)) in alternatives.into_iter().enumerate() {
        if n > 0 {
            query.push(" OR ");
        }
        query.push("(level = ").push_bind(level).push(" AND start_day ");
        if op == "IN" {
            query.push("IN (");
            let mut list = query.separated(", ");
            for start in starts {
                list.push_bind(start);
            }
            query.push(")");
        } else {
            query.push(op).push(" ").push_bind(starts[0]);
        }
        query.push(")");
    }
    query.push(format!(") AND NOT {PENDING}")).push_bind(survey_id).push(")");
}

/// Appends ` AND {column} >= from AND {column} < to` for the sides of `range` that are closed.
fn push_day_range(query: &mut QueryBuilder<Db>, column: &str, range: DayRange) {
    if let Some(from) = range.from {
        query.push(format!(" AND {column} >= ")).push_bind(from);
    }
    if let Some(to) = range.to {
        query.push(format!(" AND {column} < ")).push_bind(to);
    }
}

/// Rows per page of a rebuild's read of the stored responses.
const REBUILD_PAGE: i64 = 2000;

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

    async fn rollup_rows(&self, survey_id: i64, range: DayRange) -> StoreResult<RollupRows> {
        let rows: Vec<(i64, i64, Vec<u8>)> = if range.is_all() {
            sqlx::query_as(
                "SELECT version, cell_id, stats FROM rollup_totals WHERE survey_id = $1 \
                 UNION ALL SELECT version, cell_id, stats FROM rollup_deltas WHERE survey_id = $1",
            )
            .bind(survey_id)
            .fetch_all(&self.pool)
            .await?
        } else {
            // One statement: a fold that moves deltas into day and span rows meanwhile is seen
            // either wholly before or wholly after.
            let mut query = QueryBuilder::<Db>::new("");
            push_covered_rows(&mut query, survey_id, range, &SpanCover::of(range));
            query
                .push(" UNION ALL SELECT version, cell_id, stats FROM rollup_deltas WHERE survey_id = ")
                .push_bind(survey_id);
            push_day_range(&mut query, "day", range);
            query.build_query_as().fetch_all(&self.pool).await?
        };
        rows.into_iter()
            .map(|(version, cell, bytes)| Ok((version, cell, SufficientStats::decode(&bytes)?)))
            .collect()
    }

    async fn rollup_cells(&self, survey_id: i64) -> StoreResult<Vec<(i64, String, String)>> {
        Ok(sqlx::query_as(
            "SELECT c.id, x.question_id, x.choice_id FROM rollup_cells c \
             JOIN rollup_cell_choices x ON x.cell_id = c.id WHERE c.survey_id = $1",
        )
        .bind(survey_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn fold_rollups(&self, limit: i64) -> StoreResult<usize> {
        // A read first, so that an idle server does not take the write lock every time.
        let pending: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM rollup_deltas) \
             OR EXISTS (SELECT 1 FROM rollup_spans_pending)",
        )
        .fetch_one(&self.pool)
        .await?;
        if !pending {
            return Ok(0);
        }
        let mut tx = begin_write(&self.pool).await?;
        if let Some(lock) = FOLD_LOCK {
            sqlx::raw_sql(lock).execute(&mut *tx).await?;
        }
        backfill_spans(&mut tx).await?;
        let deltas: Vec<(i64, i64, i64, i64, i64, Vec<u8>)> = sqlx::query_as(
            "SELECT id, survey_id, version, day, cell_id, stats FROM rollup_deltas ORDER BY id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        if deltas.is_empty() {
            tx.commit().await?;
            return Ok(0);
        }
        // By id, never by range: on PostgreSQL a delta with a lower id may commit after this read.
        let ids: Vec<i64> = deltas.iter().map(|d| d.0).collect();
        store_folded(&mut tx, fold_deltas(deltas)?).await?;
        for chunk in ids.chunks(ROWS_PER_INSERT) {
            let mut query = QueryBuilder::<Db>::new("DELETE FROM rollup_deltas WHERE id IN (");
            let mut separated = query.separated(", ");
            for id in chunk {
                separated.push_bind(*id);
            }
            query.push(")");
            query.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(ids.len())
    }

    async fn rebuild_rollups(&self, survey_id: i64, entry: RebuildEntry<'_>) -> StoreResult<i64> {
        let mut tx = begin_write(&self.pool).await?;
        if let Some(lock) = REBUILD_LOCK {
            sqlx::raw_sql(lock).execute(&mut *tx).await?;
        }
        for sql in [
            "DELETE FROM rollup_deltas WHERE survey_id = $1",
            "DELETE FROM rollup_days WHERE survey_id = $1",
            "DELETE FROM rollup_spans WHERE survey_id = $1",
            "DELETE FROM rollup_spans_pending WHERE survey_id = $1",
            "DELETE FROM rollup_totals WHERE survey_id = $1",
        ] {
            sqlx::query(sql)
                .bind(survey_id)
                .execute(&mut *tx)
                .await?;
        }
        let cells = CellCache::default();
        let mut counted = 0;
        let mut after = 0;
        loop {
            let page = read_page(
                &mut tx,
                survey_id,
                &ResponseFilter::default(),
                after,
                REBUILD_PAGE,
            )
            .await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            let entries: Vec<(i64, i64, RollupEntry)> = page
                .iter()
                .filter_map(|response| entry(response).map(|e| (survey_id, response.version, e)))
                .collect();
            counted += entries.len() as i64;
            let found = insert_rollup_deltas(&mut tx, &cells, entries).await?;
            cells.extend(found);
        }
        // Fold this survey's deltas right away, inside the same transaction.
        let deltas: Vec<(i64, i64, i64, i64, i64, Vec<u8>)> = sqlx::query_as(
            "SELECT id, survey_id, version, day, cell_id, stats FROM rollup_deltas WHERE survey_id = $1",
        )
        .bind(survey_id)
        .fetch_all(&mut *tx)
        .await?;
        store_folded(&mut tx, fold_deltas(deltas)?).await?;
        sqlx::query("DELETE FROM rollup_deltas WHERE survey_id = $1")
            .bind(survey_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(counted)
    }

    async fn survey_ids(&self) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM surveys ORDER BY id")
            .fetch_all(&self.pool)
            .await?)
    }

    /// Walks the filtered responses newest first, a page at a time, until `limit` answers are
    /// found: a view reads as many responses as it takes to find them, however many are stored.
    async fn text_answers(
        &self,
        survey_id: i64,
        filter: &ResponseFilter,
        limit: i64,
    ) -> StoreResult<Vec<(String, String, i64)>> {
        const PAGE: i64 = 1000;
        let mut found = Vec::new();
        let mut before: Option<(i64, i64)> = None;
        loop {
            let mut query =
                QueryBuilder::<Db>::new("SELECT r.id, r.submitted_at, r.answers FROM responses r");
            push_filter(&mut query, survey_id, filter);
            if let Some((at, id)) = before {
                query
                    .push(" AND (r.submitted_at < ")
                    .push_bind(at)
                    .push(" OR (r.submitted_at = ")
                    .push_bind(at)
                    .push(" AND r.id < ")
                    .push_bind(id)
                    .push("))");
            }
            query
                .push(" ORDER BY r.submitted_at DESC, r.id DESC LIMIT ")
                .push_bind(PAGE);
            let rows: Vec<(i64, i64, String)> =
                query.build_query_as().fetch_all(&self.pool).await?;
            let Some(&(last_id, last_at, _)) = rows.last() else {
                return Ok(found);
            };
            let read = rows.len() as i64;
            for (_, at, text) in rows {
                let answers = crate::storage::StoredChoicesAndTexts::from_json(&text)?;
                if !passes_segments(&answers.choices, filter) {
                    continue;
                }
                let mut texts = answers.texts;
                texts.sort();
                for (question, body) in texts {
                    if found.len() as i64 >= limit {
                        return Ok(found);
                    }
                    found.push((question, body, at));
                }
            }
            if read < PAGE {
                return Ok(found);
            }
            before = Some((last_at, last_id));
        }
    }
}

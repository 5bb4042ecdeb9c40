// Exports, written once for both databases; included by `sqlite.rs` and `postgres.rs` after
// `insights_sql.rs`, whose filter they share. Pages are chosen by response id (keyset), so an
// export of any size holds one page in memory at a time.

/// One answer table's rows (response id, question id, then `$columns`) for the responses with ids
/// `$1..=$2`. The range is read by primary key alone: rows of responses the page does not hold
/// (another survey's, or left out by the filter) are skipped by the caller, which is much cheaper
/// than joining `responses`, whose survey index would be scanned in full for every page.
macro_rules! answers_sql {
    ($columns:literal, $table:literal) => {
        concat!(
            "SELECT response_id, question_id, ",
            $columns,
            " FROM ",
            $table,
            " WHERE response_id >= $1 AND response_id <= $2"
        )
    };
}

/// One answer table's rows for the responses with ids `low..=high` (see `answers_sql!`).
async fn answers_between<T>(
    conn: &mut <Db as sqlx::Database>::Connection,
    sql: &'static str,
    low: i64,
    high: i64,
) -> StoreResult<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin,
{
    Ok(sqlx::query_as(sql)
        .bind(low)
        .bind(high)
        .fetch_all(&mut *conn)
        .await?)
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
        let mut conn = self.pool.acquire().await?;
        read_page(&mut conn, survey_id, filter, after, limit).await
    }

    async fn answered_versions(&self, survey_id: i64) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT v.version FROM survey_versions v WHERE v.survey_id = $1 AND EXISTS \
             (SELECT 1 FROM responses r WHERE r.survey_id = v.survey_id AND r.version = v.version) \
             ORDER BY v.version",
        )
        .bind(survey_id)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// Up to `limit` responses of the survey with ids above `after` that pass the filter, in id
/// order, with all their answers; on any connection, so that a rebuild can read inside its own
/// transaction.
async fn read_page(
    conn: &mut <Db as sqlx::Database>::Connection,
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
        let heads: Vec<(i64, i64, i64)> = query.build_query_as().fetch_all(&mut *conn).await?;
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
        let slot = |page: &[crate::storage::ExportedResponse], id: i64| {
            page.binary_search_by_key(&id, |r| r.id).ok()
        };
        // Answers of the page's id range, kept only for the responses the page holds.
        let ranks: Vec<(i64, String, String, i64)> = answers_between(
            &mut *conn,
            answers_sql!("item_id, rank", "answer_ranks"), low, high)
            .await?;
        for (id, question, item, rank) in ranks {
            if let Some(i) = slot(&page, id) {
                page[i].ranks.push((question, item, rank));
            }
        }
        let values: Vec<(i64, String, String, i64)> = answers_between(
            &mut *conn,
            answers_sql!("item_id, value", "answer_values"), low, high)
            .await?;
        for (id, question, item, value) in values {
            if let Some(i) = slot(&page, id) {
                page[i].values.push((question, item, value));
            }
        }
        let choices: Vec<(i64, String, String, Option<String>)> = answers_between(
            &mut *conn,
            
                answers_sql!("choice_id, other_text", "answer_choices"),
                low,
                high,
            )
            .await?;
        for (id, question, choice, other) in choices {
            if let Some(i) = slot(&page, id) {
                page[i].choices.push((question, choice, other));
            }
        }
        let texts: Vec<(i64, String, String)> = answers_between(
            &mut *conn,
            answers_sql!("body", "answer_texts"), low, high)
            .await?;
        for (id, question, body) in texts {
            if let Some(i) = slot(&page, id) {
                page[i].texts.push((question, body));
            }
        }
        Ok(page)
    }

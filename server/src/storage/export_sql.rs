// Exports, written once for both databases; included by `sqlite.rs` and `postgres.rs` after
// `insights_sql.rs`, whose filter they share. Pages are chosen by response id (keyset), so an
// export of any size holds one page in memory at a time; each response is one row, its answers
// in its `answers` column.

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
/// transaction. Reads pages of `limit` rows until enough pass the segment choices.
async fn read_page(
    conn: &mut <Db as sqlx::Database>::Connection,
    survey_id: i64,
    filter: &ResponseFilter,
    mut after: i64,
    limit: i64,
) -> StoreResult<Vec<crate::storage::ExportedResponse>> {
    let mut page = Vec::new();
    loop {
        let mut query = QueryBuilder::<Db>::new(
            "SELECT r.id, r.submitted_at, r.version, r.answers FROM responses r",
        );
        push_filter(&mut query, survey_id, filter);
        query
            .push(" AND r.id > ")
            .push_bind(after)
            .push(" ORDER BY r.id LIMIT ")
            .push_bind(limit);
        let rows: Vec<(i64, i64, i64, String)> =
            query.build_query_as().fetch_all(&mut *conn).await?;
        let read = rows.len() as i64;
        for (id, submitted_at, version, text) in rows {
            after = id;
            if page.len() as i64 >= limit {
                break;
            }
            let answers = StoredAnswers::from_json(&text)?;
            if !passes_segments(&answers.choices, filter) {
                continue;
            }
            page.push(crate::storage::ExportedResponse {
                id,
                submitted_at,
                version,
                ranks: answers.ranks,
                values: answers.values,
                choices: answers.choices,
                texts: answers.texts,
            });
        }
        if read < limit || page.len() as i64 >= limit {
            return Ok(page);
        }
    }
}

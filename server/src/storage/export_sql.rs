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

    async fn response_lines(
        &self,
        survey_id: i64,
        filter: &ResponseFilter,
        after: i64,
        limit: i64,
    ) -> StoreResult<Option<(crate::storage::ResponseLines, i64)>> {
        let mut conn = self.pool.acquire().await?;
        fetch_lines(&mut conn, survey_id, filter, after, limit).await
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
    while let Some((lines, last)) = fetch_lines(conn, survey_id, filter, after, limit).await? {
        let read = lines.len() as i64;
        for response in lines.responses(filter)? {
            if page.len() as i64 >= limit {
                break;
            }
            page.push(response);
        }
        after = last;
        if read < limit || page.len() as i64 >= limit {
            break;
        }
    }
    Ok(page)
}

/// The next up to `limit` rows of the survey with ids above `after` that may pass the filter, as
/// one text value of a line each (`ResponseLines`), and the last id read; `None` when none are
/// left. sqlx hands every result row across from the database's thread on its own, so one value a
/// page costs far less than a thousand rows.
async fn fetch_lines(
    conn: &mut <Db as sqlx::Database>::Connection,
    survey_id: i64,
    filter: &ResponseFilter,
    after: i64,
    limit: i64,
) -> StoreResult<Option<(crate::storage::ResponseLines, i64)>> {
    let mut query = QueryBuilder::<Db>::new(
        "SELECT string_agg(p.id || ',' || p.submitted_at || ',' || p.version || ',' || p.answers, ",
    );
    query.push_bind("\n").push(
        "), COUNT(*), MAX(p.id) FROM \
         (SELECT r.id, r.submitted_at, r.version, r.answers FROM responses r",
    );
    push_filter(&mut query, survey_id, filter);
    query
        .push(" AND r.id > ")
        .push_bind(after)
        .push(" ORDER BY r.id LIMIT ")
        .push_bind(limit)
        .push(") p");
    let (text, rows, last): (Option<String>, i64, Option<i64>) =
        query.build_query_as().fetch_one(&mut *conn).await?;
    // The aggregate of no rows is NULL.
    let Some((text, last)) = text.zip(last) else {
        return Ok(None);
    };
    let lines = crate::storage::ResponseLines::new(text);
    if lines.len() as i64 != rows {
        return Err(StoreError::Corrupt(format!(
            "{rows} stored responses read as {} lines",
            lines.len()
        )));
    }
    Ok(Some((lines, last)))
}

// Response storage, written once for both databases; included by `sqlite.rs` and `postgres.rs` like
// `accounts_sql.rs`, whose `Db`, `ThisStore` and `begin_write` it uses.

use crate::storage::{CardRow, NewResponse, ResponseStore, ResponseTotals, StoredAnswers};

use crate::storage::batch::{ResponseBatcher, Submitted};

/// Starts the group-commit writer for this store's pool.
fn response_batcher(pool: Pool<Db>, cells: CellCache) -> ResponseBatcher {
    ResponseBatcher::spawn(move |batch| write_batch(pool.clone(), cells.clone(), batch))
}

/// Each of an organisation's surveys' responses and last response time, both read from the
/// `(survey_id, submitted_at)` index.
const ACTIVITY_OF_SURVEYS: &str = "SELECT s.id AS survey_id, \
     (SELECT COUNT(*) FROM responses r WHERE r.survey_id = s.id) AS responses, \
     (SELECT MAX(r.submitted_at) FROM responses r WHERE r.survey_id = s.id) AS last_response_at \
     FROM surveys s WHERE s.organisation_id = $1";

/// [`ACTIVITY_OF_SURVEYS`] of one survey.
const ACTIVITY_OF_SURVEY: &str = "SELECT CAST($1 AS BIGINT) AS survey_id, COUNT(*) AS responses, \
     MAX(submitted_at) AS last_response_at FROM responses WHERE survey_id = $1";

/// Rows per multi-row `INSERT`, well under both databases' limits on bound parameters.
const ROWS_PER_INSERT: usize = 1000;

/// Writes a batch of responses in one transaction and returns their outcomes only once it has
/// committed. Each response row (with its invite code) goes in a savepoint of its own, since that
/// is where a response can be refused; its answers go in its row. The cards of the accepted ones
/// follow in a few multi-row inserts, all values bound, and then their rollup deltas (one per
/// version, day and cell of segment choices the batch touched).
async fn write_batch(
    pool: Pool<Db>,
    cells: CellCache,
    mut batch: Vec<NewResponse>,
) -> Vec<StoreResult<i64>> {
    // Taken out to be moved, not copied, into the deltas.
    let mut rollups: Vec<Option<crate::storage::RollupEntry>> =
        batch.iter_mut().map(|r| r.rollup.take()).collect();
    let failed_all = |message: String| -> Vec<StoreResult<i64>> {
        batch
            .iter()
            .map(|_| Err(StoreError::CommitFailed(message.clone())))
            .collect()
    };
    let mut tx = match begin_write(&pool).await {
        Ok(tx) => tx,
        Err(error) => return failed_all(error.to_string()),
    };
    let mut outcomes: Vec<Option<StoreResult<i64>>> = batch.iter().map(|_| None).collect();
    // A survey closed — through any app server — refuses responses from its close on, whatever a
    // server's kept copy of its row still says (`PublicSurveyCache`).
    match closed_surveys(&mut tx, &batch).await {
        Ok(closed) => {
            for (outcome, response) in outcomes.iter_mut().zip(&batch) {
                if closed
                    .iter()
                    .any(|(id, closes)| *id == response.survey_id && closes.is_none_or(|at| at < response.submitted_at))
                {
                    *outcome = Some(Err(StoreError::Conflict("closed")));
                }
            }
        }
        Err(error) => return failed_all(error.to_string()),
    }
    // Responses without an invite code go in a few multi-row inserts; the rest, and any that
    // those could not store, one by one.
    let plain: Vec<usize> = (0..batch.len())
        .filter(|i| outcomes[*i].is_none() && batch[*i].invite_code_hash.is_none())
        .collect();
    if !plain.is_empty()
        && let Ok(stored) = insert_plain_rows(&mut tx, &batch, &plain).await
    {
        for (i, outcome) in plain.iter().zip(stored) {
            outcomes[*i] = Some(outcome);
        }
    }
    for (i, response) in batch.iter().enumerate() {
        if outcomes[i].is_some() {
            continue;
        }
        // On SQLite a refused INSERT leaves the transaction as it was, so only a response that
        // also uses up an invite code needs a savepoint; PostgreSQL aborts the whole
        // transaction on any error, so there every response gets one.
        if !ABORTS_ON_ERROR && response.invite_code_hash.is_none() {
            outcomes[i] = Some(insert_response_row(&mut tx, response).await);
            continue;
        }
        let outcome = match sqlx::Acquire::begin(&mut tx).await {
            Ok(mut savepoint) => match insert_response_row(&mut savepoint, response).await {
                // Released into the shared transaction; dropped (rolled back) on refusal.
                Ok(id) => savepoint
                    .commit()
                    .await
                    .map(|()| id)
                    .map_err(StoreError::from),
                Err(refused) => Err(refused),
            },
            Err(error) => Err(StoreError::from(error)),
        };
        outcomes[i] = Some(outcome);
    }
    let outcomes: Vec<StoreResult<i64>> = outcomes
        .into_iter()
        .map(|o| o.unwrap_or_else(|| Err(StoreError::CommitFailed("not written".into()))))
        .collect();
    let accepted: Vec<(i64, &NewResponse)> = outcomes
        .iter()
        .zip(&batch)
        .filter_map(|(outcome, response)| outcome.as_ref().ok().map(|id| (*id, response)))
        .collect();
    if let Err(error) = insert_cards(&mut tx, &accepted).await {
        return failed_all(error.to_string());
    }
    let entries = outcomes
        .iter()
        .zip(&batch)
        .zip(&mut rollups)
        .filter(|((outcome, _), _)| outcome.is_ok())
        .filter_map(|((_, r), entry)| entry.take().map(|e| (r.survey_id, r.version, e)))
        .collect();
    let found = match insert_rollup_deltas(&mut tx, &cells, entries).await {
        Ok(found) => found,
        Err(error) => return failed_all(error.to_string()),
    };
    match tx.commit().await {
        Ok(()) => {
            cells.extend(found);
            outcomes
        }
        Err(error) => failed_all(error.to_string()),
    }
}

/// The batch's surveys that are closed or close at some time: (id, `None` if closed now, else the
/// closing time), one statement per batch.
async fn closed_surveys(
    tx: &mut sqlx::Transaction<'_, Db>,
    batch: &[NewResponse],
) -> Result<Vec<(i64, Option<i64>)>, sqlx::Error> {
    let mut ids: Vec<i64> = batch.iter().map(|r| r.survey_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut query = sqlx::QueryBuilder::<Db>::new(
        "SELECT id, status, closes_at FROM surveys WHERE (status = 'closed' OR closes_at IS NOT NULL) AND id IN (",
    );
    let mut separated = query.separated(", ");
    for id in &ids {
        separated.push_bind(*id);
    }
    query.push(")");
    let rows: Vec<(i64, String, Option<i64>)> = query.build_query_as().fetch_all(&mut **tx).await?;
    Ok(rows
        .into_iter()
        .map(|(id, status, closes_at)| (id, if status == "closed" { None } else { closes_at }))
        .collect())
}

/// The rows of the responses at `plain` (none with an invite code), with ids reserved up front
/// (`RESERVE_RESPONSE_IDS`), in multi-row inserts inside a savepoint: one statement per thousand
/// responses instead of one each. A response whose respondent already answered is skipped by
/// `ON CONFLICT DO NOTHING` and refused as `Conflict("respondent")`; on any other error the
/// savepoint is rolled back and the caller stores them one by one.
async fn insert_plain_rows(
    tx: &mut sqlx::Transaction<'_, Db>,
    batch: &[NewResponse],
    plain: &[usize],
) -> Result<Vec<StoreResult<i64>>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(RESERVE_RESPONSE_IDS)
        .bind(plain.len() as i64)
        .fetch_all(&mut **tx)
        .await?;
    if ids.len() != plain.len() {
        return Err(sqlx::Error::Protocol("fewer response ids than asked for".into()));
    }
    let rows: Vec<(i64, &NewResponse)> = ids
        .iter()
        .copied()
        .zip(plain.iter().map(|i| &batch[*i]))
        .collect();
    let mut savepoint = sqlx::Acquire::begin(&mut **tx).await?;
    let mut inserted = std::collections::HashSet::new();
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut query = sqlx::QueryBuilder::<Db>::new(INSERT_RESPONSES);
        query.push_values(chunk, |mut row, (id, response)| {
            row.push_bind(*id)
                .push_bind(response.survey_id)
                .push_bind(response.version)
                .push_bind(response.submitted_at)
                .push_bind(response.respondent_key.clone())
                .push_bind(response.answers.to_json());
        });
        query.push(" ON CONFLICT DO NOTHING RETURNING id");
        let stored: Vec<i64> = query
            .build_query_scalar()
            .fetch_all(&mut *savepoint)
            .await?;
        inserted.extend(stored);
    }
    savepoint.commit().await?;
    Ok(ids
        .into_iter()
        .map(|id| {
            if inserted.contains(&id) {
                Ok(id)
            } else {
                Err(StoreError::Conflict("respondent"))
            }
        })
        .collect())
}

/// The response row, using up its invite code; the one place a response can be refused.
async fn insert_response_row(
    tx: &mut sqlx::Transaction<'_, Db>,
    response: &NewResponse,
) -> StoreResult<i64> {
    let invite_code_id = match &response.invite_code_hash {
        None => None,
        Some(hash) => {
            let code: Option<(i64, Option<i64>)> = sqlx::query_as(
                "SELECT id, used_at FROM invite_codes WHERE survey_id = $1 AND code_hash = $2",
            )
            .bind(response.survey_id)
            .bind(hash)
            .fetch_optional(&mut **tx)
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
            .execute(&mut **tx)
            .await?
            .rows_affected();
            if used == 0 {
                return Err(StoreError::Conflict("invite_code"));
            }
            Some(id)
        }
    };
    Ok(sqlx::query_scalar(
        "INSERT INTO responses (survey_id, version, submitted_at, respondent_key, invite_code_id, answers)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(response.survey_id)
    .bind(response.version)
    .bind(response.submitted_at)
    .bind(&response.respondent_key)
    .bind(invite_code_id)
    .bind(response.answers.to_json())
    .fetch_one(&mut **tx)
    .await?)
}

/// The cards of the accepted responses, a few multi-row inserts (their answers went in with
/// their rows).
async fn insert_cards(
    tx: &mut sqlx::Transaction<'_, Db>,
    accepted: &[(i64, &NewResponse)],
) -> Result<(), sqlx::Error> {
    let cards: Vec<&CardRow> = accepted
        .iter()
        .filter_map(|(_, r)| r.card.as_ref())
        .collect();
    for chunk in cards.chunks(ROWS_PER_INSERT) {
        sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO identity_cards (token, survey_id, reason_id, reason_label, brand_name, brand_colour, display_name, created_at) ",
        )
        .push_values(chunk, |mut row, card| {
            row.push_bind(card.token.clone())
                .push_bind(card.survey_id)
                .push_bind(card.reason_id.clone())
                .push_bind(card.reason_label.clone())
                .push_bind(card.brand_name.clone())
                .push_bind(card.brand_colour.clone())
                .push_bind(card.display_name.clone())
                .push_bind(card.created_at);
        })
        .build()
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl ResponseStore for ThisStore {
    #[tracing::instrument(skip_all, err(level = "debug"))]
    async fn insert_response(&self, response: NewResponse) -> StoreResult<i64> {
        match self.batcher.submit(response).await {
            Submitted::Done(outcome) => outcome,
            Submitted::NotQueued(response) => {
                write_batch(self.pool.clone(), self.cells.clone(), vec![*response])
                .await
                .pop()
                    .unwrap_or(Err(StoreError::CommitFailed("empty batch".into())))
            }
        }
    }

    async fn insert_batch(&self, responses: Vec<NewResponse>) -> Vec<StoreResult<i64>> {
        write_batch(self.pool.clone(), self.cells.clone(), responses).await
    }

    async fn respondent_response(
        &self,
        survey_id: i64,
        respondent_key: &str,
    ) -> StoreResult<Option<(i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT id, submitted_at FROM responses WHERE survey_id = $1 AND respondent_key = $2",
        )
        .bind(survey_id)
        .bind(respondent_key)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn response_activity(
        &self,
        organisation_id: i64,
    ) -> StoreResult<Vec<crate::storage::ResponseActivity>> {
        Ok(sqlx::query_as(ACTIVITY_OF_SURVEYS)
            .bind(organisation_id)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn response_totals(&self, survey_id: i64) -> StoreResult<ResponseTotals> {
        let (responses, cards, codes_used): (i64, i64, i64) = sqlx::query_as(
            "SELECT
                (SELECT COUNT(*) FROM responses WHERE survey_id = $1),
                (SELECT COUNT(*) FROM identity_cards WHERE survey_id = $1),
                (SELECT COUNT(*) FROM invite_codes WHERE survey_id = $1 AND used_at IS NOT NULL)",
        )
        .bind(survey_id)
        .fetch_one(&self.pool)
        .await?;
        let stored: Vec<String> = sqlx::query_scalar("SELECT answers FROM responses WHERE survey_id = $1")
            .bind(survey_id)
            .fetch_all(&self.pool)
            .await?;
        let mut answer_rows = 0;
        for text in stored {
            let answers = StoredAnswers::from_json(&text)?;
            answer_rows += (answers.ranks.len()
                + answers.values.len()
                + answers.choices.len()
                + answers.texts.len()) as i64;
        }
        Ok(ResponseTotals {
            responses,
            answer_rows,
            cards,
            codes_used,
        })
    }

    async fn survey_activity(&self, survey_id: i64) -> StoreResult<crate::storage::ResponseActivity> {
        Ok(sqlx::query_as(ACTIVITY_OF_SURVEY)
            .bind(survey_id)
            .fetch_one(&self.pool)
            .await?)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
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

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn set_requires_invite_code(
        &self,
        organisation_id: i64,
        survey_id: i64,
        required: bool,
        now: i64,
    ) -> StoreResult<()> {
        let _forget = self.public_surveys.forget_after();
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

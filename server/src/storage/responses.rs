//! Responses and what guards them: invite codes, respondent keys, identity cards.

use super::StoreResult;
use async_trait::async_trait;

/// One stored row of an answer, in the typed table it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerRow {
    Rank {
        question: String,
        item: String,
        rank: i64,
    },
    /// A Likert point (item set), or an overlap or NPS value (item empty).
    Value {
        question: String,
        item: String,
        value: i64,
    },
    Choice {
        question: String,
        choice: String,
        other_text: Option<String>,
    },
    Text {
        question: String,
        body: String,
    },
}

/// The card a respondent can share: the reason they ranked first.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CardRow {
    pub token: String,
    pub survey_id: i64,
    pub reason_id: String,
    pub reason_label: String,
    pub brand_name: String,
    pub brand_colour: Option<String>,
    pub display_name: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewResponse {
    pub survey_id: i64,
    pub version: i64,
    pub submitted_at: i64,
    /// Hash of the respondent cookie; `None` when the browser sent none (or for the JSON API).
    pub respondent_key: Option<String>,
    /// Hash of the invite code given; it is used up in the same transaction.
    pub invite_code_hash: Option<String>,
    pub answers: Vec<AnswerRow>,
    pub card: Option<CardRow>,
    /// Its counts for the dashboard, written with it (`None` for none).
    pub rollup: Option<super::RollupEntry>,
}

/// How much one survey has stored, for the surveys list and for tests that check a refused
/// submission wrote nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ResponseTotals {
    pub responses: i64,
    pub answer_rows: i64,
    pub cards: i64,
    pub codes_used: i64,
}

#[async_trait]
pub trait ResponseStore: Send + Sync {
    /// Stores a response, all its answers and its card in one transaction, using up the invite
    /// code if one is given. `Conflict("respondent")` when this respondent already answered,
    /// `Conflict("invite_code")` when the code was used, `NotFound` when the code does not exist
    /// for this survey. Returns the response id once committed. Concurrent calls are written in
    /// shared transactions (group commit), each response in a savepoint of its own, and every
    /// caller hears back only after the commit that holds its response.
    async fn insert_response(&self, response: NewResponse) -> StoreResult<i64>;
    /// Stores many responses in one transaction, outside the group-commit queue (imports and
    /// seeding): each outcome as `insert_response` would give it.
    async fn insert_batch(&self, responses: Vec<NewResponse>) -> Vec<StoreResult<i64>>;
    /// The response this respondent gave to the survey, if any: (response id, submitted at).
    async fn respondent_response(
        &self,
        survey_id: i64,
        respondent_key: &str,
    ) -> StoreResult<Option<(i64, i64)>>;
    async fn response_counts(&self, organisation_id: i64) -> StoreResult<Vec<(i64, i64)>>;
    async fn response_totals(&self, survey_id: i64) -> StoreResult<ResponseTotals>;
    async fn add_invite_codes(
        &self,
        survey_id: i64,
        hashes: &[String],
        now: i64,
    ) -> StoreResult<()>;
    /// (issued, used).
    async fn invite_code_counts(&self, survey_id: i64) -> StoreResult<(i64, i64)>;
    async fn set_requires_invite_code(
        &self,
        organisation_id: i64,
        survey_id: i64,
        required: bool,
        now: i64,
    ) -> StoreResult<()>;
    async fn card(&self, token: &str) -> StoreResult<Option<CardRow>>;
}

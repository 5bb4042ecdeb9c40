//! Responses and what guards them: invite codes, respondent keys, identity cards.

use super::StoreResult;
use async_trait::async_trait;

/// One answer of a response as it is counted and stored: a ranked item, a point, a choice or a
/// text.
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

/// A response's answers as its row stores them, in the `answers` column: compact JSON of four
/// typed lists, `{"r": [[question, item, rank]], "v": [[question, item, value]], "c": [[question,
/// choice, other text or null]], "t": [[question, text]]}` (migration 0012). One row per response
/// makes a submission one row to write and an export one row to read per response.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct StoredAnswers {
    /// (question, item, rank from 1)
    #[serde(rename = "r", default)]
    pub ranks: Vec<(String, String, i64)>,
    /// (question, item — empty for single values, value)
    #[serde(rename = "v", default)]
    pub values: Vec<(String, String, i64)>,
    /// (question, choice, other text)
    #[serde(rename = "c", default)]
    pub choices: Vec<(String, String, Option<String>)>,
    /// (question, text)
    #[serde(rename = "t", default)]
    pub texts: Vec<(String, String)>,
}

impl StoredAnswers {
    /// The answers in their four lists, in the order given.
    pub fn of_rows(rows: &[AnswerRow]) -> Self {
        let mut stored = Self::default();
        for row in rows {
            match row {
                AnswerRow::Rank {
                    question,
                    item,
                    rank,
                } => stored.ranks.push((question.clone(), item.clone(), *rank)),
                AnswerRow::Value {
                    question,
                    item,
                    value,
                } => stored.values.push((question.clone(), item.clone(), *value)),
                AnswerRow::Choice {
                    question,
                    choice,
                    other_text,
                } => stored
                    .choices
                    .push((question.clone(), choice.clone(), other_text.clone())),
                AnswerRow::Text { question, body } => {
                    stored.texts.push((question.clone(), body.clone()))
                }
            }
        }
        stored
    }

    /// The answers as the rows they were written as: ranks, then values, choices and texts (the
    /// inverse of [`StoredAnswers::of_rows`] up to that order).
    pub fn rows(&self) -> Vec<AnswerRow> {
        let ranks = self
            .ranks
            .iter()
            .map(|(question, item, rank)| AnswerRow::Rank {
                question: question.clone(),
                item: item.clone(),
                rank: *rank,
            });
        let values = self
            .values
            .iter()
            .map(|(question, item, value)| AnswerRow::Value {
                question: question.clone(),
                item: item.clone(),
                value: *value,
            });
        let choices = self
            .choices
            .iter()
            .map(|(question, choice, other)| AnswerRow::Choice {
                question: question.clone(),
                choice: choice.clone(),
                other_text: other.clone(),
            });
        let texts = self.texts.iter().map(|(question, body)| AnswerRow::Text {
            question: question.clone(),
            body: body.clone(),
        });
        ranks.chain(values).chain(choices).chain(texts).collect()
    }

    /// The column's text.
    pub fn to_json(&self) -> String {
        // Strings, integers and lists only: serialising them cannot fail.
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Reads the column's text; `Corrupt` if it is not this shape.
    pub fn from_json(text: &str) -> StoreResult<Self> {
        serde_json::from_str(text)
            .map_err(|e| super::StoreError::Corrupt(format!("answers column: {e}")))
    }

    /// Whether the response chose `choice` at `question`.
    pub fn chose(&self, question: &str, choice: &str) -> bool {
        chose(&self.choices, question, choice)
    }
}

/// Whether `choices` (question, choice, other text) hold `choice` at `question`.
pub fn chose(choices: &[(String, String, Option<String>)], question: &str, choice: &str) -> bool {
    choices.iter().any(|(q, c, _)| q == question && c == choice)
}

/// Only the choices and texts of an answers column ([`StoredAnswers`]): what the open answers
/// need, read without allocating the ranks and points.
#[derive(Debug, Default, serde::Deserialize)]
pub struct StoredChoicesAndTexts {
    #[serde(rename = "c", default)]
    pub choices: Vec<(String, String, Option<String>)>,
    #[serde(rename = "t", default)]
    pub texts: Vec<(String, String)>,
}

impl StoredChoicesAndTexts {
    /// Reads the column's text; `Corrupt` if it is not an answers column.
    pub fn from_json(text: &str) -> StoreResult<Self> {
        serde_json::from_str(text)
            .map_err(|e| super::StoreError::Corrupt(format!("answers column: {e}")))
    }
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
    pub answers: StoredAnswers,
    pub card: Option<CardRow>,
    /// Its counts for the dashboard, written with it (`None` for none).
    pub rollup: Option<super::RollupEntry>,
}

/// How many responses a survey has, and when the last came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct ResponseActivity {
    pub survey_id: i64,
    pub responses: i64,
    /// Unix seconds; `None` before the first response.
    pub last_response_at: Option<i64>,
}

/// How much one survey has stored, for the surveys list and for tests that check a refused
/// submission wrote nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ResponseTotals {
    pub responses: i64,
    /// Answers stored: ranked items, points, choices and texts (a template response has 17).
    pub answer_rows: i64,
    pub cards: i64,
    pub codes_used: i64,
}

#[async_trait]
pub trait ResponseStore: Send + Sync {
    /// Stores a response, all its answers and its card in one transaction, using up the invite
    /// code if one is given. `Conflict("respondent")` when this respondent already answered,
    /// `Conflict("invite_code")` when the code was used, `NotFound` when the code does not exist
    /// for this survey, `Conflict("closed")` when the survey is closed or its closing time has
    /// passed as the response is written. Returns the response id once committed. Concurrent calls are written in
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
    /// How many responses each of the organisation's surveys has and when the last came.
    async fn response_activity(&self, organisation_id: i64) -> StoreResult<Vec<ResponseActivity>>;
    /// Everything the survey's responses stored; reads every response, so for tests and
    /// operators, not pages.
    async fn response_totals(&self, survey_id: i64) -> StoreResult<ResponseTotals>;
    /// How many responses the survey has and when the last came.
    async fn survey_activity(&self, survey_id: i64) -> StoreResult<ResponseActivity>;
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

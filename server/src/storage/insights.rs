//! What the dashboard is computed from: counts that SQL aggregates (distinct ranking orders,
//! distinct answer vectors of each agreement scale, counts per value and per choice, responses per
//! week), so a dashboard's cost does not grow with stored rows beyond those aggregates.

use super::StoreResult;
use async_trait::async_trait;
use std::collections::BTreeMap;

/// Which responses count: all of one survey, optionally only those with given segment choices
/// and within a time range (Unix seconds, `from` inclusive, `to` exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ResponseFilter {
    pub segments: Vec<(String, String)>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// Response ids above this one only …
    pub after_id: Option<i64>,
    /// … and up to this one: with both, the counts of responses stored between two readings.
    pub up_to_id: Option<i64>,
}

/// What shapes a dashboard's counts besides the filter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CountShape {
    /// The ranking question whose first choice splits the motive × fit counts.
    pub motive: Option<String>,
    /// (agreement question id, scale key), as `Definition::scale_keys` gives them: answers to one
    /// scale are counted as one vector even when its statements span several questions.
    pub scales: Vec<(String, String)>,
}

impl CountShape {
    /// A text naming this shape, for keeping counts apart in a cache.
    pub fn key(&self) -> String {
        format!("{self:?}")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SufficientStats {
    pub responses: i64,
    /// (question, item ids in rank order joined by `,`, count).
    pub ranking_patterns: Vec<(String, String, i64)>,
    /// (scale key, `question.item:value` pairs joined by `,`, count): one pattern per response
    /// and scale.
    pub likert_patterns: Vec<(String, String, i64)>,
    /// (question, value, count) for single-value questions (overlap, NPS).
    pub values: Vec<(String, i64, i64)>,
    /// (question, choice, count).
    pub choices: Vec<(String, String, i64)>,
    /// (choice question, responses that chose anything in it): what a choice's count rests on,
    /// which for multiple choice is not the sum of its counts.
    pub choice_answered: Vec<(String, i64)>,
    /// (ISO week number since Monday 1969-12-29, count), for weeks with responses.
    pub weeks: Vec<(i64, i64)>,
    /// Motive × fit: (item ranked first in the first ranking question, scale key, answer
    /// vector, count) for agreement scales …
    pub motive_likert: Vec<(String, String, String, i64)>,
    /// … and (item ranked first, question, value, count) for single values (overlap, NPS).
    pub motive_values: Vec<(String, String, i64, i64)>,
}

impl SufficientStats {
    /// Adds the counts of other responses (stored after these, say): every statistic here is a
    /// count, so the counts of two disjoint sets of responses add up to those of their union.
    pub fn merge(&mut self, other: SufficientStats) {
        fn add<K: Ord>(into: &mut Vec<(K, i64)>, from: Vec<(K, i64)>) {
            let mut counts: BTreeMap<K, i64> = std::mem::take(into).into_iter().collect();
            for (key, n) in from {
                *counts.entry(key).or_default() += n;
            }
            *into = counts.into_iter().collect();
        }
        fn keyed<A, B, C>(rows: Vec<(A, B, C, i64)>) -> Vec<((A, B, C), i64)> {
            rows.into_iter()
                .map(|(a, b, c, n)| ((a, b, c), n))
                .collect()
        }
        fn pairs<A, B>(rows: Vec<(A, B, i64)>) -> Vec<((A, B), i64)> {
            rows.into_iter().map(|(a, b, n)| ((a, b), n)).collect()
        }
        fn unpair<A, B>(rows: Vec<((A, B), i64)>) -> Vec<(A, B, i64)> {
            rows.into_iter().map(|((a, b), n)| (a, b, n)).collect()
        }
        fn unkey<A, B, C>(rows: Vec<((A, B, C), i64)>) -> Vec<(A, B, C, i64)> {
            rows.into_iter()
                .map(|((a, b, c), n)| (a, b, c, n))
                .collect()
        }
        macro_rules! merge_pairs {
            ($field:ident) => {{
                let mut mine = pairs(std::mem::take(&mut self.$field));
                add(&mut mine, pairs(other.$field));
                self.$field = unpair(mine);
            }};
        }
        macro_rules! merge_triples {
            ($field:ident) => {{
                let mut mine = keyed(std::mem::take(&mut self.$field));
                add(&mut mine, keyed(other.$field));
                self.$field = unkey(mine);
            }};
        }
        self.responses += other.responses;
        merge_pairs!(ranking_patterns);
        merge_pairs!(likert_patterns);
        merge_pairs!(values);
        merge_pairs!(choices);
        add(&mut self.choice_answered, other.choice_answered);
        add(&mut self.weeks, other.weeks);
        merge_triples!(motive_likert);
        merge_triples!(motive_values);
    }
}

#[async_trait]
pub trait InsightStore: Send + Sync {
    /// The highest response id of the survey (0 before the first response), and whether ids
    /// become visible in order: if so, no response with a lower id can still appear later, and
    /// counts up to this id can be kept and topped up with the responses after it.
    async fn last_response_id(&self, survey_id: i64) -> StoreResult<(i64, bool)>;
    /// Every count of the filtered responses, shaped by `shape`.
    async fn sufficient_stats(
        &self,
        survey_id: i64,
        filter: &ResponseFilter,
        shape: &CountShape,
    ) -> StoreResult<SufficientStats>;
    /// The same counts split by the choice each response made in one segment question (a response
    /// with several choices counts in each; `weeks` and motive × fit left empty), keyed by choice
    /// id: one query per kind of count, however many choices there are.
    async fn segment_stats(
        &self,
        survey_id: i64,
        filter: &ResponseFilter,
        segment: &str,
        shape: &CountShape,
    ) -> StoreResult<BTreeMap<String, SufficientStats>>;
    /// Open-text answers, newest first: (question, text, submitted at).
    async fn text_answers(
        &self,
        survey_id: i64,
        filter: &ResponseFilter,
        limit: i64,
    ) -> StoreResult<Vec<(String, String, i64)>>;
}

/// One response's row for an export: id, time, version and its answer rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExportedResponse {
    pub id: i64,
    pub submitted_at: i64,
    pub version: i64,
    /// (question, item, rank)
    pub ranks: Vec<(String, String, i64)>,
    /// (question, item — empty for single values, value)
    pub values: Vec<(String, String, i64)>,
    /// (question, choice, other text)
    pub choices: Vec<(String, String, Option<String>)>,
    /// (question, text)
    pub texts: Vec<(String, String)>,
}

#[async_trait]
pub trait ExportStore: Send + Sync {
    /// Up to `limit` responses with ids above `after`, in id order, with all their answers: one
    /// page of an export, so an export of any size holds one page in memory at a time.
    async fn export_page(
        &self,
        survey_id: i64,
        filter: &ResponseFilter,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<ExportedResponse>>;
    /// The versions of the survey that have at least one response, in order.
    async fn answered_versions(&self, survey_id: i64) -> StoreResult<Vec<i64>>;
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ShareLinkRow {
    pub id: i64,
    pub survey_id: i64,
    pub show_texts: bool,
    pub expires_at: i64,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

#[async_trait]
pub trait ShareLinkStore: Send + Sync {
    async fn create_share_link(
        &self,
        survey_id: i64,
        token_hash: &str,
        show_texts: bool,
        expires_at: i64,
        now: i64,
    ) -> StoreResult<i64>;
    async fn share_links(&self, survey_id: i64) -> StoreResult<Vec<ShareLinkRow>>;
    /// `NotFound` unless the link belongs to this organisation's survey.
    async fn revoke_share_link(
        &self,
        organisation_id: i64,
        link_id: i64,
        now: i64,
    ) -> StoreResult<()>;
    /// The link with this secret and the organisation whose survey it shows.
    async fn share_link(&self, token_hash: &str) -> StoreResult<Option<(ShareLinkRow, i64)>>;
}

//! What the dashboard is computed from: rollups, the sufficient statistics of every figure,
//! written with each response and kept per (survey, version, day, cell of segment choices), so
//! that a view sums a bounded number of rows whatever the number of responses.

use super::spans::DayRange;
use super::{StoreError, StoreResult};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which responses count: all of one survey, optionally only those with given segment choices
/// and within a time range (Unix seconds, `from` inclusive, `to` exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ResponseFilter {
    pub segments: Vec<(String, String)>,
    pub from: Option<i64>,
    pub to: Option<i64>,
}

/// Seconds in a day: rollups are kept per UTC day.
pub const DAY_SECONDS: i64 = 24 * 60 * 60;

/// Adds `n` to the count kept under `key`.
fn bump<K: Ord>(map: &mut BTreeMap<K, i64>, key: K, n: i64) {
    *map.entry(key).or_default() += n;
}

/// Adds every count of `from` into `into`.
fn add_counts<K: Ord>(into: &mut BTreeMap<K, i64>, from: BTreeMap<K, i64>) {
    for (key, n) in from {
        bump(into, key, n);
    }
}

/// Adds nested counts (question → key → count).
fn add_nested<K: Ord>(
    into: &mut BTreeMap<String, BTreeMap<K, i64>>,
    from: BTreeMap<String, BTreeMap<K, i64>>,
) {
    for (question, counts) in from {
        add_counts(into.entry(question).or_default(), counts);
    }
}

/// One statement of an agreement scale as a version asked it: question, item, reverse-keyed.
pub type Statement = (String, String, bool);

/// The statements of a scale in order, and its points: what makes two versions' answers to a
/// scale comparable statement by statement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ScaleForm {
    pub points: u8,
    pub statements: Vec<Statement>,
}

/// Sums and cross-products of a scale's statements (after reversing) over the respondents who
/// answered every one: what Cronbach's α and the item covariances need. Integers, so sums are
/// exact in any order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ItemSums {
    pub n: i64,
    /// Σ xᵢ, one per statement.
    pub sums: Vec<i64>,
    /// Σ xᵢ·xⱼ, row-major k × k.
    pub cross: Vec<i64>,
}

impl ItemSums {
    fn add(&mut self, other: ItemSums) {
        if self.n == 0 {
            *self = other;
            return;
        }
        self.n += other.n;
        for (a, b) in self.sums.iter_mut().zip(other.sums) {
            *a += b;
        }
        for (a, b) in self.cross.iter_mut().zip(other.cross) {
            *a += b;
        }
    }
}

/// One agreement scale's counts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScaleStats {
    /// (statements answered, sum of their points after reversing) → respondents, for those who
    /// answered enough statements to have a score (mean = sum / answered).
    pub scores: BTreeMap<(i64, i64), i64>,
    /// Per form of the scale (versions may differ), the item sums of complete answers.
    pub complete: BTreeMap<ScaleForm, ItemSums>,
}

impl ScaleStats {
    fn add(&mut self, other: ScaleStats) {
        add_counts(&mut self.scores, other.scores);
        for (form, sums) in other.complete {
            self.complete.entry(form).or_default().add(sums);
        }
    }
}

/// The counts of the respondents who ranked one reason first (motive × fit).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MotiveStats {
    /// scale key → score counts, as in [`ScaleStats::scores`].
    pub scores: BTreeMap<String, BTreeMap<(i64, i64), i64>>,
    /// question → value → count, for overlap and NPS.
    pub values: BTreeMap<String, BTreeMap<i64, i64>>,
}

/// Every count a dashboard is computed from, for one set of responses. Counts of disjoint sets
/// add up to the counts of their union ([`SufficientStats::merge`]), which is what makes them
/// rollups. Stored encoded with postcard; typed throughout.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SufficientStats {
    pub responses: i64,
    /// ranking question → order (item ids, first to last) → count.
    pub ranking_orders: BTreeMap<String, BTreeMap<Vec<String>, i64>>,
    /// question → value → count, for single-value questions (overlap, NPS).
    pub values: BTreeMap<String, BTreeMap<i64, i64>>,
    /// agreement question → (statement item, point as answered) → count.
    pub statement_values: BTreeMap<String, BTreeMap<(String, i64), i64>>,
    /// choice question → choice → count.
    pub choices: BTreeMap<String, BTreeMap<String, i64>>,
    /// choice question → responses that chose anything in it: what a choice's count rests on,
    /// which for multiple choice is not the sum of its counts.
    pub choice_answered: BTreeMap<String, i64>,
    /// scale key (as `Definition::scale_keys` gives it) → counts.
    pub scales: BTreeMap<String, ScaleStats>,
    /// item ranked first in the survey's first ranking question → counts of those respondents.
    pub motives: BTreeMap<String, MotiveStats>,
    /// day (days since 1970-01-01, UTC) → responses.
    pub days: BTreeMap<i64, i64>,
}

impl SufficientStats {
    /// Adds the counts of other responses: every statistic here is a count or a sum, so the
    /// counts of two disjoint sets of responses add up to those of their union.
    pub fn merge(&mut self, other: SufficientStats) {
        if *self == SufficientStats::default() {
            *self = other;
            return;
        }
        self.responses += other.responses;
        add_nested(&mut self.ranking_orders, other.ranking_orders);
        add_nested(&mut self.values, other.values);
        add_nested(&mut self.statement_values, other.statement_values);
        add_nested(&mut self.choices, other.choices);
        add_counts(&mut self.choice_answered, other.choice_answered);
        for (key, scale) in other.scales {
            self.scales.entry(key).or_default().add(scale);
        }
        for (reason, motive) in other.motives {
            let mine = self.motives.entry(reason).or_default();
            add_nested(&mut mine.scores, motive.scores);
            add_nested(&mut mine.values, motive.values);
        }
        add_counts(&mut self.days, other.days);
    }

    /// The compact form kept in the database.
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    /// Reads what [`Self::encode`] wrote; `Corrupt` if it cannot.
    pub fn decode(bytes: &[u8]) -> StoreResult<Self> {
        postcard::from_bytes(bytes)
            .map_err(|e| super::StoreError::Corrupt(format!("unreadable rollup: {e}")))
    }

    /// Counts one response, submitted on `day`, into these.
    pub fn count_response(&mut self, day: i64) {
        self.responses += 1;
        bump(&mut self.days, day, 1);
    }
}

/// Helpers for building one response's counts.
impl SufficientStats {
    pub fn add_order(&mut self, question: &str, order: Vec<String>) {
        bump(
            self.ranking_orders.entry(question.to_owned()).or_default(),
            order,
            1,
        );
    }
    pub fn add_value(&mut self, question: &str, value: i64) {
        bump(
            self.values.entry(question.to_owned()).or_default(),
            value,
            1,
        );
    }
    pub fn add_statement(&mut self, question: &str, item: &str, value: i64) {
        bump(
            self.statement_values
                .entry(question.to_owned())
                .or_default(),
            (item.to_owned(), value),
            1,
        );
    }
    pub fn add_choice(&mut self, question: &str, choice: &str) {
        bump(
            self.choices.entry(question.to_owned()).or_default(),
            choice.to_owned(),
            1,
        );
    }
    pub fn add_choice_answered(&mut self, question: &str) {
        bump(&mut self.choice_answered, question.to_owned(), 1);
    }
    pub fn add_score(&mut self, scale: &str, answered: i64, sum: i64) {
        bump(
            &mut self.scales.entry(scale.to_owned()).or_default().scores,
            (answered, sum),
            1,
        );
    }
    /// One complete answer to a scale: its statements' points after reversing, in form order.
    pub fn add_complete(&mut self, scale: &str, form: ScaleForm, values: &[i64]) {
        let k = values.len();
        let one = ItemSums {
            n: 1,
            sums: values.to_vec(),
            cross: (0..k * k).map(|c| values[c / k] * values[c % k]).collect(),
        };
        self.scales
            .entry(scale.to_owned())
            .or_default()
            .complete
            .entry(form)
            .or_default()
            .add(one);
    }
    pub fn add_motive_score(&mut self, reason: &str, scale: &str, answered: i64, sum: i64) {
        let motive = self.motives.entry(reason.to_owned()).or_default();
        bump(
            motive.scores.entry(scale.to_owned()).or_default(),
            (answered, sum),
            1,
        );
    }
    pub fn add_motive_value(&mut self, reason: &str, question: &str, value: i64) {
        let motive = self.motives.entry(reason.to_owned()).or_default();
        bump(
            motive.values.entry(question.to_owned()).or_default(),
            value,
            1,
        );
    }
}

/// One response's place in the rollups and its counts, computed when it is submitted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RollupEntry {
    /// Days since 1970-01-01, UTC.
    pub day: i64,
    /// The response's segment choices (question, choice), sorted.
    pub cell: Vec<(String, String)>,
    pub stats: SufficientStats,
}

/// Rollup rows as a view reads them: (version, cell id, counts); several rows may share a
/// version and cell (a total and deltas not yet folded into it).
pub type RollupRows = Vec<(i64, i64, SufficientStats)>;

/// A response read back from its row for a rebuild; its entry is computed by the
/// caller, which knows each version's questions.
pub type RebuildEntry<'a> = &'a (dyn Fn(&ExportedResponse) -> Option<RollupEntry> + Send + Sync);

#[async_trait]
pub trait InsightStore: Send + Sync {
    /// The highest response id of the survey (0 before the first response), and whether ids
    /// become visible in order.
    async fn last_response_id(&self, survey_id: i64) -> StoreResult<(i64, bool)>;
    /// The survey's rollup rows of the days in `range` (every day when it is open on both
    /// sides); deltas not yet folded included, all read in one statement so that a response is
    /// counted exactly once.
    async fn rollup_rows(&self, survey_id: i64, range: DayRange) -> StoreResult<RollupRows>;
    /// Every cell of the survey with its segment choices: (cell id, question, choice).
    async fn rollup_cells(&self, survey_id: i64) -> StoreResult<Vec<(i64, String, String)>>;
    /// Folds up to `limit` deltas into the day, span and total rows (and first computes the
    /// spans of surveys whose rollups predate them); returns how many deltas it folded.
    /// Safe to run on several app servers at once.
    async fn fold_rollups(&self, limit: i64) -> StoreResult<usize>;
    /// Replaces the survey's rollups with counts recomputed from its stored answers, in one
    /// transaction that holds off new responses meanwhile; returns the responses counted.
    async fn rebuild_rollups(&self, survey_id: i64, entry: RebuildEntry<'_>) -> StoreResult<i64>;
    /// Every survey's id, of every organisation, for operator commands.
    async fn survey_ids(&self) -> StoreResult<Vec<i64>>;
    /// Open-text answers, newest first: (question, text, submitted at).
    async fn text_answers(
        &self,
        survey_id: i64,
        filter: &ResponseFilter,
        limit: i64,
    ) -> StoreResult<Vec<(String, String, i64)>>;
}

/// One response's row for an export or a rebuild: id, time, version and its answers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExportedResponse {
    pub id: i64,
    /// Unix seconds.
    pub submitted_at: i64,
    pub version: i64,
    pub answers: crate::storage::StoredAnswers,
}

/// Stored responses as the database hands a page of them over: one line each, `id,submitted
/// at,version,answers column` (an answers column is JSON, so it holds no raw line break), in no
/// particular order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseLines(String);

impl ResponseLines {
    pub fn new(text: String) -> Self {
        Self(text)
    }

    /// How many responses the page holds.
    pub fn len(&self) -> usize {
        if self.0.is_empty() {
            0
        } else {
            self.0.bytes().filter(|b| *b == b'\n').count() + 1
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The responses that hold every segment choice of `filter`, decoded, in id order;
    /// `Corrupt` on a line that is not a stored response.
    pub fn responses(&self, filter: &ResponseFilter) -> StoreResult<Vec<ExportedResponse>> {
        let mut responses = Vec::new();
        for line in self.0.split('\n').filter(|l| !l.is_empty()) {
            let response = Self::decode(line)?;
            let chosen =
                |(question, choice): &(String, String)| response.answers.chose(question, choice);
            if filter.segments.iter().all(chosen) {
                responses.push(response);
            }
        }
        // Nearly always in order already: then this is a check only.
        responses.sort_unstable_by_key(|r| r.id);
        Ok(responses)
    }

    fn decode(line: &str) -> StoreResult<ExportedResponse> {
        let corrupt = || StoreError::Corrupt(format!("stored response: {line:.60}"));
        let mut fields = line.splitn(4, ',');
        let mut number = || -> StoreResult<i64> {
            fields
                .next()
                .and_then(|f| f.parse().ok())
                .ok_or_else(corrupt)
        };
        let (id, submitted_at, version) = (number()?, number()?, number()?);
        let answers = crate::storage::StoredAnswers::from_json(fields.next().ok_or_else(corrupt)?)?;
        Ok(ExportedResponse {
            id,
            submitted_at,
            version,
            answers,
        })
    }
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
    /// The next up to `limit` stored responses of the survey with ids above `after` that may pass
    /// the filter, undecoded (their segment choices are confirmed on decoding,
    /// [`ResponseLines::responses`]), and the last id read; `None` when none are left. For
    /// exports, which decode one page while the next is read.
    async fn response_lines(
        &self,
        survey_id: i64,
        filter: &ResponseFilter,
        after: i64,
        limit: i64,
    ) -> StoreResult<Option<(ResponseLines, i64)>>;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_lines_decodes_in_id_order_keeping_only_the_filters_choices() {
        let lines = ResponseLines::new(
            [
                r#"9,200,2,{"c":[["member_type","staff",null]],"t":[["q","a, \"quoted\"\nline"]]}"#,
                r#"4,100,1,{"c":[["member_type","volunteer",null]]}"#,
                r#"7,150,1,{"c":[["member_type","staff",null]],"r":[["reasons","identity",1]]}"#,
            ]
            .join("\n"),
        );
        assert_eq!(lines.len(), 3);
        let all = lines.responses(&ResponseFilter::default()).unwrap();
        assert_eq!(all.iter().map(|r| r.id).collect::<Vec<_>>(), [4, 7, 9]);
        assert_eq!((all[2].submitted_at, all[2].version), (200, 2));
        assert_eq!(all[2].answers.texts[0].1, "a, \"quoted\"\nline");
        let staff = ResponseFilter {
            segments: vec![("member_type".into(), "staff".into())],
            ..ResponseFilter::default()
        };
        let ids: Vec<i64> = lines
            .responses(&staff)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids, [7, 9]);
        assert_eq!(ResponseLines::new(String::new()).len(), 0);
    }

    #[test]
    fn a_line_that_is_not_a_stored_response_is_corrupt() {
        for line in ["4,100,{}", "x,1,1,{}", "4,100,1,not json"] {
            let refused = ResponseLines::new(line.into()).responses(&ResponseFilter::default());
            assert!(
                matches!(refused, Err(StoreError::Corrupt(_))),
                "{line}: {refused:?}"
            );
        }
    }
}

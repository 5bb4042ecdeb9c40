//! Rollups from the backend's side: one response's counts computed from its answers and the
//! questions of the version it answered (written with the response by the store), the counts of a
//! view summed from rollup rows, and rebuilding them from the stored responses.

use super::{Kindred, failed};
use crate::storage::spans::DayRange;
use crate::storage::{
    AnswerRow, DAY_SECONDS, ExportedResponse, ResponseFilter, RollupEntry, RollupRows, ScaleForm,
    StoreResult, SufficientStats,
};
use app::error::AppError;
use domain::survey::{Definition, QuestionKind, Scale};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A respondent's scale score needs this share of its statements answered (the design's rule).
pub const MIN_ANSWERED: f64 = 0.8;

/// What makes two versions' answers to a scale comparable statement by statement.
pub fn scale_form(scale: &Scale) -> ScaleForm {
    ScaleForm {
        points: scale.points,
        statements: scale
            .items
            .iter()
            .map(|(question, item)| (question.clone(), item.id.clone(), item.reverse))
            .collect(),
    }
}

/// Statements a respondent must answer for a score on a scale of `k` statements.
pub fn needed_for_score(k: usize) -> usize {
    ((k as f64 * MIN_ANSWERED).ceil() as usize).max(1)
}

/// One response's counts and place in the rollups: `definition` is the version it answered,
/// `answers` its stored rows, `submitted_at` in Unix seconds.
pub fn rollup_entry(
    definition: &Definition,
    answers: &[AnswerRow],
    submitted_at: i64,
) -> RollupEntry {
    let day = submitted_at.div_euclid(DAY_SECONDS);
    let mut stats = SufficientStats::default();
    stats.count_response(day);

    let mut orders: BTreeMap<&str, Vec<(i64, &str)>> = BTreeMap::new();
    let mut points: HashMap<(&str, &str), i64> = HashMap::new();
    let mut chosen: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for row in answers {
        match row {
            AnswerRow::Rank {
                question,
                item,
                rank,
            } => orders.entry(question).or_default().push((*rank, item)),
            AnswerRow::Value {
                question,
                item,
                value,
            } => {
                if item.is_empty() {
                    stats.add_value(question, *value);
                } else {
                    stats.add_statement(question, item, *value);
                }
                points.insert((question, item), *value);
            }
            AnswerRow::Choice {
                question, choice, ..
            } => chosen.entry(question).or_default().push(choice),
            AnswerRow::Text { .. } => {}
        }
    }
    for (question, mut ranked) in orders {
        ranked.sort();
        stats.add_order(
            question,
            ranked.into_iter().map(|(_, i)| i.to_owned()).collect(),
        );
    }
    for (question, choices) in &chosen {
        stats.add_choice_answered(question);
        for choice in choices {
            stats.add_choice(question, choice);
        }
    }

    // The reason ranked first in the survey's first ranking question: the motive.
    let motive = definition
        .questions
        .iter()
        .find(|q| matches!(q.kind, QuestionKind::Ranking { .. }))
        .and_then(|q| {
            answers.iter().find_map(|row| match row {
                AnswerRow::Rank {
                    question,
                    item,
                    rank: 1,
                } if *question == q.id => Some(item.clone()),
                _ => None,
            })
        });
    for scale in definition.scales() {
        let values: Vec<Option<i64>> = scale
            .items
            .iter()
            .map(|(question, item)| {
                points.get(&(question.as_str(), item.id.as_str())).map(|v| {
                    if item.reverse {
                        i64::from(scale.points) + 1 - v
                    } else {
                        *v
                    }
                })
            })
            .collect();
        let answered: Vec<i64> = values.iter().flatten().copied().collect();
        if !answered.is_empty() && answered.len() >= needed_for_score(values.len()) {
            let (count, sum) = (answered.len() as i64, answered.iter().sum());
            stats.add_score(&scale.key, count, sum);
            if let Some(reason) = &motive {
                stats.add_motive_score(reason, &scale.key, count, sum);
            }
        }
        if answered.len() == values.len() {
            stats.add_complete(&scale.key, scale_form(&scale), &answered);
        }
    }
    if let Some(reason) = &motive {
        for row in answers {
            if let AnswerRow::Value {
                question,
                item,
                value,
            } = row
                && item.is_empty()
            {
                stats.add_motive_value(reason, question, *value);
            }
        }
    }

    let mut cell: Vec<(String, String)> = definition
        .questions
        .iter()
        .filter(|q| q.kind.is_segment())
        .flat_map(|q| {
            chosen
                .get(q.id.as_str())
                .into_iter()
                .flatten()
                .map(|c| (q.id.clone(), (*c).to_owned()))
        })
        .collect();
    cell.sort();
    RollupEntry { day, cell, stats }
}

/// The counts of one view: of every response that passes the filter, and of those split by
/// each segment question's choices (a response with several choices counts in each).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewCounts {
    pub whole: SufficientStats,
    /// segment question → choice → counts.
    pub segments: BTreeMap<String, BTreeMap<String, SufficientStats>>,
}

impl ViewCounts {
    /// No counts yet, split by the choices of each of `segments`.
    pub fn split_by(segments: &[String]) -> Self {
        Self {
            whole: SufficientStats::default(),
            segments: segments
                .iter()
                .map(|s| (s.clone(), BTreeMap::new()))
                .collect(),
        }
    }

    /// Adds the counts of responses with these segment choices, to the whole and to each group
    /// of theirs.
    pub fn add(&mut self, choices: &[(String, String)], stats: SufficientStats) {
        for (question, choice) in choices {
            if let Some(groups) = self.segments.get_mut(question) {
                groups
                    .entry(choice.clone())
                    .or_default()
                    .merge(stats.clone());
            }
        }
        self.whole.merge(stats);
    }
}

/// The days a filter's time range covers (days since 1970-01-01, `to` exclusive), each side
/// open when the filter leaves it open. Filters hold whole UTC days (see `parse_filter`).
pub fn filter_days(filter: &ResponseFilter) -> DayRange {
    DayRange {
        from: filter.from.map(|f| f.div_euclid(DAY_SECONDS)),
        to: filter
            .to
            .map(|t| (t + DAY_SECONDS - 1).div_euclid(DAY_SECONDS)),
    }
}

/// Sums rollup rows into a view's counts: rows whose cell holds every segment choice of the
/// filter, split by the choices of each of `segments`. `cells` gives each cell's choices.
pub fn view_counts(
    rows: RollupRows,
    cells: &HashMap<i64, Vec<(String, String)>>,
    filter: &ResponseFilter,
    segments: &[String],
) -> ViewCounts {
    let mut counts = ViewCounts::split_by(segments);
    // Summed per cell first (moving each row's counts, no copies), then each cell's sum goes to
    // the whole and to its segment groups: copies grow with the cells, not with the rows.
    let mut by_cell: BTreeMap<i64, SufficientStats> = BTreeMap::new();
    let nothing = Vec::new();
    for (_, cell, stats) in rows {
        let choices = cells.get(&cell).unwrap_or(&nothing);
        if filter.segments.iter().all(|pair| choices.contains(pair)) {
            by_cell.entry(cell).or_default().merge(stats);
        }
    }
    for (cell, stats) in by_cell {
        counts.add(cells.get(&cell).unwrap_or(&nothing), stats);
    }
    counts
}

impl Kindred {
    /// The counts of one view of a survey, summed from its rollups.
    pub async fn view_counts(
        &self,
        survey_id: i64,
        filter: &ResponseFilter,
        segments: &[String],
    ) -> StoreResult<ViewCounts> {
        let (rows, cells) = tokio::try_join!(
            self.store.rollup_rows(survey_id, filter_days(filter)),
            self.store.rollup_cells(survey_id),
        )?;
        let mut by_cell: HashMap<i64, Vec<(String, String)>> = HashMap::new();
        for (cell, question, choice) in cells {
            by_cell.entry(cell).or_default().push((question, choice));
        }
        Ok(view_counts(rows, &by_cell, filter, segments))
    }

    /// Recomputes one survey's rollups from its stored answers (`kindred rollups rebuild`);
    /// returns the responses counted.
    pub async fn rebuild_rollups(&self, survey_id: i64) -> Result<i64, AppError> {
        let mut definitions: HashMap<i64, Arc<Definition>> = HashMap::new();
        let versions = self
            .store
            .answered_versions(survey_id)
            .await
            .map_err(failed("storage: answered_versions"))?;
        for version in versions {
            if let Some(definition) = self.definition(survey_id, version).await? {
                definitions.insert(version, definition);
            }
        }
        let entry = move |response: &ExportedResponse| {
            definitions.get(&response.version).map(|definition| {
                rollup_entry(definition, &response.answers.rows(), response.submitted_at)
            })
        };
        self.store
            .rebuild_rollups(survey_id, &entry)
            .await
            .map_err(failed("storage: rebuild_rollups"))
    }

    /// Folds pending rollup deltas until none are left; returns how many it folded.
    pub async fn fold_rollups(&self) -> StoreResult<usize> {
        let mut folded = 0;
        loop {
            let n = self.store.fold_rollups(FOLD_BATCH).await?;
            folded += n;
            if n < FOLD_BATCH as usize {
                return Ok(folded);
            }
        }
    }
}

/// Deltas folded per transaction.
const FOLD_BATCH: i64 = 5000;

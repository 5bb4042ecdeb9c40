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

/// What computing a response's rollup entry needs from the version it answered, worked out once
/// per version rather than for every response: the first ranking question (whose first item is
/// the response's motive), each scale's statements and form, and the segment questions.
#[derive(Debug, Clone)]
pub struct RollupPlan {
    motive_question: Option<String>,
    scales: Vec<PlannedScale>,
    segments: Vec<String>,
}

#[derive(Debug, Clone)]
struct PlannedScale {
    key: String,
    points: i64,
    /// Its statements (question, statement, reversed) in form order, and its points.
    form: ScaleForm,
}

impl RollupPlan {
    pub fn of(definition: &Definition) -> Self {
        Self {
            motive_question: definition
                .questions
                .iter()
                .find(|q| matches!(q.kind, QuestionKind::Ranking { .. }))
                .map(|q| q.id.clone()),
            scales: definition
                .scales()
                .iter()
                .map(|scale| PlannedScale {
                    key: scale.key.clone(),
                    points: i64::from(scale.points),
                    form: scale_form(scale),
                })
                .collect(),
            segments: definition
                .questions
                .iter()
                .filter(|q| q.kind.is_segment())
                .map(|q| q.id.clone())
                .collect(),
        }
    }

    /// One response's counts and place in the rollups: `answers` its stored rows,
    /// `submitted_at` in Unix seconds.
    pub fn entry(&self, answers: &[AnswerRow], submitted_at: i64) -> RollupEntry {
        let day = submitted_at.div_euclid(DAY_SECONDS);
        let mut stats = SufficientStats::default();
        stats.count_response(day);

        // A response answers a few dozen items: lists searched in place beat maps here.
        let mut orders: Vec<(&str, Vec<(i64, &str)>)> = Vec::new();
        let mut points: Vec<(&str, &str, i64)> = Vec::new();
        let mut chosen: Vec<(&str, Vec<&str>)> = Vec::new();
        for row in answers {
            match row {
                AnswerRow::Rank {
                    question,
                    item,
                    rank,
                } => match orders.iter_mut().find(|(q, _)| q == question) {
                    Some((_, ranked)) => ranked.push((*rank, item)),
                    None => orders.push((question, vec![(*rank, item)])),
                },
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
                    points.push((question, item, *value));
                }
                AnswerRow::Choice {
                    question, choice, ..
                } => match chosen.iter_mut().find(|(q, _)| q == question) {
                    Some((_, choices)) => choices.push(choice),
                    None => chosen.push((question, vec![choice])),
                },
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
        let motive = self.motive_question.as_deref().and_then(|first| {
            answers.iter().find_map(|row| match row {
                AnswerRow::Rank {
                    question,
                    item,
                    rank: 1,
                } if question == first => Some(item.as_str()),
                _ => None,
            })
        });
        let mut values = Vec::new();
        for scale in &self.scales {
            values.clear();
            values.extend(
                scale
                    .form
                    .statements
                    .iter()
                    .map(|(question, item, reverse)| {
                        // The last answer to a statement counts, as a map of answers would keep it.
                        points
                            .iter()
                            .rfind(|(q, i, _)| q == question && i == item)
                            .map(|(_, _, v)| if *reverse { scale.points + 1 - v } else { *v })
                    }),
            );
            let answered: Vec<i64> = values.iter().flatten().copied().collect();
            if !answered.is_empty() && answered.len() >= needed_for_score(values.len()) {
                let (count, sum) = (answered.len() as i64, answered.iter().sum());
                stats.add_score(&scale.key, count, sum);
                if let Some(reason) = motive {
                    stats.add_motive_score(reason, &scale.key, count, sum);
                }
            }
            if answered.len() == values.len() {
                stats.add_complete(&scale.key, scale.form.clone(), &answered);
            }
        }
        if let Some(reason) = motive {
            for (question, item, value) in &points {
                if item.is_empty() {
                    stats.add_motive_value(reason, question, *value);
                }
            }
        }

        let mut cell: Vec<(String, String)> = self
            .segments
            .iter()
            .flat_map(|segment| {
                chosen
                    .iter()
                    .filter(move |(q, _)| q == segment)
                    .flat_map(|(_, choices)| choices.iter())
                    .map(move |c| (segment.clone(), (*c).to_owned()))
            })
            .collect();
        cell.sort();
        RollupEntry { day, cell, stats }
    }
}

/// One response's counts and place in the rollups: `definition` is the version it answered,
/// `answers` its stored rows, `submitted_at` in Unix seconds. Where many responses answer one
/// version, make its [`RollupPlan`] once and call [`RollupPlan::entry`].
pub fn rollup_entry(
    definition: &Definition,
    answers: &[AnswerRow],
    submitted_at: i64,
) -> RollupEntry {
    RollupPlan::of(definition).entry(answers, submitted_at)
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
        let mut plans: HashMap<i64, Arc<RollupPlan>> = HashMap::new();
        let versions = self
            .store
            .answered_versions(survey_id)
            .await
            .map_err(failed("storage: answered_versions"))?;
        for version in versions {
            if let Some((_, plan)) = self.published_version(survey_id, version).await? {
                plans.insert(version, plan);
            }
        }
        let entry = move |response: &ExportedResponse| {
            plans
                .get(&response.version)
                .map(|plan| plan.entry(&response.answers.rows(), response.submitted_at))
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

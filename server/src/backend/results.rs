//! The dashboard: sufficient statistics from SQL turned into figures by the `insights` crate,
//! with charts. Every role of the organisation may read them.

use super::stats_cache::LastResponse;
use super::{Kindred, internal, unexpected};
use crate::charts::{Bar, Chart, ChartSpec, QuadrantSpec, StackedSpec, svg};
use crate::storage::{CountShape, ResponseFilter, StoreResult, SufficientStats};
use app::api::results::{
    ChoiceResult, Interval, MotiveRow, NewShareLink, NpsResult, OverlapResult, RankedItem,
    RankingResult, ResultsQuery, ScaleResult, SegmentComparison, SegmentOption, SegmentRow,
    ShareLink, SurveyResults, TestLine, TextAnswer,
};
use app::backend::{Caller, Insights};
use app::domain::numbers::signed;
use app::domain::survey::{Definition, Question, QuestionKind, Scale};
use app::error::AppError;
use async_trait::async_trait;
use futures_util::future::try_join_all;
use insights::moments::Moments;
use insights::proportion::wilson;
use insights::scale::{ItemMoments, cronbach_alpha, reverse, score};
use insights::{Estimate, compare, nps, plackett_luce, ranking};
use std::collections::BTreeMap;
use std::sync::Arc;

const DAY: i64 = 24 * 60 * 60;
/// A respondent's scale score needs this share of its statements answered.
const MIN_ANSWERED: f64 = 0.8;

fn interval(e: Estimate) -> Interval {
    Interval {
        value: e.value,
        low: e.low,
        high: e.high,
    }
}

use app::components::dates::format_day as day;

/// Reads the query's days into a filter; unknown segments or choices are refused by name.
pub fn parse_filter(
    definition: &Definition,
    query: &ResultsQuery,
) -> Result<ResponseFilter, AppError> {
    let mut filter = ResponseFilter::default();
    for (question, choice) in &query.segments {
        let known = definition.questions.iter().any(|q| {
            q.id == *question
                && q.kind.is_segment()
                && match &q.kind {
                    QuestionKind::SingleChoice { choices, .. }
                    | QuestionKind::MultipleChoice { choices, .. } => {
                        choices.iter().any(|c| c.id == *choice)
                    }
                    _ => false,
                }
        });
        if !known {
            return Err(AppError::invalid(
                "segment",
                format!("“{question}={choice}” is not a segment of this survey."),
            ));
        }
        filter.segments.push((question.clone(), choice.clone()));
    }
    let (from, to) = super::surveys::parse_day_range(
        ("from", query.from.as_deref().unwrap_or_default()),
        ("to", query.to.as_deref().unwrap_or_default()),
        "“Until” comes before “From”: choose an end day on or after the start day.",
    )?;
    filter.from = from;
    // The window's last second is inclusive; the filter's end is exclusive.
    filter.to = to.map(|t| t + 1);
    Ok(filter)
}

fn ranking_result(
    question: &Question,
    items: &[app::domain::survey::Item],
    stats: &SufficientStats,
) -> RankingResult {
    let patterns: Vec<(Vec<usize>, u64)> = stats
        .ranking_patterns
        .iter()
        .filter(|(q, _, _)| *q == question.id)
        .map(|(_, pattern, count)| {
            let order = pattern
                .split(',')
                .filter_map(|id| items.iter().position(|i| i.id == id))
                .collect();
            (order, *count as u64)
        })
        .filter(|(order, _): &(Vec<usize>, u64)| !order.is_empty())
        .collect();
    let summary = ranking::summarise(&patterns, items.len());
    let worths = plackett_luce::fit(&patterns, items.len());
    let ranked: Vec<RankedItem> = items
        .iter()
        .enumerate()
        .map(|(i, item)| RankedItem {
            id: item.id.clone(),
            label: item.label.clone(),
            first_choice: summary.first_choice[i].map(interval),
            mean_rank: summary.mean_rank[i].map(interval),
            worth: worths.as_ref().map(|w| interval(w.worths[i])),
            places: summary.distribution[i].clone(),
        })
        .collect();
    let mut result = RankingResult {
        question_id: question.id.clone(),
        prompt: question.prompt.clone(),
        n: summary.n,
        items: ranked,
        chart_svg: String::new(),
        distribution_svg: String::new(),
    };
    result.chart_svg = svg(&ranking_chart(&result));
    result
}

/// The charts, drawn from the same figures the page's tables show.
pub fn ranking_chart(result: &RankingResult) -> ChartSpec {
    let bars = result
        .items
        .iter()
        .map(|item| {
            let e = item.worth.or(item.first_choice);
            Bar {
                label: item.label.clone(),
                value: e.map_or(0.0, |e| e.value),
                interval: e.map(|e| (e.low, e.high)),
            }
        })
        .collect();
    ChartSpec::new(
        format!("Chance of being ranked first (n = {})", result.n),
        "Plackett–Luce worth, with 95% interval",
        bars,
    )
}

fn shares(labels: impl Iterator<Item = String>, counts: &[u64]) -> Vec<Bar> {
    let total = counts.iter().sum::<u64>().max(1) as f64;
    labels
        .zip(counts)
        .map(|(label, c)| Bar {
            label,
            value: *c as f64 / total,
            interval: None,
        })
        .collect()
}

pub fn scale_chart(result: &ScaleResult) -> ChartSpec {
    ChartSpec::new(
        format!("{}: respondents by score (n = {})", result.scale, result.n),
        "Share of respondents",
        shares(
            (1..=result.distribution.len()).map(|i| i.to_string()),
            &result.distribution,
        ),
    )
}

pub fn overlap_chart(result: &OverlapResult) -> ChartSpec {
    ChartSpec::new(
        format!(
            "How close members feel to the organisation (n = {})",
            result.n
        ),
        "Share of members (1 = apart, 7 = almost one)",
        shares((1..=7).map(|i| format!("Picture {i}")), &result.counts),
    )
}

pub fn nps_chart(result: &NpsResult) -> ChartSpec {
    ChartSpec::new(
        format!(
            "Net Promoter Score {} (n = {})",
            signed(result.score.value, 0),
            result.n
        ),
        "Share of members",
        shares(
            ["Promoters (9–10)", "Passives (7–8)", "Detractors (0–6)"]
                .into_iter()
                .map(str::to_owned),
            &[result.promoters, result.passives, result.detractors],
        ),
    )
}

pub fn weeks_chart(results: &SurveyResults) -> ChartSpec {
    ChartSpec::new(
        format!("Responses by week (n = {})", results.responses),
        "Responses",
        results
            .weeks
            .iter()
            .map(|(week, n)| Bar {
                label: format!("Week of {week}"),
                value: *n as f64,
                interval: None,
            })
            .collect(),
    )
    .counts()
}

/// The stacked rank distribution: for each item, the share putting it in each place.
pub fn rank_distribution_chart(result: &RankingResult) -> StackedSpec {
    let places = result
        .items
        .first()
        .map_or(0, |i| i.places.len().saturating_sub(1));
    let n = result.n.max(1) as f64;
    let mut parts: Vec<String> = (1..=places)
        .map(|p| format!("{} place", app::domain::response::ordinal(p)))
        .collect();
    parts.push("Not ranked".to_owned());
    StackedSpec {
        title: format!("Where members put each reason (n = {})", result.n),
        x_label: "Share of members".to_owned(),
        rows: result
            .items
            .iter()
            .map(|item| {
                (
                    item.label.clone(),
                    item.places.iter().map(|c| *c as f64 / n).collect(),
                )
            })
            .collect(),
        parts,
    }
}

/// Motive × fit by segment group: x the share ranking the first reason (identity in the
/// template) first, y the group's brand fit; dashed lines at everyone's values.
pub fn quadrant_chart(results: &SurveyResults) -> Option<QuadrantSpec> {
    let reason = results.rankings.first()?.items.first()?;
    let fit = results.scales.first()?;
    let overall_share = reason.first_choice.map_or(0.5, |e| e.value);
    let overall_fit = fit
        .mean
        .map_or((1.0 + f64::from(fit.points)) / 2.0, |m| m.value);
    let points: Vec<(String, f64, f64)> = results
        .comparisons
        .iter()
        .flat_map(|c| c.rows.iter())
        .filter_map(|row| {
            Some((
                row.label.clone(),
                row.first_item_share?,
                row.brand_fit?.value,
            ))
        })
        .collect();
    Some(QuadrantSpec {
        title: format!("Motive × fit by group (n = {})", results.responses),
        x_label: format!("Share ranking “{}” first", reason.label),
        y_label: fit.scale.clone(),
        x_range: (0.0, 1.0),
        y_range: (1.0, f64::from(fit.points)),
        cross: (overall_share, overall_fit),
        points,
    })
}

/// The chart called `name` on a results page: `ranking-<question>`, `ranks-<question>`,
/// `scale-<question>`, `overlap`, `nps`, `weeks` or `quadrant`.
pub fn chart_named(results: &SurveyResults, name: &str) -> Option<Chart> {
    if let Some(id) = name.strip_prefix("ranking-") {
        let found = results.rankings.iter().find(|r| r.question_id == id)?;
        return Some(Chart::Bars(ranking_chart(found)));
    }
    if let Some(id) = name.strip_prefix("ranks-") {
        let found = results.rankings.iter().find(|r| r.question_id == id)?;
        return Some(Chart::Stacked(rank_distribution_chart(found)));
    }
    if let Some(id) = name.strip_prefix("scale-") {
        let found = results.scales.iter().find(|r| r.question_id == id)?;
        return Some(Chart::Bars(scale_chart(found)));
    }
    match name {
        "overlap" => results
            .overlap
            .as_ref()
            .map(|o| Chart::Bars(overlap_chart(o))),
        "nps" => results.nps.as_ref().map(|n| Chart::Bars(nps_chart(n))),
        "weeks" => Some(Chart::Bars(weeks_chart(results))),
        "quadrant" => quadrant_chart(results).map(Chart::Quadrant),
        _ => None,
    }
}

/// Draws the charts that depend on more than one figure (rank distributions, the quadrant, the
/// weeks) again, after the figures were filled in or suppressed.
fn draw_page_charts(results: &mut SurveyResults) {
    for r in &mut results.rankings {
        r.distribution_svg = Chart::Stacked(rank_distribution_chart(r)).svg();
    }
    results.quadrant_svg = quadrant_chart(results).map(|q| Chart::Quadrant(q).svg());
    results.weeks_chart_svg = svg(&weeks_chart(results));
}

/// Each distinct answer vector of a scale, as one value per statement (reversed where keyed
/// so; `None` where unanswered), with how many respondents gave it.
fn scale_vectors<'a>(
    scale: &'a Scale,
    patterns: &'a [(String, String, i64)],
) -> impl Iterator<Item = (Vec<Option<f64>>, u64)> + 'a {
    patterns
        .iter()
        .filter(move |(key, _, _)| *key == scale.key)
        .map(move |(_, pattern, count)| {
            let mut values: Vec<Option<f64>> = vec![None; scale.items.len()];
            for (place, value) in pattern.split(',').filter_map(|pair| pair.split_once(':')) {
                let Some((question, item)) = place.split_once('.') else {
                    continue;
                };
                let slot = scale
                    .items
                    .iter()
                    .position(|(q, it)| q == question && it.id == item);
                if let (Some(i), Ok(v)) = (slot, value.parse::<f64>()) {
                    values[i] = Some(if scale.items[i].1.reverse {
                        reverse(v, scale.points)
                    } else {
                        v
                    });
                }
            }
            (values, *count as u64)
        })
}

fn scale_result(scale: &Scale, stats: &SufficientStats) -> ScaleResult {
    let points = scale.points;
    let mut scores = Moments::default();
    let mut distribution = vec![0u64; usize::from(points)];
    let mut complete: Vec<(Vec<f64>, u64)> = Vec::new();
    for (values, count) in scale_vectors(scale, &stats.likert_patterns) {
        if let Some(s) = score(&values, MIN_ANSWERED) {
            scores = scores.add(s, count);
            let bucket = (s.round() as usize).clamp(1, usize::from(points)) - 1;
            distribution[bucket] += count;
        }
        if values.iter().all(Option::is_some) {
            complete.push((values.into_iter().flatten().collect(), count));
        }
    }
    let alpha_n: u64 = complete.iter().map(|(_, c)| c).sum();
    let rows: Vec<Vec<f64>> = complete
        .iter()
        .flat_map(|(row, count)| std::iter::repeat_n(row.clone(), *count as usize))
        .collect();
    let alpha = cronbach_alpha(&ItemMoments::of(&rows));
    let mut result = ScaleResult {
        question_id: scale.key.clone(),
        questions: scale.questions.clone(),
        prompt: scale.prompt.clone(),
        scale: scale.name.clone(),
        points,
        n: scores.n,
        mean: scores.mean_interval().map(interval),
        sd: scores.sd(),
        alpha,
        alpha_n,
        distribution,
        chart_svg: String::new(),
    };
    result.chart_svg = svg(&scale_chart(&result));
    result
}

/// Respondents' scores on a scale (mean of the statements answered, reversed where keyed so),
/// from its answer-vector counts.
fn scale_scores(scale: &Scale, patterns: &[(String, String, i64)]) -> Moments {
    let mut scores = Moments::default();
    for (values, count) in scale_vectors(scale, patterns) {
        if let Some(s) = score(&values, MIN_ANSWERED) {
            scores = scores.add(s, count);
        }
    }
    scores
}

/// The brand-fit scale: the survey's first agreement scale.
fn brand_fit_scale(definition: &Definition) -> Option<Scale> {
    definition.scales().into_iter().next()
}

/// Motive × fit: for each reason ranked first, the brand-fit score (first agreement scale) and
/// the overlap picture of the members who put it first, each with the n it rests on.
fn motive_rows(
    definition: &Definition,
    reasons: &[app::domain::survey::Item],
    stats: &SufficientStats,
) -> Vec<MotiveRow> {
    let fit = brand_fit_scale(definition);
    let overlap = definition
        .questions
        .iter()
        .find(|q| matches!(q.kind, QuestionKind::Overlap))
        .map(|q| q.id.clone());
    reasons
        .iter()
        .map(|reason| {
            // The same counts, narrowed to the members who ranked this reason first.
            let narrowed: Vec<(String, String, i64)> = stats
                .motive_likert
                .iter()
                .filter(|(r, _, _, _)| *r == reason.id)
                .map(|(_, key, p, n)| (key.clone(), p.clone(), *n))
                .collect();
            let scores = fit.as_ref().map(|scale| scale_scores(scale, &narrowed));
            let closeness = overlap.as_ref().map(|id| {
                stats
                    .motive_values
                    .iter()
                    .filter(|(r, q, _, _)| *r == reason.id && q == id)
                    .fold(Moments::default(), |m, (_, _, v, n)| {
                        m.add(*v as f64, *n as u64)
                    })
            });
            MotiveRow {
                reason: reason.label.clone(),
                n: scores.map_or(0, |s| s.n),
                brand_fit: scores.and_then(|s| s.mean_interval()).map(interval),
                overlap: closeness.and_then(|m| m.mean_interval()).map(interval),
                overlap_n: closeness.map_or(0, |m| m.n),
            }
        })
        .collect()
}

/// Seconds from the Unix epoch (a Thursday) back to the Monday that starts its ISO week.
const ISO_WEEK_OFFSET: i64 = 3 * DAY;

/// Responses per ISO week (Monday to Sunday, UTC), labelled by the Monday, from the first week
/// with a response to the last; weeks between them without responses count 0.
fn every_week(weeks: &[(i64, i64)]) -> Vec<(String, u64)> {
    let counts: BTreeMap<i64, i64> = weeks.iter().copied().collect();
    let (Some(first), Some(last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    (*first..=*last)
        .map(|week| {
            let monday = week * 7 * DAY - ISO_WEEK_OFFSET;
            (day(monday), counts.get(&week).copied().unwrap_or(0) as u64)
        })
        .collect()
}

/// How often each item was ranked first.
fn first_choices(
    question_id: &str,
    items: &[app::domain::survey::Item],
    stats: &SufficientStats,
) -> Vec<u64> {
    let mut counts = vec![0u64; items.len()];
    for (_, pattern, count) in stats
        .ranking_patterns
        .iter()
        .filter(|(q, _, _)| q == question_id)
    {
        if let Some(i) = pattern
            .split(',')
            .next()
            .and_then(|first| items.iter().position(|it| it.id == first))
        {
            counts[i] += *count as u64;
        }
    }
    counts
}

fn counts_of(stats: &SufficientStats, question: &str, size: usize, offset: i64) -> Vec<u64> {
    let mut counts = vec![0u64; size];
    for (_, value, count) in stats.values.iter().filter(|(q, _, _)| q == question) {
        if let Some(slot) = usize::try_from(value - offset).ok().filter(|i| *i < size) {
            counts[slot] += *count as u64;
        }
    }
    counts
}

fn overlap_result(question: &Question, stats: &SufficientStats) -> OverlapResult {
    let counts = counts_of(stats, &question.id, 7, 1);
    let n: u64 = counts.iter().sum();
    let moments = counts
        .iter()
        .enumerate()
        .fold(Moments::default(), |m, (i, c)| m.add((i + 1) as f64, *c));
    let high: u64 = counts[4..].iter().sum();
    let mut result = OverlapResult {
        question_id: question.id.clone(),
        prompt: question.prompt.clone(),
        n,
        mean: moments.mean_interval().map(interval),
        share_high: wilson(high, n).map(interval),
        counts,
        chart_svg: String::new(),
    };
    result.chart_svg = svg(&overlap_chart(&result));
    result
}

fn nps_result(question: &Question, stats: &SufficientStats) -> Option<NpsResult> {
    let counts: [u64; 11] = counts_of(stats, &question.id, 11, 0).try_into().ok()?;
    let result = nps::nps(&counts)?;
    let mut nps_result = NpsResult {
        question_id: question.id.clone(),
        prompt: question.prompt.clone(),
        n: result.n,
        promoters: result.promoters,
        passives: result.passives,
        detractors: result.detractors,
        score: interval(result.score),
        chart_svg: String::new(),
    };
    nps_result.chart_svg = svg(&nps_chart(&nps_result));
    Some(nps_result)
}

impl Kindred {
    /// A survey of the caller's organisation and the questions its results are read by: those
    /// respondents get now (or the draft, before the first publish).
    pub async fn results_definition(
        &self,
        caller: &Caller,
        survey_id: i64,
    ) -> Result<(crate::storage::SurveyRow, Definition), AppError> {
        self.organisation_survey(caller.organisation_id, survey_id)
            .await
    }

    /// The share link with this secret and its organisation, unless unknown, expired or revoked.
    async fn live_share_link(
        &self,
        token: &str,
    ) -> Result<(crate::storage::ShareLinkRow, i64), AppError> {
        let gone = || {
            AppError::NotFound(
                "This share link is not valid, has expired or was revoked. Ask for a new one."
                    .into(),
            )
        };
        let (link, organisation_id) = self
            .store
            .share_link(&super::token_hash(token))
            .await
            .map_err(unexpected)?
            .ok_or_else(gone)?;
        if link.revoked_at.is_some() || link.expires_at <= self.now() {
            return Err(gone());
        }
        Ok((link, organisation_id))
    }

    /// The questions of one published version of a survey (cached: versions never change).
    pub async fn published_definition(
        &self,
        survey_id: i64,
        version: i64,
    ) -> Result<Definition, AppError> {
        self.definition(survey_id, version)
            .await?
            .map(|d| Definition::clone(&d))
            .ok_or_else(|| internal(format!("survey {survey_id} lacks version {version}")))
    }

    /// The survey if it belongs to this organisation, with the questions its results are read by.
    async fn organisation_survey(
        &self,
        organisation_id: i64,
        survey_id: i64,
    ) -> Result<(crate::storage::SurveyRow, Definition), AppError> {
        let row = self
            .store
            .survey(organisation_id, survey_id)
            .await
            .map_err(unexpected)?
            .ok_or_else(super::surveys::no_such_survey)?;
        // Published versions are parsed once and cached; only a draft is read here.
        let published = match row.published_version {
            Some(version) => self.definition(row.id, version).await?,
            None => None,
        };
        let definition = match published {
            Some(definition) => Definition::clone(&definition),
            None => serde_json::from_str(&row.draft).map_err(internal)?,
        };
        Ok((row, definition))
    }
}

impl Kindred {
    /// Each segment's groups side by side, with Welch t (brand fit, each group against everyone
    /// else) and chi-square (reason ranked first), Holm-adjusted over all tests shown.
    ///
    /// A single-choice segment puts each response in one group, so one chi-square compares the
    /// groups. A multiple-choice segment can put one response in several groups, which breaks
    /// that test's independence; it is tested choice by choice instead — those who chose it
    /// against everyone else, two groups no response is in both of.
    ///
    /// `groups` holds each segment question's counts by choice, in the order of the questions.
    fn compare_segments(
        definition: &Definition,
        total: &SufficientStats,
        groups: Vec<Arc<BTreeMap<String, SufficientStats>>>,
    ) -> Vec<SegmentComparison> {
        let fit = brand_fit_scale(definition);
        let reasons = definition.questions.iter().find_map(|q| match &q.kind {
            QuestionKind::Ranking { items, .. } => Some((q.id.clone(), items.clone())),
            _ => None,
        });
        let nps_question = definition
            .questions
            .iter()
            .find(|q| matches!(q.kind, QuestionKind::Nps))
            .map(|q| q.id.clone());
        let all_scores = fit
            .as_ref()
            .map(|scale| scale_scores(scale, &total.likert_patterns));
        let all_firsts = reasons
            .as_ref()
            .map(|(id, items)| first_choices(id, items, total));
        let mut comparisons = Vec::new();
        let segments = definition.questions.iter().filter(|q| q.kind.is_segment());
        for (question, groups) in segments.zip(groups) {
            let (choices, multiple) = match &question.kind {
                QuestionKind::SingleChoice { choices, .. } => (choices, false),
                QuestionKind::MultipleChoice { choices, .. } => (choices, true),
                _ => continue,
            };
            let mut rows = Vec::new();
            let mut tests = Vec::new();
            let mut reason_table = Vec::new();
            let nobody = SufficientStats::default();
            for choice in choices {
                let stats = groups.get(&choice.id).unwrap_or(&nobody);
                let scores = fit
                    .as_ref()
                    .map(|scale| scale_scores(scale, &stats.likert_patterns));
                let firsts = reasons
                    .as_ref()
                    .map(|(id, items)| first_choices(id, items, stats));
                let nps = nps_question.as_ref().and_then(|id| {
                    let counts: [u64; 11] = counts_of(stats, id, 11, 0).try_into().ok()?;
                    nps::nps(&counts)
                });
                let ranked: u64 = firsts.as_ref().map_or(0, |c| c.iter().sum());
                let top_reason = match (&reasons, &firsts) {
                    (Some((_, items)), Some(counts)) => counts
                        .iter()
                        .enumerate()
                        .max_by_key(|(_, c)| **c)
                        .filter(|_| ranked > 0)
                        .map(|(i, c)| (items[i].label.clone(), *c as f64 / ranked as f64)),
                    _ => None,
                };
                if let (Some(group), Some(all)) = (&scores, &all_scores) {
                    let rest = Moments {
                        n: all.n - group.n,
                        sum: all.sum - group.sum,
                        sum_sq: all.sum_sq - group.sum_sq,
                    };
                    if let Some(t) = compare::welch_t(group, &rest) {
                        tests.push((
                            format!(
                                "Brand fit: {} against everyone else (Welch t)",
                                choice.label
                            ),
                            t,
                            all.n,
                        ));
                    }
                }
                let first_item_share = firsts
                    .as_ref()
                    .and_then(|counts| (ranked > 0).then(|| counts[0] as f64 / ranked as f64));
                if let Some(counts) = &firsts {
                    if multiple {
                        // Chose it against everyone else: every response in exactly one row.
                        if let Some(all) = &all_firsts {
                            let rest: Vec<u64> = all
                                .iter()
                                .zip(counts)
                                .map(|(a, c)| a.saturating_sub(*c))
                                .collect();
                            let table = vec![counts.clone(), rest];
                            if let Some(chi) = compare::chi_square(&table) {
                                tests.push((
                                    format!(
                                        "Reason ranked first: chose “{}” against everyone else (chi-square)",
                                        choice.label
                                    ),
                                    chi,
                                    all.iter().sum(),
                                ));
                            }
                        }
                    } else {
                        reason_table.push(counts.clone());
                    }
                }
                rows.push(SegmentRow {
                    first_item_share,
                    label: choice.label.clone(),
                    n: stats.responses as u64,
                    brand_fit: scores.and_then(|s| s.mean_interval()).map(interval),
                    brand_fit_n: scores.map_or(0, |s| s.n),
                    nps: nps.as_ref().map(|n| n.score.value),
                    nps_n: nps.as_ref().map_or(0, |n| n.n),
                    top_reason,
                    top_reason_n: ranked,
                });
            }
            if let Some(chi) = compare::chi_square(&reason_table) {
                let n = reason_table.iter().flatten().sum();
                tests.push((
                    "Reason ranked first differs between groups (chi-square)".to_owned(),
                    chi,
                    n,
                ));
            }
            comparisons.push((question.id.clone(), question.prompt.clone(), rows, tests));
        }
        // Holm over every test on the page.
        let p_values: Vec<f64> = comparisons
            .iter()
            .flat_map(|c| c.3.iter().map(|(_, t, _)| t.p))
            .collect();
        let mut adjusted = compare::holm(&p_values).into_iter();
        comparisons
            .into_iter()
            .map(|(question_id, prompt, rows, tests)| SegmentComparison {
                question_id,
                prompt,
                rows,
                tests: tests
                    .into_iter()
                    .map(|(what, t, n)| TestLine {
                        what,
                        statistic: t.statistic,
                        df: t.df,
                        p: t.p,
                        p_holm: adjusted.next().unwrap_or(1.0),
                        n,
                    })
                    .collect(),
            })
            .collect()
    }

    /// Each segment question's counts split by its choices, in the order of the questions, read
    /// side by side.
    async fn segment_groups(
        &self,
        survey_id: i64,
        definition: &Definition,
        filter: &ResponseFilter,
        shape: &CountShape,
        stored: LastResponse,
    ) -> StoreResult<Vec<Arc<BTreeMap<String, SufficientStats>>>> {
        let segments = definition.questions.iter().filter(|q| q.kind.is_segment());
        try_join_all(segments.map(|question| {
            self.stats.by_segment.get(
                stored,
                survey_id,
                filter,
                format!("{}|{}", question.id, shape.key()),
                move |filter| async move {
                    self.store
                        .segment_stats(survey_id, &filter, &question.id, shape)
                        .await
                },
            )
        }))
        .await
    }
}

impl Kindred {
    /// Every figure of one survey's dashboard; the caller has been checked already.
    async fn results_for(
        &self,
        row: &crate::storage::SurveyRow,
        definition: &Definition,
        query: ResultsQuery,
    ) -> Result<SurveyResults, AppError> {
        let definition = definition.clone();
        let filter = parse_filter(&definition, &query)?;
        let reasons = definition.questions.iter().find_map(|q| match &q.kind {
            QuestionKind::Ranking { items, .. } => Some((q.id.clone(), items.clone())),
            _ => None,
        });
        let shape = CountShape {
            motive: reasons.as_ref().map(|(id, _)| id.clone()),
            scales: definition.scale_keys(),
        };
        let shape = &shape;
        // Every count of this view goes up to the same response; the counts of the whole, of each
        // segment's groups and the open answers are then read side by side (separate connections
        // of the pool).
        let stored = self
            .store
            .last_response_id(row.id)
            .await
            .map_err(unexpected)?;
        let (stats, groups, texts) = tokio::try_join!(
            self.stats
                .whole
                .get(stored, row.id, &filter, shape.key(), |filter| async move {
                    self.store.sufficient_stats(row.id, &filter, shape).await
                },),
            self.segment_groups(row.id, &definition, &filter, shape, stored),
            self.store.text_answers(row.id, &filter, 200),
        )
        .map_err(unexpected)?;
        let motive = reasons
            .as_ref()
            .map(|(_, items)| motive_rows(&definition, items, &stats))
            .unwrap_or_default();
        let comparisons = Self::compare_segments(&definition, &stats, groups);

        let mut results = SurveyResults {
            survey_id: row.id,
            title: row.title.clone(),
            query,
            responses: stats.responses as u64,
            segments: Vec::new(),
            rankings: Vec::new(),
            scales: Vec::new(),
            overlap: None,
            nps: None,
            choices: Vec::new(),
            comparisons,
            motive,
            weeks: every_week(&stats.weeks),
            texts: texts
                .into_iter()
                .map(|(question, text, at)| TextAnswer {
                    prompt: definition
                        .questions
                        .iter()
                        .find(|q| q.id == question)
                        .map_or(question.clone(), |q| q.prompt.clone()),
                    text,
                    day: day(at),
                })
                .collect(),
            shared: false,
            weeks_chart_svg: String::new(),
            quadrant_svg: None,
        };
        results.segments = segment_options(&definition);
        results.scales = definition
            .scales()
            .iter()
            .map(|scale| scale_result(scale, &stats))
            .collect();
        for question in &definition.questions {
            match &question.kind {
                QuestionKind::Ranking { items, .. } => {
                    results
                        .rankings
                        .push(ranking_result(question, items, &stats));
                }

                QuestionKind::Overlap if results.overlap.is_none() => {
                    results.overlap = Some(overlap_result(question, &stats));
                }
                QuestionKind::Nps if results.nps.is_none() => {
                    results.nps = nps_result(question, &stats);
                }
                QuestionKind::SingleChoice { choices, segment }
                | QuestionKind::MultipleChoice {
                    choices, segment, ..
                } => {
                    let options = choices
                        .iter()
                        .map(|c| {
                            let count = stats
                                .choices
                                .iter()
                                .filter(|(q, id, _)| *q == question.id && *id == c.id)
                                .map(|(_, _, n)| *n as u64)
                                .sum();
                            (c.id.clone(), c.label.clone(), count)
                        })
                        .collect();
                    results.choices.push(ChoiceResult {
                        n: stats
                            .choice_answered
                            .iter()
                            .filter(|(q, _)| *q == question.id)
                            .map(|(_, n)| *n as u64)
                            .sum(),
                        question_id: question.id.clone(),
                        prompt: question.prompt.clone(),
                        segment: *segment,
                        options,
                    });
                }
                _ => {}
            }
        }
        draw_page_charts(&mut results);
        Ok(results)
    }
}

const SHARE_DAYS_MAX: u32 = 365;

#[async_trait]
impl Insights for Kindred {
    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn results(
        &self,
        caller: &Caller,
        survey_id: i64,
        query: ResultsQuery,
    ) -> Result<SurveyResults, AppError> {
        let (row, definition) = self.results_definition(caller, survey_id).await?;
        self.results_for(&row, &definition, query).await
    }

    #[tracing::instrument(skip_all, err)]
    async fn create_share_link(
        &self,
        caller: &Caller,
        survey_id: i64,
        days: u32,
        show_texts: bool,
    ) -> Result<NewShareLink, AppError> {
        self.require_editor(caller)?;
        if !(1..=SHARE_DAYS_MAX).contains(&days) {
            return Err(AppError::invalid(
                "days",
                format!("A share link lasts from 1 to {SHARE_DAYS_MAX} days."),
            ));
        }
        let row = self.survey_row(caller, survey_id).await?;
        let token = super::new_token();
        let expires_at = self.now() + i64::from(days) * DAY;
        self.store
            .create_share_link(
                row.id,
                &super::token_hash(&token),
                show_texts,
                expires_at,
                self.now(),
            )
            .await
            .map_err(unexpected)?;
        tracing::info!(survey_id, days, show_texts, "share link made");
        Ok(NewShareLink {
            url: self.public_url(&format!("/r/{token}")),
            expires_at,
        })
    }

    async fn share_links(
        &self,
        caller: &Caller,
        survey_id: i64,
    ) -> Result<Vec<ShareLink>, AppError> {
        let row = self.survey_row(caller, survey_id).await?;
        let now = self.now();
        Ok(self
            .store
            .share_links(row.id)
            .await
            .map_err(unexpected)?
            .into_iter()
            .map(|l| ShareLink {
                id: l.id,
                created_at: l.created_at,
                expires_at: l.expires_at,
                show_texts: l.show_texts,
                active: l.revoked_at.is_none() && l.expires_at > now,
            })
            .collect())
    }

    #[tracing::instrument(skip_all, err)]
    async fn revoke_share_link(
        &self,
        caller: &Caller,
        survey_id: i64,
        link_id: i64,
    ) -> Result<(), AppError> {
        self.require_editor(caller)?;
        self.survey_row(caller, survey_id).await?;
        match self
            .store
            .revoke_share_link(caller.organisation_id, link_id, self.now())
            .await
        {
            Ok(()) => Ok(()),
            Err(crate::storage::StoreError::NotFound) => Err(AppError::NotFound(
                "There is no such share link, or it was already revoked.".into(),
            )),
            Err(other) => Err(unexpected(other)),
        }
    }

    async fn shared_results(
        &self,
        token: &str,
        query: ResultsQuery,
    ) -> Result<SurveyResults, AppError> {
        let (link, organisation_id) = self.live_share_link(token).await?;
        let (row, definition) = self
            .organisation_survey(organisation_id, link.survey_id)
            .await?;
        let mut results = self.results_for(&row, &definition, query).await?;
        suppress_small_cells(&mut results, link.show_texts);
        Ok(results)
    }

    async fn filter_options(
        &self,
        caller: &Caller,
        survey_id: i64,
    ) -> Result<Vec<SegmentOption>, AppError> {
        let (_, definition) = self.results_definition(caller, survey_id).await?;
        Ok(segment_options(&definition))
    }

    async fn shared_filter_options(&self, token: &str) -> Result<Vec<SegmentOption>, AppError> {
        let (link, organisation_id) = self.live_share_link(token).await?;
        let (_, definition) = self
            .organisation_survey(organisation_id, link.survey_id)
            .await?;
        Ok(segment_options(&definition))
    }
}

/// The segment questions of a survey, with their choices: what its dashboard can filter by.
fn segment_options(definition: &Definition) -> Vec<SegmentOption> {
    definition
        .questions
        .iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::SingleChoice {
                choices,
                segment: true,
            }
            | QuestionKind::MultipleChoice {
                choices,
                segment: true,
                ..
            } => Some(SegmentOption {
                question_id: q.id.clone(),
                prompt: q.prompt.clone(),
                choices: choices
                    .iter()
                    .map(|c| (c.id.clone(), c.label.clone()))
                    .collect(),
            }),
            _ => None,
        })
        .collect()
}

/// Counts under this are hidden in shared views.
pub const SMALLEST_SHOWN: u64 = 5;

/// Hides, for a shared view, every count under 5 (set to 0, shown as "under 5"), every figure
/// resting on fewer than 5 answers, and the open answers unless the link allows them. Charts are
/// drawn again from what remains.
pub fn suppress_small_cells(results: &mut SurveyResults, show_texts: bool) {
    let hide = |count: &mut u64| {
        if *count < SMALLEST_SHOWN {
            *count = 0;
        }
    };
    results.shared = true;
    hide(&mut results.responses);
    for r in &mut results.rankings {
        if r.n < SMALLEST_SHOWN {
            r.n = 0;
        }
        for item in &mut r.items {
            item.places.iter_mut().for_each(hide);
            let first_count = item
                .first_choice
                .map_or(0.0, |f| f.value * r.n as f64)
                .round() as u64;
            if r.n == 0 || first_count < SMALLEST_SHOWN {
                item.first_choice = None;
            }
            if r.n == 0 {
                item.worth = None;
                item.mean_rank = None;
            }
        }
        r.chart_svg = svg(&ranking_chart(r));
    }
    for s in &mut results.scales {
        if s.n < SMALLEST_SHOWN {
            s.n = 0;
            s.mean = None;
            s.sd = None;
        }
        if s.alpha_n < SMALLEST_SHOWN {
            s.alpha = None;
            s.alpha_n = 0;
        }
        s.distribution.iter_mut().for_each(hide);
        s.chart_svg = svg(&scale_chart(s));
    }
    if let Some(o) = &mut results.overlap {
        if o.n < SMALLEST_SHOWN {
            o.n = 0;
            o.mean = None;
            o.share_high = None;
        }
        o.counts.iter_mut().for_each(hide);
        o.chart_svg = svg(&overlap_chart(o));
    }
    if results.nps.as_ref().is_some_and(|n| n.n < SMALLEST_SHOWN) {
        results.nps = None;
    }
    if let Some(n) = &mut results.nps {
        hide(&mut n.promoters);
        hide(&mut n.passives);
        hide(&mut n.detractors);
        n.chart_svg = svg(&nps_chart(n));
    }
    for c in &mut results.choices {
        hide(&mut c.n);
        c.options.iter_mut().for_each(|(_, _, n)| hide(n));
    }
    for comparison in &mut results.comparisons {
        for row in &mut comparison.rows {
            // Each figure goes with its own n: a group of 40 with 3 recommendation answers
            // shows no NPS.
            if row.n < SMALLEST_SHOWN {
                row.n = 0;
            }
            if row.n == 0 || row.brand_fit_n < SMALLEST_SHOWN {
                row.brand_fit_n = 0;
                row.brand_fit = None;
            }
            if row.n == 0 || row.nps_n < SMALLEST_SHOWN {
                row.nps_n = 0;
                row.nps = None;
            }
            if row.n == 0 || row.top_reason_n < SMALLEST_SHOWN {
                row.top_reason_n = 0;
                row.top_reason = None;
                row.first_item_share = None;
            }
        }
        // A test over hidden groups would reveal them.
        if comparison.rows.iter().any(|r| r.n == 0) {
            comparison.tests.clear();
        }
    }
    for row in &mut results.motive {
        if row.n < SMALLEST_SHOWN {
            row.n = 0;
            row.brand_fit = None;
        }
        if row.overlap_n < SMALLEST_SHOWN {
            row.overlap_n = 0;
            row.overlap = None;
        }
    }
    results.weeks.iter_mut().for_each(|(_, n)| hide(n));
    draw_page_charts(results);
    if !show_texts {
        results.texts.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(value: f64) -> Option<Interval> {
        Some(Interval {
            value,
            low: value - 0.5,
            high: value + 0.5,
        })
    }

    fn results_with(rows: Vec<SegmentRow>, motive: Vec<MotiveRow>) -> SurveyResults {
        SurveyResults {
            survey_id: 1,
            title: "T".into(),
            query: ResultsQuery::default(),
            responses: 40,
            segments: Vec::new(),
            rankings: Vec::new(),
            scales: Vec::new(),
            overlap: None,
            nps: None,
            choices: Vec::new(),
            comparisons: vec![SegmentComparison {
                question_id: "member_type".into(),
                prompt: "Which?".into(),
                rows,
                tests: Vec::new(),
            }],
            motive,
            weeks: Vec::new(),
            weeks_chart_svg: String::new(),
            quadrant_svg: None,
            texts: Vec::new(),
            shared: false,
        }
    }

    #[test]
    fn a_shared_view_hides_each_figure_resting_on_fewer_than_five_answers() {
        // A group of 8 in which only 3 answered the recommendation question and 2 ranked.
        let row = SegmentRow {
            label: "Staff".into(),
            n: 8,
            brand_fit: estimate(5.0),
            brand_fit_n: 8,
            nps: Some(-33.3),
            nps_n: 3,
            top_reason: Some(("Community".into(), 0.5)),
            top_reason_n: 2,
            first_item_share: Some(0.5),
        };
        let motive = MotiveRow {
            reason: "Identity".into(),
            n: 6,
            brand_fit: estimate(5.5),
            overlap: estimate(4.0),
            overlap_n: 3,
        };
        let mut results = results_with(vec![row], vec![motive]);
        suppress_small_cells(&mut results, false);
        let row = &results.comparisons[0].rows[0];
        assert_eq!(row.n, 8);
        assert!(row.brand_fit.is_some());
        assert_eq!((row.nps, row.nps_n), (None, 0));
        assert_eq!((row.top_reason.clone(), row.top_reason_n), (None, 0));
        assert_eq!(row.first_item_share, None);
        let motive = &results.motive[0];
        assert!(motive.brand_fit.is_some());
        assert_eq!((motive.overlap, motive.overlap_n), (None, 0));
    }
}

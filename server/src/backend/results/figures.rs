//! A survey's figures from its sufficient statistics: rankings (first choice, mean rank,
//! Plackett–Luce worth), scales (score, α), the overlap picture, NPS, motive × fit, weeks.

use crate::backend::rollups::scale_form;
use crate::storage::SufficientStats;
use app::api::results::{
    MotiveRow, NpsResult, OverlapResult, RankedItem, RankingResult, ScaleResult, StatementResult,
};
use domain::dates::format_day as day;
use domain::survey::{Definition, Question, QuestionKind, Scale};
use insights::moments::Moments;
use insights::proportion::wilson;
use insights::scale::{ItemMoments, cronbach_alpha};
use insights::{nps, plackett_luce, ranking};
use std::collections::BTreeMap;

pub(super) const DAY: i64 = 24 * 60 * 60;

pub(super) fn ranking_result(
    question: &Question,
    items: &[domain::survey::Item],
    stats: &SufficientStats,
) -> RankingResult {
    let patterns: Vec<(Vec<usize>, u64)> = stats
        .ranking_orders
        .get(&question.id)
        .into_iter()
        .flatten()
        .map(|(order, count)| {
            let order = order
                .iter()
                .filter_map(|id| items.iter().position(|i| i.id == *id))
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
            first_choice: summary.first_choice[i],
            mean_rank: summary.mean_rank[i],
            worth: worths.as_ref().map(|w| w.worths[i]),
            places: summary.distribution[i].clone(),
        })
        .collect();
    RankingResult {
        question_id: question.id.clone(),
        prompt: question.prompt.clone(),
        n: summary.n,
        items: ranked,
    }
}

/// Each score a respondent can have on a scale (mean of the statements answered, reversed where
/// keyed so) with how many have it, from the (answered, sum) counts.
fn scores_of(counts: &BTreeMap<(i64, i64), i64>) -> impl Iterator<Item = (f64, u64)> + '_ {
    counts
        .iter()
        .filter(|((answered, _), _)| *answered > 0)
        .map(|((answered, sum), n)| (*sum as f64 / *answered as f64, *n as u64))
}

pub(super) fn scale_result(scale: &Scale, stats: &SufficientStats) -> ScaleResult {
    let points = scale.points;
    let mut scores = Moments::default();
    let mut distribution = vec![0u64; usize::from(points)];
    let counted = stats.scales.get(&scale.key);
    for (s, count) in counted.into_iter().flat_map(|c| scores_of(&c.scores)) {
        scores = scores.add(s, count);
        let bucket = (s.round() as usize).clamp(1, usize::from(points)) - 1;
        distribution[bucket] += count;
    }
    // α over the respondents who answered every statement of the scale as it is now asked.
    let complete = counted.and_then(|c| c.complete.get(&scale_form(scale)));
    let alpha_n = complete.map_or(0, |c| c.n as u64);
    let alpha = complete.and_then(|c| {
        let k = c.sums.len();
        cronbach_alpha(&ItemMoments {
            n: c.n as u64,
            sums: c.sums.iter().map(|s| *s as f64).collect(),
            cross: (0..k)
                .map(|i| (0..k).map(|j| c.cross[i * k + j] as f64).collect())
                .collect(),
        })
    });
    ScaleResult {
        question_id: scale.key.clone(),
        questions: scale.questions.clone(),
        prompt: scale.prompt.clone(),
        scale: scale.name.clone(),
        brand_fit: false,
        points,
        n: scores.n,
        mean: scores.mean_interval(),
        sd: scores.sd(),
        alpha,
        alpha_n,
        distribution,
        low_label: scale.low_label.clone(),
        high_label: scale.high_label.clone(),
        statements: statement_results(scale, stats),
    }
}

/// Each statement of a scale with how many chose each point, from the (statement, point) counts.
fn statement_results(scale: &Scale, stats: &SufficientStats) -> Vec<StatementResult> {
    let points = usize::from(scale.points);
    scale
        .items
        .iter()
        .map(|(question, item)| {
            let mut counts = vec![0u64; points];
            let answered = stats.statement_values.get(question);
            for ((id, point), n) in answered.into_iter().flatten() {
                if *id == item.id && (1..=points as i64).contains(point) {
                    counts[*point as usize - 1] += *n as u64;
                }
            }
            StatementResult {
                question_id: question.clone(),
                item_id: item.id.clone(),
                label: item.label.clone(),
                reverse: item.reverse,
                n: counts.iter().sum(),
                counts,
            }
        })
        .collect()
}

/// Respondents' scores on a scale (mean of the statements answered, reversed where keyed so),
/// from its (answered, sum) counts.
pub(super) fn scale_scores(counts: Option<&BTreeMap<(i64, i64), i64>>) -> Moments {
    counts
        .into_iter()
        .flat_map(scores_of)
        .fold(Moments::default(), |m, (s, n)| m.add(s, n))
}

/// The score counts of a scale in `stats`.
pub(super) fn score_counts<'a>(
    stats: &'a SufficientStats,
    scale: &Scale,
) -> Option<&'a BTreeMap<(i64, i64), i64>> {
    stats.scales.get(&scale.key).map(|s| &s.scores)
}

/// Motive × fit: for each reason ranked first, the brand-fit score and
/// the overlap picture of the members who put it first, each with the n it rests on.
pub(super) fn motive_rows(
    definition: &Definition,
    reasons: &[domain::survey::Item],
    stats: &SufficientStats,
) -> Vec<MotiveRow> {
    let fit = definition.brand_fit_scale();
    let overlap = definition
        .questions
        .iter()
        .find(|q| matches!(q.kind, QuestionKind::Overlap))
        .map(|q| q.id.clone());
    reasons
        .iter()
        .map(|reason| {
            // The same counts, narrowed to the members who ranked this reason first.
            let narrowed = stats.motives.get(&reason.id);
            let scores = fit
                .as_ref()
                .map(|scale| scale_scores(narrowed.and_then(|m| m.scores.get(&scale.key))));
            let closeness = overlap.as_ref().map(|id| {
                narrowed
                    .and_then(|m| m.values.get(id))
                    .into_iter()
                    .flatten()
                    .fold(Moments::default(), |m, (v, n)| m.add(*v as f64, *n as u64))
            });
            MotiveRow {
                reason: reason.label.clone(),
                n: scores.map_or(0, |s| s.n),
                brand_fit: scores.and_then(|s| s.mean_interval()),
                overlap: closeness.and_then(|m| m.mean_interval()),
                overlap_n: closeness.map_or(0, |m| m.n),
            }
        })
        .collect()
}

/// Seconds from the Unix epoch (a Thursday) back to the Monday that starts its ISO week.
pub(super) const ISO_WEEK_OFFSET: i64 = 3 * DAY;

/// Responses per ISO week (Monday to Sunday, UTC), labelled by the Monday, from the first week
/// with a response to the last; weeks between them without responses count 0. `days` counts
/// responses per day since 1970-01-01 (a Thursday, so weeks are counted from Monday 1969-12-29).
pub(super) fn every_week(days: &BTreeMap<i64, i64>) -> Vec<(String, u64)> {
    let mut counts: BTreeMap<i64, i64> = BTreeMap::new();
    for (day, n) in days {
        *counts.entry((day + 3).div_euclid(7)).or_default() += n;
    }
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
pub(super) fn first_choices(
    question_id: &str,
    items: &[domain::survey::Item],
    stats: &SufficientStats,
) -> Vec<u64> {
    let mut counts = vec![0u64; items.len()];
    for (order, count) in stats.ranking_orders.get(question_id).into_iter().flatten() {
        if let Some(i) = order
            .first()
            .and_then(|first| items.iter().position(|it| it.id == *first))
        {
            counts[i] += *count as u64;
        }
    }
    counts
}

pub(super) fn counts_of(
    stats: &SufficientStats,
    question: &str,
    size: usize,
    offset: i64,
) -> Vec<u64> {
    let mut counts = vec![0u64; size];
    for (value, count) in stats.values.get(question).into_iter().flatten() {
        if let Some(slot) = usize::try_from(value - offset).ok().filter(|i| *i < size) {
            counts[slot] += *count as u64;
        }
    }
    counts
}

pub(super) fn overlap_result(question: &Question, stats: &SufficientStats) -> OverlapResult {
    let counts = counts_of(stats, &question.id, 7, 1);
    let n: u64 = counts.iter().sum();
    let moments = counts
        .iter()
        .enumerate()
        .fold(Moments::default(), |m, (i, c)| m.add((i + 1) as f64, *c));
    let high: u64 = counts[4..].iter().sum();
    OverlapResult {
        question_id: question.id.clone(),
        prompt: question.prompt.clone(),
        n,
        mean: moments.mean_interval(),
        share_high: wilson(high, n),
        counts,
    }
}

pub(super) fn nps_result(question: &Question, stats: &SufficientStats) -> Option<NpsResult> {
    let counts: [u64; 11] = counts_of(stats, &question.id, 11, 0).try_into().ok()?;
    let result = nps::nps(&counts)?;
    Some(NpsResult {
        question_id: question.id.clone(),
        prompt: question.prompt.clone(),
        n: result.n,
        promoters: result.promoters,
        passives: result.passives,
        detractors: result.detractors,
        score: result.score,
        distribution: counts.to_vec(),
    })
}

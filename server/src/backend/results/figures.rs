//! A survey's figures from its sufficient statistics: rankings (first choice, mean rank,
//! Plackett–Luce worth), scales (score, α), the overlap picture, NPS, motive × fit, weeks.

use crate::storage::SufficientStats;
use app::api::results::{
    MotiveRow, NpsResult, OverlapResult, RankedItem, RankingResult, ScaleResult,
};
use domain::dates::format_day as day;
use domain::survey::{Definition, Question, QuestionKind, Scale};
use insights::moments::Moments;
use insights::proportion::wilson;
use insights::scale::{ItemMoments, cronbach_alpha, reverse, score};
use insights::{nps, plackett_luce, ranking};
use std::collections::BTreeMap;

const DAY: i64 = 24 * 60 * 60;
/// A respondent's scale score needs this share of its statements answered.
const MIN_ANSWERED: f64 = 0.8;

pub(super) fn ranking_result(
    question: &Question,
    items: &[domain::survey::Item],
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

/// Each distinct answer vector of a scale, as one value per statement (reversed where keyed
/// so; `None` where unanswered), with how many respondents gave it.
pub(super) fn scale_vectors<'a>(
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

pub(super) fn scale_result(scale: &Scale, stats: &SufficientStats) -> ScaleResult {
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
    ScaleResult {
        question_id: scale.key.clone(),
        questions: scale.questions.clone(),
        prompt: scale.prompt.clone(),
        scale: scale.name.clone(),
        points,
        n: scores.n,
        mean: scores.mean_interval(),
        sd: scores.sd(),
        alpha,
        alpha_n,
        distribution,
    }
}

/// Respondents' scores on a scale (mean of the statements answered, reversed where keyed so),
/// from its answer-vector counts.
pub(super) fn scale_scores(scale: &Scale, patterns: &[(String, String, i64)]) -> Moments {
    let mut scores = Moments::default();
    for (values, count) in scale_vectors(scale, patterns) {
        if let Some(s) = score(&values, MIN_ANSWERED) {
            scores = scores.add(s, count);
        }
    }
    scores
}

/// The brand-fit scale: the survey's first agreement scale.
pub(super) fn brand_fit_scale(definition: &Definition) -> Option<Scale> {
    definition.scales().into_iter().next()
}

/// Motive × fit: for each reason ranked first, the brand-fit score (first agreement scale) and
/// the overlap picture of the members who put it first, each with the n it rests on.
pub(super) fn motive_rows(
    definition: &Definition,
    reasons: &[domain::survey::Item],
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
/// with a response to the last; weeks between them without responses count 0.
pub(super) fn every_week(weeks: &[(i64, i64)]) -> Vec<(String, u64)> {
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
pub(super) fn first_choices(
    question_id: &str,
    items: &[domain::survey::Item],
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

pub(super) fn counts_of(
    stats: &SufficientStats,
    question: &str,
    size: usize,
    offset: i64,
) -> Vec<u64> {
    let mut counts = vec![0u64; size];
    for (_, value, count) in stats.values.iter().filter(|(q, _, _)| q == question) {
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
    })
}

//! Segment comparisons: each segment's groups side by side, with Welch t and chi-square tests,
//! Holm-adjusted over every test on the page.

use super::super::Kindred;
use super::figures::{counts_of, first_choices, scale_scores, score_counts};
use crate::storage::SufficientStats;
use app::api::results::{SegmentComparison, SegmentRow, TestLine};
use domain::survey::{Definition, QuestionKind};
use insights::moments::Moments;
use insights::{compare, nps};
use std::collections::BTreeMap;

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
    pub(super) fn compare_segments(
        definition: &Definition,
        total: &SufficientStats,
        groups: Vec<BTreeMap<String, SufficientStats>>,
    ) -> Vec<SegmentComparison> {
        let fit = definition.brand_fit_scale();
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
            .map(|scale| scale_scores(score_counts(total, scale)));
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
                    .map(|scale| scale_scores(score_counts(stats, scale)));
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
                            Some(rows.len()),
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
                                    Some(rows.len()),
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
                    brand_fit: scores.and_then(|s| s.mean_interval()),
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
                    None,
                ));
            }
            let (id, prompt, name) = (&question.id, &question.prompt, question.name());
            comparisons.push(((id.clone(), prompt.clone(), name.to_owned()), rows, tests));
        }
        // Holm over every test on the page.
        let p_values: Vec<f64> = comparisons
            .iter()
            .flat_map(|c| c.2.iter().map(|(_, t, _, _)| t.p))
            .collect();
        let mut adjusted = compare::holm(&p_values).into_iter();
        comparisons
            .into_iter()
            .map(
                |((question_id, prompt, name), rows, tests)| SegmentComparison {
                    question_id,
                    prompt,
                    name,
                    rows,
                    tests: tests
                        .into_iter()
                        .map(|(what, t, n, row)| TestLine {
                            what,
                            row,
                            statistic: t.statistic,
                            df: t.df,
                            p: t.p,
                            p_holm: adjusted.next().unwrap_or(1.0),
                            n,
                        })
                        .collect(),
                },
            )
            .collect()
    }
}

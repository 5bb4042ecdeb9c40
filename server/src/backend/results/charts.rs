//! The dashboard's charts, drawn on demand from the same figures the page's tables show, each
//! looked up by its name (the page shows them as images; downloads and the API fetch them).

use crate::pictures::charts::{Bar, Chart, ChartSpec, DivergingSpec, QuadrantSpec, StackedSpec};
use app::api::results::{NpsResult, OverlapResult, RankingResult, ScaleResult, SurveyResults};
pub use domain::chart_name::ChartName;
use domain::numbers::signed;

/// The charts, drawn from the same figures the page's tables show.
pub fn ranking_chart(result: &RankingResult) -> ChartSpec {
    let bars = best_first(result)
        .into_iter()
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

/// Each statement of a scale as a diverging bar, the statements most agreed with first;
/// reverse-keyed ones are named so, since agreeing with them lowers the score.
pub fn statements_chart(result: &ScaleResult) -> DivergingSpec {
    let mut statements: Vec<_> = result.statements.iter().collect();
    let net = |s: &app::api::results::StatementResult| {
        (s.agreeing(result.points) as f64 - s.disagreeing(result.points) as f64) / s.n.max(1) as f64
    };
    statements.sort_by(|a, b| net(b).total_cmp(&net(a)));
    let points = usize::from(result.points);
    DivergingSpec {
        title: format!("{}: each statement (n = {})", result.scale, result.n),
        x_label: "Share of respondents disagreeing (left) and agreeing (right)".to_owned(),
        rows: statements
            .into_iter()
            .map(|s| {
                let label = if s.reverse {
                    format!("{} (reversed)", s.label)
                } else {
                    s.label.clone()
                };
                let total = s.counts.iter().sum::<u64>().max(1) as f64;
                (label, s.counts.iter().map(|c| *c as f64 / total).collect())
            })
            .collect(),
        points: (1..=points)
            .map(|p| match result.end_label(p) {
                Some(end) => format!("{p} {end}"),
                None => p.to_string(),
            })
            .collect(),
    }
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
    .with_overlap_pictures()
}

/// The answers 0 to 10, each named with its group; where the answers are not given (a shared
/// view), the three groups.
pub fn nps_chart(result: &NpsResult) -> ChartSpec {
    if result.distribution.len() == 11 {
        let group = |v: usize| match v {
            0..=6 => "detractor",
            7 | 8 => "passive",
            _ => "promoter",
        };
        return ChartSpec::new(
            format!(
                "Net Promoter Score {}: answers from 0 to 10 (n = {})",
                signed(result.score.value, 0),
                result.n
            ),
            "Share of members (0 = not at all likely, 10 = extremely likely)",
            shares(
                (0..=10).map(|v| format!("{v} · {}", group(v))),
                &result.distribution,
            ),
        );
    }
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

/// The items of a ranking, best first: by worth (else the share ranking it first), as the
/// ranking chart orders its bars.
fn best_first(result: &RankingResult) -> Vec<&app::api::results::RankedItem> {
    let value = |item: &app::api::results::RankedItem| {
        item.worth.or(item.first_choice).map_or(0.0, |e| e.value)
    };
    let mut items: Vec<_> = result.items.iter().collect();
    items.sort_by(|a, b| value(b).total_cmp(&value(a)));
    items
}

/// The stacked rank distribution: for each item, best first, the share putting it in each place.
pub fn rank_distribution_chart(result: &RankingResult) -> StackedSpec {
    let places = result
        .items
        .first()
        .map_or(0, |i| i.places.len().saturating_sub(1));
    let n = result.n.max(1) as f64;
    let mut parts: Vec<String> = (1..=places)
        .map(|p| format!("{} place", domain::response::ordinal(p)))
        .collect();
    parts.push("Not ranked".to_owned());
    StackedSpec {
        title: format!("Where members put each reason (n = {})", result.n),
        x_label: "Share of members".to_owned(),
        rows: best_first(result)
            .into_iter()
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
    if !results.has_quadrant() {
        return None;
    }
    let reason = results.rankings.first()?.items.first()?;
    let fit = results.brand_fit()?;
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
    // The axes close in on the groups and everyone's values, so that groups a few points apart
    // are told apart; they never run past 0–100% or the scale's ends.
    let span = |values: &mut dyn Iterator<Item = f64>, (low, high): (f64, f64), least: f64| {
        let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        let pad = ((max - min) * 0.15).max(least);
        ((min - pad).max(low), (max + pad).min(high))
    };
    let x_range = span(
        &mut points.iter().map(|p| p.1).chain([overall_share]),
        (0.0, 1.0),
        0.05,
    );
    let y_range = span(
        &mut points.iter().map(|p| p.2).chain([overall_fit]),
        (1.0, f64::from(fit.points)),
        0.25,
    );
    Some(QuadrantSpec {
        title: format!("Motive × fit by group (n = {})", results.responses),
        x_label: format!("Share ranking “{}” first", reason.label),
        y_label: fit.scale.clone(),
        x_range,
        y_range,
        cross: (overall_share, overall_fit),
        points,
    })
}

/// One chart of a results page, as its download draws it.
pub fn chart_named(results: &SurveyResults, name: &ChartName) -> Option<Chart> {
    let ranking = |id: &str| results.rankings.iter().find(|r| r.question_id == id);
    Some(match name {
        ChartName::Ranking(id) => Chart::Bars(ranking_chart(ranking(id)?)),
        ChartName::RankDistribution(id) => Chart::Stacked(rank_distribution_chart(ranking(id)?)),
        ChartName::Scale(id) => Chart::Bars(scale_chart(
            results.scales.iter().find(|s| s.question_id == *id)?,
        )),
        ChartName::Statements(id) => Chart::Diverging(statements_chart(
            results.scales.iter().find(|s| s.question_id == *id)?,
        )),
        ChartName::Overlap => Chart::Bars(overlap_chart(results.overlap.as_ref()?)),
        ChartName::Nps => Chart::Bars(nps_chart(results.nps.as_ref()?)),
        ChartName::Weeks => Chart::Bars(weeks_chart(results)),
        ChartName::Quadrant => Chart::Quadrant(quadrant_chart(results)?),
    })
}

/// The charts a dashboard with these figures has, in page order: each ranking's worth and place
/// distribution, each scale, the overlap picture, NPS, motive × fit, responses by week.
pub fn chart_names(results: &SurveyResults) -> Vec<ChartName> {
    let mut names = Vec::new();
    for r in &results.rankings {
        names.push(ChartName::Ranking(r.question_id.clone()));
        names.push(ChartName::RankDistribution(r.question_id.clone()));
    }
    for s in &results.scales {
        names.push(ChartName::Scale(s.question_id.clone()));
        names.push(ChartName::Statements(s.question_id.clone()));
    }
    if results.overlap.is_some() {
        names.push(ChartName::Overlap);
    }
    if results.nps.is_some() {
        names.push(ChartName::Nps);
    }
    if results.has_quadrant() {
        names.push(ChartName::Quadrant);
    }
    names.push(ChartName::Weeks);
    names
}

//! "What your members told you": the few conclusions a view's figures support, in words, each
//! with its evidence, its caution and the section it comes from.
//!
//! The rules, so that a sentence never says more than the data:
//! - A finding rests on at least [`FINDING_MIN_N`] answers; fewer, and it says so instead.
//! - A difference is stated as a difference only when its test passes at 5% after Holm's
//!   correction: the leading reason against the next (z test of two shares of one sample) and
//!   brand fit between the groups of members who rank each reason first (Welch t) form one
//!   family here; segment groups use the Holm-adjusted tests of the segment comparisons.
//! - Otherwise the finding says the figures are about the same, with the numbers.

use super::figures::scale_scores;
use crate::storage::SufficientStats;
use app::api::results::{
    FINDING_MIN_N, Finding, FindingKind, RankedItem, RankingResult, SegmentComparison,
    SurveyResults,
};
use domain::numbers::{count, fixed, p_value, percent};
use domain::survey::{BRAND_FIT_SCALE, Definition, Item, QuestionKind, REASONS};
use insights::compare::{TestResult, holm, share_difference, welch_t};
use insights::moments::Moments;

/// The level at which a Holm-adjusted p-value counts as a difference.
const SIGNIFICANCE: f64 = 0.05;

/// The findings of one view: `results` are its figures, `stats` the counts they came from.
pub(super) fn findings(
    definition: &Definition,
    stats: &SufficientStats,
    results: &SurveyResults,
) -> Vec<Finding> {
    if results.responses == 0 {
        return Vec::new();
    }
    let reasons = definition.questions.iter().find_map(|q| match &q.kind {
        QuestionKind::Ranking { items, .. } => Some(items.as_slice()),
        _ => None,
    });
    let ranking = results.rankings.first();
    let lead = ranking.and_then(leading_pair);
    let motives = reasons
        .map(|items| motive_tests(definition, items, stats))
        .unwrap_or_default();

    // One Holm family: the lead, then every pair of motive groups.
    let mut p_values: Vec<f64> = lead.iter().filter_map(|l| l.test.map(|t| t.p)).collect();
    p_values.extend(motives.pairs.iter().map(|pair| pair.test.p));
    let mut adjusted = holm(&p_values).into_iter();
    let lead_p = lead
        .as_ref()
        .and_then(|l| l.test)
        .and_then(|_| adjusted.next());
    let pair_p: Vec<f64> = adjusted.collect();

    let mut out = Vec::new();
    let mut leader = None;
    if let Some(ranking) = ranking {
        leader = leading_reason(ranking, lead.as_ref(), lead_p, &mut out);
        reason_order(ranking, &mut out);
    }
    brand_fit(definition, results, &mut out);
    overlap(results, &mut out);
    motive_fit(&motives, &pair_p, results, &mut out);
    let mut furthest = None;
    for comparison in &results.comparisons {
        let group = segment(comparison, results, &mut out);
        furthest = match (furthest, group) {
            (Some((a, da)), Some((b, db))) => Some(if db < da { (b, db) } else { (a, da) }),
            (a, b) => a.or(b),
        };
    }
    if let Some(reason) = leader {
        let mut text = format!(
            "To fit how members see themselves, lead with {reason}: more of them rank it first than any other reason."
        );
        let mut evidence = "From the reason members most often rank first".to_owned();
        if let Some((group, _)) = &furthest {
            text.push_str(&format!(
                " The “{group}” group feels furthest from the brand: start there."
            ));
            evidence.push_str(" and the group whose brand fit is furthest below everyone else's");
        }
        evidence.push('.');
        out.push(Finding {
            kind: FindingKind::Advice,
            text,
            evidence,
            caution: None,
            section: ranking.map_or_else(String::new, |r| format!("ranking-{}", r.question_id)),
        });
    }
    out
}

/// A reason's name in a sentence: the template's short name ("Identity") while the item is the
/// template's own, id and label unchanged; else its label in quotes.
fn reason_name(id: &str, label: &str) -> String {
    REASONS
        .iter()
        .find(|(i, l, _)| *i == id && *l == label)
        .map_or_else(|| format!("“{label}”"), |(_, _, name)| (*name).to_owned())
}

/// `text` with its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().collect::<String>() + chars.as_str()
    })
}

fn item_name(item: &RankedItem) -> String {
    reason_name(&item.id, &item.label)
}

/// "Holm-adjusted p = 0.012", or "Holm-adjusted p < 0.001" below a thousandth.
fn holm_p(p: f64) -> String {
    if p < 0.001 {
        "Holm-adjusted p < 0.001".to_owned()
    } else {
        format!("Holm-adjusted p = {}", p_value(p))
    }
}

/// A share with its interval: "46% (95% CI 43–49%)".
fn share_with_interval(share: domain::Estimate) -> String {
    format!(
        "{} (95% CI {}–{})",
        percent(share.value),
        fixed(share.low * 100.0, 0),
        percent(share.high)
    )
}

/// The reason most often ranked first, the next one and the test of their difference.
struct Lead<'a> {
    top: &'a RankedItem,
    next: &'a RankedItem,
    n: u64,
    test: Option<TestResult>,
}

fn leading_pair(ranking: &RankingResult) -> Option<Lead<'_>> {
    let firsts = |item: &RankedItem| item.places.first().copied().unwrap_or(0);
    let mut items: Vec<&RankedItem> = ranking.items.iter().collect();
    items.sort_by_key(|item| std::cmp::Reverse(firsts(item)));
    let (top, next) = (*items.first()?, *items.get(1)?);
    let test = (ranking.n >= FINDING_MIN_N)
        .then(|| share_difference(firsts(top), firsts(next), ranking.n))
        .flatten();
    Some(Lead {
        top,
        next,
        n: ranking.n,
        test,
    })
}

/// States which reason leads, or that none clearly does; returns the leader's name.
fn leading_reason(
    ranking: &RankingResult,
    lead: Option<&Lead>,
    p_holm: Option<f64>,
    out: &mut Vec<Finding>,
) -> Option<String> {
    let section = format!("ranking-{}", ranking.question_id);
    let lead = lead?;
    if lead.n < FINDING_MIN_N {
        out.push(Finding {
            kind: FindingKind::LeadingReason,
            text: "Too few members have ranked the reasons yet to say which one leads.".into(),
            evidence: format!("A finding needs at least {FINDING_MIN_N} rankings."),
            caution: Some("Share the survey with more members.".into()),
            section,
        });
        return None;
    }
    let (top, next) = (item_name(lead.top), item_name(lead.next));
    let (top_share, next_share) = (lead.top.first_choice?, lead.next.first_choice?);
    if lead.test.is_none() && lead.top.places.first() == Some(&lead.n) {
        // Every ranking put it first: no test is needed (nor defined).
        out.push(Finding {
            kind: FindingKind::LeadingReason,
            text: format!("{top} is the reason members most often rank first."),
            evidence: format!("Every one of the {} rankings put it first.", count(lead.n)),
            caution: None,
            section,
        });
        return Some(top);
    }
    let p = p_holm.unwrap_or(1.0);
    let test = format!("z test of the difference, {}", holm_p(p));
    if p < SIGNIFICANCE {
        out.push(Finding {
            kind: FindingKind::LeadingReason,
            text: format!("{top} is the reason members most often rank first."),
            evidence: format!(
                "{} ranked it first, n = {}; next is {next} at {} ({test}).",
                share_with_interval(top_share),
                count(lead.n),
                percent(next_share.value)
            ),
            caution: None,
            section,
        });
        Some(top)
    } else {
        out.push(Finding {
            kind: FindingKind::LeadingReason,
            text: format!("{top} and {next} are ranked first about equally often."),
            evidence: format!(
                "{} and {} ranked them first, n = {} ({test}).",
                percent(top_share.value),
                percent(next_share.value),
                count(lead.n)
            ),
            caution: Some(
                "The gap could be chance: hear from more members before choosing between them."
                    .into(),
            ),
            section,
        });
        None
    }
}

/// The reasons in order of Plackett–Luce worth.
fn reason_order(ranking: &RankingResult, out: &mut Vec<Finding>) {
    if ranking.n < FINDING_MIN_N || ranking.items.len() < 2 {
        return;
    }
    let mut worths: Vec<(&RankedItem, f64)> = ranking
        .items
        .iter()
        .filter_map(|item| item.worth.map(|w| (item, w.value)))
        .collect();
    if worths.len() != ranking.items.len() {
        return;
    }
    worths.sort_by(|a, b| b.1.total_cmp(&a.1));
    let names: Vec<String> = worths.iter().map(|(item, _)| item_name(item)).collect();
    let mut text = format!("Weighing every ranking, members put {}", names[0]);
    for name in &names[1..names.len() - 1] {
        text.push_str(&format!(", then {name}"));
    }
    text.push_str(&format!(" and last {}.", names[names.len() - 1]));
    let ids: Vec<&str> = worths.iter().map(|(item, _)| item.id.as_str()).collect();
    if ids == ["identity", "connections", "community"] {
        text.push_str(" That is the usual order of why people join networks: first to show who they are, then for the people, last to belong.");
    }
    let evidence = worths
        .iter()
        .map(|(item, w)| format!("{} {}", item_name(item), percent(*w)))
        .collect::<Vec<_>>()
        .join(", ");
    out.push(Finding {
        kind: FindingKind::ReasonOrder,
        text,
        evidence: format!(
            "Plackett–Luce worth, the chance of being ranked first: {evidence}; n = {}.",
            count(ranking.n)
        ),
        caution: None,
        section: format!("ranking-{}", ranking.question_id),
    });
}

/// Which side of its middle a scale's mean lies on, interval and all.
enum Side {
    Agree,
    Disagree,
    Middle,
}

/// How well the brand fits who members are, against the middle of the scale.
fn brand_fit(definition: &Definition, results: &SurveyResults, out: &mut Vec<Finding>) {
    let Some(scale) = definition.brand_fit_scale() else {
        return;
    };
    let Some(result) = results.scales.iter().find(|s| s.question_id == scale.key) else {
        return;
    };
    let Some(mean) = result.mean.filter(|_| result.n >= FINDING_MIN_N) else {
        return;
    };
    let points = result.points;
    let middle = (f64::from(points) + 1.0) / 2.0;
    let score = format!("{} of {points} on average", fixed(mean.value, 1));
    let side = if mean.low > middle {
        Side::Agree
    } else if mean.high < middle {
        Side::Disagree
    } else {
        Side::Middle
    };
    let text = if result.scale == BRAND_FIT_SCALE {
        match side {
            Side::Agree => format!("Members feel the brand fits who they are: {score}."),
            Side::Disagree => {
                format!("Members do not yet feel the brand fits who they are: {score}.")
            }
            Side::Middle => format!(
                "Members are undecided whether the brand fits who they are: {score}, the middle of the scale."
            ),
        }
    } else {
        // A renamed scale: say what the numbers say, not what the template's scale means.
        let name = &result.scale;
        match side {
            Side::Agree => format!("Members agree with “{name}”: {score}."),
            Side::Disagree => format!("Members disagree with “{name}”: {score}."),
            Side::Middle => {
                format!("Members are undecided on “{name}”: {score}, the middle of the scale.")
            }
        }
    };
    let caution = result.alpha.filter(|a| *a < 0.7).map(|a| {
        format!(
            "The scale's statements agree with each other less than they should (Cronbach's α = {}): read the score with care.",
            fixed(a, 2)
        )
    });
    out.push(Finding {
        kind: FindingKind::BrandFit,
        text,
        evidence: format!(
            "{} (95% CI {}–{}; n = {}); the middle of the scale is {}.",
            result.scale,
            fixed(mean.low, 1),
            fixed(mean.high, 1),
            count(result.n),
            fixed(middle, 0)
        ),
        caution,
        section: format!("scale-{}", result.question_id),
    });
}

/// How many members pick an overlap picture of 5 or more.
fn overlap(results: &SurveyResults, out: &mut Vec<Finding>) {
    let Some(overlap) = &results.overlap else {
        return;
    };
    let Some(high) = overlap.share_high.filter(|_| overlap.n >= FINDING_MIN_N) else {
        return;
    };
    out.push(Finding {
        kind: FindingKind::Overlap,
        text: format!(
            "{} of members pick picture 5 or more, where the brand overlaps much of how they see themselves: {}.",
            percent(high.value),
            if high.low > 0.5 {
                "most members do"
            } else if high.high < 0.5 {
                "fewer than half do"
            } else {
                "about half do"
            }
        ),
        evidence: format!(
            "{} of n = {}{}.",
            share_with_interval(high),
            count(overlap.n),
            overlap
                .mean
                .map_or_else(String::new, |m| format!("; the mean picture is {} of 7", fixed(m.value, 1)))
        ),
        caution: None,
        section: "overlap".into(),
    });
}

/// Brand fit of the members who rank each reason first, and Welch t between every two groups
/// large enough to compare.
#[derive(Default)]
struct MotiveTests {
    /// (reason name, brand-fit scores) per reason, in the ranking's order.
    groups: Vec<(String, Moments)>,
    pairs: Vec<Pair>,
    points: u8,
}

struct Pair {
    a: usize,
    b: usize,
    test: TestResult,
}

fn motive_tests(definition: &Definition, reasons: &[Item], stats: &SufficientStats) -> MotiveTests {
    let Some(scale) = definition.brand_fit_scale() else {
        return MotiveTests::default();
    };
    let groups: Vec<(String, Moments)> = reasons
        .iter()
        .map(|reason| {
            let scores = stats
                .motives
                .get(&reason.id)
                .and_then(|m| m.scores.get(&scale.key));
            (reason_name(&reason.id, &reason.label), scale_scores(scores))
        })
        .collect();
    let mut pairs = Vec::new();
    for a in 0..groups.len() {
        for b in a + 1..groups.len() {
            let (ma, mb) = (&groups[a].1, &groups[b].1);
            if ma.n < FINDING_MIN_N || mb.n < FINDING_MIN_N {
                continue;
            }
            if let Some(test) = welch_t(ma, mb) {
                pairs.push(Pair { a, b, test });
            }
        }
    }
    MotiveTests {
        groups,
        pairs,
        points: scale.points,
    }
}

/// States the largest brand-fit difference between motive groups that passes its test, or that
/// there is none.
fn motive_fit(
    motives: &MotiveTests,
    p_holm: &[f64],
    results: &SurveyResults,
    out: &mut Vec<Finding>,
) {
    let large: Vec<&(String, Moments)> = motives
        .groups
        .iter()
        .filter(|(_, m)| m.n >= FINDING_MIN_N)
        .collect();
    if large.len() < 2 || !results.has_quadrant() {
        return;
    }
    let small: Vec<&str> = motives
        .groups
        .iter()
        .filter(|(_, m)| m.n < FINDING_MIN_N)
        .map(|(name, _)| name.as_str())
        .collect();
    let caution = (!small.is_empty()).then(|| {
        format!(
            "Too few members rank {} first to compare.",
            small.join(" or ")
        )
    });
    let points = motives.points;
    let mean = |m: &Moments| fixed(m.mean().unwrap_or(0.0), 1);
    let passed = motives
        .pairs
        .iter()
        .zip(p_holm)
        .filter(|(_, p)| **p < SIGNIFICANCE)
        .max_by(|(x, _), (y, _)| {
            let gap = |pair: &Pair| {
                (motives.groups[pair.a].1.mean().unwrap_or(0.0)
                    - motives.groups[pair.b].1.mean().unwrap_or(0.0))
                .abs()
            };
            gap(x).total_cmp(&gap(y))
        });
    let finding = match passed {
        Some((pair, p)) => {
            let (mut high, mut low) = (&motives.groups[pair.a], &motives.groups[pair.b]);
            if high.1.mean() < low.1.mean() {
                std::mem::swap(&mut high, &mut low);
            }
            Finding {
                kind: FindingKind::MotiveFit,
                text: format!(
                    "Members who rank {} first feel the brand is theirs more than those who rank {} first.",
                    high.0, low.0
                ),
                evidence: format!(
                    "Brand fit {} vs {} of {points} (n = {} and {}; Welch t, {}).",
                    mean(&high.1),
                    mean(&low.1),
                    count(high.1.n),
                    count(low.1.n),
                    holm_p(*p)
                ),
                caution,
                section: "motive".into(),
            }
        }
        None => Finding {
            kind: FindingKind::MotiveFit,
            text: "Brand fit is about the same whatever reason members rank first.".into(),
            evidence: format!(
                "{} of {points}; no difference passes Welch's t after Holm's correction.",
                large
                    .iter()
                    .map(|(name, m)| format!("{name} {}", mean(m)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            caution,
            section: "motive".into(),
        },
    };
    out.push(finding);
}

/// States how one segment's groups differ in brand fit and in the reason they rank first, or
/// that they do not; returns the group furthest below everyone else in brand fit, if its test
/// passed, with how far (negative).
fn segment(
    comparison: &SegmentComparison,
    results: &SurveyResults,
    out: &mut Vec<Finding>,
) -> Option<(String, f64)> {
    let section = format!("segment-{}", comparison.question_id);
    let large = |n: u64| n >= FINDING_MIN_N;
    let small: Vec<&str> = comparison
        .rows
        .iter()
        .filter(|r| r.n > 0 && !large(r.n))
        .map(|r| r.label.as_str())
        .collect();
    let caution =
        (!small.is_empty()).then(|| format!("{} are too few to compare.", small.join(", ")));
    let about = format!("“{}”", comparison.name);
    if comparison.rows.iter().filter(|r| large(r.n)).count() < 2 {
        if !small.is_empty() {
            out.push(Finding {
                kind: FindingKind::Segment,
                text: format!("The groups of {about} are too small to compare yet."),
                evidence: format!(
                    "Two groups of at least {FINDING_MIN_N} answers are needed; {} have fewer.",
                    small.join(", ")
                ),
                caution: None,
                section,
            });
        }
        return None;
    }
    let fit = results.brand_fit();
    let overall_fit = fit.and_then(|s| s.mean.map(|m| (m.value, s.n)));
    let points = fit.map_or(0, |s| s.points);
    let mut sentences = Vec::new();
    let mut evidence = Vec::new();
    let mut furthest = None;

    // Brand fit: the passing group furthest from everyone else.
    let fit_gap = comparison
        .tests
        .iter()
        .filter(|t| t.p_holm < SIGNIFICANCE && t.what.starts_with("Brand fit"))
        .filter_map(|t| {
            let row = comparison.rows.get(t.row?)?;
            let mean = row.brand_fit?.value;
            let (all, all_n) = overall_fit?;
            let rest_n = all_n.checked_sub(row.brand_fit_n).filter(|n| *n > 0)?;
            let rest = (all * all_n as f64 - mean * row.brand_fit_n as f64) / rest_n as f64;
            large(row.brand_fit_n).then_some((row, mean, rest, t.p_holm))
        })
        .max_by(|a, b| (a.1 - a.2).abs().total_cmp(&(b.1 - b.2).abs()));
    if let Some((row, mean, rest, p)) = fit_gap {
        let (more, less) = ("closer to", "further from");
        sentences.push(format!(
            "the “{}” group feels {} the brand than everyone else",
            row.label,
            if mean > rest { more } else { less }
        ));
        evidence.push(format!(
            "brand fit {} vs {} of {points} (Welch t, {})",
            fixed(mean, 1),
            fixed(rest, 1),
            holm_p(p)
        ));
        if mean < rest {
            furthest = Some((row.label.clone(), mean - rest));
        }
    }

    // The reason ranked first: the passing chi-square, and the group that stands out most.
    let first = results.rankings.first().and_then(|r| r.items.first());
    let overall_share = first.and_then(|i| i.first_choice.map(|e| e.value));
    let reason_test = comparison
        .tests
        .iter()
        .filter(|t| t.p_holm < SIGNIFICANCE && t.what.starts_with("Reason"))
        .min_by(|a, b| a.p_holm.total_cmp(&b.p_holm));
    if let (Some(test), Some(item), Some(overall)) = (reason_test, first, overall_share) {
        let candidates: Vec<&app::api::results::SegmentRow> = match test.row {
            Some(row) => comparison.rows.get(row).into_iter().collect(),
            None => comparison.rows.iter().collect(),
        };
        let standout = candidates
            .into_iter()
            .filter(|r| large(r.top_reason_n))
            .filter_map(|r| r.first_item_share.map(|s| (r, s)))
            .max_by(|a, b| (a.1 - overall).abs().total_cmp(&(b.1 - overall).abs()));
        if let Some((row, share)) = standout {
            sentences.push(format!(
                "the “{}” group ranks {} first {} often than members overall",
                row.label,
                item_name(item),
                if share > overall { "more" } else { "less" }
            ));
            evidence.push(format!(
                "{} against {} (chi-square, {})",
                percent(share),
                percent(overall),
                holm_p(test.p_holm)
            ));
        }
    }

    let finding = if sentences.is_empty() {
        Finding {
            kind: FindingKind::Segment,
            text: format!(
                "The groups of {about} do not differ clearly in brand fit or in the reason they rank first."
            ),
            evidence:
                "No Welch t or chi-square test between them passes at 5% after Holm's correction."
                    .into(),
            caution,
            section,
        }
    } else {
        Finding {
            kind: FindingKind::Segment,
            text: capitalised(&format!("{}.", sentences.join("; "))),
            evidence: format!("By {about}: {}.", evidence.join("; ")),
            caution,
            section,
        }
    };
    out.push(finding);
    furthest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_named_short_only_while_it_is_the_templates_own() {
        assert_eq!(
            reason_name("identity", "It shows who I am and what I stand for"),
            "Identity"
        );
        assert_eq!(
            reason_name("identity", "Because I like it"),
            "“Because I like it”"
        );
        assert_eq!(reason_name("plus", "+1+1"), "“+1+1”");
    }
}

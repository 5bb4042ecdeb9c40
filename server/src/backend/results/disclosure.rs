//! Statistical disclosure control for shared views: a share link shows no count under 5 and no
//! figure resting on fewer than 5 answers, so no small group can be singled out — neither read
//! off directly nor worked out by subtracting what is shown from a total that is shown
//! (complementary suppression).

use app::api::results::SurveyResults;

/// Counts under this are hidden in shared views.
pub const SMALLEST_SHOWN: u64 = 5;

/// Which of the counts of one breakdown to hide: every count under 5, and then — because the
/// hidden counts together equal the breakdown's total minus the shown ones — the smallest shown
/// counts too, until what is hidden adds up to 5 or more (or to nothing). A lone hidden 3 beside
/// a shown total is then never readable as total minus the rest.
pub fn cells_to_hide(counts: &[u64]) -> Vec<bool> {
    let mut hidden: Vec<bool> = counts.iter().map(|c| *c < SMALLEST_SHOWN).collect();
    loop {
        let sum: u64 = counts
            .iter()
            .zip(&hidden)
            .filter(|(_, h)| **h)
            .map(|(c, _)| c)
            .sum();
        if sum == 0 || sum >= SMALLEST_SHOWN {
            return hidden;
        }
        let smallest_shown = (0..counts.len())
            .filter(|i| !hidden[*i])
            .min_by_key(|i| counts[*i]);
        match smallest_shown {
            Some(i) => hidden[i] = true,
            None => return hidden,
        }
    }
}

/// Hides (sets to 0, shown as "under 5") the counts [`cells_to_hide`] picks.
fn hide_breakdown<'a>(counts: impl IntoIterator<Item = &'a mut u64>) {
    let mut counts: Vec<&mut u64> = counts.into_iter().collect();
    let values: Vec<u64> = counts.iter().map(|c| **c).collect();
    for (count, hide) in counts.iter_mut().zip(cells_to_hide(&values)) {
        if hide {
            **count = 0;
        }
    }
}

/// Hides, for a shared view, every count under 5 (set to 0, shown as "under 5"), every figure
/// resting on fewer than 5 answers, and the open answers unless the link allows them. A shared
/// view's charts are drawn from what remains.
pub fn suppress_small_cells(results: &mut SurveyResults, show_texts: bool) {
    let hide = |count: &mut u64| {
        if *count < SMALLEST_SHOWN {
            *count = 0;
        }
    };
    results.shared = true;
    // The days of the first and last response would tell who answered when (a shared view never
    // narrows by date for the same reason).
    results.period = None;
    hide(&mut results.responses);
    for r in &mut results.rankings {
        if r.n < SMALLEST_SHOWN {
            r.n = 0;
        }
        for item in &mut r.items {
            hide_breakdown(item.places.iter_mut());
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
        hide_breakdown(s.distribution.iter_mut());
        for statement in &mut s.statements {
            hide(&mut statement.n);
            hide_breakdown(statement.counts.iter_mut());
        }
    }
    if let Some(o) = &mut results.overlap {
        if o.n < SMALLEST_SHOWN {
            o.n = 0;
            o.mean = None;
            o.share_high = None;
        }
        hide_breakdown(o.counts.iter_mut());
    }
    if results.nps.as_ref().is_some_and(|n| n.n < SMALLEST_SHOWN) {
        results.nps = None;
    }
    if let Some(n) = &mut results.nps {
        hide_breakdown([&mut n.promoters, &mut n.passives, &mut n.detractors]);
        // Answer by answer, the counts would undo what the groups hide (9 and 10 add up to the
        // promoters): a shared view has the groups only.
        n.distribution.clear();
    }
    for c in &mut results.choices {
        hide(&mut c.n);
        hide_breakdown(c.options.iter_mut().map(|(_, _, n)| n));
    }
    for comparison in &mut results.comparisons {
        // The groups of a segment add up to (about) everyone: a hidden group is hidden with
        // company.
        let sizes: Vec<u64> = comparison.rows.iter().map(|r| r.n).collect();
        for (row, hide_row) in comparison.rows.iter_mut().zip(cells_to_hide(&sizes)) {
            if hide_row {
                row.n = 0;
            }
        }
        for row in &mut comparison.rows {
            // The share for the first item rests on how many ranked it first.
            let first_count = row
                .first_item_share
                .map_or(0.0, |share| share * row.top_reason_n as f64)
                .round() as u64;
            if first_count < SMALLEST_SHOWN {
                row.first_item_share = None;
            }
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
    let sizes: Vec<u64> = results.motive.iter().map(|r| r.n).collect();
    for (row, hide_row) in results.motive.iter_mut().zip(cells_to_hide(&sizes)) {
        if hide_row {
            row.n = 0;
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
    hide_breakdown(results.weeks.iter_mut().map(|(_, n)| n));
    if !show_texts {
        results.texts.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::api::results::{MotiveRow, NpsResult, SegmentComparison, SegmentRow};
    use domain::Estimate;

    fn estimate(value: f64) -> Option<Estimate> {
        Some(Estimate {
            value,
            low: value - 0.5,
            high: value + 0.5,
        })
    }

    fn results_with(rows: Vec<SegmentRow>, motive: Vec<MotiveRow>) -> SurveyResults {
        SurveyResults {
            responses: 40,
            comparisons: vec![SegmentComparison {
                question_id: "member_type".into(),
                prompt: "Which?".into(),
                name: "Member type".into(),
                rows,
                tests: Vec::new(),
            }],
            motive,
            ..SurveyResults::default()
        }
    }

    #[test]
    fn a_shared_view_gives_neither_the_first_and_last_days_nor_single_answers_to_nps() {
        let mut results = results_with(Vec::new(), Vec::new());
        results.period = Some(("2026-11-03".into(), "2026-11-20".into()));
        results.nps = Some(NpsResult {
            question_id: "nps".into(),
            prompt: "Recommend?".into(),
            n: 40,
            promoters: 20,
            passives: 10,
            detractors: 10,
            score: Estimate {
                value: 25.0,
                low: 0.0,
                high: 50.0,
            },
            distribution: vec![1, 1, 1, 1, 1, 1, 4, 5, 5, 10, 10],
        });
        suppress_small_cells(&mut results, false);
        assert_eq!(results.period, None);
        assert!(results.nps.unwrap().distribution.is_empty());
    }

    #[test]
    fn a_hidden_count_is_never_the_total_minus_the_shown_ones() {
        // 12 vs 3 of 55: hiding the 3 alone would leave it as 55 - 12 - 40.
        assert_eq!(cells_to_hide(&[12, 3, 40]), [true, true, false]);
        assert_eq!(cells_to_hide(&[12, 2, 40, 2]), [true, true, false, true]);
        assert_eq!(cells_to_hide(&[12, 3, 40, 2]), [false, true, false, true]);
        assert_eq!(
            cells_to_hide(&[12, 0, 40]),
            [false, true, false],
            "nothing to protect"
        );
        assert_eq!(cells_to_hide(&[3]), [true]);
        assert_eq!(cells_to_hide(&[7, 9]), [false, false]);
        let (mut promoters, mut passives, mut detractors) = (20, 9, 1);
        hide_breakdown([&mut promoters, &mut passives, &mut detractors]);
        assert_eq!((promoters, passives, detractors), (20, 0, 0));
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

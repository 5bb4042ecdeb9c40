//! Statistical disclosure control for shared views: a share link shows no count under 5 and no
//! figure resting on fewer than 5 answers, so no small group can be singled out.

use app::api::results::SurveyResults;

/// Counts under this are hidden in shared views.
pub const SMALLEST_SHOWN: u64 = 5;

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
    }
    if let Some(o) = &mut results.overlap {
        if o.n < SMALLEST_SHOWN {
            o.n = 0;
            o.mean = None;
            o.share_high = None;
        }
        o.counts.iter_mut().for_each(hide);
    }
    if results.nps.as_ref().is_some_and(|n| n.n < SMALLEST_SHOWN) {
        results.nps = None;
    }
    if let Some(n) = &mut results.nps {
        hide(&mut n.promoters);
        hide(&mut n.passives);
        hide(&mut n.detractors);
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
    if !show_texts {
        results.texts.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::api::results::{MotiveRow, SegmentComparison, SegmentRow};
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
                rows,
                tests: Vec::new(),
            }],
            motive,
            ..SurveyResults::default()
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

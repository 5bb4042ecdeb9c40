//! Every figure of the dashboard as CSV rows — section, question, what, figure, value, 95%
//! interval, n — the same numbers the page and the JSON show, each with the n it rests on, for
//! spreadsheets and board packs.

use super::cells::{Flavour, csv_file};
use app::api::results::{Estimate, SurveyResults};

/// The rows, header first.
struct Figures(Vec<Vec<String>>);

impl Figures {
    fn new() -> Self {
        Self(vec![
            [
                "section", "question", "what", "figure", "value", "low", "high", "n",
            ]
            .map(str::to_owned)
            .to_vec(),
        ])
    }

    /// A figure with its interval.
    fn estimate(&mut self, at: (&str, &str, &str), figure: &str, e: Option<Estimate>, n: u64) {
        let (value, low, high) = match e {
            Some(e) => (e.value.to_string(), e.low.to_string(), e.high.to_string()),
            None => Default::default(),
        };
        self.row(at, figure, value, low, high, n);
    }

    /// A figure without an interval.
    fn value(&mut self, at: (&str, &str, &str), figure: &str, value: Option<f64>, n: u64) {
        let value = value.map(|v| v.to_string()).unwrap_or_default();
        self.row(at, figure, value, String::new(), String::new(), n);
    }

    /// A sentence rather than a number (the findings), without an interval or n.
    fn text(&mut self, (section, question, what): (&str, &str, &str), figure: &str, value: &str) {
        self.0.push(
            [section, question, what, figure, value, "", "", ""]
                .map(str::to_owned)
                .to_vec(),
        );
    }

    fn row(
        &mut self,
        (section, question, what): (&str, &str, &str),
        figure: &str,
        value: String,
        low: String,
        high: String,
        n: u64,
    ) {
        self.0.push(vec![
            section.to_owned(),
            question.to_owned(),
            what.to_owned(),
            figure.to_owned(),
            value,
            low,
            high,
            n.to_string(),
        ]);
    }
}

/// Every figure of `results` as CSV, in `flavour`.
pub fn figures_csv(results: &SurveyResults, flavour: Flavour) -> Result<Vec<u8>, csv::Error> {
    let mut f = Figures::new();
    let responses = results.responses;
    f.value(
        ("responses", "", ""),
        "responses",
        Some(responses as f64),
        responses,
    );
    // What your members told you: each finding's sentence in `what`, its evidence and caution
    // as values.
    for finding in &results.findings {
        let at = ("finding", finding.kind.as_str(), finding.text.as_str());
        f.text(at, "evidence", &finding.evidence);
        if let Some(caution) = &finding.caution {
            f.text(at, "caution", caution);
        }
    }
    for r in &results.rankings {
        for item in &r.items {
            let at = ("ranking", r.question_id.as_str(), item.label.as_str());
            f.estimate(at, "first_choice_share", item.first_choice, r.n);
            f.estimate(at, "plackett_luce_worth", item.worth, r.n);
            f.estimate(at, "mean_rank", item.mean_rank, r.n);
            for (place, count) in item.places.iter().enumerate() {
                let figure = if place + 1 == item.places.len() {
                    "not_ranked".to_owned()
                } else {
                    format!("place_{}", place + 1)
                };
                f.value(at, &figure, Some(*count as f64), r.n);
            }
        }
    }
    for sc in &results.scales {
        let at = ("scale", sc.question_id.as_str(), sc.scale.as_str());
        f.estimate(at, "mean_score", sc.mean, sc.n);
        f.value(at, "sd", sc.sd, sc.n);
        f.value(at, "cronbach_alpha", sc.alpha, sc.alpha_n);
        for (point, count) in sc.distribution.iter().enumerate() {
            f.value(
                at,
                &format!("score_{}", point + 1),
                Some(*count as f64),
                sc.n,
            );
        }
        for statement in &sc.statements {
            let at = (
                "statement",
                statement.question_id.as_str(),
                statement.label.as_str(),
            );
            for (point, count) in statement.counts.iter().enumerate() {
                f.value(
                    at,
                    &format!("point_{}", point + 1),
                    Some(*count as f64),
                    statement.n,
                );
            }
        }
    }
    if let Some(o) = &results.overlap {
        let at = ("overlap", o.question_id.as_str(), "");
        f.estimate(at, "mean", o.mean, o.n);
        f.estimate(at, "share_5_or_more", o.share_high, o.n);
        for (level, count) in o.counts.iter().enumerate() {
            f.value(
                at,
                &format!("picture_{}", level + 1),
                Some(*count as f64),
                o.n,
            );
        }
    }
    if let Some(n) = &results.nps {
        let at = ("nps", n.question_id.as_str(), "");
        f.estimate(at, "nps", Some(n.score), n.n);
        f.value(at, "promoters", Some(n.promoters as f64), n.n);
        f.value(at, "passives", Some(n.passives as f64), n.n);
        f.value(at, "detractors", Some(n.detractors as f64), n.n);
    }
    for m in &results.motive {
        let at = ("motive_fit", "", m.reason.as_str());
        f.estimate(at, "brand_fit", m.brand_fit, m.n);
        f.estimate(at, "overlap", m.overlap, m.overlap_n);
    }
    for c in &results.comparisons {
        for row in &c.rows {
            let at = ("segment", c.question_id.as_str(), row.label.as_str());
            f.value(at, "group_responses", Some(row.n as f64), row.n);
            f.estimate(at, "brand_fit", row.brand_fit, row.brand_fit_n);
            f.value(at, "nps", row.nps, row.nps_n);
            let (reason, share) = match &row.top_reason {
                Some((reason, share)) => (reason.as_str(), Some(*share)),
                None => ("", None),
            };
            f.value(
                ("segment", c.question_id.as_str(), row.label.as_str()),
                &format!("top_reason_share: {reason}"),
                share,
                row.top_reason_n,
            );
            f.value(
                at,
                "first_item_share",
                row.first_item_share,
                row.top_reason_n,
            );
        }
        for t in &c.tests {
            let at = ("segment_test", c.question_id.as_str(), t.what.as_str());
            f.value(at, "statistic", Some(t.statistic), t.n);
            f.value(at, "df", Some(t.df), t.n);
            f.value(at, "p", Some(t.p), t.n);
            f.value(at, "p_holm", Some(t.p_holm), t.n);
        }
    }
    for c in &results.choices {
        for (_, label, count) in &c.options {
            f.value(
                ("choice", c.question_id.as_str(), label.as_str()),
                "count",
                Some(*count as f64),
                c.n,
            );
        }
    }
    for (week, count) in &results.weeks {
        f.value(
            ("week", "", week.as_str()),
            "responses",
            Some(*count as f64),
            responses,
        );
    }
    csv_file(flavour, f.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::api::results::{MotiveRow, SegmentComparison, SegmentRow, TestLine};

    fn empty() -> SurveyResults {
        SurveyResults {
            responses: 10,
            weeks: vec![("5 Jan 2026".into(), 3), ("12 Jan 2026".into(), 0)],
            ..SurveyResults::default()
        }
    }

    fn rows(results: &SurveyResults) -> Vec<Vec<String>> {
        let bytes = figures_csv(results, Flavour::Plain).unwrap();
        csv::Reader::from_reader(bytes.as_slice())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    fn find<'a>(rows: &'a [Vec<String>], section: &str, what: &str, figure: &str) -> &'a [String] {
        rows.iter()
            .find(|r| r[0] == section && r[2] == what && r[3] == figure)
            .unwrap_or_else(|| panic!("no {section}/{what}/{figure} in {rows:?}"))
    }

    #[test]
    fn motive_rows_carry_the_n_of_each_mean() {
        let mut results = empty();
        let at = |v| {
            Some(Estimate {
                value: v,
                low: v - 0.1,
                high: v + 0.1,
            })
        };
        results.motive = vec![MotiveRow {
            reason: "Identity".into(),
            n: 461,
            brand_fit: at(5.8),
            overlap: at(4.9),
            overlap_n: 500,
        }];
        let rows = rows(&results);
        assert_eq!(find(&rows, "motive_fit", "Identity", "brand_fit")[7], "461");
        assert_eq!(find(&rows, "motive_fit", "Identity", "overlap")[7], "500");
    }

    #[test]
    fn segments_and_their_tests_are_listed_with_their_n() {
        let mut results = empty();
        results.comparisons = vec![SegmentComparison {
            question_id: "member_type".into(),
            prompt: "Which?".into(),
            name: "Member type".into(),
            rows: vec![SegmentRow {
                label: "Staff".into(),
                n: 40,
                brand_fit: Some(Estimate {
                    value: 4.9,
                    low: 4.5,
                    high: 5.3,
                }),
                brand_fit_n: 38,
                nps: Some(-12.5),
                nps_n: 39,
                top_reason: Some(("Community".into(), 0.5)),
                top_reason_n: 40,
                first_item_share: Some(0.2),
            }],
            tests: vec![TestLine {
                what: "Brand fit: Staff against everyone else (Welch t)".into(),
                statistic: -2.5,
                df: 50.2,
                p: 0.015,
                p_holm: 0.045,
                n: 400,
                row: Some(0),
            }],
        }];
        let rows = rows(&results);
        let fit = find(&rows, "segment", "Staff", "brand_fit");
        assert_eq!((fit[4].as_str(), fit[7].as_str()), ("4.9", "38"));
        assert_eq!(find(&rows, "segment", "Staff", "nps")[7], "39");
        assert_eq!(find(&rows, "segment", "Staff", "group_responses")[4], "40");
        let test = "Brand fit: Staff against everyone else (Welch t)";
        assert_eq!(find(&rows, "segment_test", test, "p_holm")[4], "0.045");
        assert_eq!(find(&rows, "segment_test", test, "statistic")[7], "400");
    }

    #[test]
    fn empty_weeks_are_listed_as_zero() {
        let rows = rows(&empty());
        assert_eq!(find(&rows, "week", "12 Jan 2026", "responses")[4], "0");
    }
}

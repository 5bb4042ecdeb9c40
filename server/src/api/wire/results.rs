//! `GET /api/v1/surveys/{id}/results`: every figure of the dashboard, each with the `n` it rests
//! on and, where one exists, its 95% interval (`Estimate`). Shares are fractions (0–1); counts are
//! respondents unless a field says otherwise.

use app::api::results as page;
use domain::Estimate;
use domain::results_query::ResultsQuery;
use serde::Serialize;
use utoipa::ToSchema;

/// The whole dashboard of one survey under one filter.
#[derive(Debug, Serialize, ToSchema)]
pub struct Results {
    pub survey_id: i64,
    pub title: String,
    /// The organisation the survey belongs to.
    pub organisation: String,
    /// The filter these figures are for.
    pub query: ResultsQuery,
    /// Responses matching the filter.
    pub responses: u64,
    /// The days (YYYY-MM-DD, UTC) of the first and the last of those responses; absent when
    /// there are none.
    pub period: Option<(String, String)>,
    /// What your members told you: the conclusions these figures support, in words, most
    /// important first. A difference is stated only when its test passes at 5% after Holm's
    /// correction; figures resting on fewer than 30 answers are not compared.
    pub findings: Vec<Finding>,
    /// The segment questions a filter may name.
    pub segments: Vec<SegmentOption>,
    pub rankings: Vec<Ranking>,
    pub scales: Vec<Scale>,
    pub overlap: Option<Overlap>,
    pub nps: Option<Nps>,
    pub choices: Vec<Choice>,
    /// How each segment's groups differ.
    pub comparisons: Vec<SegmentComparison>,
    /// Motive × fit: how the members who put one reason first see the brand.
    pub motive: Vec<MotiveRow>,
    /// (Monday of the ISO week as YYYY-MM-DD, responses), every week from the first response's
    /// to the last one's.
    pub weeks: Vec<(String, u64)>,
    /// The dashboard's charts, each drawn from these figures at its own address.
    pub charts: Vec<ChartLink>,
    /// The answers to open questions.
    pub texts: Vec<TextAnswer>,
    /// Always false here: the API reads the whole dashboard, never a share link's.
    pub shared: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SegmentOption {
    pub question_id: String,
    pub prompt: String,
    /// The question's short name ("Member type"), or its prompt when it has none.
    pub name: String,
    /// (choice id, label).
    pub choices: Vec<(String, String)>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RankedItem {
    pub id: String,
    pub label: String,
    /// Share ranking it first (Wilson interval).
    pub first_choice: Option<Estimate>,
    /// Mean place, 1 = first (t interval).
    pub mean_rank: Option<Estimate>,
    /// Plackett–Luce worth, normalised to sum to 1: the probability of being ranked first.
    pub worth: Option<Estimate>,
    /// How many put it 1st, 2nd, …; the last entry counts rankings that left it out.
    pub places: Vec<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Ranking {
    pub question_id: String,
    pub prompt: String,
    pub n: u64,
    pub items: Vec<RankedItem>,
}

/// One agreement scale: every statement naming it, scored as one.
#[derive(Debug, Serialize, ToSchema)]
pub struct Scale {
    /// The scale's first question.
    pub question_id: String,
    /// Every question whose statements belong to the scale, in survey order.
    pub questions: Vec<String>,
    pub prompt: String,
    pub scale: String,
    /// Whether this is the brand-fit scale: the one the survey marks (at most one), or, for a
    /// survey saved before scales could be marked, the one named “Brand fit”.
    pub brand_fit: bool,
    /// 5 or 7.
    pub points: u8,
    /// Respondents with a score (at least 80% of the statements answered).
    pub n: u64,
    pub mean: Option<Estimate>,
    pub sd: Option<f64>,
    /// Cronbach's α over the `alpha_n` respondents who answered every statement.
    pub alpha: Option<f64>,
    pub alpha_n: u64,
    /// Scores rounded to the nearest point: respondents at 1, 2, ….
    pub distribution: Vec<u64>,
    /// What the lowest and highest points are called.
    pub low_label: String,
    pub high_label: String,
    /// Each statement's answers point by point, in survey order.
    pub statements: Vec<Statement>,
}

/// One statement of an agreement scale: respondents by the point they chose, as the statement
/// is worded (reverse-keyed statements are flipped only in scores).
#[derive(Debug, Serialize, ToSchema)]
pub struct Statement {
    pub question_id: String,
    pub item_id: String,
    pub label: String,
    /// Agreeing with it means a lower score.
    pub reverse: bool,
    /// Respondents who answered it.
    pub n: u64,
    /// Respondents at points 1, 2, … up to the scale's points.
    pub counts: Vec<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Overlap {
    pub question_id: String,
    pub prompt: String,
    pub n: u64,
    /// Mean picture, 1–7.
    pub mean: Option<Estimate>,
    /// Share choosing picture 5 or higher (Wilson interval).
    pub share_high: Option<Estimate>,
    /// Respondents choosing pictures 1–7.
    pub counts: Vec<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Nps {
    pub question_id: String,
    pub prompt: String,
    pub n: u64,
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
    /// Net Promoter Score, −100 to 100, with its 95% interval.
    pub score: Estimate,
    /// Members who answered 0, 1, … 10 (11 counts).
    pub distribution: Vec<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Choice {
    pub question_id: String,
    pub prompt: String,
    /// Offered as a filter.
    pub segment: bool,
    /// Responses that chose anything (for multiple choice, fewer than the counts' sum).
    pub n: u64,
    /// (choice id, label, responses choosing it).
    pub options: Vec<(String, String, u64)>,
}

/// One test with its Holm-adjusted p-value among all tests of the dashboard.
#[derive(Debug, Serialize, ToSchema)]
pub struct TestLine {
    pub what: String,
    pub statistic: f64,
    pub df: f64,
    pub p: f64,
    pub p_holm: f64,
    /// The responses the test rests on.
    pub n: u64,
    /// The index in `rows` of the group this test sets against everyone else; null for a test
    /// across every group.
    pub row: Option<usize>,
}

/// What a finding is about.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    LeadingReason,
    ReasonOrder,
    BrandFit,
    Overlap,
    MotiveFit,
    Segment,
    Advice,
}

/// One plain-language conclusion with the numbers and test behind it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Finding {
    pub kind: FindingKind,
    /// The sentence.
    pub text: String,
    /// The figures, n and test it rests on.
    pub evidence: String,
    /// What to be careful of, if anything.
    pub caution: Option<String>,
    /// The dashboard section (chart and table) it comes from: the page's element id.
    pub section: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SegmentRow {
    pub label: String,
    /// Responses in the group.
    pub n: u64,
    /// Mean brand-fit score …
    pub brand_fit: Option<Estimate>,
    /// … of this many members.
    pub brand_fit_n: u64,
    /// Net Promoter Score …
    pub nps: Option<f64>,
    /// … of this many members.
    pub nps_n: u64,
    /// The reason most often ranked first, and its share …
    pub top_reason: Option<(String, f64)>,
    /// … of this many rankings.
    pub top_reason_n: u64,
    /// Share ranking the ranking's first item first.
    pub first_item_share: Option<f64>,
}

/// How one segment's groups differ: brand fit (Welch t, each group against the rest) and the
/// reason ranked first (chi-square across groups).
#[derive(Debug, Serialize, ToSchema)]
pub struct SegmentComparison {
    pub question_id: String,
    pub prompt: String,
    /// The question's short name ("Member type"), or its prompt when it has none.
    pub name: String,
    pub rows: Vec<SegmentRow>,
    pub tests: Vec<TestLine>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MotiveRow {
    pub reason: String,
    /// Members with a brand-fit score who ranked this reason first.
    pub n: u64,
    pub brand_fit: Option<Estimate>,
    /// Mean overlap picture (1–7) …
    pub overlap: Option<Estimate>,
    /// … of this many members.
    pub overlap_n: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TextAnswer {
    pub prompt: String,
    pub text: String,
    /// YYYY-MM-DD, UTC.
    pub day: String,
}

/// One chart of the dashboard: SVG for the web, PNG for slides, drawn with the same filters.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChartLink {
    /// `ranking-<question>`, `ranks-<question>`, `scale-<question>`, `overlap`, `nps`,
    /// `quadrant` or `weeks`.
    pub name: String,
    /// Path of the SVG, with the results' filters: `/api/v1/surveys/{id}/charts/{name}.svg?…`.
    pub svg: String,
    /// Path of the PNG, likewise.
    pub png: String,
}

impl From<page::SurveyResults> for Results {
    fn from(r: page::SurveyResults) -> Self {
        let suffix = r.query.suffix();
        let charts = crate::backend::chart_names(&r)
            .into_iter()
            .map(|name| {
                let base = format!("/api/v1/surveys/{}/charts/{name}", r.survey_id);
                ChartLink {
                    name: name.to_string(),
                    svg: format!("{base}.svg{suffix}"),
                    png: format!("{base}.png{suffix}"),
                }
            })
            .collect();
        Self {
            survey_id: r.survey_id,
            title: r.title,
            organisation: r.organisation,
            query: r.query,
            responses: r.responses,
            period: r.period,
            findings: r.findings.into_iter().map(Into::into).collect(),
            segments: r.segments.into_iter().map(Into::into).collect(),
            rankings: r.rankings.into_iter().map(Into::into).collect(),
            scales: r.scales.into_iter().map(Into::into).collect(),
            overlap: r.overlap.map(Into::into),
            nps: r.nps.map(Into::into),
            choices: r.choices.into_iter().map(Into::into).collect(),
            comparisons: r.comparisons.into_iter().map(Into::into).collect(),
            motive: r.motive.into_iter().map(Into::into).collect(),
            weeks: r.weeks,
            charts,
            texts: r.texts.into_iter().map(Into::into).collect(),
            shared: r.shared,
        }
    }
}

impl From<page::SegmentOption> for SegmentOption {
    fn from(s: page::SegmentOption) -> Self {
        Self {
            question_id: s.question_id,
            prompt: s.prompt,
            name: s.name,
            choices: s.choices,
        }
    }
}

impl From<page::RankedItem> for RankedItem {
    fn from(i: page::RankedItem) -> Self {
        Self {
            id: i.id,
            label: i.label,
            first_choice: i.first_choice,
            mean_rank: i.mean_rank,
            worth: i.worth,
            places: i.places,
        }
    }
}

impl From<page::RankingResult> for Ranking {
    fn from(r: page::RankingResult) -> Self {
        Self {
            question_id: r.question_id,
            prompt: r.prompt,
            n: r.n,
            items: r.items.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<page::ScaleResult> for Scale {
    fn from(s: page::ScaleResult) -> Self {
        Self {
            question_id: s.question_id,
            questions: s.questions,
            prompt: s.prompt,
            scale: s.scale,
            brand_fit: s.brand_fit,
            points: s.points,
            n: s.n,
            mean: s.mean,
            sd: s.sd,
            alpha: s.alpha,
            alpha_n: s.alpha_n,
            distribution: s.distribution,
            low_label: s.low_label,
            high_label: s.high_label,
            statements: s
                .statements
                .into_iter()
                .map(|t| Statement {
                    question_id: t.question_id,
                    item_id: t.item_id,
                    label: t.label,
                    reverse: t.reverse,
                    n: t.n,
                    counts: t.counts,
                })
                .collect(),
        }
    }
}

impl From<page::OverlapResult> for Overlap {
    fn from(o: page::OverlapResult) -> Self {
        Self {
            question_id: o.question_id,
            prompt: o.prompt,
            n: o.n,
            mean: o.mean,
            share_high: o.share_high,
            counts: o.counts,
        }
    }
}

impl From<page::NpsResult> for Nps {
    fn from(n: page::NpsResult) -> Self {
        Self {
            question_id: n.question_id,
            prompt: n.prompt,
            n: n.n,
            promoters: n.promoters,
            passives: n.passives,
            detractors: n.detractors,
            score: n.score,
            distribution: n.distribution,
        }
    }
}

impl From<page::ChoiceResult> for Choice {
    fn from(c: page::ChoiceResult) -> Self {
        Self {
            question_id: c.question_id,
            prompt: c.prompt,
            segment: c.segment,
            n: c.n,
            options: c.options,
        }
    }
}

impl From<page::TestLine> for TestLine {
    fn from(t: page::TestLine) -> Self {
        Self {
            what: t.what,
            statistic: t.statistic,
            df: t.df,
            p: t.p,
            p_holm: t.p_holm,
            n: t.n,
            row: t.row,
        }
    }
}

impl From<page::FindingKind> for FindingKind {
    fn from(k: page::FindingKind) -> Self {
        match k {
            page::FindingKind::LeadingReason => Self::LeadingReason,
            page::FindingKind::ReasonOrder => Self::ReasonOrder,
            page::FindingKind::BrandFit => Self::BrandFit,
            page::FindingKind::Overlap => Self::Overlap,
            page::FindingKind::MotiveFit => Self::MotiveFit,
            page::FindingKind::Segment => Self::Segment,
            page::FindingKind::Advice => Self::Advice,
        }
    }
}

impl From<page::Finding> for Finding {
    fn from(f: page::Finding) -> Self {
        Self {
            kind: f.kind.into(),
            text: f.text,
            evidence: f.evidence,
            caution: f.caution,
            section: f.section,
        }
    }
}

impl From<page::SegmentRow> for SegmentRow {
    fn from(r: page::SegmentRow) -> Self {
        Self {
            label: r.label,
            n: r.n,
            brand_fit: r.brand_fit,
            brand_fit_n: r.brand_fit_n,
            nps: r.nps,
            nps_n: r.nps_n,
            top_reason: r.top_reason,
            top_reason_n: r.top_reason_n,
            first_item_share: r.first_item_share,
        }
    }
}

impl From<page::SegmentComparison> for SegmentComparison {
    fn from(c: page::SegmentComparison) -> Self {
        Self {
            question_id: c.question_id,
            prompt: c.prompt,
            name: c.name,
            rows: c.rows.into_iter().map(Into::into).collect(),
            tests: c.tests.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<page::MotiveRow> for MotiveRow {
    fn from(m: page::MotiveRow) -> Self {
        Self {
            reason: m.reason,
            n: m.n,
            brand_fit: m.brand_fit,
            overlap: m.overlap,
            overlap_n: m.overlap_n,
        }
    }
}

impl From<page::TextAnswer> for TextAnswer {
    fn from(t: page::TextAnswer) -> Self {
        Self {
            prompt: t.prompt,
            text: t.text,
            day: t.day,
        }
    }
}

//! The dashboard's figures as they travel to the page (and, later, to the JSON API), and the
//! server function that loads them. Every figure carries its `n`.

#[cfg(feature = "ssr")]
use super::request::{backend, caller, stamp};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Every figure's estimate with its 95% interval.
pub use domain::Estimate;
pub use domain::results_query::ResultsQuery;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentOption {
    pub question_id: String,
    pub prompt: String,
    /// The question's short name ("Member type"), or its prompt when it has none.
    #[serde(default)]
    pub name: String,
    pub choices: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedItem {
    pub id: String,
    pub label: String,
    pub first_choice: Option<Estimate>,
    pub mean_rank: Option<Estimate>,
    /// Plackett–Luce worth, normalised: the probability of being ranked first.
    pub worth: Option<Estimate>,
    /// How many put it 1st, 2nd, …; the last entry counts rankings that left it out.
    pub places: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankingResult {
    pub question_id: String,
    pub prompt: String,
    pub n: u64,
    pub items: Vec<RankedItem>,
}

/// One agreement scale: every statement naming it, from one question or several, scored as one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleResult {
    /// The first question of the scale, which names it in charts and links.
    pub question_id: String,
    /// Every question whose statements belong to the scale, in survey order.
    #[serde(default)]
    pub questions: Vec<String>,
    /// The first question's prompt.
    pub prompt: String,
    pub scale: String,
    /// Whether this is the survey's brand-fit scale (chosen in the builder).
    #[serde(default)]
    pub brand_fit: bool,
    pub points: u8,
    /// Respondents with a score (at least 80% of the statements answered).
    pub n: u64,
    pub mean: Option<Estimate>,
    pub sd: Option<f64>,
    /// Cronbach's α over respondents who answered every statement, and how many they were.
    pub alpha: Option<f64>,
    pub alpha_n: u64,
    /// Scores rounded to the nearest point: how many respondents at 1, 2, ….
    pub distribution: Vec<u64>,
    /// What the lowest and highest points are called ("Strongly disagree" …), as the first
    /// question names them.
    #[serde(default)]
    pub low_label: String,
    #[serde(default)]
    pub high_label: String,
    /// Each statement's answers, point by point, in survey order.
    #[serde(default)]
    pub statements: Vec<StatementResult>,
}

impl ScaleResult {
    /// What point `point` (1 to `points`) is called when it is an end of the scale: the low
    /// label for 1, the high label for the last; `None` in between.
    pub fn end_label(&self, point: usize) -> Option<&str> {
        if point == 1 {
            Some(&self.low_label)
        } else if point == usize::from(self.points) {
            Some(&self.high_label)
        } else {
            None
        }
    }
}

/// How respondents answered one statement of an agreement scale, counted by the point they chose
/// as the statement is worded (a reverse-keyed statement is not flipped here, only in scores).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementResult {
    pub question_id: String,
    pub item_id: String,
    pub label: String,
    /// Whether the statement is reverse-keyed: agreeing with it means a lower score.
    pub reverse: bool,
    /// Respondents who answered it.
    pub n: u64,
    /// How many chose each point, 1 to the scale's points.
    pub counts: Vec<u64>,
}

impl StatementResult {
    /// Respondents choosing a point above the middle (agreeing), of `points`.
    pub fn agreeing(&self, points: u8) -> u64 {
        self.counts
            .iter()
            .skip(usize::from(points).div_ceil(2))
            .sum()
    }

    /// Respondents choosing a point below the middle (disagreeing).
    pub fn disagreeing(&self, points: u8) -> u64 {
        self.counts.iter().take(usize::from(points) / 2).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverlapResult {
    pub question_id: String,
    pub prompt: String,
    pub n: u64,
    pub mean: Option<Estimate>,
    /// Share choosing picture 5 or higher: "the brand is part of me".
    pub share_high: Option<Estimate>,
    /// Counts for pictures 1–7.
    pub counts: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NpsResult {
    pub question_id: String,
    pub prompt: String,
    pub n: u64,
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
    pub score: Estimate,
    /// Members who answered 0, 1, … 10 (11 counts).
    #[serde(default)]
    pub distribution: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceResult {
    pub question_id: String,
    pub prompt: String,
    pub segment: bool,
    /// Responses that chose anything: what each count rests on (for multiple choice, fewer
    /// than the counts' sum).
    #[serde(default)]
    pub n: u64,
    /// (choice id, label, count).
    pub options: Vec<(String, String, u64)>,
}

/// One test shown in a comparison, with its Holm-adjusted p-value among all tests on the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestLine {
    pub what: String,
    pub statistic: f64,
    pub df: f64,
    pub p: f64,
    pub p_holm: f64,
    /// The responses the test rests on (both sides of a Welch t, every cell of a chi-square).
    #[serde(default)]
    pub n: u64,
    /// The row of the comparison this test sets against everyone else; `None` for a test
    /// across every group.
    #[serde(default)]
    pub row: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentRow {
    pub label: String,
    /// Responses in the group.
    pub n: u64,
    /// Mean brand-fit score …
    pub brand_fit: Option<Estimate>,
    /// … and the members of the group it rests on (those with a brand-fit score).
    #[serde(default)]
    pub brand_fit_n: u64,
    pub nps: Option<f64>,
    /// Members of the group who answered the recommendation question.
    #[serde(default)]
    pub nps_n: u64,
    /// The reason most often ranked first in this group, and its share …
    pub top_reason: Option<(String, f64)>,
    /// … of this many rankings.
    #[serde(default)]
    pub top_reason_n: u64,
    /// Share of the group ranking the ranking's first item (identity in the template) first.
    #[serde(default)]
    pub first_item_share: Option<f64>,
}

/// How one segment's groups differ: brand fit (Welch t, each group against the rest) and the
/// reason ranked first (chi-square across groups).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentComparison {
    pub question_id: String,
    pub prompt: String,
    /// The question's short name ("Member type"), or its prompt when it has none.
    #[serde(default)]
    pub name: String,
    pub rows: Vec<SegmentRow>,
    pub tests: Vec<TestLine>,
}

/// Motive × fit: how the members who put one reason first see the brand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MotiveRow {
    pub reason: String,
    /// Members with a brand-fit score who ranked this reason first: what `brand_fit` rests on.
    pub n: u64,
    pub brand_fit: Option<Estimate>,
    /// Mean overlap picture (1–7) …
    pub overlap: Option<Estimate>,
    /// … of this many members who ranked this reason first and chose a picture.
    #[serde(default)]
    pub overlap_n: u64,
}

/// What a [`Finding`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Which reason members most often rank first, or that none clearly leads.
    LeadingReason,
    /// The reasons in order of Plackett–Luce worth.
    ReasonOrder,
    /// How well the brand fits who members are (the brand-fit scale).
    BrandFit,
    /// How much the brand overlaps members' sense of themselves (the overlap pictures).
    Overlap,
    /// Brand fit by the reason ranked first (motive × fit).
    MotiveFit,
    /// How one segment's groups differ, or that they do not.
    Segment,
    /// What the organisation can do to fit how members see themselves.
    Advice,
}

impl FindingKind {
    /// The kind as the API and the figures CSV name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LeadingReason => "leading_reason",
            Self::ReasonOrder => "reason_order",
            Self::BrandFit => "brand_fit",
            Self::Overlap => "overlap",
            Self::MotiveFit => "motive_fit",
            Self::Segment => "segment",
            Self::Advice => "advice",
        }
    }
}

/// One plain-language conclusion the figures support: a sentence, the numbers and test behind
/// it, and what to be careful of. Only differences that pass their test after Holm's correction
/// are stated as differences; groups under [`FINDING_MIN_N`] answers are called too small.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub text: String,
    pub evidence: String,
    #[serde(default)]
    pub caution: Option<String>,
    /// The id of the page section (chart and table) it comes from.
    pub section: String,
}

/// The fewest answers a finding rests on: fewer and the figures say too little to state one.
pub const FINDING_MIN_N: u64 = 30;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextAnswer {
    pub prompt: String,
    pub text: String,
    pub day: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SurveyResults {
    pub survey_id: i64,
    pub title: String,
    /// The organisation's name, as a board report starts with it.
    #[serde(default)]
    pub organisation: String,
    pub query: ResultsQuery,
    pub responses: u64,
    /// The days (YYYY-MM-DD, UTC) of the first and the last response counted here.
    #[serde(default)]
    pub period: Option<(String, String)>,
    /// What your members told you: the conclusions the figures support, most important first.
    #[serde(default)]
    pub findings: Vec<Finding>,
    pub segments: Vec<SegmentOption>,
    pub rankings: Vec<RankingResult>,
    pub scales: Vec<ScaleResult>,
    pub overlap: Option<OverlapResult>,
    pub nps: Option<NpsResult>,
    pub choices: Vec<ChoiceResult>,
    pub comparisons: Vec<SegmentComparison>,
    #[serde(default)]
    pub motive: Vec<MotiveRow>,
    /// (Monday of the ISO week, responses), every week from the first response's to the last
    /// one's, weeks without responses as 0.
    pub weeks: Vec<(String, u64)>,
    pub texts: Vec<TextAnswer>,
    /// Seen through a share link: every count under 5 is hidden (shown as 0 here, "under 5" on
    /// the page) and figures resting on fewer than 5 answers are left out.
    #[serde(default)]
    pub shared: bool,
}

impl SurveyResults {
    /// The brand-fit scale's results, if the survey has one.
    pub fn brand_fit(&self) -> Option<&ScaleResult> {
        self.scales.iter().find(|s| s.brand_fit)
    }

    /// Whether the motive × fit chart can be drawn: there is a ranking with items and a
    /// brand-fit scale.
    pub fn has_quadrant(&self) -> bool {
        self.rankings.first().is_some_and(|r| !r.items.is_empty()) && self.brand_fit().is_some()
    }
}

/// A read-only link to a survey's results, as the survey page lists it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareLink {
    pub id: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub show_texts: bool,
    /// Revoked or expired.
    pub active: bool,
}

/// A new share link: the URL holds the only copy of its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewShareLink {
    pub url: String,
    pub expires_at: i64,
}

/// `query` is the page URL's query string (see [`ResultsQuery::parse`]); a string, so that an
/// unfiltered view still sends the argument (and a caller that leaves it out means no filter).
#[server(endpoint = "load_shared_results")]
pub async fn load_shared_results(
    token: String,
    #[server(default)] query: String,
) -> Result<SurveyResults, AppError> {
    backend()?
        .shared_results(&token, ResultsQuery::parse(&query))
        .await
        .map_err(stamp)
}

#[server(endpoint = "create_share_link")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn create_share_link(
    id: i64,
    days: u32,
    #[server(default)] show_texts: Option<String>,
) -> Result<NewShareLink, AppError> {
    let (caller, _) = caller().await?;
    // A checkbox sends `on` when ticked and nothing otherwise; a hand-made call may say `false`.
    let show_texts = show_texts.is_some_and(|v| matches!(v.trim(), "on" | "true" | "1"));
    backend()?
        .create_share_link(&caller, id, days, show_texts)
        .await
        .map_err(stamp)
}

#[server(endpoint = "load_share_links")]
pub async fn load_share_links(id: i64) -> Result<Vec<ShareLink>, AppError> {
    let (caller, _) = caller().await?;
    backend()?.share_links(&caller, id).await.map_err(stamp)
}

#[server(endpoint = "revoke_share_link")]
pub async fn revoke_share_link(id: i64, link_id: i64) -> Result<(), AppError> {
    let (caller, _) = caller().await?;
    backend()?
        .revoke_share_link(&caller, id, link_id)
        .await
        .map_err(stamp)
}

/// `query` is the page URL's query string (see [`ResultsQuery::parse`]); a string, so that an
/// unfiltered view still sends the argument (and a caller that leaves it out means no filter).
#[server(endpoint = "load_results")]
pub async fn load_results(
    id: i64,
    #[server(default)] query: String,
) -> Result<SurveyResults, AppError> {
    let (caller, _) = caller().await?;
    backend()?
        .results(&caller, id, ResultsQuery::parse(&query))
        .await
        .map_err(stamp)
}

/// The segments a dashboard can be filtered by: for the filter form when the filters in the URL
/// were refused.
#[server(endpoint = "load_filter_options")]
pub async fn load_filter_options(id: i64) -> Result<Vec<SegmentOption>, AppError> {
    let (caller, _) = caller().await?;
    backend()?.filter_options(&caller, id).await.map_err(stamp)
}

/// The same for a share link's view.
#[server(endpoint = "load_shared_filter_options")]
pub async fn load_shared_filter_options(token: String) -> Result<Vec<SegmentOption>, AppError> {
    backend()?
        .shared_filter_options(&token)
        .await
        .map_err(stamp)
}

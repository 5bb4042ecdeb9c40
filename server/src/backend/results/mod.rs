//! The dashboard: sufficient statistics from SQL turned into figures by the `insights` crate
//! (`figures`), segment comparisons (`comparisons`), the charts drawn from the figures (`charts`),
//! what a shared view hides (`disclosure`) and share links (`share_links`). Every role of the
//! organisation may read a survey's results.

mod charts;
mod comparisons;
mod disclosure;
mod figures;
mod findings;
mod share_links;

pub use charts::{ChartName, chart_named, chart_names};
pub use disclosure::{SMALLEST_SHOWN, suppress_small_cells};

use super::{Kindred, broken, failed, internal};
use crate::pictures::charts::Chart;
use crate::storage::ResponseFilter;
use app::api::results::{
    ChoiceResult, NewShareLink, ResultsQuery, ScaleResult, SegmentOption, ShareLink, SurveyResults,
    TextAnswer,
};
use app::backend::{Caller, Insights};
use app::error::AppError;
use async_trait::async_trait;
use domain::dates::{format_day as day, iso_day};
use domain::survey::{Definition, QuestionKind};
use std::sync::Arc;
use std::time::Instant;

use figures::{
    DAY, every_week, motive_rows, nps_result, overlap_result, ranking_result, scale_result,
};

/// Reads the query's days into a filter; unknown segments or choices are refused by name.
pub fn parse_filter(
    definition: &Definition,
    query: &ResultsQuery,
) -> Result<ResponseFilter, AppError> {
    let mut filter = ResponseFilter::default();
    for (question, choice) in &query.segments {
        if filter.segments.iter().any(|(q, _)| q == question) {
            return Err(AppError::invalid(
                "segment",
                format!("Choose one group of “{question}” at a time."),
            ));
        }
        let known = definition.questions.iter().any(|q| {
            q.id == *question
                && q.kind.is_segment()
                && match &q.kind {
                    QuestionKind::SingleChoice { choices, .. }
                    | QuestionKind::MultipleChoice { choices, .. } => {
                        choices.iter().any(|c| c.id == *choice)
                    }
                    _ => false,
                }
        });
        if !known {
            return Err(AppError::invalid(
                "segment",
                format!("“{question}={choice}” is not a segment of this survey."),
            ));
        }
        filter.segments.push((question.clone(), choice.clone()));
    }
    let (from, to) = super::surveys::parse_day_range(
        ("from", query.from.as_deref().unwrap_or_default()),
        ("to", query.to.as_deref().unwrap_or_default()),
        "“Until” comes before “From”: choose an end day on or after the start day.",
    )?;
    filter.from = from;
    // The window's last second is inclusive; the filter's end is exclusive.
    filter.to = to.map(|t| t + 1);
    Ok(filter)
}

impl Kindred {
    /// A survey of the caller's organisation and the questions its results are read by: those
    /// respondents get now (or the draft, before the first publish).
    pub async fn results_definition(
        &self,
        caller: &Caller,
        survey_id: i64,
    ) -> Result<(crate::storage::SurveyRow, Definition), AppError> {
        self.organisation_survey(caller.organisation_id, survey_id)
            .await
    }

    /// The questions of one published version of a survey (cached: versions never change).
    pub async fn published_definition(
        &self,
        survey_id: i64,
        version: i64,
    ) -> Result<Definition, AppError> {
        self.definition(survey_id, version)
            .await?
            .map(|d| Definition::clone(&d))
            .ok_or_else(|| broken(format!("survey {survey_id} lacks version {version}")))
    }

    /// The survey if it belongs to this organisation, with the questions its results are read by.
    async fn organisation_survey(
        &self,
        organisation_id: i64,
        survey_id: i64,
    ) -> Result<(crate::storage::SurveyRow, Definition), AppError> {
        let row = self
            .store
            .survey(organisation_id, survey_id)
            .await
            .map_err(failed("storage: survey"))?
            .ok_or_else(super::surveys::no_such_survey)?;
        // Published versions are parsed once and cached; only a draft is read here.
        let published = match row.published_version {
            Some(version) => self.definition(row.id, version).await?,
            None => None,
        };
        let definition = match published {
            Some(definition) => Definition::clone(&definition),
            None => serde_json::from_str(&row.draft)
                .map_err(|e| internal("reading a stored survey definition", e))?,
        };
        Ok((row, definition))
    }
}

impl Kindred {
    /// Every figure of one survey's dashboard; the caller has been checked already.
    async fn results_for(
        &self,
        row: &crate::storage::SurveyRow,
        definition: &Definition,
        query: ResultsQuery,
    ) -> Result<SurveyResults, AppError> {
        let definition = definition.clone();
        let filter = parse_filter(&definition, &query)?;
        let reasons = definition.questions.iter().find_map(|q| match &q.kind {
            QuestionKind::Ranking { items, .. } => Some((q.id.clone(), items.clone())),
            _ => None,
        });
        let segments: Vec<String> = definition
            .questions
            .iter()
            .filter(|q| q.kind.is_segment())
            .map(|q| q.id.clone())
            .collect();
        // The last response id keys the figures kept for charts; the counts come from the
        // rollups, summed over a bounded number of rows, and the open answers are read beside
        // them (separate connections of the pool).
        let stored = self
            .store
            .last_response_id(row.id)
            .await
            .map_err(failed("storage: last_response_id"))?;
        let (counts, texts, organisation) = tokio::try_join!(
            self.view_counts(row.id, &filter, &segments),
            self.store.text_answers(row.id, &filter, 200),
            self.store.organisation(row.organisation_id),
        )
        .map_err(failed("storage: rollups"))?;
        let stats = counts.whole;
        let answered_days = || stats.days.iter().filter(|(_, n)| **n > 0).map(|(d, _)| *d);
        let period = answered_days()
            .next()
            .zip(answered_days().next_back())
            .map(|(first, last)| (iso_day(first * DAY), iso_day(last * DAY)));
        let mut by_segment = counts.segments;
        let groups = segments
            .iter()
            .map(|q| by_segment.remove(q).unwrap_or_default())
            .collect();
        let motive = reasons
            .as_ref()
            .map(|(_, items)| motive_rows(&definition, items, &stats))
            .unwrap_or_default();
        let comparisons = Self::compare_segments(&definition, &stats, groups);

        let mut results = SurveyResults {
            survey_id: row.id,
            title: row.title.clone(),
            organisation: organisation.map(|o| o.name).unwrap_or_default(),
            query,
            responses: stats.responses as u64,
            period,
            findings: Vec::new(),
            segments: Vec::new(),
            rankings: Vec::new(),
            scales: Vec::new(),
            overlap: None,
            nps: None,
            choices: Vec::new(),
            comparisons,
            motive,
            weeks: every_week(&stats.days),
            texts: texts
                .into_iter()
                .map(|(question, text, at)| TextAnswer {
                    prompt: definition
                        .questions
                        .iter()
                        .find(|q| q.id == question)
                        .map_or(question.clone(), |q| q.prompt.clone()),
                    text,
                    day: day(at),
                })
                .collect(),
            shared: false,
        };
        results.segments = segment_options(&definition);
        let brand_fit = definition.brand_fit_scale().map(|s| s.key);
        results.scales = definition
            .scales()
            .iter()
            .map(|scale| ScaleResult {
                brand_fit: brand_fit.as_ref() == Some(&scale.key),
                ..scale_result(scale, &stats)
            })
            .collect();
        for question in &definition.questions {
            match &question.kind {
                QuestionKind::Ranking { items, .. } => {
                    results
                        .rankings
                        .push(ranking_result(question, items, &stats));
                }

                QuestionKind::Overlap if results.overlap.is_none() => {
                    results.overlap = Some(overlap_result(question, &stats));
                }
                QuestionKind::Nps if results.nps.is_none() => {
                    results.nps = nps_result(question, &stats);
                }
                QuestionKind::SingleChoice { choices, segment }
                | QuestionKind::MultipleChoice {
                    choices, segment, ..
                } => {
                    let options = choices
                        .iter()
                        .map(|c| {
                            let count = stats
                                .choices
                                .get(&question.id)
                                .and_then(|counts| counts.get(&c.id))
                                .map_or(0, |n| *n as u64);
                            (c.id.clone(), c.label.clone(), count)
                        })
                        .collect();
                    results.choices.push(ChoiceResult {
                        n: stats
                            .choice_answered
                            .get(&question.id)
                            .map_or(0, |n| *n as u64),
                        question_id: question.id.clone(),
                        prompt: question.prompt.clone(),
                        segment: *segment,
                        options,
                    });
                }
                _ => {}
            }
        }
        results.findings = findings::findings(&definition, &stats, &results);
        self.stats.figures.put(
            (stored.0, row.published_version),
            Instant::now(),
            Arc::new(results.clone()),
        );
        Ok(results)
    }

    /// The figures a chart is drawn from: those a view of the same survey, version and filter
    /// computed moments ago over the same responses (the page the chart is on), or else computed
    /// afresh.
    async fn chart_figures(
        &self,
        row: &crate::storage::SurveyRow,
        definition: &Definition,
        query: ResultsQuery,
    ) -> Result<Arc<SurveyResults>, AppError> {
        let (last, _) = self
            .store
            .last_response_id(row.id)
            .await
            .map_err(failed("storage: last_response_id"))?;
        let counted = (last, row.published_version);
        if let Some(figures) = self
            .stats
            .figures
            .get(row.id, &query, counted, Instant::now())
        {
            return Ok(figures);
        }
        Ok(Arc::new(self.results_for(row, definition, query).await?))
    }

    /// One chart of a survey's dashboard, filtered by `query`, for a member of its organisation.
    pub async fn chart(
        &self,
        caller: &Caller,
        survey_id: i64,
        query: ResultsQuery,
        name: &ChartName,
    ) -> Result<Chart, AppError> {
        let (row, definition) = self.results_definition(caller, survey_id).await?;
        let figures = self.chart_figures(&row, &definition, query).await?;
        chart_named(&figures, name).ok_or_else(no_such_chart)
    }

    /// One chart of a shared view, drawn from the figures the share link shows (counts under 5
    /// hidden).
    pub async fn shared_chart(
        &self,
        token: &str,
        query: ResultsQuery,
        name: &ChartName,
    ) -> Result<Chart, AppError> {
        let (link, organisation_id) = self.live_share_link(token).await?;
        let (row, definition) = self
            .organisation_survey(organisation_id, link.survey_id)
            .await?;
        let narrowed = self.shared_query(&row, &definition, &query).await?;
        let mut figures = Arc::unwrap_or_clone(self.chart_figures(&row, &definition, query).await?);
        suppress_small_cells(&mut figures, link.show_texts);
        if !narrowed {
            hide_everything(&mut figures);
        }
        chart_named(&figures, name).ok_or_else(no_such_chart)
    }

    /// What a share link may be asked for, so that no one's answers can be worked out by
    /// comparing two views: the whole survey period only (a date range one day shorter would
    /// isolate that day's responses), and at most one segment group at a time. `false` when that
    /// group is one the whole view hides (under 5 with what hides it), so its view shows nothing.
    async fn shared_query(
        &self,
        row: &crate::storage::SurveyRow,
        definition: &Definition,
        query: &ResultsQuery,
    ) -> Result<bool, AppError> {
        if query.from.is_some() || query.to.is_some() {
            return Err(AppError::invalid(
                "from",
                "A shared view covers the whole survey period; date ranges are for members of the organisation.",
            ));
        }
        let Some((question, choice)) = query.segments.first() else {
            return Ok(true);
        };
        if query.segments.len() > 1 {
            return Err(AppError::invalid(
                "segment",
                "A shared view shows one group at a time: choose a single segment.",
            ));
        }
        parse_filter(definition, query)?;
        let mut whole = self
            .results_for(row, definition, ResultsQuery::default())
            .await?;
        suppress_small_cells(&mut whole, false);
        let label = definition
            .questions
            .iter()
            .find(|q| q.id == *question)
            .and_then(|q| match &q.kind {
                QuestionKind::SingleChoice { choices, .. }
                | QuestionKind::MultipleChoice { choices, .. } => choices
                    .iter()
                    .find(|c| c.id == *choice)
                    .map(|c| c.label.clone()),
                _ => None,
            });
        Ok(whole
            .comparisons
            .iter()
            .filter(|c| c.question_id == *question)
            .flat_map(|c| &c.rows)
            .any(|r| Some(&r.label) == label.as_ref() && r.n > 0))
    }
}

/// A shared view of a group too small to show: nothing but its title and filters.
fn hide_everything(results: &mut SurveyResults) {
    *results = SurveyResults {
        survey_id: results.survey_id,
        title: std::mem::take(&mut results.title),
        organisation: std::mem::take(&mut results.organisation),
        query: std::mem::take(&mut results.query),
        segments: std::mem::take(&mut results.segments),
        shared: true,
        ..SurveyResults::default()
    };
}

fn no_such_chart() -> AppError {
    AppError::NotFound("This survey's results have no such chart.".into())
}

#[async_trait]
impl Insights for Kindred {
    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn results(
        &self,
        caller: &Caller,
        survey_id: i64,
        query: ResultsQuery,
    ) -> Result<SurveyResults, AppError> {
        let (row, definition) = self.results_definition(caller, survey_id).await?;
        self.results_for(&row, &definition, query).await
    }

    async fn create_share_link(
        &self,
        caller: &Caller,
        survey_id: i64,
        days: u32,
        show_texts: bool,
    ) -> Result<NewShareLink, AppError> {
        self.make_share_link(caller, survey_id, days, show_texts)
            .await
    }

    async fn share_links(
        &self,
        caller: &Caller,
        survey_id: i64,
    ) -> Result<Vec<ShareLink>, AppError> {
        self.list_share_links(caller, survey_id).await
    }

    async fn revoke_share_link(
        &self,
        caller: &Caller,
        survey_id: i64,
        link_id: i64,
    ) -> Result<(), AppError> {
        self.end_share_link(caller, survey_id, link_id).await
    }

    async fn shared_results(
        &self,
        token: &str,
        query: ResultsQuery,
    ) -> Result<SurveyResults, AppError> {
        let (link, organisation_id) = self.live_share_link(token).await?;
        let (row, definition) = self
            .organisation_survey(organisation_id, link.survey_id)
            .await?;
        let narrowed = self.shared_query(&row, &definition, &query).await?;
        let mut results = self.results_for(&row, &definition, query).await?;
        suppress_small_cells(&mut results, link.show_texts);
        if !narrowed {
            hide_everything(&mut results);
        }
        Ok(results)
    }

    async fn filter_options(
        &self,
        caller: &Caller,
        survey_id: i64,
    ) -> Result<Vec<SegmentOption>, AppError> {
        let (_, definition) = self.results_definition(caller, survey_id).await?;
        Ok(segment_options(&definition))
    }

    async fn shared_filter_options(&self, token: &str) -> Result<Vec<SegmentOption>, AppError> {
        let (link, organisation_id) = self.live_share_link(token).await?;
        let (_, definition) = self
            .organisation_survey(organisation_id, link.survey_id)
            .await?;
        Ok(segment_options(&definition))
    }
}

/// The segment questions of a survey, with their choices: what its dashboard can filter by.
fn segment_options(definition: &Definition) -> Vec<SegmentOption> {
    definition
        .questions
        .iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::SingleChoice {
                choices,
                segment: true,
            }
            | QuestionKind::MultipleChoice {
                choices,
                segment: true,
                ..
            } => Some(SegmentOption {
                question_id: q.id.clone(),
                prompt: q.prompt.clone(),
                name: q.name().to_owned(),
                choices: choices
                    .iter()
                    .map(|c| (c.id.clone(), c.label.clone()))
                    .collect(),
            }),
            _ => None,
        })
        .collect()
}

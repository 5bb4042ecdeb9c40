//! The dashboard of one survey: headline figures, charts with their data tables, segment and date
//! filters kept in the URL (a plain GET form, so it works without JavaScript) and open answers.

mod filters;
mod findings;
mod sections;

use crate::api::results::{
    SegmentOption, SurveyResults, load_filter_options, load_results, load_shared_filter_options,
    load_shared_results,
};
use crate::api::types::Me;
use crate::components::require_member::RequireMember;
use crate::error::AppError;
use domain::FieldError;
use domain::dates::format_iso_day;
use domain::numbers::{count, fixed, percent, signed};
use domain::results_query::ResultsQuery;
use filters::{Downloads, Filters, active_filters};
use findings::FindingsSection;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map};
use sections::{
    ChoiceSections, ComparisonSection, MotiveSection, NpsSection, OpenAnswers, OverlapSection,
    RankingSection, ScaleSection, WeeksSection,
};

/// Below this, Cronbach's α is flagged: the statements may not measure one thing.
const ALPHA_WARNING_BELOW: f64 = 0.7;

/// Cronbach's α in words, by the usual rule of thumb (Nunnally, *Psychometric Theory*, 1978):
/// 0.80 and above good, 0.70 acceptable, below that low.
fn reliability(alpha: f64) -> &'static str {
    if alpha >= 0.8 {
        "Good"
    } else if alpha >= ALPHA_WARNING_BELOW {
        "Acceptable"
    } else {
        "Low"
    }
}

/// How the dashboard on this page is seen: through a share link (counts under 5 arrive as 0 and
/// read "under 5"; no downloads) or by a member, and where its charts are drawn.
#[derive(Clone)]
struct ResultsView {
    shared: bool,
    /// The charts' address without the chart: `/surveys/{id}/charts` or `/r/{token}/charts`.
    charts: String,
    /// The page's filters as `?…`, or nothing.
    suffix: String,
}

/// `n` as a share of `total`, or "—" where [`shown`] hides `n` (a shared view's count under 5)
/// or there is no total.
fn shown_share(n: u64, total: u64) -> String {
    if hidden(n) || total == 0 {
        "—".to_owned()
    } else {
        percent(n as f64 / total as f64)
    }
}

/// Whether a count is hidden: a shared view's counts under 5 arrive as 0.
fn hidden(n: u64) -> bool {
    n == 0 && use_context::<ResultsView>().is_some_and(|v| v.shared)
}

fn shown(n: u64) -> String {
    if hidden(n) {
        "under 5".to_owned()
    } else {
        count(n)
    }
}

fn or_dash(text: Option<String>) -> String {
    text.unwrap_or_else(|| "—".to_owned())
}

/// The page URL's query string: the filters, passed on as they are.
fn query_from_url() -> String {
    use_location().search.get()
}

/// What a dashboard's loader found: the results, or the filters it refused (the form is shown
/// again with each problem beside its field), or another refusal.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
enum Loaded {
    Results(Box<SurveyResults>),
    BadFilter {
        segments: Vec<SegmentOption>,
        query: ResultsQuery,
        errors: Vec<FieldError>,
    },
    Refused(AppError),
}

/// Refusals of the filter fields themselves (`from`, `to`, `segment`).
fn filter_errors(error: &AppError) -> Option<Vec<FieldError>> {
    match error {
        AppError::Validation(errors)
            if errors
                .iter()
                .all(|e| matches!(e.field.as_str(), "from" | "to" | "segment")) =>
        {
            Some(errors.clone())
        }
        _ => None,
    }
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    // Created here, once, not in the view `RequireMember` builds (see there).
    let loaded = results_resource();
    view! {
        <RequireMember children=move |_me: Me| view! {
            <Suspense fallback=|| view! { <p class="loading">"Loading results…"</p> }>
                {move || Suspend::new(async move { view! { <LoadedView loaded=loaded.await share_token=None /> } })}
            </Suspense>
        } />
    }
}

/// The dashboard of the survey in the URL, with the URL's filters.
fn results_resource() -> Resource<Loaded> {
    let id = move || use_params_map().with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    Resource::new(
        move || (id(), query_from_url()),
        |(id, query)| async move {
            let Some(id) = id else {
                return Loaded::Refused(AppError::NotFound(
                    "There is no such survey in your organisation.".into(),
                ));
            };
            match load_results(id, query.clone()).await {
                Ok(results) => Loaded::Results(Box::new(results)),
                Err(error) => match filter_errors(&error) {
                    Some(errors) => match load_filter_options(id).await {
                        Ok(segments) => Loaded::BadFilter {
                            segments,
                            query: ResultsQuery::parse(&query),
                            errors,
                        },
                        Err(other) => Loaded::Refused(other),
                    },
                    None => Loaded::Refused(error),
                },
            }
        },
    )
}

/// A survey's results seen through a share link (`/r/{token}`): no account needed, read-only.
#[component]
pub fn SharedResultsPage() -> impl IntoView {
    let token = move || use_params_map().with(|p| p.get("token").unwrap_or_default());
    let loaded = Resource::new(
        move || (token(), query_from_url()),
        |(token, query)| async move {
            match load_shared_results(token.clone(), query.clone()).await {
                Ok(results) => Loaded::Results(Box::new(results)),
                Err(error) => match filter_errors(&error) {
                    Some(errors) => match load_shared_filter_options(token).await {
                        Ok(segments) => Loaded::BadFilter {
                            segments,
                            query: ResultsQuery::parse(&query),
                            errors,
                        },
                        Err(other) => Loaded::Refused(other),
                    },
                    None => Loaded::Refused(error),
                },
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading results…"</p> }>
            {move || Suspend::new(async move { view! { <LoadedView loaded=loaded.await share_token=Some(token()) /> } })}
        </Suspense>
    }
}

#[component]
fn LoadedView(loaded: Loaded, share_token: Option<String>) -> impl IntoView {
    let back = share_token.is_none();
    match loaded {
        Loaded::Results(results) => view! { <Dashboard results=*results share_token /> }.into_any(),
        Loaded::BadFilter {
            segments,
            query,
            errors,
        } => {
            #[cfg(feature = "ssr")]
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::UNPROCESSABLE_ENTITY);
            }
            view! {
                <Title text="Results" />
                <section class="page dashboard">
                    <header class="page-header"><div><h1>"Results"</h1></div></header>
                    <Filters segments query errors />
                    <p class="notice-inline">"Change the filter above to see the results."</p>
                </section>
            }
            .into_any()
        }
        Loaded::Refused(error) => {
            #[cfg(feature = "ssr")]
            error.set_page_status();
            view! {
                <Title text="Results not available" />
                <section class="panel narrow">
                    <h1>"Results not available"</h1>
                    <p role="alert">{error.to_string()}</p>
                    {back.then(|| view! { <p><a href="/surveys">"Back to surveys"</a></p> })}
                </section>
            }
            .into_any()
        }
    }
}

/// In place of the figures when no response passes the filter: what happened and what to do.
#[component]
fn NoResponses(id: i64, filtered: bool, share_token: Option<String>) -> impl IntoView {
    let shared = share_token.is_some();
    let clear = match &share_token {
        Some(token) => format!("/r/{token}"),
        None => format!("/surveys/{id}/results"),
    };
    view! {
        <div class="empty-state results-empty" data-empty="results">
            {if filtered {
                view! {
                    <h2>"No responses match these filters"</h2>
                    <p>"Widen the date range or choose another group, or see every response."</p>
                    <p><a class="button" href=clear>"Clear all filters"</a></p>
                }.into_any()
            } else if shared {
                view! {
                    <h2>"No responses yet"</h2>
                    <p>"Figures appear here as members answer."</p>
                }.into_any()
            } else {
                view! {
                    <h2>"No responses yet"</h2>
                    <p>"Figures, charts and findings appear here as soon as members answer. Send them the survey's link, QR code or embed to start."</p>
                    <p><a class="button" href=format!("/surveys/{id}#share")>"Share the survey"</a></p>
                }.into_any()
            }}
        </div>
    }
}

/// The dashboard of `results`, seen by a member or, with `share_token`, through a share link.
#[component]
pub fn Dashboard(results: SurveyResults, share_token: Option<String>) -> impl IntoView {
    let id = results.survey_id;
    let shared = results.shared;
    provide_context(ResultsView {
        shared,
        charts: match &share_token {
            Some(token) => format!("/r/{token}/charts"),
            None => format!("/surveys/{id}/charts"),
        },
        suffix: results.query.suffix(),
    });
    let quadrant = results.has_quadrant();
    let filtered = results.query.is_filtered();
    let brand_fit = results.brand_fit().cloned();
    // The reason most often ranked first, by the same share the ranking table and the findings
    // give.
    let top_reason = results.rankings.first().and_then(|r| {
        r.items
            .iter()
            .filter_map(|i| i.first_choice.map(|share| (i.label.clone(), share.value)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    });
    let title = results.title.clone();
    let organisation = results.organisation.clone();
    // What these figures cover, in words: a board report (the printed page) starts with it.
    let scope = {
        let mut scope = format!("{} responses", shown(results.responses));
        if let Some((first, last)) = &results.period {
            scope.push_str(&if first == last {
                format!(" on {}", format_iso_day(first))
            } else {
                format!(", {} to {}", format_iso_day(first), format_iso_day(last))
            });
        }
        let filters: Vec<String> = active_filters(&results.segments, &results.query)
            .into_iter()
            .map(|(words, _)| words)
            .collect();
        if filters.is_empty() {
            scope.push_str(". No filters: every response.");
        } else {
            scope.push_str(&format!(". Filters: {}.", filters.join("; ")));
        }
        scope
    };
    view! {
        <Title text=format!("Results — {}", results.title) />
        <section class="page dashboard">
            <header class="page-header">
                <div>
                    <p class="eyebrow">
                        {(!organisation.is_empty()).then(|| view! { <span dir="auto">{organisation.clone()}</span>" · " })}
                        {if shared {
                            view! { <span dir="auto">{title}</span> }.into_any()
                        } else {
                            view! { <a href=format!("/surveys/{id}") dir="auto">{title}</a> }.into_any()
                        }}
                    </p>
                    <h1>"Results"</h1>
                    {shared.then(|| view! {
                        <p class="notice-inline">"A read-only shared view: counts under 5 are hidden to protect respondents."</p>
                    })}
                    <p class="muted report-scope" data-scope="report">{scope}</p>
                </div>
            </header>
            <FindingsSection
                findings=results.findings.clone()
                segments=results
                    .comparisons
                    .iter()
                    .map(|c| (format!("segment-{}", c.question_id), c.name.clone()))
                    .collect()
            />
            <Filters segments=results.segments.clone() query=results.query.clone() errors=Vec::new() shared />
            {(results.responses == 0).then(|| view! { <NoResponses id filtered share_token=share_token.clone() /> })}
            {(results.responses > 0).then(|| view! {
            <section class="headline-cards" aria-label="Headline figures">
                <div class="headline-card">
                    <p class="headline-label">"Responses"</p>
                    <p class="headline-value" data-figure="responses">{shown(results.responses)}</p>
                </div>
                <div class="headline-card">
                    <p class="headline-label">"Net Promoter Score"</p>
                    <p class="headline-value" data-figure="nps">
                        {or_dash(results.nps.as_ref().map(|n| signed(n.score.value, 0)))}
                    </p>
                    <p class="headline-note">
                        {or_dash(results.nps.as_ref().map(|n| format!(
                            "n = {}, 95% CI {} to {}",
                            shown(n.n),
                            signed(n.score.low, 0),
                            signed(n.score.high, 0)
                        )))}
                    </p>
                </div>
                <div class="headline-card">
                    <p class="headline-label" dir="auto">{brand_fit.as_ref().map_or("Brand fit".to_owned(), |s| s.scale.clone())}</p>
                    <p class="headline-value" data-figure="brand-fit">
                        {or_dash(brand_fit.as_ref().and_then(|s| s.mean.map(|m| format!("{} / {}", fixed(m.value, 2), s.points))))}
                    </p>
                    <p class="headline-note">{or_dash(brand_fit.as_ref().map(|s| format!("n = {}", shown(s.n))))}</p>
                </div>
                <div class="headline-card">
                    <p class="headline-label">"Top reason"</p>
                    <p class="headline-value headline-text" data-figure="top-reason" dir="auto">
                        {or_dash(top_reason.as_ref().map(|(label, _)| label.clone()))}
                    </p>
                    <p class="headline-note">
                        {or_dash(top_reason.as_ref().map(|(_, share)| format!("{} ranked it first", percent(*share))))}
                    </p>
                </div>
                <div class="headline-card">
                    <p class="headline-label">"Reliability of brand fit"</p>
                    <p class="headline-value headline-text" data-figure="reliability">
                        {or_dash(brand_fit.as_ref().and_then(|s| s.alpha).map(|a| reliability(a).to_owned()))}
                    </p>
                    <p class="headline-note">
                        {brand_fit.as_ref().and_then(|s| s.alpha.map(|a| (a, s.alpha_n))).map(|(a, n)| {
                            format!(
                                "Whether its statements measure one thing: Cronbach's α = {} (n = {}){}",
                                fixed(a, 2),
                                shown(n),
                                if a < ALPHA_WARNING_BELOW { "; below 0.70, read the score with care" } else { "" }
                            )
                        })}
                    </p>
                </div>
            </section>
            {results.rankings.into_iter().map(|r| view! { <RankingSection result=r /> }).collect_view()}
            {results.scales.into_iter().map(|s| view! { <ScaleSection result=s /> }).collect_view()}
            {results.overlap.map(|o| view! { <OverlapSection result=o /> })}
            {results.nps.map(|n| view! { <NpsSection result=n /> })}
            {(!results.motive.is_empty()).then(|| view! {
                <MotiveSection rows=results.motive.clone() quadrant />
            })}
            {results.comparisons.into_iter().map(|c| view! { <ComparisonSection comparison=c /> }).collect_view()}
            <ChoiceSections choices=results.choices />
            <WeeksSection weeks=results.weeks />
            {(!shared || !results.texts.is_empty()).then(|| view! { <OpenAnswers texts=results.texts /> })}
            })}
            {(!shared).then(|| view! { <Downloads id query=results.query.clone() /> })}
        </section>
    }
}

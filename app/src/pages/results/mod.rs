//! The dashboard of one survey: headline figures, charts with their data tables, segment and date
//! filters kept in the URL (a plain GET form, so it works without JavaScript) and open answers.

use crate::api::results::{
    Interval, NpsResult, OverlapResult, RankingResult, ResultsQuery, ScaleResult, SurveyResults,
    load_results,
};
use crate::api::types::Me;
use crate::components::data_table::{CountTable, DataTable, columns};
use crate::components::require_member::RequireMember;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Below this, Cronbach's α is flagged: the statements may not measure one thing.
const ALPHA_WARNING_BELOW: f64 = 0.7;

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn pct_interval(i: &Interval) -> String {
    format!("{} ({}–{})", pct(i.value), pct(i.low), pct(i.high))
}

fn num_interval(i: &Interval) -> String {
    format!("{:.2} ({:.2}–{:.2})", i.value, i.low, i.high)
}

/// Set on share-link views, where counts under 5 arrive as 0 and read "under 5".
#[derive(Clone, Copy)]
struct SharedView(bool);

fn shown(count: u64) -> String {
    if count == 0 && use_context::<SharedView>().is_some_and(|s| s.0) {
        "under 5".to_owned()
    } else {
        count.to_string()
    }
}

/// Counts of the values 1, 2, 3 … as table rows.
fn numbered(counts: &[u64]) -> Vec<(String, u64)> {
    counts
        .iter()
        .enumerate()
        .map(|(i, n)| ((i + 1).to_string(), *n))
        .collect()
}

fn or_dash(text: Option<String>) -> String {
    text.unwrap_or_else(|| "—".to_owned())
}

/// The filters in the page's URL: `segment=question=choice` (repeatable), `from`, `to`.
fn query_from_url() -> ResultsQuery {
    use_query_map().with(|q| ResultsQuery {
        segments: q
            .get_all("segment")
            .unwrap_or_default()
            .into_iter()
            .filter_map(|s| {
                let (question, choice) = s.split_once('=')?;
                (!choice.is_empty()).then(|| (question.to_owned(), choice.to_owned()))
            })
            .collect(),
        from: q.get("from").filter(|d| !d.is_empty()),
        to: q.get("to").filter(|d| !d.is_empty()),
    })
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    view! { <RequireMember children=|_me: Me| view! { <ResultsLoader /> } /> }
}

#[component]
fn ResultsLoader() -> impl IntoView {
    let id = move || use_params_map().with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let results = Resource::new(
        move || (id(), query_from_url()),
        |(id, query)| async move {
            match id {
                Some(id) => load_results(id, query).await,
                None => Err(AppError::NotFound(
                    "There is no such survey in your organisation.".into(),
                )),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading results…"</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(results) => view! { <Dashboard results /> }.into_any(),
                    Err(error) => view! {
                        <Title text="Results not available" />
                        <section class="panel narrow">
                            <h1>"Results not available"</h1>
                            <p role="alert">{error.to_string()}</p>
                            <p><a href="/surveys">"Back to surveys"</a></p>
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// A survey's results seen through a share link (`/r/{token}`): no account needed, read-only.
#[component]
pub fn SharedResultsPage() -> impl IntoView {
    let token = move || use_params_map().with(|p| p.get("token").unwrap_or_default());
    let results = Resource::new(
        move || (token(), query_from_url()),
        |(token, query)| crate::api::results::load_shared_results(token, query),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading results…"</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(results) => view! { <Dashboard results /> }.into_any(),
                    Err(error) => {
                        #[cfg(feature = "ssr")]
                        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                            response.set_status(http::StatusCode::from_u16(error.status_code()).unwrap_or_default());
                        }
                        view! {
                            <Title text="Results not available" />
                            <section class="panel narrow">
                                <h1>"Results not available"</h1>
                                <p role="alert">{error.to_string()}</p>
                            </section>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn Dashboard(results: SurveyResults) -> impl IntoView {
    let id = results.survey_id;
    let shared = results.shared;
    provide_context(SharedView(shared));
    let filtered = !results.query.segments.is_empty()
        || results.query.from.is_some()
        || results.query.to.is_some();
    let brand_fit = results.scales.first().cloned();
    let top_reason = results.rankings.first().and_then(|r| {
        r.items
            .iter()
            .filter_map(|i| {
                i.worth
                    .or(i.first_choice)
                    .map(|w| (i.label.clone(), w.value))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
    });
    view! {
        <Title text=format!("Results — {}", results.title) />
        <section class="page dashboard">
            <header class="page-header">
                <div>
                    <p class="eyebrow">
                        {if shared {
                            view! { <span>{results.title.clone()}</span> }.into_any()
                        } else {
                            view! { <a href=format!("/surveys/{id}")>{results.title.clone()}</a> }.into_any()
                        }}
                    </p>
                    <h1>"Results"</h1>
                    {shared.then(|| view! {
                        <p class="notice-inline">"A read-only shared view: counts under 5 are hidden to protect respondents."</p>
                    })}
                    <p class="muted">
                        {if filtered { "Filtered: " } else { "All responses: " }}
                        {format!("{} responses.", results.responses)}
                    </p>
                </div>
            </header>
            <Filters results=results.clone() />
            {(!shared).then(|| view! { <Downloads id query=results.query.clone() /> })}
            <section class="headline-cards" aria-label="Headline figures">
                <div class="headline-card">
                    <p class="headline-label">"Responses"</p>
                    <p class="headline-value" data-figure="responses">{shown(results.responses)}</p>
                </div>
                <div class="headline-card">
                    <p class="headline-label">"Net Promoter Score"</p>
                    <p class="headline-value" data-figure="nps">
                        {or_dash(results.nps.as_ref().map(|n| format!("{:+.0}", n.score.value)))}
                    </p>
                    <p class="headline-note">
                        {or_dash(results.nps.as_ref().map(|n| format!("n = {}, 95% CI {:+.0} to {:+.0}", n.n, n.score.low, n.score.high)))}
                    </p>
                </div>
                <div class="headline-card">
                    <p class="headline-label">{brand_fit.as_ref().map_or("Brand fit".to_owned(), |s| s.scale.clone())}</p>
                    <p class="headline-value" data-figure="brand-fit">
                        {or_dash(brand_fit.as_ref().and_then(|s| s.mean.map(|m| format!("{:.2} / {}", m.value, s.points))))}
                    </p>
                    <p class="headline-note">{or_dash(brand_fit.as_ref().map(|s| format!("n = {}", s.n)))}</p>
                </div>
                <div class="headline-card">
                    <p class="headline-label">"Top reason"</p>
                    <p class="headline-value headline-text" data-figure="top-reason">
                        {or_dash(top_reason.as_ref().map(|(label, _)| label.clone()))}
                    </p>
                    <p class="headline-note">
                        {or_dash(top_reason.as_ref().map(|(_, w)| format!("{} chance of being ranked first", pct(*w))))}
                    </p>
                </div>
                <div class="headline-card">
                    <p class="headline-label">"Reliability (Cronbach's α)"</p>
                    <p class="headline-value" data-figure="alpha">
                        {or_dash(brand_fit.as_ref().and_then(|s| s.alpha).map(|a| format!("{a:.2}")))}
                    </p>
                    <p class="headline-note">
                        {brand_fit.as_ref().and_then(|s| s.alpha.map(|a| (a, s.alpha_n))).map(|(a, n)| {
                            if a < ALPHA_WARNING_BELOW {
                                format!("Below 0.70: treat the scale with care (n = {n})")
                            } else {
                                format!("n = {n}")
                            }
                        })}
                    </p>
                </div>
            </section>
            {results.rankings.into_iter().map(|r| view! { <RankingSection result=r id /> }).collect_view()}
            {results.scales.into_iter().map(|s| view! { <ScaleSection result=s id /> }).collect_view()}
            {results.overlap.map(|o| view! { <OverlapSection result=o id /> })}
            {results.nps.map(|n| view! { <NpsSection result=n id /> })}
            {(!results.motive.is_empty()).then(|| view! {
                <MotiveSection rows=results.motive.clone() quadrant=results.quadrant_svg.clone() id />
            })}
            {results.comparisons.into_iter().map(|c| view! { <ComparisonSection comparison=c /> }).collect_view()}
            <ChoiceSections choices=results.choices />
            <section class="panel">
                <h2>"Responses by week"</h2>
                <Chart svg=results.weeks_chart_svg.clone() id name="weeks".to_owned() />
                <CountTable
                    caption="Responses per week (weeks start on the day shown)"
                    category="Week from"
                    counted="Responses"
                    rows=results.weeks
                    show=shown
                />
            </section>
            {(!shared || !results.texts.is_empty()).then(|| view! { <OpenAnswers texts=results.texts /> })}
        </section>
    }
}

#[component]
fn Filters(results: SurveyResults) -> impl IntoView {
    let chosen = results.query.segments.clone();
    view! {
        <form class="panel filters" method="get" aria-label="Filter responses">
            <h2>"Filter"</h2>
            <div class="filter-grid">
                {results
                    .segments
                    .into_iter()
                    .map(|segment| {
                        let field = format!("filter-{}", segment.question_id);
                        let current = chosen
                            .iter()
                            .find(|(q, _)| *q == segment.question_id)
                            .map(|(_, c)| c.clone());
                        let question = segment.question_id.clone();
                        view! {
                            <div class="field">
                                <label for=field.clone()>{segment.prompt.clone()}</label>
                                <select id=field name="segment">
                                    <option value=format!("{question}=") selected=current.is_none()>"Everyone"</option>
                                    {segment
                                        .choices
                                        .into_iter()
                                        .map(|(choice, label)| {
                                            let selected = current.as_deref() == Some(choice.as_str());
                                            view! { <option value=format!("{question}={choice}") selected=selected>{label}</option> }
                                        })
                                        .collect_view()}
                                </select>
                            </div>
                        }
                    })
                    .collect_view()}
                <div class="field">
                    <label for="filter-from">"From"</label>
                    <input id="filter-from" type="date" name="from" value=results.query.from.clone().unwrap_or_default() />
                </div>
                <div class="field">
                    <label for="filter-to">"Until"</label>
                    <input id="filter-to" type="date" name="to" value=results.query.to.clone().unwrap_or_default() />
                </div>
            </div>
            <button type="submit" class="button button-quiet">"Apply filters"</button>
        </form>
    }
}

/// The exports, with the filters in force.
#[component]
fn Downloads(id: i64, query: ResultsQuery) -> impl IntoView {
    let mut pairs: Vec<String> = query
        .segments
        .iter()
        .map(|(q, c)| format!("segment.{q}={c}"))
        .collect();
    pairs.extend(query.from.iter().map(|d| format!("from={d}")));
    pairs.extend(query.to.iter().map(|d| format!("to={d}")));
    let suffix = if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    };
    view! {
        <p class="download-links">
            <a class="button button-small button-quiet" href=format!("/surveys/{id}/responses.csv{suffix}") download>
                "Download responses (CSV)"
            </a>
            <a class="button button-small button-quiet" href=format!("/surveys/{id}/codebook.csv") download>
                "Codebook (CSV)"
            </a>
            <a class="button button-small button-quiet" href=format!("/surveys/{id}/figures.csv{suffix}") download>
                "Figures (CSV)"
            </a>
        </p>
    }
}

/// A server-drawn chart; the table that follows it carries the same numbers for everyone.
#[component]
fn Chart(svg: String, id: i64, name: String) -> impl IntoView {
    // Downloads carry the page's filters.
    let search = leptos_router::hooks::use_location().search.get_untracked();
    let search = if search.is_empty() || search.starts_with('?') {
        search
    } else {
        format!("?{search}")
    };
    let base = format!("/surveys/{id}/charts/{name}");
    let shared = use_context::<SharedView>().is_some_and(|s| s.0);
    view! {
        <div class="chart" aria-hidden="true" inner_html=svg></div>
        {(!shared).then(|| view! {
            <p class="download-links">
                <a class="button button-small button-quiet" href=format!("{base}.png{search}") download>"Chart as PNG"</a>
                <a class="button button-small button-quiet" href=format!("{base}.svg{search}") download>"Chart as SVG"</a>
            </p>
        })}
    }
}

#[component]
fn RankingSection(result: RankingResult, id: i64) -> impl IntoView {
    let places = result
        .items
        .first()
        .map_or(0, |i| i.places.len().saturating_sub(1));
    let mut headings = columns([
        "Reason",
        "Ranked first",
        "Worth (chance of first)",
        "Mean rank",
    ]);
    headings.extend((1..=places).map(|p| format!("Place {p}")));
    view! {
        <section class="panel">
            <h2>{result.prompt.clone()}</h2>
            <p class="muted">{format!("n = {} rankings", result.n)}</p>
            <Chart svg=result.chart_svg.clone() id name=format!("ranking-{}", result.question_id) />
            <Chart svg=result.distribution_svg.clone() id name=format!("ranks-{}", result.question_id) />
            <DataTable
                caption="Why members join: first choice, worth and mean rank, with 95% intervals"
                columns=headings
                name="ranking"
            >
                    {result
                        .items
                        .into_iter()
                        .map(|item| view! {
                            <tr>
                                <th scope="row">{item.label.clone()}</th>
                                <td>{or_dash(item.first_choice.as_ref().map(pct_interval))}</td>
                                <td>{or_dash(item.worth.as_ref().map(pct_interval))}</td>
                                <td>{or_dash(item.mean_rank.as_ref().map(num_interval))}</td>
                                {item.places.iter().take(places).map(|c| view! { <td>{shown(*c)}</td> }).collect_view()}
                            </tr>
                        })
                        .collect_view()}
            </DataTable>
        </section>
    }
}

#[component]
fn ScaleSection(result: ScaleResult, id: i64) -> impl IntoView {
    let summary = format!(
        "n = {} · mean {} · SD {} · α {}",
        result.n,
        or_dash(result.mean.as_ref().map(num_interval)),
        or_dash(result.sd.map(|s| format!("{s:.2}"))),
        or_dash(
            result
                .alpha
                .map(|a| format!("{a:.2} (n = {})", result.alpha_n))
        ),
    );
    view! {
        <section class="panel">
            <h2>{format!("{} — {}", result.scale, result.prompt)}</h2>
            <p class="muted">{summary}</p>
            <Chart svg=result.chart_svg.clone() id name=format!("scale-{}", result.question_id) />
            <CountTable
                caption=format!("{}: respondents by score (mean of the statements, rounded)", result.scale)
                category="Score"
                counted="Respondents"
                rows=numbered(&result.distribution)
                show=shown
            />
        </section>
    }
}

#[component]
fn OverlapSection(result: OverlapResult, id: i64) -> impl IntoView {
    let summary = format!(
        "n = {} · mean picture {} · picture 5 or closer: {}",
        result.n,
        or_dash(result.mean.as_ref().map(num_interval)),
        or_dash(result.share_high.as_ref().map(pct_interval)),
    );
    view! {
        <section class="panel">
            <h2>{result.prompt.clone()}</h2>
            <p class="muted">{summary}</p>
            <Chart svg=result.chart_svg.clone() id name="overlap".to_owned() />
            <CountTable
                caption="Members by picture (1 = apart, 7 = almost one)"
                category="Picture"
                counted="Members"
                rows=numbered(&result.counts)
                show=shown
            />
        </section>
    }
}

#[component]
fn NpsSection(result: NpsResult, id: i64) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>{result.prompt.clone()}</h2>
            <p class="muted">
                {format!("NPS {:+.0} (95% CI {:+.0} to {:+.0}), n = {}", result.score.value, result.score.low, result.score.high, result.n)}
            </p>
            <Chart svg=result.chart_svg.clone() id name="nps".to_owned() />
            <DataTable caption="Promoters, passives and detractors" columns=columns(["Group", "Members"]) name="nps">
                <tr><th scope="row">"Promoters (9–10)"</th><td>{shown(result.promoters)}</td></tr>
                <tr><th scope="row">"Passives (7–8)"</th><td>{shown(result.passives)}</td></tr>
                <tr><th scope="row">"Detractors (0–6)"</th><td>{shown(result.detractors)}</td></tr>
            </DataTable>
        </section>
    }
}

#[component]
fn MotiveSection(
    rows: Vec<crate::api::results::MotiveRow>,
    quadrant: Option<String>,
    id: i64,
) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>"Motive × fit"</h2>
            <p class="muted">"Do the members who join to show who they are feel the brand is “them”? Brand fit and closeness by the reason ranked first."</p>
            {quadrant.map(|svg| view! {
                <Chart svg id name="quadrant".to_owned() />
                <p class="muted">"Each dot is a segment group (see the comparisons below); the dashed lines are everyone's values."</p>
            })}
            <DataTable
                caption="Brand fit and overlap picture by the reason ranked first, with 95% intervals"
                columns=columns(["Ranked first", "n", "Brand fit", "Overlap picture (1–7)"])
                name="motive"
            >
                    {rows.into_iter().map(|row| view! {
                        <tr>
                            <th scope="row">{row.reason}</th>
                            <td>{shown(row.n)}</td>
                            <td>{or_dash(row.brand_fit.as_ref().map(num_interval))}</td>
                            <td>{or_dash(row.overlap.as_ref().map(num_interval))}</td>
                        </tr>
                    }).collect_view()}
            </DataTable>
        </section>
    }
}

#[component]
fn ComparisonSection(comparison: crate::api::results::SegmentComparison) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>{format!("By segment: {}", comparison.prompt)}</h2>
            <DataTable
                caption="Brand fit, recommendation and the reason ranked first, per group"
                columns=columns(["Group", "n", "Brand fit (95% CI)", "NPS", "Most often ranked first"])
                name=format!("compare-{}", comparison.question_id)
            >
                    {comparison.rows.into_iter().map(|row| view! {
                        <tr>
                            <th scope="row">{row.label}</th>
                            <td>{shown(row.n)}</td>
                            <td>{or_dash(row.brand_fit.as_ref().map(num_interval))}</td>
                            <td>{or_dash(row.nps.map(|n| format!("{n:+.0}")))}</td>
                            <td>{or_dash(row.top_reason.map(|(label, share)| format!("{label} ({})", pct(share))))}</td>
                        </tr>
                    }).collect_view()}
            </DataTable>
            {(!comparison.tests.is_empty()).then(|| view! {
                <DataTable
                    caption="Tests (p adjusted by Holm's method over every test on this page)"
                    columns=columns(["Comparison", "Statistic", "df", "p", "p (Holm)"])
                >
                        {comparison.tests.into_iter().map(|t| view! {
                            <tr>
                                <th scope="row">{t.what}</th>
                                <td>{format!("{:.2}", t.statistic)}</td>
                                <td>{format!("{:.1}", t.df)}</td>
                                <td>{format!("{:.4}", t.p)}</td>
                                <td>
                                    {format!("{:.4}", t.p_holm)}
                                    {(t.p_holm < 0.05).then_some(" — a real difference")}
                                </td>
                            </tr>
                        }).collect_view()}
                </DataTable>
            })}
        </section>
    }
}

#[component]
fn ChoiceSections(choices: Vec<crate::api::results::ChoiceResult>) -> impl IntoView {
    choices
        .into_iter()
        .map(|choice| {
            view! {
                <section class="panel">
                    <h2>{choice.prompt.clone()}</h2>
                    <CountTable
                        caption=if choice.segment { "Members by segment" } else { "Members by choice" }
                        category="Choice"
                        counted="Members"
                        rows=choice.options.into_iter().map(|(_, label, n)| (label, n)).collect()
                        show=shown
                    />
                </section>
            }
        })
        .collect_view()
}

#[component]
fn OpenAnswers(texts: Vec<crate::api::results::TextAnswer>) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let count = texts.len();
    let shown = move || {
        let needle = search.get().to_lowercase();
        texts
            .iter()
            .filter(|t| needle.is_empty() || t.text.to_lowercase().contains(&needle))
            // The latest twenty, unless a search looks through all of them.
            .take(if needle.is_empty() { 20 } else { usize::MAX })
            .cloned()
            .collect::<Vec<_>>()
    };
    view! {
        <section class="panel">
            <h2>"Open answers"</h2>
            <p class="muted">{format!("The latest answers ({count} loaded; search looks through all of them).")}</p>
            <label for="text-search">"Search the answers"</label>
            <input id="text-search" type="search" on:input=move |ev| search.set(event_target_value(&ev)) />
            <ul class="open-answers">
                {move || shown().into_iter().map(|t| view! {
                    <li><blockquote>{t.text}</blockquote><p class="muted">{format!("{} · {}", t.prompt, t.day)}</p></li>
                }).collect_view()}
            </ul>
        </section>
    }
}

//! The dashboard's filter form (a plain GET form: the filters live in the URL, so a filtered view
//! can be bookmarked and works without JavaScript) and its downloads, which keep the filters.

use crate::api::results::SegmentOption;
use domain::FieldError;
use domain::dates::format_iso_day;
use domain::results_query::ResultsQuery;
use leptos::prelude::*;

/// The message for `field`, if the filter was refused there.
fn message(errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.clone())
}

/// Each filter in force in words — "Member type: Volunteer", "From 3 Nov 2026" — with the page's address
/// without it.
pub(super) fn active_filters(
    segments: &[SegmentOption],
    query: &ResultsQuery,
) -> Vec<(String, String)> {
    let without = |change: &dyn Fn(&mut ResultsQuery)| {
        let mut rest = query.clone();
        change(&mut rest);
        let suffix = rest.suffix();
        if suffix.is_empty() {
            "?".to_owned()
        } else {
            suffix
        }
    };
    let mut chips = Vec::new();
    for (question, choice) in &query.segments {
        let segment = segments.iter().find(|s| s.question_id == *question);
        let choice = segment
            .and_then(|s| s.choices.iter().find(|(c, _)| c == choice))
            .map_or_else(|| choice.clone(), |(_, label)| label.clone());
        let label = match segment {
            Some(s) if !s.name.is_empty() => format!("{}: {choice}", s.name),
            _ => choice,
        };
        let href = without(&|rest| rest.segments.retain(|(q, _)| q != question));
        chips.push((label, href));
    }
    if let Some(from) = &query.from {
        chips.push((
            format!("From {}", format_iso_day(from)),
            without(&|rest| rest.from = None),
        ));
    }
    if let Some(to) = &query.to {
        chips.push((
            format!("Until {}", format_iso_day(to)),
            without(&|rest| rest.to = None),
        ));
    }
    chips
}

/// `shared`: a share link's view, which covers the whole survey period and one group at a time
/// (so that no two views differ by one person): no date fields, and a note saying so.
#[component]
pub fn Filters(
    segments: Vec<SegmentOption>,
    query: ResultsQuery,
    errors: Vec<FieldError>,
    #[prop(optional)] shared: bool,
) -> impl IntoView {
    let chosen = query.segments.clone();
    // Only filters that applied: a refused query is answered by its message, not echoed back.
    let chips = if errors.is_empty() {
        active_filters(&segments, &query)
    } else {
        Vec::new()
    };
    let segment_error = message(&errors, "segment");
    let from_error = message(&errors, "from");
    let to_error = message(&errors, "to");
    let described = |error: &Option<String>, id: &'static str| error.as_ref().map(|_| id);
    view! {
        <form class="panel filters" method="get" aria-label="Filter responses">
            <h2>"Filter"</h2>
            {segment_error.map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <div class="filter-grid">
                {segments
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
                                <label for=field.clone() dir="auto" title=segment.prompt.clone()>{segment.name.clone()}</label>
                                <select id=field name="segment">
                                    <option value=format!("{question}=") selected=current.is_none()>"Everyone"</option>
                                    {segment
                                        .choices
                                        .into_iter()
                                        .map(|(choice, label)| {
                                            let selected = current.as_deref() == Some(choice.as_str());
                                            view! { <option value=format!("{question}={choice}") selected=selected dir="auto">{label}</option> }
                                        })
                                        .collect_view()}
                                </select>
                            </div>
                        }
                    })
                    .collect_view()}
                {(!shared).then(|| view! {
                <div class="field" class:field-invalid=from_error.is_some()>
                    <label for="filter-from">"From"</label>
                    <input id="filter-from" type="date" name="from"
                        value=query.from.clone().unwrap_or_default()
                        aria-invalid=from_error.is_some().then_some("true")
                        aria-describedby=described(&from_error, "filter-from-error") />
                    {from_error.clone().map(|m| view! { <p class="field-error" id="filter-from-error">{m}</p> })}
                </div>
                <div class="field" class:field-invalid=to_error.is_some()>
                    <label for="filter-to">"Until"</label>
                    <input id="filter-to" type="date" name="to"
                        value=query.to.clone().unwrap_or_default()
                        aria-invalid=to_error.is_some().then_some("true")
                        aria-describedby=described(&to_error, "filter-to-error") />
                    {to_error.clone().map(|m| view! { <p class="field-error" id="filter-to-error">{m}</p> })}
                </div>
                })}
            </div>
            {shared.then(|| view! {
                <p class="muted">"A shared view covers the whole survey period and shows one group at a time."</p>
            })}
            <div class="filter-actions">
                <button type="submit" class="button button-quiet">"Apply filters"</button>
            </div>
            {(!chips.is_empty()).then(|| view! {
                <div class="filter-chips">
                    <p class="visually-hidden" id="active-filters">"Filters in force"</p>
                    <ul aria-labelledby="active-filters">
                        {chips.into_iter().map(|(label, without)| view! {
                            <li>
                                <a class="chip" href=without>
                                    <span dir="auto">{label.clone()}</span>
                                    <span class="chip-remove" aria-hidden="true">"×"</span>
                                    <span class="visually-hidden">" — remove this filter"</span>
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                    <a class="button button-small button-quiet" href="?">"Clear all"</a>
                </div>
            })}
        </form>
    }
}

/// The exports, with the filters in force: each CSV plain, and for Excel (UTF-8 with a byte-order
/// mark, so accents and other scripts open correctly).
#[component]
pub fn Downloads(id: i64, query: ResultsQuery) -> impl IntoView {
    let filtered = query.to_query_string();
    let link = move |file: &str, excel: bool| {
        let mut params = filtered.clone();
        if excel {
            if !params.is_empty() {
                params.push('&');
            }
            params.push_str("format=excel");
        }
        if params.is_empty() {
            format!("/surveys/{id}/{file}")
        } else {
            format!("/surveys/{id}/{file}?{params}")
        }
    };
    view! {
        <section class="panel downloads" aria-labelledby="downloads-heading">
            <h2 id="downloads-heading">"Downloads"</h2>
            <ul class="download-list">
                <li>
                    <span>"Responses, one row per response"</span>
                    <a class="button button-small button-quiet" href=link("responses.csv", false) download aria-label="Responses as CSV">"CSV"</a>
                    <a class="button button-small button-quiet" href=link("responses.csv", true) download aria-label="Responses as CSV for Excel">"CSV for Excel"</a>
                </li>
                <li>
                    <span>"Codebook: every column and code"</span>
                    <a class="button button-small button-quiet" href=link("codebook.csv", false) download aria-label="Codebook as CSV">"CSV"</a>
                    <a class="button button-small button-quiet" href=link("codebook.csv", true) download aria-label="Codebook as CSV for Excel">"CSV for Excel"</a>
                </li>
                <li>
                    <span>"Figures: every number on this page"</span>
                    <a class="button button-small button-quiet" href=link("figures.csv", false) download aria-label="Figures as CSV">"CSV"</a>
                    <a class="button button-small button-quiet" href=link("figures.csv", true) download aria-label="Figures as CSV for Excel">"CSV for Excel"</a>
                </li>
            </ul>
        </section>
    }
}

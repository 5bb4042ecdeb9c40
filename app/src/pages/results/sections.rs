//! The dashboard's sections: each chart an image the server draws from the same figures, with a
//! table of those numbers beside it. Every figure is rounded half away from zero (`domain::numbers`) and carries its n;
//! every text a person typed (prompts, labels, answers) is marked `dir="auto"`, so right-to-left
//! text reads with its punctuation where it belongs.

use super::{ResultsView, hidden, or_dash, shown, shown_share};
use crate::api::results::{
    ChoiceResult, Estimate, MotiveRow, NpsResult, OverlapResult, RankingResult, ScaleResult,
    SegmentComparison, TextAnswer,
};
use crate::components::data_table::{CountTable, DataTable, columns};
use domain::chart_name::ChartName;
use domain::numbers::{count, fixed, p_value, percent, signed};
use leptos::prelude::*;

fn pct_interval(i: &Estimate) -> String {
    format!(
        "{} ({}–{})",
        percent(i.value),
        percent(i.low),
        percent(i.high)
    )
}

fn num_interval(i: &Estimate) -> String {
    format!(
        "{} ({}–{})",
        fixed(i.value, 2),
        fixed(i.low, 2),
        fixed(i.high, 2)
    )
}

/// Counts of the values 1, 2, 3 … as table rows.
fn numbered(counts: &[u64]) -> Vec<(String, u64)> {
    counts
        .iter()
        .enumerate()
        .map(|(i, n)| ((i + 1).to_string(), *n))
        .collect()
}

/// A figure with the n it rests on, for a table cell.
fn with_n(figure: String, n: u64) -> impl IntoView {
    view! { {figure}<span class="cell-n">{format!(" n = {}", shown(n))}</span> }
}

/// A chart drawn by the server from the page's figures, at its own address with the page's
/// filters; the table that follows it carries the same numbers for everyone (the picture is
/// hidden from screen readers).
#[component]
fn Chart(name: ChartName) -> impl IntoView {
    let view_of = use_context::<ResultsView>().expect("a dashboard provides its ResultsView");
    let src = |format: &str| format!("{}/{name}.{format}{}", view_of.charts, view_of.suffix);
    view! {
        <img class="chart" src=src("svg") alt="" width="720" decoding="async" />
        {(!view_of.shared).then(|| view! {
            <p class="download-links">
                <a class="button button-small button-quiet" href=src("png") download>"Chart as PNG"</a>
                <a class="button button-small button-quiet" href=src("svg") download>"Chart as SVG"</a>
            </p>
        })}
    }
}

#[component]
pub fn RankingSection(result: RankingResult) -> impl IntoView {
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
        <section class="panel" id=format!("ranking-{}", result.question_id)>
            <h2 dir="auto">{result.prompt.clone()}</h2>
            <p class="muted">{format!("n = {} rankings", shown(result.n))}</p>
            <Chart name=ChartName::Ranking(result.question_id.clone()) />
            <Chart name=ChartName::RankDistribution(result.question_id.clone()) />
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
                            <th scope="row" dir="auto">{item.label.clone()}</th>
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
pub fn ScaleSection(result: ScaleResult) -> impl IntoView {
    let summary = format!(
        "n = {} · mean {} · SD {} · α {}",
        shown(result.n),
        or_dash(result.mean.as_ref().map(num_interval)),
        or_dash(result.sd.map(|s| fixed(s, 2))),
        or_dash(
            result
                .alpha
                .map(|a| format!("{} (n = {})", fixed(a, 2), shown(result.alpha_n)))
        ),
    );
    let spans = (result.questions.len() > 1).then(|| {
        format!(
            "Scored as one scale over {} questions' statements.",
            result.questions.len()
        )
    });
    view! {
        <section class="panel" id=format!("scale-{}", result.question_id)>
            <h2><bdi>{result.scale.clone()}</bdi>" — "<bdi>{result.prompt.clone()}</bdi></h2>
            <p class="muted">{summary}</p>
            {spans.map(|s| view! { <p class="muted">{s}</p> })}
            <Chart name=ChartName::Scale(result.question_id.clone()) />
            <CountTable
                caption=format!("\u{2068}{}\u{2069}: respondents by score (mean of the statements, rounded)", result.scale)
                category="Score"
                counted="Respondents"
                rows=numbered(&result.distribution)
                show=shown
                total=result.n
                share=shown_share
            />
            <StatementsTable result=result.clone() />
        </section>
    }
}

/// Each statement of a scale, answers point by point as it is worded, with its diverging chart:
/// where a scale's score hides which statements members agree with, this shows them.
#[component]
fn StatementsTable(result: ScaleResult) -> impl IntoView {
    if result.statements.is_empty() {
        return None;
    }
    let points = usize::from(result.points);
    let mut headings = columns(["Statement", "Answered"]);
    headings.extend((1..=points).map(|p| match result.end_label(p) {
        Some(end) => format!("{p} · {end}"),
        None => p.to_string(),
    }));
    headings.push("Agreeing".to_owned());
    let caption = format!(
        "\u{2068}{}\u{2069}: respondents by statement and point chosen, as each statement is worded",
        result.scale
    );
    let rows = result
        .statements
        .iter()
        .map(|statement| {
            let n = statement.n;
            // A shared view hides small counts, and a share of what remains would mislead.
            let agreeing = if statement.counts.iter().any(|c| hidden(*c)) {
                "—".to_owned()
            } else {
                shown_share(statement.agreeing(result.points), n)
            };
            view! {
                <tr>
                    <th scope="row">
                        <bdi>{statement.label.clone()}</bdi>
                        {statement.reverse.then(|| view! { <span class="muted">" (reversed)"</span> })}
                    </th>
                    <td>{shown(n)}</td>
                    {statement
                        .counts
                        .iter()
                        .map(|c| view! { <td>{shown(*c)}<span class="cell-n">{format!(" · {}", shown_share(*c, n))}</span></td> })
                        .collect_view()}
                    <td>{agreeing}</td>
                </tr>
            }
        })
        .collect_view();
    Some(view! {
        <h3>"Statement by statement"</h3>
        <Chart name=ChartName::Statements(result.question_id.clone()) />
        <DataTable caption=caption columns=headings name="statements">
            {rows}
        </DataTable>
    })
}

#[component]
pub fn OverlapSection(result: OverlapResult) -> impl IntoView {
    let summary = format!(
        "n = {} · mean picture {} · picture 5 or closer: {}",
        shown(result.n),
        or_dash(result.mean.as_ref().map(num_interval)),
        or_dash(result.share_high.as_ref().map(pct_interval)),
    );
    view! {
        <section class="panel" id="overlap">
            <h2 dir="auto">{result.prompt.clone()}</h2>
            <p class="muted">{summary}</p>
            <Chart name=ChartName::Overlap />
            <CountTable
                caption="Members by picture (1 = apart, 7 = almost one)"
                category="Picture"
                counted="Members"
                rows=numbered(&result.counts)
                show=shown
                total=result.n
                share=shown_share
            />
        </section>
    }
}

#[component]
pub fn NpsSection(result: NpsResult) -> impl IntoView {
    view! {
        <section class="panel" id="nps">
            <h2 dir="auto">{result.prompt.clone()}</h2>
            <p class="muted">
                {format!(
                    "NPS {} (95% CI {} to {}), n = {}",
                    signed(result.score.value, 0),
                    signed(result.score.low, 0),
                    signed(result.score.high, 0),
                    shown(result.n)
                )}
            </p>
            <Chart name=ChartName::Nps />
            <DataTable caption="Promoters, passives and detractors" columns=columns(["Group", "Members", "Share"]) name="nps">
                <tr><th scope="row">"Promoters (9–10)"</th><td>{shown(result.promoters)}</td><td>{shown_share(result.promoters, result.n)}</td></tr>
                <tr><th scope="row">"Passives (7–8)"</th><td>{shown(result.passives)}</td><td>{shown_share(result.passives, result.n)}</td></tr>
                <tr><th scope="row">"Detractors (0–6)"</th><td>{shown(result.detractors)}</td><td>{shown_share(result.detractors, result.n)}</td></tr>
            </DataTable>
            {(!result.distribution.is_empty()).then(|| view! {
                <CountTable
                    caption="Members by answer, 0 (not at all likely) to 10 (extremely likely)"
                    category="Answer"
                    counted="Members"
                    rows=result.distribution.iter().enumerate().map(|(v, n)| (v.to_string(), *n)).collect()
                    show=shown
                    total=result.n
                    share=shown_share
                />
            })}
        </section>
    }
}

#[component]
pub fn MotiveSection(rows: Vec<MotiveRow>, quadrant: bool) -> impl IntoView {
    view! {
        <section class="panel" id="motive">
            <h2>"Motive × fit"</h2>
            <p class="muted">"Do the members who join to show who they are feel the brand is “them”? Brand fit and closeness by the reason ranked first."</p>
            {quadrant.then(|| view! {
                <Chart name=ChartName::Quadrant />
                <p class="muted">"Each dot is a segment group (see the comparisons below); the dashed lines are everyone's values."</p>
            })}
            <DataTable
                caption="Brand fit and overlap picture by the reason ranked first, with 95% intervals"
                columns=columns(["Ranked first", "Brand fit", "Overlap picture (1–7)"])
                name="motive"
            >
                {rows.into_iter().map(|row| view! {
                    <tr>
                        <th scope="row" dir="auto">{row.reason}</th>
                        <td>{with_n(or_dash(row.brand_fit.as_ref().map(num_interval)), row.n)}</td>
                        <td>{with_n(or_dash(row.overlap.as_ref().map(num_interval)), row.overlap_n)}</td>
                    </tr>
                }).collect_view()}
            </DataTable>
        </section>
    }
}

#[component]
pub fn ComparisonSection(comparison: SegmentComparison) -> impl IntoView {
    view! {
        <section class="panel" id=format!("segment-{}", comparison.question_id)>
            <h2>"By segment: "<bdi>{comparison.name.clone()}</bdi></h2>
            {(comparison.name != comparison.prompt.trim()).then(|| view! {
                <p class="muted" dir="auto">{comparison.prompt.clone()}</p>
            })}
            <DataTable
                caption="Brand fit, recommendation and the reason ranked first, per group"
                columns=columns(["Group", "Responses", "Brand fit (95% CI)", "NPS", "Most often ranked first"])
                name=format!("compare-{}", comparison.question_id)
            >
                {comparison.rows.into_iter().map(|row| view! {
                    <tr>
                        <th scope="row" dir="auto">{row.label}</th>
                        <td>{shown(row.n)}</td>
                        <td>{with_n(or_dash(row.brand_fit.as_ref().map(num_interval)), row.brand_fit_n)}</td>
                        <td>{with_n(or_dash(row.nps.map(|n| signed(n, 0))), row.nps_n)}</td>
                        <td>
                            {match row.top_reason {
                                Some((label, share)) => view! {
                                    <bdi>{label}</bdi>{format!(" ({})", percent(share))}
                                }.into_any(),
                                None => "—".into_any(),
                            }}
                            <span class="cell-n">{format!(" n = {}", shown(row.top_reason_n))}</span>
                        </td>
                    </tr>
                }).collect_view()}
            </DataTable>
            {(!comparison.tests.is_empty()).then(|| view! {
                <DataTable
                    caption="Tests (p adjusted by Holm's method over every test on this page)"
                    columns=columns(["Comparison", "Statistic", "df", "p", "p (Holm)", "n"])
                >
                    {comparison.tests.into_iter().map(|t| view! {
                        <tr>
                            <th scope="row" dir="auto">{t.what}</th>
                            <td>{fixed(t.statistic, 2)}</td>
                            <td>{fixed(t.df, 1)}</td>
                            <td>{p_value(t.p)}</td>
                            <td>
                                {p_value(t.p_holm)}
                                {(t.p_holm < 0.05).then_some(" — a real difference")}
                            </td>
                            <td>{shown(t.n)}</td>
                        </tr>
                    }).collect_view()}
                </DataTable>
            })}
        </section>
    }
}

#[component]
pub fn ChoiceSections(choices: Vec<ChoiceResult>) -> impl IntoView {
    choices
        .into_iter()
        .map(|choice| {
            view! {
                <section class="panel" id=format!("choice-{}", choice.question_id)>
                    <h2 dir="auto">{choice.prompt.clone()}</h2>
                    <CountTable
                        caption=format!(
                            "{} (n = {} who answered)",
                            if choice.segment { "Members by segment" } else { "Members by choice" },
                            shown(choice.n)
                        )
                        category="Choice"
                        counted="Members"
                        rows=choice.options.into_iter().map(|(_, label, n)| (label, n)).collect()
                        show=shown
                        total=choice.n
                        share=shown_share
                    />
                </section>
            }
        })
        .collect_view()
}

#[component]
pub fn WeeksSection(weeks: Vec<(String, u64)>) -> impl IntoView {
    let total = weeks.iter().map(|(_, n)| n).sum();
    view! {
        <section class="panel" id="weeks">
            <h2>"Responses by week"</h2>
            <Chart name=ChartName::Weeks />
            <CountTable
                caption="Responses per week (Monday to Sunday, UTC; weeks without responses count 0)"
                category="Week of"
                counted="Responses"
                rows=weeks
                show=shown
                total
                share=shown_share
            />
        </section>
    }
}

/// The latest answers shown before a search.
const LATEST_ANSWERS: usize = 20;

/// Open answers grouped under their question (each question once, in the order its newest
/// answer came), with a search that says how many answers match — or that none do.
#[component]
pub fn OpenAnswers(texts: Vec<TextAnswer>) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let loaded = texts.len();
    // The answers that match the search, found once per keystroke for the list and the count.
    let found = Memo::new(move |_| {
        let needle = search.get().trim().to_lowercase();
        texts
            .iter()
            .filter(|t| needle.is_empty() || t.text.to_lowercase().contains(&needle))
            .cloned()
            .collect::<Vec<TextAnswer>>()
    });
    let groups = move || {
        let limit = if search.get().trim().is_empty() {
            LATEST_ANSWERS
        } else {
            usize::MAX
        };
        let mut groups: Vec<(String, Vec<TextAnswer>)> = Vec::new();
        for answer in found.get().into_iter().take(limit) {
            match groups
                .iter_mut()
                .find(|(prompt, _)| *prompt == answer.prompt)
            {
                Some((_, answers)) => answers.push(answer),
                None => groups.push((answer.prompt.clone(), vec![answer])),
            }
        }
        groups
    };
    let summary = move || {
        let needle = search.get().trim().to_owned();
        let matched = found.with(Vec::len);
        if needle.is_empty() {
            format!(
                "The latest {} of {} answers loaded; search looks through all of them.",
                count(matched.min(LATEST_ANSWERS) as u64),
                count(loaded as u64)
            )
        } else if matched == 0 {
            format!("No answers match “{needle}”.")
        } else {
            format!(
                "{} of {} answers match “{needle}”.",
                count(matched as u64),
                count(loaded as u64)
            )
        }
    };
    view! {
        <section class="panel" id="open-answers">
            <h2>"Open answers"</h2>
            <div class="search-box">
                <label for="text-search">"Search the answers"</label>
                <input id="text-search" class="search-field" type="search" placeholder="A word or phrase"
                    aria-describedby="text-search-summary"
                    on:input=move |ev| search.set(event_target_value(&ev)) />
            </div>
            <p class="muted" id="text-search-summary" role="status">{summary}</p>
            {move || groups().into_iter().map(|(prompt, answers)| view! {
                <h3 class="open-answers-question" dir="auto">{prompt}</h3>
                <ul class="open-answers">
                    {answers.into_iter().map(|t| view! {
                        <li>
                            <blockquote dir="auto">{t.text}</blockquote>
                            <p class="muted">{t.day}</p>
                        </li>
                    }).collect_view()}
                </ul>
            }).collect_view()}
        </section>
    }
}

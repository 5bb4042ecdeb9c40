//! The tables beside every chart: a caption saying what is counted, column headings, and one row
//! per category whose first cell heads the row, so screen readers announce each figure with both.

use leptos::prelude::*;

/// A table of figures; its rows come as children. `name` becomes `data-table`, by which tests
/// and scripts find a table.
#[component]
pub fn DataTable(
    #[prop(into)] caption: String,
    columns: Vec<String>,
    #[prop(optional, into)] name: Option<String>,
    children: Children,
) -> impl IntoView {
    // A wide table scrolls inside its own box on a phone instead of widening the page; the box can
    // take keyboard focus so it can be scrolled without a pointer.
    let label = caption.clone();
    view! {
        <div class="table-scroll" role="region" aria-label=label tabindex="0">
            <table class="data-table" data-table=name>
                <caption>{caption}</caption>
                <thead>
                    <tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// Column headings from string literals.
pub fn columns<const N: usize>(names: [&str; N]) -> Vec<String> {
    names.into_iter().map(str::to_owned).collect()
}

/// A count per category (respondents per score, members per choice …), each count written by
/// `show` (which hides small counts on shared views) with, beside it, its share of `total` as
/// `share` writes it (`share(count, total)`, which hides what `show` hides).
#[component]
pub fn CountTable(
    #[prop(into)] caption: String,
    category: &'static str,
    counted: &'static str,
    rows: Vec<(String, u64)>,
    show: fn(u64) -> String,
    total: u64,
    share: fn(u64, u64) -> String,
) -> impl IntoView {
    view! {
        <DataTable caption columns=columns([category, counted, "Share"])>
            {rows
                .into_iter()
                .map(|(label, n)| view! {
                    <tr><th scope="row" dir="auto">{label}</th><td>{show(n)}</td><td>{share(n, total)}</td></tr>
                })
                .collect_view()}
        </DataTable>
    }
}

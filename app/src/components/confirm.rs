//! A destructive action in two steps — "Revoke", then "Yes, revoke" — that works with or without
//! JavaScript: the first button is a `<details>` summary that opens a sentence saying what will
//! happen, beside the real button (usually an action form) and a way back.

use leptos::prelude::*;

/// `label` names the first step ("Revoke"); `name`, when given, is its accessible name where
/// several sit on one page ("Revoke Website form"). `warning` says what the second step does and
/// whether it can be undone. `children` is the second step: a submit button saying "Yes, …".
#[component]
pub fn Confirm(
    label: &'static str,
    #[prop(optional, into)] name: Option<String>,
    #[prop(into)] warning: String,
    #[prop(optional)] small: bool,
    children: Children,
) -> impl IntoView {
    let size = if small { " button-small" } else { "" };
    view! {
        <details class="confirm">
            <summary class=format!("button button-danger{size}") aria-label=name>{label}</summary>
            <div class="confirm-panel">
                <p dir="auto">{warning}</p>
                {children()}
            </div>
        </details>
    }
}

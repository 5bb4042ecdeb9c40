//! A question as respondents see it: real form controls inside a fieldset with a legend, so it
//! reads well to screen readers and works without JavaScript. The builder's preview uses it too.

use crate::components::ranking_places::{PlaceChoice, choose_place};
use domain::overlap::OVERLAP_LEVELS;
use domain::response::ordinal;
use domain::survey::{Item, LikertItem, Question, QuestionKind};
use leptos::prelude::*;
use std::sync::Arc;

/// Form fields sent before (a refused response shown again), so every answer is kept.
#[derive(Debug, Clone, Default)]
pub struct Prefill(Arc<Vec<(String, String)>>);

impl Prefill {
    pub fn new(fields: Vec<(String, String)>) -> Self {
        Self(Arc::new(fields))
    }

    fn has(&self, name: &str, value: &str) -> bool {
        self.0.iter().any(|(n, v)| n == name && v == value)
    }

    pub fn value(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(n, v)| n == name && !v.is_empty())
            .map(|(_, v)| v.clone())
    }
}

/// One question. `prefill` restores what was sent before; `error` is shown beside it.
#[component]
pub fn QuestionView(
    question: Question,
    number: usize,
    #[prop(optional)] prefill: Prefill,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let name = question.id.clone();
    let required = question.required;
    let p = &prefill;
    let body = match question.kind.clone() {
        QuestionKind::Ranking { items, top_k } => ranking(&name, items, top_k, p).into_any(),
        QuestionKind::Likert {
            points,
            low_label,
            high_label,
            items,
            ..
        } => likert(&name, points, (low_label, high_label), items, p).into_any(),
        QuestionKind::Overlap => overlap(&name, p).into_any(),
        QuestionKind::Nps => nps(&name, p).into_any(),
        QuestionKind::SingleChoice { choices, .. } => {
            choices_view(&name, choices, false, false, p).into_any()
        }
        QuestionKind::MultipleChoice { choices, other, .. } => {
            choices_view(&name, choices, true, other, p).into_any()
        }
        QuestionKind::Text { long, max_length } => text(&name, long, max_length, p).into_any(),
    };
    let error_id = format!("{name}-error");
    let described = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    view! {
        <fieldset
            class="question"
            class:has-error=move || error.get().is_some()
            id=format!("q-{name}")
            aria-describedby=described
        >
            <legend>
                <span class="question-number">{number}". "</span>
                <bdi>{question.prompt.clone()}</bdi>
                {required.then(|| view! { <span class="required"> " (required)"</span> })}
                {(!required).then(|| view! { <span class="optional"> " (optional)"</span> })}
            </legend>
            {move || error.get().map(|message| view! {
                <p class="field-error question-error" id=error_id.clone()>
                    <span class="visually-hidden">"Problem: "</span>
                    {message}
                </p>
            })}
            {body}
        </fieldset>
    }
}

fn ranking(
    name: &str,
    items: Vec<Item>,
    top_k: Option<u8>,
    prefill: &Prefill,
) -> impl IntoView + use<> {
    let positions = top_k.map_or(items.len(), usize::from).min(items.len());
    let hint = match top_k {
        Some(k) => format!("Choose your top {k}: give each a place, 1st for the most important."),
        None => "Give each a place, 1st for the most important.".to_owned(),
    };
    let name = name.to_owned();
    // Each item's place. With JavaScript, choosing a place another item holds swaps the two, so a
    // place is never given twice (see `ranking_places` for arrow keys); without it, the server
    // explains any clash.
    let ongoing = RwSignal::new(None::<PlaceChoice>);
    // Set by a key press on a choice (the arrows step through it), cleared by a pointer: a change
    // made while stepping is provisional, a change made by picking is final.
    let stepping = RwSignal::new(false);
    let places: Vec<RwSignal<Option<usize>>> = items
        .iter()
        .map(|item| {
            RwSignal::new(
                prefill
                    .value(&format!("{name}[{}]", item.id))
                    .and_then(|v| v.parse().ok()),
            )
        })
        .collect();
    let labels: Vec<String> = items.iter().map(|i| i.label.clone()).collect();
    let order = {
        let places = places.clone();
        move || order_sentence(&labels, &places.iter().map(|p| p.get()).collect::<Vec<_>>())
    };
    let status_id = format!("{name}-order");
    view! {
        <p class="field-hint">{hint}</p>
        <ol class="ranking-list">
            {items
                .into_iter()
                .enumerate()
                .map(|(index, item)| {
                    let id = format!("{name}-{}", item.id);
                    let field = format!("{name}[{}]", item.id);
                    let initial = places[index].get_untracked();
                    let places = places.clone();
                    let place = places[index];
                    let choose = move |ev: leptos::ev::Event| {
                        let chosen = event_target_value(&ev).parse::<usize>().ok();
                        let mut now: Vec<Option<usize>> =
                            places.iter().map(|p| p.get_untracked()).collect();
                        let choice = choose_place(&mut now, ongoing.get_untracked(), index, chosen);
                        ongoing.set(if stepping.get_untracked() {
                            Some(choice)
                        } else {
                            choice.commit()
                        });
                        for (signal, value) in places.iter().zip(now) {
                            if signal.get_untracked() != value {
                                signal.set(value);
                            }
                        }
                    };
                    let leave = move |_: leptos::ev::FocusEvent| {
                        if let Some(choice) = ongoing.get_untracked().filter(|c| c.mover == index) {
                            ongoing.set(choice.commit());
                        }
                    };
                    let key = move |ev: leptos::ev::KeyboardEvent| {
                        stepping.set(!matches!(ev.key().as_str(), "Enter" | "Escape" | "Tab" | " "));
                    };
                    let pick = move |_: leptos::ev::PointerEvent| stepping.set(false);
                    view! {
                        <li class="ranking-item">
                            <label for=id.clone() dir="auto">{item.label.clone()}</label>
                            <select
                                id=id
                                name=field
                                on:change=choose
                                on:blur=leave
                                on:keydown=key
                                on:pointerdown=pick
                                prop:value=move || place.get().map(|p| p.to_string()).unwrap_or_default()
                            >
                                <option value="" selected=initial.is_none()>"—"</option>
                                {(1..=positions)
                                    .map(|p| view! {
                                        <option value=p.to_string() selected=initial == Some(p)>{ordinal(p)}</option>
                                    })
                                    .collect_view()}
                            </select>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <p class="ranking-order" id=status_id aria-live="polite">{order}</p>
    }
}

/// "Your order: 1st A, 2nd B." — read out whenever a place changes.
fn order_sentence(labels: &[String], places: &[Option<usize>]) -> String {
    let mut placed: Vec<(usize, &str)> = places
        .iter()
        .zip(labels)
        .filter_map(|(p, l)| p.map(|p| (p, l.as_str())))
        .collect();
    if placed.is_empty() {
        return "Nothing placed yet.".to_owned();
    }
    placed.sort();
    let list: Vec<String> = placed
        .iter()
        .map(|(p, l)| format!("{} {l}", ordinal(*p)))
        .collect();
    format!("Your order: {}.", list.join(", "))
}

fn likert(
    name: &str,
    points: u8,
    (low, high): (String, String),
    items: Vec<LikertItem>,
    prefill: &Prefill,
) -> impl IntoView + use<> {
    let name = name.to_owned();
    let prefill = prefill.clone();
    view! {
        <p class="field-hint">"1 = "<bdi>{low.clone()}</bdi>{format!(", {points} = ")}<bdi>{high.clone()}</bdi></p>
        <div class="likert">
            {items
                .into_iter()
                .map(|item| {
                    let group = format!("{name}[{}]", item.id);
                    let low = low.clone();
                    let high = high.clone();
                    let prefill = prefill.clone();
                    view! {
                        <fieldset class="likert-item">
                            <legend dir="auto">{item.label.clone()}</legend>
                            <div class="scale-options" style=format!("--points: {points}")>
                                {(1..=points)
                                    .map(|value| {
                                        // The ends' names are read with their points; on screen
                                        // they stand under the row, once.
                                        let end = if value == 1 {
                                            Some(low.clone())
                                        } else if value == points {
                                            Some(high.clone())
                                        } else {
                                            None
                                        };
                                        view! {
                                            <label class="scale-option">
                                                <input
                                                    type="radio"
                                                    name=group.clone()
                                                    value=value.to_string()
                                                    checked=prefill.has(&group, &value.to_string())
                                                />
                                                <span>{value}</span>
                                                {end.map(|end| view! { <span class="visually-hidden" dir="auto">{format!(" – {end}")}</span> })}
                                            </label>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                            <div class="scale-ends" aria-hidden="true">
                                <bdi>{low.clone()}</bdi>
                                <bdi>{high.clone()}</bdi>
                            </div>
                        </fieldset>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Two circles, "me" and the organisation, drawn closer with each level.
fn overlap_picture(level: usize) -> impl IntoView {
    // Distance between the centres, in radii: 2 is "just touching".
    const DISTANCES: [f64; 7] = [3.0, 2.3, 2.0, 1.6, 1.1, 0.6, 0.2];
    let distance = DISTANCES[(level.clamp(1, 7)) - 1];
    let r = 14.0;
    let cx1 = 40.0 - distance * r / 2.0;
    let cx2 = 40.0 + distance * r / 2.0;
    view! {
        <svg class="overlap-picture" viewBox="0 0 80 36" aria-hidden="true" focusable="false">
            <circle cx=format!("{cx1:.1}") cy="18" r=r class="overlap-me" />
            <circle cx=format!("{cx2:.1}") cy="18" r=r class="overlap-org" />
        </svg>
    }
}

fn overlap(name: &str, prefill: &Prefill) -> impl IntoView + use<> {
    let name = name.to_owned();
    let prefill = prefill.clone();
    view! {
        <p class="field-hint">"The left circle is you, the right one the organisation."</p>
        <div class="overlap-options">
            {OVERLAP_LEVELS
                .iter()
                .enumerate()
                .map(|(i, text)| {
                    let level = i + 1;
                    view! {
                        <label class="overlap-option">
                            <input
                                type="radio"
                                name=name.clone()
                                value=level.to_string()
                                checked=prefill.has(&name, &level.to_string())
                            />
                            {overlap_picture(level)}
                            <span>{format!("{level}. {text}")}</span>
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}

fn nps(name: &str, prefill: &Prefill) -> impl IntoView + use<> {
    let name = name.to_owned();
    let prefill = prefill.clone();
    view! {
        <p class="field-hint">"0 = not at all likely, 10 = extremely likely"</p>
        <div class="nps-options">
            {(0..=10)
                .map(|value| {
                    view! {
                        <label class="nps-option">
                            <input
                                type="radio"
                                name=name.clone()
                                value=value.to_string()
                                checked=prefill.has(&name, &value.to_string())
                            />
                            <span>{value}</span>
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}

fn choices_view(
    name: &str,
    choices: Vec<Item>,
    multiple: bool,
    other: bool,
    prefill: &Prefill,
) -> impl IntoView + use<> {
    let kind = if multiple { "checkbox" } else { "radio" };
    let name = name.to_owned();
    let other_id = format!("{name}-other-text");
    let other_field = format!("{name}[other]");
    let other_text = prefill.value(&other_field).unwrap_or_default();
    let other_checked = prefill.has(&name, "other");
    let prefill = prefill.clone();
    view! {
        <div class="choice-options">
            {choices
                .into_iter()
                .map(|choice| {
                    view! {
                        <label class="choice-option">
                            <input
                                type=kind
                                name=name.clone()
                                value=choice.id.clone()
                                checked=prefill.has(&name, &choice.id)
                            />
                            <span dir="auto">{choice.label.clone()}</span>
                        </label>
                    }
                })
                .collect_view()}
            {other.then(|| view! {
                <label class="choice-option">
                    <input type=kind name=name.clone() value="other" checked=other_checked />
                    <span>"Other"</span>
                </label>
                <label class="visually-hidden" for=other_id.clone()>"Other, please say"</label>
                <input
                    id=other_id
                    type="text"
                    name=other_field
                    value=other_text
                    maxlength=domain::response::OTHER_TEXT_MAX_CHARS
                    placeholder="Other, please say"
                    dir="auto"
                />
            })}
        </div>
    }
}

fn text(name: &str, long: bool, max_length: u32, prefill: &Prefill) -> impl IntoView + use<> {
    let id = format!("{name}-answer");
    let typed = prefill.value(name).unwrap_or_default();
    let label = format!("Your answer (up to {max_length} characters)");
    if long {
        view! {
            <label class="visually-hidden" for=id.clone()>{label}</label>
            <textarea id=id name=name.to_owned() rows="4" maxlength=max_length dir="auto">
                {crate::components::field::textarea_text(&typed)}
            </textarea>
        }
        .into_any()
    } else {
        view! {
            <label class="visually-hidden" for=id.clone()>{label}</label>
            <input id=id type="text" name=name.to_owned() maxlength=max_length value=typed dir="auto" />
        }
        .into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::{order_sentence, ordinal};

    #[test]
    fn the_live_region_reads_the_order_by_place() {
        let labels = ["A".to_owned(), "B".to_owned(), "C".to_owned()];
        assert_eq!(
            order_sentence(&labels, &[Some(2), None, Some(1)]),
            "Your order: 1st C, 2nd A."
        );
        assert_eq!(
            order_sentence(&labels, &[None, None, None]),
            "Nothing placed yet."
        );
    }

    #[test]
    fn places_are_written_as_ordinals() {
        let words: Vec<_> = [1, 2, 3, 4, 11, 12, 13, 21, 22]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            words,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd"
            ]
        );
    }
}

//! A question as respondents see it: real form controls inside a fieldset with a legend, so it
//! reads well to screen readers and works without JavaScript. The builder's preview uses it too.

use crate::domain::survey::{Item, LikertItem, Question, QuestionKind};
use leptos::prelude::*;

/// The text alternative of each overlap picture, from apart (1) to nearly one (7).
pub const OVERLAP_LEVELS: [&str; 7] = [
    "Far apart: the two circles do not touch",
    "Close together but not touching",
    "Just touching",
    "Overlapping a little",
    "Overlapping about half",
    "Overlapping a lot",
    "Almost one circle",
];

#[component]
pub fn QuestionView(question: Question, number: usize) -> impl IntoView {
    let name = question.id.clone();
    let required = question.required;
    let body = match question.kind.clone() {
        QuestionKind::Ranking { items, top_k } => ranking(&name, items, top_k).into_any(),
        QuestionKind::Likert {
            points,
            low_label,
            high_label,
            items,
            ..
        } => likert(&name, points, low_label, high_label, items).into_any(),
        QuestionKind::Overlap => overlap(&name).into_any(),
        QuestionKind::Nps => nps(&name).into_any(),
        QuestionKind::SingleChoice { choices, .. } => {
            choices_view(&name, choices, false, false).into_any()
        }
        QuestionKind::MultipleChoice { choices, other, .. } => {
            choices_view(&name, choices, true, other).into_any()
        }
        QuestionKind::Text { long, max_length } => text(&name, long, max_length).into_any(),
    };
    view! {
        <fieldset class="question">
            <legend>
                <span class="question-number">{number}". "</span>
                {question.prompt.clone()}
                {required.then(|| view! { <span class="required"> " (required)"</span> })}
                {(!required).then(|| view! { <span class="optional"> " (optional)"</span> })}
            </legend>
            {body}
        </fieldset>
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn ranking(name: &str, items: Vec<Item>, top_k: Option<u8>) -> impl IntoView + use<> {
    let positions = top_k.map_or(items.len(), usize::from).min(items.len());
    let hint = match top_k {
        Some(k) => format!("Choose your top {k}: give each a place, 1st for the most important."),
        None => "Give each a place, 1st for the most important.".to_owned(),
    };
    let name = name.to_owned();
    view! {
        <p class="field-hint">{hint}</p>
        <ol class="ranking-list">
            {items
                .into_iter()
                .map(|item| {
                    let id = format!("{name}-{}", item.id);
                    let field = format!("{name}[{}]", item.id);
                    view! {
                        <li class="ranking-item">
                            <label for=id.clone()>{item.label.clone()}</label>
                            <select id=id name=field>
                                <option value="">"—"</option>
                                {(1..=positions)
                                    .map(|p| view! { <option value=p.to_string()>{ordinal(p)}</option> })
                                    .collect_view()}
                            </select>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

fn likert(
    name: &str,
    points: u8,
    low: String,
    high: String,
    items: Vec<LikertItem>,
) -> impl IntoView + use<> {
    let name = name.to_owned();
    view! {
        <p class="field-hint">{format!("1 = {low}, {points} = {high}")}</p>
        <div class="likert">
            {items
                .into_iter()
                .map(|item| {
                    let group = format!("{name}[{}]", item.id);
                    let low = low.clone();
                    let high = high.clone();
                    view! {
                        <fieldset class="likert-item">
                            <legend>{item.label.clone()}</legend>
                            <div class="scale-options">
                                {(1..=points)
                                    .map(|value| {
                                        let label = if value == 1 {
                                            format!("{value} – {low}")
                                        } else if value == points {
                                            format!("{value} – {high}")
                                        } else {
                                            value.to_string()
                                        };
                                        view! {
                                            <label class="scale-option">
                                                <input type="radio" name=group.clone() value=value.to_string() />
                                                <span>{label}</span>
                                            </label>
                                        }
                                    })
                                    .collect_view()}
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

fn overlap(name: &str) -> impl IntoView + use<> {
    let name = name.to_owned();
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
                            <input type="radio" name=name.clone() value=level.to_string() />
                            {overlap_picture(level)}
                            <span>{format!("{level}. {text}")}</span>
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}

fn nps(name: &str) -> impl IntoView + use<> {
    let name = name.to_owned();
    view! {
        <p class="field-hint">"0 = not at all likely, 10 = extremely likely"</p>
        <div class="nps-options">
            {(0..=10)
                .map(|value| {
                    view! {
                        <label class="nps-option">
                            <input type="radio" name=name.clone() value=value.to_string() />
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
) -> impl IntoView + use<> {
    let kind = if multiple { "checkbox" } else { "radio" };
    let name = name.to_owned();
    let other_id = format!("{name}-other-text");
    view! {
        <div class="choice-options">
            {choices
                .into_iter()
                .map(|choice| {
                    view! {
                        <label class="choice-option">
                            <input type=kind name=name.clone() value=choice.id.clone() />
                            <span>{choice.label.clone()}</span>
                        </label>
                    }
                })
                .collect_view()}
            {other.then(|| view! {
                <label class="choice-option">
                    <input type=kind name=name.clone() value="other" />
                    <span>"Other"</span>
                </label>
                <label class="visually-hidden" for=other_id.clone()>"Other, please say"</label>
                <input id=other_id type="text" name=format!("{name}[other]") placeholder="Other, please say" />
            })}
        </div>
    }
}

fn text(name: &str, long: bool, max_length: u32) -> impl IntoView + use<> {
    let id = format!("{name}-answer");
    let label = format!("Your answer (up to {max_length} characters)");
    if long {
        view! {
            <label class="visually-hidden" for=id.clone()>{label}</label>
            <textarea id=id name=name.to_owned() rows="4" maxlength=max_length></textarea>
        }
        .into_any()
    } else {
        view! {
            <label class="visually-hidden" for=id.clone()>{label}</label>
            <input id=id type="text" name=name.to_owned() maxlength=max_length />
        }
        .into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::ordinal;

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

//! The items of a ranking, the choices of a choice question, or the statements of a scale: edit
//! their text, reorder them with buttons, remove them, add more.

use super::Draft;
use domain::survey::QuestionKind;
use leptos::prelude::*;

/// A change to one item of a question, given the question's kind and the item's id.
type ItemChange = Box<dyn FnOnce(&mut QuestionKind, &str)>;

fn item_state(draft: Draft, question_id: &str, item_id: &str) -> (String, Option<bool>) {
    draft.definition.with_untracked(|d| {
        let Some(q) = d.questions.iter().find(|q| q.id == question_id) else {
            return (String::new(), None);
        };
        match &q.kind {
            QuestionKind::Ranking { items, .. }
            | QuestionKind::SingleChoice { choices: items, .. }
            | QuestionKind::MultipleChoice { choices: items, .. } => (
                items
                    .iter()
                    .find(|i| i.id == item_id)
                    .map(|i| i.label.clone())
                    .unwrap_or_default(),
                None,
            ),
            QuestionKind::Likert { items, .. } => items
                .iter()
                .find(|i| i.id == item_id)
                .map(|i| (i.label.clone(), Some(i.reverse)))
                .unwrap_or_default(),
            _ => (String::new(), None),
        }
    })
}

#[component]
pub fn ItemsEditor(draft: Draft, question_id: String, noun: &'static str) -> impl IntoView {
    let ids = {
        let question_id = question_id.clone();
        move || {
            draft.definition.with(|d| {
                d.questions
                    .iter()
                    .find(|q| q.id == question_id)
                    .map(|q| q.kind.item_ids())
                    .unwrap_or_default()
            })
        }
    };
    let add = {
        let question_id = question_id.clone();
        move |_| {
            draft.edit(|d| {
                if let Some(q) = d.question_mut(&question_id) {
                    q.kind.add_item();
                }
            })
        }
    };
    let plural = format!("{noun}s");
    view! {
        <div class="items-editor">
            <h4>{plural}</h4>
            <ol class="item-rows">
                <For each=ids.clone() key=|id| id.clone() let:item_id>
                    <ItemRow draft question_id=question_id.clone() item_id noun ids=ids.clone() />
                </For>
            </ol>
            <button type="button" class="button button-small button-quiet" on:click=add>
                {format!("Add {}", noun.to_lowercase())}
            </button>
        </div>
    }
}

#[component]
fn ItemRow<F>(
    draft: Draft,
    question_id: String,
    item_id: String,
    noun: &'static str,
    ids: F,
) -> impl IntoView
where
    F: Fn() -> Vec<String> + Clone + Send + Sync + 'static,
{
    let (label, reverse) = item_state(draft, &question_id, &item_id);
    let count = {
        let ids = ids.clone();
        Memo::new(move |_| ids().len())
    };
    let number = {
        let item_id = item_id.clone();
        Memo::new(move |_| {
            ids()
                .iter()
                .position(|i| *i == item_id)
                .map_or(0, |p| p + 1)
        })
    };
    let input_id = format!("item-{question_id}-{item_id}");
    let reverse_id = format!("reverse-{question_id}-{item_id}");
    let change = {
        let (question_id, item_id) = (question_id.clone(), item_id.clone());
        move |update: ItemChange| {
            draft.edit(|d| {
                if let Some(q) = d.question_mut(&question_id) {
                    update(&mut q.kind, &item_id);
                }
            });
        }
    };
    let on_label = {
        let change = change.clone();
        move |ev| {
            let value = event_target_value(&ev);
            change(Box::new(move |kind, item| kind.set_item_label(item, value)));
        }
    };
    let shift = |delta: isize| {
        let change = change.clone();
        move |_| {
            change(Box::new(move |kind, item| {
                kind.move_item(item, delta);
            }))
        }
    };
    let remove = {
        let change = change.clone();
        move |_| change(Box::new(|kind, item| kind.remove_item(item)))
    };
    let on_reverse = {
        let change = change.clone();
        move |ev| {
            let checked = event_target_checked(&ev);
            change(Box::new(move |kind, item| {
                if let QuestionKind::Likert { items, .. } = kind
                    && let Some(i) = items.iter_mut().find(|i| i.id == item)
                {
                    i.reverse = checked;
                }
            }));
        }
    };
    view! {
        <li class="item-row">
            <label class="visually-hidden" for=input_id.clone()>{move || format!("{noun} {} text", number.get())}</label>
            <input id=input_id type="text" prop:value=label on:input=on_label dir="auto"
                placeholder=move || format!("{noun} {}", number.get()) />
            {reverse.map(|reverse| view! {
                <label class="checkbox">
                    <input id=reverse_id.clone() type="checkbox" prop:checked=reverse on:change=on_reverse.clone() />
                    "Reverse-keyed"
                </label>
            })}
            <button type="button" class="button button-small button-quiet" on:click=shift(-1)
                disabled={move || number.get() <= 1}
                aria-label=move || format!("Move {} {} up", noun.to_lowercase(), number.get())>"↑"</button>
            <button type="button" class="button button-small button-quiet" on:click=shift(1)
                disabled={move || number.get() >= count.get()}
                aria-label=move || format!("Move {} {} down", noun.to_lowercase(), number.get())>"↓"</button>
            <button type="button" class="button button-small button-danger" on:click=remove
                aria-label=move || format!("Remove {} {}", noun.to_lowercase(), number.get())>"✕"</button>
        </li>
    }
}

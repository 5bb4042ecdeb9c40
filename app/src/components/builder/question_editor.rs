//! One question's card in the builder: its text, whether it is required, its type's settings, and
//! buttons to move or remove it.

use super::Draft;
use super::items_editor::ItemsEditor;
use domain::survey::{Question, QuestionKind, prompt_placeholder};
use leptos::prelude::*;

/// Applies `change` to the question `id`'s kind, if it still exists.
fn edit_kind(draft: Draft, id: &str, change: impl FnOnce(&mut QuestionKind)) {
    draft.edit(|d| {
        if let Some(q) = d.question_mut(id) {
            change(&mut q.kind);
        }
    });
}

#[component]
pub fn QuestionEditor(draft: Draft, id: String) -> impl IntoView {
    let Some(question) = draft
        .definition
        .with_untracked(|d| d.questions.iter().find(|q| q.id == id).cloned())
    else {
        return ().into_any();
    };
    let position = {
        let id = id.clone();
        Memo::new(move |_| draft.definition.with(|d| d.position(&id)).unwrap_or(0))
    };
    let number = move || position.get() + 1;
    let prompt_id = format!("prompt-{id}");
    let required_id = format!("required-{id}");
    let errors = move || draft.errors_for(position.get());
    let move_by = {
        let id = id.clone();
        move |delta: isize| {
            let id = id.clone();
            move |_| {
                draft.edit(|d| {
                    d.move_question(&id, delta);
                })
            }
        }
    };
    let remove = {
        let id = id.clone();
        move |_| draft.remove(&id)
    };
    let count = Memo::new(move |_| draft.definition.with(|d| d.questions.len()));
    let on_short_name = {
        let id = id.clone();
        move |ev| {
            let value = event_target_value(&ev);
            draft.edit(|d| {
                if let Some(q) = d.question_mut(&id) {
                    q.short_name = value;
                }
            });
        }
    };
    let on_prompt = {
        let id = id.clone();
        move |ev| {
            let value = event_target_value(&ev);
            draft.edit(|d| {
                if let Some(q) = d.question_mut(&id) {
                    q.prompt = value;
                }
            });
        }
    };
    let on_required = {
        let id = id.clone();
        move |ev| {
            let checked = event_target_checked(&ev);
            draft.edit(|d| {
                if let Some(q) = d.question_mut(&id) {
                    q.required = checked;
                }
            });
        }
    };
    let type_label = question.kind.label();
    view! {
        <li class="question-editor" class:has-errors=move || !errors().is_empty()>
            <header class="question-editor-header">
                <h3>{move || format!("Question {}", number())} <span class="question-type">{type_label}</span></h3>
                <div class="question-editor-tools">
                    <button type="button" class="button button-small button-quiet" on:click=move_by(-1)
                        disabled=move || position.get() == 0
                        aria-label=move || format!("Move question {} up", number())>"↑ Up"</button>
                    <button type="button" class="button button-small button-quiet" on:click=move_by(1)
                        disabled={move || position.get() + 1 >= count.get()}
                        aria-label=move || format!("Move question {} down", number())>"↓ Down"</button>
                    <button type="button" class="button button-small button-danger" on:click=remove
                        aria-label=move || format!("Remove question {}", number())>"Remove"</button>
                </div>
            </header>
            {move || {
                let messages = errors();
                (!messages.is_empty()).then(|| view! {
                    <ul class="question-errors" role="alert">
                        {messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                    </ul>
                })
            }}
            <div class="field">
                <label for=prompt_id.clone()>"Question text"</label>
                <textarea id=prompt_id rows="2" prop:value=question.prompt.clone() on:input=on_prompt dir="auto"
                    placeholder=prompt_placeholder(&question.kind)></textarea>
            </div>
            {matches!(question.kind, QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. }).then(|| {
                let short_id = format!("short-name-{id}");
                let hint_id = format!("short-name-hint-{id}");
                view! {
                    <div class="field field-narrow">
                        <label for=short_id.clone()>"Short name"</label>
                        <p class="field-hint" id=hint_id.clone()>"What filters and tables call this question, e.g. “Member type”. Leave empty to use the question text."</p>
                        <input id=short_id type="text" maxlength="60" prop:value=question.short_name.clone()
                            on:input=on_short_name aria-describedby=hint_id dir="auto" placeholder="e.g. Member type" />
                    </div>
                }
            })}
            <label class="checkbox">
                <input id=required_id type="checkbox" prop:checked=question.required on:change=on_required />
                "Required"
            </label>
            <KindSettings draft question />
        </li>
    }
    .into_any()
}

#[component]
fn KindSettings(draft: Draft, question: Question) -> impl IntoView {
    let id = question.id.clone();
    let field = |name: &str| format!("{name}-{id}");
    match question.kind {
        QuestionKind::Ranking { top_k, .. } => {
            let top_id = field("top-k");
            let qid = id.clone();
            view! {
                <ItemsEditor draft question_id=id.clone() noun="Item" />
                <div class="field field-narrow">
                    <label for=top_id.clone()>"Rank only the top … (leave empty to rank all)"</label>
                    <input id=top_id type="number" min="1" max="10"
                        prop:value=top_k.map(|k| k.to_string()).unwrap_or_default()
                        on:input=move |ev| {
                            let value = event_target_value(&ev).trim().parse::<u8>().ok();
                            edit_kind(draft, &qid, |kind| {
                                if let QuestionKind::Ranking { top_k, .. } = kind {
                                    *top_k = value;
                                }
                            });
                        } />
                </div>
            }
            .into_any()
        }
        QuestionKind::Likert { points, scale, low_label, high_label, .. } => {
            let (scale_id, points_id, low_id, high_id) = (field("scale"), field("points"), field("low"), field("high"));
            let (fit_id, fit_hint) = (field("brand-fit"), field("brand-fit-hint"));
            // Ticked when this question's scale is the one the results use as brand fit (for a
            // survey from before the choice, the scale named “Brand fit”).
            let measures_fit = {
                let qid = id.clone();
                move || {
                    draft.definition.with(|d| {
                        d.brand_fit_scale()
                            .is_some_and(|s| s.questions.contains(&qid))
                    })
                }
            };
            let on_fit = {
                let qid = id.clone();
                move |ev| {
                    let checked = event_target_checked(&ev);
                    draft.edit(|d| d.mark_brand_fit(&qid, checked));
                }
            };
            let text_setter = |which: &'static str| {
                let qid = id.clone();
                move |ev| {
                    let value = event_target_value(&ev);
                    edit_kind(draft, &qid, |kind| {
                        if let QuestionKind::Likert { scale, low_label, high_label, .. } = kind {
                            match which {
                                "scale" => *scale = value,
                                "low" => *low_label = value,
                                _ => *high_label = value,
                            }
                        }
                    });
                }
            };
            let qid = id.clone();
            view! {
                <div class="settings-grid">
                    <div class="field">
                        <label for=scale_id.clone()>"Scale name"</label>
                        <input id=scale_id type="text" prop:value=scale on:input=text_setter("scale") dir="auto"
                            placeholder="e.g. Pride in belonging" />
                    </div>
                    <div class="field">
                        <label for=points_id.clone()>"Points"</label>
                        <select id=points_id on:change=move |ev| {
                            let value = event_target_value(&ev).parse::<u8>().unwrap_or(7);
                            edit_kind(draft, &qid, |kind| {
                                if let QuestionKind::Likert { points, .. } = kind {
                                    *points = value;
                                }
                            });
                        }>
                            <option value="5" selected=points == 5>"5"</option>
                            <option value="7" selected=points == 7>"7"</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for=low_id.clone()>"Label of the lowest point"</label>
                        <input id=low_id type="text" prop:value=low_label on:input=text_setter("low") dir="auto" />
                    </div>
                    <div class="field">
                        <label for=high_id.clone()>"Label of the highest point"</label>
                        <input id=high_id type="text" prop:value=high_label on:input=text_setter("high") dir="auto" />
                    </div>
                </div>
                <label class="checkbox">
                    <input id=fit_id type="checkbox" prop:checked=measures_fit on:change=on_fit
                        aria-describedby=fit_hint.clone() />
                    "This scale measures brand fit"
                </label>
                <p class="field-hint" id=fit_hint>"How much members feel the organisation is part of who they are: the results' headline figure, compared by reason and by segment. One scale per survey."</p>
                <ItemsEditor draft question_id=id.clone() noun="Statement" />
            }
            .into_any()
        }
        QuestionKind::SingleChoice { segment, .. } | QuestionKind::MultipleChoice { segment, .. } => {
            let other = match &question.kind {
                QuestionKind::MultipleChoice { other, .. } => Some(*other),
                _ => None,
            };
            let segment_id = field("segment");
            let other_id = field("other");
            let (qid_segment, qid_other) = (id.clone(), id.clone());
            view! {
                <ItemsEditor draft question_id=id.clone() noun="Choice" />
                <label class="checkbox">
                    <input id=segment_id type="checkbox" prop:checked=segment on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        edit_kind(draft, &qid_segment, |kind| match kind {
                            QuestionKind::SingleChoice { segment, .. } | QuestionKind::MultipleChoice { segment, .. } => {
                                *segment = checked
                            }
                            _ => {}
                        });
                    } />
                    "Use as a dashboard filter (segment)"
                </label>
                {other.map(|other| view! {
                    <label class="checkbox">
                        <input id=other_id.clone() type="checkbox" prop:checked=other on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            edit_kind(draft, &qid_other, |kind| {
                                if let QuestionKind::MultipleChoice { other, .. } = kind {
                                    *other = checked;
                                }
                            });
                        } />
                        "Offer “Other” with a text box"
                    </label>
                })}
            }
            .into_any()
        }
        QuestionKind::Text { long, max_length } => {
            let (long_id, max_id) = (field("long"), field("max"));
            let (qid_long, qid_max) = (id.clone(), id.clone());
            view! {
                <label class="checkbox">
                    <input id=long_id type="checkbox" prop:checked=long on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        edit_kind(draft, &qid_long, |kind| {
                            if let QuestionKind::Text { long, .. } = kind {
                                *long = checked;
                            }
                        });
                    } />
                    "Paragraph answer (several lines)"
                </label>
                <div class="field field-narrow">
                    <label for=max_id.clone()>"Longest answer, in characters"</label>
                    <input id=max_id type="number" min="1" max="10000" prop:value=max_length.to_string()
                        on:input=move |ev| {
                            let value = event_target_value(&ev).trim().parse::<u32>().unwrap_or(0);
                            edit_kind(draft, &qid_max, |kind| {
                                if let QuestionKind::Text { max_length, .. } = kind {
                                    *max_length = value;
                                }
                            });
                        } />
                </div>
            }
            .into_any()
        }
        QuestionKind::Overlap => view! {
            <p class="field-hint">"Respondents choose one of seven pictures of two circles, from apart to nearly one."</p>
        }
        .into_any(),
        QuestionKind::Nps => view! {
            <p class="field-hint">"Respondents choose 0 (not at all likely) to 10 (extremely likely)."</p>
        }
        .into_any(),
    }
}

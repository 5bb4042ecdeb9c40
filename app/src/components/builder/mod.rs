//! The survey builder: edit the title and questions of a draft in the browser, then save it whole.
//! Lists are keyed by stable ids, so typing never re-creates the input being typed in.

mod items_editor;
mod question_editor;

use crate::components::focus::focus_soon;
use domain::FieldError;
use domain::survey::{Definition, QUESTION_TYPES, Question, fresh_id};
use leptos::prelude::*;
use question_editor::QuestionEditor;

/// The draft being edited, and whether it differs from what was last saved.
#[derive(Clone, Copy)]
pub struct Draft {
    pub title: RwSignal<String>,
    pub definition: RwSignal<Definition>,
    /// Bumped by every edit …
    pub revision: RwSignal<u64>,
    /// … and set to the revision a save sent, once that save succeeded.
    pub saved_revision: RwSignal<u64>,
    /// What the last save refused, by field path (`questions[2].items[0].label`).
    pub errors: RwSignal<Vec<FieldError>>,
    /// The question removed last and where it stood, until it is put back or another goes.
    pub removed: RwSignal<Option<(usize, Question)>>,
}

impl Draft {
    pub fn new(title: String, definition: Definition) -> Self {
        Self {
            title: RwSignal::new(title),
            definition: RwSignal::new(definition),
            revision: RwSignal::new(0),
            saved_revision: RwSignal::new(0),
            errors: RwSignal::new(Vec::new()),
            removed: RwSignal::new(None),
        }
    }

    /// Removes a question, keeping it for [`Draft::undo_remove`]; focus moves to the Undo button.
    pub fn remove(&self, question_id: &str) {
        let mut removed = None;
        self.edit(|d| removed = d.remove_question(question_id));
        if removed.is_some() {
            self.removed.set(removed);
            focus_soon(UNDO_BUTTON.to_owned());
        }
    }

    /// Puts the question removed last back where it stood; focus moves to its text.
    pub fn undo_remove(&self) {
        let Some((index, mut question)) = self.removed.get_untracked() else {
            return;
        };
        self.removed.set(None);
        self.edit(|d| {
            // A question added since may have been given its id; then it comes back under a
            // fresh one rather than not at all.
            if d.position(&question.id).is_some() {
                question.id = fresh_id("question", d.questions.iter().map(|q| q.id.as_str()));
            }
            d.questions
                .insert(index.min(d.questions.len()), question.clone());
        });
        focus_soon(format!("prompt-{}", question.id));
    }

    pub fn edit(&self, change: impl FnOnce(&mut Definition)) {
        self.definition.update(change);
        self.touch();
    }

    pub fn touch(&self) {
        self.revision.update(|r| *r += 1);
    }

    pub fn dirty(&self) -> bool {
        self.revision.get() != self.saved_revision.get()
    }

    /// The messages about one question (by its current position), for its card.
    pub fn errors_for(&self, position: usize) -> Vec<String> {
        let prefix = format!("questions[{position}]");
        self.errors.with(|errors| {
            errors
                .iter()
                .filter(|e| e.field == prefix || e.field.starts_with(&format!("{prefix}.")))
                .map(|e| e.message.clone())
                .collect()
        })
    }
}

/// The id of the button that puts a removed question back.
const UNDO_BUTTON: &str = "undo-remove-question";

#[component]
pub fn SurveyBuilder(draft: Draft) -> impl IntoView {
    let question_ids = move || {
        draft
            .definition
            .with(|d| d.questions.iter().map(|q| q.id.clone()).collect::<Vec<_>>())
    };
    let title_error = move || {
        draft.errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.field == "title")
                .map(|e| e.message.clone())
        })
    };
    view! {
        <div class="builder">
            <div class="field" class:field-invalid=move || title_error().is_some()>
                <label for="survey-title">"Survey title"</label>
                <p class="field-hint" id="survey-title-hint">"Respondents see it at the top of the survey."</p>
                <input
                    id="survey-title"
                    type="text"
                    aria-describedby="survey-title-hint"
                    dir="auto"
                    prop:value=move || draft.title.get()
                    on:input=move |ev| {
                        draft.title.set(event_target_value(&ev));
                        draft.touch();
                    }
                />
                {move || title_error().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            {move || draft.removed.with(|removed| removed.as_ref().map(|(index, question)| {
                let what = if question.prompt.trim().is_empty() {
                    format!("Question {} removed.", index + 1)
                } else {
                    format!("Question {} (“{}”) removed.", index + 1, question.prompt.trim())
                };
                view! {
                    <div class="undo-bar" role="status">
                        <span dir="auto">{what}</span>
                        <button type="button" id=UNDO_BUTTON class="button button-small"
                            on:click=move |_| draft.undo_remove()>"Undo"</button>
                    </div>
                }
            }))}
            <ol class="question-editors">
                <For each=question_ids key=|id| id.clone() let:id>
                    <QuestionEditor draft id />
                </For>
            </ol>
            {move || {
                draft
                    .definition
                    .with(|d| d.questions.is_empty())
                    .then(|| view! { <p class="muted">"No questions yet. Add the first one below."</p> })
            }}
            <AddQuestion draft />
        </div>
    }
}

#[component]
fn AddQuestion(draft: Draft) -> impl IntoView {
    let choice = RwSignal::new(QUESTION_TYPES[0].0.to_owned());
    view! {
        <div class="add-question">
            <label for="add-question-type">"Add a question"</label>
            <select
                id="add-question-type"
                on:change=move |ev| choice.set(event_target_value(&ev))
                prop:value=move || choice.get()
            >
                {QUESTION_TYPES
                    .into_iter()
                    .map(|(value, label)| view! { <option value=value>{label}</option> })
                    .collect_view()}
            </select>
            <button
                type="button"
                class="button button-quiet"
                on:click=move |_| {
                    let kind = choice.get_untracked();
                    draft.edit(|d| {
                        d.add_question(&kind);
                    });
                }
            >
                "Add question"
            </button>
        </div>
    }
}

//! The survey form. It is a plain HTML form that posts to the page's own address, so it works with
//! JavaScript off (the server answers a refused response with this page again, answers kept and
//! each problem beside its question). Hydrated, it checks answers with the same validator before
//! sending and shows progress as questions are answered.

use crate::api::types::{FormReplay, PublicSurvey};
use crate::components::question_view::{Prefill, QuestionView};
#[cfg(feature = "hydrate")]
use domain::FieldError;
use domain::response::answered_questions;
#[cfg(feature = "hydrate")]
use domain::response::answers_from_form;
use domain::survey::QuestionKind;
use leptos::prelude::*;

/// Fields that are not answers, with where the error summary links for them.
const OTHER_FIELDS: [(&str, &str); 4] = [
    ("invite_code", "invite-code"),
    ("display_name", "display-name"),
    ("survey", "survey-form"),
    ("version", "survey-form"),
];

#[cfg(feature = "hydrate")]
fn form_fields(form: &web_sys::HtmlFormElement) -> Vec<(String, String)> {
    use wasm_bindgen::JsCast;
    let Ok(data) = web_sys::FormData::new_with_form(form) else {
        return Vec::new();
    };
    let Ok(Some(entries)) = js_sys::try_iter(&data) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let pair = entry.dyn_into::<js_sys::Array>().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

#[component]
pub fn SurveyForm(
    survey: PublicSurvey,
    replay: Option<FormReplay>,
    action: String,
) -> impl IntoView {
    let replay = replay.unwrap_or_default();
    let definition = survey.definition.clone();
    let total = definition.questions.len();
    let answered = RwSignal::new(answered_questions(&definition, &replay.fields));
    let errors = RwSignal::new(replay.errors.clone());
    let prefill = Prefill::new(replay.fields.clone());
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let summary_ref = NodeRef::<leptos::html::Div>::new();
    let has_ranking = definition
        .questions
        .iter()
        .any(|q| matches!(q.kind, QuestionKind::Ranking { .. }));
    let requires_code = survey.requires_invite_code;

    // Progress follows every change and keystroke, and a problem shown beside a question goes
    // as soon as its answer is right (a new problem appears only on the next send).
    let recount = |_definition: domain::survey::Definition| {
        move |_: leptos::ev::Event| {
            #[cfg(feature = "hydrate")]
            if let Some(form) = form_ref.get_untracked() {
                let fields = form_fields(&form);
                answered.set(answered_questions(&_definition, &fields));
                if !errors.with_untracked(Vec::is_empty) {
                    let now = answers_from_form(&_definition, &fields)
                        .err()
                        .unwrap_or_default();
                    errors.update(|shown| {
                        shown.retain_mut(|e| {
                            if !_definition.questions.iter().any(|q| q.id == e.field) {
                                return true;
                            }
                            match now.iter().find(|n| n.field == e.field) {
                                Some(still) => {
                                    e.message.clone_from(&still.message);
                                    true
                                }
                                None => false,
                            }
                        })
                    });
                }
            }
        }
    };
    // Sending: the button says so and takes no second click (a double click still ends on the
    // thank-you page: the server treats a quick repeat as the same response).
    let sending = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        // Coming back with the browser's back button shows the form as it was left, not sending.
        let shown_again = window_event_listener(leptos::ev::pageshow, move |_| sending.set(false));
        on_cleanup(move || shown_again.remove());
    }
    // The server's check is the one that counts; this one spares a round trip.
    let check = {
        let _definition = definition.clone();
        move |_ev: leptos::ev::SubmitEvent| {
            #[cfg(feature = "hydrate")]
            if let Some(form) = form_ref.get_untracked() {
                let fields = form_fields(&form);
                let mut problems = answers_from_form(&_definition, &fields)
                    .err()
                    .unwrap_or_default();
                let code_given = fields
                    .iter()
                    .any(|(n, v)| n == "invite_code" && !v.trim().is_empty());
                if requires_code && !code_given {
                    problems.push(FieldError::new(
                        "invite_code",
                        "This survey is by invitation: enter the code from your invitation.",
                    ));
                }
                if problems.is_empty() {
                    if sending.get_untracked() {
                        _ev.prevent_default();
                    } else {
                        sending.set(true);
                    }
                } else {
                    _ev.prevent_default();
                    errors.set(problems);
                    // The summary is shown once the page has drawn it; then focus moves there,
                    // which scrolls it into view and has screen readers read it.
                    request_animation_frame(move || {
                        if let Some(summary) = summary_ref.get_untracked() {
                            let _ = summary.focus();
                            summary.scroll_into_view();
                        }
                    });
                }
            }
        }
    };
    let prompts: Vec<(String, String)> = definition
        .questions
        .iter()
        .map(|q| (q.id.clone(), q.prompt.clone()))
        .collect();
    let summary = move || {
        let list = errors.get();
        (!list.is_empty()).then(|| {
            let count = list.len();
            let items = list
                .into_iter()
                .map(|e| {
                    let (href, what) = match prompts.iter().find(|(id, _)| *id == e.field) {
                        Some((id, prompt)) => (format!("#q-{id}"), prompt.clone()),
                        None => {
                            let anchor = OTHER_FIELDS
                                .iter()
                                .find(|(f, _)| *f == e.field)
                                .map_or("survey-form", |(_, a)| a);
                            (format!("#{anchor}"), String::new())
                        }
                    };
                    // The question's text is isolated, so a right-to-left question keeps its "?"
                    // at its own end.
                    let question = (!what.is_empty()).then(|| view! { <bdi>{what}</bdi>" — " });
                    view! { <li><a href=href>{question}{e.message}</a></li> }
                })
                .collect_view();
            let heading = if count == 1 {
                "Please check one answer".to_owned()
            } else {
                format!("Please check {count} answers")
            };
            view! {
                <h2>{heading}</h2>
                <ul>{items}</ul>
            }
        })
    };
    let field_error = move |field: &'static str| {
        Signal::derive(move || {
            errors.with(|e| {
                e.iter()
                    .find(|x| x.field == field)
                    .map(|x| x.message.clone())
            })
        })
    };
    let code_error = field_error("invite_code");
    let name_error = field_error("display_name");
    // A personal invitation link carries its code (`?code=…`), so nobody has to type it.
    let typed_code = prefill
        .value("invite_code")
        .or_else(|| leptos_router::hooks::use_query_map().with_untracked(|q| q.get("code")))
        .unwrap_or_default();
    let typed_name = prefill.value("display_name").unwrap_or_default();

    view! {
        <div
            class="error-summary"
            id="error-summary"
            tabindex="-1"
            role="alert"
            node_ref=summary_ref
            class:hidden=move || errors.with(Vec::is_empty)
        >
            {summary}
        </div>
        {replay.message.map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
        <div class="progress" aria-live="off">
            <label for="survey-progress">
                {move || format!("{} of {total} questions answered", answered.get())}
            </label>
            <progress id="survey-progress" max=total value=move || answered.get()></progress>
        </div>
        <form
            id="survey-form"
            class="survey-form"
            method="post"
            action=action
            novalidate
            node_ref=form_ref
            on:submit=check
            on:change=recount(definition.clone())
            on:input=recount(definition.clone())
        >
            <input type="hidden" name="version" value=survey.version.to_string() />
            {requires_code.then(|| view! {
                <div class="field" class:has-error=move || code_error.get().is_some()>
                    <label for="invite-code">"Invite code"</label>
                    <p class="field-hint" id="invite-code-hint">"From the invitation you were sent, like K7M3-Q9TX-2B4D."</p>
                    {move || code_error.get().map(|m| view! { <p class="field-error" id="invite-code-error">{m}</p> })}
                    <input
                        id="invite-code"
                        name="invite_code"
                        autocomplete="off"
                        autocapitalize="characters"
                        value=typed_code.clone()
                        aria-describedby=move || if code_error.get().is_some() { "invite-code-hint invite-code-error" } else { "invite-code-hint" }
                    />
                </div>
            })}
            {definition
                .questions
                .iter()
                .enumerate()
                .map(|(i, question)| {
                    let id = question.id.clone();
                    let error = Signal::derive(move || {
                        errors.with(|e| e.iter().find(|x| x.field == id).map(|x| x.message.clone()))
                    });
                    view! {
                        <QuestionView question=question.clone() number=i + 1 prefill=prefill.clone() error />
                    }
                })
                .collect_view()}
            {has_ranking.then(|| view! {
                <div class="field card-name" class:has-error=move || name_error.get().is_some()>
                    <label for="display-name">"Your name on your identity card (optional)"</label>
                    <p class="field-hint" id="display-name-hint">
                        "After you send your answers you get a card to share. Leave this empty to keep it anonymous."
                    </p>
                    {move || name_error.get().map(|m| view! { <p class="field-error" id="display-name-error">{m}</p> })}
                    <input id="display-name" name="display_name" maxlength="60" autocomplete="name" value=typed_name.clone() aria-describedby="display-name-hint" dir="auto" />
                </div>
            })}
            // A field people never see or fill in; software that fills in every field gives itself away.
            <div class="honeypot" aria-hidden="true">
                <label for="website">"Leave this empty"</label>
                <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" />
            </div>
            <button type="submit" class="button button-brand" aria-disabled=move || sending.get().then_some("true")>
                {move || if sending.get() { "Sending…" } else { "Send my answers" }}
            </button>
        </form>
    }
}

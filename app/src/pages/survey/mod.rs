//! One survey: its status and public link, the builder for its draft, a preview exactly as
//! respondents see it, and publish / close.

mod leaving;

use crate::api::surveys::{CloseSurvey, PublishSurvey, SaveSurvey, ScheduleSurvey, load_survey};
use crate::api::types::{Me, SurveyDetail};
use crate::components::branding_form::BrandingForm;
use crate::components::builder::{Draft, SurveyBuilder};
use crate::components::confirm::Confirm;
use crate::components::field::FormAlert;
use crate::components::field::field_error;
use crate::components::focus::focus_soon;
use crate::components::outcome::{last_error, when_done};
use crate::components::question_view::QuestionView;
use crate::components::require_member::RequireMember;
use crate::error::AppError;
use crate::pages::share_results::{ShareResults, SharingState};
use crate::pages::survey_share::{Distribution, InviteCodes};
use domain::dates::{format_day, iso_day};
use domain::survey::SurveyStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::time::Duration;

/// How long the builder waits after the last edit before saving by itself.
const AUTOSAVE_AFTER: Duration = Duration::from_millis(1500);

#[component]
pub fn SurveyPage() -> impl IntoView {
    // Everything this page loads is created here, once, not in the view `RequireMember` builds
    // (see there): the survey, and its share links.
    let id = move || use_params_map().with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let survey = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_survey(id).await,
            None => Err(AppError::NotFound(
                "There is no such survey in your organisation.".into(),
            )),
        }
    });
    let sharing = SharingState::new(id);
    view! {
        <RequireMember children=move |_me: Me| view! {
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match survey.await {
                        Ok(detail) => view! { <SurveyEditor detail sharing /> }.into_any(),
                        Err(error) => view! { <SurveyUnavailable error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
fn SurveyUnavailable(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    error.set_page_status();
    view! {
        <Title text="Survey not found" />
        <section class="panel narrow">
            <h1>"Survey not found"</h1>
            <p role="alert">{error.to_string()}</p>
            <p><a href="/surveys">"Back to surveys"</a></p>
        </section>
    }
}

fn status_text(detail: &SurveyDetail) -> String {
    match (detail.summary.status, detail.summary.version) {
        (SurveyStatus::Draft, _) => "Draft — not yet published".to_owned(),
        (SurveyStatus::Published, Some(v)) => format!("Published — version {v}"),
        (SurveyStatus::Closed, Some(v)) => format!("Closed — version {v}"),
        (status, _) => status.label().to_owned(),
    }
}

#[component]
fn SurveyEditor(detail: SurveyDetail, sharing: SharingState) -> impl IntoView {
    let id = detail.summary.id;
    // The `<title>` as the page was loaded: plain text, because leptos_meta writes it on the
    // server only once the page's views are gone, so it cannot read a signal of theirs …
    let loaded_title = detail.summary.title.clone();
    let can_edit = detail.can_edit;
    let draft = Draft::new(detail.summary.title.clone(), detail.draft.clone());
    let current = RwSignal::new(detail);
    // … and in the browser the tab follows the title as it is renamed.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let title = current.with(|c| c.summary.title.clone());
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&crate::shell::page_title(title));
        }
    });
    let save = ServerAction::<SaveSurvey>::new();
    let publish = ServerAction::<PublishSurvey>::new();
    let close = ServerAction::<CloseSurvey>::new();
    let preview = RwSignal::new(!can_edit);
    let sent_revision = RwSignal::new(0u64);

    let save_now = move || {
        let definition = draft
            .definition
            .with_untracked(|d| serde_json::to_string(d).unwrap_or_default());
        sent_revision.set(draft.revision.get_untracked());
        save.dispatch(SaveSurvey {
            id,
            title: draft.title.get_untracked(),
            definition,
        });
    };

    // A save's answer: the saved survey, or the messages to show at each question.
    let settle = move |result: Result<SurveyDetail, AppError>, revision: u64| match result {
        Ok(saved) => {
            let _ = draft.saved_revision.try_set(revision);
            let _ = draft.errors.try_set(Vec::new());
            let _ = current.try_set(saved);
        }
        Err(AppError::Validation(errors)) => {
            let _ = draft.errors.try_set(errors);
        }
        Err(_) => {}
    };
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            settle(result, sent_revision.get_untracked());
        }
    });
    // Leaving saves first (or asks); see `leaving`.
    let leaving = RwSignal::new(false);
    leaving::guard(id, draft, leaving, move |result| {
        let revision = draft.revision.try_get_untracked().unwrap_or_default();
        settle(result, revision);
    });
    // Closing removes the button that did it; focus goes to the one that reopens.
    when_done(close.value(), |_| focus_soon("publish-survey".to_owned()));
    for action in [publish.value(), close.value()] {
        when_done(action, move |updated| current.set(updated));
        let error = last_error(action);
        Effect::new(move |_| {
            if let Some(AppError::Validation(errors)) = error.get() {
                draft.errors.set(errors);
            }
        });
    }
    // Autosave a moment after the last edit, so nothing typed is lost. The timer is cleared when
    // the page goes, so it never touches a page that is no longer there.
    let timer = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let revision = draft.revision.get();
        if revision == draft.saved_revision.get_untracked() || !can_edit {
            return;
        }
        if let Some(previous) = timer.get_value() {
            previous.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                let unchanged = draft.revision.try_get_untracked() == Some(revision);
                let idle = save.pending().try_get_untracked() == Some(false);
                if unchanged && idle && !leaving.get_untracked() {
                    save_now();
                }
            },
            AUTOSAVE_AFTER,
        )
        .ok();
        timer.set_value(handle);
    });
    on_cleanup(move || {
        if let Some(Some(handle)) = timer.try_get_value() {
            handle.clear();
        }
    });

    let save_state = move || {
        if leaving.get() {
            "Saving before you leave…"
        } else if save.pending().get() {
            "Saving…"
        } else if draft.dirty() {
            "Unsaved changes"
        } else {
            "All changes saved"
        }
    };
    let publish_label = move || {
        current.with(|c| match (c.summary.status, c.summary.version) {
            (SurveyStatus::Draft, _) => "Publish".to_owned(),
            (SurveyStatus::Closed, _) if !c.unpublished_changes => "Reopen".to_owned(),
            (_, Some(v)) => format!("Publish changes as version {}", v + 1),
            _ => "Publish".to_owned(),
        })
    };
    let show_publish = move || {
        current.with(|c| c.summary.status != SurveyStatus::Published || c.unpublished_changes)
    };
    let show_close = move || current.with(|c| c.summary.status == SurveyStatus::Published);
    let action_errors = Signal::derive(move || {
        last_error(publish.value())
            .get()
            .or_else(|| last_error(close.value()).get())
            .or_else(|| last_error(save.value()).get())
    });

    view! {
        <Title text=loaded_title />
        <section class="page">
            <header class="page-header">
                <div>
                    <p class="eyebrow">
                        <a href="/surveys">"Surveys"</a>
                        " · "
                        <a href=format!("/surveys/{id}/results")>"Results"</a>
                    </p>
                    <h1 dir="auto">{move || current.with(|c| c.summary.title.clone())}</h1>
                    <p class="status-line">
                        <span class=move || format!("badge badge-{}", current.with(|c| c.summary.status.as_str()))>
                            {move || current.with(status_text)}
                        </span>
                        {move || {
                            current
                                .with(|c| c.unpublished_changes && c.summary.version.is_some())
                                .then(|| view! { <span class="muted">" · the draft has unpublished changes"</span> })
                        }}
                        {move || current.with(|c| window_text(c.opens_at, c.closes_at)).map(|text| view! {
                            <span class="muted">{format!(" · {text}")}</span>
                        })}
                    </p>
                </div>
            </header>
            // One bar, kept in view while the questions scroll: save status, Edit/Preview,
            // Save, Publish, Close.
            <div class="survey-bar" role="group" aria-label="Survey actions">
                <div class="view-switch" role="group" aria-label="View">
                    {can_edit.then(|| view! {
                        <button type="button" class="button button-small button-quiet"
                            aria-pressed=move || (!preview.get()).to_string()
                            on:click=move |_| preview.set(false)>"Edit"</button>
                    })}
                    <button type="button" class="button button-small button-quiet"
                        aria-pressed=move || preview.get().to_string()
                        on:click=move |_| preview.set(true)>"Preview"</button>
                </div>
                {can_edit.then(|| view! {
                    <div class="survey-actions">
                        <span class="save-state" role="status">{save_state}</span>
                        <button type="button" class="button button-quiet"
                            disabled=move || !draft.dirty() || save.pending().get()
                            on:click=move |_| save_now()>"Save"</button>
                        <Show when=show_publish>
                            <button type="button" class="button" id="publish-survey"
                                disabled=move || draft.dirty() || publish.pending().get()
                                title=move || draft.dirty().then_some("Save your changes first")
                                on:click=move |_| { publish.dispatch(PublishSurvey { id }); }>
                                {publish_label}
                            </button>
                        </Show>
                        <Show when=show_close>
                            <Confirm label="Close survey"
                                warning="Respondents can no longer answer until you reopen it. Answers so far and the results stay.">
                                <button type="button" class="button button-danger"
                                    on:click=move |_| { close.dispatch(CloseSurvey { id }); }>"Yes, close it"</button>
                            </Confirm>
                        </Show>
                    </div>
                })}
            </div>
            <FormAlert error=action_errors all=true />
            // The questions first; sharing, schedule, invite codes and branding beside them on a
            // wide screen, after them on a phone.
            <div class="survey-layout">
                <div class="survey-main">
                    <Show
                        when=move || preview.get()
                        fallback=move || view! {
                            // Headed for screen readers' heading lists: the questions' own
                            // headings (h3) sit under it, after the survey's title (h1).
                            <section class="panel" aria-labelledby="builder-heading">
                                <h2 id="builder-heading" class="visually-hidden">"Questions"</h2>
                                <SurveyBuilder draft />
                            </section>
                        }
                    >
                        <SurveyPreview draft />
                    </Show>
                </div>
                <aside class="survey-side" aria-label="Sharing and settings">
                    <Distribution current />
                    {can_edit.then(|| view! { <Schedule current /> <InviteCodes current /> <ShareResults id state=sharing /> <SurveyBranding current /> })}
                </aside>
            </div>
        </section>
    }
}

/// "answers from 1 Dec 2026 until 31 Dec 2026", or whichever half is set.
fn window_text(opens_at: Option<i64>, closes_at: Option<i64>) -> Option<String> {
    match (opens_at, closes_at) {
        (Some(o), Some(c)) => Some(format!(
            "answers from {} until {}",
            format_day(o),
            format_day(c)
        )),
        (Some(o), None) => Some(format!("answers from {}", format_day(o))),
        (None, Some(c)) => Some(format!("answers until {}", format_day(c))),
        (None, None) => None,
    }
}

#[component]
fn Schedule(current: RwSignal<SurveyDetail>) -> impl IntoView {
    let action = ServerAction::<ScheduleSurvey>::new();
    let error = last_error(action.value());
    when_done(action.value(), move |updated| current.set(updated));
    let (id, opens, closes) = current.with_untracked(|c| (c.summary.id, c.opens_at, c.closes_at));
    view! {
        <details class="panel branding-override">
            <summary>"Schedule"</summary>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormAlert error />
                <input type="hidden" name="id" value=id />
                <p class="field-hint">"Leave a day empty for no limit. Days run from midnight to midnight UTC."</p>
                <div class="settings-grid">
                    <div class="field">
                        <label for="opens-on">"Accept answers from"</label>
                        <input id="opens-on" type="date" name="opens_on" value=opens.map(iso_day).unwrap_or_default() />
                        {move || field_error(error, "opens_on").get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    <div class="field">
                        <label for="closes-on">"Accept answers until"</label>
                        <input id="closes-on" type="date" name="closes_on" value=closes.map(iso_day).unwrap_or_default() />
                        {move || field_error(error, "closes_on").get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                </div>
                <button type="submit" class="button button-quiet">"Save schedule"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn SurveyBranding(current: RwSignal<SurveyDetail>) -> impl IntoView {
    let (id, own, inherited) = current.with_untracked(|c| {
        (
            c.summary.id,
            c.branding.clone(),
            c.inherited_branding.clone(),
        )
    });
    let organisation_name = inherited.brand_name.unwrap_or_default();
    let fallback = match inherited.colour {
        Some(colour) => format!("the organisation's colour ({colour})"),
        None => "Kindred's blue".to_owned(),
    };
    // Opened when the page comes back from saving it, so its outcome is in view.
    let open = use_query_map()
        .with_untracked(|q| q.get("branding").is_some() || q.get("branding_error").is_some());
    view! {
        <details class="panel branding-override" open=open>
            <summary>"Branding for this survey"</summary>
            <BrandingForm
                target=id.to_string()
                back=format!("/surveys/{id}")
                brand_name=own.brand_name
                colour=own.colour
                logo_url=own.logo_url
                name_hint=format!("Leave empty to use “{organisation_name}”.")
                fallback
                logo_fallback=match inherited.logo_url {
                    Some(_) => "The organisation's logo is used.",
                    None => "No logo: the brand name is shown on its own.",
                }
            />
        </details>
    }
}

#[component]
fn SurveyPreview(draft: Draft) -> impl IntoView {
    view! {
        <section class="panel preview" aria-labelledby="preview-heading">
            <p class="eyebrow" id="preview-heading">"Preview — exactly what respondents see"</p>
            <h2 dir="auto">{move || draft.title.get()}</h2>
            <form class="survey-form" on:submit=|ev| ev.prevent_default()>
                {move || {
                    draft.definition.with(|d| {
                        d.questions
                            .iter()
                            .enumerate()
                            .map(|(i, q)| view! { <QuestionView question=q.clone() number=i + 1 /> })
                            .collect_view()
                    })
                }}
            </form>
        </section>
    }
}

//! Leaving the builder never loses an edit. Closing or reloading the tab with unsaved changes asks
//! first (`beforeunload`); a link inside Kindred, or a form that may take the page away (log out,
//! the branding form), saves first and then goes on (or, when the survey cannot be saved as it
//! is, asks); the browser's back and forward buttons save on the way out.

use crate::api::surveys::save_survey;
use crate::components::builder::Draft;
use crate::error::AppError;
use domain::FieldError;
use leptos::prelude::*;

/// The draft's title and definition as the save sends them, unless the page is already gone.
fn snapshot(draft: Draft) -> Option<(String, String)> {
    let title = draft.title.try_get_untracked()?;
    let definition = draft
        .definition
        .try_with_untracked(|d| serde_json::to_string(d).unwrap_or_default())?;
    Some((title, definition))
}

/// True while edits have not been saved (false once the page is gone).
pub fn unsaved(draft: Draft) -> bool {
    match (
        draft.revision.try_get_untracked(),
        draft.saved_revision.try_get_untracked(),
    ) {
        (Some(made), Some(saved)) => made != saved,
        _ => false,
    }
}

/// Guards the builder of survey `id`: `leaving` is true while a save before leaving runs, and
/// `saved` receives what such a save stored.
pub fn guard(
    id: i64,
    draft: Draft,
    leaving: RwSignal<bool>,
    saved: impl Fn(Result<crate::api::types::SurveyDetail, AppError>) + Clone + Send + Sync + 'static,
) {
    let asks = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if unsaved(draft) {
            ev.prevent_default();
        }
    });
    on_cleanup(move || asks.remove());

    let navigate = leptos_router::hooks::use_navigate();
    let save_then = move |then: Then| {
        let Some((title, definition)) = snapshot(draft) else {
            return;
        };
        let navigate = navigate.clone();
        let saved = saved.clone();
        leaving.set(true);
        leptos::task::spawn_local(async move {
            let outcome = save_survey(id, title, definition).await;
            let refused = match &outcome {
                Ok(_) => None,
                Err(AppError::Validation(errors)) => Some(summary(errors)),
                Err(other) => Some(other.to_string()),
            };
            saved(outcome);
            let _ = leaving.try_set(false);
            let go = match refused {
                None => true,
                Some(reason) => confirm(&format!(
                    "Your latest changes could not be saved: {reason}\n\nLeave anyway and lose them?"
                )),
            };
            if go {
                match then {
                    Then::Follow(href) => navigate(&href, Default::default()),
                    Then::Submit(form) => form.submit(),
                }
            }
        });
    };
    hold_leaving(move || unsaved(draft), save_then);

    // The back and forward buttons cannot be held: save on the way out instead.
    on_cleanup(move || {
        if unsaved(draft)
            && let Some((title, definition)) = snapshot(draft)
        {
            #[cfg(feature = "hydrate")]
            leptos::task::spawn_local(async move {
                let _ = save_survey(id, title, definition).await;
            });
            #[cfg(not(feature = "hydrate"))]
            let _ = (title, definition);
        }
    });
}

/// What was held until the draft is saved: a link to follow, or a form to send.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Then {
    Follow(String),
    Submit(HeldForm),
}

/// A form whose sending was held.
#[cfg(feature = "hydrate")]
struct HeldForm(web_sys::HtmlFormElement);

#[cfg(feature = "hydrate")]
impl HeldForm {
    /// Sends it as its own button would, marked so that it is not held a second time.
    fn submit(self) {
        let _ = self.0.set_attribute(SAVED_FIRST, "");
        let _ = self.0.request_submit();
    }
}

#[cfg(not(feature = "hydrate"))]
struct HeldForm;

#[cfg(not(feature = "hydrate"))]
impl HeldForm {
    fn submit(self) {}
}

/// Marks a held form once the draft is saved.
#[cfg(feature = "hydrate")]
const SAVED_FIRST: &str = "data-draft-saved";

fn summary(errors: &[FieldError]) -> String {
    match errors {
        [] => "the survey is not valid.".to_owned(),
        [one] => one.message.clone(),
        [first, rest @ ..] => format!("{} (and {} more)", first.message, rest.len()),
    }
}

#[cfg(feature = "hydrate")]
fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(true)
}

#[cfg(not(feature = "hydrate"))]
fn confirm(_message: &str) -> bool {
    true
}

/// While `held()`, a click on a link to another page of Kindred, or the sending of a form outside
/// the builder, calls `leave` instead of going on. It listens on the window in the capture phase,
/// before the router's and Leptos's own handlers, which then see the event as handled.
#[cfg(feature = "hydrate")]
fn hold_leaving(held: impl Fn() -> bool + 'static, leave: impl Fn(Then) + 'static) {
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let held = Rc::new(held);
    let leave = Rc::new(leave);
    let clicks = {
        let (held, leave) = (held.clone(), leave.clone());
        Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
            if ev.default_prevented()
                || ev.button() != 0
                || ev.meta_key()
                || ev.ctrl_key()
                || ev.shift_key()
                || ev.alt_key()
            {
                return;
            }
            let anchor = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("a[href]").ok().flatten());
            let Some(anchor) = anchor else { return };
            if anchor.has_attribute("download")
                || anchor
                    .get_attribute("target")
                    .is_some_and(|t| !t.is_empty())
            {
                return;
            }
            let Some(href) = anchor.get_attribute("href") else {
                return;
            };
            // Only Kindred's own pages; leaving for another site is `beforeunload`'s to ask.
            if !domain::links::is_local_path(&href) || !held() {
                return;
            }
            ev.prevent_default();
            ev.stop_propagation();
            leave(Then::Follow(href));
        })
    };
    let submits = Closure::<dyn Fn(web_sys::SubmitEvent)>::new(move |ev: web_sys::SubmitEvent| {
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        // The builder's own forms keep the page; a form sent once the draft was saved goes on.
        let inside_builder = form.closest(".builder, .preview").ok().flatten().is_some();
        if inside_builder || form.has_attribute(SAVED_FIRST) || !held() {
            let _ = form.remove_attribute(SAVED_FIRST);
            return;
        }
        ev.prevent_default();
        ev.stop_propagation();
        leave(Then::Submit(HeldForm(form)));
    });
    let Some(window) = web_sys::window() else {
        return;
    };
    for (event, handler) in [
        ("click", clicks.as_ref().unchecked_ref()),
        ("submit", submits.as_ref().unchecked_ref()),
    ] {
        let _ = window.add_event_listener_with_callback_and_bool(event, handler, true);
    }
    let handlers = send_wrapper::SendWrapper::new((clicks, submits));
    on_cleanup(move || {
        if let Some(window) = web_sys::window() {
            let (clicks, submits) = &*handlers;
            let _ = window.remove_event_listener_with_callback_and_bool(
                "click",
                clicks.as_ref().unchecked_ref(),
                true,
            );
            let _ = window.remove_event_listener_with_callback_and_bool(
                "submit",
                submits.as_ref().unchecked_ref(),
                true,
            );
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn hold_leaving(_held: impl Fn() -> bool + 'static, _leave: impl Fn(Then) + 'static) {}

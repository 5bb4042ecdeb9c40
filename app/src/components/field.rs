//! Labelled form inputs whose error message sits beside them and is tied to them for screen readers.

use crate::error::AppError;
use leptos::prelude::*;

/// One labelled input. `error` is the message for this field, if the last submit refused it.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(default = true)] required: bool,
    #[prop(optional)] readonly: bool,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let hint_id = hint.as_ref().map(|_| hint_id.clone());
        let error_id = error_id.clone();
        move || {
            let ids: Vec<String> = hint_id
                .iter()
                .cloned()
                .chain(error.get().map(|_| error_id.clone()))
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.clone().map(|text| view! { <p class="field-hint" id=hint_id.clone()>{text}</p> })}
            <input
                id=id
                type=kind
                name=name
                autocomplete=autocomplete
                required=required
                readonly=readonly
                value=value
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
                dir="auto"
            />
            {move || {
                error.get().map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })
            }}
        </div>
    }
}

/// The message for `field` from an action's last error.
pub fn field_error(error: Signal<Option<AppError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.for_field(field))))
}

/// A message above a form for errors not tied to one field (wrong password, too many attempts).
/// With `all`, every error shows here: for small forms whose fields have no message of their own.
#[component]
pub fn FormAlert(error: Signal<Option<AppError>>, #[prop(optional)] all: bool) -> impl IntoView {
    let message = move || {
        error.with(|e| {
            e.as_ref().and_then(|e| {
                if all {
                    Some(e.to_string())
                } else {
                    e.form_message()
                }
            })
        })
    };
    view! {
        <div class="form-alert-region" aria-live="polite">
            {move || message().map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
        </div>
    }
}

/// Text to put inside a `<textarea>`. Leptos writes a textarea's children into server-rendered
/// HTML without escaping them, so typed text holding `</textarea>` could end the element and
/// inject markup; on the server it is escaped here. In the browser the text becomes a text node
/// and needs nothing.
pub fn textarea_text(text: &str) -> String {
    if cfg!(feature = "ssr") {
        domain::typed_text::escape_markup(text)
    } else {
        text.to_owned()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod textarea_tests {
    use super::textarea_text;
    use leptos::prelude::*;

    #[test]
    fn typed_text_cannot_close_a_textarea_in_server_rendered_html() {
        let typed = "</textarea><script>alert(1)</script> & more";
        let html = view! { <textarea>{textarea_text(typed)}</textarea> }.to_html();
        assert_eq!(
            html,
            "<textarea>&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</textarea>"
        );
    }
}

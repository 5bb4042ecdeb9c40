//! Log-in page.

use crate::api::accounts::LogIn;
use crate::components::field::{Field, FormAlert, field_error};
use crate::components::outcome::last_error;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LogInPage() -> impl IntoView {
    let action = ServerAction::<LogIn>::new();
    let error = last_error(action.value());
    let next = use_query_map()
        .with_untracked(|q| q.get("next"))
        .unwrap_or_default();
    view! {
        <Title text="Log in" />
        <section class="panel narrow">
            <h1>"Log in"</h1>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormAlert error />
                <input type="hidden" name="next" value=next />
                <Field
                    label="Email"
                    name="email"
                    kind="email"
                    autocomplete="username"
                    error=field_error(error, "email")
                />
                <Field
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                    error=field_error(error, "password")
                />
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Logging in…" } else { "Log in" }}
                </button>
            </ActionForm>
            <p class="aside">"New to Kindred? " <a href="/signup">"Create your organisation"</a></p>
        </section>
    }
}

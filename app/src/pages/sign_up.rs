//! Sign-up: one form creates an organisation and its first owner.

use crate::api::accounts::SignUp;
use crate::components::field::{Field, FormAlert, field_error};
use crate::components::outcome::last_error;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let error = last_error(action.value());
    view! {
        <Title text="Create your organisation" />
        <section class="panel narrow">
            <h1>"Create your organisation"</h1>
            <p class="lead">"You will be its owner and can invite your team afterwards."</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormAlert error />
                <Field
                    label="Organisation name"
                    name="organisation_name"
                    autocomplete="organization"
                    hint="As your members know it, e.g. “Friends of the Park”."
                    error=field_error(error, "organisation_name")
                />
                <Field label="Your name" name="name" autocomplete="name" error=field_error(error, "name") />
                <Field
                    label="Email"
                    name="email"
                    kind="email"
                    autocomplete="email"
                    error=field_error(error, "email")
                />
                <Field
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    hint="At least 10 characters. A short sentence is easy to remember."
                    error=field_error(error, "password")
                />
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Creating…" } else { "Create organisation" }}
                </button>
            </ActionForm>
            <p class="aside">"Already have an account? " <a href="/login">"Log in"</a></p>
        </section>
    }
}

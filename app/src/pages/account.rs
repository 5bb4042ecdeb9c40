//! One's own account: who am I, which organisation am I in, change my password.

use crate::api::accounts::{ChangePassword, SwitchOrganisation};
use crate::api::types::Me;
use crate::components::field::{Field, FormAlert, field_error};
use crate::components::outcome::{last_error, last_success};
use crate::components::require_member::RequireMember;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <Title text="Your account" />
        <RequireMember children=|me: Me| view! { <Account me /> } />
    }
}

#[component]
fn Account(me: Me) -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let error = last_error(change.value());
    let done = last_success(change.value());
    let saved = move || done.with(Option::is_some);
    let others: Vec<_> = me
        .organisations
        .iter()
        .filter(|o| o.id != me.organisation.id)
        .cloned()
        .collect();
    view! {
        <section class="page">
            <header class="page-header">
                <div>
                    <p class="eyebrow" dir="auto">{me.organisation.name.clone()}</p>
                    <h1>"Your account"</h1>
                </div>
            </header>
            <section class="panel">
                <dl class="facts">
                    <dt>"Name"</dt>
                    <dd dir="auto">{me.name.clone()}</dd>
                    <dt>"Email"</dt>
                    <dd>{me.email.clone()}</dd>
                    <dt>"Role"</dt>
                    <dd>{me.role.label()} " — " {me.role.description()}</dd>
                </dl>
            </section>
            {(!others.is_empty()).then(|| view! { <OrganisationSwitcher others /> })}
            <section class="panel" aria-labelledby="password-heading">
                <h2 id="password-heading">"Change password"</h2>
                <ActionForm action=change attr:class="form" attr:novalidate=true>
                    <FormAlert error />
                    <Field
                        label="Current password"
                        name="current_password"
                        kind="password"
                        autocomplete="current-password"
                        error=field_error(error, "current_password")
                    />
                    <Field
                        label="New password"
                        name="new_password"
                        kind="password"
                        autocomplete="new-password"
                        hint="At least 10 characters. You stay logged in here; other devices are logged out."
                        error=field_error(error, "new_password")
                    />
                    <button type="submit" class="button">"Change password"</button>
                    <p class="notice-inline" role="status">
                        {move || saved().then_some("Password changed. Other sessions were logged out.")}
                    </p>
                </ActionForm>
            </section>
        </section>
    }
}

#[component]
fn OrganisationSwitcher(others: Vec<crate::api::types::OrganisationSummary>) -> impl IntoView {
    let switch = ServerAction::<SwitchOrganisation>::new();
    view! {
        <section class="panel" aria-labelledby="switch-heading">
            <h2 id="switch-heading">"Your other organisations"</h2>
            <ul class="invitation-list">
                {others
                    .into_iter()
                    .map(|org| {
                        let label = format!("Switch to {}", org.name);
                        view! {
                            <li>
                                <span dir="auto">{org.name.clone()}</span>
                                <ActionForm action=switch attr:class="inline-form">
                                    <input type="hidden" name="organisation_id" value=org.id />
                                    <button type="submit" class="button button-small" aria-label=label>"Switch"</button>
                                </ActionForm>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

//! The organisation's home: its surveys (none until the first one is built).

use crate::api::types::Me;
use crate::components::require_member::RequireMember;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SurveysHome() -> impl IntoView {
    view! {
        <Title text="Surveys" />
        <RequireMember children=|me: Me| view! { <SurveyList me /> } />
    }
}

#[component]
fn SurveyList(me: Me) -> impl IntoView {
    let is_owner = me.role.can_manage_organisation();
    view! {
        <section class="page">
            <header class="page-header">
                <div>
                    <p class="eyebrow">{me.organisation.name.clone()}</p>
                    <h1>"Surveys"</h1>
                </div>
            </header>
            <div class="empty-state">
                <h2>"No surveys yet"</h2>
                <p>
                    "Your surveys will be listed here with their status and number of responses. "
                    "You are signed in as " <strong>{me.name.clone()}</strong> ", "
                    {me.role.label().to_lowercase()} " of " {me.organisation.name.clone()} "."
                </p>
                {is_owner.then(|| view! {
                    <p><a href="/settings">"Invite your team"</a>" so they are ready when the first survey goes out."</p>
                })}
            </div>
        </section>
    }
}

//! Where an invitation link lands: create an account and join, or join as the person logged in.

use crate::api::organisation::{AcceptInvitation, JoinOrganisation, invitation_details};
use crate::api::types::InvitationPreview;
use crate::components::field::{Field, FormAlert, field_error};
use crate::components::outcome::last_error;
use crate::components::session::use_session;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InvitationPage() -> impl IntoView {
    let token = use_params_map()
        .with_untracked(|p| p.get("token"))
        .unwrap_or_default();
    let details = Resource::new(move || token.clone(), invitation_details);
    let session = use_session();
    view! {
        <Title text="Join your team" />
        <section class="panel narrow">
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let preview = details.await;
                    let me = session.0.await.ok().flatten();
                    let token = use_params_map().with_untracked(|p| p.get("token")).unwrap_or_default();
                    match (preview, me) {
                        (Err(error), _) => view! { <InvitationUnusable error /> }.into_any(),
                        (Ok(preview), Some(me)) => {
                            view! { <JoinAsMember preview token member_name=me.name /> }.into_any()
                        }
                        (Ok(preview), None) => view! { <JoinWithNewAccount preview token /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn InvitationUnusable(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    error.set_page_status();
    view! {
        <h1>"This invitation cannot be used"</h1>
        <p role="alert">{error.to_string()}</p>
        <p>"Ask the person who invited you for a new link."</p>
    }
}

fn invitation_intro(preview: &InvitationPreview) -> impl IntoView + use<> {
    view! {
        <h1>"Join "<bdi>{preview.organisation_name.clone()}</bdi></h1>
        <p class="lead">
            <bdi>{preview.invited_by.clone()}</bdi> " invited you as "
            <strong>{preview.role.label().to_lowercase()}</strong> ": " {preview.role.description()} "."
        </p>
    }
}

#[component]
fn JoinAsMember(preview: InvitationPreview, token: String, member_name: String) -> impl IntoView {
    let join = ServerAction::<JoinOrganisation>::new();
    let error = last_error(join.value());
    view! {
        {invitation_intro(&preview)}
        <ActionForm action=join attr:class="form">
            <FormAlert error />
            <input type="hidden" name="token" value=token />
            <p>"You are logged in as "<bdi>{member_name}</bdi>"."</p>
            <button type="submit" class="button">"Join "<bdi>{preview.organisation_name.clone()}</bdi></button>
        </ActionForm>
    }
}

#[component]
fn JoinWithNewAccount(preview: InvitationPreview, token: String) -> impl IntoView {
    let accept = ServerAction::<AcceptInvitation>::new();
    let error = last_error(accept.value());
    let login = domain::links::log_in_then(&format!("/invite/{token}"));
    view! {
        {invitation_intro(&preview)}
        <ActionForm action=accept attr:class="form" attr:novalidate=true>
            <FormAlert error />
            <input type="hidden" name="token" value=token />
            <Field label="Your name" name="name" autocomplete="name" error=field_error(error, "name") />
            <Field
                label="Email"
                name="email"
                kind="email"
                autocomplete="email"
                value=preview.email.clone().unwrap_or_default()
                error=field_error(error, "email")
            />
            <Field
                label="Password"
                name="password"
                kind="password"
                autocomplete="new-password"
                hint="At least 10 characters."
                error=field_error(error, "password")
            />
            <button type="submit" class="button">"Create account and join"</button>
        </ActionForm>
        <p class="aside">"Already have a Kindred account? " <a href=login>"Log in to join"</a></p>
    }
}

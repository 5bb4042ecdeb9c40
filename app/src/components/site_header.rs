//! The bar at the top of every page: brand, navigation for members, log in / log out.

use super::session::use_session;
use crate::api::accounts::LogOut;
use crate::api::types::Me;
use leptos::prelude::*;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let session = use_session();
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"K"</span>
                <span class="brand-name">"Kindred"</span>
            </a>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match session.0.await {
                        Ok(Some(me)) => view! { <MemberNav me /> }.into_any(),
                        _ => view! { <VisitorNav /> }.into_any(),
                    }
                })}
            </Transition>
        </header>
    }
}

#[component]
fn VisitorNav() -> impl IntoView {
    view! {
        <nav aria-label="Account" class="nav">
            <a href="/login">"Log in"</a>
            <a class="button button-small" href="/signup">"Sign up"</a>
        </nav>
    }
}

#[component]
fn MemberNav(me: Me) -> impl IntoView {
    let log_out = ServerAction::<LogOut>::new();
    let is_owner = me.role.can_manage_organisation();
    view! {
        <nav aria-label="Main" class="nav">
            <span class="nav-org" title="Organisation" dir="auto">{me.organisation.name.clone()}</span>
            <a href="/surveys">"Surveys"</a>
            {is_owner.then(|| view! { <a href="/settings">"Settings"</a> })}
            <a href="/account">"Account"</a>
            <ActionForm action=log_out attr:class="inline-form">
                <button type="submit" class="button button-small button-quiet">"Log out"</button>
            </ActionForm>
        </nav>
    }
}

//! Wraps pages that need a logged-in member; visitors are sent to log in and come back after.
//!
//! On the server a reactive view closure runs twice — once to start the page's data loading,
//! once to render — so whatever `children` builds is built twice. A page therefore creates its
//! resources in its own body, outside `RequireMember`, and hands them to the view built here;
//! a resource created in `children` would load twice, and the first copy, thrown away while
//! still loading, would run without the request's context.

use super::session::use_session;
use crate::api::types::Me;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn RequireMember<F, V>(children: F) -> impl IntoView
where
    F: Fn(Me) -> V + Send + Sync + Clone + 'static,
    V: IntoView + 'static,
{
    let session = use_session();
    let location = use_location();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {
                let children = children.clone();
                move || {
                    let children = children.clone();
                    Suspend::new(async move {
                        match session.0.await {
                            Ok(Some(me)) => children(me).into_any(),
                            Ok(None) => {
                                let search = location.search.get_untracked();
                                let mut next = location.pathname.get_untracked();
                                if !search.is_empty() {
                                    next = format!("{next}?{}", search.trim_start_matches('?'));
                                }
                                let login = domain::links::log_in_then(&next);
                                #[cfg(feature = "ssr")]
                                send_to_log_in(&login);
                                view! {
                                    <section class="panel narrow">
                                        <h1>"Please log in"</h1>
                                        <p>"You need to be logged in to see this page."</p>
                                        <p><a class="button" href=login>"Log in"</a></p>
                                    </section>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

/// A page request from a visitor who is not logged in answers `303 See Other` to the log-in page,
/// whatever the request's `Accept` header says (`leptos_axum::redirect` answers `200` with a
/// `Location` header to anything that does not ask for HTML, which is meant for server functions).
#[cfg(feature = "ssr")]
fn send_to_log_in(login: &str) {
    use http::{HeaderValue, StatusCode, header};
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    // `log_in_then` percent-encodes the path it is given, so this always is a header value.
    if let Ok(location) = HeaderValue::from_str(login) {
        response.insert_header(header::LOCATION, location);
        response.set_status(StatusCode::SEE_OTHER);
    }
}

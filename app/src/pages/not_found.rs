//! The page for a path that leads nowhere.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <section class="panel narrow">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. It may have moved, or the link may be incomplete."</p>
            <p><a href="/">"Go to the front page"</a></p>
        </section>
    }
}

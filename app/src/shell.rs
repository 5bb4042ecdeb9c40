//! The HTML document, the router and the page frame every route shares.

use crate::components::session::provide_session;
use crate::components::site_header::SiteHeader;
use crate::pages::{
    landing::LandingPage,
    lazy::{
        AccountRoute, InvitationRoute, ResultsRoute, SettingsRoute, SharedResultsRoute,
        SurveyRoute, SurveysHomeRoute,
    },
    log_in::LogInPage,
    not_found::NotFound,
    respond::{CardPage, RespondPage, ThanksPage},
    sign_up::SignUpPage,
};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    Lazy, SsrMode,
    components::{Route, Router, Routes},
    hooks::use_location,
    path,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="stylesheet" id="leptos" href="/pkg/kindred.css" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Every page's `<title>`: "⟨page⟩ · Kindred". leptos_meta writes the server-rendered `<title>`
/// as it is, without escaping (a survey titled `</title><script …>` would run script), so on the
/// server the text is escaped here, for every page at once; in the browser it is set as text.
pub fn page_title(page: String) -> String {
    let title = if page.is_empty() {
        "Kindred".to_owned()
    } else {
        format!("{page} · Kindred")
    };
    if cfg!(feature = "ssr") {
        domain::typed_text::escape_markup(&title)
    } else {
        title
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=page_title />
        <Router>
            <Frame />
        </Router>
    }
}

/// Everything inside the router: the session, the header, the routes.
#[component]
fn Frame() -> impl IntoView {
    provide_session();
    // Pages render completely on the server before they are sent, so they read well (and forms
    // post) before — or without — the WebAssembly.
    let ssr = SsrMode::Async;
    // Respondents see the organisation's brand, not Kindred's navigation.
    let location = use_location();
    let public = move || {
        location
            .pathname
            .with(|p| p.starts_with("/s/") || p.starts_with("/c/"))
    };
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <Show when=move || !public()>
            <SiteHeader />
        </Show>
        <main id="main" tabindex="-1">
            <Routes fallback=NotFound>
                <Route path=path!("") view=LandingPage ssr=ssr.clone() />
                <Route path=path!("/signup") view=SignUpPage ssr=ssr.clone() />
                <Route path=path!("/login") view=LogInPage ssr=ssr.clone() />
                <Route path=path!("/surveys") view={Lazy::<SurveysHomeRoute>::new()} ssr=ssr.clone() />
                <Route path=path!("/surveys/:id") view={Lazy::<SurveyRoute>::new()} ssr=ssr.clone() />
                <Route path=path!("/surveys/:id/results") view={Lazy::<ResultsRoute>::new()} ssr=ssr.clone() />
                <Route path=path!("/settings") view={Lazy::<SettingsRoute>::new()} ssr=ssr.clone() />
                <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=ssr.clone() />
                <Route path=path!("/invite/:token") view={Lazy::<InvitationRoute>::new()} ssr=ssr.clone() />
                <Route path=path!("/s/:slug") view=RespondPage ssr=ssr.clone() />
                <Route path=path!("/s/:slug/embed") view=RespondPage ssr=ssr.clone() />
                <Route path=path!("/s/:slug/thanks") view=ThanksPage ssr=ssr.clone() />
                <Route path=path!("/s/:slug/embed/thanks") view=ThanksPage ssr=ssr.clone() />
                <Route path=path!("/c/:token") view=CardPage ssr=ssr.clone() />
                <Route path=path!("/r/:token") view={Lazy::<SharedResultsRoute>::new()} ssr=ssr />
            </Routes>
        </main>
        <Show when=move || !public()>
            <footer class="site-footer">
                <p>"Kindred — learn why your members join, and speak to it."</p>
            </footer>
        </Show>
    }
}

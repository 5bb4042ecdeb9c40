//! Pages whose code the browser fetches only when one is opened (`#[lazy_route]`, split out of
//! the main WebAssembly by `cargo leptos build --split`): the builder, the dashboard, settings and
//! the rest of the signed-in app. A respondent's browser loads only the main bundle — the
//! respondent page, thank-you page and card — so answering a survey costs the fewest bytes.
//! Without `--split` they are ordinary routes in one bundle.

use super::{
    account::AccountPage,
    invitation::InvitationPage,
    results::{ResultsPage, SharedResultsPage},
    settings::SettingsPage,
    survey::SurveyPage,
    surveys_home::SurveysHome,
};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// A route whose page component lives in a chunk of its own.
macro_rules! lazy_page {
    ($($(#[$doc:meta])* $route:ident => $page:ident;)*) => {$(
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_page! {
    /// The organisation's surveys.
    SurveysHomeRoute => SurveysHome;
    /// A survey: its builder, schedule, sharing and branding.
    SurveyRoute => SurveyPage;
    /// A survey's dashboard.
    ResultsRoute => ResultsPage;
    /// A dashboard shared by link.
    SharedResultsRoute => SharedResultsPage;
    /// The organisation's settings.
    SettingsRoute => SettingsPage;
    /// One's own account.
    AccountRoute => AccountPage;
    /// Accepting an invitation.
    InvitationRoute => InvitationPage;
}

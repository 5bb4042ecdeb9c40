//! What respondents see: the survey behind a public link (also framed on other sites through the
//! embed route), the thank-you page with their identity card, and the card's share page.

mod card;
mod form;
mod thanks;

pub use card::CardPage;
pub use thanks::ThanksPage;

use crate::api::respond::load_respondent_page;
use crate::api::types::{Availability, PublicSurvey};
use crate::error::AppError;
use domain::brand::{Colour, text_on};
use domain::dates::format_day;
use form::SurveyForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map};

/// True on the framable embed routes (`/s/{slug}/embed…`).
fn is_embed() -> bool {
    use_location().pathname.get_untracked().contains("/embed")
}

/// The page's colours as CSS variables: the brand colour and a text colour readable on it.
pub fn brand_style(colour: Option<&str>) -> String {
    match colour.and_then(|c| Colour::parse("colour", c).ok()) {
        Some(colour) => format!(
            "--brand: {colour}; --brand-dark: {colour}; --on-brand: {};",
            text_on(colour)
        ),
        None => String::new(),
    }
}

#[component]
pub fn RespondPage() -> impl IntoView {
    let slug = move || use_params_map().with(|p| p.get("slug").unwrap_or_default());
    let page = Resource::new(slug, load_respondent_page);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the survey…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Respondent survey=page.survey replay=page.replay /> }.into_any(),
                    Err(error) => view! { <Unavailable error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Unavailable(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    error.set_page_status();
    view! {
        <Title text="Survey not available" />
        <section class="respondent">
            <div class="respondent-card">
                <h1>"This survey is not available"</h1>
                <p role="alert">{error.to_string()}</p>
            </div>
        </section>
    }
}

/// The branded frame around everything a respondent sees.
#[component]
pub fn BrandFrame(
    brand_name: String,
    colour: Option<String>,
    logo_url: Option<String>,
    children: Children,
) -> impl IntoView {
    let alt = format!("{brand_name} logo");
    view! {
        <section class="respondent" style=brand_style(colour.as_deref())>
            <header class="respondent-brand">
                {logo_url.map(|src| view! { <img class="respondent-logo" src=src alt=alt /> })}
                <span class="respondent-brand-name" dir="auto">{brand_name}</span>
            </header>
            {children()}
        </section>
    }
}

#[component]
fn Respondent(
    survey: PublicSurvey,
    replay: Option<crate::api::types::FormReplay>,
) -> impl IntoView {
    let PublicSurvey {
        slug,
        title,
        brand_name,
        colour,
        logo_url,
        availability,
        ..
    } = survey.clone();
    let action = if is_embed() {
        format!("/s/{slug}/embed")
    } else {
        format!("/s/{slug}")
    };
    let count = survey.definition.questions.len();
    // About twenty seconds a question, rounded up to whole minutes.
    let minutes = (count * 20).div_ceil(60).max(1);
    let intro = format!(
        "{count} questions, about {minutes} minute{}. Your answers are anonymous.",
        if minutes == 1 { "" } else { "s" }
    );
    let body = match availability {
        Availability::Open => view! {
            <p class="respondent-intro">{intro}</p>
            <SurveyForm survey replay action />
        }
        .into_any(),
        Availability::NotYetOpen(opens) => view! {
            <p class="respondent-notice">{format!("This survey opens on {}. Please come back then.", format_day(opens))}</p>
        }
        .into_any(),
        Availability::Closed => {
            #[cfg(feature = "ssr")]
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::GONE);
            }
            view! {
                <p class="respondent-notice">"This survey has closed and no longer takes answers. Thank you for your interest."</p>
            }
            .into_any()
        }
        Availability::AlreadyAnswered => view! {
            <p class="respondent-notice" role="status">
                "You have already answered this survey from this browser — thank you! Each person answers once."
            </p>
        }
        .into_any(),
    };
    view! {
        <Title text=title.clone() />
        <BrandFrame brand_name colour logo_url>
            <div class="respondent-card">
                <h1 dir="auto">{title}</h1>
                {body}
            </div>
        </BrandFrame>
    }
}

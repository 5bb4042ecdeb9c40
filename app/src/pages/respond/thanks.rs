//! After a response is stored: thanks, and the identity card to keep or share.

use super::BrandFrame;
use super::card::CardPreview;
use crate::api::respond::{load_identity_card, load_respondent_page};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ThanksPage() -> impl IntoView {
    let token = move || use_query_map().with(|q| q.get("card"));
    let card = Resource::new(token, |token| async move {
        match token {
            Some(token) => load_identity_card(token).await.ok(),
            None => None,
        }
    });
    // The survey's brand header, as on the page the answers came from.
    let slug = move || use_params_map().with(|p| p.get("slug").unwrap_or_default());
    let survey = Resource::new(
        slug,
        |slug| async move { load_respondent_page(slug).await.ok() },
    );
    view! {
        <Title text="Thank you" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let card = card.await;
                let brand = survey.await.map(|page| page.survey);
                let colour = brand
                    .as_ref()
                    .and_then(|s| s.colour.clone())
                    .or_else(|| card.as_ref().and_then(|c| c.colour.clone()));
                let brand_name = brand
                    .as_ref()
                    .map(|s| s.brand_name.clone())
                    .or_else(|| card.as_ref().map(|c| c.brand_name.clone()))
                    .unwrap_or_default();
                let logo_url = brand.and_then(|s| s.logo_url);
                view! {
                    <BrandFrame brand_name colour logo_url>
                        <div class="respondent-card thanks">
                            <h1>"Thank you!"</h1>
                            <p role="status">"Your answers are saved. They help the organisation understand why members join."</p>
                            {card.map(|card| view! {
                                <h2>"Your identity card"</h2>
                                <p>"Made from the reason you ranked first. Keep it, or share it to show what membership says about you."</p>
                                <CardPreview card />
                            })}
                        </div>
                    </BrandFrame>
                }
            })}
        </Suspense>
    }
}

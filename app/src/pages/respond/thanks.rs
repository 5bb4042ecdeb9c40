//! After a response is stored: thanks, and the identity card to keep or share.

use super::card::CardPreview;
use crate::api::respond::load_identity_card;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ThanksPage() -> impl IntoView {
    let token = move || use_query_map().with(|q| q.get("card"));
    let card = Resource::new(token, |token| async move {
        match token {
            Some(token) => load_identity_card(token).await.ok(),
            None => None,
        }
    });
    view! {
        <Title text="Thank you" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let card = card.await;
                let style = super::brand_style(card.as_ref().and_then(|c| c.colour.as_deref()));
                view! {
                    <section class="respondent" style=style>
                        <div class="respondent-card thanks">
                            <h1>"Thank you!"</h1>
                            <p role="status">"Your answers are saved. They help the organisation understand why members join."</p>
                            {card.map(|card| view! {
                                <h2>"Your identity card"</h2>
                                <p>"Made from the reason you ranked first. Keep it, or share it to show what membership says about you."</p>
                                <CardPreview card />
                            })}
                        </div>
                    </section>
                }
            })}
        </Suspense>
    }
}

//! The identity card: its picture, downloads and share link, and the public page a shared link
//! opens, with Open Graph tags so it shows as a picture wherever it is posted.

use super::BrandFrame;
use crate::api::respond::load_identity_card;
use crate::api::types::IdentityCard;
use crate::components::share_button::ShareButton;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn CardPreview(card: IdentityCard) -> impl IntoView {
    let svg = format!("/c/{}/card.svg", card.token);
    let png = format!("/c/{}/card.png", card.token);
    view! {
        <figure class="identity-card">
            <img src=svg.clone() alt=card.statement.clone() width="600" height="315" />
        </figure>
        // The share sheet first (it appears once the page is interactive), then the picture for
        // posting by hand: the PNG, which every phone can post, before the SVG.
        <p class="card-actions">
            <ShareButton
                url=card.share_url.clone()
                title=card.statement.clone()
                text=card.statement.clone()
                field="share-url"
            />
            <a class="button button-brand" href=png download="identity-card.png">"Download PNG"</a>
            <a class="button button-quiet" href=svg download="identity-card.svg">"Download SVG"</a>
        </p>
        <label for="share-url">"Share link"</label>
        <input id="share-url" class="share-url" readonly value=card.share_url />
    }
}

#[component]
pub fn CardPage() -> impl IntoView {
    let token = move || use_params_map().with(|p| p.get("token").unwrap_or_default());
    let card = Resource::new(token, load_identity_card);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match card.await {
                    Ok(card) => {
                        let description = format!("Why members join {}", card.brand_name);
                        view! {
                            <Title text=card.statement.clone() />
                            <Meta property="og:type" content="website" />
                            <Meta property="og:title" content=card.statement.clone() />
                            <Meta property="og:description" content=description />
                            <Meta property="og:image" content=card.image_url.clone() />
                            <Meta property="og:image:width" content="1200" />
                            <Meta property="og:image:height" content="630" />
                            <Meta property="og:url" content=card.share_url.clone() />
                            <Meta name="twitter:card" content="summary_large_image" />
                            <BrandFrame brand_name=card.brand_name.clone() colour=card.colour.clone() logo_url=None>
                                <div class="respondent-card">
                                    <h1><bdi>{card.display_name.clone().unwrap_or_else(|| "A member".to_owned())}</bdi>" says"</h1>
                                    <figure class="identity-card">
                                        <img src=format!("/c/{}/card.svg", card.token) alt=card.statement.clone() width="600" height="315" />
                                    </figure>
                                    {card.survey_path.clone().map(|path| view! {
                                        <p class="card-invite" dir="auto">
                                            {format!("Are you part of {} too? ", card.brand_name)}
                                            <a class="button button-brand" href=path>"Take the survey"</a>
                                        </p>
                                    })}
                                </div>
                            </BrandFrame>
                        }
                        .into_any()
                    }
                    Err(error) => view! {
                        <Title text="Card not found" />
                        <section class="respondent"><div class="respondent-card"><h1>"Card not found"</h1><p>{error.to_string()}</p></div></section>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

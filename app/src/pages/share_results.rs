//! Sharing a survey's results read-only: make a link that expires (optionally with the open
//! answers), see the links made, revoke them. The link's secret is shown once, when it is made.

use crate::api::results::{CreateShareLink, RevokeShareLink, ShareLink, load_share_links};
use crate::components::confirm::Confirm;
use crate::components::field::FormAlert;
use crate::components::outcome::{last_error, last_success};
use crate::error::AppError;
use domain::dates::format_day;
use leptos::prelude::*;

/// The share links of the survey in the page's URL and the actions that change them. Made by the
/// page itself, outside any view that may be built twice (see `RequireMember`).
#[derive(Clone, Copy)]
pub struct SharingState {
    create: ServerAction<CreateShareLink>,
    revoke: ServerAction<RevokeShareLink>,
    links: Resource<Result<Vec<ShareLink>, AppError>>,
}

impl SharingState {
    pub fn new(survey: impl Fn() -> Option<i64> + Send + Sync + 'static) -> Self {
        let create = ServerAction::<CreateShareLink>::new();
        let revoke = ServerAction::<RevokeShareLink>::new();
        let links = Resource::new(
            move || (survey(), create.version().get(), revoke.version().get()),
            |(survey, ..)| async move {
                match survey {
                    Some(id) => load_share_links(id).await,
                    None => Ok(Vec::new()),
                }
            },
        );
        Self {
            create,
            revoke,
            links,
        }
    }
}

#[component]
pub fn ShareResults(id: i64, state: SharingState) -> impl IntoView {
    let SharingState {
        create,
        revoke,
        links,
    } = state;
    let error = last_error(create.value());
    let made = last_success(create.value());
    view! {
        <details class="panel branding-override">
            <summary>"Share results"</summary>
            <p class="field-hint">
                "A read-only link to this survey's results for people without an account — a board, a partner. Counts under 5 are hidden in it; open answers only if you allow them."
            </p>
            <ActionForm action=create attr:class="form">
                <FormAlert error />
                <input type="hidden" name="id" value=id />
                <div class="field">
                    <label for="share-days">"Valid for"</label>
                    <select id="share-days" name="days">
                        <option value="7">"7 days"</option>
                        <option value="30" selected>"30 days"</option>
                        <option value="90">"90 days"</option>
                    </select>
                </div>
                <label class="checkbox">
                    <input type="checkbox" name="show_texts" value="on" />
                    " Include the open answers"
                </label>
                <button type="submit" class="button button-quiet">"Make a share link"</button>
            </ActionForm>
            {move || made.get().map(|link| view! {
                <div class="field" role="status">
                    <label for="new-share-link">{format!("Share link, valid until {} — copy it now; it is not shown again", format_day(link.expires_at))}</label>
                    <input id="new-share-link" class="copy-field" readonly value=link.url />
                </div>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = links.await.unwrap_or_default();
                    (!list.is_empty()).then(|| view! {
                        <div class="table-scroll" role="region" aria-label="Share links" tabindex="0">
                        <table class="data-table">
                            <caption>"Share links"</caption>
                            <thead><tr><th scope="col">"Made"</th><th scope="col">"Until"</th><th scope="col">"Open answers"</th><th scope="col">"State"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|link| view! {
                                    <tr>
                                        <td>{format_day(link.created_at)}</td>
                                        <td>{format_day(link.expires_at)}</td>
                                        <td>{if link.show_texts { "shown" } else { "hidden" }}</td>
                                        <td>
                                            {if link.active {
                                                view! {
                                                    <Confirm label="Revoke" small=true
                                                        name=format!("Revoke the link made {}", format_day(link.created_at))
                                                        warning="Anyone holding this link loses access at once. This cannot be undone.">
                                                        <ActionForm action=revoke attr:class="inline-form">
                                                            <input type="hidden" name="id" value=id />
                                                            <input type="hidden" name="link_id" value=link.id />
                                                            <button type="submit" class="button button-small button-danger">"Yes, revoke"</button>
                                                        </ActionForm>
                                                    </Confirm>
                                                }.into_any()
                                            } else {
                                                view! { <span>"revoked or expired"</span> }.into_any()
                                            }}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    })
                })}
            </Suspense>
        </details>
    }
}

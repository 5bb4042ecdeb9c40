//! Sharing a survey's results read-only: make a link that expires (optionally with the open
//! answers), see the links made, revoke them. The link's secret is shown once, when it is made.

use crate::api::results::{CreateShareLink, RevokeShareLink, load_share_links};
use crate::components::dates::format_day;
use crate::components::field::{FormAlert, last_error};
use leptos::prelude::*;

#[component]
pub fn ShareResults(id: i64) -> impl IntoView {
    let create = ServerAction::<CreateShareLink>::new();
    let revoke = ServerAction::<RevokeShareLink>::new();
    let error = last_error(create.value());
    let links = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        move |_| load_share_links(id),
    );
    let made = move || create.value().get().and_then(Result::ok);
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
            {move || made().map(|link| view! {
                <div class="field" role="status">
                    <label for="new-share-link">{format!("Share link, valid until {} — copy it now; it is not shown again", format_day(link.expires_at))}</label>
                    <input id="new-share-link" class="copy-field" readonly value=link.url />
                </div>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = links.await.unwrap_or_default();
                    (!list.is_empty()).then(|| view! {
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
                                                    <ActionForm action=revoke attr:class="inline-form">
                                                        <input type="hidden" name="id" value=id />
                                                        <input type="hidden" name="link_id" value=link.id />
                                                        <button type="submit" class="button button-small button-quiet">"Revoke"</button>
                                                    </ActionForm>
                                                }.into_any()
                                            } else {
                                                view! { <span>"revoked or expired"</span> }.into_any()
                                            }}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    })
                })}
            </Suspense>
        </details>
    }
}

//! Getting a published survey to people: the public link, QR code, an embed snippet for the
//! organisation's own website, and single-use invite codes for surveys that need them.

use crate::api::respond::SetInviteCodeRequired;
use crate::api::types::SurveyDetail;
use crate::components::field::FormAlert;
use crate::components::outcome::{last_error, when_done};
use leptos::prelude::*;

/// The HTML a marketer pastes into their website to show the survey in a frame: the frame, 900
/// pixels tall until the survey says how tall it is, and a line of script that fits the frame to
/// the height the survey reports (its own frame's messages only). `slug` names the frame, so
/// several surveys can share a page.
pub fn embed_snippet(public_url: &str, slug: &str, title: &str) -> String {
    // Slugs are letters, digits and hyphens; anything else is dropped, so the id is safe in
    // both the attribute and the script.
    let safe: String = slug
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let id = format!("kindred-{safe}");
    format!(
        concat!(
            r#"<iframe id="{id}" src="{url}/embed" title="{title}" width="100%" height="900" style="border:0;max-width:720px" loading="lazy"></iframe>"#,
            "\n",
            r#"<script>addEventListener("message",function(e){{var f=document.getElementById("{id}"),h=e.data&&e.data.type==="{kind}"&&Number(e.data.height);if(f&&e.source===f.contentWindow&&h>0)f.style.height=Math.min(Math.ceil(h),20000)+"px"}})</script>"#
        ),
        id = id,
        url = domain::typed_text::escape_markup(public_url),
        title = domain::typed_text::escape_markup(title),
        kind = EMBED_HEIGHT_MESSAGE,
    )
}

/// The `type` of the message an embedded survey sends with its height.
pub const EMBED_HEIGHT_MESSAGE: &str = "kindred:height";

#[component]
pub fn Distribution(current: RwSignal<SurveyDetail>) -> impl IntoView {
    move || {
        current.with(|c| {
            c.summary.version.map(|_| {
                let url = c.summary.public_url.clone();
                let qr = format!("/s/{}/qr", c.summary.slug);
                let snippet = crate::components::field::textarea_text(&embed_snippet(&url, &c.summary.slug, &c.summary.title));
                view! {
                    <section class="panel distribution" id="share" aria-labelledby="share-heading">
                        <h2 id="share-heading">"Share"</h2>
                        <div class="share-grid">
                            <div>
                                <label for="public-link">"Public link"</label>
                                <div class="copy-row">
                                    <input id="public-link" class="copy-field" type="text" readonly value=url.clone() />
                                    <a class="button button-small button-quiet" href=url target="_blank" rel="noopener">"Open"</a>
                                </div>
                                <p class="field-hint">
                                    "Anyone with the link can answer while the survey is published. Print the QR code on posters, cards and event slides."
                                </p>
                                <p class="download-links">
                                    <a class="button button-small button-quiet" href=format!("{qr}.svg?download=1") download="survey-qr-code.svg">"Download QR code (SVG)"</a>
                                    <a class="button button-small button-quiet" href=format!("{qr}.png?download=1") download="survey-qr-code.png">"Download QR code (PNG)"</a>
                                </p>
                                <label for="embed-snippet">"Embed on your website"</label>
                                <textarea id="embed-snippet" class="copy-field embed-snippet" readonly rows="3">{snippet}</textarea>
                                <p class="field-hint">
                                    "Paste this HTML into a page of your site. Only this embed address may be shown inside another site's frame."
                                </p>
                            </div>
                            <img class="qr-code" src=format!("{qr}.svg") alt="QR code that opens the public link" width="160" height="160" />
                        </div>
                    </section>
                }
            })
        })
    }
}

#[component]
pub fn InviteCodes(current: RwSignal<SurveyDetail>) -> impl IntoView {
    let action = ServerAction::<SetInviteCodeRequired>::new();
    let error = last_error(action.value());
    when_done(action.value(), move |updated| current.set(updated));
    let id = current.with_untracked(|c| c.summary.id);
    let required = move || current.with(|c| c.requires_invite_code);
    let counts = move || {
        current.with(|c| {
            format!(
                "{} codes made, {} used.",
                c.invite_codes_issued, c.invite_codes_used
            )
        })
    };
    view! {
        <details class="panel branding-override">
            <summary>"Invite codes"</summary>
            <p class="field-hint">
                "Give each person a single-use code (or their own link, which fills it in) so that everyone answers once, even on shared computers."
            </p>
            <p role="status">{counts}</p>
            <ActionForm action attr:class="form inline-form">
                <FormAlert error />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="required" value=move || (!required()).to_string() />
                <p>
                    {move || if required() {
                        "Only people with an unused invite code can answer now."
                    } else {
                        "Anyone with the public link can answer now."
                    }}
                </p>
                <button type="submit" class="button button-quiet">
                    {move || if required() { "Let anyone with the link answer" } else { "Require an invite code" }}
                </button>
            </ActionForm>
            <form class="form" method="post" action=format!("/surveys/{id}/invite-codes")>
                <label for="code-count">"How many codes to make"</label>
                <p class="field-hint">"Up to 5,000 at a time. The CSV lists each code with its personal link; the codes are shown only this once."</p>
                <input id="code-count" type="number" name="count" min="1" max="5000" value="50" required />
                <button type="submit" class="button button-quiet">"Make codes and download CSV"</button>
            </form>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::embed_snippet;

    #[test]
    fn the_embed_snippet_points_at_the_embed_route_and_escapes_the_title() {
        let html = embed_snippet("https://k.example/s/abc", "abc", "Why \"we\" <join> & stay");
        assert!(
            html.starts_with(r#"<iframe id="kindred-abc" src="https://k.example/s/abc/embed""#)
        );
        assert!(html.contains(r#"title="Why &quot;we&quot; &lt;join&gt; &amp; stay""#));
        // The script listens to its own frame only, for the height message.
        assert!(html.contains(r#"document.getElementById("kindred-abc")"#));
        assert!(html.contains("e.source===f.contentWindow"));
        assert!(html.contains(r#""kindred:height""#));
    }

    #[test]
    fn a_slug_cannot_break_out_of_the_frame_id() {
        let html = embed_snippet(
            "https://k.example/s/x",
            "x\"><script>alert(1)</script>",
            "T",
        );
        assert!(
            html.starts_with(r#"<iframe id="kindred-xscriptalert1script" "#),
            "{html}"
        );
        assert_eq!(html.matches("<script>").count(), 1);
    }
}

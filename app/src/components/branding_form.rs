//! Uploading or removing a logo: a plain multipart form to `/logos`, so it works without
//! JavaScript. The server sends the page back with `?logo=saved` or `?logo_error=…`.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The sentence for each refusal code the server may send back.
fn problem(code: &str) -> &'static str {
    match code {
        "empty" => "Choose an image file first.",
        "too_large" => "That file is too large: a logo can be at most 512 KB.",
        "wrong_type" => "That file is not a PNG, JPEG or SVG image.",
        _ => "You cannot change this logo; ask an owner.",
    }
}

#[component]
pub fn LogoUpload(
    /// The logo now in use, if any.
    current: Option<String>,
    /// `organisation`, or the survey's id.
    #[prop(into)]
    target: String,
    /// The page to come back to.
    #[prop(into)]
    back: String,
    /// What shows when there is no logo of its own, e.g. "The organisation's logo is used."
    #[prop(into)]
    fallback: String,
) -> impl IntoView {
    let query = use_query_map();
    let outcome = move || {
        query.with(|q| match (q.get("logo").as_deref(), q.get("logo_error")) {
            (Some("saved"), _) => Some((false, "Logo saved.".to_owned())),
            (Some("removed"), _) => Some((false, "Logo removed.".to_owned())),
            (_, Some(code)) => Some((true, problem(&code).to_owned())),
            _ => None,
        })
    };
    let has_logo = current.is_some();
    view! {
        <div class="logo-upload" id="logo">
            <h3>"Logo"</h3>
            {match current {
                Some(src) => view! { <img class="logo-preview" src=src alt="Current logo" /> }.into_any(),
                None => view! { <p class="muted">{fallback}</p> }.into_any(),
            }}
            {move || outcome().map(|(is_error, text)| {
                if is_error {
                    view! { <p class="field-error" role="alert">{text}</p> }.into_any()
                } else {
                    view! { <p class="notice-inline" role="status">{text}</p> }.into_any()
                }
            })}
            <form class="form logo-form" method="post" action="/logos" enctype="multipart/form-data">
                <input type="hidden" name="target" value=target.clone() />
                <input type="hidden" name="back" value=back.clone() />
                <input type="hidden" name="action" value="upload" />
                <label for=format!("logo-file-{target}")>"Upload a logo"</label>
                <p class="field-hint">"PNG, JPEG or SVG, at most 512 KB. It appears at the top of the survey."</p>
                <input
                    id=format!("logo-file-{target}")
                    type="file"
                    name="logo"
                    accept="image/png,image/jpeg,image/svg+xml"
                    required
                />
                <button type="submit" class="button button-quiet">"Upload logo"</button>
            </form>
            {has_logo.then(|| view! {
                <form class="inline-form" method="post" action="/logos" enctype="multipart/form-data">
                    <input type="hidden" name="target" value=target.clone() />
                    <input type="hidden" name="back" value=back.clone() />
                    <input type="hidden" name="action" value="remove" />
                    <button type="submit" class="button button-small button-quiet">"Remove logo"</button>
                </form>
            })}
        </div>
    }
}

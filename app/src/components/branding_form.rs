//! The branding form of the organisation or of one survey: brand name, colour and logo in one
//! plain multipart form to `/branding`, saved as a whole, so it works without JavaScript and
//! choosing a logo never loses a name or colour typed before it. The server sends the page back
//! with `?branding=saved`, or with `?branding_error=<code>` and what was typed.

use super::branding_fields::BrandingFields;
use crate::error::AppError;
use domain::brand::parse_branding;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The sentence for each refusal code the server may send back.
fn problem(code: &str) -> &'static str {
    match code {
        "fields" => "Check the brand name and colour below; nothing was saved.",
        "too_large" => "That logo is too large: a logo can be at most 512 KB. Nothing was saved.",
        "wrong_type" => "That logo is not a PNG, JPEG or SVG image. Nothing was saved.",
        "empty" => "That logo file is empty. Nothing was saved.",
        "not_saved" => "The branding could not be saved just now. Please try again.",
        _ => "You cannot change this branding; ask an owner.",
    }
}

#[component]
pub fn BrandingForm(
    /// `organisation`, or the survey's id.
    #[prop(into)]
    target: String,
    /// The page to come back to.
    #[prop(into)]
    back: String,
    brand_name: Option<String>,
    colour: Option<String>,
    /// The logo now in use, if any.
    logo_url: Option<String>,
    #[prop(into)] name_hint: String,
    /// What applies when the colour is left empty, e.g. "the organisation's colour".
    #[prop(into)]
    fallback: String,
    /// What shows when there is no logo of its own, e.g. "The organisation's logo is used."
    #[prop(into)]
    logo_fallback: String,
) -> impl IntoView {
    let query = use_query_map().get_untracked();
    let refused = query.get("branding_error");
    let saved = query.get("branding").is_some_and(|s| s == "saved");
    // A refused form comes back with what was typed, and the same checks say what is wrong.
    let (brand_name, colour, error) = match &refused {
        Some(_) => {
            let name = query.get("brand_name").unwrap_or_default();
            let colour = query.get("brand_colour").unwrap_or_default();
            let error = parse_branding(&name, &colour)
                .err()
                .map(AppError::Validation);
            (Some(name), Some(colour), error)
        }
        None => (brand_name, colour, None),
    };
    let file_id = format!("logo-file-{target}");
    let remove_id = format!("logo-remove-{target}");
    let has_logo = logo_url.is_some();
    view! {
        <form class="form branding-form" id="branding" method="post" action="/branding" enctype="multipart/form-data" novalidate>
            {refused.map(|code| view! { <p class="form-alert" role="alert">{problem(&code)}</p> })}
            {saved.then(|| view! { <p class="notice-inline" role="status">"Branding saved."</p> })}
            <input type="hidden" name="target" value=target.clone() />
            <input type="hidden" name="back" value=back />
            <BrandingFields
                brand_name
                colour
                name_hint
                fallback
                error=Signal::stored(error)
            />
            <fieldset class="logo-upload">
                <legend>"Logo"</legend>
                {match logo_url {
                    Some(src) => view! { <img class="logo-preview" src=src alt="Current logo" /> }.into_any(),
                    None => view! { <p class="muted">{logo_fallback}</p> }.into_any(),
                }}
                <label for=file_id.clone()>{if has_logo { "Replace the logo" } else { "Upload a logo" }}</label>
                <p class="field-hint" id=format!("{file_id}-hint")>"PNG, JPEG or SVG, at most 512 KB. It appears at the top of the survey. Leave empty to keep the logo as it is."</p>
                <input
                    id=file_id.clone()
                    type="file"
                    name="logo"
                    accept="image/png,image/jpeg,image/svg+xml"
                    aria-describedby=format!("{file_id}-hint")
                />
                {has_logo.then(|| view! {
                    <label class="checkbox" for=remove_id.clone()>
                        <input id=remove_id.clone() type="checkbox" name="remove_logo" value="1" />
                        " Remove the logo"
                    </label>
                })}
            </fieldset>
            <button type="submit" class="button">"Save branding"</button>
        </form>
    }
}

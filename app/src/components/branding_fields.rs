//! Brand name and primary colour inputs, with a live WCAG check of white text on the colour.

use super::field::{Field, field_error};
use crate::error::AppError;
use domain::brand::{Colour, contrast_advice, contrast_text};
use leptos::prelude::*;

/// Kindred's own blue, used when no brand colour is set.
pub const DEFAULT_COLOUR: &str = "#1d4e89";

/// What the contrast line says about `text`: the ratio, and a warning under 4.5:1.
fn advice(text: &str, fallback: &str) -> (String, bool) {
    if text.trim().is_empty() {
        return (format!("No colour set: {fallback} is used."), false);
    }
    match Colour::parse("brand_colour", text) {
        Ok(colour) => match contrast_advice(colour) {
            (ratio, None) => (
                format!(
                    "White text on this colour: {}:1 — readable (at least 4.5:1).",
                    contrast_text(ratio)
                ),
                false,
            ),
            (_, Some(warning)) => (warning, true),
        },
        Err(error) => (error.message, true),
    }
}

#[component]
pub fn BrandingFields(
    brand_name: Option<String>,
    colour: Option<String>,
    #[prop(into)] name_hint: String,
    /// What applies when the colour is left empty, e.g. "the organisation's colour".
    #[prop(into)]
    fallback: String,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let text = RwSignal::new(colour.unwrap_or_default());
    let check = Memo::new(move |_| advice(&text.get(), &fallback));
    let swatch = move || {
        let colour = Colour::parse("brand_colour", &text.get())
            .map(|c| c.to_string())
            .unwrap_or_else(|_| DEFAULT_COLOUR.to_owned());
        format!("background-color: {colour}")
    };
    let picker_value = move || {
        Colour::parse("brand_colour", &text.get())
            .map(|c| c.to_string())
            .unwrap_or_else(|_| DEFAULT_COLOUR.to_owned())
    };
    view! {
        <Field
            label="Brand name"
            name="brand_name"
            required=false
            hint=name_hint
            value=brand_name.unwrap_or_default()
            error=field_error(error, "brand_name")
        />
        <div class="field" class:field-invalid=move || check.get().1>
            <label for="field-brand_colour">"Primary colour"</label>
            <p class="field-hint" id="brand-colour-hint">
                "Survey buttons and headings use it, with white text. Write it like #1d4e89, or pick it."
            </p>
            <div class="colour-row">
                <input
                    type="color"
                    aria-label="Pick the primary colour"
                    prop:value=picker_value
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
                <input
                    id="field-brand_colour"
                    type="text"
                    name="brand_colour"
                    placeholder=DEFAULT_COLOUR
                    aria-describedby="brand-colour-hint brand-colour-contrast"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
                <span class="swatch" style=swatch aria-hidden="true">"Aa"</span>
            </div>
            <p id="brand-colour-contrast" class="contrast" class:contrast-warning=move || check.get().1 role="status">
                {move || check.get().0}
            </p>
            {move || {
                field_error(error, "brand_colour")
                    .get()
                    .map(|m| view! { <p class="field-error">{m}</p> })
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::advice;

    #[test]
    fn the_contrast_line_warns_only_when_text_would_be_hard_to_read() {
        assert!(!advice("#1d4e89", "Kindred's blue").1);
        let (message, warn) = advice("#ffd700", "Kindred's blue");
        assert!(warn && message.contains("at least 4.5:1"), "{message}");
        assert_eq!(
            advice("", "the organisation's colour").0,
            "No colour set: the organisation's colour is used."
        );
        assert!(advice("gold", "x").1);
    }
}

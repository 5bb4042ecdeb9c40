//! Brand colours and the WCAG contrast check that keeps text on them readable.

use super::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// WCAG 2 level AA for normal-size text.
pub const MIN_TEXT_CONTRAST: f64 = 4.5;

/// An sRGB colour written `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

pub const WHITE: Colour = Colour {
    r: 255,
    g: 255,
    b: 255,
};
pub const BLACK: Colour = Colour { r: 0, g: 0, b: 0 };

impl Colour {
    /// Accepts `#1d4e89`, `1D4E89` and the short `#14a`.
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let hex = input.trim().trim_start_matches('#');
        let expanded: String = match hex.len() {
            3 => hex.chars().flat_map(|c| [c, c]).collect(),
            6 => hex.to_owned(),
            _ => String::new(),
        };
        let channel = |i: usize| u8::from_str_radix(expanded.get(i..i + 2)?, 16).ok();
        match (channel(0), channel(2), channel(4)) {
            (Some(r), Some(g), Some(b)) => Ok(Colour { r, g, b }),
            _ => Err(FieldError::new(
                field,
                format!("“{}” is not a colour; write it like #1d4e89.", input.trim()),
            )),
        }
    }

    /// Relative luminance as WCAG 2 defines it (0 for black, 1 for white).
    pub fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }

    /// The WCAG contrast ratio between two colours, from 1 (none) to 21 (black on white).
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a >= b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// What to tell someone choosing `colour` as a brand colour, on which Kindred puts white text
/// (buttons, headers): the ratio, and a warning when it is under WCAG AA.
pub fn contrast_advice(colour: Colour) -> (f64, Option<String>) {
    let ratio = colour.contrast(WHITE);
    let warning = (ratio < MIN_TEXT_CONTRAST).then(|| {
        format!(
            "White text on this colour has a contrast of {}:1; at least 4.5:1 is needed to be readable. Choose a darker shade.",
            contrast_text(ratio)
        )
    });
    (ratio, warning)
}

/// A contrast ratio as shown beside the 4.5:1 threshold: cut (not rounded) to two places, so a
/// ratio just under the threshold never reads as reaching it (4.496 → "4.49").
pub fn contrast_text(ratio: f64) -> String {
    format!("{:.2}", (ratio * 100.0).floor() / 100.0)
}

/// The text colour to put on `colour`: white when it is readable there, else whichever of white
/// and black contrasts more, so a respondent page stays legible even with a pale brand colour.
pub fn text_on(colour: Colour) -> Colour {
    if colour.contrast(WHITE) >= MIN_TEXT_CONTRAST
        || colour.contrast(WHITE) >= colour.contrast(BLACK)
    {
        WHITE
    } else {
        BLACK
    }
}

/// Reads branding inputs: both optional, the name at most 100 characters, the colour a colour.
/// Returns what to store, `None` meaning "not set, use the organisation's".
pub fn parse_branding(
    brand_name: &str,
    colour: &str,
) -> Result<(Option<String>, Option<String>), Vec<FieldError>> {
    let name = brand_name.split_whitespace().collect::<Vec<_>>().join(" ");
    let name_error = if name.chars().count() > 100 {
        Some(FieldError::new(
            "brand_name",
            "Use at most 100 characters for the brand name.",
        ))
    } else {
        crate::typed_text::refuse_hidden_characters("brand_name", &name, false).err()
    };
    let colour = colour.trim();
    let colour = if colour.is_empty() {
        Ok(None)
    } else {
        Colour::parse("brand_colour", colour).map(Some)
    };
    match (name_error, colour) {
        (None, Ok(colour)) => Ok((
            (!name.is_empty()).then_some(name),
            colour.map(|c| c.to_string()),
        )),
        (name_error, colour) => Err(name_error.into_iter().chain(colour.err()).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ratio_just_under_the_threshold_never_reads_as_reaching_it() {
        assert_eq!(contrast_text(4.496), "4.49");
        assert_eq!(contrast_text(4.5), "4.50");
        assert_eq!(contrast_text(12.634), "12.63");
    }

    #[test]
    fn text_on_a_pale_brand_colour_turns_black() {
        assert_eq!(text_on(colour("#1d4ed8")), WHITE);
        assert_eq!(text_on(colour("#fde047")), BLACK);
    }

    fn colour(hex: &str) -> Colour {
        Colour::parse("colour", hex).unwrap()
    }

    #[test]
    fn colours_are_read_long_short_and_in_any_case() {
        assert_eq!(
            colour("#1D4E89"),
            Colour {
                r: 0x1d,
                g: 0x4e,
                b: 0x89
            }
        );
        assert_eq!(
            colour("14a"),
            Colour {
                r: 0x11,
                g: 0x44,
                b: 0xaa
            }
        );
        assert_eq!(colour("#1d4e89").to_string(), "#1d4e89");
        let err = Colour::parse("colour", "blue").unwrap_err();
        assert!(err.message.contains("#1d4e89"), "{}", err.message);
        assert!(Colour::parse("colour", "#12345g").is_err());
    }

    #[test]
    fn black_on_white_is_21_to_1() {
        assert!((BLACK.contrast(WHITE) - 21.0).abs() < 1e-9);
        assert!((WHITE.contrast(WHITE) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn the_lightest_aa_grey_passes_and_the_next_fails() {
        // #767676 on white is the well-known 4.54:1; #777777 is 4.48:1 (WebAIM contrast checker).
        let (ratio, warning) = contrast_advice(colour("#767676"));
        assert!((ratio - 4.54).abs() < 0.005, "{ratio}");
        assert!(warning.is_none());
        let (ratio, warning) = contrast_advice(colour("#777777"));
        assert!((ratio - 4.48).abs() < 0.005, "{ratio}");
        assert!(warning.unwrap().contains("4.5:1"));
    }

    #[test]
    fn empty_branding_inputs_mean_not_set_and_colours_are_stored_canonically() {
        assert_eq!(parse_branding("  ", "").unwrap(), (None, None));
        assert_eq!(
            parse_branding(" Park  Friends ", "#1D4E89").unwrap(),
            (Some("Park Friends".into()), Some("#1d4e89".into()))
        );
        let errors = parse_branding(&"x".repeat(101), "teal").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["brand_name", "brand_colour"]);
    }

    #[test]
    fn kindreds_own_blue_is_readable() {
        let (ratio, warning) = contrast_advice(colour("#1d4e89"));
        assert!(ratio > 8.0 && warning.is_none(), "{ratio}");
    }
}

//! Text as people typed it. A browser counts a line break in a `<textarea>` as one character for
//! `maxlength`, but sends it as CR LF in a form post; counting what arrived would refuse an answer
//! the page accepted. Every length limit therefore counts text after [`normalise_line_breaks`],
//! on the server and in the browser alike, and the normalised text is what gets stored.

use std::borrow::Cow;

/// CR LF and lone CR become LF.
pub fn normalise_line_breaks(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// How many characters a person sees in `text`: Unicode scalar values after
/// [`normalise_line_breaks`]. (A browser's `maxlength` counts UTF-16 units, which is never fewer,
/// so text a browser accepted is never refused here.)
pub fn visible_chars(text: &str) -> usize {
    normalise_line_breaks(text).chars().count()
}

/// Whether `text` holds a character that cannot be stored or that changes how *other* text reads
/// without being seen: NUL and other control characters (line breaks and tabs allowed when
/// `multi_line`), U+FFFD (bytes that were not UTF-8, replaced on the way in), and Unicode's
/// default-ignorable code points — bidirectional marks, overrides and isolates (which can make a
/// name display backwards), zero-width spaces, word joiners, byte-order marks, soft hyphens,
/// invisible fillers and tag characters. Source: `Default_Ignorable_Code_Point` in the Unicode
/// Character Database (DerivedCoreProperties.txt, Unicode 16). Allowed because text needs them:
/// zero-width joiners and non-joiners (emoji, Persian, Indic scripts), variation selectors
/// (❤️ is U+2764 U+FE0F), and tag characters inside a flag sequence (🏴 U+1F3F4 … U+E007F, the
/// flags of Scotland, England and Wales).
pub fn has_hidden_characters(text: &str, multi_line: bool) -> bool {
    let mut in_flag = false;
    text.chars().any(|c| {
        if c == '\u{1F3F4}' {
            in_flag = true;
            return false;
        }
        if matches!(c, '\u{E0020}'..='\u{E007F}') {
            let allowed = in_flag;
            in_flag = in_flag && c != '\u{E007F}';
            return !allowed;
        }
        in_flag = false;
        (c.is_control() && !(multi_line && matches!(c, '\n' | '\t' | '\r')))
            || c == '\u{FFFD}'
            || is_default_ignorable(c)
                && !matches!(c, '\u{200C}' | '\u{200D}')
                && !matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
    })
}

/// [`has_hidden_characters`] as a refusal of `field`, worded for the person who typed it.
///
/// # Errors
/// A [`crate::FieldError`] for `field` when `text` holds such a character.
pub fn refuse_hidden_characters(
    field: &str,
    text: &str,
    multi_line: bool,
) -> Result<(), crate::FieldError> {
    if has_hidden_characters(text, multi_line) {
        Err(crate::FieldError::new(
            field,
            "Remove the invisible characters (control characters, right-to-left marks, \
             zero-width spaces or characters that did not arrive intact).",
        ))
    } else {
        Ok(())
    }
}

/// Unicode's `Default_Ignorable_Code_Point` property (DerivedCoreProperties.txt, Unicode 16):
/// characters that render as nothing unless a font chooses otherwise.
fn is_default_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// `text` as it must be written inside HTML or XML markup — element text or a quoted attribute —
/// to stay text: `&`, `<`, `>` and both quotes escaped. For the few places text reaches markup
/// outside Leptos's view macro, which escapes by itself: the server-rendered `<title>`, SVG drawn
/// by hand.
pub fn escape_markup(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_found_and_ordinary_text_passes() {
        for hidden in [
            "a\0b",
            "\u{202E}evil",
            "x\u{2066}y",
            "zero\u{200B}width",
            "\u{FEFF}bom",
            // What an attack found passing before: bidi marks, soft hyphen, fillers, tags.
            "ab\u{061C}cd",
            "ab\u{200E}cd",
            "ab\u{200F}cd",
            "ab\u{00AD}cd",
            "ab\u{034F}cd",
            "ab\u{180E}cd",
            "ab\u{115F}cd",
            "ab\u{206A}cd",
            "ab\u{1D173}cd",
            "ab\u{E0041}cd",
            "garbled \u{FFFD} bytes",
            "\u{E0067}\u{E0062}\u{E007F} tags without a flag",
        ] {
            assert!(has_hidden_characters(hidden, true), "{hidden:?}");
        }
        assert!(has_hidden_characters("two\nlines", false));
        for fine in [
            "two\nlines\tand a tab",
            "Zoë & Ali 👩\u{200D}🌾",
            "می\u{200C}خواهم",
            "شبكة",
            "I \u{2764}\u{FE0F} it",
            "Go \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} Scotland",
        ] {
            assert!(!has_hidden_characters(fine, true), "{fine:?}");
        }
    }

    #[test]
    fn markup_in_text_stays_text() {
        assert_eq!(
            escape_markup("</title><script src=//x>'\"&"),
            "&lt;/title&gt;&lt;script src=//x&gt;&#x27;&quot;&amp;"
        );
    }

    #[test]
    fn a_line_break_counts_once_however_it_was_sent() {
        assert_eq!(visible_chars("ab\r\ncd"), 5);
        assert_eq!(visible_chars("ab\ncd"), 5);
        assert_eq!(visible_chars("ab\rcd"), 5);
        assert_eq!(normalise_line_breaks("a\r\n\r\nb"), "a\n\nb");
        assert!(matches!(normalise_line_breaks("plain"), Cow::Borrowed(_)));
    }
}

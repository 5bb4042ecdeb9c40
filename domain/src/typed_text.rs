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
/// `multi_line`), bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can
/// make a name display backwards, and zero-width spaces, word joiners and byte-order marks.
/// Zero-width joiners and non-joiners stay allowed: emoji and several scripts need them.
pub fn has_hidden_characters(text: &str, multi_line: bool) -> bool {
    text.chars().any(|c| {
        (c.is_control() && !(multi_line && matches!(c, '\n' | '\t' | '\r')))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
    })
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
        ] {
            assert!(has_hidden_characters(hidden, true), "{hidden:?}");
        }
        assert!(has_hidden_characters("two\nlines", false));
        for fine in [
            "two\nlines\tand a tab",
            "Zoë & Ali 👩\u{200D}🌾",
            "می\u{200C}خواهم",
            "شبكة",
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

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

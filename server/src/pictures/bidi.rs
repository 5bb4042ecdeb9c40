//! Right-to-left text (Hebrew, Arabic …) in the pictures Kindred draws: charts and identity cards.
//! In a page, `dir="auto"` lets the browser find each text's direction. A picture needs it done
//! for it: in SVG, the browser lays out the text, so a label with right-to-left letters is
//! wrapped in Unicode's *first strong isolate* marks and takes the direction of its first letter;
//! a PNG is drawn glyph by glyph, so its text is put into visual order first (Unicode's
//! bidirectional algorithm, by the `unicode-bidi` crate). Arabic letters are drawn in their
//! isolated forms in a PNG (there is no shaping); in SVG the browser shapes them.

use std::borrow::Cow;
use unicode_bidi::BidiInfo;

/// How text for a picture is prepared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextOrder {
    /// For SVG: logical order, right-to-left text isolated with its own direction.
    Isolated,
    /// For PNG: visual order, ready to draw left to right.
    Visual,
}

/// First strong isolate … pop directional isolate.
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

impl TextOrder {
    /// `text` prepared for this kind of picture; text without right-to-left letters is unchanged.
    pub fn apply(self, text: &str) -> Cow<'_, str> {
        let info = BidiInfo::new(text, None);
        if !info.has_rtl() {
            return Cow::Borrowed(text);
        }
        match self {
            TextOrder::Isolated => Cow::Owned(format!("{FSI}{text}{PDI}")),
            TextOrder::Visual => Cow::Owned(
                info.paragraphs
                    .iter()
                    .map(|p| info.reorder_line(p, p.range.clone()).into_owned())
                    .collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TextOrder;

    #[test]
    fn a_hebrew_question_keeps_its_question_mark_at_its_end() {
        // "מה שלומך?" — in visual order, the question mark is drawn first (leftmost).
        let visual = TextOrder::Visual.apply("מה שלומך?");
        assert_eq!(visual, "?ךמולש המ");
        assert_eq!(
            TextOrder::Isolated.apply("מה שלומך?"),
            "\u{2068}מה שלומך?\u{2069}"
        );
    }

    #[test]
    fn left_to_right_text_is_left_alone() {
        assert_eq!(TextOrder::Visual.apply("Identity (46%)"), "Identity (46%)");
        assert_eq!(TextOrder::Isolated.apply("Identity"), "Identity");
    }

    #[test]
    fn an_arabic_answer_ends_with_its_exclamation_mark_on_the_left() {
        let visual = TextOrder::Visual.apply("مرحبا!");
        assert!(visual.starts_with('!'), "{visual}");
    }
}

//! The overlap picture (Aron's "inclusion of other in the self"): seven pairs of circles, "me" and
//! the organisation, from far apart (1) to almost one (7).

/// The text alternative of each picture, from apart (1) to nearly one (7).
pub const OVERLAP_LEVELS: [&str; 7] = [
    "Far apart: the two circles do not touch",
    "Close together but not touching",
    "Just touching",
    "Overlapping a little",
    "Overlapping about half",
    "Overlapping a lot",
    "Almost one circle",
];

/// The text of picture `level` (1–7); empty for any other number.
pub fn overlap_label(level: usize) -> &'static str {
    level
        .checked_sub(1)
        .and_then(|i| OVERLAP_LEVELS.get(i))
        .copied()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_picture_has_its_text() {
        assert_eq!(
            super::overlap_label(1),
            "Far apart: the two circles do not touch"
        );
        assert_eq!(super::overlap_label(7), "Almost one circle");
        assert_eq!(super::overlap_label(0), "");
        assert_eq!(super::overlap_label(8), "");
    }
}

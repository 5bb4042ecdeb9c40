//! Rollup spans: the counts of aligned blocks of 4, 16, 64, 256 and 1,024 days, kept beside the
//! day rows so that a view with a date range sums a few rows per cell instead of one per day.
//!
//! A block of level `l` holds the `4^l` days from a multiple of `4^l` (days since 1970-01-01,
//! UTC); level 0 is the day rows themselves. Any range of days is the union of disjoint aligned
//! blocks, at most three per level on each side of its largest block (the segment-tree cover),
//! so four weeks need at most 11 rows per version and cell instead of 28, a year at most 21
//! instead of 365.

/// The coarsest level kept: blocks of `4^5 = 1,024` days, about 2.8 years.
pub const TOP_LEVEL: u32 = 5;

/// Days in a block of `level`.
pub fn span_len(level: u32) -> i64 {
    4_i64.pow(level)
}

/// The first day of the block of `level` holding `day`.
pub fn span_start(day: i64, level: u32) -> i64 {
    day - day.rem_euclid(span_len(level))
}

/// A range of days since 1970-01-01 (UTC): from `from` (inclusive) to `to` (exclusive), either
/// side open when `None`. Both `None` is every day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayRange {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

impl DayRange {
    /// Whether the range leaves out no day.
    pub fn is_all(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// The rollup rows that together hold exactly the days of a range: disjoint, covering it whole.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpanCover {
    /// Day rows (level 0).
    pub days: Vec<i64>,
    /// Span rows: (level ≥ 1, first day).
    pub spans: Vec<(u32, i64)>,
    /// An open start: every top-level block that starts before this day.
    pub top_before: Option<i64>,
    /// An open end: every top-level block that starts on or after this day.
    pub top_from: Option<i64>,
}

impl SpanCover {
    /// The cover of `range`: a range whose `to` is not after its `from` covers nothing. An open
    /// side is covered by top-level blocks up to the first top-level boundary inside the range.
    pub fn of(range: DayRange) -> Self {
        let mut cover = SpanCover::default();
        let top = span_len(TOP_LEVEL);
        match (range.from, range.to) {
            (Some(from), Some(to)) => cover.add_blocks(from, to),
            (None, Some(to)) => {
                let boundary = span_start(to, TOP_LEVEL);
                cover.top_before = Some(boundary);
                cover.add_blocks(boundary, to);
            }
            (Some(from), None) => {
                let boundary = span_start(from + top - 1, TOP_LEVEL);
                cover.add_blocks(from, boundary);
                cover.top_from = Some(boundary);
            }
            (None, None) => cover.top_from = Some(i64::MIN),
        }
        cover
    }

    /// Adds the largest aligned blocks that fill `from..to`, left to right.
    fn add_blocks(&mut self, mut from: i64, to: i64) {
        while from < to {
            let level = (1..=TOP_LEVEL)
                .rev()
                .find(|&l| from.rem_euclid(span_len(l)) == 0 && from + span_len(l) <= to)
                .unwrap_or(0);
            if level == 0 {
                self.days.push(from);
            } else {
                self.spans.push((level, from));
            }
            from += span_len(level);
        }
    }

    /// The span rows at `level` (≥ 1) that the cover names one by one.
    pub fn starts_at(&self, level: u32) -> Vec<i64> {
        self.spans
            .iter()
            .filter(|(l, _)| *l == level)
            .map(|(_, start)| *start)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every day the cover holds, given the days that have rows, for comparison with the range.
    fn covered(cover: &SpanCover, stored: std::ops::Range<i64>) -> Vec<i64> {
        let mut days: Vec<i64> = cover.days.clone();
        for (level, start) in &cover.spans {
            days.extend(*start..start + span_len(*level));
        }
        let top = span_len(TOP_LEVEL);
        for day in stored.clone() {
            let start = span_start(day, TOP_LEVEL);
            let open_start = cover.top_before.is_some_and(|b| start < b);
            let open_end = cover.top_from.is_some_and(|f| start >= f);
            if (open_start || open_end) && day - start < top {
                days.push(day);
            }
        }
        days.retain(|d| stored.contains(d));
        days.sort();
        days
    }

    #[test]
    fn every_range_is_covered_exactly_once() {
        let stored = -3000..6000;
        let edges = [
            -2100, -1025, -1024, -1, 0, 1, 3, 4, 15, 16, 17, 27, 28, 63, 64, 100, 1023, 1024, 1025,
            2047, 2048, 4100,
        ];
        for &from in &edges {
            for &to in &edges {
                let cover = SpanCover::of(DayRange {
                    from: Some(from),
                    to: Some(to),
                });
                let expected: Vec<i64> = (from..to).filter(|d| stored.contains(d)).collect();
                assert_eq!(covered(&cover, stored.clone()), expected, "{from}..{to}");
            }
            let open_end = SpanCover::of(DayRange {
                from: Some(from),
                to: None,
            });
            let expected: Vec<i64> = stored.clone().filter(|d| *d >= from).collect();
            assert_eq!(covered(&open_end, stored.clone()), expected, "{from}..");
            let open_start = SpanCover::of(DayRange {
                from: None,
                to: Some(from),
            });
            let expected: Vec<i64> = stored.clone().filter(|d| *d < from).collect();
            assert_eq!(covered(&open_start, stored.clone()), expected, "..{from}");
        }
        let all = SpanCover::of(DayRange::default());
        assert_eq!(covered(&all, stored.clone()), stored.collect::<Vec<_>>());
    }

    #[test]
    fn four_weeks_take_few_rows() {
        // 2026-11-03 to 2026-12-01: 28 days.
        let cover = SpanCover::of(DayRange {
            from: Some(20_395),
            to: Some(20_423),
        });
        let rows = cover.days.len() + cover.spans.len();
        assert!(rows <= 11, "{cover:?}");
        for from in 20_000..20_400 {
            let cover = SpanCover::of(DayRange {
                from: Some(from),
                to: Some(from + 28),
            });
            assert!(
                cover.days.len() + cover.spans.len() <= 11,
                "{from}: {cover:?}"
            );
        }
        for from in 20_000..20_400 {
            let cover = SpanCover::of(DayRange {
                from: Some(from),
                to: Some(from + 365),
            });
            assert!(
                cover.days.len() + cover.spans.len() <= 21,
                "{from}: {cover:?}"
            );
        }
    }

    #[test]
    fn blocks_start_on_their_boundaries() {
        assert_eq!(span_start(-1, 1), -4);
        assert_eq!(span_start(17, 2), 16);
        assert_eq!(span_start(1023, TOP_LEVEL), 0);
        let cover = SpanCover::of(DayRange {
            from: Some(5),
            to: Some(40),
        });
        assert_eq!(cover.days, vec![5, 6, 7]);
        assert_eq!(
            cover.spans,
            vec![(1, 8), (1, 12), (2, 16), (1, 32), (1, 36)]
        );
    }
}

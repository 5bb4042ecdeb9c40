//! Dates as people read them.

/// `1764115200` → `26 Nov 2025` (UTC).
pub fn format_day(unix_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(unix_seconds, 0)
        .map(|t| t.format("%-d %b %Y").to_string())
        .unwrap_or_default()
}

/// `1764115200` → `2025-11-26`, the value an `<input type="date">` takes (UTC).
pub fn iso_day(unix_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(unix_seconds, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `"2025-11-26"` (as a date field sends it) → `26 Nov 2025`; anything else as it came.
pub fn format_iso_day(day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| d.format("%-d %b %Y").to_string())
        .unwrap_or_else(|_| day.to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_are_written_day_month_year() {
        // 2025-11-26T00:00:00Z
        assert_eq!(super::format_day(1_764_115_200), "26 Nov 2025");
        assert_eq!(super::iso_day(1_764_115_200 + 86_399), "2025-11-26");
        assert_eq!(super::format_iso_day("2025-11-26"), "26 Nov 2025");
        assert_eq!(super::format_iso_day("soon"), "soon");
    }
}

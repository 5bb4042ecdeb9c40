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

#[cfg(test)]
mod tests {
    #[test]
    fn days_are_written_day_month_year() {
        // 2025-11-26T00:00:00Z
        assert_eq!(super::format_day(1_764_115_200), "26 Nov 2025");
        assert_eq!(super::iso_day(1_764_115_200 + 86_399), "2025-11-26");
    }
}

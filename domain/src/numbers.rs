//! Figures as people read them: rounded half away from zero (12.5 → 13, −12.5 → −13), the way
//! people round by hand and spreadsheets' `ROUND` does. Rust's `format!("{:.0}")` rounds half to
//! even (12.5 → "12"), so every figure shown goes through here instead.

/// `x` rounded to `decimals` places, halves away from zero. `-0.0` becomes `0.0`, so no figure
/// reads "−0".
pub fn round_half_away(x: f64, decimals: u32) -> f64 {
    let scale = 10f64.powi(decimals as i32);
    let rounded = (x * scale).round() / scale;
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// `x` with exactly `decimals` places: `fixed(2.345, 2)` → `"2.35"`.
pub fn fixed(x: f64, decimals: u32) -> String {
    let places = decimals as usize;
    with_minus(format!("{:.places$}", round_half_away(x, decimals)))
}

/// `x` with a sign in front unless it rounds to zero: `signed(12.5, 0)` → `"+13"`,
/// `signed(-12.5, 0)` → `"−13"`, `signed(0.2, 0)` → `"0"`. For scores that run from negative
/// to positive, such as the Net Promoter Score.
pub fn signed(x: f64, decimals: u32) -> String {
    let rounded = round_half_away(x, decimals);
    let text = fixed(rounded, decimals);
    if rounded > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// A share from 0 to 1 as a whole percentage: `percent(0.125)` → `"13%"`.
pub fn percent(share: f64) -> String {
    format!("{}%", fixed(share * 100.0, 0))
}

/// A whole count with thousands separated: `count(2000)` → `"2,000"`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A p-value as statisticians write it: "< 0.001" (kept on one line) below a thousandth, else
/// three places.
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "<\u{a0}0.001".to_owned()
    } else {
        fixed(p, 3)
    }
}

/// Typographic minus (U+2212) instead of the hyphen, which screen readers read as "dash".
fn with_minus(text: String) -> String {
    match text.strip_prefix('-') {
        Some(rest) => format!("\u{2212}{rest}"),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_round_away_from_zero() {
        // NPS of 10,10,9,7,8,8,0,6: 3 promoters, 2 detractors of 8 → 12.5.
        assert_eq!(signed(12.5, 0), "+13");
        assert_eq!(signed(-12.5, 0), "\u{2212}13");
        assert_eq!(signed(37.5, 0), "+38");
        assert_eq!(fixed(0.5, 0), "1");
        assert_eq!(fixed(2.5, 0), "3");
        assert_eq!(fixed(5.125, 2), "5.13");
        assert_eq!(percent(0.125), "13%");
        assert_eq!(percent(0.465), "47%");
    }

    #[test]
    fn nothing_reads_minus_zero() {
        assert_eq!(fixed(-0.4, 0), "0");
        assert_eq!(signed(-0.4, 0), "0");
        assert_eq!(signed(0.4, 0), "0");
        assert_eq!(fixed(-0.004, 2), "0.00");
    }

    #[test]
    fn counts_and_p_values_read_as_written_by_hand() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(2000), "2,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(p_value(0.0004), "<\u{a0}0.001");
        assert_eq!(p_value(0.0125), "0.013");
    }
}

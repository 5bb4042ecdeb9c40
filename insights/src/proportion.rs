//! Proportions with the Wilson score interval, which stays inside 0–1 and behaves for small n.

use crate::{Estimate, Z95};

/// `successes` out of `n` with its Wilson 95% interval; `None` when `n` is 0.
pub fn wilson(successes: u64, n: u64) -> Option<Estimate> {
    if n == 0 {
        return None;
    }
    let n_f = n as f64;
    let p = successes as f64 / n_f;
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n_f)) / (1.0 + z2 / n_f);
    let half = Z95 / (1.0 + z2 / n_f) * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt();
    // At 0 and n the interval touches its bound exactly (not just within rounding).
    let low = if successes == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if successes == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    Some(Estimate::new(p, low, high))
}

#[cfg(test)]
mod tests {
    use super::wilson;

    #[test]
    fn wilson_matches_the_textbook_example() {
        // 81 of 263: Wilson (1927) as worked in Newcombe (1998), Table I, method 3:
        // 0.3080 (0.2553, 0.3662).
        let e = wilson(81, 263).unwrap();
        assert!((e.value - 0.307_985).abs() < 1e-6);
        assert!((e.low - 0.2553).abs() < 5e-5, "{}", e.low);
        assert!((e.high - 0.3662).abs() < 5e-5, "{}", e.high);
    }

    #[test]
    fn wilson_stays_inside_zero_and_one() {
        // 0 of 10: Newcombe (1998) Table I: (0, 0.2775).
        let e = wilson(0, 10).unwrap();
        assert_eq!(e.low, 0.0);
        assert!((e.high - 0.2775).abs() < 5e-5, "{}", e.high);
        let e = wilson(10, 10).unwrap();
        assert_eq!(e.high, 1.0);
        assert_eq!(wilson(0, 0), None);
    }
}

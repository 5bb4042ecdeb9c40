//! Net Promoter Score: promoters (9–10) minus detractors (0–6), in points from −100 to +100, with
//! a 95% interval from the variance of a difference of multinomial shares.

use crate::{Estimate, Z95};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Nps {
    pub n: u64,
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
    /// Percentage points, −100…+100.
    pub score: Estimate,
}

/// From the count of each answer 0–10.
pub fn nps(counts: &[u64; 11]) -> Option<Nps> {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return None;
    }
    let detractors: u64 = counts[..=6].iter().sum();
    let passives = counts[7] + counts[8];
    let promoters = counts[9] + counts[10];
    let n_f = n as f64;
    let (p, d) = (promoters as f64 / n_f, detractors as f64 / n_f);
    let score = p - d;
    let se = ((p + d - score * score) / n_f).sqrt();
    let clamp = |x: f64| (x * 100.0).clamp(-100.0, 100.0);
    Some(Nps {
        n,
        promoters,
        passives,
        detractors,
        score: Estimate::new(
            score * 100.0,
            clamp(score - Z95 * se),
            clamp(score + Z95 * se),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::nps;

    #[test]
    fn nps_counts_promoters_minus_detractors_with_an_interval() {
        // 10 answers: 5 promoters (9, 9, 10, 10, 10), 2 passives (7, 8), 3 detractors (0, 3, 6).
        // NPS = 50% − 30% = 20. Var = (0.5 + 0.3 − 0.2²)/10 = 0.076, SE = 0.275681;
        // 20 ± 1.959964 · 27.5681 = 20 ± 54.0325 → (−34.03, 74.03). By hand.
        let mut counts = [0u64; 11];
        for v in [9, 9, 10, 10, 10, 7, 8, 0, 3, 6] {
            counts[v] += 1;
        }
        let r = nps(&counts).unwrap();
        assert_eq!((r.n, r.promoters, r.passives, r.detractors), (10, 5, 2, 3));
        assert!((r.score.value - 20.0).abs() < 1e-9);
        assert!((r.score.low + 34.0325).abs() < 1e-3, "{}", r.score.low);
        assert!((r.score.high - 74.0325).abs() < 1e-3, "{}", r.score.high);
        assert_eq!(nps(&[0; 11]), None);
    }
}

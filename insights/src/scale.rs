//! Agreement scales: Cronbach's α from the item covariance matrix, and the scale score (mean of
//! the items after reversing reverse-keyed ones) from per-respondent score sums.

use serde::{Deserialize, Serialize};

/// Sums and cross-products of k items over the n respondents who answered all of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemMoments {
    pub n: u64,
    pub sums: Vec<f64>,
    /// `cross[i][j]` = Σ xᵢ·xⱼ.
    pub cross: Vec<Vec<f64>>,
}

impl ItemMoments {
    pub fn of(rows: &[Vec<f64>]) -> Self {
        let k = rows.first().map_or(0, Vec::len);
        let mut m = Self {
            n: 0,
            sums: vec![0.0; k],
            cross: vec![vec![0.0; k]; k],
        };
        for row in rows {
            m.n += 1;
            for i in 0..k {
                m.sums[i] += row[i];
                for j in 0..k {
                    m.cross[i][j] += row[i] * row[j];
                }
            }
        }
        m
    }

    /// The sample covariance of items i and j.
    pub fn covariance(&self, i: usize, j: usize) -> f64 {
        let n = self.n as f64;
        (self.cross[i][j] - self.sums[i] * self.sums[j] / n) / (n - 1.0)
    }
}

/// The value α must reach for a scale to count as reliable.
pub const ALPHA_WARNING_BELOW: f64 = 0.7;

/// α = k/(k−1) · (1 − Σσᵢ² / σ²_total), σ²_total = Σᵢⱼ cov(i, j). `None` with fewer than two
/// items or respondents, or when the total has no variance.
pub fn cronbach_alpha(m: &ItemMoments) -> Option<f64> {
    let k = m.sums.len();
    if k < 2 || m.n < 2 {
        return None;
    }
    let item_variance: f64 = (0..k).map(|i| m.covariance(i, i)).sum();
    let total: f64 = (0..k)
        .flat_map(|i| (0..k).map(move |j| (i, j)))
        .map(|(i, j)| m.covariance(i, j))
        .sum();
    (total > 0.0).then(|| k as f64 / (k as f64 - 1.0) * (1.0 - item_variance / total))
}

/// A respondent's point on a reverse-keyed item, turned round (1 ↔ points).
pub fn reverse(value: f64, points: u8) -> f64 {
    f64::from(points) + 1.0 - value
}

/// A respondent's scale score: the mean of the items answered, after reversing, when at least
/// `min_share` of the k items were answered (the design's rule is 80%).
pub fn score(values: &[Option<f64>], min_share: f64) -> Option<f64> {
    let answered: Vec<f64> = values.iter().flatten().copied().collect();
    let needed = (values.len() as f64 * min_share).ceil() as usize;
    (!answered.is_empty() && answered.len() >= needed)
        .then(|| answered.iter().sum::<f64>() / answered.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_matches_the_covariance_formula() {
        // Five respondents, three items. Reference: computed with numpy,
        // c = np.cov(x.T); k/(k-1) * (1 - np.trace(c) / c.sum()) = 0.9440559
        // (the same as R psych::alpha's raw_alpha for these data).
        let rows = vec![
            vec![4.0, 5.0, 4.0],
            vec![2.0, 3.0, 3.0],
            vec![5.0, 5.0, 4.0],
            vec![3.0, 3.0, 2.0],
            vec![1.0, 2.0, 2.0],
        ];
        let alpha = cronbach_alpha(&ItemMoments::of(&rows)).unwrap();
        assert!((alpha - 0.944_055_9).abs() < 1e-6, "{alpha}");
    }

    #[test]
    fn unrelated_items_give_a_low_alpha_and_constant_ones_none() {
        let rows = vec![
            vec![1.0, 3.0],
            vec![4.0, 2.0],
            vec![3.0, 4.0],
            vec![2.0, 1.0],
        ];
        assert!(cronbach_alpha(&ItemMoments::of(&rows)).unwrap() < ALPHA_WARNING_BELOW);
        let flat = vec![vec![3.0, 3.0], vec![3.0, 3.0]];
        assert_eq!(cronbach_alpha(&ItemMoments::of(&flat)), None);
    }

    #[test]
    fn scores_need_most_items_and_reverse_keyed_ones_turn_round() {
        assert_eq!(reverse(2.0, 7), 6.0);
        assert_eq!(
            score(&[Some(6.0), Some(4.0), None, Some(5.0), Some(5.0)], 0.8),
            Some(5.0)
        );
        assert_eq!(
            score(&[Some(6.0), None, None, Some(5.0), Some(5.0)], 0.8),
            None
        );
    }
}

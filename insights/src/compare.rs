//! Comparing segments: Welch's t for means, Pearson's chi-square for counts, the z test of two
//! shares of one sample, and Holm's correction when several comparisons are shown at once.

use crate::moments::Moments;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TestResult {
    pub statistic: f64,
    pub df: f64,
    pub p: f64,
}

/// Welch's unequal-variance t test of two means (two-sided).
pub fn welch_t(a: &Moments, b: &Moments) -> Option<TestResult> {
    let (ma, mb) = (a.mean()?, b.mean()?);
    let (va, vb) = (a.variance()?, b.variance()?);
    let (na, nb) = (a.n as f64, b.n as f64);
    let (sa, sb) = (va / na, vb / nb);
    let se = (sa + sb).sqrt();
    if se == 0.0 {
        return None;
    }
    let statistic = (ma - mb) / se;
    let df = (sa + sb).powi(2) / (sa * sa / (na - 1.0) + sb * sb / (nb - 1.0));
    let t = StudentsT::new(0.0, 1.0, df).ok()?;
    Some(TestResult {
        statistic,
        df,
        // The survival function keeps its precision far in the tail, where 1 − cdf rounds to 0.
        p: 2.0 * t.sf(statistic.abs()),
    })
}

/// Pearson's chi-square test of independence on a table of counts (no continuity correction).
/// Rows or columns that are all zero are left out.
pub fn chi_square(table: &[Vec<u64>]) -> Option<TestResult> {
    let rows: Vec<&Vec<u64>> = table.iter().filter(|r| r.iter().sum::<u64>() > 0).collect();
    let columns = rows.first()?.len();
    let keep: Vec<usize> = (0..columns)
        .filter(|&c| rows.iter().map(|r| r[c]).sum::<u64>() > 0)
        .collect();
    if rows.len() < 2 || keep.len() < 2 {
        return None;
    }
    let total: f64 = rows
        .iter()
        .flat_map(|r| keep.iter().map(|&c| r[c] as f64))
        .sum();
    let mut statistic = 0.0;
    for r in &rows {
        let row_total: f64 = keep.iter().map(|&c| r[c] as f64).sum();
        for &c in &keep {
            let column_total: f64 = rows.iter().map(|r| r[c] as f64).sum();
            let expected = row_total * column_total / total;
            statistic += (r[c] as f64 - expected).powi(2) / expected;
        }
    }
    let df = ((rows.len() - 1) * (keep.len() - 1)) as f64;
    let chi = ChiSquared::new(df).ok()?;
    Some(TestResult {
        statistic,
        df,
        p: chi.sf(statistic),
    })
}

/// Whether two categories of one multinomial sample differ in share (two-sided z test): `a` and
/// `b` of `n` responses chose each, every response one category at most. The two shares are
/// negatively correlated, so the difference's variance is `[p₁ + p₂ − (p₁ − p₂)²] / n`
/// (Agresti, *Categorical Data Analysis*, 3rd ed., §1.4; the Wald form). `df` is 0 (normal);
/// `None` for an empty sample or when every response chose one of the two alike.
pub fn share_difference(a: u64, b: u64, n: u64) -> Option<TestResult> {
    if n == 0 || a + b > n {
        return None;
    }
    let (p1, p2) = (a as f64 / n as f64, b as f64 / n as f64);
    let variance = (p1 + p2 - (p1 - p2).powi(2)) / n as f64;
    if variance <= 0.0 {
        return None;
    }
    let statistic = (p1 - p2) / variance.sqrt();
    let normal = Normal::new(0.0, 1.0).ok()?;
    Some(TestResult {
        statistic,
        df: 0.0,
        p: 2.0 * normal.sf(statistic.abs()),
    })
}

/// Holm's step-down adjusted p-values, in the order given.
pub fn holm(p_values: &[f64]) -> Vec<f64> {
    let m = p_values.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p_values[a].total_cmp(&p_values[b]));
    let mut adjusted = vec![0.0; m];
    let mut running: f64 = 0.0;
    for (rank, &i) in order.iter().enumerate() {
        running = running.max(((m - rank) as f64 * p_values[i]).min(1.0));
        adjusted[i] = running;
    }
    adjusted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_difference_matches_the_normal_tail() {
        // 92 and 60 of 200: z = (0.46 − 0.30) / √((0.46 + 0.30 − 0.16²) / 200)
        // = 2.640393447937799, p = erfc(|z| / √2) = 0.008280982781675517 (Python's math).
        let t = share_difference(92, 60, 200).unwrap();
        assert!((t.statistic - 2.640393447937799).abs() < 1e-12);
        assert!((t.p - 0.008280982781675517).abs() < 1e-12);
        assert_eq!(share_difference(0, 0, 0), None);
        assert_eq!(share_difference(0, 0, 10), None, "nobody chose either");
        assert_eq!(
            share_difference(6, 5, 10),
            None,
            "more choices than responses"
        );
    }

    #[test]
    fn welch_matches_scipy() {
        // scipy.stats.ttest_ind(a, b, equal_var=False): t = 3.9250287, df = 8.9460324,
        // p = 0.0035252.
        let a = Moments::of([5.1, 4.9, 5.6, 6.0, 5.8, 6.2]);
        let b = Moments::of([4.2, 4.8, 5.0, 4.1, 4.6]);
        let r = welch_t(&a, &b).unwrap();
        assert!((r.statistic - 3.925_028_7).abs() < 1e-6, "{}", r.statistic);
        assert!((r.df - 8.946_032_4).abs() < 1e-6, "{}", r.df);
        assert!((r.p - 0.003_525_2).abs() < 1e-6, "{}", r.p);
    }

    #[test]
    fn chi_square_matches_scipy() {
        // scipy.stats.chi2_contingency([[20, 10], [15, 25]], correction=False):
        // statistic 5.8333333, p 0.0157253, dof 1.
        let r = chi_square(&[vec![20, 10], vec![15, 25]]).unwrap();
        assert!((r.statistic - 5.833_333_3).abs() < 1e-6);
        assert!((r.p - 0.015_725_3).abs() < 1e-6, "{}", r.p);
        assert_eq!(r.df, 1.0);
        assert_eq!(chi_square(&[vec![3, 0], vec![4, 0]]), None);
    }

    #[test]
    fn holm_adjusts_step_down_and_keeps_the_order() {
        // By hand: sorted 0.01, 0.02, 0.04 → 3·0.01 = 0.03, max(0.03, 2·0.02) = 0.04,
        // max(0.04, 1·0.04) = 0.04.
        assert_eq!(holm(&[0.04, 0.01, 0.02]), vec![0.04, 0.03, 0.04]);
        assert_eq!(holm(&[0.6, 0.5]), vec![1.0, 1.0]);
    }
}

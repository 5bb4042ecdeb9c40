//! Means from sums: n, Σx and Σx² are all a mean, a standard deviation and a t interval need.

use crate::Estimate;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Moments {
    pub n: u64,
    pub sum: f64,
    pub sum_sq: f64,
}

impl Moments {
    pub fn of(values: impl IntoIterator<Item = f64>) -> Self {
        values.into_iter().fold(Self::default(), |m, x| m.add(x, 1))
    }

    /// Adds `count` observations of `x`.
    pub fn add(self, x: f64, count: u64) -> Self {
        let c = count as f64;
        Self {
            n: self.n + count,
            sum: self.sum + x * c,
            sum_sq: self.sum_sq + x * x * c,
        }
    }

    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }

    /// The sample variance (n − 1 in the denominator).
    pub fn variance(&self) -> Option<f64> {
        (self.n > 1).then(|| {
            let n = self.n as f64;
            ((self.sum_sq - self.sum * self.sum / n) / (n - 1.0)).max(0.0)
        })
    }

    pub fn sd(&self) -> Option<f64> {
        self.variance().map(f64::sqrt)
    }

    /// The mean with its t-based 95% interval (needs n ≥ 2).
    pub fn mean_interval(&self) -> Option<Estimate> {
        let mean = self.mean()?;
        let sd = self.sd()?;
        let n = self.n as f64;
        let t = t_quantile(0.975, n - 1.0)?;
        let half = t * sd / n.sqrt();
        Some(Estimate::new(mean, mean - half, mean + half))
    }
}

/// The `p` quantile of Student's t with `df` degrees of freedom.
pub fn t_quantile(p: f64, df: f64) -> Option<f64> {
    StudentsT::new(0.0, 1.0, df).ok().map(|t| t.inverse_cdf(p))
}

#[cfg(test)]
mod tests {
    use super::Moments;

    #[test]
    fn mean_sd_and_interval_from_sums() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample SD 2.138090; t(0.975, 7) = 2.364624 (scipy
        // stats.t.ppf), so the interval is 5 ± 2.364624 · 2.138090 / √8 = 5 ± 1.787488.
        let m = Moments::of([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(m.mean(), Some(5.0));
        assert!((m.sd().unwrap() - 2.138_090).abs() < 1e-6);
        let e = m.mean_interval().unwrap();
        assert!((e.low - 3.212_512).abs() < 1e-5, "{}", e.low);
        assert!((e.high - 6.787_488).abs() < 1e-5, "{}", e.high);
    }

    #[test]
    fn weighted_adds_equal_repeated_ones() {
        let a = Moments::default().add(3.0, 4).add(1.0, 2);
        let b = Moments::of([3.0, 3.0, 3.0, 3.0, 1.0, 1.0]);
        assert_eq!(a, b);
        assert_eq!(Moments::default().mean_interval(), None);
    }
}

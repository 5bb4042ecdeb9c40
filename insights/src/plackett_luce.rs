//! Plackett–Luce worths from rankings, complete or top-k, fitted with Hunter's (2004) MM
//! algorithm. A ranking of items r₁, r₂, … is a sequence of choices: r₁ from all items, r₂ from
//! the rest, and so on; a top-k ranking stops after k choices, so partial rankings are used, not
//! dropped. Worths are normalised to sum to 1, which makes each the probability that its item is
//! ranked first. Intervals come from the observed information (delta method).

use crate::{Estimate, Z95};

/// Rankings as patterns (item indices, most preferred first) with how often each occurred.
pub type Patterns = [(Vec<usize>, u64)];

#[derive(Debug, Clone, PartialEq)]
pub struct Worths {
    /// Normalised worth (= probability of being ranked first) per item, with its interval.
    pub worths: Vec<Estimate>,
    pub iterations: usize,
    /// Rankings used.
    pub n: u64,
}

/// The choice stages of one ranking: (winner, the set it was chosen from).
fn stages(ranking: &[usize], items: usize) -> impl Iterator<Item = (usize, Vec<usize>)> + '_ {
    let choices = ranking.len().min(items.saturating_sub(1));
    (0..choices).map(move |j| {
        let chosen = &ranking[..j];
        let set = (0..items).filter(|i| !chosen.contains(i)).collect();
        (ranking[j], set)
    })
}

/// Fits worths for `items` items. `None` when there are no rankings, or when some item never
/// wins a choice or never loses one (the maximum-likelihood worth is then 0 or infinite).
pub fn fit(patterns: &Patterns, items: usize) -> Option<Worths> {
    let n: u64 = patterns.iter().map(|(_, c)| c).sum();
    if n == 0 || items < 2 {
        return None;
    }
    let mut wins = vec![0.0; items];
    let mut losses = vec![0.0; items];
    for (ranking, count) in patterns {
        for (winner, set) in stages(ranking, items) {
            wins[winner] += *count as f64;
            for &i in set.iter().filter(|&&i| i != winner) {
                losses[i] += *count as f64;
            }
        }
    }
    if wins.iter().chain(&losses).any(|w| *w == 0.0) {
        return None;
    }
    let mut gamma = vec![1.0 / items as f64; items];
    let mut iterations = 0;
    for _ in 0..10_000 {
        iterations += 1;
        let mut denominators = vec![0.0; items];
        for (ranking, count) in patterns {
            for (_, set) in stages(ranking, items) {
                let total: f64 = set.iter().map(|&i| gamma[i]).sum();
                for &i in &set {
                    denominators[i] += *count as f64 / total;
                }
            }
        }
        let mut next: Vec<f64> = (0..items).map(|i| wins[i] / denominators[i]).collect();
        let sum: f64 = next.iter().sum();
        next.iter_mut().for_each(|g| *g /= sum);
        let change = next
            .iter()
            .zip(&gamma)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        gamma = next;
        if change < 1e-12 {
            break;
        }
    }
    let covariance = log_worth_covariance(patterns, items, &gamma)?;
    // π_i = e^θ_i / Σ e^θ, so ∂π_i/∂θ_j = π_i(δ_ij − π_j).
    let worths = (0..items)
        .map(|i| {
            let gradient: Vec<f64> = (0..items)
                .map(|j| gamma[i] * (if i == j { 1.0 } else { 0.0 } - gamma[j]))
                .collect();
            let mut variance = 0.0;
            for a in 0..items {
                for b in 0..items {
                    variance += gradient[a] * covariance[a][b] * gradient[b];
                }
            }
            let se = variance.max(0.0).sqrt();
            Estimate::new(
                gamma[i],
                (gamma[i] - Z95 * se).max(0.0),
                (gamma[i] + Z95 * se).min(1.0),
            )
        })
        .collect();
    Some(Worths {
        worths,
        iterations,
        n,
    })
}

/// Covariance of the log-worths θ, with the last item's θ fixed as the reference (its row and
/// column are 0): the inverse of the observed information Σ count · (diag(p) − p pᵀ) per stage.
fn log_worth_covariance(patterns: &Patterns, items: usize, gamma: &[f64]) -> Option<Vec<Vec<f64>>> {
    let k = items - 1;
    let mut info = vec![vec![0.0; k]; k];
    for (ranking, count) in patterns {
        for (_, set) in stages(ranking, items) {
            let total: f64 = set.iter().map(|&i| gamma[i]).sum();
            for &a in set.iter().filter(|&&a| a < k) {
                let pa = gamma[a] / total;
                for &b in set.iter().filter(|&&b| b < k) {
                    let pb = gamma[b] / total;
                    info[a][b] += *count as f64 * (if a == b { pa } else { 0.0 } - pa * pb);
                }
            }
        }
    }
    let inverse = invert(info)?;
    let mut full = vec![vec![0.0; items]; items];
    for a in 0..k {
        for b in 0..k {
            full[a][b] = inverse[a][b];
        }
    }
    Some(full)
}

/// Gauss–Jordan inversion with partial pivoting; `None` for a singular matrix.
pub fn invert(mut m: Vec<Vec<f64>>) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut inv: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    for col in 0..n {
        let pivot = (col..n).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        if m[pivot][col].abs() < 1e-12 {
            return None;
        }
        m.swap(col, pivot);
        inv.swap(col, pivot);
        let p = m[col][col];
        for j in 0..n {
            m[col][j] /= p;
            inv[col][j] /= p;
        }
        for row in 0..n {
            if row != col {
                let f = m[row][col];
                for j in 0..n {
                    m[row][j] -= f * m[col][j];
                    inv[row][j] -= f * inv[col][j];
                }
            }
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_items_reduce_to_bradley_terry_with_its_textbook_interval() {
        // A over B three times, B over A once: worth of A = 3/4. The information for
        // θ_A − θ_B is 4 · 0.75 · 0.25 = 0.75, so Var(π_A) = (0.75 · 0.25)² / 0.75 = 0.046875,
        // SE 0.216506, interval 0.75 ± 0.424346, cut at 1. By hand.
        let patterns = vec![(vec![0, 1], 3), (vec![1, 0], 1)];
        let fit = fit(&patterns, 2).unwrap();
        assert!((fit.worths[0].value - 0.75).abs() < 1e-9);
        assert!(
            (fit.worths[0].low - (0.75 - 0.424_346)).abs() < 1e-5,
            "{}",
            fit.worths[0].low
        );
        assert_eq!(fit.worths[0].high, 1.0);
        assert_eq!(fit.n, 4);
    }

    #[test]
    fn three_reasons_match_choix() {
        // Reference: Python choix 0.4.1, choix.ilsr_rankings(3, data, alpha=0) on these 20
        // rankings (identity=0, connections=1, community=2), exp() and normalised:
        // [0.5083460, 0.2865216, 0.2051324].
        let patterns = vec![
            (vec![0, 1, 2], 6),
            (vec![0, 2, 1], 4),
            (vec![1, 0, 2], 4),
            (vec![1, 2, 0], 2),
            (vec![2, 0, 1], 3),
            (vec![2, 1, 0], 1),
        ];
        let fit = fit(&patterns, 3).unwrap();
        let expected = [0.508_346_0, 0.286_521_6, 0.205_132_4];
        for (w, e) in fit.worths.iter().zip(expected) {
            assert!((w.value - e).abs() < 1e-6, "{} vs {e}", w.value);
            assert!(w.low < w.value && w.value < w.high);
        }
        let sum: f64 = fit.worths.iter().map(|w| w.value).sum();
        assert!((sum - 1.0).abs() < 1e-12);
    }

    #[test]
    fn top_k_rankings_count_as_the_choices_they_made() {
        // Reference: choix 0.4.1 ilsr_top1(3, [(0, [1, 2])] * 3 + [(1, [0, 2])] * 2 + [(2, [0, 1])]) — only first choices — gives worths
        // proportional to the wins: [0.5, 0.3333333, 0.1666667].
        let patterns = vec![(vec![0], 3), (vec![1], 2), (vec![2], 1)];
        let fit = fit(&patterns, 3).unwrap();
        for (w, e) in fit.worths.iter().zip([0.5, 1.0 / 3.0, 1.0 / 6.0]) {
            assert!((w.value - e).abs() < 1e-9, "{} vs {e}", w.value);
        }
    }

    #[test]
    fn an_item_that_never_wins_has_no_finite_worth() {
        assert_eq!(fit(&[(vec![0, 1, 2], 5)], 3), None);
        assert_eq!(fit(&[], 3), None);
    }
}

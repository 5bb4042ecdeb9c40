//! Summaries of a ranking question from its pattern counts: first-choice shares (Wilson), mean
//! rank (t interval), the full rank distribution and the pairwise preference matrix.

use crate::Estimate;
use crate::moments::Moments;
use crate::proportion::wilson;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankingSummary {
    /// Rankings counted.
    pub n: u64,
    /// Share ranking each item first, with its Wilson interval.
    pub first_choice: Vec<Option<Estimate>>,
    /// Mean rank per item (1 = most preferred). An item a top-k ranking left out takes the
    /// average of the places left over (mid-rank).
    pub mean_rank: Vec<Option<Estimate>>,
    /// `distribution[item][place]`: how many put the item in that place (0-based); a last
    /// column counts rankings that left the item out.
    pub distribution: Vec<Vec<u64>>,
    /// `pairwise[a][b]`: share of rankings that place `a` above `b` (an item ranked is above one
    /// left out; rankings leaving out both are not counted).
    pub pairwise: Vec<Vec<Option<f64>>>,
}

pub fn summarise(patterns: &[(Vec<usize>, u64)], items: usize) -> RankingSummary {
    let n: u64 = patterns.iter().map(|(_, c)| c).sum();
    let mut first = vec![0u64; items];
    let mut distribution = vec![vec![0u64; items + 1]; items];
    let mut ranks = vec![Moments::default(); items];
    let mut above = vec![vec![0u64; items]; items];
    let mut compared = vec![vec![0u64; items]; items];
    for (ranking, count) in patterns {
        let count = *count;
        if let Some(&top) = ranking.first() {
            first[top] += count;
        }
        let place = |item: usize| ranking.iter().position(|&r| r == item);
        let left = items - ranking.len();
        // Mid-rank of the places nobody was given: (len+1 + items) / 2.
        let mid = (ranking.len() + 1 + items) as f64 / 2.0;
        for item in 0..items {
            match place(item) {
                Some(p) => {
                    distribution[item][p] += count;
                    ranks[item] = ranks[item].add((p + 1) as f64, count);
                }
                None => {
                    distribution[item][items] += count;
                    ranks[item] = ranks[item].add(if left > 0 { mid } else { 0.0 }, count);
                }
            }
        }
        for a in 0..items {
            for b in 0..items {
                if a == b {
                    continue;
                }
                match (place(a), place(b)) {
                    (Some(pa), Some(pb)) => {
                        compared[a][b] += count;
                        if pa < pb {
                            above[a][b] += count;
                        }
                    }
                    (Some(_), None) => {
                        compared[a][b] += count;
                        above[a][b] += count;
                    }
                    (None, Some(_)) => compared[a][b] += count,
                    (None, None) => {}
                }
            }
        }
    }
    RankingSummary {
        n,
        first_choice: first.iter().map(|&f| wilson(f, n)).collect(),
        mean_rank: ranks.iter().map(Moments::mean_interval).collect(),
        distribution,
        pairwise: (0..items)
            .map(|a| {
                (0..items)
                    .map(|b| {
                        (a != b && compared[a][b] > 0)
                            .then(|| above[a][b] as f64 / compared[a][b] as f64)
                    })
                    .collect()
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::summarise;

    #[test]
    fn shares_ranks_and_pairs_from_patterns() {
        // 10 rankings of A, B, C: ABC ×5, BAC ×3, CBA ×2. By hand:
        // first choice A 5/10, B 3/10, C 2/10; mean rank A (5·1 + 3·2 + 2·3)/10 = 1.7,
        // B (5·2 + 3·1 + 2·2)/10 = 1.7, C (5·3 + 3·3 + 2·1)/10 = 2.6; A above B in 5 of 10.
        let patterns = vec![(vec![0, 1, 2], 5), (vec![1, 0, 2], 3), (vec![2, 1, 0], 2)];
        let s = summarise(&patterns, 3);
        assert_eq!(s.n, 10);
        let firsts: Vec<f64> = s.first_choice.iter().map(|e| e.unwrap().value).collect();
        assert_eq!(firsts, [0.5, 0.3, 0.2]);
        let means: Vec<f64> = s.mean_rank.iter().map(|e| e.unwrap().value).collect();
        assert!((means[0] - 1.7).abs() < 1e-12 && (means[1] - 1.7).abs() < 1e-12);
        assert!((means[2] - 2.6).abs() < 1e-12);
        assert_eq!(s.distribution[0], [5, 3, 2, 0]);
        assert_eq!(s.distribution[2], [2, 0, 8, 0]);
        assert_eq!(s.pairwise[0][1], Some(0.5));
        assert_eq!(s.pairwise[1][2], Some(0.8));
        assert_eq!(s.pairwise[0][0], None);
    }

    #[test]
    fn a_top_one_ranking_puts_the_rest_below_at_their_mid_rank() {
        // One ranking naming only B: B is 1st; A and C share places 2–3 (mid-rank 2.5), and B
        // is above both; A against C is not compared.
        let s = summarise(&[(vec![1], 1)], 3);
        assert_eq!(s.distribution[0], [0, 0, 0, 1]);
        assert_eq!(s.pairwise[1][0], Some(1.0));
        assert_eq!(s.pairwise[0][2], None);
        assert_eq!(s.mean_rank[0], None, "one ranking has no interval");
    }
}

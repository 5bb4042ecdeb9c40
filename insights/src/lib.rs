//! Kindred's statistics, computed from sufficient statistics (counts, sums, cross-products) so
//! that their cost does not grow with the number of responses. Pure functions: no IO, no async.
//! Every figure comes with its `n` and, where one exists, a 95% interval.
//!
//! Reference values in the tests were computed by hand or with named reference implementations
//! (Python `choix` for Plackett–Luce, `scipy.stats` for the tests); each test says which.

pub mod compare;
pub mod moments;
pub mod nps;
pub mod plackett_luce;
pub mod proportion;
pub mod ranking;
pub mod scale;

/// The normal quantile for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// An estimate with its 95% interval: the domain's one type for it.
pub use domain::Estimate;

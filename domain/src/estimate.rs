//! A figure estimated from the responses, with its 95% interval: the one type for it in the
//! statistics, the pages, the JSON API and the exports.

use serde::{Deserialize, Serialize};

/// An estimate with its 95% interval (`low ≤ value ≤ high`, in the figure's own unit).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Estimate {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

impl Estimate {
    pub fn new(value: f64, low: f64, high: f64) -> Self {
        Self { value, low, high }
    }
}

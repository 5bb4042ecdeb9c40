//! Server functions: the API the UI calls. Each one is thin — it finds the caller, hands the input
//! to one backend operation and returns its answer — so the behaviour lives (and is tested) once.

pub mod accounts;
pub mod organisation;
#[cfg(feature = "ssr")]
pub mod request;
pub mod respond;
pub mod results;
pub mod surveys;
pub mod types;

//! Taking responses: the respondent page's form post (which works without JavaScript), the public
//! JSON submission endpoint, the per-survey respondent cookie, and submission rate limits. Both
//! faces hand the same `Submission` to the backend, which validates and stores it.

pub mod cookie;
pub mod form;
pub mod limits;
pub mod public_api;

pub use limits::SubmitLimits;

//! Kindred's domain, shared by the browser, the server and the JSON API: surveys and answers and
//! their validation, accounts, branding, figures and how they are written, dates, the results
//! query. Input is parsed into these at the boundary, so code past it never sees an unchecked
//! email, password or role. It depends on neither Leptos nor axum and does no IO.

mod account;
pub mod brand;
pub mod chart_name;
pub mod dates;
pub mod estimate;
pub mod links;
pub mod numbers;
pub mod overlap;
pub mod response;
pub mod results_query;
mod role;
pub mod survey;
pub mod typed_text;

pub use account::{Email, OrganisationName, Password, PersonName, organisation_slug};
pub use estimate::Estimate;
pub use role::Role;

use serde::{Deserialize, Serialize};

/// Why one form field was refused, phrased for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

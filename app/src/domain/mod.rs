//! Domain values shared by the browser and the server: input is parsed into these at the boundary,
//! so code past it never sees an unchecked email, password or role.

mod account;
pub mod brand;
pub mod numbers;
pub mod response;
pub mod results_query;
mod role;
pub mod survey;
pub mod typed_text;

pub use account::{Email, OrganisationName, Password, PersonName, organisation_slug};
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

//! One module per page.

pub mod account;
pub mod api_tokens;
pub mod invitation;
pub mod landing;
pub mod lazy;
pub mod log_in;
pub mod not_found;
pub mod respond;
pub mod results;
pub mod settings;
pub mod share_results;
pub mod sign_up;
pub mod survey;
pub mod survey_share;
pub mod surveys_home;

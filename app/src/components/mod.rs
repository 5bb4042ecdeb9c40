//! Building blocks shared by several pages.

pub mod branding_fields;
pub mod branding_form;
pub mod builder;
pub mod confirm;
pub mod data_table;
pub mod field;
pub mod focus;
pub mod outcome;
pub mod question_view;
pub mod ranking_places;
pub mod require_member;
pub mod session;
pub mod share_button;
pub mod site_header;

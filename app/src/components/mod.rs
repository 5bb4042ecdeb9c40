//! Building blocks shared by several pages.

pub mod dates;
pub mod field;
pub mod require_member;
pub mod session;
pub mod site_header;

//! Who is logged in, loaded once per navigation and shared through context.

use crate::api::accounts::current_user;
use crate::api::types::Me;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The current person (or `None` for a visitor), refreshed whenever the path changes, so a log-in,
/// log-out or role change shows on the next page.
#[derive(Clone, Copy)]
pub struct Session(pub Resource<Result<Option<Me>, AppError>>);

pub fn provide_session() {
    let location = use_location();
    let me = Resource::new(move || location.pathname.get(), |_| current_user());
    provide_context(Session(me));
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

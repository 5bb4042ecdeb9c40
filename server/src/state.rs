//! What every request handler shares.

use crate::backend::Kindred;
use crate::storage::Store;
use app::backend::CookiePolicy;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub backend: Arc<Kindred>,
    pub store: Arc<dyn Store>,
    pub cookie_policy: CookiePolicy,
    /// Take the client address from X-Forwarded-For.
    pub trust_proxy: bool,
    pub submit_limits: Arc<crate::respond::SubmitLimits>,
}

//! What every request handler shares, and the one way it is put together — for the server, the
//! tests and the benchmarks alike.

use crate::backend::{Kindred, Policy};
use crate::respond::SubmitLimits;
use crate::storage::Store;
use app::backend::CookiePolicy;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    /// Shared, not copied: the state is cloned for every request a handler or middleware
    /// takes it in, and the options are a dozen strings.
    #[from_ref(skip)]
    pub leptos_options: Arc<LeptosOptions>,
    pub backend: Arc<Kindred>,
    pub store: Arc<dyn Store>,
    pub cookie_policy: CookiePolicy,
    /// Trusted proxies appending to X-Forwarded-For (0: none; the socket peer is the client).
    pub proxy_hops: usize,
    pub submit_limits: Arc<SubmitLimits>,
    /// The longest a client may take to send a whole request body.
    pub body_deadline: std::time::Duration,
}

/// How a server is set up, beside its database: the defaults of a server listening on `addr`
/// over plain HTTP, which configuration (or a test) then changes.
pub struct Setup {
    pub leptos_options: LeptosOptions,
    pub policy: Policy,
    pub secure_cookies: bool,
    pub proxy_hops: usize,
    pub submit_limits: SubmitLimits,
    pub body_deadline: std::time::Duration,
}

impl Setup {
    pub fn new(addr: SocketAddr) -> Self {
        Self {
            leptos_options: LeptosOptions::builder()
                .output_name("kindred")
                .site_addr(addr)
                .build(),
            policy: Policy {
                public_url: format!("http://{addr}"),
                ..Policy::default()
            },
            secure_cookies: false,
            proxy_hops: 0,
            submit_limits: SubmitLimits::new(10, 6000),
            body_deadline: crate::web::forms::BODY_DEADLINE,
        }
    }
}

impl AppState {
    /// The state of a server over `store` set up as `setup` says.
    pub fn build(store: Arc<dyn Store>, setup: Setup) -> Self {
        Self {
            leptos_options: Arc::new(setup.leptos_options),
            backend: Arc::new(Kindred::new(store.clone(), setup.policy)),
            store,
            cookie_policy: CookiePolicy {
                secure: setup.secure_cookies,
            },
            proxy_hops: setup.proxy_hops,
            submit_limits: Arc::new(setup.submit_limits),
            body_deadline: setup.body_deadline,
        }
    }
}

/// What leptos_axum's routes and file handler ask of the state.
impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        LeptosOptions::clone(&state.leptos_options)
    }
}

//! The backend the UI and the JSON API call: authorisation, validation, hashing and policy on top
//! of storage. Every operation that touches an organisation's data checks the caller's role here.

mod responses;
mod results;
mod secrets;
mod sessions;
mod stats_cache;
mod surveys;
mod team;

pub use responses::REPEAT_WINDOW_SECONDS;
pub use results::{chart_named, parse_filter};
pub use secrets::{hash_password, new_token, normalise_invite_code, token_hash};

use crate::storage::{InvitationProblem, Store, StoreError};
use app::domain::Role;
use app::domain::survey::Definition;
use app::error::AppError;
use std::sync::Arc;

/// Limits and lifetimes, from configuration.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Where Kindred is reached from outside, for links (`https://kindred.example.org`).
    pub public_url: String,
    pub session_seconds: i64,
    pub invitation_seconds: i64,
    /// Failed log-ins counted over this window …
    pub login_window_seconds: i64,
    /// … lock one account after this many …
    pub login_failures_per_account: i64,
    /// … and one address after this many (higher: an office shares one address).
    pub login_failures_per_ip: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:3000".into(),
            session_seconds: 14 * 24 * 60 * 60,
            invitation_seconds: 7 * 24 * 60 * 60,
            login_window_seconds: 15 * 60,
            login_failures_per_account: 5,
            login_failures_per_ip: 50,
        }
    }
}

/// The clock, injectable so tests can step past expiry times.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(|| chrono::Utc::now().timestamp())
}

#[derive(Clone)]
pub struct Kindred {
    store: Arc<dyn Store>,
    policy: Arc<Policy>,
    clock: Clock,
    versions: Arc<VersionCache>,
    stats: Arc<stats_cache::StatsCache>,
}

/// Published survey versions, parsed once: they never change once published, so every app
/// server may keep its own copy. Bounded; when full it starts again empty.
#[derive(Default)]
pub struct VersionCache(std::sync::Mutex<std::collections::HashMap<(i64, i64), Arc<Definition>>>);

impl VersionCache {
    const CAPACITY: usize = 1024;

    fn get(&self, survey_id: i64, version: i64) -> Option<Arc<Definition>> {
        self.0.lock().ok()?.get(&(survey_id, version)).cloned()
    }

    fn put(&self, survey_id: i64, version: i64, definition: Arc<Definition>) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= Self::CAPACITY {
                map.clear();
            }
            map.insert((survey_id, version), definition);
        }
    }
}

impl Kindred {
    pub fn new(store: Arc<dyn Store>, policy: Policy) -> Self {
        Self::with_clock(store, policy, system_clock())
    }

    pub fn with_clock(store: Arc<dyn Store>, policy: Policy, clock: Clock) -> Self {
        Self {
            store,
            policy: Arc::new(policy),
            clock,
            versions: Arc::default(),
            stats: Arc::default(),
        }
    }

    /// An absolute link to `path` on Kindred's public address.
    pub fn public_url(&self, path: &str) -> String {
        format!("{}{path}", self.policy.public_url.trim_end_matches('/'))
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    fn now(&self) -> i64 {
        (self.clock)()
    }
}

/// Logs what went wrong in full and gives the person a reference instead.
pub(crate) fn internal(err: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %err, "internal error");
    AppError::Internal {
        request_id: String::new(),
    }
}

/// Logs what failed and what was being done, and gives the person a reference instead.
pub fn internal_error(doing: &str, err: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %err, "{doing}");
    AppError::Internal {
        request_id: String::new(),
    }
}

/// Storage errors that no caller expects become internal errors.
pub(crate) fn unexpected(err: StoreError) -> AppError {
    internal(err)
}

pub(crate) fn parse_role(stored: &str) -> Result<Role, AppError> {
    stored.parse().map_err(internal)
}

pub(crate) fn invitation_problem(problem: InvitationProblem) -> AppError {
    AppError::NotFound(
        match problem {
            InvitationProblem::Unknown => {
                "This invitation link is not valid. Check that you copied all of it."
            }
            InvitationProblem::Expired => "This invitation has expired.",
            InvitationProblem::AlreadyUsed => "This invitation has already been used.",
            InvitationProblem::Revoked => "This invitation was withdrawn by the organisation.",
        }
        .to_owned(),
    )
}

//! The backend the UI and the JSON API call: authorisation, validation, hashing and policy on top
//! of storage. Every operation that touches an organisation's data checks the caller's role here.

mod branding;
mod exports;
mod responses;
mod results;
pub mod rollups;
mod secrets;
mod sessions;
mod stats_cache;
mod surveys;
mod team;

pub use branding::{BrandingProblem, LogoChange, MAX_LOGO_BYTES, check_logo, sniff};
pub use exports::CsvFile;
pub use responses::REPEAT_WINDOW_SECONDS;
pub use results::{
    ChartName, SMALLEST_SHOWN, chart_named, chart_names, parse_filter, suppress_small_cells,
};
pub use secrets::{
    concurrent_hash_limit, hash_password, most_hashes_running, new_respondent_token, new_token,
    normalise_invite_code, token_hash,
};

use crate::storage::{InvitationProblem, Store, StoreError};
use app::error::AppError;
use domain::Role;
use domain::survey::Definition;
use std::sync::Arc;

/// Limits and lifetimes, from configuration.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Where Kindred is reached from outside, for links (`https://kindred.example.org`).
    pub public_url: String,
    /// A session ends this long after it began, however busy …
    pub session_seconds: i64,
    /// … and sooner when it goes unused this long.
    pub session_idle_seconds: i64,
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
            session_idle_seconds: 8 * 60 * 60,
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
/// server may keep its own copy, each with the plan its responses' rollup entries follow. The
/// least recently used go first when it is full.
pub struct VersionCache(std::sync::Mutex<lru::LruCache<(i64, i64), CachedVersion>>);

/// A published version's questions and the plan of its responses' rollup entries.
pub(crate) type CachedVersion = (Arc<Definition>, Arc<rollups::RollupPlan>);

impl Default for VersionCache {
    fn default() -> Self {
        let capacity =
            std::num::NonZeroUsize::new(Self::CAPACITY).unwrap_or(std::num::NonZeroUsize::MIN);
        Self(std::sync::Mutex::new(lru::LruCache::new(capacity)))
    }
}

impl VersionCache {
    const CAPACITY: usize = 1024;

    fn get(&self, survey_id: i64, version: i64) -> Option<CachedVersion> {
        self.0.lock().ok()?.get(&(survey_id, version)).cloned()
    }

    /// Keeps a version just read, with its rollup plan made now, and returns both.
    fn put(&self, survey_id: i64, version: i64, definition: Definition) -> CachedVersion {
        let definition = Arc::new(definition);
        let plan = Arc::new(rollups::RollupPlan::of(&definition));
        if let Ok(mut cache) = self.0.lock() {
            cache.put((survey_id, version), (definition.clone(), plan.clone()));
        }
        (definition, plan)
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

/// Logs what failed and what was being done (`doing`, a few words), and gives the person a
/// reference instead: the request id, filled in where the error becomes an HTTP answer.
pub fn internal(doing: &str, err: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %err, "{doing}");
    AppError::Internal {
        request_id: String::new(),
    }
}

/// Something that cannot happen unless stored data broke a rule (a status Kindred never writes, a
/// published version that is missing): logged as it is.
pub(crate) fn broken(what: impl std::fmt::Display) -> AppError {
    internal("stored data breaks a rule", what)
}

/// A storage error no caller expects, as an internal error with what was being done.
pub(crate) fn unexpected(doing: &str, err: StoreError) -> AppError {
    internal(doing, err)
}

/// [`unexpected`] for `map_err`.
pub(crate) fn failed(doing: &'static str) -> impl Fn(StoreError) -> AppError {
    move |err| unexpected(doing, err)
}

pub(crate) fn parse_role(stored: &str) -> Result<Role, AppError> {
    stored
        .parse()
        .map_err(|e| internal("reading a stored role", e))
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

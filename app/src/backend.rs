//! The operations the UI needs, as an abstract backend. The server crate implements it over real
//! storage and provides it as context; server functions and the JSON API are thin faces over it.

use crate::api::types::{
    IdentityCard, InvitationLink, InvitationPreview, Me, NewApiTokenSecret, OrganisationSettings,
    PublicSurvey, SurveyDetail, SurveySummary,
};
use crate::error::AppError;
use async_trait::async_trait;
use domain::Role;
use domain::survey::Definition;
use std::net::IpAddr;
use std::sync::Arc;

/// The authenticated caller of an operation: who, in which organisation, with which role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user_id: i64,
    pub organisation_id: i64,
    pub role: Role,
}

/// The client's address as the server determined it (proxy headers only when trusted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// A new session: the secret token goes into the cookie and nowhere else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionGrant {
    pub token: String,
    pub max_age_seconds: i64,
}

/// Sign-up form input, still unchecked.
#[derive(Debug, Clone)]
pub struct SignUpInput {
    pub organisation_name: String,
    pub name: String,
    pub email: String,
    pub password: String,
}

/// Account details for someone accepting an invitation without an account yet.
#[derive(Debug, Clone)]
pub struct NewAccountInput {
    pub name: String,
    pub email: String,
    pub password: String,
}

/// One's own account and session.
#[async_trait]
pub trait Accounts: Send + Sync {
    /// Creates the organisation and its owner in one transaction and logs the owner in.
    async fn sign_up(
        &self,
        input: SignUpInput,
        ip: Option<IpAddr>,
    ) -> Result<SessionGrant, AppError>;
    /// Checks the password (throttled per account and per address) and starts a new session.
    async fn log_in(
        &self,
        email: &str,
        password: &str,
        ip: Option<IpAddr>,
    ) -> Result<SessionGrant, AppError>;
    async fn log_out(&self, session_token: &str) -> Result<(), AppError>;
    /// Resolves a session cookie to its caller; `Unauthenticated` when unknown or expired.
    async fn caller(&self, session_token: &str) -> Result<Caller, AppError>;
    async fn me(&self, caller: &Caller) -> Result<Me, AppError>;
    /// Changes the password and ends every other session of this person.
    async fn change_password(
        &self,
        caller: &Caller,
        session_token: &str,
        current: &str,
        new: &str,
    ) -> Result<(), AppError>;
    async fn switch_organisation(
        &self,
        caller: &Caller,
        session_token: &str,
        organisation_id: i64,
    ) -> Result<(), AppError>;
}

/// Running an organisation: members, roles, invitations. Owners only, except accepting.
#[async_trait]
pub trait Teams: Send + Sync {
    async fn organisation_settings(
        &self,
        caller: &Caller,
    ) -> Result<OrganisationSettings, AppError>;
    async fn rename_organisation(&self, caller: &Caller, name: &str) -> Result<(), AppError>;
    /// Sets the organisation's brand name and colour; empty inputs clear them.
    async fn set_branding(
        &self,
        caller: &Caller,
        brand_name: &str,
        colour: &str,
    ) -> Result<(), AppError>;
    async fn invite(
        &self,
        caller: &Caller,
        role: Role,
        email: Option<&str>,
    ) -> Result<InvitationLink, AppError>;
    async fn revoke_invitation(&self, caller: &Caller, invitation_id: i64) -> Result<(), AppError>;
    async fn change_role(&self, caller: &Caller, user_id: i64, role: Role) -> Result<(), AppError>;
    async fn remove_member(&self, caller: &Caller, user_id: i64) -> Result<(), AppError>;
    /// A token for the JSON API with `role`; its secret is in the answer and nowhere else.
    async fn create_api_token(
        &self,
        caller: &Caller,
        name: &str,
        role: Role,
    ) -> Result<NewApiTokenSecret, AppError>;
    async fn revoke_api_token(&self, caller: &Caller, token_id: i64) -> Result<(), AppError>;

    async fn invitation(&self, token: &str) -> Result<InvitationPreview, AppError>;
    /// Creates the account, uses up the invitation and starts a session, all or nothing.
    async fn accept_invitation_with_new_account(
        &self,
        token: &str,
        input: NewAccountInput,
        ip: Option<IpAddr>,
    ) -> Result<SessionGrant, AppError>;
    /// Adds an existing, logged-in person to the inviting organisation and switches to it.
    async fn accept_invitation_as(
        &self,
        caller: &Caller,
        session_token: &str,
        token: &str,
    ) -> Result<(), AppError>;
}

/// Building and publishing surveys. Everyone in the organisation reads; owners and editors write.
#[async_trait]
pub trait Surveys: Send + Sync {
    async fn list_surveys(&self, caller: &Caller) -> Result<Vec<SurveySummary>, AppError>;
    /// From a template, blank, or a whole definition (checked first, so nothing is created when it
    /// is invalid); the title defaults from the template.
    async fn create_survey(
        &self,
        caller: &Caller,
        source: SurveySource,
        title: Option<&str>,
    ) -> Result<SurveySummary, AppError>;
    async fn survey(&self, caller: &Caller, id: i64) -> Result<SurveyDetail, AppError>;
    /// Replaces the draft; published versions are untouched.
    async fn save_survey(
        &self,
        caller: &Caller,
        id: i64,
        title: &str,
        definition: Definition,
    ) -> Result<SurveyDetail, AppError>;
    async fn publish_survey(&self, caller: &Caller, id: i64) -> Result<SurveyDetail, AppError>;
    async fn close_survey(&self, caller: &Caller, id: i64) -> Result<SurveyDetail, AppError>;
    /// Sets the days (UTC, `YYYY-MM-DD`) from which and until which the survey accepts answers;
    /// empty means no limit.
    async fn schedule_survey(
        &self,
        caller: &Caller,
        id: i64,
        opens_on: &str,
        closes_on: &str,
    ) -> Result<SurveyDetail, AppError>;
    /// Overrides the organisation's branding for one survey; empty inputs fall back to it.
    async fn set_survey_branding(
        &self,
        caller: &Caller,
        id: i64,
        brand_name: &str,
        colour: &str,
    ) -> Result<SurveyDetail, AppError>;
}

/// Answering surveys (anyone with the link) and the codes that guard them (owners and editors).
#[async_trait]
pub trait Responses: Send + Sync {
    /// The published survey behind a public link; `respondent` is the survey's respondent cookie,
    /// so a browser that already answered is told so.
    async fn public_survey(
        &self,
        slug: &str,
        respondent: Option<&str>,
    ) -> Result<PublicSurvey, AppError>;
    /// Validates the answers against the version answered and stores the response in one
    /// transaction; the receipt comes only after the commit.
    async fn submit_response(&self, submission: Submission) -> Result<Receipt, AppError>;
    async fn identity_card(&self, token: &str) -> Result<IdentityCard, AppError>;
    /// Makes `count` single-use invite codes; the codes are in the answer and nowhere else.
    async fn create_invite_codes(
        &self,
        caller: &Caller,
        survey_id: i64,
        count: u32,
    ) -> Result<Vec<String>, AppError>;
    async fn require_invite_code(
        &self,
        caller: &Caller,
        survey_id: i64,
        required: bool,
    ) -> Result<SurveyDetail, AppError>;
}

/// One response as it arrives, from the respondent page's form or from the JSON API.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    pub slug: String,
    /// The survey version the respondent was shown.
    pub version: Option<i64>,
    pub answers: SubmittedAnswers,
    pub invite_code: Option<String>,
    /// The survey's respondent cookie; `None` for the JSON API or a browser that sent none.
    pub respondent: Option<String>,
    /// Shown on the identity card only, and only if typed.
    pub display_name: Option<String>,
    /// Make the respondent's identity card (the respondent page shows it; an API client asks for
    /// it). Without it no card row is written.
    pub with_card: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SubmittedAnswers {
    /// Question id → value, the public API's shape.
    Json(serde_json::Map<String, serde_json::Value>),
    /// The respondent page's form fields, in order; shared with the handler, which shows them
    /// again if the response is refused.
    Form(std::sync::Arc<[(String, String)]>),
}

/// A stored response: its id, and the token of its identity card if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub response_id: i64,
    pub card: Option<String>,
}

/// What members said: every role of the organisation may read results.
#[async_trait]
pub trait Insights: Send + Sync {
    async fn results(
        &self,
        caller: &Caller,
        survey_id: i64,
        query: crate::api::results::ResultsQuery,
    ) -> Result<crate::api::results::SurveyResults, AppError>;
    /// A read-only link to one survey's results for `days` days (owners and editors).
    async fn create_share_link(
        &self,
        caller: &Caller,
        survey_id: i64,
        days: u32,
        show_texts: bool,
    ) -> Result<crate::api::results::NewShareLink, AppError>;
    async fn share_links(
        &self,
        caller: &Caller,
        survey_id: i64,
    ) -> Result<Vec<crate::api::results::ShareLink>, AppError>;
    async fn revoke_share_link(
        &self,
        caller: &Caller,
        survey_id: i64,
        link_id: i64,
    ) -> Result<(), AppError>;
    /// The results behind a share link, with small counts hidden.
    async fn shared_results(
        &self,
        token: &str,
        query: crate::api::results::ResultsQuery,
    ) -> Result<crate::api::results::SurveyResults, AppError>;
    /// The segments a survey's dashboard can be filtered by (for the filter form when the
    /// filters given were refused).
    async fn filter_options(
        &self,
        caller: &Caller,
        survey_id: i64,
    ) -> Result<Vec<crate::api::results::SegmentOption>, AppError>;
    /// The same, for the survey behind a share link.
    async fn shared_filter_options(
        &self,
        token: &str,
    ) -> Result<Vec<crate::api::results::SegmentOption>, AppError>;
}

/// What a new survey starts from.
#[derive(Debug, Clone, PartialEq)]
pub enum SurveySource {
    /// A template by name (`why-members-join`).
    Template(String),
    Blank,
    Definition(Definition),
}

/// Everything the UI needs, one trait per area.
pub trait Backend: Accounts + Teams + Surveys + Responses + Insights + 'static {}

impl<T: Accounts + Teams + Surveys + Responses + Insights + 'static> Backend for T {}

/// How the backend is shared through Leptos context.
pub type SharedBackend = Arc<dyn Backend>;

/// Cookie settings the server decides (`Secure` only behind HTTPS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookiePolicy {
    pub secure: bool,
}

impl CookiePolicy {
    /// The session cookie's name: behind HTTPS it carries the `__Host-` prefix, so browsers only
    /// accept it when it is `Secure`, for the whole site and set by this host itself — a sibling
    /// subdomain cannot plant a session of its choosing.
    pub fn session_cookie(&self) -> &'static str {
        if self.secure {
            "__Host-kindred_session"
        } else {
            "kindred_session"
        }
    }
}

//! Organisations, people, memberships, sessions, invitations and login throttling.

use super::{StoreResult, Totals};
use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrganisationRow {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub created_at: i64,
    pub brand_name: Option<String>,
    pub brand_colour: Option<String>,
    pub logo_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub created_at: i64,
}

/// One person's place in one organisation, seen from the organisation.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MemberRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub joined_at: i64,
}

/// One person's place in one organisation, seen from the person.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MembershipRow {
    pub organisation_id: i64,
    pub name: String,
    pub slug: String,
    pub role: String,
}

/// A live session joined with the membership it acts under.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: i64,
    pub organisation_id: i64,
    pub role: String,
    pub expires_at: i64,
    /// When the session was last used (UTC seconds), at a minute's precision.
    pub last_seen_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub role: String,
    pub email: Option<String>,
    pub invited_by_name: Option<String>,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

#[derive(Debug, Clone, Copy)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
}

#[derive(Debug, Clone, Copy)]
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub organisation_id: i64,
    pub created_at: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone, Copy)]
pub struct NewInvitation<'a> {
    pub token_hash: &'a str,
    pub organisation_id: i64,
    pub role: &'a str,
    pub email: Option<&'a str>,
    /// `None` when an operator invites from the command line.
    pub invited_by: Option<i64>,
    pub created_at: i64,
    pub expires_at: i64,
}

/// Counts of recent failed log-ins, for throttling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoginFailures {
    pub for_email: i64,
    pub from_ip: i64,
}

#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Creates an organisation and its first owner together; `Conflict("email")` or
    /// `Conflict("slug")` leaves nothing behind.
    async fn create_organisation_with_owner(
        &self,
        name: &str,
        slug: &str,
        owner: NewUser<'_>,
        now: i64,
    ) -> StoreResult<(i64, i64)>;
    /// Creates an organisation with no members yet (the operator CLI adds its first owner).
    async fn create_organisation(&self, name: &str, slug: &str, now: i64) -> StoreResult<i64>;
    async fn organisation(&self, id: i64) -> StoreResult<Option<OrganisationRow>>;
    async fn organisation_by_slug(&self, slug: &str) -> StoreResult<Option<OrganisationRow>>;
    async fn rename_organisation(&self, id: i64, name: &str, now: i64) -> StoreResult<()>;
    /// Sets (or, with `None`, clears) the brand name and colour.
    async fn set_organisation_branding(
        &self,
        id: i64,
        brand_name: Option<&str>,
        brand_colour: Option<&str>,
        now: i64,
    ) -> StoreResult<()>;

    async fn user(&self, id: i64) -> StoreResult<Option<UserRow>>;
    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRow>>;
    /// Creates a person who joins `organisation_id` with `role`, in one transaction.
    async fn create_user_in_organisation(
        &self,
        user: NewUser<'_>,
        organisation_id: i64,
        role: &str,
        now: i64,
    ) -> StoreResult<i64>;
    async fn set_password_hash(&self, user_id: i64, password_hash: &str) -> StoreResult<()>;

    /// The organisations a person belongs to, most recently joined first.
    async fn memberships(&self, user_id: i64) -> StoreResult<Vec<MembershipRow>>;
    /// The members of an organisation, owners first, then by name.
    async fn members(&self, organisation_id: i64) -> StoreResult<Vec<MemberRow>>;
    async fn add_member(
        &self,
        organisation_id: i64,
        user_id: i64,
        role: &str,
        now: i64,
    ) -> StoreResult<()>;
    /// `NotFound` for a non-member; `LastOwner` when it would leave no owner.
    async fn change_role(&self, organisation_id: i64, user_id: i64, role: &str) -> StoreResult<()>;
    /// Also ends that person's sessions in this organisation. Same refusals as `change_role`.
    async fn remove_member(&self, organisation_id: i64, user_id: i64) -> StoreResult<()>;

    async fn create_session(&self, session: NewSession<'_>) -> StoreResult<()>;
    /// The session if it exists, has not expired and its person is still a member.
    async fn session(&self, token_hash: &str, now: i64) -> StoreResult<Option<SessionRow>>;
    /// Records that the session was used at `now`.
    async fn touch_session(&self, token_hash: &str, now: i64) -> StoreResult<()>;
    async fn set_session_organisation(
        &self,
        token_hash: &str,
        organisation_id: i64,
    ) -> StoreResult<()>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Ends every session of a person except `keep`; returns how many ended.
    async fn delete_other_sessions(&self, user_id: i64, keep: &str) -> StoreResult<u64>;
    /// Removes expired sessions and old login failures; returns how many rows went.
    async fn delete_expired(&self, now: i64) -> StoreResult<u64>;

    async fn create_invitation(&self, invitation: NewInvitation<'_>) -> StoreResult<i64>;
    async fn invitation(&self, token_hash: &str) -> StoreResult<Option<InvitationRow>>;
    /// Invitations not yet accepted, revoked or expired.
    async fn pending_invitations(
        &self,
        organisation_id: i64,
        now: i64,
    ) -> StoreResult<Vec<InvitationRow>>;
    /// `NotFound` unless a pending invitation with that id belongs to the organisation.
    async fn revoke_invitation(&self, organisation_id: i64, id: i64, now: i64) -> StoreResult<()>;
    /// Claims the invitation and creates the person and membership, all or nothing.
    /// Returns `(user_id, organisation_id)`.
    async fn accept_invitation_with_new_user(
        &self,
        token_hash: &str,
        user: NewUser<'_>,
        now: i64,
    ) -> StoreResult<(i64, i64)>;
    /// Claims the invitation for an existing person; returns the organisation id.
    async fn accept_invitation_as(
        &self,
        token_hash: &str,
        user_id: i64,
        now: i64,
    ) -> StoreResult<i64>;

    async fn record_login_failure(&self, email: &str, ip: Option<&str>, at: i64)
    -> StoreResult<()>;
    async fn login_failures_since(
        &self,
        email: &str,
        ip: Option<&str>,
        since: i64,
    ) -> StoreResult<LoginFailures>;
    async fn clear_login_failures(&self, email: &str) -> StoreResult<()>;
    /// Counts a log-in attempt as a failure *before* its password is checked, unless the email
    /// or the address already has `limits` (per email, per address) failures at or after
    /// `since`: true when counted (go on and check the password; a match clears the email's
    /// failures), false when throttled. Atomic: of any number of parallel attempts, at most the
    /// limit get through.
    async fn count_login_attempt(
        &self,
        email: &str,
        ip: Option<&str>,
        at: i64,
        since: i64,
        limits: (i64, i64),
    ) -> StoreResult<bool>;

    async fn totals(&self) -> StoreResult<Totals>;
}

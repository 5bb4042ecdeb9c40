// The account storage, written once in SQL both databases understand. Included by `sqlite.rs` and
// `postgres.rs`, each of which defines `Db` (the sqlx database), `ThisStore` (a struct with a
// `pool: sqlx::Pool<Db>` field) and `begin_write` (how that database starts a write transaction).

use crate::storage::{
    AccountStore, InvitationProblem, InvitationRow, LoginFailures, MemberRow, MembershipRow,
    NewInvitation, NewSession, NewUser, OrganisationRow, SessionRow, StoreError, StoreResult,
    Totals, UserRow, found,
};

/// How long failed log-ins are kept: longer than any throttling window.
const LOGIN_FAILURE_RETENTION_SECONDS: i64 = 24 * 60 * 60;

type Tx = sqlx::Transaction<'static, Db>;

async fn insert_user(tx: &mut Tx, user: NewUser<'_>, now: i64) -> StoreResult<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO users (email, name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user.email)
    .bind(user.name)
    .bind(user.password_hash)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

async fn insert_membership(
    tx: &mut Tx,
    organisation_id: i64,
    user_id: i64,
    role: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)")
        .bind(organisation_id)
        .bind(user_id)
        .bind(role)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Serialises changes to one organisation's memberships: a row lock on PostgreSQL, the write lock
/// on SQLite. Without it two owners demoting each other at once could both succeed.
async fn lock_organisation(tx: &mut Tx, organisation_id: i64) -> StoreResult<()> {
    let locked = sqlx::query("UPDATE organisations SET updated_at = updated_at WHERE id = $1")
        .bind(organisation_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if locked == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Refuses a change that takes the owner role from the only owner.
async fn ensure_owner_remains(
    tx: &mut Tx,
    organisation_id: i64,
    user_id: i64,
    new_role: Option<&str>,
) -> StoreResult<()> {
    let current: Option<String> = sqlx::query_scalar(
        "SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2",
    )
    .bind(organisation_id)
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?;
    let current = current.ok_or(StoreError::NotFound)?;
    if current == "owner" && new_role != Some("owner") {
        let owners: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM memberships WHERE organisation_id = $1 AND role = 'owner'",
        )
        .bind(organisation_id)
        .fetch_one(&mut **tx)
        .await?;
        if owners <= 1 {
            return Err(StoreError::LastOwner);
        }
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct InvitationState {
    id: i64,
    organisation_id: i64,
    role: String,
    expires_at: i64,
    accepted_at: Option<i64>,
    revoked_at: Option<i64>,
}

/// Marks an invitation used, if it still can be; returns its organisation and role. The UPDATE's
/// condition, not the SELECT before it, is what makes an invitation single-use under races.
async fn claim_invitation(
    tx: &mut Tx,
    token_hash: &str,
    now: i64,
) -> StoreResult<(i64, i64, String)> {
    let found: Option<InvitationState> = sqlx::query_as(
        "SELECT id, organisation_id, role, expires_at, accepted_at, revoked_at FROM invitations WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(InvitationState {
        id,
        organisation_id,
        role,
        expires_at,
        accepted_at,
        revoked_at,
    }) = found
    else {
        return Err(StoreError::Invitation(InvitationProblem::Unknown));
    };
    let problem = if revoked_at.is_some() {
        Some(InvitationProblem::Revoked)
    } else if accepted_at.is_some() {
        Some(InvitationProblem::AlreadyUsed)
    } else if expires_at <= now {
        Some(InvitationProblem::Expired)
    } else {
        None
    };
    if let Some(problem) = problem {
        return Err(StoreError::Invitation(problem));
    }
    let claimed = sqlx::query(
        "UPDATE invitations SET accepted_at = $2 WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        return Err(StoreError::Invitation(InvitationProblem::AlreadyUsed));
    }
    Ok((id, organisation_id, role))
}

async fn record_acceptance(tx: &mut Tx, invitation_id: i64, user_id: i64) -> StoreResult<()> {
    sqlx::query("UPDATE invitations SET accepted_by = $2 WHERE id = $1")
        .bind(invitation_id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Failed log-ins since `$3` for the email `$1` and for the address `$2`.
const COUNT_LOGIN_FAILURES: &str = "SELECT (SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at >= $3), \
     (SELECT COUNT(*) FROM login_failures WHERE ip = $2 AND at >= $3)";

#[async_trait::async_trait]
impl AccountStore for ThisStore {
    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn create_organisation_with_owner(
        &self,
        name: &str,
        slug: &str,
        owner: NewUser<'_>,
        now: i64,
    ) -> StoreResult<(i64, i64)> {
        let mut tx = begin_write(&self.pool).await?;
        let organisation_id: i64 = sqlx::query_scalar(
            "INSERT INTO organisations (name, slug, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
        )
        .bind(name)
        .bind(slug)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let user_id = insert_user(&mut tx, owner, now).await?;
        insert_membership(&mut tx, organisation_id, user_id, "owner", now).await?;
        tx.commit().await?;
        Ok((organisation_id, user_id))
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn create_organisation(&self, name: &str, slug: &str, now: i64) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO organisations (name, slug, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
        )
        .bind(name)
        .bind(slug)
        .bind(now)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn organisation(&self, id: i64) -> StoreResult<Option<OrganisationRow>> {
        Ok(
            sqlx::query_as("SELECT id, name, slug, created_at, brand_name, brand_colour, logo_id FROM organisations WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn organisation_by_slug(&self, slug: &str) -> StoreResult<Option<OrganisationRow>> {
        Ok(
            sqlx::query_as("SELECT id, name, slug, created_at, brand_name, brand_colour, logo_id FROM organisations WHERE slug = $1")
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn rename_organisation(&self, id: i64, name: &str, now: i64) -> StoreResult<()> {
        let _forget = self.public_surveys.forget_after();
        let changed =
            sqlx::query("UPDATE organisations SET name = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(name)
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected();
        found(changed)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn set_organisation_branding(
        &self,
        id: i64,
        brand_name: Option<&str>,
        brand_colour: Option<&str>,
        now: i64,
    ) -> StoreResult<()> {
        let _forget = self.public_surveys.forget_after();
        let changed = sqlx::query(
            "UPDATE organisations SET brand_name = $2, brand_colour = $3, updated_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(brand_name)
        .bind(brand_colour)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        found(changed)
    }

    async fn user(&self, id: i64) -> StoreResult<Option<UserRow>> {
        Ok(sqlx::query_as(
            "SELECT id, email, name, password_hash, created_at FROM users WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRow>> {
        Ok(sqlx::query_as(
            "SELECT id, email, name, password_hash, created_at FROM users WHERE email = $1",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await?)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn create_user_in_organisation(
        &self,
        user: NewUser<'_>,
        organisation_id: i64,
        role: &str,
        now: i64,
    ) -> StoreResult<i64> {
        let mut tx = begin_write(&self.pool).await?;
        let user_id = insert_user(&mut tx, user, now).await?;
        insert_membership(&mut tx, organisation_id, user_id, role, now).await?;
        tx.commit().await?;
        Ok(user_id)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn set_password_hash(&self, user_id: i64, password_hash: &str) -> StoreResult<()> {
        let changed = sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(user_id)
            .bind(password_hash)
            .execute(&self.pool)
            .await?
            .rows_affected();
        found(changed)
    }

    async fn memberships(&self, user_id: i64) -> StoreResult<Vec<MembershipRow>> {
        Ok(sqlx::query_as(
            "SELECT o.id AS organisation_id, o.name, o.slug, m.role
             FROM memberships m JOIN organisations o ON o.id = m.organisation_id
             WHERE m.user_id = $1
             ORDER BY m.created_at DESC, o.id DESC",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn members(&self, organisation_id: i64) -> StoreResult<Vec<MemberRow>> {
        Ok(sqlx::query_as(
            "SELECT u.id AS user_id, u.name, u.email, m.role, m.created_at AS joined_at
             FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.organisation_id = $1
             ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'editor' THEN 1 ELSE 2 END, u.name, u.id",
        )
        .bind(organisation_id)
        .fetch_all(&self.pool)
        .await?)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn add_member(
        &self,
        organisation_id: i64,
        user_id: i64,
        role: &str,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        insert_membership(&mut tx, organisation_id, user_id, role, now).await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn change_role(&self, organisation_id: i64, user_id: i64, role: &str) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        lock_organisation(&mut tx, organisation_id).await?;
        ensure_owner_remains(&mut tx, organisation_id, user_id, Some(role)).await?;
        sqlx::query("UPDATE memberships SET role = $3 WHERE organisation_id = $1 AND user_id = $2")
            .bind(organisation_id)
            .bind(user_id)
            .bind(role)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn remove_member(&self, organisation_id: i64, user_id: i64) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        lock_organisation(&mut tx, organisation_id).await?;
        ensure_owner_remains(&mut tx, organisation_id, user_id, None).await?;
        sqlx::query("DELETE FROM memberships WHERE organisation_id = $1 AND user_id = $2")
            .bind(organisation_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE organisation_id = $1 AND user_id = $2")
            .bind(organisation_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn create_session(&self, session: NewSession<'_>) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions
                 (token_hash, user_id, organisation_id, created_at, expires_at, last_seen_at)
             VALUES ($1, $2, $3, $4, $5, $4)",
        )
        .bind(session.token_hash)
        .bind(session.user_id)
        .bind(session.organisation_id)
        .bind(session.created_at)
        .bind(session.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: i64) -> StoreResult<Option<SessionRow>> {
        Ok(sqlx::query_as(
            "SELECT s.user_id, s.organisation_id, m.role, s.expires_at, s.last_seen_at
             FROM sessions s
             JOIN memberships m ON m.organisation_id = s.organisation_id AND m.user_id = s.user_id
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn touch_session(&self, token_hash: &str, now: i64) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn set_session_organisation(
        &self,
        token_hash: &str,
        organisation_id: i64,
    ) -> StoreResult<()> {
        let changed = sqlx::query("UPDATE sessions SET organisation_id = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(organisation_id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        found(changed)
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn delete_other_sessions(&self, user_id: i64, keep: &str) -> StoreResult<u64> {
        Ok(
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
                .bind(user_id)
                .bind(keep)
                .execute(&self.pool)
                .await?
                .rows_affected(),
        )
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn delete_expired(&self, now: i64) -> StoreResult<u64> {
        let mut tx = begin_write(&self.pool).await?;
        let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let failures = sqlx::query("DELETE FROM login_failures WHERE at < $1")
            .bind(now - LOGIN_FAILURE_RETENTION_SECONDS)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(sessions + failures)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn create_invitation(&self, invitation: NewInvitation<'_>) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO invitations (token_hash, organisation_id, role, email, invited_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(invitation.token_hash)
        .bind(invitation.organisation_id)
        .bind(invitation.role)
        .bind(invitation.email)
        .bind(invitation.invited_by)
        .bind(invitation.created_at)
        .bind(invitation.expires_at)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn invitation(&self, token_hash: &str) -> StoreResult<Option<InvitationRow>> {
        Ok(sqlx::query_as(
            "SELECT i.id, i.organisation_id, o.name AS organisation_name, i.role, i.email,
                    u.name AS invited_by_name, i.expires_at, i.accepted_at, i.revoked_at
             FROM invitations i
             JOIN organisations o ON o.id = i.organisation_id
             LEFT JOIN users u ON u.id = i.invited_by
             WHERE i.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn pending_invitations(
        &self,
        organisation_id: i64,
        now: i64,
    ) -> StoreResult<Vec<InvitationRow>> {
        Ok(sqlx::query_as(
            "SELECT i.id, i.organisation_id, o.name AS organisation_name, i.role, i.email,
                    u.name AS invited_by_name, i.expires_at, i.accepted_at, i.revoked_at
             FROM invitations i
             JOIN organisations o ON o.id = i.organisation_id
             LEFT JOIN users u ON u.id = i.invited_by
             WHERE i.organisation_id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL
               AND i.expires_at > $2
             ORDER BY i.created_at DESC, i.id DESC",
        )
        .bind(organisation_id)
        .bind(now)
        .fetch_all(&self.pool)
        .await?)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn revoke_invitation(&self, organisation_id: i64, id: i64, now: i64) -> StoreResult<()> {
        let changed = sqlx::query(
            "UPDATE invitations SET revoked_at = $3
             WHERE id = $1 AND organisation_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(id)
        .bind(organisation_id)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        found(changed)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn accept_invitation_with_new_user(
        &self,
        token_hash: &str,
        user: NewUser<'_>,
        now: i64,
    ) -> StoreResult<(i64, i64)> {
        let mut tx = begin_write(&self.pool).await?;
        let (invitation_id, organisation_id, role) =
            claim_invitation(&mut tx, token_hash, now).await?;
        let user_id = insert_user(&mut tx, user, now).await?;
        insert_membership(&mut tx, organisation_id, user_id, &role, now).await?;
        record_acceptance(&mut tx, invitation_id, user_id).await?;
        tx.commit().await?;
        Ok((user_id, organisation_id))
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn accept_invitation_as(
        &self,
        token_hash: &str,
        user_id: i64,
        now: i64,
    ) -> StoreResult<i64> {
        let mut tx = begin_write(&self.pool).await?;
        let (invitation_id, organisation_id, role) =
            claim_invitation(&mut tx, token_hash, now).await?;
        insert_membership(&mut tx, organisation_id, user_id, &role, now).await?;
        record_acceptance(&mut tx, invitation_id, user_id).await?;
        tx.commit().await?;
        Ok(organisation_id)
    }

    async fn record_login_failure(
        &self,
        email: &str,
        ip: Option<&str>,
        at: i64,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO login_failures (email, ip, at) VALUES ($1, $2, $3)")
            .bind(email)
            .bind(ip)
            .bind(at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn login_failures_since(
        &self,
        email: &str,
        ip: Option<&str>,
        since: i64,
    ) -> StoreResult<LoginFailures> {
        let (for_email, from_ip): (i64, i64) = sqlx::query_as(
            COUNT_LOGIN_FAILURES,
        )
        .bind(email)
        .bind(ip)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok(LoginFailures { for_email, from_ip })
    }

    async fn count_login_attempt(
        &self,
        email: &str,
        ip: Option<&str>,
        at: i64,
        since: i64,
        (per_email, per_ip): (i64, i64),
    ) -> StoreResult<bool> {
        let mut tx = begin_write(&self.pool).await?;
        if let Some(lock) = LOGIN_ATTEMPT_LOCK {
            // The email's lock first, then the address's: never the other way round.
            for key in [Some(format!("login-email:{email}")), ip.map(|ip| format!("login-ip:{ip}"))]
                .into_iter()
                .flatten()
            {
                sqlx::query(lock).bind(key).execute(&mut *tx).await?;
            }
        }
        let (for_email, from_ip): (i64, i64) = sqlx::query_as(
            COUNT_LOGIN_FAILURES,
        )
        .bind(email)
        .bind(ip)
        .bind(since)
        .fetch_one(&mut *tx)
        .await?;
        if for_email >= per_email || from_ip >= per_ip {
            return Ok(false);
        }
        sqlx::query("INSERT INTO login_failures (email, ip, at) VALUES ($1, $2, $3)")
            .bind(email)
            .bind(ip)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn clear_login_failures(&self, email: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE email = $1")
            .bind(email)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn totals(&self) -> StoreResult<Totals> {
        Ok(sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM organisations) AS organisations,
                    (SELECT COUNT(*) FROM users) AS users,
                    (SELECT COUNT(*) FROM memberships) AS memberships,
                    (SELECT COUNT(*) FROM sessions) AS sessions,
                    (SELECT COUNT(*) FROM invitations) AS invitations",
        )
        .fetch_one(&self.pool)
        .await?)
    }
}

//! Accounts and sessions: sign up, log in (throttled), log out, who is calling, passwords.

use super::secrets::{hash_password, new_token, token_hash, verify_password};
use super::{Kindred, broken, failed, internal, parse_role, unexpected};
use crate::storage::{NewSession, NewUser, StoreError};
use app::api::types::{Me, OrganisationSummary};
use app::backend::{Accounts, Caller, SessionGrant, SignUpInput};
use app::error::AppError;
use async_trait::async_trait;
use domain::{Email, FieldError, OrganisationName, Password, PersonName, organisation_slug};
use std::net::IpAddr;

/// How many numbered variants of a slug (`name-2`, `name-3`, …) sign-up tries before giving up.
const SLUG_ATTEMPTS: u32 = 50;

/// How stale a session's "last used" time may get before a request brings it up to date.
const SESSION_TOUCH_SECONDS: i64 = 60;

impl Kindred {
    /// Starts a session for a person in one of their organisations.
    pub(crate) async fn start_session(
        &self,
        user_id: i64,
        organisation_id: i64,
    ) -> Result<SessionGrant, AppError> {
        let token = new_token();
        let now = self.now();
        self.store
            .create_session(NewSession {
                token_hash: &token_hash(&token),
                user_id,
                organisation_id,
                created_at: now,
                expires_at: now + self.policy.session_seconds,
            })
            .await
            .map_err(failed("storage: create_session"))?;
        Ok(SessionGrant {
            token,
            max_age_seconds: self.policy.session_seconds,
        })
    }

    /// Counts this attempt before the password is checked; refuses it when the account or the
    /// address has failed too often lately.
    async fn throttle(&self, email: &str, ip: Option<&str>) -> Result<(), AppError> {
        let now = self.now();
        let counted = self
            .store
            .count_login_attempt(
                email,
                ip,
                now,
                now - self.policy.login_window_seconds,
                (
                    self.policy.login_failures_per_account,
                    self.policy.login_failures_per_ip,
                ),
            )
            .await
            .map_err(failed("storage: count_login_attempt"))?;
        if !counted {
            let minutes = self.policy.login_window_seconds / 60;
            return Err(AppError::TooManyAttempts(format!(
                "Too many failed attempts to log in. Wait {minutes} minutes, then try again."
            )));
        }
        Ok(())
    }
}

fn email_taken() -> AppError {
    AppError::Conflict(FieldError::new(
        "email",
        "An account with this email already exists. Log in instead, or use another address.",
    ))
}

#[async_trait]
impl Accounts for Kindred {
    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn sign_up(
        &self,
        input: SignUpInput,
        _ip: Option<IpAddr>,
    ) -> Result<SessionGrant, AppError> {
        let (organisation, name, email, password) = match (
            OrganisationName::parse("organisation_name", &input.organisation_name),
            PersonName::parse("name", &input.name),
            Email::parse("email", &input.email),
            Password::parse("password", &input.password),
        ) {
            (Ok(o), Ok(n), Ok(e), Ok(p)) => (o, n, e, p),
            (o, n, e, p) => return Err(AppError::fields([o.err(), n.err(), e.err(), p.err()])),
        };
        super::secrets::refuse_weak_password(
            "password",
            &password,
            &[email.as_str(), name.as_str(), organisation.as_str()],
        )?;
        let password_hash = hash_password(password.expose().to_owned())
            .await
            .map_err(|e| internal("hashing a password", e))?;
        let owner = NewUser {
            email: email.as_str(),
            name: name.as_str(),
            password_hash: &password_hash,
        };
        let base = organisation_slug(organisation.as_str());
        for attempt in 1..=SLUG_ATTEMPTS {
            let slug = if attempt == 1 {
                base.clone()
            } else {
                format!("{base}-{attempt}")
            };
            match self
                .store
                .create_organisation_with_owner(organisation.as_str(), &slug, owner, self.now())
                .await
            {
                Ok((organisation_id, user_id)) => {
                    tracing::info!(organisation_id, user_id, "organisation signed up");
                    return self.start_session(user_id, organisation_id).await;
                }
                Err(StoreError::Conflict("slug")) => continue,
                Err(StoreError::Conflict("email")) => return Err(email_taken()),
                Err(other) => {
                    return Err(unexpected("storage: create_organisation_with_owner", other));
                }
            }
        }
        Err(broken(format!("no free slug near {base}")))
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn log_in(
        &self,
        email: &str,
        password: &str,
        ip: Option<IpAddr>,
    ) -> Result<SessionGrant, AppError> {
        let email = match (Email::parse("email", email), password.is_empty()) {
            (Ok(email), false) => email,
            (email, empty) => {
                let password = empty.then(|| FieldError::new("password", "Enter your password."));
                return Err(AppError::fields([email.err(), password]));
            }
        };
        let ip = ip.map(|ip| ip.to_string());
        self.throttle(email.as_str(), ip.as_deref()).await?;
        let user = self
            .store
            .user_by_email(email.as_str())
            .await
            .map_err(failed("storage: user_by_email"))?;
        let matches = verify_password(
            password.to_owned(),
            user.as_ref().map(|u| u.password_hash.clone()),
        )
        .await
        .map_err(|e| internal("checking a password", e))?;
        let user = match user {
            Some(user) if matches => user,
            // The attempt was counted as a failure before the check; it stays one.
            _ => {
                return Err(AppError::invalid(
                    "password",
                    "That email and password do not match an account. Check both and try again.",
                ));
            }
        };
        self.store
            .clear_login_failures(email.as_str())
            .await
            .map_err(failed("storage: clear_login_failures"))?;
        let memberships = self
            .store
            .memberships(user.id)
            .await
            .map_err(failed("storage: memberships"))?;
        let Some(current) = memberships.first() else {
            return Err(AppError::forbidden(
                "Your account no longer belongs to any organisation. Ask an owner to invite you again.",
            ));
        };
        self.start_session(user.id, current.organisation_id).await
    }

    async fn log_out(&self, session_token: &str) -> Result<(), AppError> {
        self.store
            .delete_session(&token_hash(session_token))
            .await
            .map_err(failed("storage: delete_session"))
    }

    async fn caller(&self, session_token: &str) -> Result<Caller, AppError> {
        let hash = token_hash(session_token);
        let now = self.now();
        let session = self
            .store
            .session(&hash, now)
            .await
            .map_err(failed("storage: session"))?
            .ok_or(AppError::Unauthenticated)?;
        let idle = now - session.last_seen_at;
        if idle > self.policy.session_idle_seconds {
            self.store
                .delete_session(&hash)
                .await
                .map_err(failed("storage: delete_session"))?;
            return Err(AppError::Unauthenticated);
        }
        // Written at most once a minute per session, not on every request.
        if idle >= SESSION_TOUCH_SECONDS {
            self.store
                .touch_session(&hash, now)
                .await
                .map_err(failed("storage: touch_session"))?;
        }
        Ok(Caller {
            user_id: session.user_id,
            organisation_id: session.organisation_id,
            role: parse_role(&session.role)?,
        })
    }

    async fn me(&self, caller: &Caller) -> Result<Me, AppError> {
        let user = self
            .store
            .user(caller.user_id)
            .await
            .map_err(failed("storage: user"))?
            .ok_or(AppError::Unauthenticated)?;
        let organisations: Vec<OrganisationSummary> = self
            .store
            .memberships(caller.user_id)
            .await
            .map_err(failed("storage: memberships"))?
            .into_iter()
            .map(|m| OrganisationSummary {
                id: m.organisation_id,
                name: m.name,
                slug: m.slug,
            })
            .collect();
        let organisation = organisations
            .iter()
            .find(|o| o.id == caller.organisation_id)
            .cloned()
            .ok_or(AppError::Unauthenticated)?;
        Ok(Me {
            user_id: user.id,
            name: user.name,
            email: user.email,
            organisation,
            role: caller.role,
            organisations,
        })
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn change_password(
        &self,
        caller: &Caller,
        session_token: &str,
        current: &str,
        new: &str,
    ) -> Result<(), AppError> {
        let user = self
            .store
            .user(caller.user_id)
            .await
            .map_err(failed("storage: user"))?
            .ok_or(AppError::Unauthenticated)?;
        if !verify_password(current.to_owned(), Some(user.password_hash))
            .await
            .map_err(|e| internal("checking a password", e))?
        {
            return Err(AppError::invalid(
                "current_password",
                "That is not your current password.",
            ));
        }
        let new = Password::parse("new_password", new)?;
        super::secrets::refuse_weak_password("new_password", &new, &[user.email.as_str()])?;
        let hash = hash_password(new.expose().to_owned())
            .await
            .map_err(|e| internal("hashing a password", e))?;
        self.store
            .set_password_hash(user.id, &hash)
            .await
            .map_err(failed("storage: set_password_hash"))?;
        let ended = self
            .store
            .delete_other_sessions(user.id, &token_hash(session_token))
            .await
            .map_err(failed("storage: delete_other_sessions"))?;
        tracing::info!(
            user_id = user.id,
            ended,
            "password changed; other sessions ended"
        );
        Ok(())
    }

    async fn switch_organisation(
        &self,
        caller: &Caller,
        session_token: &str,
        organisation_id: i64,
    ) -> Result<(), AppError> {
        let memberships = self
            .store
            .memberships(caller.user_id)
            .await
            .map_err(failed("storage: memberships"))?;
        if !memberships
            .iter()
            .any(|m| m.organisation_id == organisation_id)
        {
            // Not found rather than forbidden: whether an organisation exists is not revealed
            // to people outside it.
            return Err(AppError::NotFound(
                "You are not a member of such an organisation.".into(),
            ));
        }
        self.store
            .set_session_organisation(&token_hash(session_token), organisation_id)
            .await
            .map_err(failed("storage: set_session_organisation"))
    }
}

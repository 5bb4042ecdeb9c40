//! Running an organisation: its name, members, roles and invitations. Owners only, except for
//! reading and accepting an invitation, which the link itself authorises.

use super::secrets::{hash_password, new_token, token_hash};
use super::{Kindred, failed, internal, invitation_problem, parse_role, unexpected};
use crate::storage::{
    ApiTokenRow, InvitationProblem, NewApiToken, NewInvitation, NewUser, StoreError,
};
use app::api::types::{
    ApiToken, Branding, InvitationLink, InvitationPreview, Member, NewApiTokenSecret,
    OrganisationSettings, OrganisationSummary, PendingInvitation,
};
use app::backend::{Caller, NewAccountInput, SessionGrant, Teams};
use app::error::AppError;
use async_trait::async_trait;
use domain::{Email, FieldError, OrganisationName, Password, PersonName, Role};
use std::net::IpAddr;

impl Kindred {
    fn require_owner(&self, caller: &Caller) -> Result<(), AppError> {
        if caller.role.can_manage_organisation() {
            Ok(())
        } else {
            Err(AppError::forbidden(
                "Only owners can manage the organisation's members and settings. Ask an owner if you need a different role.",
            ))
        }
    }

    async fn member_name(&self, organisation_id: i64, user_id: i64) -> Result<String, AppError> {
        let members = self
            .store
            .members(organisation_id)
            .await
            .map_err(failed("storage: members"))?;
        members
            .into_iter()
            .find(|m| m.user_id == user_id)
            .map(|m| m.name)
            .ok_or_else(|| {
                AppError::NotFound("That person is not a member of this organisation.".into())
            })
    }

    fn last_owner(name: &str) -> AppError {
        AppError::Conflict(FieldError::new(
            "role",
            format!(
                "{name} is the only owner. Make someone else an owner first, so the organisation always has one."
            ),
        ))
    }
}

#[async_trait]
impl Teams for Kindred {
    async fn organisation_settings(
        &self,
        caller: &Caller,
    ) -> Result<OrganisationSettings, AppError> {
        self.require_owner(caller)?;
        let organisation = self
            .store
            .organisation(caller.organisation_id)
            .await
            .map_err(failed("storage: organisation"))?
            .ok_or_else(|| AppError::NotFound("This organisation no longer exists.".into()))?;
        let members = self
            .store
            .members(caller.organisation_id)
            .await
            .map_err(failed("storage: members"))?
            .into_iter()
            .map(|m| {
                Ok(Member {
                    user_id: m.user_id,
                    name: m.name,
                    email: m.email,
                    role: parse_role(&m.role)?,
                    joined_at: m.joined_at,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let invitations = self
            .store
            .pending_invitations(caller.organisation_id, self.now())
            .await
            .map_err(failed("storage: pending_invitations"))?
            .into_iter()
            .map(|i| {
                Ok(PendingInvitation {
                    id: i.id,
                    role: parse_role(&i.role)?,
                    email: i.email,
                    invited_by: i
                        .invited_by_name
                        .unwrap_or_else(|| "a former member".into()),
                    expires_at: i.expires_at,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let api_tokens = self
            .store
            .api_tokens(caller.organisation_id)
            .await
            .map_err(failed("storage: api_tokens"))?
            .iter()
            .map(api_token)
            .collect::<Result<Vec<_>, AppError>>()?;
        Ok(OrganisationSettings {
            organisation: OrganisationSummary {
                id: organisation.id,
                name: organisation.name,
                slug: organisation.slug,
            },
            members,
            invitations,
            api_tokens,
            branding: Branding {
                brand_name: organisation.brand_name,
                colour: organisation.brand_colour,
                logo_url: organisation.logo_id.map(super::surveys::logo_url),
            },
        })
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn rename_organisation(&self, caller: &Caller, name: &str) -> Result<(), AppError> {
        self.require_owner(caller)?;
        let name = OrganisationName::parse("name", name)?;
        self.store
            .rename_organisation(caller.organisation_id, name.as_str(), self.now())
            .await
            .map_err(failed("storage: rename_organisation"))
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn set_branding(
        &self,
        caller: &Caller,
        brand_name: &str,
        colour: &str,
    ) -> Result<(), AppError> {
        self.require_owner(caller)?;
        let (brand_name, colour) =
            domain::brand::parse_branding(brand_name, colour).map_err(AppError::Validation)?;
        self.store
            .set_organisation_branding(
                caller.organisation_id,
                brand_name.as_deref(),
                colour.as_deref(),
                self.now(),
            )
            .await
            .map_err(failed("storage: set_organisation_branding"))
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn invite(
        &self,
        caller: &Caller,
        role: Role,
        email: Option<&str>,
    ) -> Result<InvitationLink, AppError> {
        self.require_owner(caller)?;
        let email = email.map(|e| Email::parse("email", e)).transpose()?;
        let token = new_token();
        let now = self.now();
        let expires_at = now + self.policy.invitation_seconds;
        self.store
            .create_invitation(NewInvitation {
                token_hash: &token_hash(&token),
                organisation_id: caller.organisation_id,
                role: role.as_str(),
                email: email.as_ref().map(Email::as_str),
                invited_by: Some(caller.user_id),
                created_at: now,
                expires_at,
            })
            .await
            .map_err(failed("storage: create_invitation"))?;
        let base = self.policy.public_url.trim_end_matches('/');
        Ok(InvitationLink {
            url: format!("{base}/invite/{token}"),
            role,
            expires_at,
        })
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn revoke_invitation(&self, caller: &Caller, invitation_id: i64) -> Result<(), AppError> {
        self.require_owner(caller)?;
        match self
            .store
            .revoke_invitation(caller.organisation_id, invitation_id, self.now())
            .await
        {
            Ok(()) => Ok(()),
            Err(StoreError::NotFound) => Err(AppError::NotFound(
                "That invitation is no longer waiting.".into(),
            )),
            Err(other) => Err(unexpected("storage: revoke_invitation", other)),
        }
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn change_role(&self, caller: &Caller, user_id: i64, role: Role) -> Result<(), AppError> {
        self.require_owner(caller)?;
        let name = self.member_name(caller.organisation_id, user_id).await?;
        match self
            .store
            .change_role(caller.organisation_id, user_id, role.as_str())
            .await
        {
            Ok(()) => Ok(()),
            Err(StoreError::LastOwner) => Err(Self::last_owner(&name)),
            Err(StoreError::NotFound) => Err(AppError::NotFound(
                "That person is not a member of this organisation.".into(),
            )),
            Err(other) => Err(unexpected("storage: change_role", other)),
        }
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn remove_member(&self, caller: &Caller, user_id: i64) -> Result<(), AppError> {
        self.require_owner(caller)?;
        let name = self.member_name(caller.organisation_id, user_id).await?;
        match self
            .store
            .remove_member(caller.organisation_id, user_id)
            .await
        {
            Ok(()) => Ok(()),
            Err(StoreError::LastOwner) => Err(Self::last_owner(&name)),
            Err(StoreError::NotFound) => Err(AppError::NotFound(
                "That person is not a member of this organisation.".into(),
            )),
            Err(other) => Err(unexpected("storage: remove_member", other)),
        }
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn create_api_token(
        &self,
        caller: &Caller,
        name: &str,
        role: Role,
    ) -> Result<NewApiTokenSecret, AppError> {
        self.require_owner(caller)?;
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > 80 {
            return Err(AppError::invalid(
                "token_name",
                "Name the token (up to 80 characters), e.g. “Website form”.",
            ));
        }
        domain::typed_text::refuse_hidden_characters("token_name", &name, false)?;
        let secret = format!("kdr_{}", new_token());
        let id = self
            .store
            .create_api_token(NewApiToken {
                organisation_id: caller.organisation_id,
                name: &name,
                role: role.as_str(),
                token_hash: &token_hash(&secret),
                created_by: Some(caller.user_id),
                now: self.now(),
            })
            .await
            .map_err(failed("storage: create_api_token"))?;
        Ok(NewApiTokenSecret {
            token: ApiToken {
                id,
                name,
                role,
                created_at: self.now(),
            },
            secret,
        })
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn revoke_api_token(&self, caller: &Caller, token_id: i64) -> Result<(), AppError> {
        self.require_owner(caller)?;
        match self
            .store
            .revoke_api_token(caller.organisation_id, token_id, self.now())
            .await
        {
            Ok(()) => Ok(()),
            Err(StoreError::NotFound) => {
                Err(AppError::NotFound("That token is already revoked.".into()))
            }
            Err(other) => Err(unexpected("storage: revoke_api_token", other)),
        }
    }

    async fn invitation(&self, token: &str) -> Result<InvitationPreview, AppError> {
        let invitation = self
            .store
            .invitation(&token_hash(token))
            .await
            .map_err(failed("storage: invitation"))?
            .ok_or_else(|| invitation_problem(InvitationProblem::Unknown))?;
        let problem = if invitation.revoked_at.is_some() {
            Some(InvitationProblem::Revoked)
        } else if invitation.accepted_at.is_some() {
            Some(InvitationProblem::AlreadyUsed)
        } else if invitation.expires_at <= self.now() {
            Some(InvitationProblem::Expired)
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(invitation_problem(problem));
        }
        Ok(InvitationPreview {
            organisation_name: invitation.organisation_name,
            role: parse_role(&invitation.role)?,
            email: invitation.email,
            invited_by: invitation
                .invited_by_name
                .unwrap_or_else(|| "An owner".into()),
        })
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn accept_invitation_with_new_account(
        &self,
        token: &str,
        input: NewAccountInput,
        _ip: Option<IpAddr>,
    ) -> Result<SessionGrant, AppError> {
        // Say early when the link itself is the problem, before asking for a better password.
        self.invitation(token).await?;
        let (name, email, password) = match (
            PersonName::parse("name", &input.name),
            Email::parse("email", &input.email),
            Password::parse("password", &input.password),
        ) {
            (Ok(n), Ok(e), Ok(p)) => (n, e, p),
            (n, e, p) => return Err(AppError::fields([n.err(), e.err(), p.err()])),
        };
        super::secrets::refuse_weak_password(
            "password",
            &password,
            &[email.as_str(), name.as_str()],
        )?;
        let password_hash = hash_password(password.expose().to_owned())
            .await
            .map_err(|e| internal("hashing a password", e))?;
        let user = NewUser {
            email: email.as_str(),
            name: name.as_str(),
            password_hash: &password_hash,
        };
        match self
            .store
            .accept_invitation_with_new_user(&token_hash(token), user, self.now())
            .await
        {
            Ok((user_id, organisation_id)) => {
                tracing::info!(
                    organisation_id,
                    user_id,
                    "invitation accepted by a new account"
                );
                self.start_session(user_id, organisation_id).await
            }
            Err(StoreError::Invitation(problem)) => Err(invitation_problem(problem)),
            Err(StoreError::Conflict("email")) => Err(AppError::Conflict(FieldError::new(
                "email",
                "An account with this email already exists. Log in first, then open this invitation link again.",
            ))),
            Err(other) => Err(unexpected("accept invitation with new account", other)),
        }
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn accept_invitation_as(
        &self,
        caller: &Caller,
        session_token: &str,
        token: &str,
    ) -> Result<(), AppError> {
        match self
            .store
            .accept_invitation_as(&token_hash(token), caller.user_id, self.now())
            .await
        {
            Ok(organisation_id) => self
                .store
                .set_session_organisation(&token_hash(session_token), organisation_id)
                .await
                .map_err(failed("storage: set_session_organisation")),
            Err(StoreError::Invitation(problem)) => Err(invitation_problem(problem)),
            Err(StoreError::Conflict("membership")) => Err(AppError::Conflict(FieldError::new(
                "token",
                "You are already a member of this organisation.",
            ))),
            Err(other) => Err(unexpected("storage: set_session_organisation", other)),
        }
    }
}

fn api_token(row: &ApiTokenRow) -> Result<ApiToken, AppError> {
    Ok(ApiToken {
        id: row.id,
        name: row.name.clone(),
        role: parse_role(&row.role)?,
        created_at: row.created_at,
    })
}

impl Kindred {
    /// The caller behind an API token (`Authorization: Bearer kdr_…`): its organisation, its role,
    /// and the owner who created it. `Unauthenticated` for an unknown or revoked token.
    pub async fn api_caller(&self, secret: &str) -> Result<Caller, AppError> {
        let row = self
            .store
            .api_token(&token_hash(secret))
            .await
            .map_err(failed("storage: api_token"))?
            .ok_or(AppError::Unauthenticated)?;
        Ok(Caller {
            user_id: row.created_by.unwrap_or(0),
            organisation_id: row.organisation_id,
            role: parse_role(&row.role)?,
        })
    }
}

//! Server functions for running an organisation: members, roles and invitations.

#[cfg(feature = "ssr")]
use super::request::{backend, caller, client_ip, set_session_cookie, stamp};
use super::types::{InvitationLink, InvitationPreview, NewApiTokenSecret, OrganisationSettings};
use crate::error::AppError;
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "organisation_settings")]
pub async fn load_organisation_settings() -> Result<OrganisationSettings, AppError> {
    let (caller, _) = caller().await?;
    backend()?
        .organisation_settings(&caller)
        .await
        .map_err(stamp)
}

#[server(endpoint = "rename_organisation")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn rename_organisation(name: String) -> Result<(), AppError> {
    let (caller, _) = caller().await?;
    backend()?
        .rename_organisation(&caller, &name)
        .await
        .map_err(stamp)
}

#[server(endpoint = "invite_member")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn invite_member(role: Role, email: Option<String>) -> Result<InvitationLink, AppError> {
    let (caller, _) = caller().await?;
    let email = email.as_deref().map(str::trim).filter(|e| !e.is_empty());
    backend()?.invite(&caller, role, email).await.map_err(stamp)
}

#[server(endpoint = "revoke_invitation")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn revoke_invitation(invitation_id: i64) -> Result<(), AppError> {
    let (caller, _) = caller().await?;
    backend()?
        .revoke_invitation(&caller, invitation_id)
        .await
        .map_err(stamp)
}

#[server(endpoint = "change_member_role")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn change_member_role(user_id: i64, role: Role) -> Result<(), AppError> {
    let (caller, _) = caller().await?;
    backend()?
        .change_role(&caller, user_id, role)
        .await
        .map_err(stamp)
}

#[server(endpoint = "remove_member")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn remove_member(user_id: i64) -> Result<(), AppError> {
    let (caller, _) = caller().await?;
    backend()?
        .remove_member(&caller, user_id)
        .await
        .map_err(stamp)
}

/// What an invitation offers; anyone holding the link may ask.
#[server(endpoint = "invitation_details")]
pub async fn invitation_details(token: String) -> Result<InvitationPreview, AppError> {
    backend()?.invitation(&token).await.map_err(stamp)
}

/// Accepts an invitation by creating a new account.
#[server(endpoint = "accept_invitation")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn accept_invitation(
    token: String,
    name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    use crate::backend::NewAccountInput;
    let input = NewAccountInput {
        name,
        email,
        password,
    };
    let grant = backend()?
        .accept_invitation_with_new_account(&token, input, client_ip())
        .await
        .map_err(stamp)?;
    set_session_cookie(&grant);
    leptos_axum::redirect("/surveys");
    Ok(())
}

/// Accepts an invitation as the person already logged in.
#[server(endpoint = "join_organisation")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn join_organisation(token: String) -> Result<(), AppError> {
    let (caller, session) = caller().await?;
    backend()?
        .accept_invitation_as(&caller, &session, &token)
        .await
        .map_err(stamp)?;
    leptos_axum::redirect("/surveys");
    Ok(())
}

/// Creates an API token; the answer holds its secret, shown once.
#[server(endpoint = "create_api_token")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn create_api_token(
    token_name: String,
    role: Role,
) -> Result<NewApiTokenSecret, AppError> {
    let (caller, _) = caller().await?;
    backend()?
        .create_api_token(&caller, &token_name, role)
        .await
        .map_err(stamp)
}

#[server(endpoint = "revoke_api_token")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn revoke_api_token(token_id: i64) -> Result<(), AppError> {
    let (caller, _) = caller().await?;
    backend()?
        .revoke_api_token(&caller, token_id)
        .await
        .map_err(stamp)
}

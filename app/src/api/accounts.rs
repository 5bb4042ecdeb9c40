//! Server functions for one's own account: sign up, log in and out, password, organisation switch.

#[cfg(feature = "ssr")]
use super::request::{
    backend, caller, clear_session_cookie, client_ip, session_caller, session_token,
    set_session_cookie, stamp,
};
use super::types::Me;
use crate::error::AppError;
use leptos::prelude::*;

/// Creates an organisation with the caller as its owner, logs them in and opens their surveys.
#[server(endpoint = "sign_up")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn sign_up(
    organisation_name: String,
    name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    use crate::backend::SignUpInput;
    let input = SignUpInput {
        organisation_name,
        name,
        email,
        password,
    };
    let grant = backend()?
        .sign_up(input, client_ip())
        .await
        .map_err(stamp)?;
    end_previous_session().await;
    set_session_cookie(&grant);
    leptos_axum::redirect("/surveys");
    Ok(())
}

#[server(endpoint = "log_in")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn log_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    let grant = backend()?
        .log_in(&email, &password, client_ip())
        .await
        .map_err(stamp)?;
    // A new session id at every login, so a planted cookie never becomes an authenticated one.
    end_previous_session().await;
    set_session_cookie(&grant);
    leptos_axum::redirect(domain::links::local_or(next.as_deref(), "/surveys"));
    Ok(())
}

#[server(endpoint = "log_out")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn log_out() -> Result<(), AppError> {
    end_previous_session().await;
    clear_session_cookie();
    leptos_axum::redirect("/");
    Ok(())
}

/// The person behind the session cookie, or `None` for a visitor (or a cookie that is not valid).
#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    let Some(token) = session_token() else {
        return Ok(None);
    };
    match session_caller(&token).await {
        Ok(caller) => backend()?.me(&caller).await.map(Some).map_err(stamp),
        Err(AppError::Unauthenticated) => {
            clear_session_cookie();
            Ok(None)
        }
        Err(other) => Err(stamp(other)),
    }
}

#[server(endpoint = "change_password")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let (caller, token) = caller().await?;
    backend()?
        .change_password(&caller, &token, &current_password, &new_password)
        .await
        .map_err(stamp)
}

#[server(endpoint = "switch_organisation")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn switch_organisation(organisation_id: i64) -> Result<(), AppError> {
    let (caller, token) = caller().await?;
    backend()?
        .switch_organisation(&caller, &token, organisation_id)
        .await
        .map_err(stamp)?;
    leptos_axum::redirect("/surveys");
    Ok(())
}

#[cfg(feature = "ssr")]
async fn end_previous_session() {
    if let (Some(token), Ok(backend)) = (session_token(), backend()) {
        // Best effort: a stale or forged cookie has nothing to delete.
        let _ = backend.log_out(&token).await;
    }
}

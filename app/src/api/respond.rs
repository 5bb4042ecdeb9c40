//! Server functions behind the respondent pages: the survey behind a public link (with a refused
//! attempt shown again, when there is one) and the identity card. Nobody logs in here.

#[cfg(feature = "ssr")]
use super::request::{backend, stamp};
use super::types::{IdentityCard, RespondentPage, SurveyDetail};
use crate::error::AppError;
use leptos::prelude::*;

/// The name of the cookie that marks a browser as having answered one survey.
pub fn respondent_cookie_name(slug: &str) -> String {
    format!("kindred_r_{slug}")
}

#[server(endpoint = "load_respondent_page")]
pub async fn load_respondent_page(slug: String) -> Result<RespondentPage, AppError> {
    use super::request::cookie_value;
    use super::types::FormReplay;
    let respondent = cookie_value(&respondent_cookie_name(&slug));
    let survey = backend()?
        .public_survey(&slug, respondent.as_deref())
        .await
        .map_err(stamp)?;
    // The form handler renders the page again with what was sent and why it was refused.
    let replay = use_context::<FormReplay>();
    Ok(RespondentPage { survey, replay })
}

#[server(endpoint = "load_identity_card")]
pub async fn load_identity_card(token: String) -> Result<IdentityCard, AppError> {
    backend()?.identity_card(&token).await.map_err(stamp)
}

/// Lets only holders of an invite code answer (or everyone again).
#[server(endpoint = "set_invite_code_required")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, err(level = "info")))]
pub async fn set_invite_code_required(id: i64, required: bool) -> Result<SurveyDetail, AppError> {
    let (caller, _) = super::request::caller().await?;
    backend()?
        .require_invite_code(&caller, id, required)
        .await
        .map_err(stamp)
}

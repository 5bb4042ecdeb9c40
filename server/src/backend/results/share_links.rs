//! Share links: read-only views of one survey's results for people without an account, made by
//! owners and editors, valid for a number of days, revocable. The secret is stored only as a hash.

use super::super::{Kindred, failed, new_token, token_hash, unexpected};
use app::api::results::{NewShareLink, ShareLink};
use app::backend::Caller;
use app::error::AppError;

const DAY: i64 = 24 * 60 * 60;
/// The longest a share link may last.
const SHARE_DAYS_MAX: u32 = 365;

impl Kindred {
    #[tracing::instrument(skip_all, err(level = "info"))]
    pub(super) async fn make_share_link(
        &self,
        caller: &Caller,
        survey_id: i64,
        days: u32,
        show_texts: bool,
    ) -> Result<NewShareLink, AppError> {
        self.require_editor(caller)?;
        if !(1..=SHARE_DAYS_MAX).contains(&days) {
            return Err(AppError::invalid(
                "days",
                format!("A share link lasts from 1 to {SHARE_DAYS_MAX} days."),
            ));
        }
        let row = self.survey_row(caller, survey_id).await?;
        let token = new_token();
        let expires_at = self.now() + i64::from(days) * DAY;
        self.store
            .create_share_link(
                row.id,
                &token_hash(&token),
                show_texts,
                expires_at,
                self.now(),
            )
            .await
            .map_err(failed("storage: create_share_link"))?;
        tracing::info!(survey_id, days, show_texts, "share link made");
        Ok(NewShareLink {
            url: self.public_url(&format!("/r/{token}")),
            expires_at,
        })
    }

    pub(super) async fn list_share_links(
        &self,
        caller: &Caller,
        survey_id: i64,
    ) -> Result<Vec<ShareLink>, AppError> {
        let row = self.survey_row(caller, survey_id).await?;
        let now = self.now();
        Ok(self
            .store
            .share_links(row.id)
            .await
            .map_err(failed("storage: share_links"))?
            .into_iter()
            .map(|l| ShareLink {
                id: l.id,
                created_at: l.created_at,
                expires_at: l.expires_at,
                show_texts: l.show_texts,
                active: l.revoked_at.is_none() && l.expires_at > now,
            })
            .collect())
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    pub(super) async fn end_share_link(
        &self,
        caller: &Caller,
        survey_id: i64,
        link_id: i64,
    ) -> Result<(), AppError> {
        self.require_editor(caller)?;
        self.survey_row(caller, survey_id).await?;
        match self
            .store
            .revoke_share_link(caller.organisation_id, link_id, self.now())
            .await
        {
            Ok(()) => Ok(()),
            Err(crate::storage::StoreError::NotFound) => Err(AppError::NotFound(
                "There is no such share link, or it was already revoked.".into(),
            )),
            Err(other) => Err(unexpected("storage: revoke_share_link", other)),
        }
    }

    /// The share link with this secret and its organisation, unless unknown, expired or revoked.
    pub(super) async fn live_share_link(
        &self,
        token: &str,
    ) -> Result<(crate::storage::ShareLinkRow, i64), AppError> {
        let gone = || {
            AppError::NotFound(
                "This share link is not valid, has expired or was revoked. Ask for a new one."
                    .into(),
            )
        };
        let (link, organisation_id) = self
            .store
            .share_link(&token_hash(token))
            .await
            .map_err(failed("storage: share_link"))?
            .ok_or_else(gone)?;
        if link.revoked_at.is_some() || link.expires_at <= self.now() {
            return Err(gone());
        }
        Ok((link, organisation_id))
    }
}

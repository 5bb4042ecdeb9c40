//! Surveys, their drafts and their published versions. Every read and write is scoped to an
//! organisation, so one organisation's id guesses never reach another's surveys.

use super::StoreResult;
use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SurveyRow {
    pub id: i64,
    pub organisation_id: i64,
    pub public_slug: String,
    pub title: String,
    pub status: String,
    /// JSON of the definition being edited.
    pub draft: String,
    pub published_version: Option<i64>,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Overrides of the organisation's branding for this survey.
    pub brand_name: Option<String>,
    pub brand_colour: Option<String>,
    /// Only holders of an unused invite code may answer.
    pub requires_invite_code: bool,
    /// Overrides the organisation's logo for this survey.
    pub logo_id: Option<i64>,
}

/// A survey with what its public page needs of its organisation, read in one query.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PublicSurveyRow {
    #[sqlx(flatten)]
    pub survey: SurveyRow,
    pub organisation_name: String,
    pub organisation_brand_name: Option<String>,
    pub organisation_brand_colour: Option<String>,
    pub organisation_logo_id: Option<i64>,
}

#[derive(Debug, Clone, Copy)]
pub struct NewSurvey<'a> {
    pub organisation_id: i64,
    pub public_slug: &'a str,
    pub title: &'a str,
    pub draft: &'a str,
    pub created_by: Option<i64>,
    pub now: i64,
}

#[async_trait]
pub trait SurveyStore: Send + Sync {
    async fn create_survey(&self, survey: NewSurvey<'_>) -> StoreResult<i64>;
    /// An organisation's surveys, newest first.
    async fn surveys(&self, organisation_id: i64) -> StoreResult<Vec<SurveyRow>>;
    async fn survey(&self, organisation_id: i64, id: i64) -> StoreResult<Option<SurveyRow>>;
    async fn survey_by_slug(&self, public_slug: &str) -> StoreResult<Option<SurveyRow>>;
    /// The public link's slug of survey `id`, whichever organisation it belongs to: for pages
    /// that lead back to a survey from something public (an identity card).
    async fn survey_slug(&self, id: i64) -> StoreResult<Option<String>>;
    /// The survey behind a public link, with its organisation's name and branding.
    async fn public_survey(&self, public_slug: &str) -> StoreResult<Option<PublicSurveyRow>>;
    async fn update_draft(
        &self,
        organisation_id: i64,
        id: i64,
        title: &str,
        draft: &str,
        now: i64,
    ) -> StoreResult<()>;
    /// Freezes the draft as the next version (unless it equals the latest one) and publishes it.
    /// Returns the version respondents now get.
    async fn publish_survey(&self, organisation_id: i64, id: i64, now: i64) -> StoreResult<i64>;
    /// `closed`, or back to `published` (only for a survey that has a published version).
    async fn set_survey_status(
        &self,
        organisation_id: i64,
        id: i64,
        status: &str,
        now: i64,
    ) -> StoreResult<()>;
    async fn set_survey_window(
        &self,
        organisation_id: i64,
        id: i64,
        opens_at: Option<i64>,
        closes_at: Option<i64>,
        now: i64,
    ) -> StoreResult<()>;
    async fn set_survey_branding(
        &self,
        organisation_id: i64,
        id: i64,
        brand_name: Option<&str>,
        brand_colour: Option<&str>,
        now: i64,
    ) -> StoreResult<()>;
    /// The JSON definition of one published version.
    async fn survey_version(&self, survey_id: i64, version: i64) -> StoreResult<Option<String>>;
}

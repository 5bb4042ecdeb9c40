//! Surveys: creating from the template or blank, saving drafts, publishing versions, closing.

use super::secrets::new_public_slug;
use super::{Kindred, broken, failed, internal, unexpected};
use crate::storage::{NewSurvey, ResponseActivity, StoreError, SurveyRow};
use app::api::types::{Branding, SurveyDetail, SurveySummary};
use app::backend::{Caller, SurveySource, Surveys};
use app::error::AppError;
use async_trait::async_trait;
use domain::FieldError;
use domain::survey::{Definition, SurveyStatus, WHY_MEMBERS_JOIN, validate, why_members_join};

/// The answer for a survey id that is not the caller's organisation's (or not at all).
pub(super) fn no_such_survey() -> AppError {
    AppError::NotFound("There is no such survey in your organisation.".into())
}

impl Kindred {
    pub(super) fn require_editor(&self, caller: &Caller) -> Result<(), AppError> {
        if caller.role.can_edit_surveys() {
            Ok(())
        } else {
            Err(AppError::forbidden(
                "Viewers can read surveys and results but not change them. Ask an owner for the editor role.",
            ))
        }
    }

    pub(super) async fn survey_row(&self, caller: &Caller, id: i64) -> Result<SurveyRow, AppError> {
        self.store
            .survey(caller.organisation_id, id)
            .await
            .map_err(failed("storage: survey"))?
            .ok_or_else(no_such_survey)
    }

    fn summary(
        &self,
        row: &SurveyRow,
        draft: &Definition,
        activity: ResponseActivity,
    ) -> Result<SurveySummary, AppError> {
        let base = self.policy.public_url.trim_end_matches('/');
        Ok(SurveySummary {
            id: row.id,
            title: row.title.clone(),
            status: SurveyStatus::parse(&row.status)
                .ok_or_else(|| broken(format!("survey status {}", row.status)))?,
            version: row.published_version,
            slug: row.public_slug.clone(),
            public_url: format!("{base}/s/{}", row.public_slug),
            questions: draft.questions.len(),
            responses: activity.responses,
            last_response_at: activity.last_response_at,
            updated_at: row.updated_at,
        })
    }

    async fn detail(&self, caller: &Caller, row: SurveyRow) -> Result<SurveyDetail, AppError> {
        let draft: Definition = serde_json::from_str(&row.draft)
            .map_err(|e| internal("reading a stored survey definition", e))?;
        let unpublished_changes = match row.published_version {
            Some(version) => {
                let published = self
                    .store
                    .survey_version(row.id, version)
                    .await
                    .map_err(failed("storage: survey_version"))?;
                published.as_deref() != Some(row.draft.as_str())
            }
            None => true,
        };
        let organisation = self
            .store
            .organisation(row.organisation_id)
            .await
            .map_err(failed("storage: organisation"))?
            .ok_or(AppError::Unauthenticated)?;
        let activity = self
            .store
            .survey_activity(row.id)
            .await
            .map_err(failed("storage: survey_activity"))?;
        let (invite_codes_issued, invite_codes_used) = self
            .store
            .invite_code_counts(row.id)
            .await
            .map_err(failed("storage: invite_code_counts"))?;
        Ok(SurveyDetail {
            summary: self.summary(&row, &draft, activity)?,
            draft,
            unpublished_changes,
            opens_at: row.opens_at,
            closes_at: row.closes_at,
            can_edit: caller.role.can_edit_surveys(),
            branding: Branding {
                brand_name: row.brand_name.clone(),
                colour: row.brand_colour.clone(),
                logo_url: row.logo_id.map(logo_url),
            },
            inherited_branding: Branding {
                brand_name: Some(organisation.brand_name.unwrap_or(organisation.name)),
                colour: organisation.brand_colour,
                logo_url: organisation.logo_id.map(logo_url),
            },
            requires_invite_code: row.requires_invite_code,
            invite_codes_issued,
            invite_codes_used,
        })
    }
}

/// Where a stored logo is served.
pub(super) fn logo_url(id: i64) -> String {
    format!("/logos/{id}")
}

const DAY_SECONDS: i64 = 24 * 60 * 60;

/// Reads an answer window from two optional days (`YYYY-MM-DD`, UTC): it opens at the start of the
/// first day and closes at the end of the last.
pub fn parse_window(
    opens_on: &str,
    closes_on: &str,
) -> Result<(Option<i64>, Option<i64>), AppError> {
    parse_day_range(
        ("opens_on", opens_on),
        ("closes_on", closes_on),
        "The closing day must not come before the opening day.",
    )
}

/// Two optional days (`YYYY-MM-DD`, UTC), each named by its form field, as the first second of
/// the first day and the last second of the last day. Refused — naming the field — when a day is
/// not a date, or with `reversed` (on the second field) when the last day comes before the first.
pub fn parse_day_range(
    (first_field, first): (&str, &str),
    (last_field, last): (&str, &str),
    reversed: &str,
) -> Result<(Option<i64>, Option<i64>), AppError> {
    let day = |field: &str, text: &str| -> Result<Option<i64>, FieldError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        // Four-digit years from 1970: the app's days, and nothing a date field cannot show.
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .filter(|d| (1970..=9999).contains(&chrono::Datelike::year(d)))
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| Some(t.and_utc().timestamp()))
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    format!("“{text}” is not a date from 1970 on; write it like 2026-12-31."),
                )
            })
    };
    match (day(first_field, first), day(last_field, last)) {
        (Ok(opens), Ok(closes)) => {
            let closes = closes.map(|start| start + DAY_SECONDS - 1);
            if let (Some(o), Some(c)) = (opens, closes)
                && c < o
            {
                return Err(AppError::invalid(last_field, reversed));
            }
            Ok((opens, closes))
        }
        (opens, closes) => Err(AppError::fields([opens.err(), closes.err()])),
    }
}

fn parse_title(title: &str) -> Result<String, AppError> {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars = title.chars().count();
    if chars == 0 {
        return Err(AppError::invalid("title", "Give the survey a title."));
    }
    domain::typed_text::refuse_hidden_characters("title", &title, false)?;
    let most = domain::survey::Limits::default().max_title_chars;
    if chars > most {
        return Err(AppError::invalid(
            "title",
            format!("Use at most {most} characters (this title has {chars})."),
        ));
    }
    Ok(title)
}

#[async_trait]
impl Surveys for Kindred {
    async fn list_surveys(&self, caller: &Caller) -> Result<Vec<SurveySummary>, AppError> {
        let rows = self
            .store
            .surveys(caller.organisation_id)
            .await
            .map_err(failed("storage: surveys"))?;
        let activity: std::collections::HashMap<i64, ResponseActivity> = self
            .store
            .response_activity(caller.organisation_id)
            .await
            .map_err(failed("storage: response_activity"))?
            .into_iter()
            .map(|a| (a.survey_id, a))
            .collect();
        rows.iter()
            .map(|row| {
                let draft: Definition = serde_json::from_str(&row.draft)
                    .map_err(|e| internal("reading a stored survey definition", e))?;
                let activity = activity.get(&row.id).copied().unwrap_or_default();
                self.summary(row, &draft, activity)
            })
            .collect()
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn create_survey(
        &self,
        caller: &Caller,
        source: SurveySource,
        title: Option<&str>,
    ) -> Result<SurveySummary, AppError> {
        self.require_editor(caller)?;
        let (definition, default_title) = match source {
            SurveySource::Template(name) if name == WHY_MEMBERS_JOIN => {
                let organisation = self
                    .store
                    .organisation(caller.organisation_id)
                    .await
                    .map_err(failed("storage: organisation"))?
                    .ok_or(AppError::Unauthenticated)?;
                let brand = organisation
                    .brand_name
                    .as_deref()
                    .unwrap_or(&organisation.name);
                (why_members_join(brand), "Why members join")
            }
            SurveySource::Template(other) => {
                return Err(AppError::invalid(
                    "template",
                    format!(
                        "There is no template called “{other}”; the one available is “{WHY_MEMBERS_JOIN}”."
                    ),
                ));
            }
            SurveySource::Blank => (Definition::default(), "Untitled survey"),
            SurveySource::Definition(definition) => {
                validate(&definition, false).map_err(AppError::Validation)?;
                (definition, "Untitled survey")
            }
        };
        let title = parse_title(title.unwrap_or(default_title))?;
        let draft = serde_json::to_string(&definition)
            .map_err(|e| internal("writing a survey definition", e))?;
        let now = self.now();
        // A fresh random slug essentially never clashes; retry the rare case rather than fail.
        for _ in 0..3 {
            let slug = new_public_slug();
            let survey = NewSurvey {
                organisation_id: caller.organisation_id,
                public_slug: &slug,
                title: &title,
                draft: &draft,
                // An API token made on the command line acts for no particular person.
                created_by: Some(caller.user_id).filter(|id| *id > 0),
                now,
            };
            match self.store.create_survey(survey).await {
                Ok(id) => {
                    let row = self.survey_row(caller, id).await?;
                    return self.summary(&row, &definition, ResponseActivity::default());
                }
                Err(StoreError::Conflict(_)) => continue,
                Err(other) => return Err(unexpected("storage: create_survey", other)),
            }
        }
        Err(broken("no free public slug after three tries"))
    }

    async fn survey(&self, caller: &Caller, id: i64) -> Result<SurveyDetail, AppError> {
        let row = self.survey_row(caller, id).await?;
        self.detail(caller, row).await
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn save_survey(
        &self,
        caller: &Caller,
        id: i64,
        title: &str,
        definition: Definition,
    ) -> Result<SurveyDetail, AppError> {
        self.require_editor(caller)?;
        let title = parse_title(title);
        let checked = validate(&definition, false);
        let title = match (title, checked) {
            (Ok(title), Ok(())) => title,
            (title, checked) => {
                let mut errors: Vec<FieldError> = match title {
                    Err(AppError::Validation(e)) => e,
                    _ => Vec::new(),
                };
                errors.extend(checked.err().unwrap_or_default());
                return Err(AppError::Validation(errors));
            }
        };
        let draft = serde_json::to_string(&definition)
            .map_err(|e| internal("writing a survey definition", e))?;
        match self
            .store
            .update_draft(caller.organisation_id, id, &title, &draft, self.now())
            .await
        {
            Ok(()) => self.survey(caller, id).await,
            Err(StoreError::NotFound) => Err(no_such_survey()),
            Err(other) => Err(unexpected("storage: update_draft", other)),
        }
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn publish_survey(&self, caller: &Caller, id: i64) -> Result<SurveyDetail, AppError> {
        self.require_editor(caller)?;
        let row = self.survey_row(caller, id).await?;
        let draft: Definition = serde_json::from_str(&row.draft)
            .map_err(|e| internal("reading a stored survey definition", e))?;
        validate(&draft, true).map_err(AppError::Validation)?;
        let version = self
            .store
            .publish_survey(caller.organisation_id, id, self.now())
            .await
            .map_err(failed("storage: publish_survey"))?;
        tracing::info!(survey_id = id, version, "survey published");
        self.survey(caller, id).await
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn schedule_survey(
        &self,
        caller: &Caller,
        id: i64,
        opens_on: &str,
        closes_on: &str,
    ) -> Result<SurveyDetail, AppError> {
        self.require_editor(caller)?;
        let (opens_at, closes_at) = parse_window(opens_on, closes_on)?;
        match self
            .store
            .set_survey_window(caller.organisation_id, id, opens_at, closes_at, self.now())
            .await
        {
            Ok(()) => self.survey(caller, id).await,
            Err(StoreError::NotFound) => Err(no_such_survey()),
            Err(other) => Err(unexpected("storage: set_survey_window", other)),
        }
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn set_survey_branding(
        &self,
        caller: &Caller,
        id: i64,
        brand_name: &str,
        colour: &str,
    ) -> Result<SurveyDetail, AppError> {
        self.require_editor(caller)?;
        let (brand_name, colour) =
            domain::brand::parse_branding(brand_name, colour).map_err(AppError::Validation)?;
        match self
            .store
            .set_survey_branding(
                caller.organisation_id,
                id,
                brand_name.as_deref(),
                colour.as_deref(),
                self.now(),
            )
            .await
        {
            Ok(()) => self.survey(caller, id).await,
            Err(StoreError::NotFound) => Err(no_such_survey()),
            Err(other) => Err(unexpected("storage: set_survey_branding", other)),
        }
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn close_survey(&self, caller: &Caller, id: i64) -> Result<SurveyDetail, AppError> {
        self.require_editor(caller)?;
        match self
            .store
            .set_survey_status(caller.organisation_id, id, "closed", self.now())
            .await
        {
            Ok(()) => self.survey(caller, id).await,
            Err(StoreError::NotFound) => {
                // Another organisation's survey is not there (404); only this one's draft or
                // closed survey is refused as a conflict.
                self.survey(caller, id).await?;
                Err(AppError::Conflict(FieldError::new(
                    "status",
                    "Only a published survey can be closed.",
                )))
            }
            Err(other) => Err(unexpected("storage: set_survey_status", other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_window;

    #[test]
    fn a_window_runs_from_the_start_of_the_first_day_to_the_end_of_the_last() {
        // 2026-12-01T00:00:00Z and 2026-12-31T23:59:59Z
        assert_eq!(
            parse_window("2026-12-01", "2026-12-31").unwrap(),
            (Some(1_796_083_200), Some(1_798_761_599))
        );
        assert_eq!(parse_window(" ", "").unwrap(), (None, None));
        assert_eq!(
            parse_window("2026-12-01", "2026-12-01").unwrap().1,
            Some(1_796_169_599)
        );
    }

    #[test]
    fn a_window_that_closes_before_it_opens_or_a_bad_date_is_refused() {
        let err = parse_window("2026-12-31", "2026-12-01").unwrap_err();
        assert!(
            err.for_field("closes_on")
                .unwrap()
                .contains("must not come before")
        );
        let err = parse_window("31/12/2026", "tomorrow").unwrap_err();
        assert!(err.for_field("opens_on").unwrap().contains("2026-12-31"));
        assert!(err.for_field("closes_on").is_some());
    }
}

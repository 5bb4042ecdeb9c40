//! Answering surveys: the public survey, validating and storing a response in one transaction,
//! one response per person (respondent cookie, invite codes), and the identity card.

use super::secrets::{
    new_invite_code, new_public_slug, normalise_invite_code, respondent_card_token, token_hash,
};
use super::{CachedVersion, Kindred, broken, failed, internal, unexpected};
use crate::storage::{AnswerRow, CardRow, NewResponse, StoreError, StoredAnswers, SurveyRow};
use app::api::types::{Availability, IdentityCard, PublicSurvey, SurveyDetail};
use app::backend::{Caller, Receipt, Responses, Submission, SubmittedAnswers};
use app::error::AppError;
use async_trait::async_trait;
use domain::FieldError;
use domain::response::{Answer, Answers, answers_from_form, card_statement, validate_answers};
use domain::survey::{Definition, QuestionKind};
use std::sync::Arc;

/// At most this many invite codes are made at once.
pub const MAX_INVITE_CODES: u32 = 5_000;
/// How long the name on an identity card may be.
/// A submission repeated from the same browser within this many seconds of its first (a double
/// click, a reload of the posting page, a retry over a flaky connection) leads to the same
/// thank-you page instead of "you have already answered".
pub const REPEAT_WINDOW_SECONDS: i64 = 10 * 60;

fn no_such_link() -> AppError {
    AppError::NotFound(
        "This survey link is not valid, or the survey is not published yet. Check the link you were sent."
            .into(),
    )
}

fn closed() -> AppError {
    AppError::Gone(
        "This survey has closed and no longer takes answers. Thank you for your interest.".into(),
    )
}

fn day(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.format("%-d %B %Y").to_string())
        .unwrap_or_default()
}

/// The first ranking question's top item: what the identity card is about.
fn top_reason(definition: &Definition, answers: &Answers) -> Option<(String, String)> {
    definition
        .questions
        .iter()
        .find_map(|q| match (&q.kind, answers.get(&q.id)) {
            (QuestionKind::Ranking { items, .. }, Some(Answer::Ranking(order))) => {
                let first = order.first()?;
                let item = items.iter().find(|i| &i.id == first)?;
                Some((item.id.clone(), item.label.clone()))
            }
            _ => None,
        })
}

/// Responses stored per transaction by [`Kindred::import_responses`].
const IMPORT_BATCH: usize = 2000;

impl Kindred {
    /// Stores many responses to one published version of a survey at once, each validated like
    /// a submission and counted into the rollups, in transactions of up to 2,000: for seeding
    /// (the demo, benchmarks). `submitted` holds (answers in the JSON API's shape, Unix seconds).
    /// Refuses the lot, naming the first refused response and its problems, before storing any.
    pub async fn import_responses(
        &self,
        survey_id: i64,
        version: i64,
        submitted: Vec<(serde_json::Map<String, serde_json::Value>, i64)>,
    ) -> Result<usize, AppError> {
        let (definition, plan) = self
            .published_version(survey_id, version)
            .await?
            .ok_or_else(|| broken(format!("survey {survey_id} lacks version {version}")))?;
        let mut rows = Vec::with_capacity(submitted.len());
        for (n, (raw, submitted_at)) in submitted.into_iter().enumerate() {
            let answers = validate_answers(&definition, &raw).map_err(|mut problems| {
                for problem in &mut problems {
                    problem.message = format!("Response {}: {}", n + 1, problem.message);
                }
                AppError::Validation(problems)
            })?;
            let answers = answer_rows(&answers);
            let rollup = plan.entry(&answers, submitted_at);
            rows.push(NewResponse {
                survey_id,
                version,
                submitted_at,
                respondent_key: None,
                invite_code_hash: None,
                answers: StoredAnswers::of_rows(&answers),
                card: None,
                rollup: Some(rollup),
            });
        }
        let total = rows.len();
        while !rows.is_empty() {
            let rest = rows.split_off(rows.len().min(IMPORT_BATCH));
            for outcome in self
                .store
                .insert_batch(std::mem::replace(&mut rows, rest))
                .await
            {
                outcome.map_err(|e| unexpected("import responses", e))?;
            }
        }
        Ok(total)
    }
}

/// One response's answers, one row per ranked item, point, choice and text.
fn answer_rows(answers: &Answers) -> Vec<AnswerRow> {
    let mut rows = Vec::new();
    for (question, answer) in answers {
        let question = question.clone();
        match answer {
            Answer::Ranking(order) => {
                rows.extend(order.iter().enumerate().map(|(i, item)| AnswerRow::Rank {
                    question: question.clone(),
                    item: item.clone(),
                    rank: i as i64 + 1,
                }))
            }
            Answer::Likert(points) => {
                rows.extend(points.iter().map(|(item, point)| AnswerRow::Value {
                    question: question.clone(),
                    item: item.clone(),
                    value: i64::from(*point),
                }))
            }
            Answer::Overlap(value) | Answer::Nps(value) => rows.push(AnswerRow::Value {
                question,
                item: String::new(),
                value: i64::from(*value),
            }),
            Answer::SingleChoice(choice) => rows.push(AnswerRow::Choice {
                question,
                choice: choice.clone(),
                other_text: None,
            }),
            Answer::MultipleChoice { choices, other } => {
                rows.extend(choices.iter().map(|choice| AnswerRow::Choice {
                    question: question.clone(),
                    choice: choice.clone(),
                    other_text: None,
                }));
                if let Some(text) = other {
                    rows.push(AnswerRow::Choice {
                        question,
                        choice: domain::response::OTHER_CHOICE.to_owned(),
                        other_text: Some(text.clone()).filter(|t| !t.is_empty()),
                    });
                }
            }
            Answer::Text(body) => rows.push(AnswerRow::Text {
                question,
                body: body.clone(),
            }),
        }
    }
    rows
}

fn display_name(typed: Option<&str>) -> Result<Option<String>, FieldError> {
    let name = typed.map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "));
    let most = domain::survey::Limits::default().max_display_name_chars;
    match name {
        Some(n) if n.chars().count() > most => Err(FieldError::new(
            "display_name",
            format!("Use at most {most} characters for the name on your card."),
        )),
        Some(n) if !n.is_empty() => {
            domain::typed_text::refuse_hidden_characters("display_name", &n, false)?;
            Ok(Some(n))
        }
        _ => Ok(None),
    }
}

/// A published survey as answering needs it: its row, the version respondents get now, and the
/// branding in force (the survey's own, else its organisation's).
struct Answerable {
    row: SurveyRow,
    version: i64,
    brand_name: String,
    colour: Option<String>,
    logo_id: Option<i64>,
}

impl Kindred {
    async fn answerable(&self, slug: &str) -> Result<Answerable, AppError> {
        let found = self
            .store
            .public_survey(slug)
            .await
            .map_err(failed("storage: public_survey"))?
            .ok_or_else(no_such_link)?;
        let version = found.survey.published_version.ok_or_else(no_such_link)?;
        let row = found.survey;
        Ok(Answerable {
            version,
            brand_name: row
                .brand_name
                .clone()
                .or(found.organisation_brand_name)
                .unwrap_or(found.organisation_name),
            colour: row.brand_colour.clone().or(found.organisation_brand_colour),
            logo_id: row.logo_id.or(found.organisation_logo_id),
            row,
        })
    }

    /// One published version's questions. Published versions never change, so each is read and
    /// parsed once per server and then shared.
    pub(super) async fn definition(
        &self,
        survey_id: i64,
        version: i64,
    ) -> Result<Option<Arc<Definition>>, AppError> {
        Ok(self
            .published_version(survey_id, version)
            .await?
            .map(|(definition, _)| definition))
    }

    /// One published version's questions with the plan of its responses' rollup entries, both
    /// from one look in the version cache (reading and parsing the version on a miss).
    pub(super) async fn published_version(
        &self,
        survey_id: i64,
        version: i64,
    ) -> Result<Option<CachedVersion>, AppError> {
        if let Some(cached) = self.versions.get(survey_id, version) {
            return Ok(Some(cached));
        }
        match self
            .store
            .survey_version(survey_id, version)
            .await
            .map_err(failed("storage: survey_version"))?
        {
            Some(json) => {
                let definition: Definition = serde_json::from_str(&json)
                    .map_err(|e| internal("reading a stored survey definition", e))?;
                Ok(Some(self.versions.put(survey_id, version, definition)))
            }
            None => Ok(None),
        }
    }

    fn availability(&self, row: &SurveyRow) -> Availability {
        let now = self.now();
        if row.status == "closed" || row.closes_at.is_some_and(|c| c < now) {
            Availability::Closed
        } else if let Some(opens) = row.opens_at.filter(|o| *o > now) {
            Availability::NotYetOpen(opens)
        } else {
            Availability::Open
        }
    }

    /// The public link of a published survey, by its slug (what its QR code encodes).
    pub async fn public_link(&self, slug: &str) -> Result<String, AppError> {
        match self
            .store
            .survey_by_slug(slug)
            .await
            .map_err(failed("storage: survey_by_slug"))?
        {
            Some(survey) if survey.published_version.is_some() => {
                Ok(self.public_url(&format!("/s/{}", survey.public_slug)))
            }
            _ => Err(no_such_link()),
        }
    }

    fn respondent_key(survey_id: i64, cookie: &str) -> String {
        super::secrets::respondent_key(survey_id, cookie)
    }

    /// A browser sent answers to a survey it has answered: within [`REPEAT_WINDOW_SECONDS`] of
    /// the first, the first response's receipt (so a double click ends on the same thank-you
    /// page and card); later, "already answered".
    async fn repeated_submission(&self, survey_id: i64, cookie: &str) -> Result<Receipt, AppError> {
        let earlier = self
            .store
            .respondent_response(survey_id, &Self::respondent_key(survey_id, cookie))
            .await
            .map_err(failed("storage: respondent_response"))?;
        match earlier {
            Some((response_id, at)) if self.now() - at <= REPEAT_WINDOW_SECONDS => {
                let token = respondent_card_token(survey_id, cookie);
                let card = self
                    .store
                    .card(&token)
                    .await
                    .map_err(failed("storage: card"))?;
                Ok(Receipt {
                    response_id,
                    card: card.map(|c| c.token),
                })
            }
            _ => Err(AppError::Conflict(FieldError::new(
                "respondent",
                "You have already answered this survey from this browser. Thank you!",
            ))),
        }
    }
}

#[async_trait]
impl Responses for Kindred {
    async fn public_survey(
        &self,
        slug: &str,
        respondent: Option<&str>,
    ) -> Result<PublicSurvey, AppError> {
        let Answerable {
            row,
            version,
            brand_name,
            colour,
            logo_id,
        } = self.answerable(slug).await?;
        let definition = self
            .definition(row.id, version)
            .await?
            .ok_or_else(|| broken(format!("survey {} lacks version {version}", row.id)))?;
        let mut availability = self.availability(&row);
        if availability == Availability::Open
            && let Some(cookie) = respondent
            && self
                .store
                .respondent_response(row.id, &Self::respondent_key(row.id, cookie))
                .await
                .map_err(failed("storage: respondent_response"))?
                .is_some()
        {
            availability = Availability::AlreadyAnswered;
        }
        Ok(PublicSurvey {
            slug: row.public_slug.clone(),
            title: row.title.clone(),
            version,
            definition: Definition::clone(&definition),
            brand_name,
            colour,
            logo_url: logo_id.map(super::surveys::logo_url),
            requires_invite_code: row.requires_invite_code,
            availability,
        })
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn submit_response(&self, submission: Submission) -> Result<Receipt, AppError> {
        let survey = self.answerable(&submission.slug).await?;
        let (row, published) = (&survey.row, survey.version);
        match self.availability(row) {
            Availability::Closed => return Err(closed()),
            Availability::NotYetOpen(opens) => {
                return Err(AppError::invalid(
                    "survey",
                    format!(
                        "This survey opens on {}; please come back then.",
                        day(opens)
                    ),
                ));
            }
            _ => {}
        }
        let version = submission.version.unwrap_or(published);
        let (definition, plan) = self.published_version(row.id, version).await?.ok_or_else(
            || {
                AppError::invalid(
                    "version",
                    format!(
                        "This survey has no version {version}. Reload the survey and answer again."
                    ),
                )
            },
        )?;
        let mut errors = Vec::new();
        let answers = match &submission.answers {
            SubmittedAnswers::Json(raw) => validate_answers(&definition, raw),
            SubmittedAnswers::Form(fields) => answers_from_form(&definition, fields),
        }
        .unwrap_or_else(|refused| {
            errors.extend(refused);
            Answers::new()
        });
        let code = submission
            .invite_code
            .as_deref()
            .map(normalise_invite_code)
            .filter(|c| !c.is_empty());
        if row.requires_invite_code && code.is_none() {
            errors.push(FieldError::new(
                "invite_code",
                "This survey is by invitation: enter the code from your invitation.",
            ));
        }
        let display_name = display_name(submission.display_name.as_deref()).unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }

        let now = self.now();
        let card_token = match submission.respondent.as_deref() {
            Some(cookie) => respondent_card_token(row.id, cookie),
            None => new_public_slug(),
        };
        let card = submission
            .with_card
            .then(|| top_reason(&definition, &answers))
            .flatten()
            .map(|(reason_id, reason_label)| CardRow {
                token: card_token,
                survey_id: row.id,
                reason_id,
                reason_label,
                brand_name: survey.brand_name.clone(),
                brand_colour: survey.colour.clone(),
                display_name,
                created_at: now,
            });
        let rows = answer_rows(&answers);
        let respondent_key = submission
            .respondent
            .as_deref()
            .map(|cookie| Self::respondent_key(row.id, cookie));
        let code_hash = code.as_deref().map(token_hash);
        let rollup = plan.entry(&rows, now);
        let stored = self
            .store
            .insert_response(NewResponse {
                survey_id: row.id,
                version,
                submitted_at: now,
                respondent_key,
                invite_code_hash: code_hash,
                answers: StoredAnswers::of_rows(&rows),
                card: card.clone(),
                rollup: Some(rollup),
            })
            .await;
        match stored {
            Ok(response_id) => Ok(Receipt {
                response_id,
                card: card.map(|c| c.token),
            }),
            Err(StoreError::Conflict("respondent")) => {
                let cookie = submission.respondent.as_deref().unwrap_or_default();
                self.repeated_submission(row.id, cookie).await
            }
            Err(StoreError::Conflict("closed")) => Err(closed()),
            Err(StoreError::Conflict("invite_code")) => Err(AppError::Conflict(FieldError::new(
                "invite_code",
                "This invite code has already been used; each code answers once.",
            ))),
            Err(StoreError::NotFound) => Err(AppError::invalid(
                "invite_code",
                "This invite code is not valid for this survey. Check it against your invitation.",
            )),
            Err(other) => Err(unexpected("submit response", other)),
        }
    }

    async fn identity_card(&self, token: &str) -> Result<IdentityCard, AppError> {
        let card = self
            .store
            .card(token)
            .await
            .map_err(failed("storage: card"))?
            .ok_or_else(|| AppError::NotFound("There is no such card.".into()))?;
        let slug = self
            .store
            .survey_slug(card.survey_id)
            .await
            .map_err(failed("storage: survey_slug"))?;
        // "Take the survey" only while it can be taken: not once it is closed or unpublished.
        let open = match &slug {
            Some(slug) => match self.answerable(slug).await {
                Ok(survey) => self.availability(&survey.row) == Availability::Open,
                Err(AppError::NotFound(_)) => false,
                Err(other) => return Err(other),
            },
            None => false,
        };
        Ok(IdentityCard {
            survey_path: slug.filter(|_| open).map(|slug| format!("/s/{slug}")),
            statement: card_statement(&card.brand_name, &card.reason_id, &card.reason_label),
            share_url: self.public_url(&format!("/c/{}", card.token)),
            image_url: self.public_url(&format!("/c/{}/card.png", card.token)),
            token: card.token,
            brand_name: card.brand_name,
            colour: card.brand_colour,
            display_name: card.display_name,
        })
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn create_invite_codes(
        &self,
        caller: &Caller,
        survey_id: i64,
        count: u32,
    ) -> Result<Vec<String>, AppError> {
        self.require_editor(caller)?;
        if !(1..=MAX_INVITE_CODES).contains(&count) {
            return Err(AppError::invalid(
                "count",
                format!("Make between 1 and {MAX_INVITE_CODES} codes at a time."),
            ));
        }
        let row = self.survey_row(caller, survey_id).await?;
        let codes: Vec<String> = (0..count).map(|_| new_invite_code()).collect();
        let hashes: Vec<String> = codes.iter().map(|c| token_hash(c)).collect();
        self.store
            .add_invite_codes(row.id, &hashes, self.now())
            .await
            .map_err(failed("storage: add_invite_codes"))?;
        tracing::info!(survey_id, count, "invite codes made");
        Ok(codes)
    }

    #[tracing::instrument(skip_all, err(level = "info"))]
    async fn require_invite_code(
        &self,
        caller: &Caller,
        survey_id: i64,
        required: bool,
    ) -> Result<SurveyDetail, AppError> {
        self.require_editor(caller)?;
        match self
            .store
            .set_requires_invite_code(caller.organisation_id, survey_id, required, self.now())
            .await
        {
            Ok(()) => app::backend::Surveys::survey(self, caller, survey_id).await,
            Err(StoreError::NotFound) => Err(super::surveys::no_such_survey()),
            Err(other) => Err(unexpected("storage: set_requires_invite_code", other)),
        }
    }
}

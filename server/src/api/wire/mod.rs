//! API v1's wire types: what it sends and accepts, written out here so the public contract
//! changes only when this folder does, never because a page's type changed. Each derives its
//! JSON schema for the OpenAPI document; the survey definition and the estimate are the domain's
//! own types, which are the contract by design.

pub mod results;

use app::api::types::{SurveyDetail, SurveySummary};
use domain::survey::{Definition, SurveyStatus};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// A survey in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyListItem {
    pub id: i64,
    /// The unguessable last part of the public link.
    pub slug: String,
    pub title: String,
    pub status: SurveyStatus,
    /// The version respondents get; null until first published.
    pub version: Option<i64>,
    /// Where respondents answer it.
    pub public_url: String,
}

impl From<SurveySummary> for SurveyListItem {
    fn from(s: SurveySummary) -> Self {
        Self {
            id: s.id,
            slug: s.slug,
            title: s.title,
            status: s.status,
            version: s.version,
            public_url: s.public_url,
        }
    }
}

/// One survey with its current draft.
#[derive(Debug, Serialize, ToSchema)]
pub struct Survey {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub status: SurveyStatus,
    /// The version respondents get; null until first published.
    pub version: Option<i64>,
    pub public_url: String,
    /// The draft differs from the published version.
    pub unpublished_changes: bool,
    /// The current draft.
    pub definition: Definition,
}

impl From<SurveyDetail> for Survey {
    fn from(detail: SurveyDetail) -> Self {
        let summary = SurveyListItem::from(detail.summary);
        Survey {
            id: summary.id,
            slug: summary.slug,
            title: summary.title,
            status: summary.status,
            version: summary.version,
            public_url: summary.public_url,
            unpublished_changes: detail.unpublished_changes,
            definition: detail.draft,
        }
    }
}

/// A new survey: from a template, from a definition, or blank (neither).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSurvey {
    /// A template's name; `why-members-join` is the one Kindred ships.
    #[schema(example = "why-members-join")]
    pub template: Option<String>,
    /// The survey's title; the template's own, or "Untitled survey", when left out.
    pub title: Option<String>,
    /// The questions, instead of a template.
    pub definition: Option<Definition>,
}

/// One response, sent by a custom front-end.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseSubmission {
    /// The survey version the respondent was shown (the survey's `version`).
    pub version: i64,
    /// Question id → answer. ranking: array of item ids, most preferred first (all items, or at
    /// most top_k). likert: object item id → integer 1..points. overlap: integer 1–7. nps:
    /// integer 0–10. single_choice: a choice id. multiple_choice: array of choice ids; where the
    /// question offers “Other”, one element may be {"other": "text"}. text: a string of at most
    /// max_length characters. Leave out (or send null for) unanswered optional questions.
    #[schema(value_type = Object)]
    pub answers: Map<String, Value>,
    /// Required when the survey requires invite codes; each code is used once.
    #[serde(default)]
    pub invite_code: Option<String>,
    /// Shown only on the respondent's identity card.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Make the respondent's identity card (“I joined for …”, with the organisation's brand) and
    /// answer with its address in `card_url`. Off by default: no card is stored.
    #[serde(default)]
    pub identity_card: bool,
}

/// A stored response.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
    /// The identity card's page (its image at `card_url` + `/card.png`), when `identity_card`
    /// was asked for and the response ranks the reasons.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_url: Option<String>,
}

//! Survey definitions: the typed questions a survey version is made of, as the builder edits them,
//! the JSON API carries them and respondents answer them. `validate` is the only way in.

mod editing;
mod scales;
mod template;
mod validate;

pub use editing::{QUESTION_TYPES, fresh_id, new_question, prompt_placeholder, shift};
pub use scales::Scale;
pub use template::{BRAND_FIT_SCALE, REASONS, WHY_MEMBERS_JOIN, why_members_join};
pub use validate::{Limits, RESERVED_QUESTION_IDS, validate};

use serde::{Deserialize, Serialize};

/// Where a survey is in its life; stored and sent as `draft`, `published`, `closed`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SurveyStatus {
    /// Being built; respondents cannot see it.
    Draft,
    /// Accepting answers (within its open/close dates, if set).
    Published,
    /// No longer accepting answers; results stay.
    Closed,
}

impl SurveyStatus {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn label(self) -> &'static str {
        match self {
            SurveyStatus::Draft => "Draft",
            SurveyStatus::Published => "Published",
            SurveyStatus::Closed => "Closed",
        }
    }

    /// The status a stored code stands for.
    pub fn parse(stored: &str) -> Option<Self> {
        stored.parse().ok()
    }
}

/// One version of a survey's questions.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Definition {
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    /// Stable across versions, so answers to "the same question" can be compared over time.
    pub id: String,
    pub prompt: String,
    /// A short name for filters, tables and charts ("Member type"); the prompt stands in when
    /// empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub short_name: String,
    #[serde(default)]
    pub required: bool,
    #[serde(flatten)]
    pub kind: QuestionKind,
}

impl Question {
    /// What filters, tables and charts call this question: its short name, else its prompt.
    pub fn name(&self) -> &str {
        match self.short_name.trim() {
            "" => self.prompt.trim(),
            short => short,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum QuestionKind {
    /// Put items in order of preference; with `top_k`, only the first k.
    Ranking {
        items: Vec<Item>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        top_k: Option<u8>,
    },
    /// Agreement statements on a 5- or 7-point scale with labelled ends, grouped into a named
    /// scale; reverse-keyed items are flipped before scoring.
    Likert {
        points: u8,
        scale: String,
        low_label: String,
        high_label: String,
        items: Vec<LikertItem>,
        /// Whether the scale these statements belong to is the survey's brand-fit scale: how much
        /// members feel the organisation is part of who they are, the headline figure that
        /// motive × fit and segments compare. At most one scale is marked `true`. Left out on
        /// every question (as in surveys made before the choice existed), the scale named
        /// “Brand fit” is taken; see [`Definition::brand_fit_scale`].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        brand_fit: Option<bool>,
    },
    /// Seven pictures of two circles, from apart to nearly one: "you" and the organisation.
    Overlap,
    /// "How likely are you to recommend …", 0–10.
    Nps,
    SingleChoice {
        choices: Vec<Item>,
        /// Offered as a dashboard filter (member type, tenure, chapter …).
        #[serde(default)]
        segment: bool,
    },
    MultipleChoice {
        choices: Vec<Item>,
        /// Adds an "Other" choice with a short text box.
        #[serde(default)]
        other: bool,
        #[serde(default)]
        segment: bool,
    },
    Text {
        /// A paragraph box instead of one line.
        #[serde(default)]
        long: bool,
        max_length: u32,
    },
}

/// A ranking item or a choice: a stable id and the label people see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Item {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LikertItem {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub reverse: bool,
}

impl QuestionKind {
    /// The API's name for this type (`ranking`, `likert`, …).
    pub fn type_name(&self) -> &'static str {
        match self {
            QuestionKind::Ranking { .. } => "ranking",
            QuestionKind::Likert { .. } => "likert",
            QuestionKind::Overlap => "overlap",
            QuestionKind::Nps => "nps",
            QuestionKind::SingleChoice { .. } => "single_choice",
            QuestionKind::MultipleChoice { .. } => "multiple_choice",
            QuestionKind::Text { .. } => "text",
        }
    }

    /// What the builder's "add a question" menu calls this type.
    pub fn label(&self) -> &'static str {
        match self {
            QuestionKind::Ranking { .. } => "Ranking",
            QuestionKind::Likert { .. } => "Agreement scale",
            QuestionKind::Overlap => "Overlap picture",
            QuestionKind::Nps => "Recommendation (0–10)",
            QuestionKind::SingleChoice { .. } => "Single choice",
            QuestionKind::MultipleChoice { .. } => "Multiple choice",
            QuestionKind::Text { .. } => "Open text",
        }
    }

    /// True for choice questions flagged as dashboard filters.
    pub fn is_segment(&self) -> bool {
        matches!(
            self,
            QuestionKind::SingleChoice { segment: true, .. }
                | QuestionKind::MultipleChoice { segment: true, .. }
        )
    }
}

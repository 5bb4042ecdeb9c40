//! A respondent's answers: the JSON shape the public API takes, the form fields the respondent page
//! posts, and the one validator both go through against the exact survey version answered.

mod card;
mod form;
mod validate;

pub use card::card_statement;
pub use form::{answered_questions, answers_from_form, ordinal};
pub use validate::{OTHER_TEXT_MAX_CHARS, validate_answers};

use std::collections::BTreeMap;

/// One question's answer, checked against its question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Item ids, most preferred first (all items, or up to the question's top k).
    Ranking(Vec<String>),
    /// Item id → point on the scale (1..=points).
    Likert(BTreeMap<String, u8>),
    /// 1 (apart) to 7 (nearly one).
    Overlap(u8),
    /// 0 to 10.
    Nps(u8),
    SingleChoice(String),
    /// Choice ids, and the text of "Other" when it was chosen.
    MultipleChoice {
        choices: Vec<String>,
        other: Option<String>,
    },
    Text(String),
}

/// Question id → answer, for the questions that were answered.
pub type Answers = BTreeMap<String, Answer>;

/// The id of the "Other" choice a multiple-choice question can offer.
pub const OTHER_CHOICE: &str = "other";

//! The respondent page's form fields, turned into the same JSON answers the public API takes, so
//! both go through one validator. Field names: `q` for one value (overlap, NPS, single choice,
//! text; repeated for multiple choice), `q[item]` for a ranking place or a statement's point, and
//! `q[other]` for the text of "Other".

use super::{Answers, OTHER_CHOICE, validate_answers};
use crate::FieldError;
use crate::survey::{Definition, QuestionKind};
use serde_json::{Map, Value, json};

/// Validates a posted form against a survey version: the answers, or every problem beside its
/// question (a form-level problem such as two items in one place replaces the generic ones).
pub fn answers_from_form(
    definition: &Definition,
    fields: &[(String, String)],
) -> Result<Answers, Vec<FieldError>> {
    let (raw, form_errors) = raw_answers(definition, fields);
    match validate_answers(definition, &raw) {
        Ok(answers) if form_errors.is_empty() => Ok(answers),
        Ok(_) => Err(form_errors),
        Err(errors) => {
            let mut all = form_errors;
            for error in errors {
                if !all.iter().any(|e| e.field == error.field) {
                    all.push(error);
                }
            }
            Err(all)
        }
    }
}

/// `q[item]` → `(q, item)`.
fn split_field(name: &str) -> Option<(&str, &str)> {
    let (question, rest) = name.split_once('[')?;
    Some((question, rest.strip_suffix(']')?))
}

/// 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn raw_answers(
    definition: &Definition,
    fields: &[(String, String)],
) -> (Map<String, Value>, Vec<FieldError>) {
    let mut raw = Map::new();
    let mut errors = Vec::new();
    let values = |id: &str| -> Vec<&str> {
        fields
            .iter()
            .filter(|(name, value)| name == id && !value.trim().is_empty())
            .map(|(_, value)| value.as_str())
            .collect()
    };
    let parts = |id: &str| -> Vec<(&str, &str)> {
        fields
            .iter()
            .filter_map(|(name, value)| {
                let (question, part) = split_field(name)?;
                (question == id && !value.trim().is_empty()).then_some((part, value.as_str()))
            })
            .collect()
    };
    for question in &definition.questions {
        let id = question.id.as_str();
        let value = match &question.kind {
            QuestionKind::Ranking { items, .. } => {
                let label = |item: &str| {
                    items
                        .iter()
                        .find(|i| i.id == item)
                        .map_or(item.to_owned(), |i| i.label.clone())
                };
                match ranking_order(&parts(id), &label) {
                    Ok(order) => json!(order),
                    Err(message) => {
                        errors.push(FieldError::new(id, message));
                        continue;
                    }
                }
            }
            QuestionKind::Likert { .. } => Value::Object(
                parts(id)
                    .into_iter()
                    .map(|(item, point)| (item.to_owned(), typed_number(point)))
                    .collect(),
            ),
            QuestionKind::MultipleChoice { .. } => {
                let other = parts(id)
                    .into_iter()
                    .find(|(part, _)| *part == OTHER_CHOICE)
                    .map(|(_, text)| text.trim().to_owned());
                let chosen: Vec<Value> = values(id)
                    .into_iter()
                    .map(|choice| match (choice, &other) {
                        (OTHER_CHOICE, Some(text)) => json!({ OTHER_CHOICE: text }),
                        (choice, _) => json!(choice),
                    })
                    .collect();
                Value::Array(chosen)
            }
            QuestionKind::Overlap | QuestionKind::Nps => match values(id).first() {
                Some(value) => typed_number(value),
                None => Value::Null,
            },
            _ => match values(id).first() {
                Some(value) => json!(value),
                None => Value::Null,
            },
        };
        raw.insert(id.to_owned(), value);
    }
    (raw, errors)
}

/// A form field holds text; where the question takes a number, a whole number typed as text
/// becomes a JSON number (anything else stays text, which the validator refuses by name).
fn typed_number(text: &str) -> Value {
    match text.trim().parse::<i64>() {
        Ok(n) => json!(n),
        Err(_) => json!(text.trim()),
    }
}

/// Item ids in order of the places given (`1`, `2`, …), refusing a place given twice or skipped.
fn ranking_order(
    places: &[(&str, &str)],
    label: &dyn Fn(&str) -> String,
) -> Result<Vec<String>, String> {
    let mut by_place: Vec<(usize, &str)> = Vec::new();
    for (item, place) in places {
        let place: usize = place
            .trim()
            .parse()
            .ok()
            .filter(|p| *p >= 1)
            .ok_or_else(|| format!("Choose a place for “{}” from the list.", label(item)))?;
        if let Some((_, other)) = by_place.iter().find(|(p, _)| *p == place) {
            return Err(format!(
                "You gave {} place to both “{}” and “{}”; give each place to one item.",
                ordinal(place),
                label(other),
                label(item)
            ));
        }
        by_place.push((place, item));
    }
    by_place.sort();
    if let Some(gap) = by_place
        .iter()
        .enumerate()
        .find(|(i, (place, _))| *place != i + 1)
        .map(|(i, _)| i + 1)
    {
        return Err(format!(
            "Give {} place to one of the items before the later places.",
            ordinal(gap)
        ));
    }
    Ok(by_place
        .into_iter()
        .map(|(_, item)| item.to_owned())
        .collect())
}

/// How many questions have something filled in, for the progress indicator.
pub fn answered_questions(definition: &Definition, fields: &[(String, String)]) -> usize {
    definition
        .questions
        .iter()
        .filter(|q| {
            fields.iter().any(|(name, value)| {
                !value.trim().is_empty()
                    && (name == &q.id || split_field(name).is_some_and(|(id, _)| id == q.id))
            })
        })
        .count()
}

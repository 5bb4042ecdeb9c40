//! Checks raw answers (JSON values keyed by question id) against one survey version and turns them
//! into typed [`Answer`]s. Every problem is reported, each beside its question.

use super::{Answer, Answers, OTHER_CHOICE};
use crate::FieldError;
use crate::survey::{Definition, Item, LikertItem, Question, QuestionKind};
use crate::typed_text::normalise_line_breaks;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};

/// How long the text of an "Other" choice may be.
pub const OTHER_TEXT_MAX_CHARS: usize = 200;

/// The answers of one response, or every reason they cannot be accepted. A question that is absent,
/// `null`, an empty string, array or object counts as unanswered.
pub fn validate_answers(
    definition: &Definition,
    raw: &Map<String, Value>,
) -> Result<Answers, Vec<FieldError>> {
    let mut errors = Vec::new();
    let known: HashSet<&str> = definition.questions.iter().map(|q| q.id.as_str()).collect();
    for id in raw.keys().filter(|id| !known.contains(id.as_str())) {
        errors.push(FieldError::new(
            id,
            format!("There is no question “{id}” in this version of the survey."),
        ));
    }
    let mut answers = BTreeMap::new();
    for question in &definition.questions {
        let value = raw.get(&question.id).filter(|v| !is_empty(v));
        match value {
            None if question.required => errors.push(FieldError::new(
                &question.id,
                "Please answer this question; it is required.",
            )),
            None => {}
            Some(value) => match answer(question, value) {
                Ok(answer) => {
                    answers.insert(question.id.clone(), answer);
                }
                Err(message) => errors.push(FieldError::new(&question.id, message)),
            },
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn answer(question: &Question, value: &Value) -> Result<Answer, String> {
    match &question.kind {
        QuestionKind::Ranking { items, top_k } => ranking(items, *top_k, value),
        QuestionKind::Likert {
            points,
            items,
            low_label,
            high_label,
            ..
        } => likert(
            items,
            *points,
            (low_label, high_label),
            question.required,
            value,
        ),
        QuestionKind::Overlap => {
            whole_number(value, 1, 7, "a picture from 1 (apart) to 7 (almost one)")
                .map(Answer::Overlap)
        }
        QuestionKind::Nps => whole_number(value, 0, 10, "a number from 0 to 10").map(Answer::Nps),
        QuestionKind::SingleChoice { choices, .. } => {
            let id = value.as_str().ok_or("Choose one of the options.")?.trim();
            known_choice(choices, id)?;
            Ok(Answer::SingleChoice(id.to_owned()))
        }
        QuestionKind::MultipleChoice { choices, other, .. } => {
            multiple_choice(choices, *other, value)
        }
        QuestionKind::Text { max_length, .. } => {
            let text = value.as_str().ok_or("Write your answer as text.")?;
            let text = normalise_line_breaks(text);
            let text = text.trim();
            if crate::typed_text::has_hidden_characters(text, true) {
                return Err(
                    "Please remove the invisible characters (such as NUL or right-to-left overrides) from your answer.".to_owned(),
                );
            }
            let chars = text.chars().count();
            if chars > *max_length as usize {
                return Err(format!(
                    "Please shorten your answer to {max_length} characters (it has {chars})."
                ));
            }
            Ok(Answer::Text(text.to_owned()))
        }
    }
}

fn label_of<'a>(items: &'a [Item], id: &str) -> Option<&'a str> {
    items.iter().find(|i| i.id == id).map(|i| i.label.as_str())
}

fn ranking(items: &[Item], top_k: Option<u8>, value: &Value) -> Result<Answer, String> {
    let list = value
        .as_array()
        .ok_or("Give the items in order, most important first.")?;
    let mut order = Vec::with_capacity(list.len());
    let mut seen = HashSet::new();
    for entry in list {
        let id = entry
            .as_str()
            .ok_or("Each ranked item is given by its id.")?;
        let label = label_of(items, id)
            .ok_or_else(|| format!("“{id}” is not one of this question's items."))?;
        if !seen.insert(id) {
            return Err(format!(
                "“{label}” has more than one place; give each item one place."
            ));
        }
        order.push(id.to_owned());
    }
    match top_k.map(usize::from) {
        Some(k) if k < items.len() => {
            if order.len() > k {
                return Err(format!(
                    "Choose at most {k} items (you placed {}).",
                    order.len()
                ));
            }
        }
        _ => {
            if let Some(missing) = items.iter().find(|i| !seen.contains(i.id.as_str())) {
                return Err(format!(
                    "Give every item a place: “{}” has none yet.",
                    missing.label
                ));
            }
        }
    }
    Ok(Answer::Ranking(order))
}

fn likert(
    items: &[LikertItem],
    points: u8,
    (low, high): (&String, &String),
    required: bool,
    value: &Value,
) -> Result<Answer, String> {
    let object = value
        .as_object()
        .ok_or("Give a point on the scale for each statement.")?;
    let mut chosen = BTreeMap::new();
    for (id, point) in object {
        let item = items
            .iter()
            .find(|i| &i.id == id)
            .ok_or_else(|| format!("“{id}” is not one of this question's statements."))?;
        if point.is_null() {
            continue;
        }
        let range = format!("a point from 1 ({low}) to {points} ({high})");
        let point = whole_number(point, 1, i64::from(points), &range)
            .map_err(|m| format!("“{}”: {m}", item.label))?;
        chosen.insert(id.clone(), point);
    }
    if required && let Some(missing) = items.iter().find(|i| !chosen.contains_key(&i.id)) {
        return Err(format!(
            "Please answer every statement: “{}” has no answer yet.",
            missing.label
        ));
    }
    Ok(Answer::Likert(chosen))
}

/// A JSON number in `min..=max`. Only the form path turns typed text into numbers (see
/// `form.rs`); a JSON answer must carry the documented type, so `"10"` is refused as text.
fn whole_number(value: &Value, min: i64, max: i64, what: &str) -> Result<u8, String> {
    match value {
        Value::Number(n) => match n.as_i64() {
            Some(n) if (min..=max).contains(&n) => Ok(n as u8),
            _ => Err(format!("Choose {what}.")),
        },
        Value::String(_) => Err(format!("Give a number, not text: choose {what}.")),
        _ => Err(format!("Choose {what}.")),
    }
}

fn known_choice(choices: &[Item], id: &str) -> Result<(), String> {
    if choices.iter().any(|c| c.id == id) {
        Ok(())
    } else {
        Err(format!("“{id}” is not one of this question's options."))
    }
}

fn multiple_choice(choices: &[Item], offers_other: bool, value: &Value) -> Result<Answer, String> {
    let list = value.as_array().ok_or("Choose any of the options.")?;
    let mut chosen = Vec::new();
    let mut other = None;
    for entry in list {
        match entry {
            Value::String(id) if id == OTHER_CHOICE && offers_other => {
                other.get_or_insert_with(String::new);
            }
            Value::String(id) => {
                known_choice(choices, id)?;
                if chosen.contains(id) {
                    return Err(format!("“{id}” is chosen twice."));
                }
                chosen.push(id.clone());
            }
            Value::Object(o) if offers_other && o.len() == 1 && o.contains_key(OTHER_CHOICE) => {
                let text = o[OTHER_CHOICE]
                    .as_str()
                    .ok_or("Write what “Other” is as text.")?;
                let text = normalise_line_breaks(text);
                let text = text.trim();
                let chars = text.chars().count();
                if chars > OTHER_TEXT_MAX_CHARS {
                    return Err(format!(
                        "Please shorten “Other” to {OTHER_TEXT_MAX_CHARS} characters (it has {chars})."
                    ));
                }
                other = Some(text.to_owned());
            }
            _ if !offers_other => {
                return Err("This question has no “Other” option; choose from the list.".into());
            }
            _ => return Err("Each choice is given by its id.".into()),
        }
    }
    Ok(Answer::MultipleChoice {
        choices: chosen,
        other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::why_members_join;
    use serde_json::json;

    fn answers(value: Value) -> Map<String, Value> {
        value.as_object().expect("an object").clone()
    }

    fn complete() -> Value {
        json!({
            "reasons": ["identity", "connections", "community"],
            "brand_fit": { "reflects_me": 6, "identify": 7, "personal_connection": 5,
                           "shows_others": 4, "who_i_want_to_be": 5, "suits_me": 6 },
            "overlap": 5, "nps": 9, "member_type": "volunteer", "years": "3_5"
        })
    }

    fn refused(value: Value) -> Vec<FieldError> {
        validate_answers(&why_members_join("F"), &answers(value)).expect_err("refused")
    }

    #[test]
    fn a_complete_response_becomes_typed_answers() {
        let typed = validate_answers(&why_members_join("F"), &answers(complete())).unwrap();
        assert_eq!(typed["nps"], Answer::Nps(9));
        assert_eq!(
            typed["reasons"],
            Answer::Ranking(vec![
                "identity".into(),
                "connections".into(),
                "community".into()
            ])
        );
        assert!(
            !typed.contains_key("says_about_you"),
            "an optional question left out"
        );
    }

    #[test]
    fn every_problem_is_reported_beside_its_question() {
        let mut value = complete();
        value["nps"] = json!(11);
        value["overlap"] = Value::Null;
        value["ghost"] = json!(1);
        let errors = refused(value);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["ghost", "overlap", "nps"]);
    }

    #[test]
    fn numbers_sent_as_text_are_refused_in_json() {
        let mut value = complete();
        value["nps"] = json!("10");
        value["brand_fit"]["identify"] = json!("7");
        let errors = refused(value);
        assert!(
            errors.iter().all(|e| e.message.contains("not text")),
            "{errors:?}"
        );
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn a_ranking_must_place_every_item_once() {
        let mut value = complete();
        value["reasons"] = json!(["identity", "identity", "community"]);
        assert!(
            refused(value.clone())[0]
                .message
                .contains("more than one place")
        );
        value["reasons"] = json!(["identity", "community"]);
        assert!(refused(value)[0].message.contains("has none yet"));
    }

    #[test]
    fn a_line_break_sent_as_cr_lf_counts_once_and_is_stored_as_lf() {
        let mut value = complete();
        value["says_about_you"] = json!(format!("{}\r\n{}", "a".repeat(500), "b".repeat(499)));
        let typed = validate_answers(&why_members_join("F"), &answers(value.clone())).unwrap();
        let Answer::Text(text) = &typed["says_about_you"] else {
            panic!("a text answer");
        };
        assert_eq!(text.chars().count(), 1000);
        assert!(!text.contains('\r'));
        value["says_about_you"] = json!("x".repeat(1001));
        assert!(refused(value)[0].message.contains("(it has 1001)"));
    }

    #[test]
    fn nul_and_direction_overrides_in_a_text_answer_are_refused() {
        for text in ["before\0after", "\u{202E}txet", "a\u{200B}b"] {
            let mut value = complete();
            value["says_about_you"] = json!(text);
            assert!(
                refused(value)[0].message.contains("invisible characters"),
                "{text:?}"
            );
        }
        let mut value = complete();
        value["says_about_you"] = json!("Zoë 👩\u{200D}🌾\nشبكة");
        validate_answers(&why_members_join("F"), &answers(value)).expect("ordinary text");
    }

    #[test]
    fn other_is_only_taken_where_a_question_offers_it() {
        let definition: crate::survey::Definition = serde_json::from_value(json!({ "questions": [
            { "id": "coffee", "type": "multiple_choice", "prompt": "?", "other": true,
              "choices": [ { "id": "tea", "label": "Tea" }, { "id": "milk", "label": "Milk" } ] },
            { "id": "snack", "type": "multiple_choice", "prompt": "?",
              "choices": [ { "id": "cake", "label": "Cake" }, { "id": "fruit", "label": "Fruit" } ] }
        ]}))
        .unwrap();
        let typed = validate_answers(
            &definition,
            &answers(json!({ "coffee": ["tea", { "other": "Chai\r\n" }] })),
        )
        .unwrap();
        assert_eq!(
            typed["coffee"],
            Answer::MultipleChoice {
                choices: vec!["tea".into()],
                other: Some("Chai".into())
            }
        );
        let errors = validate_answers(
            &definition,
            &answers(json!({ "snack": [{ "other": "x" }] })),
        )
        .unwrap_err();
        assert!(errors[0].message.contains("no “Other” option"));
    }
}

//! Property tests (proptest) of what arrives from outside: survey definitions, answers as JSON
//! and as the respondent page's form. Arbitrary and mutated inputs never panic; every valid
//! response — generated from a definition's questions, for the template and for a survey with
//! every question type — is accepted, identically through JSON and through the form.
//!
//! Bounded for CI by proptest's case count (256 per property; `PROPTEST_CASES` raises it for a
//! longer run, e.g. `PROPTEST_CASES=100000 cargo test -p domain --test properties`).

use domain::response::{answers_from_form, validate_answers};
use domain::survey::{
    Definition, Item, QUESTION_TYPES, Question, QuestionKind, new_question, validate,
    why_members_join,
};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Any JSON value, a few levels deep, with the awkward strings people and attackers send.
fn any_json() -> impl Strategy<Value = Value> {
    let text = prop_oneof![
        ".{0,24}",
        Just("\u{0}".to_owned()),
        Just("\u{202e}evil\u{200b}".to_owned()),
        Just("<script>alert(1)</script>".to_owned()),
        Just("'; DROP TABLE responses; --".to_owned()),
        Just("=HYPERLINK(\"http://x\")".to_owned()),
        Just("🏳️‍🌈".repeat(40)),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop::num::f64::NORMAL.prop_map(Value::from),
        (-3i64..12).prop_map(Value::from),
        text.prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{0,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn template() -> Definition {
    why_members_join("Parks")
}

/// Every place in a JSON document, as JSON pointers.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(fields) => {
            for (key, field) in fields {
                pointers(field, format!("{at}/{key}"), out);
            }
        }
        _ => {}
    }
}

/// A definition with one question of every type the builder offers, all optional but the first.
fn every_type() -> Definition {
    let questions = QUESTION_TYPES
        .iter()
        .enumerate()
        .filter_map(|(i, (type_name, _))| {
            let mut question = new_question(format!("q{i}"), type_name)?;
            question.required = i == 0;
            Some(question)
        })
        .collect();
    Definition { questions }
}

/// Any valid answer to `question`, as JSON; `None` leaves an optional question unanswered.
fn valid_answer(question: &Question) -> BoxedStrategy<Option<Value>> {
    let ids = |items: &[Item]| items.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
    let answer: BoxedStrategy<Value> = match &question.kind {
        QuestionKind::Ranking { items, top_k } => {
            let keep = top_k.map_or(items.len(), usize::from);
            Just(ids(items))
                .prop_shuffle()
                .prop_map(move |mut order| {
                    order.truncate(keep);
                    json!(order)
                })
                .boxed()
        }
        QuestionKind::Likert { points, items, .. } => {
            let points = i64::from(*points);
            let item_ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
            prop::collection::vec(1..=points, item_ids.len())
                .prop_map(move |values| {
                    Value::Object(
                        item_ids
                            .iter()
                            .cloned()
                            .zip(values.into_iter().map(Value::from))
                            .collect(),
                    )
                })
                .boxed()
        }
        QuestionKind::Overlap => (1i64..=7).prop_map(|v| json!(v)).boxed(),
        QuestionKind::Nps => (0i64..=10).prop_map(|v| json!(v)).boxed(),
        QuestionKind::SingleChoice { choices, .. } => prop::sample::select(ids(choices))
            .prop_map(|id| json!(id))
            .boxed(),
        QuestionKind::MultipleChoice { choices, .. } => {
            let all = ids(choices);
            let n = all.len();
            prop::sample::subsequence(all, 1..=n)
                .prop_map(|chosen| json!(chosen))
                .boxed()
        }
        QuestionKind::Text { max_length, .. } => {
            let most = (*max_length as usize).clamp(1, 40) - 1;
            prop_oneof![
                proptest::string::string_regex(&format!("[a-zA-Z][a-zA-Z ]{{0,{most}}}"))
                    .expect("a valid pattern")
                    .prop_map(Value::from),
                Just(Value::from(
                    "Ünïcödé — “quoted” 🏳️‍🌈"
                        .chars()
                        .take(most + 1)
                        .collect::<String>()
                )),
            ]
            .boxed()
        }
    };
    if question.required {
        answer.prop_map(Some).boxed()
    } else {
        prop::option::of(answer).boxed()
    }
}

/// Any valid set of answers to `definition`, built from its questions' kinds.
fn valid_answers(definition: &Definition) -> impl Strategy<Value = Map<String, Value>> {
    let ids: Vec<String> = definition.questions.iter().map(|q| q.id.clone()).collect();
    let answers: Vec<_> = definition.questions.iter().map(valid_answer).collect();
    answers.prop_map(move |values| {
        ids.iter()
            .cloned()
            .zip(values)
            .filter_map(|(id, value)| value.map(|v| (id, v)))
            .collect()
    })
}

/// The same answers as the respondent page's form posts them: `q[item]` for a ranking place or
/// a statement's point, `q` (repeated for multiple choice) otherwise.
fn as_form(definition: &Definition, answers: &Map<String, Value>) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for question in &definition.questions {
        let (q, Some(value)) = (&question.id, answers.get(&question.id)) else {
            continue;
        };
        match (&question.kind, value) {
            (QuestionKind::Ranking { .. }, Value::Array(order)) => {
                for (place, item) in order.iter().enumerate() {
                    let item = item.as_str().unwrap_or_default();
                    fields.push((format!("{q}[{item}]"), (place + 1).to_string()));
                }
            }
            (QuestionKind::MultipleChoice { .. }, Value::Array(chosen)) => {
                for choice in chosen {
                    fields.push((q.clone(), choice.as_str().unwrap_or_default().to_owned()));
                }
            }
            (_, Value::Object(items)) => {
                for (item, v) in items {
                    fields.push((format!("{q}[{item}]"), v.to_string()));
                }
            }
            (_, Value::String(text)) => fields.push((q.clone(), text.clone())),
            (_, other) => fields.push((q.clone(), other.to_string())),
        }
    }
    fields
}

/// Field names as the form has them, and some it does not.
fn any_field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop_oneof![
            Just("reasons"),
            Just("brand_fit"),
            Just("overlap"),
            Just("nps"),
            Just("member_type"),
            Just("says_about_you"),
            Just("version"),
        ]
        .prop_map(str::to_owned),
        ("[a-z_]{1,12}", "[a-z_\\[\\]]{0,12}").prop_map(|(q, item)| format!("{q}[{item}]")),
        ".{0,16}",
    ]
}

proptest! {
    #[test]
    fn any_json_is_refused_or_accepted_as_a_definition_without_panicking(raw in any_json()) {
        if let Ok(definition) = serde_json::from_value::<Definition>(raw) {
            let _ = validate(&definition, true);
            let _ = definition.scales();
        }
    }

    #[test]
    fn a_definition_with_one_part_replaced_is_validated_without_panicking(
        pick in any::<prop::sample::Index>(),
        replacement in any_json(),
    ) {
        let mut document = serde_json::to_value(template()).unwrap();
        let mut places = Vec::new();
        pointers(&document, String::new(), &mut places);
        let place = pick.get(&places).clone();
        if let Some(slot) = document.pointer_mut(&place) {
            *slot = replacement;
        }
        if let Ok(definition) = serde_json::from_value::<Definition>(document)
            && validate(&definition, true).is_ok()
        {
            // A definition that passes validation must also take answers without panicking.
            let _ = validate_answers(&definition, &Map::new());
            let _ = definition.scales();
        }
    }

    #[test]
    fn any_answers_are_checked_without_panicking(raw in prop::collection::btree_map(
        prop_oneof![
            Just("reasons".to_owned()), Just("brand_fit".to_owned()), Just("overlap".to_owned()),
            Just("nps".to_owned()), Just("member_type".to_owned()),
            Just("says_about_you".to_owned()), "[a-z_]{0,10}",
        ],
        any_json(),
        0..10,
    )) {
        let raw: Map<String, Value> = raw.into_iter().collect();
        let _ = validate_answers(&template(), &raw);
    }

    #[test]
    fn any_form_is_checked_without_panicking(
        fields in prop::collection::vec((any_field_name(), ".{0,12}"), 0..24),
    ) {
        let _ = answers_from_form(&template(), &fields);
    }

    #[test]
    fn every_valid_response_to_the_template_is_accepted_the_same_through_json_and_the_form(
        answers in valid_answers(&template()),
    ) {
        accepted_both_ways(&template(), &answers)?;
    }

    #[test]
    fn every_valid_response_to_every_question_type_is_accepted_the_same_both_ways(
        answers in valid_answers(&every_type()),
    ) {
        accepted_both_ways(&every_type(), &answers)?;
    }
}

fn accepted_both_ways(
    definition: &Definition,
    answers: &Map<String, Value>,
) -> Result<(), TestCaseError> {
    let from_json = validate_answers(definition, answers);
    prop_assert!(from_json.is_ok(), "{:?} refused: {:?}", answers, from_json);
    let from_form = answers_from_form(definition, &as_form(definition, answers));
    prop_assert_eq!(from_json, from_form);
    Ok(())
}

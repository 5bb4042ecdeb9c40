//! Property tests (proptest) of what arrives from outside: survey definitions, answers as JSON
//! and as the respondent page's form. Arbitrary and mutated inputs never panic; every valid
//! response is accepted, identically through JSON and through the form.
//!
//! Bounded for CI by proptest's case count (256 per property; `PROPTEST_CASES` raises it for a
//! longer run, e.g. `PROPTEST_CASES=100000 cargo test -p domain --test properties`).

use domain::response::{answers_from_form, validate_answers};
use domain::survey::{Definition, validate, why_members_join};
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

/// A valid set of answers to the template: any order of the reasons, any points on each scale.
fn valid_answers() -> impl Strategy<Value = Map<String, Value>> {
    (
        Just(vec!["identity", "connections", "community"]).prop_shuffle(),
        prop::collection::vec(1i64..=7, 6),
        1i64..=7,
        prop::collection::vec(1i64..=5, 3),
        0i64..=10,
        prop_oneof![Just(""), Just("Green space."), Just("Ünïcödé — “quoted”")],
        prop_oneof![Just("member"), Just("volunteer"), Just("staff")],
        prop_oneof![
            Just("under_1"),
            Just("1_2"),
            Just("3_5"),
            Just("6_10"),
            Just("over_10")
        ],
    )
        .prop_map(
            |(reasons, fit, overlap, expression, nps, says, member_type, years)| {
                let fit_items = [
                    "reflects_me",
                    "identify",
                    "personal_connection",
                    "shows_others",
                    "who_i_want_to_be",
                    "suits_me",
                ];
                let expression_items = ["say_love", "share_posts", "wear_display"];
                let answers = json!({
                    "reasons": reasons,
                    "brand_fit": fit_items.iter().zip(&fit)
                        .map(|(item, v)| ((*item).to_owned(), json!(v)))
                        .collect::<Map<String, Value>>(),
                    "overlap": overlap,
                    "expression": expression_items.iter().zip(&expression)
                        .map(|(item, v)| ((*item).to_owned(), json!(v)))
                        .collect::<Map<String, Value>>(),
                    "nps": nps,
                    "says_about_you": says,
                    "member_type": member_type,
                    "years": years,
                });
                answers.as_object().cloned().unwrap_or_default()
            },
        )
}

/// The same answers as the respondent page's form posts them.
fn as_form(answers: &Map<String, Value>) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for (question, value) in answers {
        match value {
            Value::Array(order) => {
                for (place, item) in order.iter().enumerate() {
                    let item = item.as_str().unwrap_or_default();
                    fields.push((format!("{question}[{item}]"), (place + 1).to_string()));
                }
            }
            Value::Object(items) => {
                for (item, v) in items {
                    fields.push((format!("{question}[{item}]"), v.to_string()));
                }
            }
            Value::String(text) => fields.push((question.clone(), text.clone())),
            other => fields.push((question.clone(), other.to_string())),
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
    fn every_valid_response_is_accepted_the_same_through_json_and_the_form(
        answers in valid_answers(),
    ) {
        let definition = template();
        let from_json = validate_answers(&definition, &answers);
        prop_assert!(from_json.is_ok(), "{:?}", from_json);
        let from_form = answers_from_form(&definition, &as_form(&answers));
        prop_assert_eq!(from_json, from_form);
    }
}

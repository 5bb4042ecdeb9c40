//! Checks a survey definition before it is stored. Every refusal names the question (by number and
//! prompt) and the field, so the person editing knows exactly what to fix.

use super::{Definition, Item, LikertItem, Question, QuestionKind};
use crate::FieldError;
use crate::typed_text::visible_chars;
use std::collections::HashSet;

/// The bounds a survey and a response must stay within, in characters and counts. The validator,
/// the backend and API v1's OpenAPI document all read them from here.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_title_chars: usize,
    /// The name a respondent may put on their identity card.
    pub max_display_name_chars: usize,
    pub max_questions: usize,
    pub max_prompt_chars: usize,
    pub max_label_chars: usize,
    /// A question's short name, for filters and tables.
    pub max_short_name_chars: usize,
    pub max_id_chars: usize,
    pub ranking_items: (usize, usize),
    pub choices: (usize, usize),
    pub likert_items: usize,
    pub max_text_length: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_title_chars: 150,
            max_display_name_chars: 60,
            max_questions: 100,
            max_prompt_chars: 500,
            max_label_chars: 200,
            max_short_name_chars: 60,
            max_id_chars: 40,
            ranking_items: (2, 10),
            choices: (2, 50),
            likert_items: 30,
            max_text_length: 10_000,
        }
    }
}

/// Names the response form and API use for themselves, so no question may take them.
pub const RESERVED_QUESTION_IDS: [&str; 5] = [
    "version",
    "invite_code",
    "display_name",
    "website",
    "survey",
];

/// Every problem in `definition`, or none. `publishing` says whether it is about to be published
/// or saved as a draft: a draft may have no questions yet, and texts still empty (a new question
/// starts with empty texts and placeholders, so one never edited cannot be published); everything
/// else is checked the same either way.
pub fn validate(definition: &Definition, publishing: bool) -> Result<(), Vec<FieldError>> {
    let limits = Limits::default();
    let mut errors = Vec::new();
    if publishing && definition.questions.is_empty() {
        errors.push(FieldError::new("questions", "Add at least one question."));
    }
    if definition.questions.len() > limits.max_questions {
        errors.push(FieldError::new(
            "questions",
            format!(
                "A survey can have at most {} questions (this one has {}).",
                limits.max_questions,
                definition.questions.len()
            ),
        ));
    }
    let mut ids = HashSet::new();
    for (index, question) in definition.questions.iter().enumerate() {
        let mut check = Check {
            index,
            question,
            limits,
            publishing,
            errors: &mut errors,
        };
        if !ids.insert(question.id.as_str()) {
            check.fail(
                "id",
                format!(
                    "repeats the id “{}” of an earlier question; ids must be unique.",
                    question.id
                ),
            );
        }
        check.question();
    }
    check_scales(definition, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

struct Check<'a> {
    index: usize,
    question: &'a Question,
    limits: Limits,
    publishing: bool,
    errors: &'a mut Vec<FieldError>,
}

impl Check<'_> {
    fn fail(&mut self, field: &str, message: impl AsRef<str>) {
        let prompt = short(&self.question.prompt);
        let name = if prompt.is_empty() {
            format!("Question {}", self.index + 1)
        } else {
            format!("Question {} (“{prompt}”)", self.index + 1)
        };
        self.errors.push(FieldError::new(
            &format!("questions[{}].{field}", self.index),
            format!("{name}: {}", message.as_ref()),
        ));
    }

    fn question(&mut self) {
        let q = self.question;
        self.id("id", &q.id);
        if RESERVED_QUESTION_IDS.contains(&q.id.as_str()) {
            self.fail(
                "id",
                format!(
                    "the id “{}” is reserved for the response form; choose another.",
                    q.id
                ),
            );
        }
        if q.prompt.trim().is_empty() {
            self.required_text("prompt", "write the question text.");
        }
        self.text(
            "prompt",
            "the question text",
            &q.prompt,
            self.limits.max_prompt_chars,
        );
        self.text(
            "short_name",
            "the short name",
            &q.short_name,
            self.limits.max_short_name_chars,
        );
        match &q.kind {
            QuestionKind::Ranking { items, top_k } => {
                self.items("items", "items to rank", items, self.limits.ranking_items);
                if let Some(k) = *top_k {
                    if k < 1 {
                        self.fail("top_k", "“rank your top k” needs k of at least 1.");
                    } else if usize::from(k) > items.len() {
                        self.fail(
                            "top_k",
                            format!("asks for the top {k} of only {} items.", items.len()),
                        );
                    }
                }
            }
            QuestionKind::Likert {
                points,
                scale,
                low_label,
                high_label,
                items,
                brand_fit: _,
            } => {
                if ![5, 7].contains(points) {
                    self.fail(
                        "points",
                        format!("an agreement scale has 5 or 7 points, not {points}."),
                    );
                }
                if scale.trim().is_empty() {
                    self.required_text("scale", "name the scale these statements belong to.");
                }
                self.text(
                    "scale",
                    "the scale name",
                    scale,
                    self.limits.max_label_chars,
                );
                for (field, label) in [("low_label", low_label), ("high_label", high_label)] {
                    if label.trim().is_empty() {
                        self.required_text(field, "label both ends of the scale.");
                    }
                    self.text(field, "an end label", label, self.limits.max_label_chars);
                }
                self.likert_items(items);
            }
            QuestionKind::Overlap | QuestionKind::Nps => {}
            QuestionKind::SingleChoice { choices, .. }
            | QuestionKind::MultipleChoice { choices, .. } => {
                self.items("choices", "choices", choices, self.limits.choices);
            }
            QuestionKind::Text { max_length, .. } => {
                if *max_length == 0 || *max_length > self.limits.max_text_length {
                    self.fail(
                        "max_length",
                        format!(
                            "the answer length limit must be between 1 and {} characters.",
                            self.limits.max_text_length
                        ),
                    );
                }
            }
        }
    }

    /// An empty text, which a draft may keep but a survey being published may not.
    fn required_text(&mut self, field: &str, message: &str) {
        if self.publishing {
            self.fail(field, message);
        }
    }

    fn id(&mut self, field: &str, id: &str) {
        let valid = !id.is_empty()
            && id.chars().count() <= self.limits.max_id_chars
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if !valid {
            self.fail(
                field,
                format!(
                    "the id “{}” must be 1–{} lower-case letters, digits, “_” or “-”.",
                    short(id),
                    self.limits.max_id_chars
                ),
            );
        }
    }

    fn text(&mut self, field: &str, what: &str, text: &str, max: usize) {
        if crate::typed_text::has_hidden_characters(text, true) {
            self.fail(
                field,
                format!(
                    "{what} holds invisible characters (control characters, right-to-left overrides or zero-width spaces); remove them."
                ),
            );
        }
        let chars = visible_chars(text);
        if chars > max {
            self.fail(
                field,
                format!("{what} is too long ({chars} characters; at most {max})."),
            );
        }
    }

    fn items(&mut self, field: &str, what: &str, items: &[Item], (min, max): (usize, usize)) {
        if items.len() < min || items.len() > max {
            self.fail(
                field,
                format!("needs {min} to {max} {what} (it has {}).", items.len()),
            );
        }
        let mut seen = HashSet::new();
        for (i, item) in items.iter().enumerate() {
            self.item(
                &format!("{field}[{i}]"),
                i,
                &item.id,
                &item.label,
                &mut seen,
            );
        }
    }

    fn likert_items(&mut self, items: &[LikertItem]) {
        if items.is_empty() || items.len() > self.limits.likert_items {
            self.fail(
                "items",
                format!(
                    "needs 1 to {} statements (it has {}).",
                    self.limits.likert_items,
                    items.len()
                ),
            );
        }
        let mut seen = HashSet::new();
        for (i, item) in items.iter().enumerate() {
            self.item(&format!("items[{i}]"), i, &item.id, &item.label, &mut seen);
        }
    }

    fn item<'i>(
        &mut self,
        field: &str,
        index: usize,
        id: &'i str,
        label: &str,
        seen: &mut HashSet<&'i str>,
    ) {
        self.id(&format!("{field}.id"), id);
        if !seen.insert(id) {
            self.fail(
                &format!("{field}.id"),
                format!("item {} repeats the id “{id}”.", index + 1),
            );
        }
        if label.trim().is_empty() {
            self.required_text(
                &format!("{field}.label"),
                &format!("item {} has no text.", index + 1),
            );
        }
        self.text(
            &format!("{field}.label"),
            &format!("item {}", index + 1),
            label,
            self.limits.max_label_chars,
        );
    }
}

/// A scale is every agreement statement sharing its name, across questions
/// ([`Definition::scales`], the one definition scoring and export use too): it needs two or more
/// statements to be a scale (and to have a reliability), and one number of points.
fn check_scales(definition: &Definition, errors: &mut Vec<FieldError>) {
    let position = |id: &str| definition.questions.iter().position(|q| q.id == id);
    let mut brand_fit: Option<String> = None;
    for (index, question) in definition.questions.iter().enumerate() {
        let QuestionKind::Likert {
            scale,
            brand_fit: Some(true),
            ..
        } = &question.kind
        else {
            continue;
        };
        match &brand_fit {
            None => brand_fit = Some(scale.trim().to_owned()),
            Some(first) if first != scale.trim() => errors.push(FieldError::new(
                &format!("questions[{index}].brand_fit"),
                format!(
                    "Question {}: only one scale can measure brand fit, and “{first}” already does; untick one of them.",
                    index + 1
                ),
            )),
            Some(_) => {}
        }
    }
    for scale in definition.scales() {
        if scale.name.is_empty() {
            continue;
        }
        for question in &scale.questions {
            let Some(index) = position(question) else {
                continue;
            };
            if let QuestionKind::Likert { points, .. } = &definition.questions[index].kind
                && *points != scale.points
            {
                errors.push(FieldError::new(
                    &format!("questions[{index}].points"),
                    format!(
                        "Question {}: the scale “{}” is used with {} points elsewhere; one scale needs one number of points.",
                        index + 1,
                        scale.name,
                        scale.points
                    ),
                ));
            }
        }
        if scale.items.len() == 1
            && let Some(index) = position(&scale.key)
        {
            errors.push(FieldError::new(
                &format!("questions[{index}].items"),
                format!(
                    "Question {}: the scale “{}” has only one statement; a scale needs at least two.",
                    index + 1,
                    scale.name
                ),
            ));
        }
    }
}

fn short(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= 40 {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(40).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::why_members_join;

    fn item(id: &str) -> Item {
        Item {
            id: id.into(),
            label: format!("Label {id}"),
        }
    }

    fn question(id: &str, kind: QuestionKind) -> Question {
        Question {
            id: id.into(),
            prompt: "Why did you join?".into(),
            short_name: String::new(),
            required: true,
            kind,
        }
    }

    fn ranking(items: &[&str], top_k: Option<u8>) -> QuestionKind {
        QuestionKind::Ranking {
            items: items.iter().map(|i| item(i)).collect(),
            top_k,
        }
    }

    fn likert(scale: &str, items: &[&str], points: u8) -> QuestionKind {
        QuestionKind::Likert {
            points,
            scale: scale.into(),
            low_label: "Strongly disagree".into(),
            high_label: "Strongly agree".into(),
            items: items
                .iter()
                .map(|i| LikertItem {
                    id: (*i).into(),
                    label: format!("Statement {i}"),
                    reverse: false,
                })
                .collect(),
            brand_fit: None,
        }
    }

    fn marked(mut kind: QuestionKind) -> QuestionKind {
        if let QuestionKind::Likert { brand_fit, .. } = &mut kind {
            *brand_fit = Some(true);
        }
        kind
    }

    fn errors_of(questions: Vec<Question>) -> Vec<FieldError> {
        validate(&Definition { questions }, true).unwrap_err()
    }

    fn assert_refused(questions: Vec<Question>, field: &str, says: &str) {
        let errors = errors_of(questions);
        assert!(
            errors
                .iter()
                .any(|e| e.field == field && e.message.contains(says)),
            "expected {field} to say “{says}”, got {errors:#?}"
        );
    }

    #[test]
    fn the_template_is_valid() {
        validate(&why_members_join("Friends of the Park"), true).unwrap();
    }

    #[test]
    fn an_empty_survey_cannot_be_published_but_can_be_a_draft() {
        assert_refused(vec![], "questions", "at least one question");
        validate(&Definition::default(), false).unwrap();
    }

    #[test]
    fn a_question_id_the_response_form_uses_itself_is_rejected() {
        assert_refused(
            vec![question("version", QuestionKind::Nps)],
            "questions[0].id",
            "reserved",
        );
    }

    #[test]
    fn a_repeated_question_id_is_rejected() {
        assert_refused(
            vec![
                question("q", QuestionKind::Nps),
                question("q", QuestionKind::Overlap),
            ],
            "questions[1].id",
            "repeats the id “q”",
        );
    }

    #[test]
    fn a_ranking_with_a_repeated_item_is_rejected() {
        assert_refused(
            vec![question("r", ranking(&["a", "b", "a"], None))],
            "questions[0].items[2].id",
            "repeats the id “a”",
        );
    }

    #[test]
    fn a_ranking_with_one_item_is_rejected() {
        assert_refused(
            vec![question("r", ranking(&["a"], None))],
            "questions[0].items",
            "needs 2 to 10 items to rank (it has 1)",
        );
    }

    #[test]
    fn a_ranking_with_eleven_items_is_rejected() {
        let ids: Vec<String> = (0..11).map(|i| format!("i{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_refused(
            vec![question("r", ranking(&ids, None))],
            "questions[0].items",
            "(it has 11)",
        );
    }

    #[test]
    fn top_k_larger_than_the_item_count_is_rejected() {
        assert_refused(
            vec![question("r", ranking(&["a", "b", "c"], Some(4)))],
            "questions[0].top_k",
            "top 4 of only 3",
        );
    }

    #[test]
    fn top_k_of_zero_is_rejected() {
        assert_refused(
            vec![question("r", ranking(&["a", "b"], Some(0)))],
            "questions[0].top_k",
            "at least 1",
        );
    }

    #[test]
    fn a_line_break_in_a_question_counts_once_however_it_was_sent() {
        let mut definition = why_members_join("F");
        // 499 letters and a line break: within the 500 a question may have, also as CR LF.
        definition.questions[0].prompt = format!("{}\r\n{}", "a".repeat(250), "b".repeat(249));
        assert_eq!(validate(&definition, true), Ok(()));
    }

    #[test]
    fn a_scale_with_one_item_is_rejected() {
        assert_refused(
            vec![question("fit", likert("Brand fit", &["only"], 7))],
            "questions[0].items",
            "only one statement",
        );
    }

    #[test]
    fn a_scale_may_span_two_questions() {
        validate(
            &Definition {
                questions: vec![
                    question("fit1", likert("Brand fit", &["a"], 7)),
                    question("fit2", likert("Brand fit", &["b"], 7)),
                ],
            },
            true,
        )
        .unwrap();
    }

    #[test]
    fn one_scale_with_two_point_counts_is_rejected() {
        assert_refused(
            vec![
                question("fit1", likert("Brand fit", &["a", "b"], 7)),
                question("fit2", likert("Brand fit", &["c", "d"], 5)),
            ],
            "questions[1].points",
            "one number of points",
        );
    }

    #[test]
    fn an_agreement_scale_needs_five_or_seven_points() {
        assert_refused(
            vec![question("fit", likert("Fit", &["a", "b"], 4))],
            "questions[0].points",
            "5 or 7 points",
        );
    }

    #[test]
    fn an_empty_prompt_is_rejected() {
        let mut q = question("n", QuestionKind::Nps);
        q.prompt = "   ".into();
        assert_refused(
            vec![q],
            "questions[0].prompt",
            "Question 1: write the question text",
        );
    }

    #[test]
    fn a_draft_may_keep_empty_texts_that_publishing_refuses() {
        let mut q = question("r", ranking(&["a", "b"], None));
        q.prompt = String::new();
        if let QuestionKind::Ranking { items, .. } = &mut q.kind {
            items[0].label = String::new();
        }
        let mut scale = question("s", likert("", &["x", "y"], 7));
        if let QuestionKind::Likert { low_label, .. } = &mut scale.kind {
            low_label.clear();
        }
        let definition = Definition {
            questions: vec![q, scale],
        };
        assert_eq!(validate(&definition, false), Ok(()));
        let fields: Vec<_> = validate(&definition, true)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "questions[0].prompt",
                "questions[0].items[0].label",
                "questions[1].scale",
                "questions[1].low_label",
            ]
        );
    }

    #[test]
    fn only_one_scale_may_measure_brand_fit() {
        let questions = vec![
            question("fit_a", marked(likert("Fit", &["a", "b"], 7))),
            // The same scale marked again, on its second question, is fine …
            question("fit_b", marked(likert(" Fit", &["c", "d"], 7))),
            // … a second scale is not.
            question("other", marked(likert("Pride", &["e", "f"], 7))),
        ];
        let errors = errors_of(questions);
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_eq!(errors[0].field, "questions[2].brand_fit");
        assert!(
            errors[0].message.contains("“Fit” already does"),
            "{errors:#?}"
        );
    }

    #[test]
    fn an_oversized_short_name_is_rejected() {
        let mut q = question("n", QuestionKind::Nps);
        q.short_name = "n".repeat(61);
        assert_refused(vec![q], "questions[0].short_name", "at most 60");
    }

    #[test]
    fn an_oversized_prompt_is_rejected() {
        let mut q = question("n", QuestionKind::Nps);
        q.prompt = "x".repeat(501);
        assert_refused(
            vec![q],
            "questions[0].prompt",
            "501 characters; at most 500",
        );
    }

    #[test]
    fn an_oversized_label_is_rejected() {
        let mut kind = ranking(&["a", "b"], None);
        if let QuestionKind::Ranking { items, .. } = &mut kind {
            items[1].label = "y".repeat(201);
        }
        assert_refused(
            vec![question("r", kind)],
            "questions[0].items[1].label",
            "at most 200",
        );
    }

    #[test]
    fn an_empty_choice_label_is_rejected() {
        let kind = QuestionKind::SingleChoice {
            choices: vec![
                item("a"),
                Item {
                    id: "b".into(),
                    label: " ".into(),
                },
            ],
            segment: true,
        };
        assert_refused(
            vec![question("c", kind)],
            "questions[0].choices[1].label",
            "item 2 has no text",
        );
    }

    #[test]
    fn a_choice_question_needs_two_choices() {
        let kind = QuestionKind::MultipleChoice {
            choices: vec![item("a")],
            other: true,
            segment: false,
        };
        assert_refused(
            vec![question("c", kind)],
            "questions[0].choices",
            "needs 2 to 50 choices",
        );
    }

    #[test]
    fn more_than_a_hundred_questions_are_rejected() {
        let questions = (0..101)
            .map(|i| question(&format!("q{i}"), QuestionKind::Nps))
            .collect();
        assert_refused(
            questions,
            "questions",
            "at most 100 questions (this one has 101)",
        );
    }

    #[test]
    fn an_id_with_spaces_or_capitals_is_rejected() {
        assert_refused(
            vec![question("Why Join", QuestionKind::Nps)],
            "questions[0].id",
            "lower-case letters",
        );
    }

    #[test]
    fn a_text_answer_limit_out_of_range_is_rejected() {
        let kind = QuestionKind::Text {
            long: true,
            max_length: 0,
        };
        assert_refused(
            vec![question("t", kind)],
            "questions[0].max_length",
            "between 1 and 10000",
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut empty = question("a", ranking(&["x"], None));
        empty.prompt = String::new();
        let errors = errors_of(vec![empty, question("a", QuestionKind::Nps)]);
        assert!(errors.len() >= 3, "{errors:#?}");
    }

    #[test]
    fn definitions_read_the_public_json_shape() {
        let json = r#"{"questions":[
            {"id":"why","type":"ranking","prompt":"Rank","required":true,
             "items":[{"id":"a","label":"A"},{"id":"b","label":"B"}],"top_k":1},
            {"id":"fit","type":"likert","prompt":"Fit","points":7,"scale":"fit",
             "low_label":"No","high_label":"Yes",
             "items":[{"id":"x","label":"X","reverse":true},{"id":"y","label":"Y"}]},
            {"id":"me","type":"overlap","prompt":"Which picture?"},
            {"id":"nps","type":"nps","prompt":"Recommend?"},
            {"id":"kind","type":"single_choice","prompt":"Type","segment":true,
             "choices":[{"id":"m","label":"Member"},{"id":"v","label":"Volunteer"}]},
            {"id":"how","type":"multiple_choice","prompt":"How","other":true,
             "choices":[{"id":"e","label":"Email"},{"id":"s","label":"Social"}]},
            {"id":"say","type":"text","prompt":"Say","long":true,"max_length":500}]}"#;
        let definition: Definition = serde_json::from_str(json).unwrap();
        validate(&definition, true).unwrap();
        assert!(definition.questions[4].kind.is_segment());
        let round_trip: Definition =
            serde_json::from_str(&serde_json::to_string(&definition).unwrap()).unwrap();
        assert_eq!(round_trip, definition);
        let types: Vec<_> = definition
            .questions
            .iter()
            .map(|q| q.kind.type_name())
            .collect();
        assert_eq!(
            types,
            [
                "ranking",
                "likert",
                "overlap",
                "nps",
                "single_choice",
                "multiple_choice",
                "text"
            ]
        );
    }
}

//! The builder's edits as plain functions on a definition: add, move, remove questions and items,
//! each keeping ids unique and stable so answers stay comparable across versions.

use super::{Definition, Item, LikertItem, Question, QuestionKind};

/// The question types the builder can add, by API name, with the label its menu shows.
pub const QUESTION_TYPES: [(&str, &str); 7] = [
    ("ranking", "Ranking"),
    ("likert", "Agreement scale"),
    ("overlap", "Overlap picture"),
    ("nps", "Recommendation (0–10)"),
    ("single_choice", "Single choice"),
    ("multiple_choice", "Multiple choice"),
    ("text", "Open text"),
];

/// A new question of type `type_name`, ready to edit: its texts are empty (the builder shows
/// placeholders), so a question nobody wrote cannot be published. Agreement scales start with the
/// usual end labels and two empty statements; choice questions with two empty choices.
pub fn new_question(id: String, type_name: &str) -> Option<Question> {
    let items = || vec![item("option_1", ""), item("option_2", "")];
    let kind = match type_name {
        "ranking" => QuestionKind::Ranking {
            items: items(),
            top_k: None,
        },
        "likert" => QuestionKind::Likert {
            points: 7,
            scale: String::new(),
            low_label: "Strongly disagree".into(),
            high_label: "Strongly agree".into(),
            items: ["statement_1", "statement_2"]
                .into_iter()
                .map(|id| LikertItem {
                    id: id.into(),
                    label: String::new(),
                    reverse: false,
                })
                .collect(),
            // Unsaid, so that a survey from before the choice keeps its “Brand fit” scale.
            brand_fit: None,
        },
        "overlap" => QuestionKind::Overlap,
        "nps" => QuestionKind::Nps,
        "single_choice" => QuestionKind::SingleChoice {
            choices: items(),
            segment: false,
        },
        "multiple_choice" => QuestionKind::MultipleChoice {
            choices: items(),
            other: false,
            segment: false,
        },
        "text" => QuestionKind::Text {
            long: true,
            max_length: 1000,
        },
        _ => return None,
    };
    Some(Question {
        id,
        prompt: String::new(),
        short_name: String::new(),
        required: true,
        kind,
    })
}

/// What the builder shows in a new question's empty text box: an example of the question, by
/// type, never stored.
pub fn prompt_placeholder(kind: &QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Ranking { .. } => "e.g. Put these in order, most important first.",
        QuestionKind::Likert { .. } => "e.g. How much do you agree with each statement?",
        QuestionKind::Overlap => "e.g. Which picture best describes you and us?",
        QuestionKind::Nps => "e.g. How likely are you to recommend us to a friend or colleague?",
        QuestionKind::SingleChoice { .. } => "e.g. Which best describes you?",
        QuestionKind::MultipleChoice { .. } => "e.g. Which of these do you take part in?",
        QuestionKind::Text { .. } => "e.g. Tell us in your own words.",
    }
}

fn item(id: &str, label: &str) -> Item {
    Item {
        id: id.into(),
        label: label.into(),
    }
}

/// `base_1`, `base_2`, … — the first one `taken` does not contain.
pub fn fresh_id<'a>(base: &str, taken: impl IntoIterator<Item = &'a str> + Clone) -> String {
    (1..)
        .map(|n| format!("{base}_{n}"))
        .find(|candidate| !taken.clone().into_iter().any(|t| t == candidate))
        .unwrap_or_else(|| base.to_owned())
}

/// Moves the element at `index` one place up (`-1`) or down (`1`); false when it cannot move.
pub fn shift<T>(list: &mut [T], index: usize, delta: isize) -> bool {
    let Some(target) = index.checked_add_signed(delta) else {
        return false;
    };
    if index >= list.len() || target >= list.len() {
        return false;
    }
    list.swap(index, target);
    true
}

impl Definition {
    pub fn position(&self, question_id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == question_id)
    }

    pub fn question_mut(&mut self, question_id: &str) -> Option<&mut Question> {
        self.questions.iter_mut().find(|q| q.id == question_id)
    }

    /// Appends a new question of `type_name`; returns its id.
    pub fn add_question(&mut self, type_name: &str) -> Option<String> {
        let id = fresh_id("question", self.questions.iter().map(|q| q.id.as_str()));
        let question = new_question(id.clone(), type_name)?;
        self.questions.push(question);
        Some(id)
    }

    pub fn move_question(&mut self, question_id: &str, delta: isize) -> bool {
        self.position(question_id)
            .is_some_and(|i| shift(&mut self.questions, i, delta))
    }

    /// Makes the scale of agreement question `question_id` the brand-fit scale (`on`), marking
    /// every question of that scale and unmarking all others; or (`!on`) leaves the survey with
    /// none. Nothing happens if the question is not an agreement question.
    pub fn mark_brand_fit(&mut self, question_id: &str, on: bool) {
        let Some(scale) = self
            .scales()
            .into_iter()
            .find(|s| s.questions.iter().any(|q| q == question_id))
        else {
            return;
        };
        // Questions not yet naming a scale are not one scale: only this one is marked.
        let marked = |id: &String| {
            if scale.name.is_empty() {
                id == question_id
            } else {
                scale.questions.contains(id)
            }
        };
        for question in &mut self.questions {
            if let QuestionKind::Likert { brand_fit, .. } = &mut question.kind {
                *brand_fit = Some(on && marked(&question.id));
            }
        }
    }

    /// Removes question `question_id`; returns where it stood and the question, to put back.
    pub fn remove_question(&mut self, question_id: &str) -> Option<(usize, Question)> {
        let index = self.position(question_id)?;
        Some((index, self.questions.remove(index)))
    }
}

impl QuestionKind {
    /// The ids of this question's items or choices, in order.
    pub fn item_ids(&self) -> Vec<String> {
        match self {
            QuestionKind::Ranking { items, .. } => items.iter().map(|i| i.id.clone()).collect(),
            QuestionKind::SingleChoice { choices, .. }
            | QuestionKind::MultipleChoice { choices, .. } => {
                choices.iter().map(|i| i.id.clone()).collect()
            }
            QuestionKind::Likert { items, .. } => items.iter().map(|i| i.id.clone()).collect(),
            _ => Vec::new(),
        }
    }

    /// Adds an item (or choice, or statement) with a fresh id; returns it.
    pub fn add_item(&mut self) -> Option<String> {
        let taken = self.item_ids();
        let id = fresh_id("option", taken.iter().map(String::as_str));
        match self {
            QuestionKind::Ranking { items, .. }
            | QuestionKind::SingleChoice { choices: items, .. }
            | QuestionKind::MultipleChoice { choices: items, .. } => items.push(Item {
                id: id.clone(),
                label: String::new(),
            }),
            QuestionKind::Likert { items, .. } => items.push(LikertItem {
                id: id.clone(),
                label: String::new(),
                reverse: false,
            }),
            _ => return None,
        }
        Some(id)
    }

    pub fn set_item_label(&mut self, item_id: &str, label: String) {
        match self {
            QuestionKind::Ranking { items, .. }
            | QuestionKind::SingleChoice { choices: items, .. }
            | QuestionKind::MultipleChoice { choices: items, .. } => {
                if let Some(item) = items.iter_mut().find(|i| i.id == item_id) {
                    item.label = label;
                }
            }
            QuestionKind::Likert { items, .. } => {
                if let Some(item) = items.iter_mut().find(|i| i.id == item_id) {
                    item.label = label;
                }
            }
            _ => {}
        }
    }

    pub fn move_item(&mut self, item_id: &str, delta: isize) -> bool {
        match self {
            QuestionKind::Ranking { items, .. }
            | QuestionKind::SingleChoice { choices: items, .. }
            | QuestionKind::MultipleChoice { choices: items, .. } => items
                .iter()
                .position(|i| i.id == item_id)
                .is_some_and(|i| shift(items, i, delta)),
            QuestionKind::Likert { items, .. } => items
                .iter()
                .position(|i| i.id == item_id)
                .is_some_and(|i| shift(items, i, delta)),
            _ => false,
        }
    }

    pub fn remove_item(&mut self, item_id: &str) {
        match self {
            QuestionKind::Ranking { items, .. }
            | QuestionKind::SingleChoice { choices: items, .. }
            | QuestionKind::MultipleChoice { choices: items, .. } => {
                items.retain(|i| i.id != item_id)
            }
            QuestionKind::Likert { items, .. } => items.retain(|i| i.id != item_id),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{validate, why_members_join};

    #[test]
    fn a_new_question_saves_as_a_draft_but_publishes_only_once_written() {
        for (type_name, _) in QUESTION_TYPES {
            let mut definition = Definition::default();
            let id = definition.add_question(type_name).unwrap();
            validate(&definition, false).unwrap_or_else(|e| panic!("{type_name}: {e:?}"));
            let refused = validate(&definition, true).unwrap_err();
            assert!(
                refused.iter().any(|e| e.field == "questions[0].prompt"),
                "{type_name}: {refused:?}"
            );
            // Written in full, it publishes: a new agreement scale's two statements make a scale.
            let question = definition.question_mut(&id).unwrap();
            question.prompt = "Written".into();
            for (n, item) in question.kind.item_ids().iter().enumerate() {
                question.kind.set_item_label(item, format!("Item {n}"));
            }
            if let QuestionKind::Likert { scale, .. } = &mut question.kind {
                *scale = "Pride".into();
            }
            validate(&definition, true).unwrap_or_else(|e| panic!("{type_name}: {e:?}"));
        }
    }

    #[test]
    fn marking_brand_fit_moves_the_mark_to_the_whole_scale_or_clears_it() {
        let mut definition = why_members_join("Parks");
        definition.mark_brand_fit("expression", true);
        let fit = definition.brand_fit_scale().unwrap();
        assert_eq!(fit.key, "expression");
        validate(&definition, true).unwrap();
        definition.mark_brand_fit("expression", false);
        assert_eq!(
            definition.brand_fit_scale(),
            None,
            "the name no longer counts"
        );
        definition.mark_brand_fit("nps", true);
        assert_eq!(
            definition.brand_fit_scale(),
            None,
            "not an agreement question"
        );
    }

    #[test]
    fn a_new_agreement_question_leaves_an_older_surveys_brand_fit_alone() {
        let mut definition = why_members_join("Parks");
        for question in &mut definition.questions {
            if let QuestionKind::Likert { brand_fit, .. } = &mut question.kind {
                *brand_fit = None;
            }
        }
        definition.add_question("likert").unwrap();
        definition.add_question("likert").unwrap();
        assert_eq!(definition.brand_fit_scale().unwrap().key, "brand_fit");
        // Two unnamed scales are not one: marking one marks only it.
        definition.mark_brand_fit("question_1", true);
        let marked: Vec<_> = definition
            .questions
            .iter()
            .filter(|q| {
                matches!(
                    q.kind,
                    QuestionKind::Likert {
                        brand_fit: Some(true),
                        ..
                    }
                )
            })
            .map(|q| q.id.as_str())
            .collect();
        assert_eq!(marked, ["question_1"]);
    }

    #[test]
    fn added_questions_get_fresh_ids() {
        let mut definition = Definition::default();
        let a = definition.add_question("nps").unwrap();
        let b = definition.add_question("nps").unwrap();
        assert_eq!((a.as_str(), b.as_str()), ("question_1", "question_2"));
        definition.remove_question(&a);
        assert_eq!(definition.add_question("text").unwrap(), "question_1");
        assert!(definition.add_question("essay").is_none());
    }

    #[test]
    fn questions_move_within_bounds_only() {
        let mut definition = why_members_join("Parks");
        assert!(definition.move_question("overlap", -1));
        assert_eq!(definition.questions[1].id, "overlap");
        assert!(
            !definition.move_question("reasons", -1),
            "the first cannot move up"
        );
        assert!(
            !definition.move_question("years", 1),
            "the last cannot move down"
        );
        assert!(!definition.move_question("missing", 1));
    }

    #[test]
    fn items_are_added_renamed_moved_and_removed_by_id() {
        let mut definition = why_members_join("Parks");
        let kind = &mut definition.question_mut("reasons").unwrap().kind;
        let new = kind.add_item().unwrap();
        assert_eq!(new, "option_1");
        kind.set_item_label(&new, "It is fun".into());
        assert!(kind.move_item("community", 1));
        assert_eq!(
            kind.item_ids(),
            ["identity", "connections", "option_1", "community"]
        );
        kind.remove_item("connections");
        assert_eq!(kind.item_ids(), ["identity", "option_1", "community"]);
        assert!(QuestionKind::Nps.add_item().is_none());
    }
}

//! The ready-made "Why members join" survey, in our own words, with the organisation's name put in.

use super::{Definition, Item, LikertItem, Question, QuestionKind};

/// The template's identifier in the API (`{"template": "why-members-join"}`).
pub const WHY_MEMBERS_JOIN: &str = "why-members-join";

fn item(id: &str, label: impl Into<String>) -> Item {
    Item {
        id: id.into(),
        label: label.into(),
    }
}

fn statement(id: &str, label: impl Into<String>) -> LikertItem {
    LikertItem {
        id: id.into(),
        label: label.into(),
        reverse: false,
    }
}

fn question(id: &str, prompt: impl Into<String>, required: bool, kind: QuestionKind) -> Question {
    Question {
        id: id.into(),
        prompt: prompt.into(),
        short_name: String::new(),
        required,
        kind,
    }
}

/// A question with a short name for filters and tables.
fn named(
    short_name: &str,
    id: &str,
    prompt: impl Into<String>,
    required: bool,
    kind: QuestionKind,
) -> Question {
    Question {
        short_name: short_name.into(),
        ..question(id, prompt, required, kind)
    }
}

/// The template's three reasons: (id, label, the reason's name in a sentence).
pub const REASONS: [(&str, &str, &str); 3] = [
    (
        "identity",
        "It shows who I am and what I stand for",
        "Identity",
    ),
    (
        "connections",
        "It connects me with people I want to know",
        "Connections",
    ),
    (
        "community",
        "It makes me part of something bigger than myself",
        "Community",
    ),
];

/// The template's agreement scale of how well the brand fits who members are.
pub const BRAND_FIT_SCALE: &str = "Brand fit";

/// Identity, connections, community — then how well the brand fits, how close members feel, how
/// they show it, whether they recommend it, what it says about them, and two segments.
pub fn why_members_join(brand: &str) -> Definition {
    let brand = brand.trim();
    Definition {
        questions: vec![
            question(
                "reasons",
                format!(
                    "Why are you part of {brand}? Put these reasons in order, most important first."
                ),
                true,
                QuestionKind::Ranking {
                    items: REASONS
                        .iter()
                        .map(|(id, label, _)| item(id, *label))
                        .collect(),
                    top_k: None,
                },
            ),
            question(
                "brand_fit",
                format!("How much do you agree with each statement about {brand}?"),
                true,
                QuestionKind::Likert {
                    points: 7,
                    scale: BRAND_FIT_SCALE.into(),
                    brand_fit: Some(true),
                    low_label: "Strongly disagree".into(),
                    high_label: "Strongly agree".into(),
                    items: vec![
                        statement("reflects_me", format!("{brand} reflects who I am.")),
                        statement("identify", format!("I identify with {brand}.")),
                        statement(
                            "personal_connection",
                            format!("I feel a personal connection to {brand}."),
                        ),
                        statement(
                            "shows_others",
                            format!("Being part of {brand} shows others who I am."),
                        ),
                        statement(
                            "who_i_want_to_be",
                            format!("{brand} helps me become the person I want to be."),
                        ),
                        statement("suits_me", format!("{brand} suits me.")),
                    ],
                },
            ),
            question(
                "overlap",
                format!("Which picture best describes you and {brand}?"),
                true,
                QuestionKind::Overlap,
            ),
            question(
                "expression",
                "How likely are you to do each of these?",
                false,
                QuestionKind::Likert {
                    points: 7,
                    scale: "Identity expression".into(),
                    brand_fit: Some(false),
                    low_label: "Very unlikely".into(),
                    high_label: "Very likely".into(),
                    items: vec![
                        statement("say_love", format!("Say publicly “I love {brand}”")),
                        statement(
                            "share_posts",
                            format!("Share posts from {brand} with people I know"),
                        ),
                        statement(
                            "wear_display",
                            format!("Wear or display something from {brand}"),
                        ),
                    ],
                },
            ),
            question(
                "nps",
                format!("How likely are you to recommend {brand} to a friend or colleague?"),
                true,
                QuestionKind::Nps,
            ),
            question(
                "says_about_you",
                format!("What does being part of {brand} say about you?"),
                false,
                QuestionKind::Text {
                    long: true,
                    max_length: 1000,
                },
            ),
            named(
                "Member type",
                "member_type",
                format!("Which best describes you at {brand}?"),
                true,
                QuestionKind::SingleChoice {
                    choices: vec![
                        item("member", "Member"),
                        item("volunteer", "Volunteer"),
                        item("staff", "Staff"),
                        item("supporter", "Donor or supporter"),
                        item("other", "Something else"),
                    ],
                    segment: true,
                },
            ),
            named(
                "Time with us",
                "years",
                format!("How long have you been part of {brand}?"),
                true,
                QuestionKind::SingleChoice {
                    choices: vec![
                        item("under_1", "Less than a year"),
                        item("1_2", "1–2 years"),
                        item("3_5", "3–5 years"),
                        item("6_10", "6–10 years"),
                        item("over_10", "More than 10 years"),
                    ],
                    segment: true,
                },
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_brand_name_is_put_in_everywhere_it_is_mentioned() {
        let definition = why_members_join("  Friends of the Park ");
        let text = serde_json::to_string(&definition).unwrap();
        assert_eq!(text.matches("Friends of the Park").count(), 16, "{text}");
        assert!(!text.contains("  Friends"));
    }

    #[test]
    fn the_template_ranks_the_three_reasons_and_has_two_segments() {
        let definition = why_members_join("Kindred");
        let QuestionKind::Ranking { items, .. } = &definition.questions[0].kind else {
            panic!("the first question ranks the reasons");
        };
        let ids: Vec<_> = items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["identity", "connections", "community"]);
        let segments: Vec<_> = definition
            .questions
            .iter()
            .filter(|q| q.kind.is_segment())
            .map(|q| q.id.as_str())
            .collect();
        assert_eq!(segments, ["member_type", "years"]);
        let names: Vec<_> = definition
            .questions
            .iter()
            .filter(|q| q.kind.is_segment())
            .map(|q| q.name())
            .collect();
        assert_eq!(names, ["Member type", "Time with us"]);
        let fit = definition.brand_fit_scale().unwrap();
        assert_eq!(
            (fit.key.as_str(), fit.marked_brand_fit),
            ("brand_fit", true)
        );
        let QuestionKind::Likert {
            items, points: 7, ..
        } = &definition.questions[1].kind
        else {
            panic!("the second question is the 7-point brand fit scale");
        };
        assert_eq!(items.len(), 6);
    }
}

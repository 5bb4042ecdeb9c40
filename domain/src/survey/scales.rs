//! What a *scale* is, once for validation, scoring and export: every agreement statement whose
//! question names the same scale (names compared after trimming), across questions, scored
//! together — one score per respondent, one Cronbach's α.

use super::{Definition, LikertItem, QuestionKind};

/// One scale: its statements from every question that names it, in survey order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    /// The id of the first question naming the scale: how results and charts refer to it.
    pub key: String,
    /// The scale's name as its first question writes it (trimmed).
    pub name: String,
    /// The first question's prompt.
    pub prompt: String,
    /// The ids of every question naming this scale, in survey order.
    pub questions: Vec<String>,
    /// Points of the first question (validation refuses a scale with two point counts).
    pub points: u8,
    /// (question id, statement) for every statement of the scale, in survey order.
    pub items: Vec<(String, LikertItem)>,
    /// Whether one of its questions marks it as the brand-fit scale.
    pub marked_brand_fit: bool,
    /// What the first question calls its lowest and highest points.
    pub low_label: String,
    pub high_label: String,
}

impl Definition {
    /// Every scale of the survey, in the order their first questions appear.
    pub fn scales(&self) -> Vec<Scale> {
        let mut scales: Vec<Scale> = Vec::new();
        for question in &self.questions {
            let QuestionKind::Likert {
                points,
                scale,
                items,
                brand_fit,
                low_label,
                high_label,
            } = &question.kind
            else {
                continue;
            };
            let name = scale.trim();
            let entry = match scales.iter_mut().position(|s| s.name == name) {
                Some(i) => &mut scales[i],
                None => {
                    scales.push(Scale {
                        key: question.id.clone(),
                        name: name.to_owned(),
                        prompt: question.prompt.clone(),
                        questions: Vec::new(),
                        points: *points,
                        items: Vec::new(),
                        marked_brand_fit: false,
                        low_label: low_label.clone(),
                        high_label: high_label.clone(),
                    });
                    scales.last_mut().expect("just pushed")
                }
            };
            entry.marked_brand_fit |= *brand_fit == Some(true);
            entry.questions.push(question.id.clone());
            entry
                .items
                .extend(items.iter().map(|i| (question.id.clone(), i.clone())));
        }
        scales
    }

    /// The brand-fit scale: the scale a question marks as such (validation allows one). Where
    /// no agreement question says either way (surveys saved before the choice existed, or sent
    /// through the API without it), the scale named “Brand fit”, the template's, is taken, so
    /// surveys made from the template read as they always did. `None` when neither applies.
    pub fn brand_fit_scale(&self) -> Option<Scale> {
        let unsaid = self.questions.iter().all(|q| {
            !matches!(
                q.kind,
                QuestionKind::Likert {
                    brand_fit: Some(_),
                    ..
                }
            )
        });
        let scales = self.scales();
        scales.into_iter().find(|s| {
            s.marked_brand_fit || (unsaid && s.name.eq_ignore_ascii_case(super::BRAND_FIT_SCALE))
        })
    }

    /// (question id, scale key) for every agreement question: how counts of answers are grouped
    /// into scales.
    pub fn scale_keys(&self) -> Vec<(String, String)> {
        self.scales()
            .into_iter()
            .flat_map(|s| {
                let key = s.key.clone();
                s.questions.into_iter().map(move |q| (q, key.clone()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::survey::{Definition, LikertItem, Question, QuestionKind};

    fn likert(id: &str, scale: &str, items: &[&str]) -> Question {
        Question {
            id: id.into(),
            prompt: format!("Prompt {id}"),
            short_name: String::new(),
            required: true,
            kind: QuestionKind::Likert {
                points: 5,
                scale: scale.into(),
                low_label: "No".into(),
                high_label: "Yes".into(),
                items: items
                    .iter()
                    .map(|i| LikertItem {
                        id: (*i).into(),
                        label: i.to_uppercase(),
                        reverse: false,
                    })
                    .collect(),
                brand_fit: None,
            },
        }
    }

    fn mark(question: &mut Question, fit: bool) {
        if let QuestionKind::Likert { brand_fit, .. } = &mut question.kind {
            *brand_fit = Some(fit);
        }
    }

    #[test]
    fn the_brand_fit_scale_is_the_one_marked_wherever_it_stands() {
        let mut definition = Definition {
            questions: vec![
                likert("expression", "Expression", &["a", "b"]),
                likert("fit_a", "Fit", &["c", "d"]),
                likert("fit_b", "Fit", &["e", "f"]),
            ],
        };
        assert_eq!(
            definition.brand_fit_scale(),
            None,
            "nothing marked, none named so"
        );
        mark(&mut definition.questions[2], true);
        let scale = definition.brand_fit_scale().unwrap();
        assert_eq!((scale.key.as_str(), scale.items.len()), ("fit_a", 4));
    }

    #[test]
    fn a_survey_from_before_the_mark_takes_the_scale_named_brand_fit() {
        let mut definition = Definition {
            questions: vec![
                likert("expression", "Expression", &["a", "b"]),
                likert("fit", "brand fit", &["c", "d"]),
            ],
        };
        assert_eq!(definition.brand_fit_scale().unwrap().key, "fit");
        // Once any question says, the name no longer counts: marked elsewhere …
        mark(&mut definition.questions[0], true);
        assert_eq!(definition.brand_fit_scale().unwrap().key, "expression");
        // … or unmarked, which leaves the survey without a brand-fit scale.
        mark(&mut definition.questions[0], false);
        mark(&mut definition.questions[1], false);
        assert_eq!(definition.brand_fit_scale(), None);
    }

    #[test]
    fn a_scale_spread_over_two_questions_is_one_scale() {
        let definition = Definition {
            questions: vec![
                likert("fit_a", "Fit", &["a", "b"]),
                likert("other", "Other", &["x", "y"]),
                likert("fit_b", " Fit ", &["a", "c"]),
            ],
        };
        let scales = definition.scales();
        assert_eq!(scales.len(), 2);
        assert_eq!(scales[0].key, "fit_a");
        assert_eq!(scales[0].questions, ["fit_a", "fit_b"]);
        let items: Vec<_> = scales[0]
            .items
            .iter()
            .map(|(q, i)| format!("{q}.{}", i.id))
            .collect();
        assert_eq!(items, ["fit_a.a", "fit_a.b", "fit_b.a", "fit_b.c"]);
        assert_eq!(
            definition.scale_keys(),
            [
                ("fit_a".to_owned(), "fit_a".to_owned()),
                ("fit_b".to_owned(), "fit_a".to_owned()),
                ("other".to_owned(), "other".to_owned()),
            ]
        );
    }
}

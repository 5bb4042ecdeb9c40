//! The columns of a survey's responses CSV, over every version answered. A question, item or
//! choice removed in a later version keeps its column, so earlier answers are never dropped; the
//! codebook says which versions had each column. Rankings are exported both ways: the place of
//! each item (`q.rank.<item>`) and the item in each place (`q.place<n>`, only as many places as
//! respondents could fill: top-k rankings get k).

use crate::storage::ExportedResponse;
use domain::survey::{Definition, QuestionKind};
use std::collections::BTreeSet;

/// One column of the responses CSV, as the codebook describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub question: String,
    pub description: String,
    /// (code, label) for coded columns.
    pub codes: Vec<(String, String)>,
    /// The survey versions that asked for this column.
    pub versions: Vec<i64>,
}

/// A ranking item, likert statement or choice, with the versions that offered it.
#[derive(Debug, Clone)]
struct Member {
    id: String,
    label: String,
    reverse: bool,
    versions: BTreeSet<i64>,
}

#[derive(Debug, Clone)]
enum Shape {
    Ranking {
        items: Vec<Member>,
        places: usize,
    },
    Likert {
        points: u8,
        low: String,
        high: String,
        items: Vec<Member>,
    },
    Overlap,
    Nps,
    SingleChoice {
        choices: Vec<Member>,
    },
    MultipleChoice {
        choices: Vec<Member>,
        other: BTreeSet<i64>,
    },
    Text,
}

impl Shape {
    /// Two versions of a question share columns only when they are of one type (and, for
    /// agreement scales, one number of points).
    fn kind(&self) -> (&'static str, u8) {
        match self {
            Shape::Ranking { .. } => ("ranking", 0),
            Shape::Likert { points, .. } => ("likert", *points),
            Shape::Overlap => ("overlap", 0),
            Shape::Nps => ("nps", 0),
            Shape::SingleChoice { .. } => ("single_choice", 0),
            Shape::MultipleChoice { .. } => ("multiple_choice", 0),
            Shape::Text => ("text", 0),
        }
    }
}

/// One question's columns.
#[derive(Debug, Clone)]
struct Block {
    /// The columns' prefix: the question id, or `<id>@v<n>` for an older version of a question
    /// whose type changed since.
    prefix: String,
    question: String,
    prompt: String,
    versions: BTreeSet<i64>,
    shape: Shape,
}

fn members<'a>(items: impl Iterator<Item = (&'a str, &'a str, bool)>, version: i64) -> Vec<Member> {
    items
        .map(|(id, label, reverse)| Member {
            id: id.to_owned(),
            label: label.to_owned(),
            reverse,
            versions: BTreeSet::from([version]),
        })
        .collect()
}

fn shape(kind: &QuestionKind, version: i64) -> Shape {
    let plain = |items: &[domain::survey::Item]| {
        members(
            items
                .iter()
                .map(|i| (i.id.as_str(), i.label.as_str(), false)),
            version,
        )
    };
    match kind {
        QuestionKind::Ranking { items, top_k } => Shape::Ranking {
            items: plain(items),
            places: top_k.map_or(items.len(), usize::from).min(items.len()),
        },
        QuestionKind::Likert {
            points,
            low_label,
            high_label,
            items,
            ..
        } => Shape::Likert {
            points: *points,
            low: low_label.clone(),
            high: high_label.clone(),
            items: members(
                items
                    .iter()
                    .map(|i| (i.id.as_str(), i.label.as_str(), i.reverse)),
                version,
            ),
        },
        QuestionKind::Overlap => Shape::Overlap,
        QuestionKind::Nps => Shape::Nps,
        QuestionKind::SingleChoice { choices, .. } => Shape::SingleChoice {
            choices: plain(choices),
        },
        QuestionKind::MultipleChoice { choices, other, .. } => Shape::MultipleChoice {
            choices: plain(choices),
            other: if *other {
                BTreeSet::from([version])
            } else {
                BTreeSet::new()
            },
        },
        QuestionKind::Text { .. } => Shape::Text,
    }
}

/// Adds an older version's members to the newer ones: known ids gain the version, new ones go
/// at the end.
fn merge_members(into: &mut Vec<Member>, older: Vec<Member>) {
    for member in older {
        match into.iter_mut().find(|m| m.id == member.id) {
            Some(known) => known.versions.extend(member.versions),
            None => into.push(member),
        }
    }
}

fn merge_shapes(into: &mut Shape, older: Shape) {
    match (into, older) {
        (
            Shape::Ranking { items, places },
            Shape::Ranking {
                items: old,
                places: old_places,
            },
        ) => {
            merge_members(items, old);
            *places = (*places).max(old_places);
        }
        (Shape::Likert { items, .. }, Shape::Likert { items: old, .. })
        | (Shape::SingleChoice { choices: items }, Shape::SingleChoice { choices: old }) => {
            merge_members(items, old)
        }
        (
            Shape::MultipleChoice { choices, other },
            Shape::MultipleChoice {
                choices: old,
                other: old_other,
            },
        ) => {
            merge_members(choices, old);
            other.extend(old_other);
        }
        _ => {}
    }
}

/// The export's columns over a set of survey versions.
#[derive(Debug, Clone)]
pub struct Layout {
    blocks: Vec<Block>,
}

impl Layout {
    /// Merges `versions` (number and questions, any order): questions in the newest version's
    /// order and wording, then questions only earlier versions had.
    pub fn of(versions: &[(i64, Definition)]) -> Self {
        let mut ordered: Vec<&(i64, Definition)> = versions.iter().collect();
        ordered.sort_by_key(|(v, _)| std::cmp::Reverse(*v));
        let mut blocks: Vec<Block> = Vec::new();
        for (version, definition) in ordered {
            for question in &definition.questions {
                let shape = shape(&question.kind, *version);
                let same = blocks
                    .iter_mut()
                    .find(|b| b.question == question.id && b.shape.kind() == shape.kind());
                match same {
                    Some(block) => {
                        block.versions.insert(*version);
                        merge_shapes(&mut block.shape, shape);
                    }
                    None => {
                        let taken = blocks.iter().any(|b| b.prefix == question.id);
                        blocks.push(Block {
                            prefix: if taken {
                                format!("{}@v{version}", question.id)
                            } else {
                                question.id.clone()
                            },
                            question: question.id.clone(),
                            prompt: question.prompt.clone(),
                            versions: BTreeSet::from([*version]),
                            shape,
                        });
                    }
                }
            }
        }
        Self { blocks }
    }

    /// Every column, in order: the response's id, time and version, then each question's.
    pub fn columns(&self) -> Vec<Column> {
        let all: Vec<i64> = self
            .blocks
            .iter()
            .flat_map(|b| b.versions.iter().copied())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let fixed = |name: &str, description: &str| Column {
            name: name.to_owned(),
            question: String::new(),
            description: description.to_owned(),
            codes: Vec::new(),
            versions: all.clone(),
        };
        let mut columns = vec![
            fixed("response_id", "Kindred's id of the response"),
            fixed("submitted_at", "When it was stored (UTC, ISO 8601)"),
            fixed("version", "The survey version answered"),
        ];
        for block in &self.blocks {
            block.columns(&mut columns);
        }
        columns
    }

    /// One response's cells, in the order of [`Layout::columns`], into `out` (cleared first, so
    /// one vector serves a whole export). A column its version did not have is left empty.
    pub fn cells<'r>(&self, response: &'r ExportedResponse, out: &mut Vec<Cell<'r>>) {
        out.clear();
        out.extend([
            Cell::Number(response.id),
            Cell::Time(response.submitted_at),
            Cell::Number(response.version),
        ]);
        for block in &self.blocks {
            block.cells(response, out);
        }
    }

    /// One response's cells as text, in the order of [`Layout::columns`].
    pub fn row(&self, response: &ExportedResponse) -> Vec<String> {
        let mut cells = Vec::new();
        self.cells(response, &mut cells);
        cells.iter().map(Cell::to_string).collect()
    }
}

/// One cell of a responses row, borrowed from the response it shows until it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'r> {
    Text(&'r str),
    Number(i64),
    /// Unix seconds, written as UTC ISO 8601 (`1970-01-01T00:00:00Z`).
    Time(i64),
}

impl Cell<'_> {
    const EMPTY: Cell<'static> = Cell::Text("");
}

impl std::fmt::Display for Cell<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::{Datelike, Timelike};
        match self {
            Cell::Text(text) => f.write_str(text),
            Cell::Number(n) => write!(f, "{n}"),
            Cell::Time(seconds) => match chrono::DateTime::from_timestamp(*seconds, 0) {
                Some(t) => write!(
                    f,
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                    t.year(),
                    t.month(),
                    t.day(),
                    t.hour(),
                    t.minute(),
                    t.second()
                ),
                None => Ok(()),
            },
        }
    }
}

fn overlap_codes() -> Vec<(String, String)> {
    (1..=7)
        .map(|p| (p.to_string(), domain::overlap::overlap_label(p).to_owned()))
        .collect()
}

impl Block {
    fn column(&self, name: String, description: String, codes: Vec<(String, String)>) -> Column {
        self.column_in(name, description, codes, &self.versions)
    }

    fn column_in(
        &self,
        name: String,
        description: String,
        codes: Vec<(String, String)>,
        versions: &BTreeSet<i64>,
    ) -> Column {
        Column {
            name,
            question: self.question.clone(),
            description,
            codes,
            versions: versions.iter().copied().collect(),
        }
    }

    fn columns(&self, out: &mut Vec<Column>) {
        let (id, prompt) = (self.prefix.as_str(), self.prompt.as_str());
        match &self.shape {
            Shape::Ranking { items, places } => {
                let place_codes: Vec<(String, String)> = (1..=*places)
                    .map(|p| (p.to_string(), format!("place {p}")))
                    .collect();
                for item in items {
                    out.push(self.column_in(
                        format!("{id}.rank.{}", item.id),
                        format!(
                            "{prompt} — place given to “{}” (1 = most important; empty = not ranked)",
                            item.label
                        ),
                        place_codes.clone(),
                        &item.versions,
                    ));
                }
                let codes: Vec<(String, String)> = items
                    .iter()
                    .map(|i| (i.id.clone(), i.label.clone()))
                    .collect();
                for p in 1..=*places {
                    out.push(self.column(
                        format!("{id}.place{p}"),
                        format!("{prompt} — the item ranked in place {p}"),
                        codes.clone(),
                    ));
                }
            }
            Shape::Likert {
                points,
                low,
                high,
                items,
            } => {
                let codes: Vec<(String, String)> = (1..=*points)
                    .map(|p| {
                        let label = match p {
                            1 => low.clone(),
                            p if p == *points => high.clone(),
                            _ => String::new(),
                        };
                        (p.to_string(), label)
                    })
                    .collect();
                for item in items {
                    let reverse = if item.reverse {
                        " (reverse-keyed: stored as answered)"
                    } else {
                        ""
                    };
                    out.push(self.column_in(
                        format!("{id}.{}", item.id),
                        format!("{prompt} — “{}”{reverse}", item.label),
                        codes.clone(),
                        &item.versions,
                    ));
                }
            }
            Shape::Overlap => out.push(self.column(
                id.into(),
                format!("{prompt} (1 = apart … 7 = almost one)"),
                overlap_codes(),
            )),
            Shape::Nps => out.push(self.column(id.into(), format!("{prompt} (0–10)"), Vec::new())),
            Shape::SingleChoice { choices } => out.push(
                self.column(
                    id.into(),
                    prompt.to_owned(),
                    choices
                        .iter()
                        .map(|c| (c.id.clone(), c.label.clone()))
                        .collect(),
                ),
            ),
            Shape::MultipleChoice { choices, other } => {
                for c in choices {
                    out.push(self.column_in(
                        format!("{id}.{}", c.id),
                        format!("{prompt} — chose “{}”", c.label),
                        vec![
                            ("1".into(), "chosen".into()),
                            ("0".into(), "not chosen".into()),
                        ],
                        &c.versions,
                    ));
                }
                if !other.is_empty() {
                    out.push(self.column_in(
                        format!("{id}.other"),
                        format!("{prompt} — the text of “Other”"),
                        Vec::new(),
                        other,
                    ));
                }
            }
            Shape::Text => out.push(self.column(id.into(), prompt.to_owned(), Vec::new())),
        }
    }

    fn cells<'r>(&self, response: &'r ExportedResponse, out: &mut Vec<Cell<'r>>) {
        let version = response.version;
        let asked = self.versions.contains(&version);
        let q = self.question.as_str();
        let answers = &response.answers;
        // A cell of a column this response's version had; empty otherwise.
        let cell = |had: bool, value: Option<Cell<'r>>| {
            if asked && had {
                value.unwrap_or(Cell::EMPTY)
            } else {
                Cell::EMPTY
            }
        };
        let value = |item: &str| {
            answers
                .values
                .iter()
                .find(|(qq, i, _)| qq == q && i == item)
                .map(|(_, _, v)| Cell::Number(*v))
        };
        match &self.shape {
            Shape::Ranking { items, places } => {
                for item in items {
                    let rank = answers
                        .ranks
                        .iter()
                        .find(|(qq, i, _)| qq == q && *i == item.id)
                        .map(|(_, _, r)| Cell::Number(*r));
                    out.push(cell(item.versions.contains(&version), rank));
                }
                for p in 1..=*places as i64 {
                    let item = answers
                        .ranks
                        .iter()
                        .find(|(qq, _, r)| qq == q && *r == p)
                        .map(|(_, i, _)| Cell::Text(i));
                    out.push(cell(true, item));
                }
            }
            Shape::Likert { items, .. } => {
                for item in items {
                    out.push(cell(item.versions.contains(&version), value(&item.id)));
                }
            }
            Shape::Overlap | Shape::Nps => out.push(cell(true, value(""))),
            Shape::SingleChoice { .. } => {
                let chosen = answers
                    .choices
                    .iter()
                    .find(|(qq, _, _)| qq == q)
                    .map(|(_, c, _)| Cell::Text(c));
                out.push(cell(true, chosen));
            }
            Shape::MultipleChoice { choices, other } => {
                let answered = answers.choices.iter().any(|(qq, _, _)| qq == q);
                for c in choices {
                    let chosen = answers
                        .choices
                        .iter()
                        .any(|(qq, cc, _)| qq == q && *cc == c.id);
                    let mark = answered.then_some(Cell::Text(if chosen { "1" } else { "0" }));
                    out.push(cell(c.versions.contains(&version), mark));
                }
                if !other.is_empty() {
                    let text = answers
                        .choices
                        .iter()
                        .find(|(qq, cc, _)| qq == q && cc == "other")
                        .and_then(|(_, _, t)| t.as_deref())
                        .map(Cell::Text);
                    out.push(cell(other.contains(&version), text));
                }
            }
            Shape::Text => {
                let text = answers
                    .texts
                    .iter()
                    .find(|(qq, _)| qq == q)
                    .map(|(_, t)| Cell::Text(t));
                out.push(cell(true, text));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::StoredAnswers;
    use domain::survey::{Item, Question};

    fn choice_question(id: &str, choices: &[&str], multiple: bool) -> Question {
        let choices = choices
            .iter()
            .map(|c| Item {
                id: (*c).into(),
                label: c.to_uppercase(),
            })
            .collect();
        Question {
            id: id.into(),
            prompt: "Coffee?".into(),
            short_name: String::new(),
            required: false,
            kind: if multiple {
                QuestionKind::MultipleChoice {
                    choices,
                    other: false,
                    segment: false,
                }
            } else {
                QuestionKind::SingleChoice {
                    choices,
                    segment: false,
                }
            },
        }
    }

    fn ranking(id: &str, items: &[&str], top_k: Option<u8>) -> Question {
        Question {
            id: id.into(),
            prompt: "Rank".into(),
            short_name: String::new(),
            required: false,
            kind: QuestionKind::Ranking {
                items: items
                    .iter()
                    .map(|i| Item {
                        id: (*i).into(),
                        label: i.to_uppercase(),
                    })
                    .collect(),
                top_k,
            },
        }
    }

    fn at(layout: &Layout, cells: &[String], name: &str) -> String {
        let names: Vec<String> = layout.columns().into_iter().map(|c| c.name).collect();
        let i = names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("no column {name} in {names:?}"));
        cells[i].clone()
    }

    #[test]
    fn a_choice_removed_in_a_later_version_keeps_its_column_and_answers() {
        let v1 = Definition {
            questions: vec![choice_question(
                "coffee",
                &["turkish", "espresso", "filter"],
                true,
            )],
        };
        let v2 = Definition {
            questions: vec![choice_question("coffee", &["turkish", "filter"], true)],
        };
        let layout = Layout::of(&[(1, v1), (2, v2)]);
        let answered = ExportedResponse {
            id: 1,
            version: 1,
            answers: StoredAnswers {
                choices: vec![("coffee".into(), "espresso".into(), None)],
                ..Default::default()
            },
            ..Default::default()
        };
        let cells = layout.row(&answered);
        assert_eq!(at(&layout, &cells, "coffee.espresso"), "1");
        assert_eq!(at(&layout, &cells, "coffee.turkish"), "0");
        let espresso = layout
            .columns()
            .into_iter()
            .find(|c| c.name == "coffee.espresso")
            .unwrap();
        assert_eq!(
            espresso.versions,
            vec![1],
            "the codebook says which versions had it"
        );
        // A version-2 respondent could not choose espresso: empty, not "not chosen".
        let later = ExportedResponse {
            id: 2,
            version: 2,
            answers: StoredAnswers {
                choices: vec![("coffee".into(), "filter".into(), None)],
                ..Default::default()
            },
            ..Default::default()
        };
        let cells = layout.row(&later);
        assert_eq!(at(&layout, &cells, "coffee.espresso"), "");
        assert_eq!(at(&layout, &cells, "coffee.filter"), "1");
    }

    #[test]
    fn a_ranking_item_removed_later_keeps_its_rank_column() {
        let v1 = Definition {
            questions: vec![ranking("r", &["a", "b", "c"], None)],
        };
        let v2 = Definition {
            questions: vec![ranking("r", &["a", "c"], None)],
        };
        let layout = Layout::of(&[(2, v2), (1, v1)]);
        let response = ExportedResponse {
            id: 1,
            version: 1,
            answers: StoredAnswers {
                ranks: vec![
                    ("r".into(), "b".into(), 1),
                    ("r".into(), "a".into(), 2),
                    ("r".into(), "c".into(), 3),
                ],
                ..Default::default()
            },
            ..Default::default()
        };
        let cells = layout.row(&response);
        assert_eq!(at(&layout, &cells, "r.rank.b"), "1");
        assert_eq!(at(&layout, &cells, "r.place3"), "c");
    }

    #[test]
    fn a_top_k_ranking_exports_only_the_places_people_could_fill() {
        let v1 = Definition {
            questions: vec![ranking("r", &["a", "b", "c", "d"], Some(2))],
        };
        let layout = Layout::of(&[(1, v1)]);
        let names: Vec<String> = layout.columns().into_iter().map(|c| c.name).collect();
        assert!(names.contains(&"r.place2".to_owned()));
        assert!(!names.contains(&"r.place3".to_owned()), "{names:?}");
        let rank = layout
            .columns()
            .into_iter()
            .find(|c| c.name == "r.rank.a")
            .unwrap();
        assert_eq!(rank.codes.len(), 2);
    }

    #[test]
    fn a_question_whose_type_changed_keeps_the_old_answers_apart() {
        let v1 = Definition {
            questions: vec![choice_question("coffee", &["tea", "milk"], false)],
        };
        let v2 = Definition {
            questions: vec![choice_question("coffee", &["tea", "milk"], true)],
        };
        let layout = Layout::of(&[(1, v1), (2, v2)]);
        let response = ExportedResponse {
            id: 1,
            version: 1,
            answers: StoredAnswers {
                choices: vec![("coffee".into(), "milk".into(), None)],
                ..Default::default()
            },
            ..Default::default()
        };
        let cells = layout.row(&response);
        assert_eq!(at(&layout, &cells, "coffee@v1"), "milk");
        assert_eq!(at(&layout, &cells, "coffee.milk"), "");
        assert_eq!(cells.len(), layout.columns().len());
    }

    #[test]
    fn a_ranking_is_exported_both_ways() {
        let definition = domain::survey::why_members_join("F");
        let layout = Layout::of(&[(1, definition)]);
        let response = ExportedResponse {
            id: 7,
            submitted_at: 0,
            version: 1,
            answers: StoredAnswers {
                ranks: vec![
                    ("reasons".into(), "connections".into(), 1),
                    ("reasons".into(), "identity".into(), 2),
                    ("reasons".into(), "community".into(), 3),
                ],
                texts: vec![("says_about_you".into(), "=cmd()".into())],
                ..Default::default()
            },
        };
        let cells = layout.row(&response);
        assert_eq!(at(&layout, &cells, "reasons.rank.identity"), "2");
        assert_eq!(at(&layout, &cells, "reasons.place1"), "connections");
        assert_eq!(
            at(&layout, &cells, "says_about_you"),
            "=cmd()",
            "protected on writing"
        );
        assert_eq!(at(&layout, &cells, "submitted_at"), "1970-01-01T00:00:00Z");
        assert_eq!(cells.len(), layout.columns().len());
    }
}

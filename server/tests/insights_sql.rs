//! The dashboard's sufficient statistics from SQL equal the same counts computed from the raw
//! responses, on both databases, with and without filters — for randomly generated responses.

mod support;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value, json};
use server::backend::{Kindred, Policy};
use server::storage::{CountShape, ResponseFilter, Store, SufficientStats};
use std::collections::BTreeMap;
use std::sync::Arc;

const BRAND_FIT: [&str; 6] = [
    "reflects_me",
    "identify",
    "personal_connection",
    "shows_others",
    "who_i_want_to_be",
    "suits_me",
];
const EXPRESSION: [&str; 3] = ["say_love", "share_posts", "wear_display"];
const MEMBER_TYPES: [&str; 5] = ["member", "volunteer", "staff", "supporter", "other"];
const YEARS: [&str; 5] = ["under_1", "1_2", "3_5", "6_10", "over_10"];

fn random_answers(rng: &mut StdRng) -> Map<String, Value> {
    let mut reasons = vec!["identity", "connections", "community"];
    reasons.shuffle(rng);
    let mut answers = Map::new();
    answers.insert("reasons".into(), json!(reasons));
    let fit: Map<String, Value> = BRAND_FIT
        .iter()
        .map(|i| ((*i).to_owned(), json!(rng.random_range(1..=7))))
        .collect();
    answers.insert("brand_fit".into(), Value::Object(fit));
    answers.insert("overlap".into(), json!(rng.random_range(1..=7)));
    // The optional scale: any subset of its statements.
    let mut expression = Map::new();
    for item in EXPRESSION {
        if rng.random_bool(0.7) {
            expression.insert(item.to_owned(), json!(rng.random_range(1..=7)));
        }
    }
    if !expression.is_empty() {
        answers.insert("expression".into(), Value::Object(expression));
    }
    answers.insert("nps".into(), json!(rng.random_range(0..=10)));
    answers.insert(
        "member_type".into(),
        json!(MEMBER_TYPES[rng.random_range(0..5)]),
    );
    answers.insert("years".into(), json!(YEARS[rng.random_range(0..5)]));
    answers
}

/// The same statistics, counted from the answers as submitted.
fn from_raw(responses: &[Map<String, Value>], filter: &ResponseFilter) -> SufficientStats {
    let mut stats = SufficientStats::default();
    let mut ranking: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut likert: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut values: BTreeMap<(String, i64), i64> = BTreeMap::new();
    let mut choices: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut motive_likert: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    let mut motive_values: BTreeMap<(String, String, i64), i64> = BTreeMap::new();
    for answers in responses.iter().filter(|a| {
        filter
            .segments
            .iter()
            .all(|(q, c)| a.get(q).and_then(Value::as_str) == Some(c))
    }) {
        stats.responses += 1;
        let order: Vec<&str> = answers["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        *ranking
            .entry(("reasons".into(), order.join(",")))
            .or_default() += 1;
        let first = order[0].to_owned();
        for q in ["brand_fit", "expression"] {
            if let Some(points) = answers.get(q).and_then(Value::as_object) {
                let pattern: Vec<String> =
                    points.iter().map(|(k, v)| format!("{q}.{k}:{v}")).collect();
                *likert.entry((q.into(), pattern.join(","))).or_default() += 1;
                *motive_likert
                    .entry((first.clone(), q.into(), pattern.join(",")))
                    .or_default() += 1;
            }
        }
        for q in ["overlap", "nps"] {
            *values
                .entry((q.into(), answers[q].as_i64().unwrap()))
                .or_default() += 1;
            *motive_values
                .entry((first.clone(), q.into(), answers[q].as_i64().unwrap()))
                .or_default() += 1;
        }
        for q in ["member_type", "years"] {
            *choices
                .entry((q.into(), answers[q].as_str().unwrap().into()))
                .or_default() += 1;
        }
    }
    stats.ranking_patterns = ranking.into_iter().map(|((q, p), n)| (q, p, n)).collect();
    stats.likert_patterns = likert.into_iter().map(|((q, p), n)| (q, p, n)).collect();
    stats.values = values.into_iter().map(|((q, v), n)| (q, v, n)).collect();
    stats.choices = choices.into_iter().map(|((q, c), n)| (q, c, n)).collect();
    // Both choice questions are single choice and answered by everyone.
    if stats.responses > 0 {
        stats.choice_answered = vec![
            ("member_type".into(), stats.responses),
            ("years".into(), stats.responses),
        ];
    }
    stats.motive_likert = motive_likert
        .into_iter()
        .map(|((r, q, p), n)| (r, q, p, n))
        .collect();
    stats.motive_values = motive_values
        .into_iter()
        .map(|((r, q, v), n)| (r, q, v, n))
        .collect();
    stats
}

/// A scale's answer vector with its `question.item:value` pairs in one order, whatever order the
/// database's collation put them in.
fn canonical(pattern: &str) -> String {
    let mut pairs: Vec<&str> = pattern.split(',').collect();
    pairs.sort_unstable();
    pairs.join(",")
}

fn sorted(mut stats: SufficientStats) -> SufficientStats {
    stats.ranking_patterns.sort();
    for (_, pattern, _) in &mut stats.likert_patterns {
        *pattern = canonical(pattern);
    }
    for (_, _, pattern, _) in &mut stats.motive_likert {
        *pattern = canonical(pattern);
    }
    stats.likert_patterns.sort();
    stats.values.sort();
    stats.choices.sort();
    stats.choice_answered.sort();
    stats.motive_likert.sort();
    stats.motive_values.sort();
    stats.weeks.clear();
    stats
}

async fn sql_statistics_equal_a_count_of_the_raw_responses(store: Arc<dyn Store>) {
    let kindred = Kindred::new(store.clone(), Policy::default());
    let (_, survey) = support::backend::published_template(&kindred).await;
    // Each agreement question is a scale of its own in the template.
    let scales = vec![
        ("brand_fit".to_owned(), "brand_fit".to_owned()),
        ("expression".to_owned(), "expression".to_owned()),
    ];
    let motive = CountShape {
        motive: Some("reasons".into()),
        scales: scales.clone(),
    };
    let plain = CountShape {
        motive: None,
        scales,
    };
    for seed in [7_u64, 2026] {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut submitted = Vec::new();
        let before = store.response_totals(survey.id).await.unwrap().responses;
        let (mark, _) = store.last_response_id(survey.id).await.unwrap();
        for _ in 0..80 {
            let answers = random_answers(&mut rng);
            support::backend::submit(&kindred, &survey.slug, Value::Object(answers.clone())).await;
            submitted.push(answers);
        }
        assert_eq!(
            store.response_totals(survey.id).await.unwrap().responses,
            before + 80
        );
        // Compare this round's responses only: filter to a time window would not separate them,
        // so the first round is compared alone and the second against both rounds together.
        if seed == 7 {
            for filter in [
                ResponseFilter::default(),
                ResponseFilter {
                    segments: vec![("member_type".into(), "volunteer".into())],
                    ..Default::default()
                },
                ResponseFilter {
                    segments: vec![
                        ("member_type".into(), "staff".into()),
                        ("years".into(), "3_5".into()),
                    ],
                    ..Default::default()
                },
            ] {
                let sql = sorted(
                    store
                        .sufficient_stats(survey.id, &filter, &motive)
                        .await
                        .unwrap(),
                );
                assert_eq!(
                    sql,
                    sorted(from_raw(&submitted, &filter)),
                    "filter {filter:?}"
                );
            }
            // Split by a segment in one go: each group equals the raw count for that choice,
            // within another segment's filter too.
            let volunteers = ResponseFilter {
                segments: vec![("member_type".into(), "volunteer".into())],
                ..Default::default()
            };
            for base in [ResponseFilter::default(), volunteers] {
                let groups = store
                    .segment_stats(survey.id, &base, "years", &motive)
                    .await
                    .unwrap();
                let mut total = 0;
                for years in YEARS {
                    let mut filter = base.clone();
                    filter.segments.push(("years".into(), years.into()));
                    let mut expected = sorted(from_raw(&submitted, &filter));
                    expected.motive_likert.clear();
                    expected.motive_values.clear();
                    let group = groups.get(years).cloned().unwrap_or_default();
                    total += group.responses;
                    assert_eq!(sorted(group), expected, "years {years} within {base:?}");
                }
                assert_eq!(total, from_raw(&submitted, &base).responses);
            }
            let all = store
                .sufficient_stats(survey.id, &ResponseFilter::default(), &plain)
                .await
                .unwrap();
            assert_eq!(all.weeks.iter().map(|(_, n)| n).sum::<i64>(), 80);
            let future = ResponseFilter {
                from: Some(4_000_000_000),
                ..Default::default()
            };
            assert_eq!(
                store
                    .sufficient_stats(survey.id, &future, &plain)
                    .await
                    .unwrap()
                    .responses,
                0
            );
        } else {
            // The responses stored after a mark are counted on their own, and the counts before
            // and after it add up to the counts of all.
            let since = ResponseFilter {
                after_id: Some(mark),
                ..Default::default()
            };
            let (last, _) = store.last_response_id(survey.id).await.unwrap();
            assert!(last > mark);
            let newer = store
                .sufficient_stats(survey.id, &since, &motive)
                .await
                .unwrap();
            assert_eq!(
                sorted(newer.clone()),
                sorted(from_raw(&submitted, &ResponseFilter::default()))
            );
            let mut merged = store
                .sufficient_stats(
                    survey.id,
                    &ResponseFilter {
                        up_to_id: Some(mark),
                        ..Default::default()
                    },
                    &motive,
                )
                .await
                .unwrap();
            assert_eq!(merged.responses, 80);
            merged.merge(newer);
            let all = store
                .sufficient_stats(survey.id, &ResponseFilter::default(), &motive)
                .await
                .unwrap();
            assert_eq!(merged.responses, 160);
            assert_eq!(merged.weeks, all.weeks);
            assert_eq!(sorted(merged), sorted(all));
        }
    }
}

on_every_database!(sql_statistics_equal_a_count_of_the_raw_responses);

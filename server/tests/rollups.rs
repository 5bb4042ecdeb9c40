//! Rollups equal a full recompute from the stored answers, on both databases: for random
//! responses over several days and two versions of the survey, with random segment and date
//! filters, before and after folding, after `kindred rollups rebuild`, and for rollups kept
//! before span rows existed (migration 0013) both before and after their spans are computed.

mod support;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value, json};
use server::backend::{Kindred, Policy};
use server::storage::postgres::PgStore;
use server::storage::sqlite::SqliteStore;
use server::storage::{DAY_SECONDS, ResponseFilter, Store, SufficientStats};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

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
const SEGMENTS: [(&str, &[&str]); 2] = [("member_type", &MEMBER_TYPES), ("years", &YEARS)];
/// Version 2 drops this statement of the optional scale (and reverses a brand-fit one).
const DROPPED: &str = "wear_display";

fn random_answers(rng: &mut StdRng, version: i64) -> Map<String, Value> {
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
        if rng.random_bool(0.7) && !(version == 2 && item == DROPPED) {
            expression.insert(item.to_owned(), json!(rng.random_range(1..=7)));
        }
    }
    if !expression.is_empty() {
        answers.insert("expression".into(), Value::Object(expression));
    }
    answers.insert("nps".into(), json!(rng.random_range(0..=10)));
    for (segment, choices) in SEGMENTS {
        answers.insert(segment.into(), json!(choices[rng.random_range(0..5)]));
    }
    answers
}

/// A random filter: segment choices (none, one or two) and perhaps a range of days.
fn random_filter(rng: &mut StdRng, first_day: i64, days: i64) -> ResponseFilter {
    let mut filter = ResponseFilter::default();
    for (segment, choices) in SEGMENTS {
        if rng.random_bool(0.4) {
            filter
                .segments
                .push((segment.into(), choices[rng.random_range(0..5)].into()));
        }
    }
    if rng.random_bool(0.5) {
        let from = first_day + rng.random_range(-1..days);
        let to = from + rng.random_range(1..=days);
        filter.from = rng.random_bool(0.8).then_some(from * DAY_SECONDS);
        filter.to = rng.random_bool(0.8).then_some(to * DAY_SECONDS);
    }
    filter
}

/// Independent of the rollup code: counts read straight off the answers as submitted.
fn submitted_counts(submitted: &[Map<String, Value>]) -> SufficientStats {
    let mut stats = SufficientStats::default();
    for answers in submitted {
        stats.responses += 1;
        let order: Vec<String> = answers["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_owned())
            .collect();
        stats.add_order("reasons", order);
        for question in ["overlap", "nps"] {
            stats.add_value(question, answers[question].as_i64().unwrap());
        }
        for (segment, _) in SEGMENTS {
            if let Some(choice) = answers.get(segment) {
                stats.add_choice(segment, choice.as_str().unwrap());
                stats.add_choice_answered(segment);
            }
        }
    }
    stats
}

/// `forget_spans` puts the database back as migration 0013 leaves rollups written before it: day
/// rows without span rows, the survey waiting for its spans.
async fn rollups_equal_a_full_recompute(store: Arc<dyn Store>, forget_spans: impl AsyncFn()) {
    // 2026-11-02, a Monday.
    let first_day = 20_394;
    let clock = Arc::new(AtomicI64::new(first_day * DAY_SECONDS));
    let kindred = Kindred::with_clock(store.clone(), Policy::default(), {
        let clock = clock.clone();
        Arc::new(move || clock.load(Ordering::SeqCst))
    });
    let (owner, survey) = support::backend::published_template(&kindred).await;
    let mut rng = StdRng::seed_from_u64(2026);
    let mut submitted = Vec::new();
    // Enough days for spans of 4 and 16 days inside and across the filters' ranges.
    let days = 40;
    for n in 0..240 {
        if n == 120 {
            // Version 2: one statement dropped, one reversed.
            let detail = app::backend::Surveys::survey(&kindred, &owner, survey.id)
                .await
                .unwrap();
            let mut definition = detail.draft.clone();
            for question in &mut definition.questions {
                if let domain::survey::QuestionKind::Likert { items, .. } = &mut question.kind {
                    items.retain(|i| i.id != DROPPED);
                    for item in items.iter_mut().filter(|i| i.id == "shows_others") {
                        item.reverse = true;
                    }
                }
            }
            app::backend::Surveys::save_survey(
                &kindred,
                &owner,
                survey.id,
                &survey.title,
                definition,
            )
            .await
            .unwrap();
            app::backend::Surveys::publish_survey(&kindred, &owner, survey.id)
                .await
                .unwrap();
        }
        let version = if n < 120 { 1 } else { 2 };
        clock.store(
            (first_day + rng.random_range(0..days)) * DAY_SECONDS
                + rng.random_range(0..DAY_SECONDS),
            Ordering::SeqCst,
        );
        let answers = random_answers(&mut rng, version);
        support::backend::submit_version(
            &kindred,
            &survey.slug,
            version,
            Value::Object(answers.clone()),
        )
        .await;
        submitted.push(answers);
        if n % 50 == 49 {
            kindred.fold_rollups().await.unwrap();
        }
    }

    let responses = support::rollups::stored(&store, survey.id).await;
    assert_eq!(responses.len(), 240);
    let segments: Vec<String> = SEGMENTS.iter().map(|(s, _)| (*s).to_owned()).collect();
    let everything = kindred
        .view_counts(survey.id, &ResponseFilter::default(), &segments)
        .await
        .unwrap();
    // Against the answers as submitted, without the rollup code.
    let expected = submitted_counts(&submitted);
    assert_eq!(everything.whole.responses, 240);
    assert_eq!(everything.whole.ranking_orders, expected.ranking_orders);
    assert_eq!(everything.whole.values, expected.values);
    assert_eq!(everything.whole.choices, expected.choices);
    assert_eq!(everything.whole.choice_answered, expected.choice_answered);
    assert_eq!(everything.whole.days.values().sum::<i64>(), 240);

    let mut filters = vec![ResponseFilter::default()];
    filters.extend((0..40).map(|_| random_filter(&mut rng, first_day, days)));
    let check = |stage: &'static str| {
        let kindred = &kindred;
        let responses = &responses;
        let filters = &filters;
        let segments = &segments;
        async move {
            for filter in filters {
                let rolled = kindred
                    .view_counts(survey.id, filter, segments)
                    .await
                    .unwrap();
                let full =
                    support::rollups::recompute(kindred, responses, survey.id, filter, segments)
                        .await;
                assert_eq!(rolled, full, "{stage}: filter {filter:?}");
            }
        }
    };
    check("with deltas not yet folded").await;
    kindred.fold_rollups().await.unwrap();
    check("folded").await;
    assert_eq!(kindred.rebuild_rollups(survey.id).await.unwrap(), 240);
    check("rebuilt").await;
    forget_spans().await;
    check("spans not yet computed").await;
    kindred.fold_rollups().await.unwrap();
    check("spans computed from the day rows").await;
    // Both versions' brand-fit answers are counted, each read by the statements it asked.
    let fit = &everything.whole.scales["brand_fit"];
    assert_eq!(fit.complete.len(), 2, "one form per version");
    assert_eq!(fit.complete.values().map(|s| s.n).sum::<i64>(), 240);
}

/// What migration 0013 does to rollups kept before it, over either database's pool.
macro_rules! forget_spans {
    ($pool:expr) => {
        async || {
            for sql in [
                "DELETE FROM rollup_spans",
                "INSERT INTO rollup_spans_pending (survey_id) SELECT DISTINCT survey_id FROM rollup_days",
            ] {
                sqlx::query(sql).execute($pool).await.unwrap();
            }
        }
    };
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rollups_equal_a_full_recompute_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::connect(&format!("sqlite://{}/k.db", dir.path().display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let pool = store.pool().clone();
    rollups_equal_a_full_recompute(Arc::new(store), forget_spans!(&pool)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "runs on PostgreSQL: set KINDRED_TEST_POSTGRES_URL and pass --include-ignored"]
async fn rollups_equal_a_full_recompute_on_postgres() {
    let (url, schema) = support::postgres_schema("t_rollups");
    let store = PgStore::connect_in_schema(&url, &schema).await.unwrap();
    store.migrate().await.unwrap();
    let pool = store.pool().clone();
    rollups_equal_a_full_recompute(Arc::new(store), forget_spans!(&pool)).await;
    support::drop_schema(&pool, &schema).await;
}

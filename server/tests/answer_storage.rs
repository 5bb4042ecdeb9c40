//! A response's answers live in its own row (one JSON column, migration 0012): responses stored
//! in the four answer tables of earlier releases come through the migration whole, and reads that
//! filter by segment choice — exports and open answers — find exactly the responses that chose
//! it, however sparse, across pages.

mod support;

use server::backend::{Kindred, Policy};
use server::storage::{
    ExportedResponse, ResponseFilter, Store, postgres::PgStore, sqlite::SqliteStore,
};
use std::sync::Arc;
use support::backend::{published_template, submit};

/// The last migration before answers moved into the response row.
const BEFORE_ANSWERS_COLUMN: i64 = 11;

/// Writes one response the way releases before migration 0012 stored it, over either database's
/// pool (the statements are the same); returns its id.
macro_rules! store_in_answer_tables {
    ($pool:expr, $survey_id:expr) => {{
        let pool = $pool;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO responses (survey_id, version, submitted_at) VALUES ($1, 1, 1764547200) RETURNING id",
        )
        .bind($survey_id)
        .fetch_one(pool)
        .await
        .unwrap();
        for (item, rank) in [("identity", 1), ("connections", 2), ("community", 3)] {
            sqlx::query("INSERT INTO answer_ranks VALUES ($1, 'reasons', $2, $3)")
                .bind(id)
                .bind(item)
                .bind(rank)
                .execute(pool)
                .await
                .unwrap();
        }
        for (question, item, value) in OLD_VALUES {
            sqlx::query("INSERT INTO answer_values VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(question)
                .bind(item)
                .bind(value)
                .execute(pool)
                .await
                .unwrap();
        }
        for (question, choice) in [("member_type", "volunteer"), ("years", "3_5")] {
            sqlx::query("INSERT INTO answer_choices VALUES ($1, $2, $3, NULL)")
                .bind(id)
                .bind(question)
                .bind(choice)
                .execute(pool)
                .await
                .unwrap();
        }
        sqlx::query("INSERT INTO answer_texts VALUES ($1, 'says_about_you', $2)")
            .bind(id)
            .bind(OLD_TEXT)
            .execute(pool)
            .await
            .unwrap();
        id
    }};
}

const OLD_VALUES: [(&str, &str, i64); 8] = [
    ("brand_fit", "reflects_me", 6),
    ("brand_fit", "identify", 7),
    ("brand_fit", "personal_connection", 5),
    ("brand_fit", "shows_others", 4),
    ("brand_fit", "who_i_want_to_be", 5),
    ("brand_fit", "suits_me", 6),
    ("overlap", "", 5),
    ("nps", "", 9),
];
/// Quotes, a comma, a line break and letters outside ASCII: what JSON must escape or keep.
const OLD_TEXT: &str = "We \"care\", deeply,\nfor the Ørsted park — 公园";

/// Migrates a database holding responses in the old tables and checks each comes back whole,
/// counted by a rollup rebuild.
async fn answers_move_into_their_rows(store: Arc<dyn Store>, old_response: i64, survey_id: i64) {
    store.migrate().await.expect("migration 0012 runs");
    let page = store
        .export_page(survey_id, &ResponseFilter::default(), 0, 10)
        .await
        .unwrap();
    assert_eq!(page.len(), 1);
    let response = &page[0];
    assert_eq!((response.id, response.version), (old_response, 1));
    let mut ranks = response.answers.ranks.clone();
    ranks.sort_by_key(|r| r.2);
    assert_eq!(
        ranks,
        [("identity", 1), ("connections", 2), ("community", 3)].map(|(item, rank)| (
            "reasons".to_owned(),
            item.to_owned(),
            rank
        ))
    );
    let mut values = response.answers.values.clone();
    values.sort();
    let mut expected: Vec<_> = OLD_VALUES
        .iter()
        .map(|(q, i, v)| ((*q).to_owned(), (*i).to_owned(), *v))
        .collect();
    expected.sort();
    assert_eq!(values, expected);
    let mut choices = response.answers.choices.clone();
    choices.sort();
    assert_eq!(
        choices,
        [
            ("member_type".to_owned(), "volunteer".to_owned(), None),
            ("years".to_owned(), "3_5".to_owned(), None)
        ]
    );
    assert_eq!(
        response.answers.texts,
        [("says_about_you".to_owned(), OLD_TEXT.to_owned())]
    );
    assert_eq!(
        store.response_totals(survey_id).await.unwrap().answer_rows,
        14
    );
    // Found by its segment choice however the migration wrote the row's JSON (PostgreSQL's
    // `json_build_array` puts a space after each comma).
    let volunteers = ResponseFilter {
        segments: vec![("member_type".into(), "volunteer".into())],
        ..ResponseFilter::default()
    };
    let filtered = store
        .export_page(survey_id, &volunteers, 0, 10)
        .await
        .unwrap();
    assert_eq!(
        filtered.len(),
        1,
        "a migrated row found by its segment choice"
    );
    let kindred = Kindred::new(store, Policy::default());
    assert_eq!(kindred.rebuild_rollups(survey_id).await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_stored_in_the_old_tables_move_into_their_rows_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::connect(&format!("sqlite://{}/old.db", dir.path().display()))
        .await
        .unwrap();
    sqlx::migrate!("../migrations/sqlite")
        .run_to(BEFORE_ANSWERS_COLUMN, store.pool())
        .await
        .unwrap();
    let pool = store.pool().clone();
    let store: Arc<dyn Store> = Arc::new(store);
    let (_, survey) = published_template(&Kindred::new(store.clone(), Policy::default())).await;
    let old = store_in_answer_tables!(&pool, survey.id);
    answers_move_into_their_rows(store, old, survey.id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "runs on PostgreSQL: set KINDRED_TEST_POSTGRES_URL and pass --include-ignored"]
async fn answers_stored_in_the_old_tables_move_into_their_rows_on_postgres() {
    let (url, schema) = support::postgres_schema("t_migrate");
    let store = PgStore::connect_in_schema(&url, &schema).await.unwrap();
    sqlx::migrate!("../migrations/postgres")
        .run_to(BEFORE_ANSWERS_COLUMN, store.pool())
        .await
        .unwrap();
    let pool = store.pool().clone();
    let store: Arc<dyn Store> = Arc::new(store);
    let (_, survey) = published_template(&Kindred::new(store.clone(), Policy::default())).await;
    let old = store_in_answer_tables!(&pool, survey.id);
    answers_move_into_their_rows(store, old, survey.id).await;
    support::drop_schema(&pool, &schema).await;
}

/// One volunteer in seven among 40 responses: a filtered export read two responses a page, and
/// the open answers of volunteers, newest first.
async fn segment_filters_find_sparse_choices_across_pages(store: Arc<dyn Store>) {
    let kindred = Kindred::new(store.clone(), Policy::default());
    let (_, survey) = published_template(&kindred).await;
    for i in 0..40 {
        let mut answers = support::template_answers();
        answers["member_type"] = if i % 7 == 0 { "volunteer" } else { "member" }.into();
        answers["says_about_you"] = format!("answer {i}").into();
        submit(&kindred, &survey.slug, answers).await;
    }
    let volunteers = ResponseFilter {
        segments: vec![("member_type".into(), "volunteer".into())],
        ..Default::default()
    };
    let mut exported: Vec<ExportedResponse> = Vec::new();
    loop {
        let after = exported.last().map_or(0, |r| r.id);
        let page = store
            .export_page(survey.id, &volunteers, after, 2)
            .await
            .unwrap();
        assert!(page.len() <= 2);
        if page.is_empty() {
            break;
        }
        exported.extend(page);
    }
    let texts: Vec<&str> = exported
        .iter()
        .map(|r| r.answers.texts[0].1.as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "answer 0",
            "answer 7",
            "answer 14",
            "answer 21",
            "answer 28",
            "answer 35"
        ]
    );
    assert!(exported.windows(2).all(|w| w[0].id < w[1].id));

    let newest = store.text_answers(survey.id, &volunteers, 3).await.unwrap();
    let newest: Vec<&str> = newest.iter().map(|(_, text, _)| text.as_str()).collect();
    assert_eq!(newest, ["answer 35", "answer 28", "answer 21"]);
    // `_` and `%` in a filter are the ids' own characters, never patterns.
    let years = |choice: &str| ResponseFilter {
        segments: vec![("years".into(), choice.into())],
        ..Default::default()
    };
    let all = store
        .export_page(survey.id, &years("3_5"), 0, 100)
        .await
        .unwrap();
    assert_eq!(all.len(), 40);
    for near in ["3%5", "3_", "3x5", "%", "3_5\\"] {
        let none = store
            .export_page(survey.id, &years(near), 0, 100)
            .await
            .unwrap();
        assert!(none.is_empty(), "{near}");
    }
    let staff = ResponseFilter {
        segments: vec![("member_type".into(), "staff".into())],
        ..Default::default()
    };
    assert!(
        store
            .text_answers(survey.id, &staff, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .export_page(survey.id, &staff, 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

on_every_database!(segment_filters_find_sparse_choices_across_pages);

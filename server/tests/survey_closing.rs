//! Every app server keeps published surveys' rows for a second (`PublicSurveyCache`), yet a survey
//! closed through one server refuses responses at once on another whose copy still says open:
//! the writer checks closure in the transaction that would store the response.

mod support;

use app::backend::{Responses, Submission, SubmittedAnswers, Surveys};
use app::error::AppError;
use server::backend::{Kindred, Policy};
use server::storage::{Store, postgres::PgStore, sqlite::SqliteStore};
use std::sync::Arc;
use support::backend::{published_template, submit};

fn submission(slug: &str) -> Submission {
    Submission {
        slug: slug.to_owned(),
        version: None,
        answers: SubmittedAnswers::Json(support::template_answers().as_object().unwrap().clone()),
        invite_code: None,
        respondent: None,
        display_name: None,
        with_card: false,
    }
}

async fn closing_through_one_server_holds_on_another(one: Arc<dyn Store>, other: Arc<dyn Store>) {
    let (first, second) = (
        Kindred::new(one.clone(), Policy::default()),
        Kindred::new(other, Policy::default()),
    );
    let (owner, survey) = published_template(&first).await;
    // The second server reads the survey's row, open, and keeps it.
    submit(&second, &survey.slug, support::template_answers()).await;
    // A card made while it is open invites others to take the survey; once it is closed, not.
    let card = first
        .submit_response(Submission {
            with_card: true,
            ..submission(&survey.slug)
        })
        .await
        .unwrap()
        .card
        .unwrap();
    let invite = first.identity_card(&card).await.unwrap().survey_path;
    assert_eq!(invite, Some(format!("/s/{}", survey.slug)));
    first.close_survey(&owner, survey.id).await.unwrap();
    assert_eq!(first.identity_card(&card).await.unwrap().survey_path, None);
    let refused = second.submit_response(submission(&survey.slug)).await;
    assert!(matches!(refused, Err(AppError::Gone(_))), "{refused:?}");
    let refused = first.submit_response(submission(&survey.slug)).await;
    assert!(matches!(refused, Err(AppError::Gone(_))), "{refused:?}");
    assert_eq!(one.survey_activity(survey.id).await.unwrap().responses, 2);

    // Opened again through the first server: it takes answers there at once.
    first.publish_survey(&owner, survey.id).await.unwrap();
    first
        .submit_response(submission(&survey.slug))
        .await
        .unwrap();
    assert_eq!(one.survey_activity(survey.id).await.unwrap().responses, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/kindred.db", dir.path().display());
    let one = SqliteStore::connect(&url).await.unwrap();
    one.migrate().await.unwrap();
    let other = SqliteStore::connect(&url).await.unwrap();
    closing_through_one_server_holds_on_another(Arc::new(one), Arc::new(other)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "runs on PostgreSQL: set KINDRED_TEST_POSTGRES_URL and pass --include-ignored"]
async fn on_postgres() {
    let (url, schema) = support::postgres_schema("t_closing");
    let one = PgStore::connect_in_schema(&url, &schema).await.unwrap();
    one.migrate().await.unwrap();
    let pool = one.pool().clone();
    let other = PgStore::connect_in_schema(&url, &schema).await.unwrap();
    closing_through_one_server_holds_on_another(Arc::new(one), Arc::new(other)).await;
    support::drop_schema(&pool, &schema).await;
}

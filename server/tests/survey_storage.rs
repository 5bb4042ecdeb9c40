//! Conformance of survey storage on SQLite and PostgreSQL: drafts, versions, status, scoping.

mod support;

use server::storage::{NewSurvey, NewUser, Store, StoreError};
use std::sync::Arc;

const NOW: i64 = 1_800_000_000;

async fn organisation(store: &Arc<dyn Store>, slug: &str) -> (i64, i64) {
    let owner = NewUser {
        email: &format!("{slug}@example.org"),
        name: "Owner",
        password_hash: "x",
    };
    store
        .create_organisation_with_owner(slug, slug, owner, NOW)
        .await
        .unwrap()
}

async fn survey(store: &Arc<dyn Store>, organisation_id: i64, slug: &str, draft: &str) -> i64 {
    store
        .create_survey(NewSurvey {
            organisation_id,
            public_slug: slug,
            title: "Why members join",
            draft,
            created_by: None,
            now: NOW,
        })
        .await
        .unwrap()
}

async fn a_new_survey_is_a_draft_without_a_version(store: Arc<dyn Store>) {
    let (org, _) = organisation(&store, "parks").await;
    let id = survey(&store, org, "abc123", r#"{"questions":[]}"#).await;
    let row = store.survey(org, id).await.unwrap().unwrap();
    assert_eq!(
        (
            row.status.as_str(),
            row.published_version,
            row.title.as_str()
        ),
        ("draft", None, "Why members join")
    );
    assert_eq!(
        store.survey_by_slug("abc123").await.unwrap().unwrap().id,
        id
    );
    assert_eq!(store.surveys(org).await.unwrap().len(), 1);
}

async fn publishing_freezes_the_draft_as_numbered_versions(store: Arc<dyn Store>) {
    let (org, _) = organisation(&store, "parks").await;
    let id = survey(&store, org, "s1", "v1").await;
    assert_eq!(store.publish_survey(org, id, NOW).await.unwrap(), 1);
    store
        .update_draft(org, id, "Renamed", "v2", NOW + 1)
        .await
        .unwrap();
    assert_eq!(
        store.survey_version(id, 1).await.unwrap().as_deref(),
        Some("v1"),
        "version 1 never changes"
    );
    assert_eq!(store.publish_survey(org, id, NOW + 2).await.unwrap(), 2);
    assert_eq!(
        store.survey_version(id, 2).await.unwrap().as_deref(),
        Some("v2")
    );
    // Publishing an unchanged draft keeps the version.
    assert_eq!(store.publish_survey(org, id, NOW + 3).await.unwrap(), 2);
    let row = store.survey(org, id).await.unwrap().unwrap();
    assert_eq!(
        (
            row.status.as_str(),
            row.published_version,
            row.title.as_str()
        ),
        ("published", Some(2), "Renamed")
    );
}

async fn a_published_survey_can_be_closed_and_reopened(store: Arc<dyn Store>) {
    let (org, _) = organisation(&store, "parks").await;
    let id = survey(&store, org, "s1", "v1").await;
    assert!(
        matches!(
            store.set_survey_status(org, id, "closed", NOW).await,
            Err(StoreError::NotFound)
        ),
        "a draft cannot close"
    );
    store.publish_survey(org, id, NOW).await.unwrap();
    store
        .set_survey_status(org, id, "closed", NOW)
        .await
        .unwrap();
    assert_eq!(
        store.survey(org, id).await.unwrap().unwrap().status,
        "closed"
    );
    store
        .set_survey_status(org, id, "published", NOW)
        .await
        .unwrap();
    assert_eq!(
        store.survey(org, id).await.unwrap().unwrap().status,
        "published"
    );
}

async fn another_organisation_can_neither_read_nor_change_a_survey(store: Arc<dyn Store>) {
    let (org, _) = organisation(&store, "parks").await;
    let (other, _) = organisation(&store, "rivers").await;
    let id = survey(&store, org, "s1", "v1").await;
    assert!(store.survey(other, id).await.unwrap().is_none());
    assert!(store.surveys(other).await.unwrap().is_empty());
    assert!(matches!(
        store.update_draft(other, id, "x", "y", NOW).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.publish_survey(other, id, NOW).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .set_survey_window(other, id, None, Some(NOW), NOW)
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.survey(org, id).await.unwrap().unwrap().draft, "v1");
}

async fn public_slugs_are_unique(store: Arc<dyn Store>) {
    let (org, _) = organisation(&store, "parks").await;
    survey(&store, org, "same", "v1").await;
    let err = store
        .create_survey(NewSurvey {
            organisation_id: org,
            public_slug: "same",
            title: "t",
            draft: "d",
            created_by: None,
            now: NOW,
        })
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("slug")), "{err:?}");
}

async fn an_answer_window_can_be_set_and_cleared(store: Arc<dyn Store>) {
    let (org, _) = organisation(&store, "parks").await;
    let id = survey(&store, org, "s1", "v1").await;
    store
        .set_survey_window(org, id, Some(NOW), Some(NOW + 100), NOW)
        .await
        .unwrap();
    let row = store.survey(org, id).await.unwrap().unwrap();
    assert_eq!((row.opens_at, row.closes_at), (Some(NOW), Some(NOW + 100)));
    store
        .set_survey_window(org, id, None, None, NOW)
        .await
        .unwrap();
    let row = store.survey(org, id).await.unwrap().unwrap();
    assert_eq!((row.opens_at, row.closes_at), (None, None));
}

on_every_database!(
    a_new_survey_is_a_draft_without_a_version,
    publishing_freezes_the_draft_as_numbered_versions,
    a_published_survey_can_be_closed_and_reopened,
    another_organisation_can_neither_read_nor_change_a_survey,
    public_slugs_are_unique,
    an_answer_window_can_be_set_and_cleared,
);

//! Survey operations through the backend: roles, the template, validation, versions, scoping.

mod support;

use app::backend::{Accounts, Caller, NewAccountInput, SignUpInput, SurveySource, Surveys, Teams};
use app::error::AppError;
use domain::Role;
use domain::survey::{Definition, QuestionKind, SurveyStatus, WHY_MEMBERS_JOIN};
use server::backend::{Kindred, Policy};
use server::storage::Store;
use std::sync::Arc;

const PASSWORD: &str = "a long enough passphrase";

async fn owner(kindred: &Kindred, email: &str, organisation: &str) -> Caller {
    let input = SignUpInput {
        organisation_name: organisation.into(),
        name: "Ada".into(),
        email: email.into(),
        password: PASSWORD.into(),
    };
    let grant = kindred.sign_up(input, None).await.unwrap();
    kindred.caller(&grant.token).await.unwrap()
}

async fn member(kindred: &Kindred, owner: &Caller, role: Role, email: &str) -> Caller {
    let link = kindred.invite(owner, role, None).await.unwrap();
    let token = support::invitation_token(&link);
    let account = NewAccountInput {
        name: "Teammate".into(),
        email: email.into(),
        password: PASSWORD.into(),
    };
    let grant = kindred
        .accept_invitation_with_new_account(&token, account, None)
        .await
        .unwrap();
    kindred.caller(&grant.token).await.unwrap()
}

fn template() -> SurveySource {
    SurveySource::Template(WHY_MEMBERS_JOIN.into())
}

fn kindred(store: Arc<dyn Store>) -> Kindred {
    Kindred::new(
        store,
        Policy {
            public_url: "https://kindred.example.org".into(),
            ..Policy::default()
        },
    )
}

async fn the_template_names_the_organisation_and_gets_an_unguessable_link(store: Arc<dyn Store>) {
    let kindred = kindred(store);
    let owner = owner(&kindred, "ada@example.org", "Friends of the Park").await;
    let survey = kindred
        .create_survey(&owner, template(), None)
        .await
        .unwrap();
    assert_eq!(
        (survey.title.as_str(), survey.status, survey.version),
        ("Why members join", SurveyStatus::Draft, None)
    );
    let slug = survey
        .public_url
        .strip_prefix("https://kindred.example.org/s/")
        .unwrap();
    assert!(slug.len() >= 16, "{slug}");
    let detail = kindred.survey(&owner, survey.id).await.unwrap();
    assert!(
        detail.draft.questions[0]
            .prompt
            .contains("Friends of the Park")
    );
    assert_eq!(detail.draft.questions.len(), survey.questions);
}

async fn an_unknown_template_is_refused_by_name(store: Arc<dyn Store>) {
    let kindred = kindred(store.clone());
    let owner = owner(&kindred, "ada@example.org", "Parks").await;
    let err = kindred
        .create_survey(
            &owner,
            SurveySource::Template("why-donors-give".into()),
            None,
        )
        .await
        .unwrap_err();
    assert!(
        err.for_field("template")
            .unwrap()
            .contains("why-donors-give"),
        "{err:?}"
    );
    assert!(kindred.list_surveys(&owner).await.unwrap().is_empty());
}

async fn viewers_read_surveys_but_cannot_create_or_change_them(store: Arc<dyn Store>) {
    let kindred = kindred(store);
    let owner = owner(&kindred, "ada@example.org", "Parks").await;
    let viewer = member(&kindred, &owner, Role::Viewer, "vi@example.org").await;
    let survey = kindred
        .create_survey(&owner, template(), None)
        .await
        .unwrap();
    let detail = kindred.survey(&viewer, survey.id).await.unwrap();
    assert!(!detail.can_edit);
    assert_eq!(kindred.list_surveys(&viewer).await.unwrap().len(), 1);
    for result in [
        kindred
            .create_survey(&viewer, SurveySource::Blank, None)
            .await
            .map(|_| ()),
        kindred
            .save_survey(&viewer, survey.id, "Mine", detail.draft.clone())
            .await
            .map(|_| ()),
        kindred.publish_survey(&viewer, survey.id).await.map(|_| ()),
        kindred.close_survey(&viewer, survey.id).await.map(|_| ()),
    ] {
        assert!(matches!(result, Err(AppError::Forbidden(_))), "{result:?}");
    }
    assert_eq!(
        kindred
            .survey(&owner, survey.id)
            .await
            .unwrap()
            .summary
            .status,
        SurveyStatus::Draft
    );
}

async fn editors_build_and_publish(store: Arc<dyn Store>) {
    let kindred = kindred(store);
    let owner = owner(&kindred, "ada@example.org", "Parks").await;
    let editor = member(&kindred, &owner, Role::Editor, "ed@example.org").await;
    let survey = kindred
        .create_survey(&editor, template(), Some("Spring survey"))
        .await
        .unwrap();
    let published = kindred.publish_survey(&editor, survey.id).await.unwrap();
    assert_eq!(
        (published.summary.status, published.summary.version),
        (SurveyStatus::Published, Some(1))
    );
    assert!(!published.unpublished_changes);
}

async fn editing_a_published_survey_makes_a_new_version_on_publishing(store: Arc<dyn Store>) {
    let kindred = kindred(store);
    let owner = owner(&kindred, "ada@example.org", "Parks").await;
    let survey = kindred
        .create_survey(&owner, template(), None)
        .await
        .unwrap();
    kindred.publish_survey(&owner, survey.id).await.unwrap();
    let mut draft = kindred.survey(&owner, survey.id).await.unwrap().draft;
    draft.move_question("nps", -1);
    let saved = kindred
        .save_survey(&owner, survey.id, "Why members join", draft)
        .await
        .unwrap();
    assert!(saved.unpublished_changes);
    assert_eq!(
        saved.summary.version,
        Some(1),
        "saving alone does not publish"
    );
    let republished = kindred.publish_survey(&owner, survey.id).await.unwrap();
    assert_eq!(republished.summary.version, Some(2));
    let closed = kindred.close_survey(&owner, survey.id).await.unwrap();
    assert_eq!(closed.summary.status, SurveyStatus::Closed);
    let reopened = kindred.publish_survey(&owner, survey.id).await.unwrap();
    assert_eq!(
        (reopened.summary.status, reopened.summary.version),
        (SurveyStatus::Published, Some(2))
    );
}

async fn an_invalid_draft_is_refused_with_messages_per_question_and_not_saved(
    store: Arc<dyn Store>,
) {
    let kindred = kindred(store);
    let owner = owner(&kindred, "ada@example.org", "Parks").await;
    let survey = kindred
        .create_survey(&owner, template(), None)
        .await
        .unwrap();
    let before = kindred.survey(&owner, survey.id).await.unwrap();
    let mut draft = before.draft.clone();
    if let QuestionKind::Ranking { items, .. } = &mut draft.questions[0].kind {
        items.truncate(1);
    }
    draft.questions[2].prompt = "x".repeat(501);
    let err = kindred
        .save_survey(&owner, survey.id, " ", draft)
        .await
        .unwrap_err();
    let AppError::Validation(errors) = &err else {
        panic!("{err:?}")
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"title"), "{fields:?}");
    assert!(fields.contains(&"questions[0].items"), "{fields:?}");
    assert!(fields.contains(&"questions[2].prompt"), "{fields:?}");
    assert_eq!(
        kindred.survey(&owner, survey.id).await.unwrap(),
        before,
        "nothing was saved"
    );
}

async fn an_empty_survey_cannot_be_published(store: Arc<dyn Store>) {
    let kindred = kindred(store);
    let owner = owner(&kindred, "ada@example.org", "Parks").await;
    let survey = kindred
        .create_survey(&owner, SurveySource::Blank, None)
        .await
        .unwrap();
    assert_eq!(survey.title, "Untitled survey");
    let err = kindred.publish_survey(&owner, survey.id).await.unwrap_err();
    assert!(
        err.for_field("questions")
            .unwrap()
            .contains("at least one question")
    );
    let err = kindred.close_survey(&owner, survey.id).await.unwrap_err();
    assert!(matches!(err, AppError::Conflict(_)), "{err:?}");
}

async fn a_question_added_and_never_written_saves_but_cannot_be_published(store: Arc<dyn Store>) {
    let kindred = kindred(store);
    let owner = owner(&kindred, "ada@example.org", "Parks").await;
    let survey = kindred
        .create_survey(&owner, SurveySource::Blank, None)
        .await
        .unwrap();
    let mut draft = Definition::default();
    draft.add_question("single_choice").unwrap();
    kindred
        .save_survey(&owner, survey.id, "Untouched", draft.clone())
        .await
        .expect("a draft may keep empty texts");
    let err = kindred.publish_survey(&owner, survey.id).await.unwrap_err();
    let AppError::Validation(errors) = &err else {
        panic!("{err:?}")
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "questions[0].prompt",
            "questions[0].choices[0].label",
            "questions[0].choices[1].label"
        ]
    );
    assert!(
        errors[0]
            .message
            .starts_with("Question 1: write the question text")
    );
    let still = kindred.survey(&owner, survey.id).await.unwrap();
    assert_eq!(
        still.summary.status,
        SurveyStatus::Draft,
        "nothing published"
    );
}

async fn another_organisation_sees_no_survey(store: Arc<dyn Store>) {
    let kindred = kindred(store);
    let ada = owner(&kindred, "ada@example.org", "Parks").await;
    let bo = owner(&kindred, "bo@example.org", "Rivers").await;
    let survey = kindred.create_survey(&ada, template(), None).await.unwrap();
    assert!(matches!(
        kindred.survey(&bo, survey.id).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        kindred.publish_survey(&bo, survey.id).await,
        Err(AppError::NotFound(_))
    ));
    // Published or not, another organisation's survey is not there to close.
    kindred.publish_survey(&ada, survey.id).await.unwrap();
    assert!(matches!(
        kindred.close_survey(&bo, survey.id).await,
        Err(AppError::NotFound(_))
    ));
    assert!(kindred.list_surveys(&bo).await.unwrap().is_empty());
}

async fn the_brand_name_goes_into_the_template_and_surveys_can_override_branding(
    store: Arc<dyn Store>,
) {
    let kindred = kindred(store.clone());
    let owner = owner(
        &kindred,
        "ada@example.org",
        "Friends of the City Park Trust",
    )
    .await;
    kindred
        .set_branding(&owner, " Park Friends ", "#1D4E89")
        .await
        .unwrap();
    let settings = kindred.organisation_settings(&owner).await.unwrap();
    assert_eq!(
        settings.branding.brand_name.as_deref(),
        Some("Park Friends")
    );
    assert_eq!(settings.branding.colour.as_deref(), Some("#1d4e89"));

    let survey = kindred
        .create_survey(&owner, template(), None)
        .await
        .unwrap();
    let detail = kindred.survey(&owner, survey.id).await.unwrap();
    assert!(detail.draft.questions[0].prompt.contains("Park Friends"));
    assert!(!detail.draft.questions[0].prompt.contains("Trust"));
    assert_eq!(
        detail.inherited_branding.brand_name.as_deref(),
        Some("Park Friends")
    );
    assert_eq!(detail.branding.brand_name, None);

    let overridden = kindred
        .set_survey_branding(&owner, survey.id, "Spring Fair", "#0b6e4f")
        .await
        .unwrap();
    assert_eq!(
        overridden.branding.brand_name.as_deref(),
        Some("Spring Fair")
    );
    assert_eq!(overridden.branding.colour.as_deref(), Some("#0b6e4f"));
    let cleared = kindred
        .set_survey_branding(&owner, survey.id, "", "")
        .await
        .unwrap();
    assert_eq!(cleared.branding.brand_name, None);
}

async fn bad_branding_is_refused_per_field_and_only_owners_brand_the_organisation(
    store: Arc<dyn Store>,
) {
    let kindred = kindred(store.clone());
    let owner = owner(&kindred, "ada@example.org", "Parks").await;
    kindred
        .set_branding(&owner, "Parks", "#123456")
        .await
        .unwrap();
    let err = kindred
        .set_branding(&owner, &"x".repeat(101), "teal")
        .await
        .unwrap_err();
    assert!(
        err.for_field("brand_name").is_some() && err.for_field("brand_colour").is_some(),
        "{err:?}"
    );
    let editor = member(&kindred, &owner, Role::Editor, "ed@example.org").await;
    assert!(matches!(
        kindred.set_branding(&editor, "Mine", "").await,
        Err(AppError::Forbidden(_))
    ));
    let settings = kindred.organisation_settings(&owner).await.unwrap();
    assert_eq!(
        settings.branding.colour.as_deref(),
        Some("#123456"),
        "nothing changed"
    );
    let viewer = member(&kindred, &owner, Role::Viewer, "vi@example.org").await;
    let survey = kindred
        .create_survey(&editor, template(), None)
        .await
        .unwrap();
    let err = kindred
        .set_survey_branding(&viewer, survey.id, "Mine", "")
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Forbidden(_)), "{err:?}");
    kindred
        .set_survey_branding(&editor, survey.id, "Editors may", "")
        .await
        .unwrap();
}

/// The surveys list says how many responses each survey has and when the last came, counting
/// every version and no other survey's.
async fn the_list_counts_responses_and_dates_the_last(store: Arc<dyn Store>) {
    let at = Arc::new(std::sync::atomic::AtomicI64::new(1_780_000_000));
    let clock = {
        let at = at.clone();
        Arc::new(move || at.load(std::sync::atomic::Ordering::SeqCst))
    };
    let kindred = Kindred::with_clock(
        store,
        Policy {
            public_url: "https://kindred.example.org".into(),
            ..Policy::default()
        },
        clock,
    );
    let owner = owner(&kindred, "ada@example.org", "Parks").await;
    let answered = kindred
        .create_survey(&owner, template(), Some("Answered"))
        .await
        .unwrap();
    let quiet = kindred
        .create_survey(&owner, template(), Some("Quiet"))
        .await
        .unwrap();
    for survey in [&answered, &quiet] {
        kindred.publish_survey(&owner, survey.id).await.unwrap();
    }
    for _ in 0..3 {
        support::backend::submit(&kindred, &answered.slug, support::template_answers()).await;
        at.fetch_add(86_400, std::sync::atomic::Ordering::SeqCst);
    }
    let list = kindred.list_surveys(&owner).await.unwrap();
    let of = |id: i64| list.iter().find(|s| s.id == id).unwrap();
    assert_eq!(
        (of(answered.id).responses, of(answered.id).last_response_at),
        (3, Some(1_780_000_000 + 2 * 86_400))
    );
    assert_eq!(
        (of(quiet.id).responses, of(quiet.id).last_response_at),
        (0, None)
    );
    let detail = kindred.survey(&owner, answered.id).await.unwrap();
    assert_eq!(
        detail.summary.last_response_at,
        Some(1_780_000_000 + 2 * 86_400)
    );
}

on_every_database!(
    the_list_counts_responses_and_dates_the_last,
    the_brand_name_goes_into_the_template_and_surveys_can_override_branding,
    bad_branding_is_refused_per_field_and_only_owners_brand_the_organisation,
    the_template_names_the_organisation_and_gets_an_unguessable_link,
    an_unknown_template_is_refused_by_name,
    viewers_read_surveys_but_cannot_create_or_change_them,
    editors_build_and_publish,
    editing_a_published_survey_makes_a_new_version_on_publishing,
    an_invalid_draft_is_refused_with_messages_per_question_and_not_saved,
    an_empty_survey_cannot_be_published,
    a_question_added_and_never_written_saves_but_cannot_be_published,
    another_organisation_sees_no_survey,
);

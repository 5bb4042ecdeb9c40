//! Steps through the backend that many tests share: an organisation's owner, the "Why members
//! join" template published, answers submitted.

use app::api::types::SurveySummary;
use app::backend::{
    Accounts, Caller, Responses, SignUpInput, Submission, SubmittedAnswers, SurveySource, Surveys,
};
use domain::survey::WHY_MEMBERS_JOIN;
use server::backend::Kindred;

/// Signs up an organisation and returns its owner.
pub async fn owner(kindred: &Kindred, organisation: &str, email: &str) -> Caller {
    let grant = kindred
        .sign_up(
            SignUpInput {
                organisation_name: organisation.into(),
                name: "Ada".into(),
                email: email.into(),
                password: "a long enough passphrase".into(),
            },
            None,
        )
        .await
        .unwrap();
    kindred.caller(&grant.token).await.unwrap()
}

/// Signs up "Friends of the Park" and publishes the "Why members join" template as version 1.
pub async fn published_template(kindred: &Kindred) -> (Caller, SurveySummary) {
    let owner = owner(kindred, "Friends of the Park", "ada@example.org").await;
    let template = SurveySource::Template(WHY_MEMBERS_JOIN.into());
    let survey = kindred.create_survey(&owner, template, None).await.unwrap();
    kindred.publish_survey(&owner, survey.id).await.unwrap();
    (owner, survey)
}

/// Submits answers (a JSON object, as the public API takes them) to version 1 of a survey.
pub async fn submit(kindred: &Kindred, slug: &str, answers: serde_json::Value) {
    submit_version(kindred, slug, 1, answers).await;
}

/// Submits answers (a JSON object) to a given version of a survey.
pub async fn submit_version(
    kindred: &Kindred,
    slug: &str,
    version: i64,
    answers: serde_json::Value,
) {
    kindred
        .submit_response(Submission {
            slug: slug.to_owned(),
            version: Some(version),
            answers: SubmittedAnswers::Json(answers.as_object().expect("an object").clone()),
            invite_code: None,
            respondent: None,
            display_name: None,
            with_card: false,
        })
        .await
        .unwrap();
}

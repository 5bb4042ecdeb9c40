//! Every server function, called over HTTP the way a browser calls it, with its emptiest valid
//! arguments: an unfiltered dashboard, an empty optional field, a blank text. An argument that
//! serialises to nothing when empty (a struct of empty lists and `None`s) used to be refused as a
//! "missing field" before any of Kindred's code ran. The table must name every registered server
//! function, so a new one cannot be added without being called here.

mod support;

use reqwest::StatusCode;
use reqwest::header::ACCEPT;
use std::collections::BTreeSet;

/// A server function's endpoint, its form fields and the status expected.
type Call<'a> = (&'a str, Vec<(&'a str, &'a str)>, StatusCode);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_accepts_its_emptiest_valid_arguments() {
    let app = support::app::spawn(false).await;
    let (owner, survey) = app.owner_with_published_survey("ada@example.org").await;
    let id = survey.id.to_string();
    let slug = survey.slug.clone();
    let organisation = owner.organisation_id.to_string();

    // (endpoint, form fields, the answer expected). Those changing the session come last.
    let calls: Vec<Call> = vec![
        ("current_user", vec![], StatusCode::OK),
        ("list_surveys", vec![], StatusCode::OK),
        ("load_survey", vec![("id", &id)], StatusCode::OK),
        (
            "load_results",
            vec![("id", &id), ("query", "")],
            StatusCode::OK,
        ),
        // As the issue found it: `POST /api/load_results` with only `id`.
        ("load_results", vec![("id", &id)], StatusCode::OK),
        ("load_filter_options", vec![("id", &id)], StatusCode::OK),
        ("load_share_links", vec![("id", &id)], StatusCode::OK),
        (
            "load_shared_results",
            vec![("token", ""), ("query", "")],
            StatusCode::NOT_FOUND,
        ),
        (
            "load_shared_filter_options",
            vec![("token", "")],
            StatusCode::NOT_FOUND,
        ),
        (
            "load_respondent_page",
            vec![("slug", &slug)],
            StatusCode::OK,
        ),
        (
            "load_identity_card",
            vec![("token", "")],
            StatusCode::NOT_FOUND,
        ),
        ("organisation_settings", vec![], StatusCode::OK),
        (
            "invitation_details",
            vec![("token", "")],
            StatusCode::NOT_FOUND,
        ),
        ("create_survey", vec![], StatusCode::OK),
        (
            "save_survey",
            vec![("id", &id), ("title", ""), ("definition", "")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "schedule_survey",
            vec![("id", &id), ("opens_on", ""), ("closes_on", "")],
            StatusCode::OK,
        ),
        (
            "set_invite_code_required",
            vec![("id", &id), ("required", "false")],
            StatusCode::OK,
        ),
        (
            "create_share_link",
            vec![("id", &id), ("days", "7")],
            StatusCode::OK,
        ),
        (
            "revoke_share_link",
            vec![("id", &id), ("link_id", "0")],
            StatusCode::NOT_FOUND,
        ),
        ("publish_survey", vec![("id", &id)], StatusCode::OK),
        ("close_survey", vec![("id", &id)], StatusCode::OK),
        (
            "rename_organisation",
            vec![("name", "")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("invite_member", vec![("role", "viewer")], StatusCode::OK),
        (
            "revoke_invitation",
            vec![("invitation_id", "0")],
            StatusCode::NOT_FOUND,
        ),
        (
            "change_member_role",
            vec![("user_id", "0"), ("role", "viewer")],
            StatusCode::NOT_FOUND,
        ),
        (
            "remove_member",
            vec![("user_id", "0")],
            StatusCode::NOT_FOUND,
        ),
        (
            "create_api_token",
            vec![("token_name", ""), ("role", "viewer")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "revoke_api_token",
            vec![("token_id", "0")],
            StatusCode::NOT_FOUND,
        ),
        (
            "join_organisation",
            vec![("token", "")],
            StatusCode::NOT_FOUND,
        ),
        (
            "accept_invitation",
            vec![("token", ""), ("name", ""), ("email", ""), ("password", "")],
            StatusCode::NOT_FOUND,
        ),
        (
            "switch_organisation",
            vec![("organisation_id", &organisation)],
            StatusCode::OK,
        ),
        (
            "change_password",
            vec![("current_password", ""), ("new_password", "")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "log_in",
            vec![("email", ""), ("password", "")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "sign_up",
            vec![
                ("organisation_name", ""),
                ("name", ""),
                ("email", ""),
                ("password", ""),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("log_out", vec![], StatusCode::OK),
    ];

    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    let called: BTreeSet<String> = calls.iter().map(|(e, _, _)| (*e).to_owned()).collect();
    assert_eq!(
        registered, called,
        "every registered server function is called here, and only those"
    );

    for (endpoint, fields, expected) in calls {
        let response = app
            .client
            .post(app.url(&format!("/api/{endpoint}")))
            .header(ACCEPT, "application/json")
            .form(&fields)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body = response.text().await.unwrap();
        assert!(
            !body.contains("deserializ") && !body.contains("missing field"),
            "{endpoint}: the arguments were not read: {body}"
        );
        assert_eq!(status, expected, "{endpoint}: {body}");
    }
}

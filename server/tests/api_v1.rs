//! The public JSON API v1 over HTTP: tokens, the survey endpoints, errors and the OpenAPI document.

mod support;

use app::backend::Responses;
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::api::{NOW, call, create_from_template, organisation_with_token, publish};
use support::app::{TestApp, spawn};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_from_the_template_then_publish_then_get() {
    let app = spawn(false).await;
    let token = organisation_with_token(&app, "parks", "editor").await;
    let (status, created) = call(
        &app,
        "post",
        "/api/v1/surveys",
        Some(&token),
        Some(json!({ "template": "why-members-join" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["status"], "draft");
    assert_eq!(created["version"], Value::Null);
    let id = created["id"].as_i64().unwrap();
    let slug = created["slug"].as_str().unwrap();
    assert!(
        created["public_url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/s/{slug}"))
    );
    assert!(
        created["definition"]["questions"][0]["prompt"]
            .as_str()
            .unwrap()
            .contains("Friends of the Park")
    );

    let (status, published) = call(
        &app,
        "post",
        &format!("/api/v1/surveys/{id}/publish"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{published}");
    assert_eq!(
        (published["status"].as_str(), published["version"].as_i64()),
        (Some("published"), Some(1))
    );

    let (status, survey) = call(
        &app,
        "get",
        &format!("/api/v1/surveys/{id}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let questions = survey["definition"]["questions"].as_array().unwrap();
    let types: Vec<_> = questions
        .iter()
        .map(|q| q["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "ranking",
            "likert",
            "overlap",
            "likert",
            "nps",
            "text",
            "single_choice",
            "single_choice"
        ]
    );
    assert_eq!(questions[0]["items"][0]["id"], "identity");
    assert_eq!(questions[1]["points"], 7);
    assert_eq!(questions[6]["segment"], true);

    let (status, list) = call(&app, "get", "/api/v1/surveys", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_definition_is_replaced_and_an_invalid_one_is_refused_with_details() {
    let app = spawn(false).await;
    let token = organisation_with_token(&app, "parks", "owner").await;
    let definition = json!({ "questions": [
        { "id": "why", "type": "ranking", "prompt": "Why?", "required": true,
          "items": [{ "id": "a", "label": "A" }, { "id": "b", "label": "B" }] }
    ] });
    let (status, created) = call(
        &app,
        "post",
        "/api/v1/surveys",
        Some(&token),
        Some(json!({ "title": "Mine", "definition": definition })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["title"], "Mine");
    let id = created["id"].as_i64().unwrap();

    let bad = json!({ "questions": [
        { "id": "why", "type": "ranking", "prompt": "Why?", "items": [{ "id": "a", "label": "A" }], "top_k": 3 }
    ] });
    let (status, error) = call(
        &app,
        "put",
        &format!("/api/v1/surveys/{id}/definition"),
        Some(&token),
        Some(bad),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["code"], "invalid_request");
    let fields: Vec<_> = error["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["questions[0].items", "questions[0].top_k"]);

    let good = json!({ "questions": [{ "id": "nps", "type": "nps", "prompt": "Recommend us?" }] });
    let (status, saved) = call(
        &app,
        "put",
        &format!("/api/v1/surveys/{id}/definition"),
        Some(&token),
        Some(good),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["definition"]["questions"][0]["type"], "nps");

    let (status, error) = call(
        &app,
        "post",
        "/api/v1/surveys",
        Some(&token),
        Some(json!({ "template": "nope" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error["error"]["message"].as_str().unwrap().contains("nope"));
    let (status, error) = call(
        &app,
        "post",
        "/api/v1/surveys",
        Some(&token),
        Some(json!({ "questions": 1 })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(
        app.db.store.surveys(1).await.unwrap().len(),
        1,
        "refused requests created nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_token_cannot_publish() {
    let app = spawn(false).await;
    let editor = organisation_with_token(&app, "parks", "editor").await;
    let viewer = organisation_with_token(&app, "parks", "viewer").await;
    let id = create_from_template(&app, &editor).await;
    let (status, error) = call(
        &app,
        "post",
        &format!("/api/v1/surveys/{id}/publish"),
        Some(&viewer),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error["error"]["code"], "forbidden");
    let (status, _) = call(
        &app,
        "get",
        &format!("/api/v1/surveys/{id}"),
        Some(&viewer),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "viewers may read");
    let (_, survey) = call(
        &app,
        "get",
        &format!("/api/v1/surveys/{id}"),
        Some(&editor),
        None,
    )
    .await;
    assert_eq!(survey["status"], "draft");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_organisations_token_gets_not_found() {
    let app = spawn(false).await;
    let ours = organisation_with_token(&app, "parks", "owner").await;
    let theirs = organisation_with_token(&app, "rivers", "owner").await;
    let id = create_from_template(&app, &ours).await;
    for (method, path) in [
        ("get", format!("/api/v1/surveys/{id}")),
        ("post", format!("/api/v1/surveys/{id}/publish")),
    ] {
        let (status, error) = call(&app, method, &path, Some(&theirs), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(error["error"]["code"], "not_found");
    }
    let (status, _) = call(
        &app,
        "get",
        "/api/v1/surveys/not-a-number",
        Some(&theirs),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_unknown_or_revoked_token_gets_unauthorized() {
    let app = spawn(false).await;
    let token = organisation_with_token(&app, "parks", "owner").await;
    let (status, error) = call(&app, "get", "/api/v1/surveys", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error["error"]["code"], "unauthorized");
    let (status, _) = call(&app, "get", "/api/v1/surveys", Some("kdr_forged"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let org = app
        .db
        .store
        .organisation_by_slug("parks")
        .await
        .unwrap()
        .unwrap();
    let listed = app.db.store.api_tokens(org.id).await.unwrap();
    app.db
        .store
        .revoke_api_token(org.id, listed[0].id, NOW)
        .await
        .unwrap();
    let (status, _) = call(&app, "get", "/api/v1/surveys", Some(&token), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_response_is_stored_or_refused_in_the_documented_shape() {
    let app = spawn(false).await;
    let token = organisation_with_token(&app, "parks", "owner").await;
    let id = create_from_template(&app, &token).await;
    let path = publish(&app, &token, id).await;

    // No token needed; 201 with the id once stored.
    let (status, created) = call(
        &app,
        "post",
        &path,
        None,
        Some(json!({ "version": 1, "answers": support::template_answers() })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert!(created["id"].as_i64().unwrap() > 0);

    // Refused answers: 422, one detail per question, nothing stored.
    let mut answers = support::template_answers();
    answers["nps"] = json!(12);
    answers.as_object_mut().unwrap().remove("overlap");
    let (status, refused) = call(
        &app,
        "post",
        &path,
        None,
        Some(json!({ "version": 1, "answers": answers })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["code"], "invalid_response");
    let mut questions: Vec<&str> = refused["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["question"].as_str().unwrap())
        .collect();
    questions.sort();
    assert_eq!(questions, ["nps", "overlap"]);

    // An unknown version and a malformed body are refused by field.
    let (status, refused) = call(
        &app,
        "post",
        &path,
        None,
        Some(json!({ "version": 9, "answers": support::template_answers() })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["details"][0]["field"], "version");
    let (status, refused) = call(&app, "post", &path, None, Some(json!({ "answers": [] }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["details"][0]["field"], "body");

    let stored = app.db.store.response_totals(id).await.unwrap();
    assert_eq!(stored.responses, 1);

    // Closed: 410. Unknown slug: 404.
    call(
        &app,
        "post",
        &format!("/api/v1/surveys/{id}/close"),
        Some(&token),
        None,
    )
    .await;
    let (status, closed) = call(
        &app,
        "post",
        &path,
        None,
        Some(json!({ "version": 1, "answers": support::template_answers() })),
    )
    .await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(closed["error"]["code"], "closed");
    let (status, _) = call(
        &app,
        "post",
        "/api/v1/public/surveys/nope/responses",
        None,
        Some(json!({ "version": 1, "answers": {} })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invite_code_answers_once_through_the_api() {
    let app = spawn(false).await;
    let token = organisation_with_token(&app, "parks", "owner").await;
    let id = create_from_template(&app, &token).await;
    let path = publish(&app, &token, id).await;
    let kindred = app.kindred();
    let owner = owner_of(&app, "parks").await;
    kindred.require_invite_code(&owner, id, true).await.unwrap();
    let code = kindred
        .create_invite_codes(&owner, id, 1)
        .await
        .unwrap()
        .remove(0);
    let body = json!({ "version": 1, "answers": support::template_answers(), "invite_code": code });
    let (status, _) = call(&app, "post", &path, None, Some(body.clone())).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, again) = call(&app, "post", &path, None, Some(body)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(again["error"]["code"], "invite_code_used");
}

/// A caller acting as an owner of the organisation with `slug` (as a CLI token does).
async fn owner_of(app: &TestApp, slug: &str) -> app::backend::Caller {
    let organisation = app
        .db
        .store
        .organisation_by_slug(slug)
        .await
        .unwrap()
        .unwrap();
    app::backend::Caller {
        user_id: 0,
        organisation_id: organisation.id,
        role: domain::Role::Owner,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_and_exports_carry_every_response_with_the_dashboard_filters() {
    let app = spawn(false).await;
    let owner = organisation_with_token(&app, "parks", "owner").await;
    let viewer = organisation_with_token(&app, "parks", "viewer").await;
    let id = create_from_template(&app, &owner).await;
    let path = publish(&app, &owner, id).await;
    for (member_type, text) in [
        ("member", "=HYPERLINK(\"http://evil\")"),
        ("volunteer", "Green, \"quoted\""),
        ("member", ""),
    ] {
        let mut answers = support::template_answers();
        answers["member_type"] = json!(member_type);
        answers["says_about_you"] = json!(text);
        let (status, _) = call(
            &app,
            "post",
            &path,
            None,
            Some(json!({ "version": 1, "answers": answers })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
    }

    // A viewer token reads the figures; the filters are the dashboard's.
    let (status, results) = call(
        &app,
        "get",
        &format!("/api/v1/surveys/{id}/results"),
        Some(&viewer),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{results}");
    assert_eq!(results["responses"], 3);
    assert_eq!(results["nps"]["promoters"], 3);
    assert!(
        results["rankings"][0]["items"][0]["worth"].is_null(),
        "identity always first: no finite worth"
    );
    assert_eq!(
        results["rankings"][0]["items"][0]["first_choice"]["value"],
        1.0
    );
    let (_, filtered) = call(
        &app,
        "get",
        &format!("/api/v1/surveys/{id}/results?segment.member_type=volunteer"),
        Some(&viewer),
        None,
    )
    .await;
    assert_eq!(filtered["responses"], 1);
    let (status, refused) = call(
        &app,
        "get",
        &format!("/api/v1/surveys/{id}/results?segment.nps=9"),
        Some(&viewer),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");

    let csv = app
        .client
        .get(app.url(&format!("/api/v1/surveys/{id}/responses.csv")))
        .bearer_auth(&viewer)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    let mut reader = csv_reader(&text);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), 3);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[0][column("reasons.rank.identity")], "1");
    assert_eq!(rows[0][column("reasons.place3")], "community");
    assert_eq!(
        rows[0][column("says_about_you")],
        "'=HYPERLINK(\"http://evil\")"
    );
    assert_eq!(rows[1][column("says_about_you")], "Green, \"quoted\"");
    assert_eq!(rows[1][column("member_type")], "volunteer");

    let filtered = app
        .client
        .get(app.url(&format!(
            "/api/v1/surveys/{id}/responses.csv?segment.member_type=volunteer"
        )))
        .bearer_auth(&viewer)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(csv_reader(&filtered).records().count(), 1);

    let codebook = app
        .client
        .get(app.url(&format!("/api/v1/surveys/{id}/codebook.csv")))
        .bearer_auth(&viewer)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let described: Vec<String> = csv_reader(&codebook)
        .records()
        .map(|r| r.unwrap()[0].to_owned())
        .collect();
    for name in &header {
        assert!(described.contains(name), "the codebook describes {name}");
    }
    assert!(codebook.contains("volunteer,Volunteer"));

    let figures = app
        .client
        .get(app.url(&format!("/api/v1/surveys/{id}/figures.csv")))
        .bearer_auth(&viewer)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rows: Vec<Vec<String>> = csv_reader(&figures)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let nps = rows
        .iter()
        .find(|r| r[0] == "nps" && r[3] == "nps")
        .unwrap();
    assert_eq!((nps[4].as_str(), nps[7].as_str()), ("100", "3"));
    assert!(
        rows.iter()
            .any(|r| r[0] == "ranking" && r[3] == "first_choice_share")
    );
}

fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::Reader::from_reader(text.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_identity_card_is_made_only_when_the_api_asks_for_one() {
    let app = spawn(false).await;
    let token = organisation_with_token(&app, "parks", "owner").await;
    let id = create_from_template(&app, &token).await;
    let path = publish(&app, &token, id).await;
    let answers = support::template_answers();
    let (status, plain) = call(
        &app,
        "post",
        &path,
        None,
        Some(json!({ "version": 1, "answers": answers })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(plain.get("card_url").is_none(), "{plain}");
    let (status, carded) = call(
        &app,
        "post",
        &path,
        None,
        Some(
            json!({ "version": 1, "answers": answers, "identity_card": true,
                     "display_name": "Ana" }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let card_url = carded["card_url"].as_str().expect("a card address");
    let card_path = card_url.trim_start_matches(&app.base);
    let page = app
        .client
        .get(app.url(card_path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Ana"), "the card shows the name given");
    let totals = app.db.store.response_totals(id).await.unwrap();
    assert_eq!((totals.responses, totals.cards), (2, 1));
}

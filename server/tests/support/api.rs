//! API v1 from the outside: tokens, and calls answered as JSON (or text, for CSV).

use super::app::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::operator::create_token;
use server::storage::NewUser;

pub const NOW: i64 = 1_800_000_000;

/// An organisation with an owner, and a token for it with `role`.
pub async fn organisation_with_token(app: &TestApp, slug: &str, role: &str) -> String {
    let owner = NewUser {
        email: &format!("{slug}@example.org"),
        name: "Owner",
        password_hash: "x",
    };
    if app
        .db
        .store
        .organisation_by_slug(slug)
        .await
        .unwrap()
        .is_none()
    {
        app.db
            .store
            .create_organisation_with_owner("Friends of the Park", slug, owner, NOW)
            .await
            .unwrap();
    }
    create_token(app.db.store.as_ref(), slug, role, "test", NOW)
        .await
        .unwrap()
}

/// Creates a survey from the template with `token` and returns its id.
pub async fn create_from_template(app: &TestApp, token: &str) -> i64 {
    let body = json!({ "template": "why-members-join" });
    let (status, created) = call(app, "post", "/api/v1/surveys", Some(token), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"].as_i64().unwrap()
}

pub async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
    let mut request = app.client.request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Publishes the survey; returns its public submission path.
pub async fn publish(app: &TestApp, token: &str, id: i64) -> String {
    let (status, survey) = call(
        app,
        "post",
        &format!("/api/v1/surveys/{id}/publish"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{survey}");
    format!(
        "/api/v1/public/surveys/{}/responses",
        survey["slug"].as_str().unwrap()
    )
}

//! API v1's OpenAPI document is the contract: every route it lists answers, every answer matches
//! its documented schema (no field more, none missing), and the bounds it states are the ones the
//! validator enforces.

mod support;

use domain::survey::Limits;
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};
use support::api::{call, create_from_template, organisation_with_token};
use support::app::{TestApp, spawn};

/// The document with every object schema closed: a field an answer carries that the document
/// does not name is an error. A schema that is one part of another's `allOf` stays open, as
/// the whole it belongs to is closed.
fn closed(document: &Value) -> Value {
    let mut document = document.clone();
    let mut parts = Vec::new();
    parts_of_all_of(&document["components"], &mut parts);
    let schemas = document["components"]["schemas"].as_object_mut().unwrap();
    for (name, schema) in schemas.iter_mut() {
        let is_object = schema.get("properties").is_some() || schema.get("allOf").is_some();
        if is_object && !parts.contains(name) {
            schema["unevaluatedProperties"] = json!(false);
        }
    }
    document
}

/// The names of the component schemas referred to as one part of an `allOf`.
fn parts_of_all_of(value: &Value, parts: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if key == "allOf" {
                    let references = inner.as_array().into_iter().flatten();
                    let names = references.filter_map(|part| part["$ref"].as_str());
                    parts.extend(
                        names.map(|r| r.trim_start_matches("#/components/schemas/").to_owned()),
                    );
                }
                parts_of_all_of(inner, parts);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| parts_of_all_of(item, parts)),
        _ => {}
    }
}

/// Checks `value` against `schema`, whose references point into `document`'s components.
fn conforms(document: &Value, schema: &Value, value: &Value) -> Result<(), String> {
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": document["components"],
        "allOf": [schema],
    });
    let validator = jsonschema::validator_for(&root).map_err(|e| format!("bad schema: {e}"))?;
    let problems: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// The documented schema of `status`'s JSON answer to `method path`.
fn answer_schema(document: &Value, method: &str, path: &str, status: StatusCode) -> Option<Value> {
    document["paths"][path][method]["responses"][status.as_str()]["content"]["application/json"]
        ["schema"]
        .as_object()
        .map(|o| Value::Object(o.clone()))
}

async fn document(app: &TestApp) -> Value {
    let (status, document) = call(app, "get", "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    document
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_route_answers_in_its_documented_shape() {
    let app = spawn(false).await;
    let token = organisation_with_token(&app, "parks", "owner").await;
    let document = document(&app).await;
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    let strict = closed(&document);

    let id = create_from_template(&app, &token).await.to_string();
    let answered = create_from_template(&app, &token).await;
    let (_, published) = call(
        &app,
        "post",
        &format!("/api/v1/surveys/{answered}/publish"),
        Some(&token),
        None,
    )
    .await;
    let slug = published["slug"].as_str().unwrap().to_owned();
    let submit = format!("/api/v1/public/surveys/{slug}/responses");
    let body = json!({ "version": 1, "answers": support::template_answers() });
    let (status, _) = call(&app, "post", &submit, None, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED);

    // Every operation, closing the fresh survey last (after it is published).
    let mut operations: Vec<(&String, &String, &Value)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .iter()
                .map(move |(m, op)| (path, m, op))
        })
        .collect();
    operations.sort_by_key(|(path, _, _)| path.ends_with("/close"));
    let mut checked = 0;
    for (path, method, operation) in operations {
        {
            // The answered survey has results; the fresh one is safe to publish and close.
            let target =
                if path.contains("results") || path.contains("charts") || path.ends_with(".csv") {
                    answered.to_string()
                } else {
                    id.clone()
                };
            let url = path
                .replace("{id}", &target)
                .replace("{slug}", &slug)
                .replace("{file}", "ranking-reasons.svg");
            let body = match (method.as_str(), path.as_str()) {
                ("put", _) => {
                    Some(json!({ "questions": [{ "id": "n", "type": "nps", "prompt": "?" }] }))
                }
                ("post", "/api/v1/surveys") => {
                    Some(json!({ "template": "why-members-join", "title": "Ours" }))
                }
                ("post", p) if p.ends_with("/responses") => {
                    Some(json!({ "version": 1, "answers": support::template_answers() }))
                }
                _ => None,
            };
            if let Some(body) = &body {
                let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
                assert!(
                    schema.is_object(),
                    "{method} {path} documents no request body"
                );
                conforms(&strict, schema, body)
                    .unwrap_or_else(|e| panic!("{method} {path} request: {e}"));
            }
            let mut request = app
                .client
                .request(method.to_uppercase().parse().unwrap(), app.url(&url))
                .bearer_auth(&token);
            if let Some(body) = &body {
                request = request.json(body);
            }
            let response = request.send().await.unwrap();
            let status = response.status();
            let content_type = response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            let text = response.text().await.unwrap();
            assert!(status.is_success(), "{method} {path}: {status} {text}");
            let documented = &operation["responses"][status.as_str()];
            assert!(
                documented.is_object(),
                "{method} {path} answered {status}, which it does not document"
            );
            if content_type.starts_with("text/csv") || content_type.starts_with("image/") {
                let media_type = content_type.split(';').next().unwrap_or_default();
                assert!(
                    documented["content"][media_type].is_object(),
                    "{method} {path}: {content_type} is not documented"
                );
            } else {
                let schema = answer_schema(&document, method, path, status)
                    .unwrap_or_else(|| panic!("{method} {path}: no JSON schema for {status}"));
                if !path.ends_with("openapi.json") {
                    assert!(
                        schema.to_string().contains("$ref"),
                        "{method} {path}: a bare schema {schema}"
                    );
                }
                let answer: Value = serde_json::from_str(&text).unwrap();
                conforms(&strict, &schema, &answer)
                    .unwrap_or_else(|e| panic!("{method} {path} answer: {e}\n{answer:#}"));
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 13, "every operation of API v1 was called");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_answer_in_the_documented_error_shape() {
    let app = spawn(false).await;
    let token = organisation_with_token(&app, "parks", "viewer").await;
    let document = document(&app).await;
    let strict = closed(&document);
    let refusals = [
        (
            "get",
            "/api/v1/surveys",
            None,
            None,
            StatusCode::UNAUTHORIZED,
        ),
        (
            "post",
            "/api/v1/surveys",
            Some(&token),
            Some(json!({ "template": "why-members-join" })),
            StatusCode::FORBIDDEN,
        ),
        (
            "get",
            "/api/v1/surveys/{id}",
            Some(&token),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            "get",
            "/api/v1/surveys/{id}/results",
            Some(&token),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            "post",
            "/api/v1/public/surveys/{slug}/responses",
            None,
            Some(json!({ "version": 1, "answers": {} })),
            StatusCode::NOT_FOUND,
        ),
    ];
    for (method, path, token, body, expected) in refusals {
        let url = path
            .replace("{id}", "987654")
            .replace("{slug}", "no-such-survey");
        let (status, answer) = call(&app, method, &url, token.map(String::as_str), body).await;
        assert_eq!(status, expected, "{method} {path}: {answer}");
        let schema = answer_schema(&document, method, path, status)
            .unwrap_or_else(|| panic!("{method} {path}: {status} is not documented"));
        conforms(&strict, &schema, &answer)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}\n{answer:#}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_documented_bounds_are_the_validators() {
    let app = spawn(false).await;
    let document = document(&app).await;
    let limits = Limits::default();
    let schemas = &document["components"]["schemas"];
    assert_eq!(
        schemas["Definition"]["properties"]["questions"]["maxItems"],
        limits.max_questions
    );
    assert_eq!(
        schemas["Item"]["properties"]["label"]["maxLength"],
        limits.max_label_chars
    );
    assert_eq!(
        schemas["CreateSurvey"]["properties"]["title"]["maxLength"],
        limits.max_title_chars
    );
    assert_eq!(
        schemas["ResponseSubmission"]["properties"]["display_name"]["maxLength"],
        limits.max_display_name_chars
    );
    let kind = |name: &str| {
        schemas["QuestionKind"]["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["properties"]["type"]["enum"][0] == name)
            .unwrap_or_else(|| panic!("no {name} kind in {:#}", schemas["QuestionKind"]))
            .clone()
    };
    assert_eq!(
        kind("ranking")["properties"]["items"]["maxItems"],
        limits.ranking_items.1
    );
    assert_eq!(
        kind("single_choice")["properties"]["choices"]["minItems"],
        limits.choices.0
    );
    assert_eq!(
        kind("text")["properties"]["max_length"]["maximum"],
        limits.max_text_length
    );
    let prompt_bounded = schemas["Question"]["allOf"]
        .as_array()
        .unwrap()
        .iter()
        .any(|part| part["properties"]["prompt"]["maxLength"] == limits.max_prompt_chars);
    assert!(prompt_bounded, "{:#}", schemas["Question"]);

    // One past each bound is refused by the server as the document says.
    let token = organisation_with_token(&app, "parks", "owner").await;
    let long_title = "t".repeat(limits.max_title_chars + 1);
    let (status, answer) = call(
        &app,
        "post",
        "/api/v1/surveys",
        Some(&token),
        Some(json!({ "title": long_title })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let questions: Vec<Value> = (0..=limits.max_questions)
        .map(|i| json!({ "id": format!("q{i}"), "type": "nps", "prompt": "?" }))
        .collect();
    let (status, answer) = call(
        &app,
        "post",
        "/api/v1/surveys",
        Some(&token),
        Some(json!({ "definition": { "questions": questions } })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
}

//! The OpenAPI 3.1 description of API v1, served at `/api/v1/openapi.json`. Paths and schemas are
//! derived from the handlers and the wire types; the bounds a survey must keep (how many
//! questions, how long a prompt …) come from `domain::survey::Limits`, which the validator
//! enforces, so the document cannot promise what the server refuses.

use crate::web::error::ErrorBody;
use axum::Json;
use domain::survey::Limits;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::LazyLock;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr};
use utoipa::{IntoResponses, OpenApi as _, ToSchema};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Kindred API",
        version = "1",
        description = "Build and publish member surveys and read their results. Authenticate with an organisation's API token: `Authorization: Bearer kdr_…`. Owners create tokens under Organisation settings or with `kindred token create`."
    ),
    security(("bearer" = [])),
    components(schemas(ErrorBody))
)]
struct ApiDoc;

/// The document before any route is added: its title, security scheme and error schema.
pub fn base() -> OpenApi {
    let mut doc = ApiDoc::openapi();
    if let Some(components) = doc.components.as_mut() {
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
    doc
}

/// An error answer in the one error shape.
fn error(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(ErrorBody::name())))
                .build(),
        )
        .into()
}

/// What any token-authenticated operation on one survey may answer besides its own success.
pub struct TokenErrors;

impl IntoResponses for TokenErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        BTreeMap::from([
            (
                "401".into(),
                error("Missing, unknown or revoked token (code `unauthorized`)."),
            ),
            (
                "403".into(),
                error("The token's role may not do this (code `forbidden`)."),
            ),
            (
                "404".into(),
                error("No such survey in the token's organisation (code `not_found`)."),
            ),
        ])
    }
}

/// The finished document as JSON: the limits written into the schemas they bound.
pub fn finish(doc: OpenApi) -> Value {
    let mut document = serde_json::to_value(doc).unwrap_or_else(|_| json!({}));
    apply_limits(&mut document, &Limits::default());
    document
}

/// Writes `limits` into the survey and response schemas.
fn apply_limits(document: &mut Value, limits: &Limits) {
    let Some(schemas) = document.pointer_mut("/components/schemas") else {
        return;
    };
    let id =
        json!({ "pattern": "^[a-z0-9_-]+$", "minLength": 1, "maxLength": limits.max_id_chars });
    let label = json!({ "maxLength": limits.max_label_chars });
    for item in ["Item", "LikertItem"] {
        constrain(schemas, &format!("/{item}/properties/id"), &id);
        constrain(schemas, &format!("/{item}/properties/label"), &label);
    }
    constrain(
        schemas,
        "/Definition/properties/questions",
        &json!({ "maxItems": limits.max_questions }),
    );
    let title = json!({ "maxLength": limits.max_title_chars });
    constrain(schemas, "/CreateSurvey/properties/title", &title);
    let name = json!({ "maxLength": limits.max_display_name_chars });
    constrain(
        schemas,
        "/ResponseSubmission/properties/display_name",
        &name,
    );
    // A question is its own fields (id, prompt, required) and one kind, told apart by `type`.
    if let Some(parts) = schemas
        .pointer_mut("/Question/allOf")
        .and_then(Value::as_array_mut)
    {
        for part in parts {
            constrain(part, "/properties/id", &id);
            constrain(
                part,
                "/properties/prompt",
                &json!({ "maxLength": limits.max_prompt_chars }),
            );
        }
    }
    let Some(kinds) = schemas
        .pointer_mut("/QuestionKind/oneOf")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for kind in kinds {
        let name = kind
            .pointer("/properties/type/enum/0")
            .and_then(Value::as_str)
            .unwrap_or("");
        let (field, (least, most)) = match name {
            "ranking" => ("items", limits.ranking_items),
            "likert" => ("items", (1, limits.likert_items)),
            "single_choice" | "multiple_choice" => ("choices", limits.choices),
            "text" => {
                let length = json!({ "minimum": 1, "maximum": limits.max_text_length });
                constrain(kind, "/properties/max_length", &length);
                continue;
            }
            _ => continue,
        };
        let count = json!({ "minItems": least, "maxItems": most });
        constrain(kind, &format!("/properties/{field}"), &count);
    }
}

/// Adds the keywords of `bounds` to the schema at `pointer`, if there is one.
fn constrain(root: &mut Value, pointer: &str, bounds: &Value) {
    if let (Some(Value::Object(schema)), Value::Object(bounds)) =
        (root.pointer_mut(pointer), bounds)
    {
        for (keyword, value) in bounds {
            schema.insert(keyword.clone(), value.clone());
        }
    }
}

static DOCUMENT: LazyLock<Value> = LazyLock::new(super::document);

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    security(()),
    responses((status = 200, description = "The OpenAPI document.", body = Object))
)]
pub async fn serve() -> Json<Value> {
    Json(DOCUMENT.clone())
}

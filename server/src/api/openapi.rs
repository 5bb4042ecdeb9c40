//! The OpenAPI 3 description of API v1, served at `/api/v1/openapi.json`. A test checks that it
//! lists exactly the routes in `ROUTES` and that each of them answers.

use axum::Json;
use serde_json::{Value, json};

pub async fn document() -> Json<Value> {
    Json(spec())
}

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn survey_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Survey" } } } })
}

fn id_parameter() -> Value {
    json!([{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "format": "int64" } }])
}

fn filter_parameters() -> Value {
    let mut parameters = id_parameter();
    if let Some(list) = parameters.as_array_mut() {
        list.push(json!({ "name": "segment.{question id}", "in": "query", "required": false, "description": "Only respondents who chose this choice id in this segment question; repeat for several segments.", "schema": { "type": "string" } }));
        list.push(json!({ "name": "from", "in": "query", "required": false, "description": "First day (UTC, YYYY-MM-DD).", "schema": { "type": "string", "format": "date" } }));
        list.push(json!({ "name": "to", "in": "query", "required": false, "description": "Last day (UTC, YYYY-MM-DD), inclusive.", "schema": { "type": "string", "format": "date" } }));
    }
    parameters
}

pub fn spec() -> Value {
    let common_errors = json!({
        "401": error_response("Missing, unknown or revoked token (code `unauthorized`)."),
        "403": error_response("The token's role may not do this (code `forbidden`)."),
        "404": error_response("No such survey in the token's organisation (code `not_found`)."),
    });
    let with_errors = |mut responses: Value| {
        if let (Some(map), Some(errors)) = (responses.as_object_mut(), common_errors.as_object()) {
            for (status, response) in errors {
                map.entry(status.clone())
                    .or_insert_with(|| response.clone());
            }
        }
        responses
    };
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Kindred API",
            "version": "1",
            "description": "Build and publish member surveys. Authenticate with an organisation's API token: `Authorization: Bearer kdr_…`. Owners create tokens under Organisation settings or with `kindred token create`."
        },
        "security": [{ "bearer": [] }],
        "paths": {
            "/api/v1/surveys": {
                "get": {
                    "operationId": "listSurveys",
                    "summary": "The organisation's surveys, newest first.",
                    "responses": with_errors(json!({
                        "200": { "description": "The surveys.", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/SurveyListItem" } } } } }
                    }))
                },
                "post": {
                    "operationId": "createSurvey",
                    "summary": "Create a survey from a template, from a definition, or blank. Needs an owner or editor token.",
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CreateSurvey" } } } },
                    "responses": with_errors(json!({
                        "201": survey_response("The new draft survey."),
                        "422": error_response("An unknown template or an invalid definition (code `invalid_request`; `details` lists each problem).")
                    }))
                }
            },
            "/api/v1/surveys/{id}": {
                "get": {
                    "operationId": "getSurvey",
                    "summary": "One survey with its current draft definition.",
                    "parameters": id_parameter(),
                    "responses": with_errors(json!({ "200": survey_response("The survey.") }))
                }
            },
            "/api/v1/surveys/{id}/definition": {
                "put": {
                    "operationId": "replaceDefinition",
                    "summary": "Replace the draft's questions. Published versions are unchanged until the next publish.",
                    "parameters": id_parameter(),
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Definition" } } } },
                    "responses": with_errors(json!({
                        "200": survey_response("The survey with its new draft."),
                        "422": error_response("An invalid definition (code `invalid_request`).")
                    }))
                }
            },
            "/api/v1/surveys/{id}/publish": {
                "post": {
                    "operationId": "publishSurvey",
                    "summary": "Freeze the draft as the next version (if it changed) and accept answers.",
                    "parameters": id_parameter(),
                    "responses": with_errors(json!({
                        "200": survey_response("The published survey."),
                        "422": error_response("The draft cannot be published, e.g. it has no questions.")
                    }))
                }
            },
            "/api/v1/surveys/{id}/close": {
                "post": {
                    "operationId": "closeSurvey",
                    "summary": "Stop accepting answers. Publishing again reopens it.",
                    "parameters": id_parameter(),
                    "responses": with_errors(json!({
                        "200": survey_response("The closed survey."),
                        "409": error_response("Only a published survey can be closed (code `conflict`).")
                    }))
                }
            },
            "/api/v1/surveys/{id}/results": {
                "get": {
                    "operationId": "getResults",
                    "summary": "Every figure of the survey's dashboard, each with its n and, where one exists, its 95% interval. Any role.",
                    "parameters": filter_parameters(),
                    "responses": with_errors(json!({
                        "200": { "description": "The figures: responses, rankings (first choice, Plackett–Luce worth, mean rank, places), scales (mean, SD, alpha, distribution), overlap, NPS, choices, weeks, open answers.", "content": { "application/json": { "schema": { "type": "object" } } } },
                        "422": error_response("A filter names no segment of the survey, or a date is not YYYY-MM-DD (code `invalid_request`).")
                    }))
                }
            },
            "/api/v1/surveys/{id}/responses.csv": {
                "get": {
                    "operationId": "exportResponses",
                    "summary": "Every response as one CSV row (rankings as the rank of each item and the item in each place), streamed. Cells starting with = + - @ or a tab are prefixed with '. Same filters as the results.",
                    "parameters": filter_parameters(),
                    "responses": with_errors(json!({ "200": { "description": "CSV", "content": { "text/csv": {} } } }))
                }
            },
            "/api/v1/surveys/{id}/codebook.csv": {
                "get": {
                    "operationId": "exportCodebook",
                    "summary": "Describes every column of responses.csv and every code in it.",
                    "parameters": id_parameter(),
                    "responses": with_errors(json!({ "200": { "description": "CSV", "content": { "text/csv": {} } } }))
                }
            },
            "/api/v1/surveys/{id}/figures.csv": {
                "get": {
                    "operationId": "exportFigures",
                    "summary": "Every figure of the dashboard as CSV (section, question, what, figure, value, low, high, n). Same filters as the results.",
                    "parameters": filter_parameters(),
                    "responses": with_errors(json!({ "200": { "description": "CSV", "content": { "text/csv": {} } } }))
                }
            },
            "/api/v1/public/surveys/{slug}/responses": {
                "post": {
                    "operationId": "submitResponse",
                    "summary": "Submit one response to a published survey, for custom front-ends. No token and no cookie: anyone with the public link may answer. When the survey requires invite codes, `invite_code` keeps it to one response per code. The 201 comes only after the response is committed.",
                    "security": [],
                    "parameters": [{ "name": "slug", "in": "path", "required": true, "description": "The survey's public slug, the last part of /s/{slug}.", "schema": { "type": "string" } }],
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ResponseSubmission" } } } },
                    "responses": {
                        "201": { "description": "Stored.", "content": { "application/json": { "schema": { "type": "object", "required": ["id"], "properties": { "id": { "type": "integer", "format": "int64" } } } } } },
                        "404": error_response("No published survey has this slug (code `not_found`)."),
                        "409": error_response("The invite code was already used (code `invite_code_used`)."),
                        "410": error_response("The survey is closed (code `closed`)."),
                        "422": error_response("The response was refused (code `invalid_response`); `details` lists `{question, message}` per answer, or `{field, message}` for `version`, `invite_code`, `survey` (not open yet) or `display_name`. Nothing is stored."),
                        "429": error_response("Too many submissions from one address in a minute (code `rate_limited`).")
                    }
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document.",
                    "security": [],
                    "responses": { "200": { "description": "The OpenAPI document." } }
                }
            }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": { "error": {
                        "type": "object",
                        "required": ["code", "message", "details"],
                        "properties": {
                            "code": { "type": "string", "enum": ["invalid_request", "invalid_response", "conflict", "invite_code_used", "closed", "unauthorized", "forbidden", "not_found", "rate_limited", "internal"] },
                            "message": { "type": "string" },
                            "details": { "type": "array", "items": { "type": "object", "properties": { "field": { "type": "string" }, "question": { "type": "string" }, "message": { "type": "string" } } } }
                        }
                    } }
                },
                "SurveyListItem": {
                    "type": "object",
                    "required": ["id", "slug", "title", "status", "version", "public_url"],
                    "properties": {
                        "id": { "type": "integer", "format": "int64" },
                        "slug": { "type": "string" },
                        "title": { "type": "string" },
                        "status": { "type": "string", "enum": ["draft", "published", "closed"] },
                        "version": { "type": "integer", "nullable": true },
                        "public_url": { "type": "string", "format": "uri" }
                    }
                },
                "Survey": {
                    "allOf": [
                        { "$ref": "#/components/schemas/SurveyListItem" },
                        { "type": "object", "required": ["unpublished_changes", "definition"], "properties": {
                            "unpublished_changes": { "type": "boolean" },
                            "definition": { "$ref": "#/components/schemas/Definition" }
                        } }
                    ]
                },
                "ResponseSubmission": {
                    "type": "object",
                    "required": ["version", "answers"],
                    "additionalProperties": false,
                    "properties": {
                        "version": { "type": "integer", "description": "The survey version the respondent was shown (GET the survey's `version`)." },
                        "answers": {
                            "type": "object",
                            "description": "Question id → answer. ranking: array of item ids, most preferred first (all items, or at most top_k). likert: object item id → integer 1..points. overlap: integer 1–7. nps: integer 0–10. single_choice: a choice id. multiple_choice: array of choice ids; where the question offers “Other”, one element may be {\"other\": \"text\"}. text: a string of at most max_length characters. Leave out (or send null for) unanswered optional questions.",
                            "additionalProperties": true
                        },
                        "invite_code": { "type": "string", "description": "Required when the survey requires invite codes; single use." },
                        "display_name": { "type": "string", "maxLength": 60, "description": "Shown only on the respondent's identity card." }
                    }
                },
                "CreateSurvey": {
                    "type": "object",
                    "properties": {
                        "template": { "type": "string", "enum": ["why-members-join"] },
                        "title": { "type": "string", "maxLength": 150 },
                        "definition": { "$ref": "#/components/schemas/Definition" }
                    }
                },
                "Definition": {
                    "type": "object",
                    "required": ["questions"],
                    "properties": { "questions": { "type": "array", "maxItems": 100, "items": { "$ref": "#/components/schemas/Question" } } }
                },
                "Item": {
                    "type": "object",
                    "required": ["id", "label"],
                    "properties": { "id": { "type": "string", "pattern": "^[a-z0-9_-]{1,40}$" }, "label": { "type": "string", "maxLength": 200 }, "reverse": { "type": "boolean", "description": "Likert items only: reverse-keyed." } }
                },
                "Question": {
                    "type": "object",
                    "required": ["id", "type", "prompt"],
                    "properties": {
                        "id": { "type": "string", "pattern": "^[a-z0-9_-]{1,40}$" },
                        "type": { "type": "string", "enum": ["ranking", "likert", "overlap", "nps", "single_choice", "multiple_choice", "text"] },
                        "prompt": { "type": "string", "maxLength": 500 },
                        "required": { "type": "boolean" },
                        "items": { "type": "array", "items": { "$ref": "#/components/schemas/Item" }, "description": "ranking (2–10) and likert (statements)." },
                        "choices": { "type": "array", "items": { "$ref": "#/components/schemas/Item" }, "description": "single_choice and multiple_choice (2–50)." },
                        "top_k": { "type": "integer", "minimum": 1, "description": "ranking: rank only the first k." },
                        "points": { "type": "integer", "enum": [5, 7], "description": "likert." },
                        "scale": { "type": "string", "description": "likert: the named scale the statements belong to." },
                        "low_label": { "type": "string" },
                        "high_label": { "type": "string" },
                        "segment": { "type": "boolean", "description": "choice questions: offered as a dashboard filter." },
                        "other": { "type": "boolean", "description": "multiple_choice: adds “Other” with a text box." },
                        "long": { "type": "boolean", "description": "text: a paragraph box." },
                        "max_length": { "type": "integer", "minimum": 1, "maximum": 10000, "description": "text." }
                    }
                }
            }
        }
    })
}

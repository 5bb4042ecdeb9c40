//! The respondent page's form post. Accepted: a redirect to the thank-you page, sent only after
//! the response is committed. Refused: the same page rendered again with the status that fits
//! (422, 409, 410), every answer kept and each problem beside its question.

use super::cookie::{respondent_cookie, set_respondent_cookie};
use crate::backend::new_respondent_token;
use crate::router::page_context;
use crate::state::AppState;
use app::api::types::FormReplay;
use app::backend::{ClientIp, Responses, Submission, SubmittedAnswers};
use app::error::AppError;
use app::shell;
use axum::body::{Body, to_bytes};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::FieldError;
use leptos::prelude::{LeptosOptions, provide_context};

/// A survey form is a few kilobytes; this leaves room for long open answers.
const MAX_FORM_BYTES: usize = 256 * 1024;

/// The name of the field people never see; anything in it marks the sender as software.
pub const HONEYPOT_FIELD: &str = "website";

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, v)| n == name && !v.trim().is_empty())
        .map(|(_, v)| v.as_str())
}

pub async fn submit_embedded(
    state: State<AppState>,
    slug: Path<String>,
    request: Request,
) -> Response {
    submit(state, slug, request, true).await
}

pub async fn submit_page(state: State<AppState>, slug: Path<String>, request: Request) -> Response {
    submit(state, slug, request, false).await
}

async fn submit(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    request: Request,
    embedded: bool,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let fields: std::sync::Arc<[(String, String)]> = match to_bytes(body, MAX_FORM_BYTES)
        .await
        .ok()
        .and_then(|bytes| serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes).ok())
        .map(std::sync::Arc::from)
    {
        Some(fields) => fields,
        None => {
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                "The answers could not be read: the form was too large or malformed.",
            )
                .into_response();
        }
    };
    let base = if embedded {
        format!("/s/{slug}/embed")
    } else {
        format!("/s/{slug}")
    };

    // A browser that refused the cookie on the first visit gets one now, so that a reload after
    // answering shows "already answered".
    let (respondent, new_cookie) = match respondent_cookie(&parts.headers, &slug) {
        Some(token) => (token, None),
        None => {
            let token = new_respondent_token();
            let header = set_respondent_cookie(&slug, &token, state.cookie_policy.secure);
            (token, header)
        }
    };
    let ip = parts.extensions.get::<ClientIp>().map(|ip| ip.0);
    let mut response = if ip.is_some_and(|ip| !state.submit_limits.allow(ip, Some(&respondent))) {
        let error = AppError::TooManyAttempts(
            "Too many answers were sent from here in a short time. Please wait a minute and send again."
                .into(),
        );
        render_again(&state, &mut parts, fields, error).await
    } else if field(&fields, HONEYPOT_FIELD).is_some() {
        // Software that fills in the hidden field is thanked and nothing is stored.
        tracing::info!(%slug, "honeypot filled; response dropped");
        Redirect::to(&format!("{base}/thanks")).into_response()
    } else {
        let submission = Submission {
            slug: slug.clone(),
            version: field(&fields, "version").and_then(|v| v.trim().parse().ok()),
            invite_code: field(&fields, "invite_code").map(str::to_owned),
            display_name: field(&fields, "display_name").map(str::to_owned),
            with_card: true,
            respondent: Some(respondent),
            answers: SubmittedAnswers::Form(std::sync::Arc::clone(&fields)),
        };
        match state.backend.submit_response(submission).await {
            Ok(receipt) => {
                let to = match receipt.card {
                    Some(card) => format!("{base}/thanks?card={card}"),
                    None => format!("{base}/thanks"),
                };
                Redirect::to(&to).into_response()
            }
            Err(error) => render_again(&state, &mut parts, fields, error).await,
        }
    };
    if let Some(cookie) = new_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// Renders the respondent page again for a refused response, with the refusal's status.
async fn render_again(
    state: &AppState,
    parts: &mut axum::http::request::Parts,
    fields: std::sync::Arc<[(String, String)]>,
    error: AppError,
) -> Response {
    let status = error.http_status();
    let (errors, message) = match error {
        AppError::Validation(errors) => (errors, None),
        AppError::Conflict(e) => (Vec::<FieldError>::new(), Some(e.message)),
        AppError::Internal { .. } => {
            let id = parts
                .headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("unknown")
                .to_owned();
            (
                Vec::new(),
                Some(AppError::Internal { request_id: id }.to_string()),
            )
        }
        other => (Vec::new(), Some(other.to_string())),
    };
    let replay = FormReplay {
        fields: fields.to_vec(),
        errors,
        message,
    };
    let context = {
        let base = page_context(state.clone());
        move || {
            base();
            provide_context(replay.clone());
        }
    };
    let options = LeptosOptions::clone(&state.leptos_options);
    let render =
        leptos_axum::render_app_async_with_context(context, move || shell(options.clone()));
    parts.method = Method::GET;
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut response = render(Request::from_parts(parts.clone(), Body::empty())).await;
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

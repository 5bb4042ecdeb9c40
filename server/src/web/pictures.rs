//! Pictures served by address: a survey's QR code (`/s/{slug}/qr.svg`, `qr.png`; `?download=1`
//! saves it as a file) and a respondent's identity card (`/c/{token}/card.svg`, `card.png`).

use super::HttpError;
use crate::pictures::{card, qr};
use crate::state::AppState;
use app::backend::Responses;
use app::error::AppError;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum_extra::response::Attachment;
use serde::Deserialize;

fn not_found() -> HttpError {
    AppError::NotFound("There is no such picture.".into()).into()
}

/// Draws a PNG off the async threads: it takes a few milliseconds of CPU.
async fn drawn(
    what: &'static str,
    draw: impl FnOnce() -> anyhow::Result<Vec<u8>> + Send + 'static,
) -> Result<Vec<u8>, HttpError> {
    match tokio::task::spawn_blocking(draw).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(error)) => Err(crate::backend::internal(what, error).into()),
        Err(error) => Err(crate::backend::internal(what, error).into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct QrQuery {
    /// `?download=1` asks the browser to save the file instead of showing it.
    #[serde(default)]
    download: Option<String>,
}

pub async fn qr_code(
    State(state): State<AppState>,
    Path((slug, file)): Path<(String, String)>,
    Query(query): Query<QrQuery>,
) -> Result<Response, HttpError> {
    let format = match file.as_str() {
        "qr.svg" => "svg",
        "qr.png" => "png",
        _ => return Err(not_found()),
    };
    let url = state.backend.public_link(&slug).await?;
    let (body, content_type) = match format {
        "svg" => (
            qr::svg(&url)
                .map_err(|e| crate::backend::internal("drawing a QR code", e))?
                .into_bytes(),
            "image/svg+xml",
        ),
        _ => (
            drawn("drawing a QR code", move || qr::png(&url)).await?,
            "image/png",
        ),
    };
    Ok(if query.download.is_some() {
        Attachment::new(body)
            .filename(format!("survey-qr-code.{format}"))
            .content_type(content_type)
            .into_response()
    } else {
        ([(header::CONTENT_TYPE, content_type)], body).into_response()
    })
}

/// `GET /c/{token}/{file}`: `card.svg` or `card.png`.
pub async fn card_image(
    State(state): State<AppState>,
    Path((token, file)): Path<(String, String)>,
) -> Result<Response, HttpError> {
    let card = state.backend.identity_card(&token).await?;
    let cache = (
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    match file.as_str() {
        "card.svg" => Ok((
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("image/svg+xml"),
                ),
                cache,
                // Opened on its own, the card's SVG runs nothing and loads nothing, as logos.
                (
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(
                        "default-src 'none'; style-src 'unsafe-inline'; sandbox",
                    ),
                ),
            ],
            card::svg(&card),
        )
            .into_response()),
        "card.png" => {
            let bytes = drawn("drawing a card", move || card::png(&card)).await?;
            Ok((
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
                    cache,
                ],
                bytes,
            )
                .into_response())
        }
        _ => Err(not_found()),
    }
}

//! `POST /branding`, the branding form (brand name, colour and logo in one plain multipart form,
//! so it works without JavaScript and choosing a logo never loses a name typed before it), and
//! `GET /logos/{id}`, served so that an SVG can never run script.

use super::SessionCaller;
use crate::backend::{BrandingProblem, LogoChange};
use crate::state::AppState;
use crate::storage::LogoOwner;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};

/// What the branding form sent.
#[derive(Default)]
struct BrandingForm {
    target: String,
    back: String,
    brand_name: String,
    brand_colour: String,
    logo: Option<Vec<u8>>,
    remove_logo: bool,
    too_large: bool,
}

async fn read_branding_form(mut form: Multipart) -> BrandingForm {
    let mut read = BrandingForm::default();
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                if name == "logo" {
                    match field.bytes().await {
                        Ok(bytes) if !bytes.is_empty() => read.logo = Some(bytes.to_vec()),
                        Ok(_) => {}
                        Err(_) => read.too_large = true,
                    }
                    continue;
                }
                let value = field.text().await.unwrap_or_default();
                match name.as_str() {
                    "target" => read.target = value,
                    "back" => read.back = value,
                    "brand_name" => read.brand_name = value,
                    "brand_colour" => read.brand_colour = value,
                    "remove_logo" => read.remove_logo = !value.is_empty(),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(_) => {
                read.too_large = true;
                break;
            }
        }
    }
    read
}

/// `POST /branding`: the branding of the organisation (`target=organisation`, owners) or of one
/// survey (`target=<survey id>`, owners and editors): `brand_name`, `brand_colour`, and a new
/// `logo` file or `remove_logo`. Saved as a whole, then back to `back` with `?branding=saved`;
/// when any part is refused nothing is saved, and the page comes back with
/// `?branding_error=<code>` and what was typed, to show it again with the problem.
pub async fn save_branding(
    State(state): State<AppState>,
    SessionCaller(caller): SessionCaller,
    form: Multipart,
) -> Response {
    let form = read_branding_form(form).await;
    let back = domain::links::local_or(Some(&form.back), "/settings").to_owned();
    let separator = if back.contains('?') { '&' } else { '?' };
    let owner = match form.target.as_str() {
        "organisation" => LogoOwner::Organisation,
        id => match id.parse() {
            Ok(id) => LogoOwner::Survey(id),
            Err(_) => return Redirect::to(&back).into_response(),
        },
    };
    let logo = match (&form.logo, form.remove_logo) {
        (Some(bytes), _) => LogoChange::Replace(bytes),
        (None, true) => LogoChange::Remove,
        (None, false) => LogoChange::Keep,
    };
    let outcome = if form.too_large {
        Err(BrandingProblem::LogoTooLarge)
    } else {
        state
            .backend
            .save_branding(&caller, owner, &form.brand_name, &form.brand_colour, logo)
            .await
    };
    match outcome {
        Ok(()) => {
            Redirect::to(&format!("{back}{separator}branding=saved#branding")).into_response()
        }
        Err(problem) => {
            let typed = serde_urlencoded::to_string([
                ("branding_error", problem.code()),
                ("brand_name", form.brand_name.as_str()),
                ("brand_colour", form.brand_colour.as_str()),
            ])
            .unwrap_or_default();
            Redirect::to(&format!("{back}{separator}{typed}#branding")).into_response()
        }
    }
}

/// `GET /logos/{id}`: the image, cached, never able to run script even when it is an SVG opened
/// on its own.
pub async fn serve_logo(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, super::HttpError> {
    let logo = state.backend.logo(id).await?;
    let content_type = HeaderValue::from_str(&logo.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400, immutable"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
            ),
        ],
        logo.bytes,
    )
        .into_response())
}

//! Branding and logos. The branding form — brand name, colour and logo together — is one plain
//! multipart form (works without JavaScript) saved as a whole, so choosing a logo never loses a
//! name or colour typed before it. Logos are checked by their bytes, kept in the database and
//! served with headers that stop an SVG from ever running script.

use crate::backend::Kindred;
use crate::state::AppState;
use crate::storage::{LogoOwner, StoreError};
use app::api::request::SESSION_COOKIE;
use app::backend::{Accounts, Caller};
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

/// The largest logo accepted: plenty for a crisp logo, small enough for a fast survey page.
pub const MAX_LOGO_BYTES: usize = 512 * 1024;

/// What an upload turned out to be, decided from its first bytes, never from its name or the
/// type the browser claimed.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("image/jpeg");
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let head: String = text
        .trim_start_matches('\u{feff}')
        .chars()
        .take(2048)
        .collect();
    let head = head.trim_start();
    (head.starts_with('<') && head.contains("<svg")).then_some("image/svg+xml")
}

/// Why an upload was refused, as a code the settings and survey pages turn into a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoProblem {
    Empty,
    TooLarge,
    WrongType,
    NotAllowed,
    /// Storing it failed (logged); nothing to do with the file.
    NotSaved,
}

impl LogoProblem {
    pub fn code(self) -> &'static str {
        match self {
            LogoProblem::Empty => "empty",
            LogoProblem::TooLarge => "too_large",
            LogoProblem::WrongType => "wrong_type",
            LogoProblem::NotAllowed => "not_allowed",
            LogoProblem::NotSaved => "not_saved",
        }
    }
}

/// Checks an upload: PNG, JPEG or SVG, not empty, at most [`MAX_LOGO_BYTES`].
pub fn check_logo(bytes: &[u8]) -> Result<&'static str, LogoProblem> {
    if bytes.is_empty() {
        return Err(LogoProblem::Empty);
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(LogoProblem::TooLarge);
    }
    sniff(bytes).ok_or(LogoProblem::WrongType)
}

impl Kindred {
    /// Replaces (or with `None`, removes) the logo of the organisation (owners) or of one of its
    /// surveys (owners and editors).
    pub async fn set_logo(
        &self,
        caller: &Caller,
        owner: LogoOwner,
        upload: Option<&[u8]>,
    ) -> Result<(), LogoProblem> {
        let allowed = match owner {
            LogoOwner::Organisation => caller.role.can_manage_organisation(),
            LogoOwner::Survey(_) => caller.role.can_edit_surveys(),
        };
        if !allowed {
            return Err(LogoProblem::NotAllowed);
        }
        let result = match upload {
            Some(bytes) => {
                let content_type = check_logo(bytes)?;
                self.store()
                    .set_logo(
                        caller.organisation_id,
                        owner,
                        content_type,
                        bytes,
                        chrono::Utc::now().timestamp(),
                    )
                    .await
                    .map(|_| ())
            }
            None => self.store().clear_logo(caller.organisation_id, owner).await,
        };
        match result {
            Ok(()) => Ok(()),
            Err(StoreError::NotFound) => Err(LogoProblem::NotAllowed),
            Err(error) => {
                tracing::error!(%error, "storing a logo");
                Err(LogoProblem::NotSaved)
            }
        }
    }
}

/// The logged-in caller behind a plain form post, if the session cookie is valid.
pub async fn session_caller(state: &AppState, headers: &HeaderMap) -> Option<Caller> {
    let token = crate::respond::cookie::cookie(headers, SESSION_COOKIE)?;
    state.backend.caller(&token).await.ok()
}

/// Only a path on this site, so the form cannot be used to send people elsewhere.
fn safe_back(back: &str) -> &str {
    if back.starts_with('/') && !back.starts_with("//") && !back.contains('\\') {
        back
    } else {
        "/settings"
    }
}

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
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let Some(caller) = session_caller(&state, &headers).await else {
        return Redirect::to("/login").into_response();
    };
    let form = read_branding_form(form).await;
    let back = safe_back(&form.back).to_owned();
    let owner = match form.target.as_str() {
        "organisation" => LogoOwner::Organisation,
        id => match id.parse() {
            Ok(id) => LogoOwner::Survey(id),
            Err(_) => return Redirect::to(&back).into_response(),
        },
    };
    let refused = |code: &str| {
        let typed = serde_urlencoded::to_string([
            ("branding_error", code),
            ("brand_name", form.brand_name.as_str()),
            ("brand_colour", form.brand_colour.as_str()),
        ])
        .unwrap_or_default();
        let separator = if back.contains('?') { '&' } else { '?' };
        Redirect::to(&format!("{back}{separator}{typed}#branding")).into_response()
    };
    // Everything is checked before anything is written.
    if form.too_large {
        return refused(LogoProblem::TooLarge.code());
    }
    if let Some(bytes) = &form.logo
        && let Err(problem) = check_logo(bytes)
    {
        return refused(problem.code());
    }
    if app::domain::brand::parse_branding(&form.brand_name, &form.brand_colour).is_err() {
        return refused("fields");
    }
    let named = match owner {
        LogoOwner::Organisation => {
            use app::backend::Teams;
            state
                .backend
                .set_branding(&caller, &form.brand_name, &form.brand_colour)
                .await
        }
        LogoOwner::Survey(id) => {
            use app::backend::Surveys;
            state
                .backend
                .set_survey_branding(&caller, id, &form.brand_name, &form.brand_colour)
                .await
                .map(|_| ())
        }
    };
    match named {
        Ok(()) => {}
        Err(app::error::AppError::Validation(_)) => return refused("fields"),
        Err(app::error::AppError::Internal { .. }) => return refused("not_saved"),
        Err(_) => return refused(LogoProblem::NotAllowed.code()),
    }
    let logo = match (&form.logo, form.remove_logo) {
        (Some(bytes), _) => state.backend.set_logo(&caller, owner, Some(bytes)).await,
        (None, true) => state.backend.set_logo(&caller, owner, None).await,
        (None, false) => Ok(()),
    };
    match logo {
        Ok(()) => {
            let separator = if back.contains('?') { '&' } else { '?' };
            Redirect::to(&format!("{back}{separator}branding=saved#branding")).into_response()
        }
        Err(problem) => refused(problem.code()),
    }
}

/// `GET /logos/{id}`: the image, cached, never able to run script even when it is an SVG opened
/// on its own.
pub async fn serve_logo(State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    match state.store.logo(id).await {
        Ok(Some(logo)) => {
            let content_type = HeaderValue::from_str(&logo.content_type)
                .unwrap_or(HeaderValue::from_static("application/octet-stream"));
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("public, max-age=86400, immutable"),
                    ),
                    (
                        header::CONTENT_SECURITY_POLICY,
                        HeaderValue::from_static(
                            "default-src 'none'; style-src 'unsafe-inline'; sandbox",
                        ),
                    ),
                ],
                logo.bytes,
            )
                .into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "loading a logo");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_jpeg_and_svg_are_recognised_by_their_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some("image/svg+xml")
        );
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b"<html><script>alert(1)</script></html>"), None);
    }

    #[test]
    fn empty_oversized_and_foreign_files_are_refused() {
        assert_eq!(check_logo(b""), Err(LogoProblem::Empty));
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(MAX_LOGO_BYTES + 1, 0);
        assert_eq!(check_logo(&big), Err(LogoProblem::TooLarge));
        assert_eq!(check_logo(b"%PDF-1.7"), Err(LogoProblem::WrongType));
    }

    #[test]
    fn the_return_address_stays_on_this_site() {
        assert_eq!(safe_back("/surveys/3"), "/surveys/3");
        assert_eq!(safe_back("//evil.example"), "/settings");
        assert_eq!(safe_back("https://evil.example"), "/settings");
    }
}

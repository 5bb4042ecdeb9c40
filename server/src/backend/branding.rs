//! Branding: the brand name, colour and logo of the organisation (owners) or of one survey
//! (owners and editors), saved as a whole — when any part is refused, nothing is saved. Logos are
//! accepted by their bytes (PNG, JPEG or SVG, at most 512 KB), never by name or claimed type.

use super::Kindred;
use crate::storage::{LogoOwner, LogoRow, StoreError};
use app::backend::{Caller, Surveys, Teams};
use app::error::AppError;

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

/// Why branding was not saved, as a code the settings and survey pages turn into a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrandingProblem {
    /// The brand name or colour was refused (the page says which, from what was typed).
    Fields,
    EmptyLogo,
    LogoTooLarge,
    LogoWrongType,
    NotAllowed,
    /// Storing it failed (logged); nothing to do with what was sent.
    NotSaved,
}

impl BrandingProblem {
    pub fn code(self) -> &'static str {
        match self {
            BrandingProblem::Fields => "fields",
            BrandingProblem::EmptyLogo => "empty",
            BrandingProblem::LogoTooLarge => "too_large",
            BrandingProblem::LogoWrongType => "wrong_type",
            BrandingProblem::NotAllowed => "not_allowed",
            BrandingProblem::NotSaved => "not_saved",
        }
    }
}

/// Checks an upload: PNG, JPEG or SVG, not empty, at most [`MAX_LOGO_BYTES`].
pub fn check_logo(bytes: &[u8]) -> Result<&'static str, BrandingProblem> {
    if bytes.is_empty() {
        return Err(BrandingProblem::EmptyLogo);
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(BrandingProblem::LogoTooLarge);
    }
    sniff(bytes).ok_or(BrandingProblem::LogoWrongType)
}

/// What happens to the logo.
pub enum LogoChange<'a> {
    Keep,
    Replace(&'a [u8]),
    Remove,
}

impl Kindred {
    /// Saves brand name, colour and logo of `owner` as a whole: everything is checked first, and
    /// nothing is written when any part is refused.
    pub async fn save_branding(
        &self,
        caller: &Caller,
        owner: LogoOwner,
        brand_name: &str,
        colour: &str,
        logo: LogoChange<'_>,
    ) -> Result<(), BrandingProblem> {
        if let LogoChange::Replace(bytes) = logo {
            check_logo(bytes)?;
        }
        if domain::brand::parse_branding(brand_name, colour).is_err() {
            return Err(BrandingProblem::Fields);
        }
        let named = match owner {
            LogoOwner::Organisation => self.set_branding(caller, brand_name, colour).await,
            LogoOwner::Survey(id) => self
                .set_survey_branding(caller, id, brand_name, colour)
                .await
                .map(|_| ()),
        };
        match named {
            Ok(()) => {}
            Err(AppError::Validation(_)) => return Err(BrandingProblem::Fields),
            Err(AppError::Internal { .. }) => return Err(BrandingProblem::NotSaved),
            Err(_) => return Err(BrandingProblem::NotAllowed),
        }
        match logo {
            LogoChange::Keep => Ok(()),
            LogoChange::Replace(bytes) => self.set_logo(caller, owner, Some(bytes)).await,
            LogoChange::Remove => self.set_logo(caller, owner, None).await,
        }
    }

    /// Replaces (or with `None`, removes) the logo of the organisation (owners) or of one of its
    /// surveys (owners and editors).
    pub async fn set_logo(
        &self,
        caller: &Caller,
        owner: LogoOwner,
        upload: Option<&[u8]>,
    ) -> Result<(), BrandingProblem> {
        let allowed = match owner {
            LogoOwner::Organisation => caller.role.can_manage_organisation(),
            LogoOwner::Survey(_) => caller.role.can_edit_surveys(),
        };
        if !allowed {
            return Err(BrandingProblem::NotAllowed);
        }
        let result = match upload {
            Some(bytes) => {
                let content_type = check_logo(bytes)?;
                self.store
                    .set_logo(
                        caller.organisation_id,
                        owner,
                        content_type,
                        bytes,
                        self.now(),
                    )
                    .await
                    .map(|_| ())
            }
            None => self.store.clear_logo(caller.organisation_id, owner).await,
        };
        match result {
            Ok(()) => Ok(()),
            Err(StoreError::NotFound) => Err(BrandingProblem::NotAllowed),
            Err(error) => {
                tracing::error!(%error, "storing a logo");
                Err(BrandingProblem::NotSaved)
            }
        }
    }

    /// A logo, for anyone: logos are shown on public survey pages.
    pub async fn logo(&self, id: i64) -> Result<LogoRow, AppError> {
        self.store
            .logo(id)
            .await
            .map_err(super::failed("storage: logo"))?
            .ok_or_else(|| AppError::NotFound("There is no such logo.".into()))
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
        assert_eq!(check_logo(b""), Err(BrandingProblem::EmptyLogo));
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(MAX_LOGO_BYTES + 1, 0);
        assert_eq!(check_logo(&big), Err(BrandingProblem::LogoTooLarge));
        assert_eq!(check_logo(b"%PDF-1.7"), Err(BrandingProblem::LogoWrongType));
    }
}

//! The anonymous per-survey respondent cookie: a random token that lets Kindred refuse a second
//! response from the same browser. It identifies nobody and is scoped to the survey's own path.

use crate::backend::new_respondent_token;
use app::api::respond::respondent_cookie_name;
use app::backend::CookiePolicy;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use cookie::{Cookie, SameSite, time::Duration};

/// The survey slug of a respondent page (`/s/{slug}` or `/s/{slug}/embed`). A slug is URL-safe
/// base64 (letters, digits, `-`, `_`; see `new_public_slug`): anything else in its place is not a
/// survey, and never goes into a cookie's name or path.
pub fn respondent_slug(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/s/")?;
    let (slug, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let well_formed = (1..=64).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (well_formed && (tail.is_empty() || tail == "embed")).then_some(slug)
}

/// The respondent cookie's value in a request, if it has one.
pub fn respondent_cookie(headers: &axum::http::HeaderMap, slug: &str) -> Option<String> {
    cookie(headers, &respondent_cookie_name(slug))
}

/// The value of the request's cookie called `name`, if it has one.
pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// The `Set-Cookie` value that gives a browser its respondent token for one survey.
pub fn set_respondent_cookie(slug: &str, token: &str, secure: bool) -> Option<HeaderValue> {
    let cookie = Cookie::build((respondent_cookie_name(slug), token.to_owned()))
        .path(format!("/s/{slug}"))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(Duration::days(365))
        .build();
    HeaderValue::from_str(&cookie.to_string()).ok()
}

/// Gives a browser opening a respondent page its token if it has none, and shows the page the
/// token as if the browser had sent it, so the first visit is no different from later ones.
pub async fn ensure_respondent_cookie(
    State(policy): State<CookiePolicy>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let slug = match (request.method(), respondent_slug(request.uri().path())) {
        (&Method::GET, Some(slug)) => slug.to_owned(),
        _ => return next.run(request).await,
    };
    if respondent_cookie(request.headers(), &slug).is_some() {
        return next.run(request).await;
    }
    let token = new_respondent_token();
    let sent = format!("{}={token}", respondent_cookie_name(&slug));
    if let Ok(value) = HeaderValue::from_str(&sent) {
        request.headers_mut().append(header::COOKIE, value);
    }
    let mut response = next.run(request).await;
    // Only a survey that exists (its page answered) hands out a cookie.
    if !response.status().is_success() {
        return response;
    }
    if let Some(value) = set_respondent_cookie(&slug, &token, policy.secure) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::respondent_slug;

    #[test]
    fn only_respondent_pages_get_a_respondent_cookie() {
        assert_eq!(respondent_slug("/s/abc"), Some("abc"));
        assert_eq!(respondent_slug("/s/abc/embed"), Some("abc"));
        assert_eq!(respondent_slug("/s/abc/qr.svg"), None);
        assert_eq!(respondent_slug("/s/abc/thanks"), None);
        assert_eq!(respondent_slug("/surveys/1"), None);
        assert_eq!(respondent_slug("/s/Ab-9_x"), Some("Ab-9_x"));
        for crafted in [
            "/s/abc;Domain=evil.example;SameSite=None;x=",
            "/s/abc%3BDomain=evil.example",
            "/s/a b",
            "/s/",
            "/s/..",
        ] {
            assert_eq!(respondent_slug(crafted), None, "{crafted}");
        }
    }
}

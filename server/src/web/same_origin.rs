//! Refuses state-changing requests that a page of another origin made a browser send (cross-site
//! request forgery), including from a *sibling* origin — another port or subdomain of the same
//! site — which `SameSite=Lax` cookies do not stop. Server functions, plain form posts and log-in
//! alike; only the JSON API v1, which authenticates with bearer tokens (never cookies) or is
//! public by design, is left to CORS.

use crate::backend::Kindred;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The `host[:port]` of an absolute URL or an `Origin` value (`http://a.example:3000/x` →
/// `a.example:3000`), lower-cased.
fn authority(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    (!authority.is_empty()).then(|| authority.to_ascii_lowercase())
}

/// Whether a browser says this request came from this site's own pages. `origins` are the
/// authorities the site is reached at (the `Host` the request names and the public URL's). The
/// `Origin` header decides when present; else `Sec-Fetch-Site`; else the `Referer`; a request
/// with none of them comes from no browser page (curl, a script) and cannot carry a forged
/// intent.
pub fn from_this_site(headers: &HeaderMap, origins: &[String]) -> bool {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let ours = |url: &str| authority(url).is_some_and(|a| origins.contains(&a));
    if let Some(origin) = text(header::ORIGIN) {
        // `null` (sandboxed frames, some redirects) is no origin of ours.
        return ours(origin);
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    if let Some(referer) = text(header::REFERER) {
        return ours(referer);
    }
    true
}

/// Middleware: a `POST`, `PUT`, `PATCH` or `DELETE` outside `/api/v1/` from another origin is
/// answered 403 and never reaches a handler.
pub async fn refuse_cross_origin(
    State(backend): State<Arc<Kindred>>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let changes_state = matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    if !changes_state || request.uri().path().starts_with("/api/v1/") {
        return next.run(request).await;
    }
    let mut origins: Vec<String> = authority(&backend.public_url("/")).into_iter().collect();
    if let Some(host) = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
    {
        origins.push(host.to_ascii_lowercase());
    }
    if from_this_site(request.headers(), &origins) {
        return next.run(request).await;
    }
    tracing::info!(path = %request.uri().path(), "cross-origin request refused");
    (
        StatusCode::FORBIDDEN,
        "This request came from another site, so Kindred did not carry it out. \
         Open Kindred itself and try again there.",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn only_this_sites_own_pages_may_change_anything() {
        let ours = vec!["kindred.example:3000".to_owned()];
        let allowed = [
            headers(&[("origin", "http://kindred.example:3000")]),
            headers(&[("origin", "https://KINDRED.example:3000")]),
            headers(&[("sec-fetch-site", "same-origin")]),
            headers(&[("referer", "http://kindred.example:3000/settings")]),
            headers(&[]),
        ];
        for h in &allowed {
            assert!(from_this_site(h, &ours), "{h:?}");
        }
        let refused = [
            // Another port of the same host, as a sibling subdomain would be: same site.
            headers(&[("origin", "http://kindred.example:4000")]),
            headers(&[("origin", "http://evil.example")]),
            headers(&[("origin", "null")]),
            headers(&[("sec-fetch-site", "same-site")]),
            headers(&[("sec-fetch-site", "cross-site")]),
            headers(&[("referer", "http://kindred.example.evil.example/")]),
            // Origin decides even when a Referer looks right.
            headers(&[
                ("origin", "http://evil.example"),
                ("referer", "http://kindred.example:3000/"),
            ]),
        ];
        for h in &refused {
            assert!(!from_this_site(h, &ours), "{h:?}");
        }
    }
}

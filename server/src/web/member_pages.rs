//! The signed-in app's pages answer a browser without a valid session with `303 See Other` to log
//! in (and back), before any render. Deciding it inside the render — in `RequireMember`, once the
//! session has loaded — depends on the render's response options still being open when it does,
//! which a lazily loaded page's render does not promise; the page would then say "Please log in"
//! at its own address instead of sending the browser there. The caller checked here goes on
//! with the request (`CheckedSession`), so the render does not look the session up again.

use super::SessionCaller;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Sends visitors without a valid session from a member page to log in; passes everything else.
pub async fn send_visitors_to_log_in(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    if request.method() != Method::GET || !is_member_page(request.uri().path()) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    if let Err(log_in) = SessionCaller::from_request_parts(&mut parts, &state).await {
        return log_in.into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}

/// `/surveys`, `/surveys/{id}`, `/surveys/{id}/results`, `/settings` and `/account`: the pages
/// only members see (downloads under `/surveys/{id}/…` check their caller themselves).
pub fn is_member_page(path: &str) -> bool {
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    if matches!(path, "/surveys" | "/settings" | "/account") {
        return true;
    }
    let Some(rest) = path.strip_prefix("/surveys/") else {
        return false;
    };
    let (id, tail) = rest.split_once('/').unwrap_or((rest, ""));
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && matches!(tail, "" | "results")
}

#[cfg(test)]
mod tests {
    use super::is_member_page;

    #[test]
    fn member_pages_are_the_signed_in_apps_pages_only() {
        for page in [
            "/surveys",
            "/surveys/",
            "/surveys/12",
            "/surveys/12/results",
            "/settings",
            "/account",
        ] {
            assert!(is_member_page(page), "{page}");
        }
        for other in [
            "/",
            "/login",
            "/s/abc",
            "/surveys/12/charts/ranking-reasons.svg",
            "/surveys/12/responses.csv",
            "/surveys/x",
            "/surveysx",
            "/r/token",
        ] {
            assert!(!is_member_page(other), "{other}");
        }
    }
}

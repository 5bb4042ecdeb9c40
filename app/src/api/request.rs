//! What a server function needs from the HTTP request it runs in: the backend, the session cookie,
//! the client's address, and a way to set or clear the cookie on the response.

use crate::backend::{Caller, ClientIp, CookiePolicy, SessionGrant, SharedBackend};
use crate::error::AppError;
use cookie::{Cookie, SameSite, time::Duration};
use http::header::{COOKIE, SET_COOKIE};
use http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use std::net::IpAddr;

/// The session cookie's name over plain HTTP; behind HTTPS it is `__Host-kindred_session` (see
/// [`CookiePolicy::session_cookie`]).
pub const SESSION_COOKIE: &str = "kindred_session";

pub fn backend() -> Result<SharedBackend, AppError> {
    use_context::<SharedBackend>().ok_or_else(|| {
        tracing::error!("no backend in context: the router must provide one");
        AppError::Internal {
            request_id: request_id(),
        }
    })
}

/// The raw session token from the request's cookie, if any.
pub fn session_token() -> Option<String> {
    cookie_value(session_cookie())
}

fn session_cookie() -> &'static str {
    use_context::<CookiePolicy>()
        .unwrap_or(CookiePolicy { secure: false })
        .session_cookie()
}

/// The value of the request's cookie called `name`, if any.
pub fn cookie_value(name: &str) -> Option<String> {
    let parts = use_context::<Parts>()?;
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// The caller behind a request's session token once the server has checked it (the member-page
/// guard does, before the page renders), kept in the request's extensions so that the render's
/// server functions do not look the same session up again; used only for that same token.
#[derive(Debug, Clone)]
pub struct CheckedSession {
    pub token: String,
    pub caller: Caller,
}

/// The caller behind this request's session token: the one already checked in this request, or
/// looked up now.
pub async fn session_caller(token: &str) -> Result<Caller, AppError> {
    let checked =
        use_context::<Parts>().and_then(|parts| parts.extensions.get::<CheckedSession>().cloned());
    match checked {
        Some(checked) if checked.token == token => Ok(checked.caller),
        _ => backend()?.caller(token).await,
    }
}

/// The logged-in caller and their session token, or `Unauthenticated`.
pub async fn caller() -> Result<(Caller, String), AppError> {
    let token = session_token().ok_or_else(|| stamp(AppError::Unauthenticated))?;
    let caller = session_caller(&token).await.map_err(stamp)?;
    Ok((caller, token))
}

pub fn client_ip() -> Option<IpAddr> {
    use_context::<Parts>()?
        .extensions
        .get::<ClientIp>()
        .map(|ip| ip.0)
}

pub fn request_id() -> String {
    use_context::<Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Prepares a backend error for the response: the HTTP status that fits it (a refused input is a
/// 422, not a server failure), and this request's id in an internal error, so the person can
/// quote what the log shows.
pub fn stamp(err: AppError) -> AppError {
    err.set_page_status();
    match err {
        AppError::Internal { .. } => AppError::Internal {
            request_id: request_id(),
        },
        other => other,
    }
}

fn secure() -> bool {
    use_context::<CookiePolicy>().is_some_and(|p| p.secure)
}

pub fn set_session_cookie(grant: &SessionGrant) {
    let cookie = Cookie::build((session_cookie(), grant.token.clone()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure())
        .max_age(Duration::seconds(grant.max_age_seconds))
        .build();
    append_set_cookie(&cookie);
}

pub fn clear_session_cookie() {
    let cookie = Cookie::build((session_cookie(), ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure())
        .max_age(Duration::ZERO)
        .build();
    append_set_cookie(&cookie);
}

fn append_set_cookie(cookie: &Cookie<'_>) {
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(&cookie.to_string()),
    ) {
        response.append_header(SET_COOKIE, value);
    }
}

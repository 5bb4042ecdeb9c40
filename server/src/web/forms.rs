//! Request bodies are read whole before any handler runs, within a deadline ([`BODY_DEADLINE`]
//! unless the server's setup says otherwise): a client
//! that trickles a body a byte at a time (never pausing long enough for the per-read timeout)
//! cannot hold a request open for longer. Every body Kindred takes is small (1 MiB at most) and
//! read whole by its handler anyway.
//!
//! Form posts must also be UTF-8 text once percent-decoded. The form decoders behind server
//! functions and the respondent page replace undecodable bytes with U+FFFD, so `name=Ada%FF`
//! would be stored as "Ada�" — garbled and no longer what was sent. Such a post is refused whole
//! instead. Browsers always send Kindred's forms as UTF-8 (every page declares it), so only a
//! hand-made request meets this.

use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The longest a client may take to send a whole request body.
pub const BODY_DEADLINE: std::time::Duration = std::time::Duration::from_secs(30);

/// What the person is told; plain text, as for other refusals made before a handler runs.
const UNDECODABLE: &str = "The form could not be read: part of it was not UTF-8 text. \
                           Please send it again from Kindred's page.";

/// The state is the deadline alone: a middleware's state is cloned for every request.
pub async fn read_bodies_whole(
    State(deadline): State<std::time::Duration>,
    request: Request<Body>,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let (parts, body) = request.into_parts();
    // The body limit layer outside this one bounds what is read here.
    let bytes = match tokio::time::timeout(deadline, to_bytes(body, usize::MAX)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(err)) => return refused_body(&err),
        Err(_) => {
            return plain(
                StatusCode::REQUEST_TIMEOUT,
                "The request took too long to arrive. Please send it again.",
            );
        }
    };
    if is_form && !decodes_as_utf8(&bytes) {
        return plain(StatusCode::BAD_REQUEST, UNDECODABLE);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// A body that could not be read: too large for the limit, or cut off or paused too long.
fn refused_body(err: &axum::Error) -> Response {
    let too_large =
        std::error::Error::source(err).is_some_and(|e| e.is::<http_body_util::LengthLimitError>());
    if too_large {
        plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request is too large (1 MiB at most).",
        )
    } else {
        plain(
            StatusCode::REQUEST_TIMEOUT,
            "The request did not arrive whole. Please send it again.",
        )
    }
}

fn plain(status: StatusCode, message: &'static str) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        message,
    )
        .into_response()
}

/// True when every name and value of the `application/x-www-form-urlencoded` body is UTF-8 once
/// its `+` and `%XX` escapes are decoded.
pub fn decodes_as_utf8(body: &[u8]) -> bool {
    // A `+` stands for a space, ASCII either way, so it changes nothing here; a piece without
    // escapes is checked where it lies.
    body.split(|b| *b == b'&' || *b == b'=').all(|piece| {
        let decoded: std::borrow::Cow<[u8]> = percent_encoding::percent_decode(piece).into();
        std::str::from_utf8(&decoded).is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::decodes_as_utf8;

    #[test]
    fn only_forms_that_decode_to_utf8_pass() {
        assert!(decodes_as_utf8(b"name=Ada+Lovelace&org=Caf%C3%A9"));
        assert!(decodes_as_utf8(b""));
        assert!(decodes_as_utf8("name=Zoë".as_bytes()));
        assert!(!decodes_as_utf8(b"name=Ada%FF%FE"));
        assert!(!decodes_as_utf8(b"na%C3me=x"));
        assert!(!decodes_as_utf8(b"name=\xff"));
    }
}

//! Form posts must be UTF-8 text once percent-decoded. The form decoders behind server functions
//! and the respondent page replace undecodable bytes with U+FFFD, so `name=Ada%FF` would be
//! stored as "Ada�" — garbled and no longer what was sent. Such a post is refused whole instead,
//! before any handler reads it. Browsers always send Kindred's forms as UTF-8 (every page
//! declares it), so only a hand-made request meets this.

use axum::body::{Body, to_bytes};
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// What the person is told; plain text, as for other refusals made before a handler runs.
const UNDECODABLE: &str = "The form could not be read: part of it was not UTF-8 text. \
                           Please send it again from Kindred's page.";

pub async fn refuse_undecodable_forms(request: Request<Body>, next: Next) -> Response {
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    // The body limit layer outside this one bounds what is read here.
    let bytes = match to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    if !decodes_as_utf8(&bytes) {
        return (
            StatusCode::BAD_REQUEST,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            UNDECODABLE,
        )
            .into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// True when every name and value of the `application/x-www-form-urlencoded` body is UTF-8 once
/// its `+` and `%XX` escapes are decoded.
pub fn decodes_as_utf8(body: &[u8]) -> bool {
    body.split(|b| *b == b'&' || *b == b'=').all(|piece| {
        let spaced: Vec<u8> = piece
            .iter()
            .map(|b| if *b == b'+' { b' ' } else { *b })
            .collect();
        percent_encoding::percent_decode(&spaced)
            .decode_utf8()
            .is_ok()
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

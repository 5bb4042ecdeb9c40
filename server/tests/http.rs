//! Black-box tests of the HTTP surface: a real server on a free port over a fresh SQLite file.

mod support;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, SET_COOKIE};
use support::app::spawn;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_health_check_reports_the_database() {
    let app = spawn(false).await;
    let response = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers().contains_key("x-request-id"),
        "every response carries its request id"
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "status": "ok", "database": "sqlite" })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_sets_a_session_cookie_that_scripts_cannot_read() {
    let app = spawn(false).await;
    let response = app.sign_up("ada@example.org").await;
    assert!(response.status().is_success(), "{:?}", response.status());
    let cookie = response
        .headers()
        .get(SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("kindred_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    let token = cookie
        .trim_start_matches("kindred_session=")
        .split(';')
        .next()
        .unwrap();
    assert!(token.len() >= 43, "at least 256 bits of base64: {token}");
    assert_eq!(app.db.store.totals().await.unwrap().sessions, 1);

    let me = app
        .client
        .post(format!("{}/api/current_user", app.base))
        .send()
        .await
        .unwrap();
    let me: serde_json::Value = me.json().await.unwrap();
    assert_eq!(me["email"], "ada@example.org");
    assert_eq!(me["role"], "owner");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_https_the_cookie_is_secure() {
    let app = spawn(true).await;
    let response = app.sign_up("ada@example.org").await;
    let cookie = response
        .headers()
        .get(SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_sign_up_answers_with_field_messages_and_stores_nothing() {
    let app = spawn(false).await;
    let response = app.sign_up("not-an-email").await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a refused input is not a server failure"
    );
    let body = response.text().await.unwrap();
    assert!(body.contains("is not an email address"), "{body}");
    assert_eq!(app.db.store.totals().await.unwrap(), Default::default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_cookie_is_cleared_and_treated_as_a_visitor() {
    let app = spawn(false).await;
    let response = app
        .client
        .post(format!("{}/api/current_user", app.base))
        .header("cookie", "kindred_session=forged-value")
        .send()
        .await
        .unwrap();
    let cleared = response
        .headers()
        .get(SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert_eq!(response.text().await.unwrap(), "null");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_calling_a_member_function_gets_401() {
    let app = spawn(false).await;
    let response = app
        .client
        .post(app.url("/api/list_surveys"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.text().await.unwrap(), "\"Unauthenticated\"");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logging_out_ends_the_session_on_the_server() {
    let app = spawn(false).await;
    app.sign_up("ada@example.org").await;
    let response = app
        .client
        .post(format!("{}/api/log_out", app.base))
        .header(ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success() || response.status().is_redirection());
    assert_eq!(app.db.store.totals().await.unwrap().sessions, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_are_refused_before_they_are_read() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn(false).await;
    // Announce a 2 MiB body and send none of it: the answer must come from the header alone.
    let mut stream = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .unwrap();
    stream
        .write_all(
            b"POST /api/log_in HTTP/1.1\r\nHost: kindred\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 2097152\r\n\r\n",
        )
        .await
        .unwrap();
    let mut answer = vec![0; 64];
    let read = stream.read(&mut answer).await.unwrap();
    let status_line = String::from_utf8_lossy(&answer[..read]).to_string();
    assert!(status_line.starts_with("HTTP/1.1 413"), "{status_line}");
}

//! Server-rendered pages over HTTP. Kept in a test binary of their own, and every page render in
//! one test on one server: next to the many short-lived test servers of `http.rs` in one process,
//! a page render occasionally never finished, while a single server — as in production —
//! renders hundreds of pages at once without trouble. Tests elsewhere call server functions and
//! download files, which do not render pages.

mod support;

use reqwest::StatusCode;
use reqwest::header::ACCEPT;
use support::app::spawn;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_on_the_server_and_may_not_be_framed() {
    let app = spawn(false).await;
    // Member pages send visitors to log in, and back afterwards.
    let response = app
        .client
        .get(format!("{}/settings", app.base))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/login?next=%2Fsettings");
    // … whatever the request accepts: a bare client gets the same redirect, never a 200.
    for accept in ["*/*", "application/json"] {
        let response = app
            .client
            .get(format!("{}/surveys", app.base))
            .header(ACCEPT, accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{accept}");
        assert_eq!(response.headers()["location"], "/login?next=%2Fsurveys");
    }
    // … with the page's own query kept whole, so a filtered dashboard comes back filtered.
    let response = app
        .client
        .get(format!(
            "{}/surveys/3/results?segment.tenure=new&from=2026-01-01",
            app.base
        ))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["location"],
        "/login?next=%2Fsurveys%2F3%2Fresults%3Fsegment.tenure%3Dnew%26from%3D2026-01-01"
    );

    let response = app.client.get(&app.base).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-frame-options"], "DENY");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    for directive in [
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ] {
        assert!(policy.contains(directive), "{policy}");
    }
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Learn why your members really join."),
        "{html}"
    );
    // Scripts: Kindred's files and the inline scripts that carry this response's nonce, which
    // every inline script Leptos wrote has; a script injected into a page would not.
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no script nonce in {policy}"));
    assert!(
        policy.contains("script-src 'self' 'nonce-") && policy.contains("'wasm-unsafe-eval'"),
        "{policy}"
    );
    let scripts: Vec<&str> = html.split("<script").skip(1).collect();
    assert!(!scripts.is_empty());
    for script in scripts {
        let tag = script.split('>').next().unwrap_or_default();
        assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "<script{tag}>");
    }
    // A new nonce for every response.
    let again = app.client.get(&app.base).send().await.unwrap();
    assert!(
        !again.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains(nonce)
    );

    let missing = app
        .client
        .get(format!("{}/no/such/page", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.text().await.unwrap().contains("Page not found"));

    // Pages go out compressed to browsers that accept it.

    let plain = app
        .client
        .get(format!("{}/", app.base))
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.bytes().await.unwrap();
    assert!(String::from_utf8_lossy(&plain).contains("<html"));

    for encoding in ["br", "gzip"] {
        let response = app
            .client
            .get(format!("{}/", app.base))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers().get("content-encoding").unwrap(),
            encoding
        );
        let body = response.bytes().await.unwrap();
        assert!(
            body.len() * 2 < plain.len(),
            "{encoding}: {} bytes for a {}-byte page",
            body.len(),
            plain.len()
        );
        if encoding == "gzip" {
            assert_eq!(&body[..2], &[0x1f, 0x8b], "a gzip stream");
        }
    }

    // Answers to a logged-in browser are never stored by it or a proxy.

    let session = support::session_token(&app.sign_up("ada@example.org").await);
    for path in ["/settings", "/surveys", "/api/current_user"] {
        let response = app
            .client
            .get(app.url(path))
            .header("cookie", format!("kindred_session={session}"))
            .header(ACCEPT, "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
}

//! A member page asked for with no session or one the server does not know answers 303 to
//! log in and back, decided before the page renders; with a valid session it renders.

mod support;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, COOKIE};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn member_pages_send_visitors_without_a_valid_session_to_log_in() {
    let app = support::app::spawn(false).await;
    let (_, survey) = app.owner_with_published_survey("ada@example.org").await;
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut pages = support::app::TestApp::member_pages(survey.id);
    // With a query, which the way back to the page keeps.
    pages.push(format!("/surveys/{}/results?from=2026-01-01", survey.id));
    // A token of the right shape that no session has.
    let tampered = "A".repeat(43);
    for page in &pages {
        // The owner's own session renders the page.
        let own = app
            .client
            .get(app.url(page))
            .header(ACCEPT, "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(own.status(), StatusCode::OK, "{page}");
        for cookie in [None, Some(format!("kindred_session={tampered}"))] {
            let mut request = bare.get(app.url(page)).header(ACCEPT, "text/html");
            if let Some(cookie) = &cookie {
                request = request.header(COOKIE, cookie);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::SEE_OTHER,
                "{page} with {cookie:?}"
            );
            let location = response.headers()["location"].to_str().unwrap();
            assert_eq!(location, domain::links::log_in_then(page), "{page}");
        }
    }
    // Pages anyone may see are left alone.
    for page in [
        "/".to_owned(),
        "/login".to_owned(),
        format!("/s/{}", survey.slug),
    ] {
        let response = bare.get(app.url(&page)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{page}");
    }
}

//! Every page render — signed-in pages that load their code lazily included — sends a
//! Content-Security-Policy whose script nonce every inline script of the page carries, on every
//! request, not most: a page sent without it cannot hydrate (its inline scripts are refused).

mod support;

use reqwest::header::ACCEPT;

/// The nonce of `policy`'s `script-src`, if it has one.
fn nonce_of(policy: &str) -> Option<&str> {
    policy.split("'nonce-").nth(1)?.split('\'').next()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_render_carries_the_nonce_of_its_scripts() {
    let app = support::app::spawn(false).await;
    let (_, survey) = app.owner_with_published_survey("ada@example.org").await;
    let mut pages = support::app::TestApp::member_pages(survey.id);
    pages.extend(["/".to_owned(), format!("/s/{}", survey.slug)]);
    for page in &pages {
        for _ in 0..25 {
            let response = app
                .client
                .get(app.url(page))
                .header(ACCEPT, "text/html")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{page}");
            let policy = response.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            let html = response.text().await.unwrap();
            let nonce = nonce_of(&policy).unwrap_or_else(|| panic!("{page}: no nonce in {policy}"));
            for script in html.split("<script").skip(1) {
                let tag = script.split('>').next().unwrap_or_default();
                assert!(
                    tag.contains(&format!("nonce=\"{nonce}\"")),
                    "{page}: <script{tag}>"
                );
            }
        }
    }
}

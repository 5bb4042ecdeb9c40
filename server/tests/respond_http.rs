//! The respondent page over HTTP, as a browser without JavaScript uses it: the page, a refused
//! form coming back as a 422 page with every answer kept, the redirect to the thank-you page after
//! the commit, "already answered", the embed route's framing, the honeypot and the card images.
//! A test binary of its own, like `pages.rs`, because it renders pages.

mod support;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, LOCATION, SET_COOKIE};
use support::app::spawn;

/// The template's required answers as form fields, with the ranking places given.
fn form(places: [&str; 3]) -> Vec<(String, String)> {
    let mut fields = vec![("version".to_owned(), "1".to_owned())];
    for (item, place) in ["identity", "connections", "community"].iter().zip(places) {
        fields.push((format!("reasons[{item}]"), place.to_owned()));
    }
    for item in [
        "reflects_me",
        "identify",
        "personal_connection",
        "shows_others",
        "who_i_want_to_be",
        "suits_me",
    ] {
        fields.push((format!("brand_fit[{item}]"), "6".to_owned()));
    }
    for (name, value) in [
        ("overlap", "6"),
        ("nps", "9"),
        ("member_type", "member"),
        ("years", "1_2"),
        ("says_about_you", "That I <b>care</b> & show up"),
        ("display_name", ""),
        ("website", ""),
    ] {
        fields.push((name.to_owned(), value.to_owned()));
    }
    fields
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_respondent_without_javascript_answers_once() {
    let app = spawn(false).await;
    let (_, survey) = app.owner_with_published_survey("ada@example.org").await;
    let page_url = app.url(&format!("/s/{}", survey.slug));

    // A fresh client stands for the respondent's browser.
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = browser.get(&page_url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["x-frame-options"], "DENY");
    let cookie = page.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with(&format!("kindred_r_{}=", survey.slug))
            && cookie.contains(&format!("Path=/s/{}", survey.slug))
            && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"method="post""#), "a plain form");
    assert!(
        html.contains("Friends of the Park"),
        "in the organisation's name"
    );
    assert!(
        html.contains("<legend>"),
        "questions are fieldsets with legends"
    );

    // Two items in first place: the page comes back as 422, the problem beside the ranking and
    // every answer (including the text, escaped) still there.
    let refused = browser
        .post(&page_url)
        .form(&form(["1", "1", "2"]))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    std::fs::write("/tmp/refused.html", &html).ok();
    assert!(
        html.contains("1st place to both"),
        "message beside the question"
    );
    assert!(html.contains("Please check one answer"), "an error summary");
    assert!(
        html.contains("That I &lt;b&gt;care&lt;/b&gt; &amp; show up"),
        "typed text kept and escaped"
    );
    assert!(
        html.contains(r#"value="9" checked"#)
            || html.contains(r#"checked="" value="9""#)
            || html.contains("value=\"9\" checked=\"\""),
        "the NPS answer is still chosen"
    );
    assert_eq!(
        app.db
            .store
            .response_totals(survey.id)
            .await
            .unwrap()
            .responses,
        0
    );

    // Corrected: stored, then sent to the thank-you page with the card.
    let accepted = browser
        .post(&page_url)
        .form(&form(["2", "1", "3"]))
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), StatusCode::SEE_OTHER);
    let location = accepted.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("/s/{}/thanks?card=", survey.slug)),
        "{location}"
    );
    assert_eq!(
        app.db
            .store
            .response_totals(survey.id)
            .await
            .unwrap()
            .responses,
        1
    );

    let thanks = browser.get(app.url(&location)).send().await.unwrap();
    let html = thanks.text().await.unwrap();
    assert!(html.contains("Your answers are saved"), "{html}");
    let token = location.rsplit('=').next().unwrap();
    let svg = browser
        .get(app.url(&format!("/c/{token}/card.svg")))
        .send()
        .await
        .unwrap();
    assert_eq!(svg.headers()[CONTENT_TYPE], "image/svg+xml");
    assert!(
        svg.text()
            .await
            .unwrap()
            .contains("the people it connects me with")
    );
    let png = browser
        .get(app.url(&format!("/c/{token}/card.png")))
        .send()
        .await
        .unwrap();
    assert_eq!(png.headers()[CONTENT_TYPE], "image/png");
    assert!(png.bytes().await.unwrap().starts_with(b"\x89PNG"));
    let share = browser
        .get(app.url(&format!("/c/{token}")))
        .send()
        .await
        .unwrap();
    let html = share.text().await.unwrap();
    assert!(html.contains(r#"property="og:image""#), "Open Graph tags");
    assert!(html.contains(&format!("/c/{token}/card.png")));

    // The same browser again: a friendly page, nothing stored.
    let again = browser.get(&page_url).send().await.unwrap();
    assert!(again.text().await.unwrap().contains("already answered"));
    // Sending again soon after (a double click, a reload of the posting page) leads to the same
    // thank-you page and card, and stores nothing more.
    let twice = browser
        .post(&page_url)
        .form(&form(["1", "2", "3"]))
        .send()
        .await
        .unwrap();
    assert_eq!(twice.status(), StatusCode::SEE_OTHER);
    assert_eq!(twice.headers()[LOCATION], location.as_str());
    assert_eq!(
        app.db
            .store
            .response_totals(survey.id)
            .await
            .unwrap()
            .responses,
        1
    );

    // Software that fills in the hidden field is thanked and ignored.
    let bot = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut fields = form(["1", "2", "3"]);
    fields.retain(|(name, _)| name != "website");
    fields.push(("website".into(), "http://spam.example".into()));
    let response = bot.post(&page_url).form(&fields).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.db
            .store
            .response_totals(survey.id)
            .await
            .unwrap()
            .responses,
        1
    );

    // The embed route may be framed; it posts to itself and thanks inside the frame.
    let embed = bot
        .get(app.url(&format!("/s/{}/embed", survey.slug)))
        .send()
        .await
        .unwrap();
    assert_eq!(embed.status(), StatusCode::OK);
    assert!(!embed.headers().contains_key("x-frame-options"));
    let policy = embed.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        policy.starts_with(
            "frame-ancestors *; object-src 'none'; base-uri 'none'; form-action 'self'; \
             script-src 'self' 'nonce-"
        ),
        "{policy}"
    );
    assert!(
        embed
            .text()
            .await
            .unwrap()
            .contains(&format!(r#"action="/s/{}/embed""#, survey.slug))
    );
    let accepted = bot
        .post(app.url(&format!("/s/{}/embed", survey.slug)))
        .form(&form(["3", "2", "1"]))
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), StatusCode::SEE_OTHER);
    assert!(
        accepted.headers()[LOCATION]
            .to_str()
            .unwrap()
            .starts_with(&format!("/s/{}/embed/thanks", survey.slug))
    );

    // An unknown link is a 404 page, and hands out no cookie; nor does a crafted one, whose
    // "attributes" never reach a Set-Cookie header.
    for path in [
        "/s/not-a-survey",
        "/s/abc;Domain=evil.example;SameSite=None;x=",
    ] {
        let missing = bot.get(app.url(path)).send().await.unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(
            missing.headers().get("set-cookie").is_none(),
            "{path}: {:?}",
            missing.headers().get("set-cookie")
        );
    }
}

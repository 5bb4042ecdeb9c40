//! Server-rendered pages with typed text in them: every text a person typed is escaped wherever it
//! lands — the `<title>`, meta tags, the page — and every page render finds the request's context
//! for all of its data, however many render at once.

mod support;

use app::backend::{Insights, Responses, Submission, SubmittedAnswers, Surveys};
use reqwest::header::ACCEPT;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tracing::Subscriber;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::{Layer, Registry};

const PAYLOAD: &str =
    "</title><script src=//127.0.0.1:9/x.js></script><img src=x onerror=alert(1)>";
const ESCAPED: &str = "&lt;/title&gt;&lt;script src=//127.0.0.1:9/x.js&gt;&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;";

/// Counts the error events logged while the test runs.
#[derive(Clone, Default)]
struct Errors(Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<String>>>);

impl<S: Subscriber> Layer<S> for Errors {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if *event.metadata().level() == tracing::Level::ERROR {
            self.0.fetch_add(1, Ordering::SeqCst);
            let mut text = String::new();
            event.record(
                &mut |field: &tracing::field::Field, value: &dyn std::fmt::Debug| {
                    text.push_str(&format!("{}={value:?} ", field.name()));
                },
            );
            self.1.lock().unwrap().push(text);
        }
    }
}

/// The `<title>` of a page.
fn title(html: &str) -> &str {
    let start = html.find("<title>").expect("a title") + "<title>".len();
    let end = html[start..].find("</title>").expect("the title ends") + start;
    &html[start..end]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_text_is_escaped_in_the_title_and_everywhere_else_it_lands() {
    let app = support::app::spawn(false).await;
    let (owner, survey) = app.owner_with_published_survey("ada@example.org").await;
    let kindred = app.kindred();
    {
        use app::backend::Teams;
        kindred.set_branding(&owner, PAYLOAD, "").await.unwrap();
    }
    kindred
        .save_survey(
            &owner,
            survey.id,
            PAYLOAD,
            domain::survey::why_members_join(PAYLOAD),
        )
        .await
        .unwrap();
    kindred.publish_survey(&owner, survey.id).await.unwrap();
    let receipt = kindred
        .submit_response(Submission {
            slug: survey.slug.clone(),
            version: Some(2),
            answers: SubmittedAnswers::Json(
                support::template_answers().as_object().unwrap().clone(),
            ),
            invite_code: None,
            respondent: None,
            display_name: Some("<b>Ana</b>".into()),
            with_card: true,
        })
        .await
        .unwrap();
    let share = kindred
        .create_share_link(&owner, survey.id, 7, true)
        .await
        .unwrap();
    let share_path = share.url.trim_start_matches(&app.base).to_owned();
    let card = receipt.card.expect("a card");

    let slug = &survey.slug;
    let pages = [
        format!("/s/{slug}"),
        format!("/s/{slug}/embed"),
        format!("/surveys/{}", survey.id),
        format!("/surveys/{}/results", survey.id),
        share_path,
        format!("/c/{card}"),
    ];
    for path in &pages {
        eprintln!("rendering {path}");
        let html = app.html(path).await;
        assert!(
            !html.contains("<script src=//127.0.0.1:9") && !html.contains("<img src=x"),
            "{path}: the payload reached the page as markup"
        );
        assert!(
            title(&html).contains(ESCAPED),
            "{path}: the title shows the payload as text: {}",
            title(&html)
        );
    }
    // The refused form, as the server sends it back.
    let refused = app
        .client
        .post(app.url(&format!("/s/{slug}")))
        .form(&[("version", "2"), ("says_about_you", PAYLOAD)])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    assert!(title(&html).contains(ESCAPED), "{}", title(&html));
    assert!(!html.contains("<script src=//127.0.0.1:9"));
    // The identity card's share page carries the brand in its Open Graph tags, escaped.
    let card_page = app
        .client
        .get(app.url(&format!("/c/{card}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(card_page.contains("og:description"));
    assert!(!card_page.contains("\"></title>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_rendered_side_by_side_all_find_their_request() {
    let errors = Errors::default();
    let _ = tracing::subscriber::set_global_default(Registry::default().with(errors.clone()));
    let app = support::app::spawn(false).await;
    let (_, survey) = app.owner_with_published_survey("ada@example.org").await;
    let paths = [
        format!("/surveys/{}", survey.id),
        format!("/surveys/{}/results", survey.id),
        "/settings".to_owned(),
        "/surveys".to_owned(),
    ];
    let renders = (0..24).map(|i| {
        let client = app.client.clone();
        let url = app.url(&paths[i % paths.len()]);
        tokio::spawn(async move {
            let html = client
                .get(url)
                .header(ACCEPT, "text/html")
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(!html.contains("Something went wrong"), "{html}");
        })
    });
    for render in renders.collect::<Vec<_>>() {
        render.await.unwrap();
    }
    assert_eq!(
        errors.0.load(Ordering::SeqCst),
        0,
        "errors logged while rendering: {:?}",
        errors.1.lock().unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn right_to_left_text_is_laid_out_in_its_own_direction() {
    let app = support::app::spawn(false).await;
    let (owner, survey) = app.owner_with_published_survey("ada@example.org").await;
    let kindred = app.kindred();
    let mut definition = domain::survey::why_members_join("Friends");
    definition.questions[5].prompt = "מה שלומך?".into();
    if let domain::survey::QuestionKind::Ranking { items, .. } = &mut definition.questions[0].kind {
        items[0].label = "זהות!".into();
    }
    kindred
        .save_survey(&owner, survey.id, "סקר חברים", definition)
        .await
        .unwrap();
    kindred.publish_survey(&owner, survey.id).await.unwrap();
    let mut answers = support::template_answers();
    answers["says_about_you"] = serde_json::json!("مرحبا!");
    kindred
        .submit_response(Submission {
            slug: survey.slug.clone(),
            version: Some(2),
            answers: SubmittedAnswers::Json(answers.as_object().unwrap().clone()),
            invite_code: None,
            respondent: None,
            display_name: None,
            with_card: false,
        })
        .await
        .unwrap();
    let page = |path: String| {
        let client = app.client.clone();
        let url = app.url(&path);
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let respondent = page(format!("/s/{}", survey.slug)).await;
    assert!(respondent.contains(r#"<h1 dir="auto">סקר חברים</h1>"#));
    assert!(
        respondent.contains("<bdi>מה שלומך?</bdi>"),
        "the prompt is isolated"
    );
    let results = page(format!("/surveys/{}/results", survey.id)).await;
    assert!(results.contains(r#"<blockquote dir="auto">مرحبا!</blockquote>"#));
    // In the charts the browser draws, a right-to-left label is isolated with its own direction.
    let chart = page(format!("/surveys/{}/charts/ranking-reasons.svg", survey.id)).await;
    assert!(chart.contains("\u{2068}זהות!\u{2069}"), "{chart}");
}

/// The `src` of every chart image on a page, as the browser would request it.
fn chart_sources(html: &str) -> Vec<String> {
    html.split("<img ")
        .skip(1)
        .map(|tag| &tag[..tag.find('>').expect("the tag ends")])
        .filter(|tag| tag.contains(r#"class="chart""#))
        .map(|tag| {
            let src = &tag[tag.find(r#"src=""#).expect("a src") + 5..];
            src[..src.find('"').expect("the src ends")].replace("&amp;", "&")
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_results_page_of_2000_responses_carries_figures_under_100_kb_and_charts_by_address() {
    use rand::SeedableRng;
    let app = support::app::spawn(false).await;
    let (owner, survey) = app.owner_with_published_survey("ada@example.org").await;
    let kindred = app.kindred();
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    let submissions: Vec<_> = (0..2000)
        .map(|_| Submission {
            slug: survey.slug.clone(),
            version: None,
            answers: SubmittedAnswers::Json(server::demo::synthetic(&mut rng)),
            invite_code: None,
            respondent: None,
            display_name: None,
            with_card: false,
        })
        .collect();
    for chunk in submissions.chunks(250) {
        let sent = futures_util::future::join_all(
            chunk.iter().map(|s| kindred.submit_response(s.clone())),
        )
        .await;
        assert!(sent.iter().all(Result::is_ok));
    }
    let share = kindred
        .create_share_link(&owner, survey.id, 7, false)
        .await
        .unwrap();
    let share_path = share.url.trim_start_matches(&app.base).to_owned();
    let filtered = format!("/surveys/{}/results?segment=member_type%3Dstaff", survey.id);

    for path in [
        format!("/surveys/{}/results", survey.id),
        filtered,
        share_path,
    ] {
        let html = app.html(&path).await;
        assert!(html.contains("2,000") || path.contains("segment"), "{path}");
        eprintln!("{path}: {} bytes of HTML", html.len());
        assert!(html.len() < 100_000, "{path}: {} bytes of HTML", html.len());
        assert!(
            !html.contains("<svg"),
            "{path}: charts are images, not inline"
        );
        let charts = chart_sources(&html);
        // Worth and places of the reasons, the two scales with their statements, overlap, NPS,
        // motive × fit, weeks.
        assert_eq!(charts.len(), 10, "{path}: {charts:?}");
        for src in charts {
            if path.contains("segment") {
                assert!(src.ends_with("?segment=member_type%3Dstaff"), "{src}");
            }
            let chart = app.client.get(app.url(&src)).send().await.unwrap();
            assert_eq!(chart.status(), reqwest::StatusCode::OK, "{src}");
            assert_eq!(chart.headers()["content-type"], "image/svg+xml", "{src}");
            assert_eq!(chart.headers()["cache-control"], "no-store", "{src}");
            assert!(chart.text().await.unwrap().contains("<svg"), "{src}");
        }
    }
}

/// A lazily loaded page answers with the status of what it shows, however many render at once:
/// a results filter it cannot read is a 422 beside the filter form, a survey of another
/// organisation a 404.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lazy_page_answers_with_the_status_of_what_it_shows() {
    let app = support::app::spawn(false).await;
    let (_owner, survey) = app.owner_with_published_survey("grace@example.org").await;
    let bad_filter = format!("/surveys/{}/results?from=2026-02-30", survey.id);
    let get = |path: String| {
        let request = app.client.get(app.url(&path)).header(ACCEPT, "text/html");
        async move {
            let response = request.send().await.unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let renders = (0..40).map(|i| {
        let path = if i % 2 == 0 {
            bad_filter.clone()
        } else {
            "/surveys/999999/results".to_owned()
        };
        get(path)
    });
    for (i, (status, html)) in futures_util::future::join_all(renders)
        .await
        .into_iter()
        .enumerate()
    {
        if i % 2 == 0 {
            assert_eq!(
                status,
                reqwest::StatusCode::UNPROCESSABLE_ENTITY,
                "{html:.300}"
            );
            assert!(html.contains("Change the filter above"), "{html:.300}");
        } else {
            assert_eq!(status, reqwest::StatusCode::NOT_FOUND, "{html:.300}");
            assert!(html.contains("Results not available"), "{html:.300}");
        }
    }
    // A refused filter is answered by its message, not echoed back: found by an attack, a
    // 15 KB query of 1,000 unknown segments drew a chip each, every chip's link repeating the
    // others — a 21 MB page.
    let many: Vec<String> = (0..1000).map(|i| format!("segment=q{i}%3Dx")).collect();
    let (status, html) = get(format!("/surveys/{}/results?{}", survey.id, many.join("&"))).await;
    assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("is not a segment of this survey"),
        "{html:.300}"
    );
    assert!(html.len() < 200_000, "a {} byte page", html.len());
}

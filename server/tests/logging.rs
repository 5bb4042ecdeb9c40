//! What the log says when people make mistakes: an ERROR line means something in Kindred failed,
//! so a wrong password, a rejected answer or a missing page log below ERROR.

mod support;

use reqwest::header::ACCEPT;
use std::sync::{Arc, Mutex};
use tracing::Subscriber;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::{Layer, Registry};

/// Every event logged in this test binary, as (level, fields).
#[derive(Clone, Default)]
struct Events(Arc<Mutex<Vec<(tracing::Level, String)>>>);

impl<S: Subscriber> Layer<S> for Events {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut text = String::new();
        event.record(
            &mut |field: &tracing::field::Field, value: &dyn std::fmt::Debug| {
                text.push_str(&format!("{}={value:?} ", field.name()));
            },
        );
        self.0
            .lock()
            .unwrap()
            .push((*event.metadata().level(), text));
    }
}

impl Events {
    fn at(&self, level: tracing::Level) -> Vec<String> {
        let events = self.0.lock().unwrap();
        events
            .iter()
            .filter(|(l, _)| *l == level)
            .map(|(_, text)| text.clone())
            .collect()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mistakes_people_make_are_not_logged_as_errors() {
    let events = Events::default();
    tracing::subscriber::set_global_default(Registry::default().with(events.clone()))
        .expect("the only subscriber of this test binary");
    let app = support::app::spawn(false).await;
    let (_, survey) = app.owner_with_published_survey("ada@example.org").await;

    let wrong_password = app
        .client
        .post(app.url("/api/log_in"))
        .header(ACCEPT, "application/json")
        .form(&[
            ("email", "ada@example.org"),
            ("password", "not the passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        wrong_password.status().is_client_error(),
        "{}",
        wrong_password.status()
    );

    let empty_form = app
        .client
        .post(app.url(&format!("/s/{}", survey.slug)))
        .form(&[("nothing", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(empty_form.status(), 422);

    let missing = app
        .client
        .get(app.url("/surveys/987654"))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);

    assert_eq!(events.at(tracing::Level::ERROR), Vec::<String>::new());
    assert!(
        events
            .at(tracing::Level::INFO)
            .iter()
            .any(|e| e.contains("password")),
        "the wrong password is still in the log, below ERROR: {:?}",
        events.at(tracing::Level::INFO)
    );
}

//! A real Kindred server on a free port over a fresh SQLite file, for black-box HTTP tests.

use super::TestDb;
use reqwest::header::ACCEPT;
use server::backend::{Kindred, Policy};
use server::router::router;
use server::state::{AppState, Setup};
use std::net::SocketAddr;
use std::sync::LazyLock;

/// One runtime serves every test server of a test binary. Leptos keeps process-wide rendering
/// state; servers living on the short runtimes of individual tests, which end while others still
/// render, now and then left a page render waiting forever.
static SERVERS: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime for test servers")
});

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: TestDb,
}

pub async fn spawn(secure_cookies: bool) -> TestApp {
    spawn_serving(secure_cookies, None).await
}

/// A test server whose static files (the WebAssembly bundle, the stylesheet …) come from
/// `site_root`.
pub async fn spawn_serving(secure_cookies: bool, site_root: Option<String>) -> TestApp {
    spawn_configured(move |setup| {
        setup.secure_cookies = secure_cookies;
        if let Some(root) = site_root {
            setup.leptos_options.site_root = root.into();
        }
    })
    .await
}

/// A test server set up as the defaults say, then as `configure` changes them.
pub async fn spawn_configured(configure: impl FnOnce(&mut Setup) + Send + 'static) -> TestApp {
    let (db, base) = SERVERS
        .spawn(start(configure))
        .await
        .expect("the test server starts");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp { base, client, db }
}

async fn start(configure: impl FnOnce(&mut Setup)) -> (TestDb, String) {
    let db = super::sqlite().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut setup = Setup::new(addr);
    setup.leptos_options.site_root = "target/site".into();
    setup.submit_limits = server::respond::SubmitLimits::new(1000, 100_000);
    configure(&mut setup);
    let state = AppState::build(db.store.clone(), setup);
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (db, format!("http://{addr}"))
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The page at `path` as this client's browser gets it.
    pub async fn html(&self, path: &str) -> String {
        self.client
            .get(self.url(path))
            .header(ACCEPT, "text/html")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// The backend over this server's database, for arranging what a test needs.
    pub fn kindred(&self) -> Kindred {
        Kindred::new(
            self.db.store.clone(),
            Policy {
                public_url: self.base.clone(),
                ..Policy::default()
            },
        )
    }

    /// Signs up over HTTP (so this client holds the owner's session) and publishes the
    /// "Why members join" template.
    pub async fn owner_with_published_survey(
        &self,
        email: &str,
    ) -> (app::backend::Caller, app::api::types::SurveySummary) {
        use app::backend::{Accounts, SurveySource, Surveys};
        let token = super::session_token(&self.sign_up(email).await);
        let kindred = self.kindred();
        let owner = kindred.caller(&token).await.unwrap();
        let template = SurveySource::Template(domain::survey::WHY_MEMBERS_JOIN.into());
        let survey = kindred.create_survey(&owner, template, None).await.unwrap();
        kindred.publish_survey(&owner, survey.id).await.unwrap();
        (owner, survey)
    }

    /// Every page only members see ([`server::web::member_pages::is_member_page`]), for a survey of theirs.
    pub fn member_pages(survey_id: i64) -> Vec<String> {
        vec![
            "/surveys".to_owned(),
            format!("/surveys/{survey_id}"),
            format!("/surveys/{survey_id}/results"),
            "/settings".to_owned(),
            "/account".to_owned(),
        ]
    }

    pub async fn sign_up(&self, email: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/sign_up"))
            .header(ACCEPT, "application/json")
            .form(&[
                ("organisation_name", "Friends of the Park"),
                ("name", "Ada"),
                ("email", email),
                ("password", "a long enough passphrase"),
            ])
            .send()
            .await
            .unwrap()
    }
}

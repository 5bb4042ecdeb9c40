//! The authorisation matrix: every server function, every API v1 endpoint and the session
//! downloads, called over HTTP by everyone who might call them — a visitor (holding a share
//! link), a viewer, an editor and an owner of organisation A, an owner of organisation B, and
//! API tokens of each role (and a session cookie without a token) — each outcome compared with
//! the table kept here. Another organisation's survey, member, invitation, token or share link
//! answers 404, never 403, so its existence is not revealed. The server-function table must name
//! every registered server function.

mod support;

use app::backend::{Accounts, Caller, Insights, NewAccountInput, SignUpInput, Surveys, Teams};
use domain::Role;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, COOKIE};
use serde_json::{Value, json};
use server::backend::Kindred;
use std::collections::BTreeSet;
use support::app::TestApp;

/// What a call must answer.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Let through: anything but 401, 403, 404 or a server error (the call may still refuse
    /// its arguments, 422, or find nothing to change, 409).
    Allowed,
    /// Exactly this status.
    Status(u16),
}

use Expect::{Allowed as A, Status as S};
const NO: Expect = S(401);
const FORBID: Expect = S(403);
const HIDDEN: Expect = S(404);

/// The people who call server functions, in the order of each table row's expectations.
const PEOPLE: [&str; 5] = ["visitor", "viewer", "editor", "owner", "other owner"];

/// The callers of API v1, in the order of each API row's expectations.
const API_CALLERS: [&str; 6] = [
    "no token",
    "owner's session cookie",
    "viewer token",
    "editor token",
    "owner token",
    "other owner's token",
];

/// What every caller of a row gets fresh, so that one caller's change never decides the next
/// caller's outcome: a draft survey, a share link, an invitation, an API token and a member of A
/// that may be removed.
struct Fresh {
    draft: i64,
    share_link: i64,
    invitation: i64,
    api_token: i64,
    member: i64,
}

struct World {
    kindred: Kindred,
    owner: Caller,
    survey: i64,
    slug: String,
    share_token: String,
    invitation_token: String,
    viewer_id: i64,
    definition: String,
    sessions: [Option<String>; 5],
    tokens: [Option<String>; 6],
    chart: String,
    counter: std::sync::atomic::AtomicUsize,
}

const PASSWORD: &str = "a long enough passphrase";

async fn member(kindred: &Kindred, owner: &Caller, role: Role, email: &str) -> (String, i64) {
    let link = kindred.invite(owner, role, None).await.unwrap();
    let grant = kindred
        .accept_invitation_with_new_account(
            &support::invitation_token(&link),
            NewAccountInput {
                name: "Member".into(),
                email: email.into(),
                password: PASSWORD.into(),
            },
            None,
        )
        .await
        .unwrap();
    let caller = kindred.caller(&grant.token).await.unwrap();
    (grant.token, caller.user_id)
}

async fn api_token(store: &dyn server::storage::Store, organisation: &str, role: &str) -> String {
    server::operator::create_token(store, organisation, role, "matrix", support::api::NOW)
        .await
        .unwrap()
}

async fn world(app: &TestApp) -> World {
    let kindred = app.kindred();
    let sign_up = |organisation: &str, email: &str| SignUpInput {
        organisation_name: organisation.into(),
        name: "Ada".into(),
        email: email.into(),
        password: PASSWORD.into(),
    };
    let owner_grant = kindred
        .sign_up(sign_up("Friends of the Park", "ada@example.org"), None)
        .await
        .unwrap();
    let owner = kindred.caller(&owner_grant.token).await.unwrap();
    let (viewer, viewer_id) = member(&kindred, &owner, Role::Viewer, "vi@example.org").await;
    let (editor, _) = member(&kindred, &owner, Role::Editor, "ed@example.org").await;
    let other = kindred
        .sign_up(sign_up("River Trust", "rita@example.org"), None)
        .await
        .unwrap();
    let template = app::backend::SurveySource::Template(domain::survey::WHY_MEMBERS_JOIN.into());
    let survey = kindred.create_survey(&owner, template, None).await.unwrap();
    kindred.publish_survey(&owner, survey.id).await.unwrap();
    support::backend::submit(&kindred, &survey.slug, support::template_answers()).await;
    let share = kindred
        .create_share_link(&owner, survey.id, 7, false)
        .await
        .unwrap();
    let invitation = kindred.invite(&owner, Role::Viewer, None).await.unwrap();
    let detail = kindred.survey(&owner, survey.id).await.unwrap();
    let definition = serde_json::to_string(&detail.draft).unwrap();

    let organisation = kindred.me(&owner).await.unwrap().organisation.slug;
    let other_caller = kindred.caller(&other.token).await.unwrap();
    let other_organisation = kindred.me(&other_caller).await.unwrap().organisation.slug;
    let store = app.db.store.as_ref();
    let tokens = [
        None,
        None,
        Some(api_token(store, &organisation, "viewer").await),
        Some(api_token(store, &organisation, "editor").await),
        Some(api_token(store, &organisation, "owner").await),
        Some(api_token(store, &other_organisation, "owner").await),
    ];
    let results: Value = app
        .client
        .get(app.url(&format!("/api/v1/surveys/{}/results", survey.id)))
        .bearer_auth(tokens[4].as_deref().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let chart = results["charts"][0]["svg"]
        .as_str()
        .expect("the results name their charts")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    World {
        owner,
        survey: survey.id,
        slug: survey.slug,
        share_token: share.url.rsplit('/').next().unwrap().to_owned(),
        invitation_token: support::invitation_token(&invitation),
        viewer_id,
        definition,
        sessions: [
            None,
            Some(viewer),
            Some(editor),
            Some(owner_grant.token.clone()),
            Some(other.token),
        ],
        tokens,
        chart,
        counter: Default::default(),
        kindred,
    }
}

impl World {
    /// New resources in organisation A for one caller's row.
    async fn fresh(&self) -> Fresh {
        let n = self
            .counter
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let k = &self.kindred;
        let draft = k
            .create_survey(&self.owner, app::backend::SurveySource::Blank, None)
            .await
            .unwrap()
            .id;
        k.create_share_link(&self.owner, self.survey, 7, false)
            .await
            .unwrap();
        let share_link = k
            .share_links(&self.owner, self.survey)
            .await
            .unwrap()
            .into_iter()
            .map(|l| l.id)
            .max()
            .unwrap();
        k.invite(&self.owner, Role::Editor, None).await.unwrap();
        let settings = k.organisation_settings(&self.owner).await.unwrap();
        let invitation = settings.invitations.iter().map(|i| i.id).max().unwrap();
        let api_token = k
            .create_api_token(&self.owner, &format!("row {n}"), Role::Viewer)
            .await
            .unwrap()
            .token
            .id;
        let (_, member) = member(k, &self.owner, Role::Viewer, &format!("m{n}@example.org")).await;
        Fresh {
            draft,
            share_link,
            invitation,
            api_token,
            member,
        }
    }
}

/// One server-function row: endpoint, form fields, and the outcome for each of [`PEOPLE`].
type Row = (&'static str, Vec<(&'static str, String)>, [Expect; 5]);

fn server_function_rows(w: &World, f: &Fresh) -> Vec<Row> {
    let survey = w.survey.to_string();
    let draft = f.draft.to_string();
    let any = [A; 5];
    vec![
        ("current_user", vec![], any),
        ("list_surveys", vec![], [NO, A, A, A, A]),
        (
            "load_survey",
            vec![("id", survey.clone())],
            [NO, A, A, A, HIDDEN],
        ),
        (
            "load_results",
            vec![("id", survey.clone()), ("query", String::new())],
            [NO, A, A, A, HIDDEN],
        ),
        (
            "load_filter_options",
            vec![("id", survey.clone())],
            [NO, A, A, A, HIDDEN],
        ),
        (
            "load_share_links",
            vec![("id", survey.clone())],
            [NO, A, A, A, HIDDEN],
        ),
        (
            "load_shared_results",
            vec![("token", w.share_token.clone()), ("query", String::new())],
            any,
        ),
        (
            "load_shared_filter_options",
            vec![("token", w.share_token.clone())],
            any,
        ),
        ("load_respondent_page", vec![("slug", w.slug.clone())], any),
        (
            "load_identity_card",
            vec![("token", "no-such-card".into())],
            [HIDDEN; 5],
        ),
        (
            "invitation_details",
            vec![("token", w.invitation_token.clone())],
            any,
        ),
        ("organisation_settings", vec![], [NO, FORBID, FORBID, A, A]),
        ("create_survey", vec![], [NO, FORBID, A, A, A]),
        (
            "save_survey",
            vec![
                ("id", draft.clone()),
                ("title", "Renamed".into()),
                ("definition", w.definition.clone()),
            ],
            [NO, FORBID, A, A, HIDDEN],
        ),
        (
            "schedule_survey",
            vec![
                ("id", draft.clone()),
                ("opens_on", String::new()),
                ("closes_on", String::new()),
            ],
            [NO, FORBID, A, A, HIDDEN],
        ),
        (
            "set_invite_code_required",
            vec![("id", draft.clone()), ("required", "false".into())],
            [NO, FORBID, A, A, HIDDEN],
        ),
        (
            "create_share_link",
            vec![("id", survey.clone()), ("days", "7".into())],
            [NO, FORBID, A, A, HIDDEN],
        ),
        (
            "revoke_share_link",
            vec![
                ("id", survey.clone()),
                ("link_id", f.share_link.to_string()),
            ],
            [NO, FORBID, A, A, HIDDEN],
        ),
        (
            "publish_survey",
            vec![("id", draft.clone())],
            [NO, FORBID, A, A, HIDDEN],
        ),
        (
            "close_survey",
            vec![("id", draft.clone())],
            [NO, FORBID, A, A, HIDDEN],
        ),
        (
            "rename_organisation",
            vec![("name", "Friends of the Park".into())],
            [NO, FORBID, FORBID, A, A],
        ),
        (
            "invite_member",
            vec![("role", "viewer".into())],
            [NO, FORBID, FORBID, A, A],
        ),
        (
            "revoke_invitation",
            vec![("invitation_id", f.invitation.to_string())],
            [NO, FORBID, FORBID, A, HIDDEN],
        ),
        (
            "change_member_role",
            vec![
                ("user_id", w.viewer_id.to_string()),
                ("role", "viewer".into()),
            ],
            [NO, FORBID, FORBID, A, HIDDEN],
        ),
        (
            "remove_member",
            vec![("user_id", f.member.to_string())],
            [NO, FORBID, FORBID, A, HIDDEN],
        ),
        (
            "create_api_token",
            vec![("token_name", "matrix".into()), ("role", "viewer".into())],
            [NO, FORBID, FORBID, A, A],
        ),
        (
            "revoke_api_token",
            vec![("token_id", f.api_token.to_string())],
            [NO, FORBID, FORBID, A, HIDDEN],
        ),
        // Taking a link or a password, not a role: open to all, each refusing what it is given.
        (
            "join_organisation",
            vec![("token", "no-such-invitation".into())],
            [NO, HIDDEN, HIDDEN, HIDDEN, HIDDEN],
        ),
        (
            "accept_invitation",
            vec![
                ("token", "no-such-invitation".into()),
                ("name", "Eve".into()),
                ("email", "eve@example.org".into()),
                ("password", PASSWORD.into()),
            ],
            [HIDDEN; 5],
        ),
        (
            "sign_up",
            vec![
                ("organisation_name", String::new()),
                ("name", String::new()),
                ("email", String::new()),
                ("password", String::new()),
            ],
            [S(422); 5],
        ),
        (
            "log_in",
            vec![("email", String::new()), ("password", String::new())],
            [S(422); 5],
        ),
        (
            "change_password",
            vec![
                ("current_password", "not the password".into()),
                ("new_password", "another long passphrase".into()),
            ],
            [NO, S(422), S(422), S(422), S(422)],
        ),
        // Changing the session: last.
        (
            "switch_organisation",
            vec![("organisation_id", w.owner.organisation_id.to_string())],
            [NO, A, A, A, HIDDEN],
        ),
        ("log_out", vec![], any),
    ]
}

/// One API row: method, path, JSON body, and the outcome for each of [`API_CALLERS`].
type ApiRow = (&'static str, String, Option<Value>, [Expect; 6]);

fn api_rows(w: &World, f: &Fresh) -> Vec<ApiRow> {
    let s = w.survey;
    let d = f.draft;
    let read = [NO, NO, A, A, A, HIDDEN];
    let write = [NO, NO, FORBID, A, A, HIDDEN];
    let definition: Value = serde_json::from_str(&w.definition).unwrap();
    vec![
        ("GET", "/api/v1/surveys".into(), None, [NO, NO, A, A, A, A]),
        (
            "POST",
            "/api/v1/surveys".into(),
            Some(json!({ "template": "why-members-join" })),
            [NO, NO, FORBID, A, A, A],
        ),
        ("GET", format!("/api/v1/surveys/{s}"), None, read),
        (
            "PUT",
            format!("/api/v1/surveys/{d}/definition"),
            Some(definition),
            write,
        ),
        ("POST", format!("/api/v1/surveys/{d}/publish"), None, write),
        ("POST", format!("/api/v1/surveys/{d}/close"), None, write),
        ("GET", format!("/api/v1/surveys/{s}/results"), None, read),
        ("GET", w.chart.clone(), None, read),
        (
            "GET",
            format!("/api/v1/surveys/{s}/responses.csv"),
            None,
            read,
        ),
        (
            "GET",
            format!("/api/v1/surveys/{s}/codebook.csv"),
            None,
            read,
        ),
        (
            "GET",
            format!("/api/v1/surveys/{s}/figures.csv"),
            None,
            read,
        ),
        (
            "POST",
            format!("/api/v1/public/surveys/{}/responses", w.slug),
            Some(json!({ "version": 1, "answers": support::template_answers() })),
            [A; 6],
        ),
        ("GET", "/api/v1/openapi.json".into(), None, [A; 6]),
    ]
}

/// The downloads a logged-in browser fetches with its session: path and outcome per [`PEOPLE`].
fn download_rows(w: &World) -> Vec<(String, [Expect; 5])> {
    let s = w.survey;
    let read = [S(303), A, A, A, HIDDEN];
    vec![
        (format!("/surveys/{s}/responses.csv"), read),
        (format!("/surveys/{s}/codebook.csv"), read),
        (format!("/surveys/{s}/figures.csv"), read),
        (w.chart.replace("/api/v1/surveys/", "/surveys/"), read),
    ]
}

fn verdict(expect: Expect, status: StatusCode) -> bool {
    match expect {
        Expect::Allowed => !matches!(status.as_u16(), 401 | 403 | 404) && !status.is_server_error(),
        Expect::Status(code) => status.as_u16() == code,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_caller_gets_exactly_what_the_matrix_allows() {
    let app = support::app::spawn(false).await;
    let w = world(&app).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut wrong = Vec::new();
    let mut checked = 0;

    // Every registered server function is in the table.
    let probe = w.fresh().await;
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    let tabled: BTreeSet<String> = server_function_rows(&w, &probe)
        .iter()
        .map(|(e, _, _)| (*e).to_owned())
        .collect();
    assert_eq!(registered, tabled, "the matrix names every server function");

    for (person, session) in PEOPLE.iter().zip(&w.sessions) {
        let fresh = w.fresh().await;
        for (endpoint, fields, expected) in server_function_rows(&w, &fresh) {
            let expect = expected[PEOPLE.iter().position(|p| p == person).unwrap()];
            let mut request = client
                .post(app.url(&format!("/api/{endpoint}")))
                .header(ACCEPT, "application/json")
                .form(&fields);
            if let Some(token) = session {
                request = request.header(COOKIE, format!("kindred_session={token}"));
            }
            let status = request.send().await.unwrap().status();
            checked += 1;
            if !verdict(expect, status) {
                wrong.push(format!(
                    "{person}: {endpoint} answered {status}, expected {expect:?}"
                ));
            }
        }
    }

    // Downloads by session (a fresh log-in each: the rows above logged everyone out).
    let emails = [
        "",
        "vi@example.org",
        "ed@example.org",
        "ada@example.org",
        "rita@example.org",
    ];
    for (i, person) in PEOPLE.iter().enumerate() {
        let session = if i == 0 {
            None
        } else {
            Some(
                w.kindred
                    .log_in(emails[i], PASSWORD, None)
                    .await
                    .unwrap()
                    .token,
            )
        };
        for (path, expected) in download_rows(&w) {
            let mut request = client.get(app.url(&path));
            if let Some(token) = &session {
                request = request.header(COOKIE, format!("kindred_session={token}"));
            }
            let status = request.send().await.unwrap().status();
            checked += 1;
            if !verdict(expected[i], status) {
                wrong.push(format!(
                    "{person}: GET {path} answered {status}, expected {:?}",
                    expected[i]
                ));
            }
        }
    }

    // API v1 by token; a session cookie is not a token.
    let owner_session = w
        .kindred
        .log_in("ada@example.org", PASSWORD, None)
        .await
        .unwrap()
        .token;
    for (i, caller) in API_CALLERS.iter().enumerate() {
        let fresh = w.fresh().await;
        for (method, path, body, expected) in api_rows(&w, &fresh) {
            let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let mut request = client.request(method.clone(), app.url(&path));
            if let Some(token) = &w.tokens[i] {
                request = request.header(AUTHORIZATION, format!("Bearer {token}"));
            }
            if i == 1 {
                request = request.header(COOKIE, format!("kindred_session={owner_session}"));
            }
            if let Some(body) = body {
                request = request.json(&body);
            }
            let status = request.send().await.unwrap().status();
            checked += 1;
            if !verdict(expected[i], status) {
                wrong.push(format!(
                    "{caller}: {method} {path} answered {status}, expected {:?}",
                    expected[i]
                ));
            }
        }
    }

    assert!(
        wrong.is_empty(),
        "{} of {checked} outcomes differ from the matrix:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    println!("authorisation matrix: {checked} outcomes as the table says");
}

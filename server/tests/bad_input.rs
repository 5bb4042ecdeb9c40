//! The bad-input corpus: malformed JSON, wrong types, huge bodies, deep nesting, invalid UTF-8,
//! NUL, bidi overrides, zero-width characters, emoji, SQL metacharacters and script/SVG/HTML
//! payloads, sent to the public submission endpoint, API v1 and the server functions. Each is
//! refused with a clear message (4xx, never 5xx) and leaves no row behind, or is stored inert:
//! byte for byte as sent, and written to CSV so no spreadsheet runs it. (That no stored payload
//! runs on any page is `end2end/tests/security.spec.js`, in Chromium.)

mod support;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::{Value, json};
use support::api::{call, create_from_template, organisation_with_token, publish};
use support::app::TestApp;

/// Payloads that are refused wherever text is typed: they would hide or reverse what a person
/// reads (or, NUL, cannot be stored on PostgreSQL).
const HIDDEN: [&str; 4] = [
    "a\u{0}b",
    "\u{202E}gnp.exe",
    "zero\u{200B}width",
    "bom\u{FEFF}",
];

/// Payloads stored as they are and shown as text.
const INERT: [&str; 6] = [
    "🏳️‍🌈 joined for the people 👩‍👩‍👧",
    "'; DROP TABLE responses; --",
    "\" OR 1=1 --",
    "<script>alert(1)</script>",
    "<svg onload=alert(2)><circle r=9 /></svg>",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
];

/// A refusal: a client error other than "not found", with a message for the person.
async fn assert_refused(response: reqwest::Response, what: &str) {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert!(
        status.is_client_error() && status != StatusCode::NOT_FOUND,
        "{what}: answered {status}: {body}"
    );
    let message = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
        .unwrap_or(body);
    assert!(
        message.chars().filter(|c| c.is_alphabetic()).count() >= 10,
        "{what}: no message for the person: {message:?}"
    );
}

async fn responses(app: &TestApp, survey: i64) -> i64 {
    app.db
        .store
        .response_totals(survey)
        .await
        .unwrap()
        .responses
}

/// The name of the organisation the app's client is logged in to.
async fn organisation_name(app: &TestApp) -> String {
    let me: Value = app
        .client
        .post(app.url("/api/current_user"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    me["organisation"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// A cell a spreadsheet would take for a formula (a negative number is just a number).
fn runs_as_formula(cell: &str) -> bool {
    let start = cell.trim_start();
    start.starts_with(['=', '+', '@']) || (start.starts_with('-') && cell.parse::<f64>().is_err())
}

fn nested(depth: usize) -> String {
    format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_submissions_are_refused_whole_and_odd_text_is_stored_inert() {
    let app = support::app::spawn(false).await;
    let token = organisation_with_token(&app, "parks", "owner").await;
    let id = create_from_template(&app, &token).await;
    let path = publish(&app, &token, id).await;
    let url = app.url(&path);
    // Each on a connection of its own: one refused before its body was read is closed by the
    // server, and a request sent on it after would fail with it.
    let raw = |body: Vec<u8>, content_type: &'static str| {
        app.client
            .post(&url)
            .header(CONTENT_TYPE, content_type)
            .header(reqwest::header::CONNECTION, "close")
            .body(body)
            .send()
    };

    // Bodies that are not the documented JSON at all.
    let mut invalid_utf8 = br#"{"version": 1, "answers": {"says_about_you": ""#.to_vec();
    invalid_utf8.extend([0xff, 0xfe, 0x80]);
    invalid_utf8.extend(br#""}}"#);
    let mut answers_deep = support::template_answers();
    answers_deep["says_about_you"] = Value::Null;
    let deep = format!(
        r#"{{"version": 1, "answers": {{"says_about_you": {}}}}}"#,
        nested(100_000)
    );
    let corpus: Vec<(&str, Vec<u8>, &'static str)> = vec![
        (
            "malformed JSON",
            br#"{"version": 1, "answers": {"#.to_vec(),
            "application/json",
        ),
        ("an array", b"[]".to_vec(), "application/json"),
        ("null", b"null".to_vec(), "application/json"),
        (
            "a string version",
            br#"{"version": "one", "answers": {}}"#.to_vec(),
            "application/json",
        ),
        (
            "answers as a list",
            br#"{"version": 1, "answers": []}"#.to_vec(),
            "application/json",
        ),
        (
            "a number too large",
            br#"{"version": 1e400, "answers": {}}"#.to_vec(),
            "application/json",
        ),
        ("invalid UTF-8", invalid_utf8, "application/json"),
        (
            "100,000 levels of nesting",
            deep.into_bytes(),
            "application/json",
        ),
        (
            "2 MB of JSON",
            {
                let mut big = br#"{"version": 1, "answers": {"says_about_you": ""#.to_vec();
                big.extend(std::iter::repeat_n(b'a', 2 * 1024 * 1024));
                big.extend(br#""}}"#);
                big
            },
            "application/json",
        ),
        ("not JSON", b"version=1".to_vec(), "text/plain"),
    ];
    for (what, body, content_type) in corpus {
        let sent = raw(body, content_type).await;
        if what == "2 MB of JSON" {
            // Refused by its Content-Length before it is read: the answer may reach the client
            // while it is still writing, and then the connection closes under it.
            match sent {
                Ok(response) => assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE),
                Err(error) => assert!(error.is_request(), "{error}"),
            }
            continue;
        }
        assert_refused(sent.unwrap(), what).await;
    }

    // Answers of the wrong type in every question, and text that hides characters.
    let mut wrong_types = Vec::new();
    for (question, value) in [
        ("reasons", json!("identity")),
        ("reasons", json!(["identity", "identity", "community"])),
        ("brand_fit", json!({ "reflects_me": "6" })),
        ("brand_fit", json!({ "reflects_me": 6.5 })),
        ("overlap", json!(-1)),
        ("nps", json!(11)),
        ("nps", json!(true)),
        ("member_type", json!("'; DROP TABLE responses; --")),
        ("says_about_you", json!({ "text": "x" })),
        ("says_about_you", json!("x".repeat(1001))),
    ] {
        let mut answers = support::template_answers();
        answers[question] = value.clone();
        wrong_types.push((format!("{question} = {value}"), answers));
    }
    for hidden in HIDDEN {
        let mut answers = support::template_answers();
        answers["says_about_you"] = json!(hidden);
        wrong_types.push((format!("says_about_you = {hidden:?}"), answers));
    }
    for (what, answers) in wrong_types {
        let response = app
            .client
            .post(&url)
            .json(&json!({ "version": 1, "answers": answers }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}"
        );
        assert_refused(response, &what).await;
    }
    assert_eq!(responses(&app, id).await, 0, "a refusal stored something");

    // Odd but legitimate text is stored as sent and exported formula-safe.
    for text in INERT {
        let mut answers = support::template_answers();
        answers["says_about_you"] = json!(text);
        let response = app
            .client
            .post(&url)
            .json(&json!({ "version": 1, "answers": answers }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED, "{text}");
    }
    assert_eq!(responses(&app, id).await, INERT.len() as i64);
    let (status, csv) = call(
        &app,
        "get",
        &format!("/api/v1/surveys/{id}/responses.csv"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let csv = csv.as_str().unwrap().to_owned();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "says_about_you")
        .expect("a says_about_you column");
    let mut exported: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[column].to_owned())
        .collect();
    exported.sort();
    let mut expected: Vec<String> = INERT
        .iter()
        .map(|t| {
            if t.starts_with('=') {
                format!("'{t}")
            } else {
                (*t).to_owned()
            }
        })
        .collect();
    expected.sort();
    assert_eq!(exported, expected);
    for record in csv::Reader::from_reader(csv.as_bytes()).records() {
        for cell in record.unwrap().iter() {
            assert!(
                !runs_as_formula(cell),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_definitions_and_names_are_refused_and_change_nothing() {
    let app = support::app::spawn(false).await;
    let token = organisation_with_token(&app, "parks", "owner").await;
    let id = create_from_template(&app, &token).await;
    let definition_url = app.url(&format!("/api/v1/surveys/{id}/definition"));
    let (_, before) = call(
        &app,
        "get",
        &format!("/api/v1/surveys/{id}"),
        Some(&token),
        None,
    )
    .await;

    // Definitions: malformed, deeply nested, wrong types, hidden characters in its texts.
    let mut bodies: Vec<(String, Vec<u8>)> = vec![
        ("malformed".into(), br#"{"questions": ["#.to_vec()),
        (
            "nested".into(),
            format!(r#"{{"questions": {}}}"#, nested(50_000)).into_bytes(),
        ),
        ("a string".into(), br#""questions""#.to_vec()),
        (
            "questions as an object".into(),
            br#"{"questions": {}}"#.to_vec(),
        ),
    ];
    for hidden in HIDDEN {
        let mut definition = before["definition"].clone();
        definition["questions"][0]["prompt"] = json!(format!("Why {hidden}?"));
        bodies.push((
            format!("prompt {hidden:?}"),
            serde_json::to_vec(&definition).unwrap(),
        ));
        let mut definition = before["definition"].clone();
        definition["questions"][0]["items"][0]["label"] = json!(hidden);
        bodies.push((
            format!("item {hidden:?}"),
            serde_json::to_vec(&definition).unwrap(),
        ));
    }
    for (what, body) in bodies {
        let response = app
            .client
            .put(&definition_url)
            .bearer_auth(&token)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_refused(response, &what).await;
    }
    let (_, after) = call(
        &app,
        "get",
        &format!("/api/v1/surveys/{id}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(before, after, "a refused definition changed the survey");

    // Names through the server functions: sign-up leaves no organisation or person behind, a
    // rename leaves the name as it was.
    let totals = app.db.store.totals().await.unwrap();
    for hidden in HIDDEN {
        for (field, value) in [("organisation_name", hidden), ("name", hidden)] {
            let mut form = vec![
                ("organisation_name", "Friends of the Park"),
                ("name", "Ada"),
                ("email", "ada@example.org"),
                ("password", "a long enough passphrase"),
            ];
            form.retain(|(f, _)| *f != field);
            form.push((field, value));
            let response = app
                .client
                .post(app.url("/api/sign_up"))
                .header(ACCEPT, "application/json")
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_refused(response, &format!("sign-up {field} {value:?}")).await;
        }
    }
    let mut invalid_utf8 =
        b"organisation_name=Friends&name=Ada%FF%FE&email=ada%40example.org&password=".to_vec();
    invalid_utf8.extend(b"a+long+enough+passphrase");
    let response = app
        .client
        .post(app.url("/api/sign_up"))
        .header(ACCEPT, "application/json")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(invalid_utf8)
        .send()
        .await
        .unwrap();
    assert_refused(response, "sign-up with invalid UTF-8").await;
    assert_eq!(app.db.store.totals().await.unwrap(), totals);

    // Accepted names hold odd text as text.
    let signed_up = app.sign_up("ada@example.org").await;
    assert!(signed_up.status().is_success());
    let rename = |name: &str| {
        app.client
            .post(app.url("/api/rename_organisation"))
            .header(ACCEPT, "application/json")
            .form(&[("name", name)])
            .send()
    };
    for name in INERT {
        let response = rename(name).await.unwrap();
        assert!(response.status().is_success(), "{name}");
        assert_eq!(organisation_name(&app).await, *name);
    }
    for hidden in HIDDEN {
        let response = rename(hidden).await.unwrap();
        assert_refused(response, &format!("rename {hidden:?}")).await;
    }
    assert_eq!(organisation_name(&app).await, *INERT.last().unwrap());
}

/// What an attack on the running server found getting through, each as it was sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hand_made_calls_found_by_an_attack_are_refused_or_read_as_meant() {
    let app = support::app::spawn(false).await;
    let (_, survey) = app.owner_with_published_survey("ada@example.org").await;
    let post = |endpoint: &str, form: Vec<(&'static str, String)>| {
        app.client
            .post(app.url(&format!("/api/{endpoint}")))
            .header(ACCEPT, "application/json")
            .form(&form)
            .send()
    };

    // Names that hold a right-to-left mark, a tag character or a soft hyphen are refused
    // everywhere a name is typed, API token names and invitation emails included.
    for hidden in [
        "tok\u{202E}en",
        "ab\u{200F}cd",
        "x\u{E0041}y",
        "soft\u{AD}hyphen",
    ] {
        let refused = post(
            "create_api_token",
            vec![("token_name", hidden.into()), ("role", "viewer".into())],
        )
        .await
        .unwrap();
        assert_refused(refused, &format!("token name {hidden:?}")).await;
        let refused = post(
            "invite_member",
            vec![
                ("role", "viewer".into()),
                ("email", format!("{hidden}@example.org")),
            ],
        )
        .await
        .unwrap();
        assert_refused(refused, &format!("invitation email {hidden:?}")).await;
        let refused = post("rename_organisation", vec![("name", hidden.into())])
            .await
            .unwrap();
        assert_refused(refused, &format!("organisation name {hidden:?}")).await;
    }
    let settings: Value = post("organisation_settings", vec![])
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(settings["api_tokens"].as_array().unwrap().len(), 0);
    assert_eq!(settings["invitations"].as_array().unwrap().len(), 0);
    assert_eq!(settings["organisation"]["name"], "Friends of the Park");

    // `show_texts=false` makes a link without open answers, as an unticked checkbox does.
    for (sent, shows) in [("false", false), ("0", false), ("on", true)] {
        let made = post(
            "create_share_link",
            vec![
                ("id", survey.id.to_string()),
                ("days", "7".into()),
                ("show_texts", sent.into()),
            ],
        )
        .await
        .unwrap();
        assert!(made.status().is_success(), "{sent}");
        let links: Value = post("load_share_links", vec![("id", survey.id.to_string())])
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let newest = links
            .as_array()
            .unwrap()
            .iter()
            .max_by_key(|l| l["id"].as_i64())
            .unwrap();
        assert_eq!(newest["show_texts"], shows, "show_texts={sent}");
    }

    let logged_out = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // A way back that a browser would resolve to another site is not followed.
    for next in [
        "/..//evil.example",
        "/.//evil.example",
        "/x/%2e%2e//evil.example",
    ] {
        let response = logged_out
            .post(app.url("/api/log_in"))
            .header(ACCEPT, "text/html")
            .form(&[
                ("email", "ada@example.org"),
                ("password", "a long enough passphrase"),
                ("next", next),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["location"], "/surveys", "{next}");
    }

    // A download asked for while logged out comes back to itself after logging in.
    let response = logged_out
        .get(app.url(&format!(
            "/surveys/{}/responses.csv?format=excel",
            survey.id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()["location"],
        format!(
            "/login?next=%2Fsurveys%2F{}%2Fresponses.csv%3Fformat%3Dexcel",
            survey.id
        )
    );
}

/// A body trickled a byte at a time — never pausing long enough for the per-read timeout — is
/// cut off at the deadline for the whole body, and nothing it carried is acted on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_trickled_past_its_deadline_is_refused() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = support::app::spawn_configured(|setup| {
        setup.body_deadline = std::time::Duration::from_millis(800);
    })
    .await;
    let totals = app.db.store.totals().await.unwrap();
    let body = "organisation_name=Trickle&name=Ada&email=ada%40example.org&password=a+long+enough+passphrase";
    let mut stream = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .unwrap();
    stream
        .write_all(
            format!(
                "POST /api/sign_up HTTP/1.1\r\nHost: kindred\r\nAccept: application/json\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
                body.len()
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    // One task trickles the body; this one reads the answer as soon as it comes.
    let (mut reader, mut writer) = stream.into_split();
    let started = std::time::Instant::now();
    let trickle = tokio::spawn(async move {
        for byte in body.bytes() {
            if writer.write_all(&[byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    });
    let mut answer = vec![0; 256];
    let read = tokio::time::timeout(std::time::Duration::from_secs(5), reader.read(&mut answer))
        .await
        .expect("an answer before the body was complete")
        .unwrap();
    answer.truncate(read);
    trickle.abort();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    assert_eq!(app.db.store.totals().await.unwrap(), totals);
}

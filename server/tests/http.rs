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
    // `__Host-`: only this host may set it, for the whole site, so a sibling subdomain cannot
    // plant a session of its choosing.
    assert!(cookie.starts_with("__Host-kindred_session="), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.to_ascii_lowercase().contains("domain="), "{cookie}");
    let token = cookie
        .trim_start_matches("__Host-kindred_session=")
        .split(';')
        .next()
        .unwrap();
    let me = |cookie: String| {
        app.client
            .post(app.url("/api/current_user"))
            .header("cookie", cookie)
            .send()
    };
    let known: serde_json::Value = me(format!("__Host-kindred_session={token}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(known["email"], "ada@example.org");
    // The same token under the unprefixed name, as a subdomain could set it, is nobody.
    let planted = me(format!("kindred_session={token}")).await.unwrap();
    assert_eq!(planted.text().await.unwrap(), "null");
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

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// The branding form as a browser posts it, with a logo file.
fn logo_form(
    target: &str,
    back: &str,
    file: &'static [u8],
    name: &'static str,
) -> reqwest::multipart::Form {
    branding_form(target, back, "", "").part(
        "logo",
        reqwest::multipart::Part::bytes(file).file_name(name),
    )
}

fn branding_form(
    target: &str,
    back: &str,
    brand_name: &str,
    colour: &str,
) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("target", target.to_owned())
        .text("back", back.to_owned())
        .text("brand_name", brand_name.to_owned())
        .text("brand_colour", colour.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logos_are_checked_by_their_bytes_and_served_so_they_cannot_run_script() {
    use app::backend::{Responses, Surveys};
    let app = spawn(false).await;
    let (owner, survey) = app.owner_with_published_survey("ada@example.org").await;

    let response = app
        .client
        .post(app.url("/branding"))
        .multipart(logo_form("organisation", "/settings", PNG, "logo.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()["location"],
        "/settings?branding=saved#branding"
    );
    let organisation = app
        .db
        .store
        .organisation(owner.organisation_id)
        .await
        .unwrap()
        .unwrap();
    let logo_id = organisation.logo_id.expect("the organisation has a logo");
    let served = app
        .client
        .get(app.url(&format!("/logos/{logo_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert!(
        served.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(served.bytes().await.unwrap().as_ref(), PNG);

    // A GIF renamed to .png is refused by its bytes; nothing changes.
    let response = app
        .client
        .post(app.url("/branding"))
        .multipart(logo_form(
            "organisation",
            "/settings",
            b"GIF89a....",
            "logo.png",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["location"],
        "/settings?branding_error=wrong_type&brand_name=&brand_colour=#branding"
    );
    let after = app
        .db
        .store
        .organisation(owner.organisation_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.logo_id, Some(logo_id));

    // A survey's own SVG logo overrides the organisation's on its public page.
    let svg: &'static [u8] =
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";
    let back = format!("/surveys/{}", survey.id);
    let response = app
        .client
        .post(app.url("/branding"))
        .multipart(logo_form(&survey.id.to_string(), &back, svg, "logo.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["location"],
        format!("{back}?branding=saved#branding")
    );
    let kindred = app.kindred();
    let detail = kindred.survey(&owner, survey.id).await.unwrap();
    let own = detail
        .branding
        .logo_url
        .expect("the survey has its own logo");
    assert_ne!(own, format!("/logos/{logo_id}"));
    assert_eq!(
        kindred
            .public_survey(&survey.slug, None)
            .await
            .unwrap()
            .logo_url,
        Some(own.clone())
    );
    let served = app.client.get(app.url(&own)).send().await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/svg+xml");

    // Visitors cannot upload; they are sent to log in.
    let visitor = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = visitor
        .post(app.url("/branding"))
        .multipart(logo_form("organisation", "/settings", PNG, "logo.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/login");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_branding_form_saves_name_colour_and_logo_together_or_nothing() {
    let app = spawn(false).await;
    let (owner, _) = app.owner_with_published_survey("ada@example.org").await;
    let organisation = |app: &support::app::TestApp| {
        let store = app.db.store.clone();
        async move {
            store
                .organisation(owner.organisation_id)
                .await
                .unwrap()
                .unwrap()
        }
    };
    // A name and colour typed, then a logo chosen: one post saves all three.
    let form = branding_form("organisation", "/settings", "Park Friends", "#0b6e4f").part(
        "logo",
        reqwest::multipart::Part::bytes(PNG).file_name("logo.png"),
    );
    let response = app
        .client
        .post(app.url("/branding"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["location"],
        "/settings?branding=saved#branding"
    );
    let saved = organisation(&app).await;
    assert_eq!(saved.brand_name.as_deref(), Some("Park Friends"));
    assert_eq!(saved.brand_colour.as_deref(), Some("#0b6e4f"));
    assert!(saved.logo_id.is_some());

    // A refused logo keeps the new name and colour from being saved either, and the page comes
    // back with what was typed.
    let form = branding_form("organisation", "/settings", "New name", "#123456").part(
        "logo",
        reqwest::multipart::Part::bytes(b"GIF89a".as_slice()).file_name("a.png"),
    );
    let response = app
        .client
        .post(app.url("/branding"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["location"],
        "/settings?branding_error=wrong_type&brand_name=New+name&brand_colour=%23123456#branding"
    );
    let after = organisation(&app).await;
    assert_eq!(after.brand_name.as_deref(), Some("Park Friends"));
    assert_eq!(after.logo_id, saved.logo_id);

    // A refused colour keeps a good logo from being saved.
    let form = branding_form("organisation", "/settings", "Name", "not a colour").part(
        "logo",
        reqwest::multipart::Part::bytes(PNG).file_name("b.png"),
    );
    let response = app
        .client
        .post(app.url("/branding"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/settings?branding_error=fields&")
    );
    assert_eq!(organisation(&app).await.logo_id, saved.logo_id);

    // Removing the logo keeps the name.
    let form =
        branding_form("organisation", "/settings", "Park Friends", "").text("remove_logo", "1");
    app.client
        .post(app.url("/branding"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let removed = organisation(&app).await;
    assert_eq!(removed.logo_id, None);
    assert_eq!(removed.brand_name.as_deref(), Some("Park Friends"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invite_codes_are_handed_over_once_as_a_csv_of_codes_and_links() {
    let app = spawn(false).await;
    let (_, survey) = app.owner_with_published_survey("ada@example.org").await;
    let response = app
        .client
        .post(app.url(&format!("/surveys/{}/invite-codes", survey.id)))
        .form(&[("count", "5")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "code,link");
    assert_eq!(lines.len(), 6);
    for line in &lines[1..] {
        let (code, link) = line.split_once(',').unwrap();
        assert_eq!(code.len(), 14);
        assert_eq!(link, format!("{}?code={code}", survey.public_url));
    }
    assert_eq!(
        app.db.store.invite_code_counts(survey.id).await.unwrap(),
        (5, 0)
    );

    let refused = app
        .client
        .post(app.url(&format!("/surveys/{}/invite-codes", survey.id)))
        .form(&[("count", "0")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("between 1 and 5000"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn charts_and_responses_download_for_members_with_the_page_filters() {
    let app = spawn(false).await;
    let (_, survey) = app.owner_with_published_survey("ada@example.org").await;
    let kindred = app.kindred();
    for member_type in ["member", "volunteer"] {
        let mut answers = support::template_answers();
        answers["member_type"] = serde_json::json!(member_type);
        support::backend::submit(&kindred, &survey.slug, answers).await;
    }
    let base = format!("/surveys/{}", survey.id);
    let png = app
        .client
        .get(app.url(&format!("{base}/charts/nps.png")))
        .send()
        .await
        .unwrap();
    assert_eq!(png.headers()["content-type"], "image/png");
    assert!(png.bytes().await.unwrap().starts_with(b"\x89PNG"));
    let svg = app
        .client
        .get(app.url(&format!(
            "{base}/charts/ranking-reasons.svg?segment=member_type%3Dvolunteer"
        )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(svg.contains("(n = 1)"), "filtered to the volunteer");
    let weeks = app
        .client
        .get(app.url(&format!("{base}/charts/weeks.svg")))
        .send()
        .await
        .unwrap();
    assert!(
        weeks
            .text()
            .await
            .unwrap()
            .contains("Responses by week (n = 2)")
    );
    let missing = app
        .client
        .get(app.url(&format!("{base}/charts/pie.svg")))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let csv = app
        .client
        .get(app.url(&format!("{base}/responses.csv?segment.member_type=member")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 2, "header and the one member");
    // Visitors are sent to log in.
    let visitor = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = visitor
        .get(app.url(&format!("{base}/responses.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

/// A site folder with a WebAssembly bundle (compressible, as real ones are) and, optionally, the
/// brotli copy a release build writes beside it.
fn site_with_bundle(precompressed: bool) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0"
        .iter()
        .copied()
        .chain((0..200_000u32).map(|i| (i % 7) as u8))
        .collect();
    std::fs::write(pkg.join("kindred_bg.wasm"), &wasm).unwrap();
    if precompressed {
        std::fs::write(
            pkg.join("kindred_bg.wasm.br"),
            b"precompressed by the build",
        )
        .unwrap();
    }
    site
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_webassembly_is_compressed_on_the_fly_when_the_build_left_no_compressed_copy() {
    let site = site_with_bundle(false);
    let app = support::app::spawn_serving(false, Some(site.path().display().to_string())).await;
    let response = app
        .client
        .get(app.url("/pkg/kindred_bg.wasm"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert_eq!(response.headers()["content-encoding"], "br");
    let body = response.bytes().await.unwrap();
    assert!(body.len() < 20_000, "{} bytes for 200 kB", body.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_compressed_copy_written_by_the_build_is_sent_as_it_is() {
    let site = site_with_bundle(true);
    let app = support::app::spawn_serving(false, Some(site.path().display().to_string())).await;
    let response = app
        .client
        .get(app.url("/pkg/kindred_bg.wasm"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(
        response.bytes().await.unwrap().as_ref(),
        b"precompressed by the build"
    );
}

/// A crafted "next" never leads off the site after logging in, and a line break in it neither
/// reaches a header nor breaks the connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logging_in_only_ever_goes_back_to_a_path_on_this_site() {
    let app = spawn(false).await;
    app.sign_up("ada@example.org").await;
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (next, expected) in [
        (
            "/surveys/3/results?from=2026-01-01",
            "/surveys/3/results?from=2026-01-01",
        ),
        ("/\t/evil.example/phish", "/surveys"),
        ("//evil.example", "/surveys"),
        ("/surveys\r\nSet-Cookie: planted=1", "/surveys"),
        ("/\n/evil.example", "/surveys"),
    ] {
        let response = browser
            .post(app.url("/api/log_in"))
            .header("accept", "text/html")
            .form(&[
                ("email", "ada@example.org"),
                ("password", "a long enough passphrase"),
                ("next", next),
            ])
            .send()
            .await
            .unwrap_or_else(|e| panic!("{next:?}: {e}"));
        assert!(
            response.status().is_redirection(),
            "{next:?}: {} {:?}",
            response.status(),
            response.headers()
        );
        assert_eq!(response.headers()["location"], expected, "{next:?}");
        assert!(
            !response
                .headers()
                .get_all("set-cookie")
                .iter()
                .any(|c| c.to_str().unwrap_or_default().contains("planted")),
            "{next:?}"
        );
    }
}

/// A page of another origin — here another port of the same host, as a sibling subdomain would
/// be, which `SameSite=Lax` does not stop — cannot make a logged-in browser change anything, nor
/// log it in; Kindred's own pages can.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_from_another_origin_change_nothing() {
    let app = spawn(false).await;
    let session = support::session_token(&app.sign_up("ada@example.org").await);
    let cookie = format!("kindred_session={session}");
    let own_origin = app.base.clone();
    let sibling = {
        let (scheme_host, port) = app.base.rsplit_once(':').unwrap();
        format!("{scheme_host}:{}", port.parse::<u16>().unwrap() + 1)
    };
    let rename = |origin: Option<String>, fetch_site: Option<&'static str>, name: &'static str| {
        let mut request = app
            .client
            .post(app.url("/api/rename_organisation"))
            .header("cookie", &cookie)
            .form(&[("name", name)]);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(site) = fetch_site {
            request = request.header("sec-fetch-site", site);
        }
        request.send()
    };
    let refused = rename(Some(sibling.clone()), None, "Renamed by a sibling")
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("another site"));
    let refused = rename(None, Some("same-site"), "Renamed without an Origin")
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(organisation_names(&app).await, ["Friends of the Park"]);

    let allowed = rename(Some(own_origin), None, "Friends of the River")
        .await
        .unwrap();
    assert!(allowed.status().is_success(), "{}", allowed.status());
    assert_eq!(organisation_names(&app).await, ["Friends of the River"]);

    // Log-in forgery: logging a victim into the attacker's account.
    let login = app
        .client
        .post(app.url("/api/log_in"))
        .header("origin", sibling)
        .form(&[
            ("email", "ada@example.org"),
            ("password", "a long enough passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::FORBIDDEN);
    assert!(login.headers().get("set-cookie").is_none());
}

/// The names of the organisations ada@example.org belongs to.
async fn organisation_names(app: &support::app::TestApp) -> Vec<String> {
    let store = app.kindred().store().clone();
    let user = store
        .user_by_email("ada@example.org")
        .await
        .unwrap()
        .unwrap();
    store
        .memberships(user.id)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect()
}

/// Arguments a server function cannot read are the sender's mistake: 422 with the usual error
/// body, never a 500.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_server_function_arguments_are_refused_as_such() {
    let app = spawn(false).await;
    let session = support::session_token(&app.sign_up("ada@example.org").await);
    for (path, form) in [
        (
            "/api/create_share_link",
            vec![("survey_id", "1"), ("days", "-1"), ("show_texts", "false")],
        ),
        ("/api/create_share_link", vec![("survey_id", "one")]),
        (
            "/api/change_member_role",
            vec![("user_id", "1"), ("role", "superuser")],
        ),
    ] {
        let response = app
            .client
            .post(app.url(path))
            .header("cookie", format!("kindred_session={session}"))
            .form(&form)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path} {form:?}: {body}"
        );
        assert!(body.contains("could not read"), "{path} {form:?}: {body}");
    }
}

//! The CSV downloads over HTTP: columns over every version answered, every cell protected from
//! running as a formula, and the Excel flavour.

mod support;

use app::backend::{SurveySource, Surveys};
use serde_json::json;
use support::app::spawn;

fn coffee(choices: &[&str]) -> domain::survey::Definition {
    let choices: Vec<_> = choices
        .iter()
        .map(|c| json!({ "id": c, "label": c.to_uppercase() }))
        .collect();
    serde_json::from_value(json!({ "questions": [
        { "id": "coffee", "type": "multiple_choice", "prompt": "Coffee?", "required": true,
          "choices": choices },
        { "id": "-cmd", "type": "ranking", "prompt": "=1+1", "required": false, "top_k": 1,
          "items": [ { "id": "-a", "label": "@A" }, { "id": "b", "label": "  =B" },
                     { "id": "c", "label": "C" } ] }
    ]}))
    .expect("a valid definition")
}

async fn csv(app: &support::app::TestApp, path: &str) -> (String, String) {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    (disposition, response.text().await.unwrap())
}

fn records(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_to_earlier_versions_keep_their_columns_and_every_cell_is_protected() {
    let app = spawn(false).await;
    let response = app.sign_up("ada@example.org").await;
    assert!(response.status().is_success());
    let kindred = app.kindred();
    let owner = {
        use app::backend::Accounts;
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_owned();
        let token = cookie
            .trim_start_matches("kindred_session=")
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        kindred.caller(&token).await.unwrap()
    };
    let survey = kindred
        .create_survey(
            &owner,
            SurveySource::Definition(coffee(&["turkish", "espresso", "filter"])),
            None,
        )
        .await
        .unwrap();
    kindred.publish_survey(&owner, survey.id).await.unwrap();
    support::backend::submit(
        &kindred,
        &survey.slug,
        json!({ "coffee": ["espresso"], "-cmd": ["b"] }),
    )
    .await;
    // Version 2 drops espresso.
    kindred
        .save_survey(&owner, survey.id, "Coffee", coffee(&["turkish", "filter"]))
        .await
        .unwrap();
    kindred.publish_survey(&owner, survey.id).await.unwrap();
    {
        use app::backend::{Responses, Submission, SubmittedAnswers};
        let answers = json!({ "coffee": ["filter"] });
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
    }

    let base = format!("/surveys/{}", survey.id);
    let (disposition, text) = csv(&app, &format!("{base}/responses.csv")).await;
    assert!(disposition.contains(&format!("survey-{}-responses.csv", survey.id)));
    let rows = records(&text);
    let header = &rows[0];
    let at = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    assert_eq!(
        rows[1][at("coffee.espresso")],
        "1",
        "the version-1 answer is kept"
    );
    assert_eq!(rows[1][at("coffee.turkish")], "0");
    // The version-2 respondent could not choose espresso: left empty, not "not chosen".
    assert_eq!(rows[2][at("coffee.espresso")], "");
    assert_eq!(rows[2][at("coffee.filter")], "1");
    // Ids starting with "-" are protected in the header and in cells; a top-1 ranking has one
    // place column, not three always-empty ones.
    assert_eq!(rows[1][at("'-cmd.place1")], "b");
    assert!(header.iter().all(|h| !h.starts_with('-')), "{header:?}");
    assert!(!header.iter().any(|h| h.ends_with("place2")), "{header:?}");

    let (_, codebook) = csv(&app, &format!("{base}/codebook.csv")).await;
    let codebook = records(&codebook);
    assert_eq!(codebook[0][2], "versions");
    let espresso = codebook
        .iter()
        .find(|r| r[0] == "coffee.espresso")
        .expect("espresso is in the codebook");
    assert_eq!(espresso[2], "1", "only version 1 had it");
    let turkish = codebook.iter().find(|r| r[0] == "coffee.turkish").unwrap();
    assert_eq!(turkish[2], "1 2");
    // Every typed text that would start a formula — after spaces too — is protected.
    for row in &codebook {
        for cell in row {
            let start = cell.trim_start();
            assert!(
                !start.starts_with(['=', '+', '-', '@']) || cell.parse::<f64>().is_ok(),
                "unprotected cell {cell:?} in {row:?}"
            );
        }
    }

    // The Excel flavour: a byte-order mark, CR LF, a file name that says so.
    let (disposition, excel) = csv(&app, &format!("{base}/responses.csv?format=excel")).await;
    assert!(excel.starts_with('\u{feff}'));
    assert!(excel.contains("\r\n"));
    assert!(disposition.contains("-excel.csv"), "{disposition}");
    let (_, figures) = csv(&app, &format!("{base}/figures.csv?format=excel")).await;
    assert!(figures.starts_with('\u{feff}'));
}

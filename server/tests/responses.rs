//! Submitting responses through the backend, on both databases: what is stored for a valid
//! response, one test per rejection rule (each checking that nothing at all was written), one
//! response per person (also when submissions race), invite codes and versions.

mod support;

use app::backend::{Caller, Receipt, Responses, Submission, SubmittedAnswers, Surveys};
use app::error::AppError;
use serde_json::{Map, Value, json};
use server::backend::{Kindred, Policy};
use server::storage::{ResponseTotals, Store};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

struct Published {
    kindred: Arc<Kindred>,
    clock: Arc<AtomicI64>,
    store: Arc<dyn Store>,
    owner: Caller,
    id: i64,
    slug: String,
}

async fn published(store: Arc<dyn Store>) -> Published {
    // Each test's own clock, in Unix seconds, which it may step past time windows.
    let clock = Arc::new(AtomicI64::new(chrono::Utc::now().timestamp()));
    let now = clock.clone();
    let kindred = Arc::new(Kindred::with_clock(
        store.clone(),
        Policy {
            public_url: "https://kindred.example.org".into(),
            ..Policy::default()
        },
        Arc::new(move || now.load(Ordering::SeqCst)),
    ));
    let (owner, survey) = support::backend::published_template(&kindred).await;
    Published {
        kindred,
        clock,
        store,
        owner,
        id: survey.id,
        slug: survey.slug,
    }
}

fn answers() -> Map<String, Value> {
    support::template_answers().as_object().unwrap().clone()
}

fn with(change: impl FnOnce(&mut Map<String, Value>)) -> Map<String, Value> {
    let mut answers = answers();
    change(&mut answers);
    answers
}

impl Published {
    fn submission(&self, answers: SubmittedAnswers, respondent: Option<&str>) -> Submission {
        Submission {
            slug: self.slug.clone(),
            version: Some(1),
            answers,
            invite_code: None,
            respondent: respondent.map(str::to_owned),
            display_name: None,
            with_card: true,
        }
    }

    async fn submit_json(&self, answers: Map<String, Value>) -> Result<Receipt, AppError> {
        let submission = self.submission(SubmittedAnswers::Json(answers), None);
        self.kindred.submit_response(submission).await
    }

    async fn totals(&self) -> ResponseTotals {
        self.store.response_totals(self.id).await.unwrap()
    }

    /// Refused with a message for `field` that says `says`, and nothing stored.
    async fn assert_refused(&self, result: Result<Receipt, AppError>, field: &str, says: &str) {
        let error = result.expect_err("the response should be refused");
        let message = error
            .for_field(field)
            .unwrap_or_else(|| panic!("no message for {field}: {error:?}"));
        assert!(message.contains(says), "{field}: {message}");
        assert_eq!(
            self.totals().await,
            ResponseTotals::default(),
            "nothing is written"
        );
    }
}

/// Form fields for the template, the way the respondent page posts them.
fn form(places: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = places
        .iter()
        .map(|(item, place)| (format!("reasons[{item}]"), (*place).to_owned()))
        .collect();
    for (name, value) in [
        ("brand_fit[reflects_me]", "6"),
        ("brand_fit[identify]", "7"),
        ("brand_fit[personal_connection]", "5"),
        ("brand_fit[shows_others]", "4"),
        ("brand_fit[who_i_want_to_be]", "5"),
        ("brand_fit[suits_me]", "6"),
        ("overlap", "5"),
        ("nps", "10"),
        ("member_type", "staff"),
        ("years", "under_1"),
        ("says_about_you", ""),
    ] {
        fields.push((name.to_owned(), value.to_owned()));
    }
    fields
}

async fn a_valid_response_stores_every_answer_and_its_card(store: Arc<dyn Store>) {
    let p = published(store).await;
    let receipt = p.submit_json(answers()).await.unwrap();
    // 3 ranks + 6 brand-fit points + overlap + 3 expression points + NPS + text + 2 choices.
    assert_eq!(
        p.totals().await,
        ResponseTotals {
            responses: 1,
            answer_rows: 17,
            cards: 1,
            codes_used: 0
        }
    );
    let card = p
        .kindred
        .identity_card(&receipt.card.expect("a card for the top reason"))
        .await
        .unwrap();
    assert_eq!(
        card.statement,
        "I'm part of Friends of the Park because it says who I am."
    );
    assert_eq!(card.display_name, None, "no personal data unless typed");
}

async fn a_form_post_is_read_into_the_same_answers(store: Arc<dyn Store>) {
    let p = published(store).await;
    let fields = form(&[("identity", "2"), ("connections", "1"), ("community", "3")]);
    let receipt = p
        .kindred
        .submit_response(p.submission(SubmittedAnswers::Form(fields.into()), Some("browser-1")))
        .await
        .unwrap();
    let card = p
        .kindred
        .identity_card(&receipt.card.unwrap())
        .await
        .unwrap();
    assert!(
        card.statement.contains("the people it connects me with"),
        "{}",
        card.statement
    );
    // 3 ranks + 6 points + overlap + NPS + 2 choices; the empty optional text is not stored.
    assert_eq!(p.totals().await.answer_rows, 13);
}

async fn a_missing_required_answer_is_refused(store: Arc<dyn Store>) {
    let p = published(store).await;
    let result = p.submit_json(with(|a| drop(a.remove("nps")))).await;
    p.assert_refused(result, "nps", "required").await;
}

async fn a_rank_position_given_twice_is_refused(store: Arc<dyn Store>) {
    let p = published(store).await;
    let fields = form(&[("identity", "1"), ("connections", "1"), ("community", "2")]);
    let result = p
        .kindred
        .submit_response(p.submission(SubmittedAnswers::Form(fields.into()), None))
        .await;
    p.assert_refused(result, "reasons", "1st place to both")
        .await;
    let result = p
        .submit_json(with(|a| {
            a.insert(
                "reasons".into(),
                json!(["identity", "identity", "community"]),
            );
        }))
        .await;
    p.assert_refused(result, "reasons", "more than one place")
        .await;
}

async fn a_rank_position_left_out_is_refused(store: Arc<dyn Store>) {
    let p = published(store).await;
    let fields = form(&[("identity", "1"), ("connections", "3"), ("community", "")]);
    let result = p
        .kindred
        .submit_response(p.submission(SubmittedAnswers::Form(fields.into()), None))
        .await;
    p.assert_refused(result, "reasons", "2nd place").await;
    let result = p
        .submit_json(with(|a| {
            a.insert("reasons".into(), json!(["identity", "community"]));
        }))
        .await;
    p.assert_refused(result, "reasons", "has none yet").await;
}

async fn a_value_out_of_range_is_refused(store: Arc<dyn Store>) {
    let p = published(store).await;
    let result = p
        .submit_json(with(|a| drop(a.insert("nps".into(), json!(11)))))
        .await;
    p.assert_refused(result, "nps", "0 to 10").await;
    let result = p
        .submit_json(with(|a| drop(a.insert("overlap".into(), json!(0)))))
        .await;
    p.assert_refused(result, "overlap", "1 (apart) to 7").await;
    let result = p
        .submit_json(with(|a| {
            a["brand_fit"]["suits_me"] = json!(8);
        }))
        .await;
    p.assert_refused(result, "brand_fit", "1 (").await;
    let result = p
        .submit_json(with(|a| drop(a.insert("nps".into(), json!(7.5)))))
        .await;
    p.assert_refused(result, "nps", "0 to 10").await;
}

async fn an_unknown_question_is_refused(store: Arc<dyn Store>) {
    let p = published(store).await;
    let result = p
        .submit_json(with(|a| drop(a.insert("shoe_size".into(), json!(42)))))
        .await;
    p.assert_refused(result, "shoe_size", "no question").await;
}

async fn an_unknown_item_or_choice_is_refused(store: Arc<dyn Store>) {
    let p = published(store).await;
    let result = p
        .submit_json(with(|a| {
            a.insert(
                "reasons".into(),
                json!(["identity", "connections", "parking"]),
            );
        }))
        .await;
    p.assert_refused(result, "reasons", "“parking” is not one of")
        .await;
    let result = p
        .submit_json(with(|a| drop(a.insert("years".into(), json!("forever")))))
        .await;
    p.assert_refused(result, "years", "not one of this question's options")
        .await;
    let result = p
        .submit_json(with(|a| {
            a["brand_fit"]["favourite_colour"] = json!(3);
        }))
        .await;
    p.assert_refused(result, "brand_fit", "not one of this question's statements")
        .await;
}

async fn a_number_sent_as_text_in_json_is_refused(store: Arc<dyn Store>) {
    let p = published(store).await;
    let result = p
        .submit_json(with(|a| drop(a.insert("nps".into(), json!("10")))))
        .await;
    p.assert_refused(result, "nps", "Give a number, not text")
        .await;
    let result = p
        .submit_json(with(|a| {
            a["brand_fit"]["identify"] = json!("7");
        }))
        .await;
    p.assert_refused(result, "brand_fit", "Give a number, not text")
        .await;
}

async fn a_line_break_in_an_answer_counts_as_one_character(store: Arc<dyn Store>) {
    let p = published(store).await;
    // The limit is 1000: 999 letters and a line break sent as CR LF, as a browser sends it.
    let text = format!("{}\r\n{}", "a".repeat(500), "b".repeat(499));
    p.submit_json(with(|a| {
        drop(a.insert("says_about_you".into(), json!(text)))
    }))
    .await
    .expect("exactly at the limit");
    let stored = p
        .store
        .text_answers(p.id, &Default::default(), 1)
        .await
        .unwrap();
    assert!(
        !stored[0].1.contains('\r'),
        "stored with its line break normalised"
    );
}

async fn an_oversized_text_is_refused(store: Arc<dyn Store>) {
    let p = published(store).await;
    let long = "x".repeat(1001);
    let result = p
        .submit_json(with(|a| {
            drop(a.insert("says_about_you".into(), json!(long)))
        }))
        .await;
    p.assert_refused(result, "says_about_you", "1000 characters")
        .await;
}

async fn a_closed_survey_refuses_responses(store: Arc<dyn Store>) {
    let p = published(store).await;
    p.kindred.close_survey(&p.owner, p.id).await.unwrap();
    let error = p.submit_json(answers()).await.unwrap_err();
    assert_eq!(error.status_code(), 410, "{error:?}");
    assert_eq!(p.totals().await, ResponseTotals::default());
}

async fn a_survey_not_yet_open_refuses_responses(store: Arc<dyn Store>) {
    let p = published(store).await;
    p.kindred
        .schedule_survey(&p.owner, p.id, "2099-01-01", "")
        .await
        .unwrap();
    let result = p.submit_json(answers()).await;
    p.assert_refused(result, "survey", "opens on 1 January 2099")
        .await;
}

async fn an_unknown_version_is_refused(store: Arc<dyn Store>) {
    let p = published(store).await;
    let mut submission = p.submission(SubmittedAnswers::Json(answers()), None);
    submission.version = Some(7);
    let result = p.kindred.submit_response(submission).await;
    p.assert_refused(result, "version", "no version 7").await;
}

async fn a_repeat_from_the_same_browser_soon_after_leads_to_the_same_thanks(store: Arc<dyn Store>) {
    let p = published(store).await;
    let first = p.submission(SubmittedAnswers::Json(answers()), Some("double-click"));
    let receipt = p.kindred.submit_response(first.clone()).await.unwrap();
    assert!(receipt.card.is_some());
    // A double click, or a reload of the posting page, a minute later.
    p.clock.fetch_add(60, Ordering::SeqCst);
    let again = p.kindred.submit_response(first).await.unwrap();
    assert_eq!(again, receipt, "the same response and the same card");
    assert_eq!(p.totals().await.responses, 1, "stored once");
    assert_eq!(p.totals().await.cards, 1);
}

async fn a_second_response_from_the_same_browser_is_refused(store: Arc<dyn Store>) {
    let p = published(store).await;
    let first = p.submission(SubmittedAnswers::Json(answers()), Some("browser-1"));
    p.kindred.submit_response(first.clone()).await.unwrap();
    // Past the window in which a repeat counts as the same submission.
    p.clock
        .fetch_add(server::backend::REPEAT_WINDOW_SECONDS + 1, Ordering::SeqCst);
    let error = p.kindred.submit_response(first).await.unwrap_err();
    assert_eq!(error.status_code(), 409);
    assert!(
        error
            .for_field("respondent")
            .unwrap()
            .contains("already answered")
    );
    assert_eq!(p.totals().await.responses, 1);
    let page = p
        .kindred
        .public_survey(&p.slug, Some("browser-1"))
        .await
        .unwrap();
    assert_eq!(
        page.availability,
        app::api::types::Availability::AlreadyAnswered
    );
    // Another browser still may.
    let other = p.submission(SubmittedAnswers::Json(answers()), Some("browser-2"));
    p.kindred.submit_response(other).await.unwrap();
    assert_eq!(p.totals().await.responses, 2);
}

async fn racing_double_submissions_store_exactly_one_response(store: Arc<dyn Store>) {
    let p = published(store).await;
    let submission = p.submission(SubmittedAnswers::Json(answers()), Some("double-click"));
    let attempts: Vec<_> = (0..8)
        .map(|_| {
            let kindred = p.kindred.clone();
            let submission = submission.clone();
            tokio::spawn(async move { kindred.submit_response(submission).await })
        })
        .collect();
    let mut receipts = Vec::new();
    for attempt in attempts {
        receipts.push(
            attempt
                .await
                .unwrap()
                .expect("each click ends on the thank-you page"),
        );
    }
    // Every click hears of the one response stored, with its card.
    receipts.dedup();
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    let totals = p.totals().await;
    assert_eq!(
        (totals.responses, totals.answer_rows, totals.cards),
        (1, 17, 1)
    );
}

async fn a_refused_response_in_a_shared_transaction_leaves_the_others_stored(
    store: Arc<dyn Store>,
) {
    let p = published(store).await;
    // Forty submissions at once share transactions; every fourth repeats a browser.
    let attempts: Vec<_> = (0..40)
        .map(|i| {
            let kindred = p.kindred.clone();
            let browser = format!("browser-{}", if i % 4 == 3 { i - 1 } else { i });
            let submission = p.submission(SubmittedAnswers::Json(answers()), Some(&browser));
            tokio::spawn(async move { kindred.submit_response(submission).await })
        })
        .collect();
    let mut ids = Vec::new();
    for attempt in attempts {
        if let Ok(receipt) = attempt.await.unwrap() {
            ids.push(receipt.response_id);
        }
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 30);
    let totals = p.totals().await;
    assert_eq!(
        (totals.responses, totals.answer_rows, totals.cards),
        (30, 30 * 17, 30)
    );
}

async fn invite_codes_let_each_holder_answer_once(store: Arc<dyn Store>) {
    let p = published(store).await;
    p.kindred
        .require_invite_code(&p.owner, p.id, true)
        .await
        .unwrap();
    let codes = p
        .kindred
        .create_invite_codes(&p.owner, p.id, 3)
        .await
        .unwrap();
    assert_eq!(codes.len(), 3);

    let result = p.submit_json(answers()).await;
    p.assert_refused(result, "invite_code", "by invitation")
        .await;
    let mut wrong = p.submission(SubmittedAnswers::Json(answers()), None);
    wrong.invite_code = Some("AAAA-BBBB-CCCC".into());
    let result = p.kindred.submit_response(wrong).await;
    p.assert_refused(result, "invite_code", "not valid").await;

    // Typed carelessly: lower case, spaces instead of dashes.
    let mut first = p.submission(SubmittedAnswers::Json(answers()), None);
    first.invite_code = Some(codes[0].to_lowercase().replace('-', " "));
    p.kindred.submit_response(first.clone()).await.unwrap();
    let error = p.kindred.submit_response(first).await.unwrap_err();
    assert_eq!(error.status_code(), 409);
    assert!(
        error
            .for_field("invite_code")
            .unwrap()
            .contains("already been used")
    );

    // Two people racing with one code: exactly one wins.
    let racing: Vec<_> = (0..6)
        .map(|_| {
            let kindred = p.kindred.clone();
            let mut submission = p.submission(SubmittedAnswers::Json(answers()), None);
            submission.invite_code = Some(codes[1].clone());
            tokio::spawn(async move { kindred.submit_response(submission).await })
        })
        .collect();
    let mut accepted = 0;
    for attempt in racing {
        if attempt.await.unwrap().is_ok() {
            accepted += 1;
        }
    }
    assert_eq!(accepted, 1);
    let totals = p.totals().await;
    assert_eq!((totals.responses, totals.codes_used), (2, 2));
    let detail = p.kindred.survey(&p.owner, p.id).await.unwrap();
    assert_eq!(
        (detail.invite_codes_issued, detail.invite_codes_used),
        (3, 2)
    );
}

async fn a_response_keeps_the_version_it_answered(store: Arc<dyn Store>) {
    let p = published(store).await;
    let mut detail = p.kindred.survey(&p.owner, p.id).await.unwrap();
    detail.draft.questions.retain(|q| q.id != "says_about_you");
    p.kindred
        .save_survey(&p.owner, p.id, "Why members join", detail.draft)
        .await
        .unwrap();
    p.kindred.publish_survey(&p.owner, p.id).await.unwrap();
    // Someone who loaded version 1 before the change can still send it, text answer included …
    p.submit_json(answers()).await.unwrap();
    // … while version 2 no longer knows that question.
    let mut newer = p.submission(SubmittedAnswers::Json(answers()), None);
    newer.version = Some(2);
    let error = p.kindred.submit_response(newer).await.unwrap_err();
    assert!(
        error
            .for_field("says_about_you")
            .unwrap()
            .contains("no question")
    );
    assert_eq!(
        p.kindred
            .public_survey(&p.slug, None)
            .await
            .unwrap()
            .version,
        2
    );
    assert_eq!(p.totals().await.responses, 1);
}

async fn a_display_name_appears_only_when_typed_and_is_bounded(store: Arc<dyn Store>) {
    let p = published(store).await;
    let mut named = p.submission(SubmittedAnswers::Json(answers()), None);
    named.display_name = Some("  Ana   Lima ".into());
    let receipt = p.kindred.submit_response(named).await.unwrap();
    let card = p
        .kindred
        .identity_card(&receipt.card.unwrap())
        .await
        .unwrap();
    assert_eq!(card.display_name.as_deref(), Some("Ana Lima"));
    let mut long = p.submission(SubmittedAnswers::Json(answers()), None);
    long.display_name = Some("n".repeat(61));
    let error = p.kindred.submit_response(long).await.unwrap_err();
    assert!(error.for_field("display_name").is_some());
    assert_eq!(p.totals().await.responses, 1);
}

async fn a_response_without_a_card_request_stores_no_card(store: Arc<dyn Store>) {
    let p = published(store).await;
    let mut plain = p.submission(SubmittedAnswers::Json(answers()), None);
    plain.with_card = false;
    let receipt = p.kindred.submit_response(plain).await.unwrap();
    assert_eq!(receipt.card, None);
    let totals = p.totals().await;
    assert_eq!(
        (totals.responses, totals.answer_rows, totals.cards),
        (1, 17, 0)
    );
}

on_every_database!(
    a_valid_response_stores_every_answer_and_its_card,
    a_response_without_a_card_request_stores_no_card,
    a_form_post_is_read_into_the_same_answers,
    a_missing_required_answer_is_refused,
    a_rank_position_given_twice_is_refused,
    a_rank_position_left_out_is_refused,
    a_value_out_of_range_is_refused,
    an_unknown_question_is_refused,
    an_unknown_item_or_choice_is_refused,
    an_oversized_text_is_refused,
    a_number_sent_as_text_in_json_is_refused,
    a_line_break_in_an_answer_counts_as_one_character,
    a_closed_survey_refuses_responses,
    a_survey_not_yet_open_refuses_responses,
    an_unknown_version_is_refused,
    a_repeat_from_the_same_browser_soon_after_leads_to_the_same_thanks,
    a_second_response_from_the_same_browser_is_refused,
    racing_double_submissions_store_exactly_one_response,
    a_refused_response_in_a_shared_transaction_leaves_the_others_stored,
    invite_codes_let_each_holder_answer_once,
    a_response_keeps_the_version_it_answered,
    a_display_name_appears_only_when_typed_and_is_bounded,
);

//! The dashboard's figures through the backend, on both databases: known answers give known
//! numbers, filters narrow them, and a filter naming no segment is refused.

mod support;

use app::api::results::ResultsQuery;
use app::backend::Insights;
use serde_json::json;
use server::backend::{ChartName, Kindred, Policy};
use server::storage::Store;
use std::sync::Arc;

async fn known_answers_give_known_figures(store: Arc<dyn Store>) {
    let kindred = Kindred::new(store.clone(), Policy::default());
    let (owner, survey) = support::backend::published_template(&kindred).await;
    // Three identity-first members scoring the brand 6, 6, 7 on every statement (NPS 10), one
    // community-first volunteer scoring 2 (NPS 4).
    for (first, member_type, fit, nps) in [
        ("identity", "member", 6, 10),
        ("identity", "member", 6, 10),
        ("identity", "member", 7, 10),
        ("community", "volunteer", 2, 4),
    ] {
        let rest: Vec<&str> = ["identity", "connections", "community"]
            .into_iter()
            .filter(|r| *r != first)
            .collect();
        let answers = json!({
            "reasons": [first, rest[0], rest[1]],
            "brand_fit": { "reflects_me": fit, "identify": fit, "personal_connection": fit,
                           "shows_others": fit, "who_i_want_to_be": fit, "suits_me": fit },
            "overlap": 6, "nps": nps, "member_type": member_type, "years": "1_2"
        });
        support::backend::submit(&kindred, &survey.slug, answers).await;
    }
    let all = kindred
        .results(&owner, survey.id, ResultsQuery::default())
        .await
        .unwrap();
    assert_eq!(all.responses, 4);
    // NPS: 3 promoters, 1 detractor of 4 → +50.
    let nps = all.nps.as_ref().unwrap();
    assert_eq!((nps.promoters, nps.passives, nps.detractors), (3, 0, 1));
    assert!((nps.score.value - 50.0).abs() < 1e-9);
    // Brand fit: scores 6, 6, 7, 2 → mean 5.25; α over identical statements is 1.
    let fit = &all.scales[0];
    assert_eq!(fit.n, 4);
    assert!((fit.mean.unwrap().value - 5.25).abs() < 1e-9);
    assert!((fit.alpha.unwrap() - 1.0).abs() < 1e-9);
    assert_eq!(fit.distribution, [0, 1, 0, 0, 0, 2, 1]);
    // Ranked first: identity 3 of 4.
    let identity = &all.rankings[0].items[0];
    assert_eq!(identity.id, "identity");
    assert!((identity.first_choice.unwrap().value - 0.75).abs() < 1e-9);
    assert_eq!(identity.places, [3, 1, 0, 0]);
    let overlap = all.overlap.as_ref().unwrap();
    assert_eq!(overlap.counts[5], 4);
    assert!((overlap.share_high.unwrap().value - 1.0).abs() < 1e-9);
    // Each chart is drawn on demand from the same figures.
    let survey_id = survey.id;
    let chart = |name: &str| {
        let name = ChartName::parse(name).unwrap();
        let kindred = &kindred;
        let owner = &owner;
        async move {
            kindred
                .chart(owner, survey_id, ResultsQuery::default(), &name)
                .await
                .unwrap()
                .svg()
        }
    };
    assert!(chart("ranking-reasons").await.contains("(n = 4)"));
    assert!(chart("ranks-reasons").await.contains("1st place"));
    assert!(chart("quadrant").await.contains("Motive × fit by group"));
    // Members: all three put identity first.
    assert_eq!(all.comparisons[0].rows[0].first_item_share, Some(1.0));

    // Motive × fit: identity-first members score 6, 6, 7 (mean 19/3); the community-first one 2.
    let identity_first = &all.motive[0];
    assert_eq!(identity_first.n, 3);
    assert!((identity_first.brand_fit.unwrap().value - 19.0 / 3.0).abs() < 1e-9);
    assert!((identity_first.overlap.unwrap().value - 6.0).abs() < 1e-9);
    assert_eq!(all.motive[1].n, 0, "nobody put connections first");
    assert_eq!(all.motive[2].n, 1);

    // By member type: members (scores 6, 6, 7) against the volunteer (2), and the reasons.
    let by_type = &all.comparisons[0];
    assert_eq!(by_type.question_id, "member_type");
    let member = &by_type.rows[0];
    assert_eq!((member.label.as_str(), member.n), ("Member", 3));
    assert!((member.brand_fit.unwrap().value - 19.0 / 3.0).abs() < 1e-9);
    assert_eq!(
        member.top_reason.as_ref().unwrap().0,
        "It shows who I am and what I stand for"
    );
    assert!(by_type.tests.iter().any(|t| t.what.contains("chi-square")));
    for test in all.comparisons.iter().flat_map(|c| &c.tests) {
        assert!(test.p_holm >= test.p && test.p_holm <= 1.0);
    }

    let volunteers = ResultsQuery {
        segments: vec![("member_type".into(), "volunteer".into())],
        ..Default::default()
    };
    let some = kindred
        .results(&owner, survey.id, volunteers)
        .await
        .unwrap();
    assert_eq!(some.responses, 1);
    assert!((some.nps.unwrap().score.value + 100.0).abs() < 1e-9);

    let unknown = ResultsQuery {
        segments: vec![("nps".into(), "10".into())],
        ..Default::default()
    };
    let error = kindred
        .results(&owner, survey.id, unknown)
        .await
        .unwrap_err();
    assert!(
        error
            .for_field("segment")
            .unwrap()
            .contains("not a segment")
    );
    let later = ResultsQuery {
        from: Some("2099-01-01".into()),
        ..Default::default()
    };
    assert_eq!(
        kindred
            .results(&owner, survey.id, later)
            .await
            .unwrap()
            .responses,
        0
    );

    // A response after a view is in the next view, which equals a view counted afresh by an app
    // server that kept nothing (whether or not this database lets counts be kept).
    let answers = json!({
        "reasons": ["connections", "identity", "community"],
        "brand_fit": { "reflects_me": 3, "identify": 4, "personal_connection": 5,
                       "shows_others": 3, "who_i_want_to_be": 4, "suits_me": 5 },
        "overlap": 2, "nps": 7, "member_type": "volunteer", "years": "3_5"
    });
    support::backend::submit(&kindred, &survey.slug, answers).await;
    let kept = kindred
        .results(&owner, survey.id, ResultsQuery::default())
        .await
        .unwrap();
    assert_eq!(kept.responses, 5);
    assert_eq!(kept.nps.as_ref().unwrap().passives, 1);
    let fresh = Kindred::new(store.clone(), Policy::default())
        .results(&owner, survey.id, ResultsQuery::default())
        .await
        .unwrap();
    assert_eq!(kept, fresh);
}

/// A backend whose clock the test sets, and an owner with the template published.
async fn clocked(
    store: Arc<dyn Store>,
) -> (
    Kindred,
    Arc<std::sync::atomic::AtomicI64>,
    app::backend::Caller,
    app::api::types::SurveySummary,
) {
    let clock = Arc::new(std::sync::atomic::AtomicI64::new(1_767_225_600));
    let now = clock.clone();
    let kindred = Kindred::with_clock(
        store,
        Policy::default(),
        Arc::new(move || now.load(std::sync::atomic::Ordering::SeqCst)),
    );
    let (owner, survey) = support::backend::published_template(&kindred).await;
    (kindred, clock, owner, survey)
}

/// Midnight UTC of a day in 2026.
fn day_2026(month: u32, day: u32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(2026, month, day)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp()
}

async fn weeks_start_on_monday_and_empty_weeks_count_zero(store: Arc<dyn Store>) {
    let (kindred, clock, owner, survey) = clocked(store).await;
    // Monday 5, Tuesday 20 and Wednesday 21 January 2026: the week of 12 January has none.
    for at in [day_2026(1, 5), day_2026(1, 20), day_2026(1, 21)] {
        clock.store(at, std::sync::atomic::Ordering::SeqCst);
        support::backend::submit(&kindred, &survey.slug, support::template_answers()).await;
    }
    let results = kindred
        .results(&owner, survey.id, ResultsQuery::default())
        .await
        .unwrap();
    assert_eq!(
        results.weeks,
        [
            ("5 Jan 2026".to_owned(), 1),
            ("12 Jan 2026".to_owned(), 0),
            ("19 Jan 2026".to_owned(), 2),
        ]
    );
    // A Sunday belongs to the week that began on the Monday before it.
    clock.store(day_2026(1, 25), std::sync::atomic::Ordering::SeqCst);
    support::backend::submit(&kindred, &survey.slug, support::template_answers()).await;
    let results = kindred
        .results(&owner, survey.id, ResultsQuery::default())
        .await
        .unwrap();
    assert_eq!(
        results.weeks.last().unwrap(),
        &("19 Jan 2026".to_owned(), 3)
    );
}

async fn a_reversed_date_filter_is_refused_by_the_names_of_its_fields(store: Arc<dyn Store>) {
    let (kindred, _, owner, survey) = clocked(store).await;
    let reversed = ResultsQuery::parse("from=2026-03-11&to=2026-03-10");
    let error = kindred
        .results(&owner, survey.id, reversed)
        .await
        .unwrap_err();
    let message = error.for_field("to").expect("a message for “to”");
    assert!(message.contains("“Until” comes before “From”"), "{message}");
    assert!(error.for_field("closes_on").is_none());
    let bad = ResultsQuery::parse("from=11.03.2026");
    let error = kindred.results(&owner, survey.id, bad).await.unwrap_err();
    assert!(error.for_field("from").unwrap().contains("not a date"));
    // Years a date field cannot show, found by an attack: refused, not read as a day.
    for day in ["-0001-01-01", "0000-01-01", "1969-12-31"] {
        let bad = ResultsQuery::parse(&format!("from={day}"));
        let error = kindred.results(&owner, survey.id, bad).await.unwrap_err();
        assert!(
            error
                .for_field("from")
                .unwrap()
                .contains("not a date from 1970 on"),
            "{day}"
        );
    }
    // Two groups of one question (found by an attack: 998 copies of one pair made the database
    // refuse the statement, a 500) is one clear refusal, however many copies come.
    for copies in [2, 998] {
        let repeated = vec!["segment=member_type%3Dstaff"; copies].join("&");
        let error = kindred
            .results(&owner, survey.id, ResultsQuery::parse(&repeated))
            .await
            .unwrap_err();
        let message = error
            .for_field("segment")
            .expect("a message for the segment");
        assert!(
            message.contains("Choose one group of “member_type” at a time"),
            "{message}"
        );
    }
    let both = ResultsQuery::parse("segment=member_type%3Dstaff&segment=member_type%3Dmember");
    assert!(kindred.results(&owner, survey.id, both).await.is_err());
    // A NUL byte is no part of an id: dropped when the query is read.
    let nul = ResultsQuery::parse("segment=member_type%3Dstaff%00");
    assert_eq!(
        nul.segments,
        [("member_type".to_owned(), "staff".to_owned())]
    );
}

/// A survey whose agreement scale "Fit" spans two questions, and a multiple-choice segment.
fn split_scale_survey() -> domain::survey::Definition {
    serde_json::from_value(json!({ "questions": [
        { "id": "reasons", "type": "ranking", "prompt": "Why?", "required": true,
          "items": [ { "id": "identity", "label": "Identity" },
                     { "id": "connections", "label": "Connections" },
                     { "id": "community", "label": "Community" } ] },
        { "id": "fit_a", "type": "likert", "prompt": "First part", "required": true,
          "points": 5, "scale": "Fit", "low_label": "No", "high_label": "Yes",
          "items": [ { "id": "a", "label": "A" }, { "id": "b", "label": "B" } ] },
        { "id": "fit_b", "type": "likert", "prompt": "Second part", "required": true,
          "points": 5, "scale": "Fit", "low_label": "No", "high_label": "Yes",
          "items": [ { "id": "c", "label": "C" }, { "id": "d", "label": "D", "reverse": true } ],
          "brand_fit": true },
        { "id": "roles", "type": "multiple_choice", "prompt": "Your roles", "required": true,
          "segment": true,
          "choices": [ { "id": "member", "label": "Member" }, { "id": "staff", "label": "Staff" } ] }
    ]}))
    .expect("a valid definition")
}

async fn a_scale_spread_over_two_questions_is_scored_as_one(store: Arc<dyn Store>) {
    use app::backend::{SurveySource, Surveys};
    let kindred = Kindred::new(store.clone(), Policy::default());
    let owner = support::backend::owner(&kindred, "Friends", "ada@example.org").await;
    let survey = kindred
        .create_survey(&owner, SurveySource::Definition(split_scale_survey()), None)
        .await
        .unwrap();
    kindred.publish_survey(&owner, survey.id).await.unwrap();
    // Scores: (a, b, c, reversed d) → mean of the four.
    for (a, b, c, d, roles) in [
        (5, 5, 4, 1, json!(["member"])),
        (4, 4, 4, 2, json!(["member", "staff"])),
        (2, 1, 2, 5, json!(["staff"])),
        (3, 3, 2, 4, json!(["member"])),
    ] {
        let answers = json!({
            "reasons": ["identity", "connections", "community"],
            "fit_a": { "a": a, "b": b }, "fit_b": { "c": c, "d": d }, "roles": roles
        });
        support::backend::submit(&kindred, &survey.slug, answers).await;
    }
    let results = kindred
        .results(&owner, survey.id, ResultsQuery::default())
        .await
        .unwrap();
    assert_eq!(results.scales.len(), 1, "one scale, not one per question");
    let fit = &results.scales[0];
    assert_eq!(fit.scale, "Fit");
    assert_eq!(fit.questions, ["fit_a", "fit_b"]);
    // Each respondent's score is the mean of four statements, d reversed (6 − d):
    // (5+5+4+5)/4 = 4.75, (4+4+4+4)/4 = 4, (2+1+2+1)/4 = 1.5, (3+3+2+2)/4 = 2.5 → mean 3.1875.
    assert_eq!(fit.n, 4);
    assert!((fit.mean.unwrap().value - 3.1875).abs() < 1e-9);
    // α over the four statements, by hand from their variances and the total's variance:
    // items (reversed) a: 5,4,2,3  b: 5,4,1,3  c: 4,4,2,2  d': 5,4,1,2; totals 19,16,6,10.
    // Sample variances: a 1.6667, b 2.9167, c 1.3333, d' 3.3333 (sum 9.25); total 34.25.
    // α = 4/3 · (1 − 9.25/34.25) = 0.973236…
    assert!(
        (fit.alpha.unwrap() - 0.973_236_0).abs() < 1e-6,
        "{:?}",
        fit.alpha
    );
    assert_eq!(fit.alpha_n, 4);

    // Statement by statement, across both questions, as worded: d is counted as answered (1, 2,
    // 5, 4), not reversed, and marked reversed.
    let statements: Vec<(&str, &str, bool, Vec<u64>)> = fit
        .statements
        .iter()
        .map(|s| {
            (
                s.question_id.as_str(),
                s.item_id.as_str(),
                s.reverse,
                s.counts.clone(),
            )
        })
        .collect();
    assert_eq!(
        statements,
        [
            ("fit_a", "a", false, vec![0, 1, 1, 1, 1]),
            ("fit_a", "b", false, vec![1, 0, 1, 1, 1]),
            ("fit_b", "c", false, vec![0, 2, 0, 2, 0]),
            ("fit_b", "d", true, vec![1, 1, 0, 1, 1]),
        ]
    );
    assert!(fit.statements.iter().all(|s| s.n == 4));
    // Agreeing is 4 or 5 of 5; disagreeing 1 or 2.
    assert_eq!(
        (
            fit.statements[0].agreeing(5),
            fit.statements[0].disagreeing(5)
        ),
        (2, 1)
    );
    assert_eq!(
        (
            fit.statements[1].agreeing(5),
            fit.statements[1].disagreeing(5)
        ),
        (2, 1)
    );
    assert_eq!(
        (fit.low_label.as_str(), fit.high_label.as_str()),
        ("No", "Yes")
    );
    // Its diverging chart lists them most agreed with first — a and b (net +1 of 4) above c and
    // d (net 0) — with d named reversed and a key from "1 No" to "5 Yes".
    let chart = kindred
        .chart(
            &owner,
            survey.id,
            ResultsQuery::default(),
            &ChartName::parse("statements-fit_a").unwrap(),
        )
        .await
        .unwrap()
        .svg();
    for text in [
        "Fit: each statement (n = 4)",
        "D (reversed)",
        "1 No",
        "5 Yes",
    ] {
        assert!(chart.contains(text), "{text} missing from the chart");
    }
    // plotters writes each text on a line of its own.
    let at = |label: &str| chart.find(&format!("\n{label}\n")).unwrap_or(usize::MAX);
    let d = at("D (reversed)");
    assert!(
        at("A").max(at("B")) < at("C").min(d),
        "most agreed with first"
    );

    // The multiple-choice segment is tested choice by choice: chose it against everyone else.
    let roles = &results.comparisons[0];
    assert_eq!(roles.question_id, "roles");
    assert!(
        roles
            .tests
            .iter()
            .all(|t| !t.what.contains("differs between groups")),
        "no chi-square across overlapping groups: {:?}",
        roles.tests
    );
    let member_test = roles
        .tests
        .iter()
        .find(|t| t.what.contains("chose “Member” against everyone else"));
    if let Some(test) = member_test {
        assert_eq!(test.n, 4, "each response once");
    }
    let member = &roles.rows[0];
    assert_eq!((member.n, member.brand_fit_n), (3, 3));
}

async fn kindred_demo_spreads_its_responses_over_the_weeks_it_claims(store: Arc<dyn Store>) {
    let clock = Arc::new(std::sync::atomic::AtomicI64::new(day_2026(6, 1)));
    let now = clock.clone();
    let kindred = Arc::new(Kindred::with_clock(
        store,
        Policy::default(),
        Arc::new(move || now.load(std::sync::atomic::Ordering::SeqCst)),
    ));
    let seeded = server::demo::seed(&kindred, &clock, 600).await.unwrap();
    let results = kindred
        .results(&seeded.owner, seeded.survey_id, ResultsQuery::default())
        .await
        .unwrap();
    assert_eq!(results.responses, 600);
    assert!(results.weeks.len() >= 10, "{:?}", results.weeks);
    assert!(
        results.weeks.iter().all(|(_, n)| *n > 0),
        "every week of the ten has responses: {:?}",
        results.weeks
    );
}

/// Two scales, the second chosen as brand fit, and a segment with a short name.
fn chosen_fit_survey() -> domain::survey::Definition {
    serde_json::from_value(json!({ "questions": [
        { "id": "reasons", "type": "ranking", "prompt": "Why?", "required": true,
          "items": [ { "id": "identity", "label": "Identity" },
                     { "id": "community", "label": "Community" } ] },
        { "id": "pride", "type": "likert", "prompt": "Pride", "required": true,
          "points": 7, "scale": "Pride", "low_label": "No", "high_label": "Yes",
          "items": [ { "id": "a", "label": "A" }, { "id": "b", "label": "B" } ],
          "brand_fit": false },
        { "id": "belonging", "type": "likert", "prompt": "Belonging", "required": true,
          "points": 7, "scale": "Belonging", "low_label": "No", "high_label": "Yes",
          "items": [ { "id": "c", "label": "C" }, { "id": "d", "label": "D" } ],
          "brand_fit": true },
        { "id": "role", "type": "single_choice", "required": true, "segment": true,
          "prompt": "Which of these best describes how you take part in our work?",
          "short_name": "Role",
          "choices": [ { "id": "member", "label": "Member" }, { "id": "staff", "label": "Staff" } ] }
    ]}))
    .expect("a valid definition")
}

async fn brand_fit_is_the_scale_the_survey_chose_not_the_first(store: Arc<dyn Store>) {
    use app::backend::{SurveySource, Surveys};
    let kindred = Kindred::new(store.clone(), Policy::default());
    let owner = support::backend::owner(&kindred, "Friends", "ada@example.org").await;
    let survey = kindred
        .create_survey(&owner, SurveySource::Definition(chosen_fit_survey()), None)
        .await
        .unwrap();
    kindred.publish_survey(&owner, survey.id).await.unwrap();
    // Pride is always 7; belonging is 6 for identity-first members, 2 for community-first ones.
    for (first, belonging, role) in [
        ("identity", 6, "member"),
        ("identity", 6, "member"),
        ("community", 2, "staff"),
        ("community", 2, "staff"),
    ] {
        let second = if first == "identity" {
            "community"
        } else {
            "identity"
        };
        let answers = json!({
            "reasons": [first, second], "pride": { "a": 7, "b": 7 },
            "belonging": { "c": belonging, "d": belonging }, "role": role
        });
        support::backend::submit(&kindred, &survey.slug, answers).await;
    }
    let results = kindred
        .results(&owner, survey.id, ResultsQuery::default())
        .await
        .unwrap();
    let marks: Vec<_> = results
        .scales
        .iter()
        .map(|s| (s.scale.as_str(), s.brand_fit))
        .collect();
    assert_eq!(marks, [("Pride", false), ("Belonging", true)]);
    let fit = results.brand_fit().unwrap();
    assert!((fit.mean.unwrap().value - 4.0).abs() < 1e-9);
    // Motive × fit and the segments compare belonging, not pride.
    assert!((results.motive[0].brand_fit.unwrap().value - 6.0).abs() < 1e-9);
    assert!((results.motive[1].brand_fit.unwrap().value - 2.0).abs() < 1e-9);
    let role = &results.comparisons[0];
    assert_eq!(
        (role.name.as_str(), role.prompt.as_str()),
        (
            "Role",
            "Which of these best describes how you take part in our work?"
        )
    );
    assert!((role.rows[1].brand_fit.unwrap().value - 2.0).abs() < 1e-9);
    assert_eq!(results.segments[0].name, "Role");
}

on_every_database!(
    brand_fit_is_the_scale_the_survey_chose_not_the_first,
    known_answers_give_known_figures,
    weeks_start_on_monday_and_empty_weeks_count_zero,
    a_reversed_date_filter_is_refused_by_the_names_of_its_fields,
    a_scale_spread_over_two_questions_is_scored_as_one,
    kindred_demo_spreads_its_responses_over_the_weeks_it_claims,
);

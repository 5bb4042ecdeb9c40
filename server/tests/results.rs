//! The dashboard's figures through the backend, on both databases: known answers give known
//! numbers, filters narrow them, and a filter naming no segment is refused.

mod support;

use app::api::results::ResultsQuery;
use app::backend::Insights;
use serde_json::json;
use server::backend::{Kindred, Policy};
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
    assert!(all.rankings[0].chart_svg.contains("(n = 4)"));
    assert!(all.rankings[0].distribution_svg.contains("1st place"));
    assert!(
        all.quadrant_svg
            .as_ref()
            .unwrap()
            .contains("Motive × fit by group")
    );
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

on_every_database!(known_answers_give_known_figures);

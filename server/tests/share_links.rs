//! Share links through the backend, on both databases: a link shows one survey's results with
//! small counts hidden and open answers only if allowed, and stops working when revoked or expired
//! (answering as for a link that never existed); only the survey's organisation can revoke it.

mod support;

use app::api::results::ResultsQuery;
use app::backend::Insights;
use app::error::AppError;
use server::backend::{ChartName, Kindred, Policy};
use server::storage::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

const DAY: i64 = 24 * 60 * 60;

/// The secret at the end of a share link's address.
fn token(url: &str) -> &str {
    url.rsplit('/').next().unwrap()
}

async fn share_links_hide_small_counts_and_end_when_revoked_or_expired(store: Arc<dyn Store>) {
    let clock = Arc::new(AtomicI64::new(1_780_000_000));
    let kindred = Kindred::with_clock(store.clone(), Policy::default(), {
        let clock = clock.clone();
        Arc::new(move || clock.load(Ordering::Relaxed))
    });
    let (owner, survey) = support::backend::published_template(&kindred).await;
    // Six members and one volunteer: the volunteer's group is under 5.
    for member_type in [
        "member",
        "member",
        "member",
        "member",
        "member",
        "member",
        "volunteer",
    ] {
        let mut answers = support::template_answers();
        answers["member_type"] = member_type.into();
        support::backend::submit(&kindred, &survey.slug, answers).await;
    }

    let too_long = kindred
        .create_share_link(&owner, survey.id, 366, false)
        .await
        .unwrap_err();
    assert!(
        too_long
            .for_field("days")
            .unwrap()
            .contains("1 to 365 days")
    );

    let link = kindred
        .create_share_link(&owner, survey.id, 30, false)
        .await
        .unwrap();
    assert!(link.url.contains("/r/"), "{}", link.url);
    assert_eq!(link.expires_at, clock.load(Ordering::Relaxed) + 30 * DAY);
    let shared = kindred
        .shared_results(token(&link.url), ResultsQuery::default())
        .await
        .unwrap();
    assert!(shared.shared);
    assert_eq!(shared.responses, 7);
    let by_type = shared
        .choices
        .iter()
        .find(|c| c.question_id == "member_type")
        .unwrap();
    let count = |choice: &str| {
        by_type
            .options
            .iter()
            .find(|(id, _, _)| id == choice)
            .unwrap()
            .2
    };
    assert_eq!(count("volunteer"), 0, "one volunteer is hidden");
    assert_eq!(
        count("member"),
        0,
        "and the members with it: 7 responses minus 6 members would be the volunteer"
    );
    let volunteers = shared.comparisons[0]
        .rows
        .iter()
        .find(|r| r.label == "Volunteer")
        .unwrap();
    assert_eq!((volunteers.n, volunteers.brand_fit), (0, None));
    let members = shared.comparisons[0]
        .rows
        .iter()
        .find(|r| r.label == "Member")
        .unwrap();
    assert_eq!(
        (members.n, members.brand_fit),
        (0, None),
        "hidden with company"
    );
    assert!(
        shared.comparisons[0].tests.is_empty(),
        "a test over a hidden group would reveal it"
    );
    assert!(shared.texts.is_empty(), "open answers were not allowed");
    // The organisation sees everything.
    let own = kindred
        .results(&owner, survey.id, ResultsQuery::default())
        .await
        .unwrap();
    assert!(!own.shared && !own.texts.is_empty());
    // The shared view's charts are drawn from what it shows: filtered to the lone volunteer, it
    // has no ranking chart at all, while the organisation's own chart shows the volunteer; the
    // whole shared view's chart rests on what it shows.
    let ranking = ChartName::parse("ranking-reasons").unwrap();
    let volunteers = ResultsQuery::parse("segment=member_type%3Dvolunteer");
    assert!(
        kindred
            .shared_chart(token(&link.url), volunteers.clone(), &ranking)
            .await
            .is_err()
    );
    let shared_ranking = kindred
        .shared_chart(token(&link.url), ResultsQuery::default(), &ranking)
        .await
        .unwrap()
        .svg();
    let own_ranking = kindred
        .chart(&owner, survey.id, volunteers.clone(), &ranking)
        .await
        .unwrap()
        .svg();
    assert!(own_ranking.contains("(n = 1)"), "{own_ranking}");
    assert!(shared_ranking.contains("(n = 7)"), "{shared_ranking}");

    // No two shared views differ by one person: the lone volunteer's view shows nothing at all,
    // date ranges (a day shorter would isolate that day's responses) and combined groups are
    // refused, each with a message for the person who asked.
    let alone = kindred
        .shared_results(token(&link.url), volunteers.clone())
        .await
        .unwrap();
    assert_eq!(alone.responses, 0);
    assert!(alone.rankings.is_empty() && alone.nps.is_none() && alone.comparisons.is_empty());
    let dated = kindred
        .shared_results(token(&link.url), ResultsQuery::parse("from=2026-01-01"))
        .await
        .unwrap_err();
    assert!(
        dated
            .for_field("from")
            .unwrap()
            .contains("whole survey period")
    );
    let two = kindred
        .shared_results(
            token(&link.url),
            ResultsQuery::parse("segment=member_type%3Dmember&segment=years%3D3_5"),
        )
        .await
        .unwrap_err();
    assert!(
        two.for_field("segment")
            .unwrap()
            .contains("one group at a time")
    );

    let with_texts = kindred
        .create_share_link(&owner, survey.id, 7, true)
        .await
        .unwrap();
    let shared = kindred
        .shared_results(token(&with_texts.url), ResultsQuery::default())
        .await
        .unwrap();
    assert_eq!(shared.texts.len(), 7);

    // Another organisation cannot revoke the link; its owner can, and it stops working at once.
    let links = kindred.share_links(&owner, survey.id).await.unwrap();
    assert_eq!(links.len(), 2);
    let first = links.iter().find(|l| !l.show_texts).unwrap().id;
    let stranger = support::backend::owner(&kindred, "Other Club", "bob@example.org").await;
    assert!(matches!(
        kindred
            .revoke_share_link(&stranger, survey.id, first)
            .await
            .unwrap_err(),
        AppError::NotFound(_)
    ));
    kindred
        .revoke_share_link(&owner, survey.id, first)
        .await
        .unwrap();
    assert!(matches!(
        kindred
            .shared_results(token(&link.url), ResultsQuery::default())
            .await
            .unwrap_err(),
        AppError::NotFound(_)
    ));
    assert!(matches!(
        kindred
            .shared_chart(token(&link.url), ResultsQuery::default(), &ranking)
            .await,
        Err(AppError::NotFound(_))
    ));

    // The other link ends after its 7 days.
    clock.fetch_add(7 * DAY, Ordering::Relaxed);
    assert!(matches!(
        kindred
            .shared_results(token(&with_texts.url), ResultsQuery::default())
            .await
            .unwrap_err(),
        AppError::NotFound(_)
    ));
    // A made-up secret gets the same answer, so nobody learns which links exist.
    let made_up = kindred
        .shared_results("not-a-link", ResultsQuery::default())
        .await
        .unwrap_err();
    assert!(
        made_up.to_string().contains("has expired or was revoked"),
        "{made_up}"
    );
}

on_every_database!(share_links_hide_small_counts_and_end_when_revoked_or_expired);

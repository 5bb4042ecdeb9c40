//! `kindred demo`: a demonstration organisation with the "Why members join" survey and a few
//! thousand synthetic, plausibly varied responses, so a first look shows real charts. Responses
//! go through the same validation and storage as real ones, spread over the last ten weeks.

use crate::backend::{Kindred, Policy};
use crate::config::Settings;
use crate::storage;
use anyhow::Context;
use app::backend::{Accounts, Caller, SignUpInput, SurveySource, Surveys};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Normal};
use serde_json::{Map, Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

pub const DEMO_EMAIL: &str = "demo@kindred.example";
pub const DEMO_PASSWORD: &str = "kindred demo password";
const WEEK: i64 = 7 * 24 * 60 * 60;

const TEXTS: [&str; 10] = [
    "That I put my hands where my values are.",
    "That I care about this place and the people in it.",
    "It says I'm someone who turns up.",
    "That I belong to something older and bigger than me.",
    "It shows my kids what community looks like.",
    "That I like getting my hands dirty with good people.",
    "Honestly, that I found my people.",
    "That green space matters to me.",
    "It's part of who I am now.",
    "That I'd rather build than complain.",
];

/// A draw from a normal distribution.
fn normal(rng: &mut StdRng, mean: f64, sd: f64) -> f64 {
    Normal::new(mean, sd).map_or(mean, |d| d.sample(rng))
}

fn point(x: f64, low: i64, high: i64) -> i64 {
    (x.round() as i64).clamp(low, high)
}

/// One synthetic member: the reasons follow a Plackett–Luce model whose worths depend on the
/// member type; brand fit, closeness and recommending all follow one latent "fit", which is
/// higher for members who joined to show who they are.
pub fn synthetic(rng: &mut StdRng) -> Map<String, Value> {
    let member_type = match rng.random_range(0..100) {
        0..55 => "member",
        55..75 => "volunteer",
        75..83 => "staff",
        83..95 => "supporter",
        _ => "other",
    };
    let worths: [f64; 3] = match member_type {
        "member" | "supporter" => [0.50, 0.30, 0.20],
        "volunteer" => [0.25, 0.45, 0.30],
        _ => [0.20, 0.30, 0.50],
    };
    let ids = ["identity", "connections", "community"];
    let mut left: Vec<usize> = vec![0, 1, 2];
    let mut order = Vec::new();
    while !left.is_empty() {
        let total: f64 = left.iter().map(|&i| worths[i]).sum();
        let mut draw = rng.random_range(0.0..total);
        let pick = left
            .iter()
            .position(|&i| {
                draw -= worths[i];
                draw < 0.0
            })
            .unwrap_or(left.len() - 1);
        order.push(ids[left.remove(pick)]);
    }
    let fit = normal(rng, if order[0] == "identity" { 5.3 } else { 4.4 }, 1.0);
    let mut answers = Map::new();
    answers.insert("reasons".into(), json!(order));
    let brand_fit: Map<String, Value> = [
        "reflects_me",
        "identify",
        "personal_connection",
        "shows_others",
        "who_i_want_to_be",
        "suits_me",
    ]
    .iter()
    .map(|item| {
        (
            (*item).to_owned(),
            json!(point(fit + normal(rng, 0.0, 0.8), 1, 7)),
        )
    })
    .collect();
    answers.insert("brand_fit".into(), Value::Object(brand_fit));
    answers.insert(
        "overlap".into(),
        json!(point(fit - 0.6 + normal(rng, 0.0, 1.0), 1, 7)),
    );
    if rng.random_bool(0.8) {
        let expression: Map<String, Value> = ["say_love", "share_posts", "wear_display"]
            .iter()
            .map(|item| {
                (
                    (*item).to_owned(),
                    json!(point(fit - 0.8 + normal(rng, 0.0, 1.2), 1, 7)),
                )
            })
            .collect();
        answers.insert("expression".into(), Value::Object(expression));
    }
    answers.insert(
        "nps".into(),
        json!(point(fit * 1.6 + 0.4 + normal(rng, 0.0, 1.5), 0, 10)),
    );
    if rng.random_bool(0.35) {
        answers.insert(
            "says_about_you".into(),
            json!(TEXTS[rng.random_range(0..TEXTS.len())]),
        );
    }
    answers.insert("member_type".into(), json!(member_type));
    let years = ["under_1", "1_2", "3_5", "6_10", "over_10"][rng.random_range(0..5)];
    answers.insert("years".into(), json!(years));
    answers
}

/// The demo organisation and its published survey.
pub struct Seeded {
    pub owner: Caller,
    pub survey_id: i64,
    pub slug: String,
}

/// Signs up the demo organisation, publishes the template (ten weeks before `clock`'s time) and
/// submits `responses` synthetic responses spread over those ten weeks. `kindred` must read its
/// time from `clock`.
pub async fn seed(
    kindred: &Arc<Kindred>,
    clock: &AtomicI64,
    responses: u32,
) -> anyhow::Result<Seeded> {
    let now = clock.load(Ordering::Relaxed);
    let grant = kindred
        .sign_up(
            SignUpInput {
                organisation_name: "Riverside Community Garden".into(),
                name: "Demo Owner".into(),
                email: DEMO_EMAIL.into(),
                password: DEMO_PASSWORD.into(),
            },
            None,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context(
            "creating the demo organisation (has `kindred demo` run on this database already?)",
        )?;
    let owner = kindred
        .caller(&grant.token)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let survey = kindred
        .create_survey(
            &owner,
            SurveySource::Template("why-members-join".into()),
            None,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    // Published ten weeks ago, so the answers can arrive over ten weeks.
    clock.store(now - 10 * WEEK, Ordering::Relaxed);
    kindred
        .publish_survey(&owner, survey.id)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;

    let mut rng = StdRng::seed_from_u64(2026);
    // Answers come in fastest at first and then tail off, as after a newsletter: the share
    // received by time t (of ten weeks) is 1 − (1 − t)². They are stored in bulk, each validated
    // and counted as a submission would be.
    let start = now - 10 * WEEK;
    let mut sent = 0;
    while sent < responses {
        let size = 10_000.min(responses - sent);
        let chunk = (sent..sent + size)
            .map(|i| {
                let progress = f64::from(i) / f64::from(responses.max(1));
                let elapsed = 1.0 - (1.0 - progress).sqrt();
                (
                    synthetic(&mut rng),
                    start + (elapsed * 10.0 * WEEK as f64) as i64,
                )
            })
            .collect();
        kindred
            .import_responses(survey.id, 1, chunk)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        sent += size;
    }
    clock.store(now, Ordering::Relaxed);
    Ok(Seeded {
        owner,
        survey_id: survey.id,
        slug: survey.slug,
    })
}

pub async fn demo(settings: &Settings, responses: u32) -> anyhow::Result<()> {
    let store = storage::open(&settings.database_url).await?;
    let addr: SocketAddr = settings
        .addr
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000)));
    let clock = Arc::new(AtomicI64::new(chrono::Utc::now().timestamp()));
    let kindred = Arc::new(Kindred::with_clock(
        store,
        Policy {
            public_url: settings.public_url(addr),
            ..Policy::default()
        },
        {
            let clock = clock.clone();
            Arc::new(move || clock.load(Ordering::Relaxed))
        },
    ));
    let seeded = seed(&kindred, &clock, responses).await?;
    kindred.fold_rollups().await?;
    println!(
        "Seeded “Riverside Community Garden” with the “Why members join” survey and {responses} responses.\n\
         Log in at {}/login as {DEMO_EMAIL} with the password “{DEMO_PASSWORD}”,\n\
         then open {}/surveys/{}/results.",
        settings.public_url(addr),
        settings.public_url(addr),
        seeded.survey_id
    );
    Ok(())
}

//! Every kind of bad account input is refused with a message for the person who made it, and
//! leaves no row behind — on SQLite and on PostgreSQL.

mod support;

use app::backend::{Accounts, Caller, NewAccountInput, SignUpInput, Teams};
use app::error::AppError;
use domain::Role;
use server::backend::{Clock, Kindred, Policy};
use server::storage::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

const START: i64 = 1_800_000_000;
const PASSWORD: &str = "a long enough passphrase";

/// A backend whose clock the test moves by hand.
fn backend(store: Arc<dyn Store>) -> (Kindred, Arc<AtomicI64>) {
    let now = Arc::new(AtomicI64::new(START));
    let clock: Clock = {
        let now = now.clone();
        Arc::new(move || now.load(Ordering::SeqCst))
    };
    (Kindred::with_clock(store, Policy::default(), clock), now)
}

fn sign_up_input(email: &str, password: &str) -> SignUpInput {
    SignUpInput {
        organisation_name: "Friends of the Park".into(),
        name: "Ada".into(),
        email: email.into(),
        password: password.into(),
    }
}

fn new_account(email: &str) -> NewAccountInput {
    NewAccountInput {
        name: "Vi".into(),
        email: email.into(),
        password: PASSWORD.into(),
    }
}

/// Signs up an owner and returns them as a caller.
async fn owner(kindred: &Kindred) -> Caller {
    let grant = kindred
        .sign_up(sign_up_input("ada@example.org", PASSWORD), None)
        .await
        .unwrap();
    kindred.caller(&grant.token).await.unwrap()
}

fn field_message(err: &AppError, field: &str) -> String {
    err.for_field(field)
        .unwrap_or_else(|| panic!("no message for {field}: {err:?}"))
}

async fn an_invalid_email_is_refused_and_nothing_is_created(store: Arc<dyn Store>) {
    let (kindred, _) = backend(store.clone());
    let err = kindred
        .sign_up(sign_up_input("ada.example.org", PASSWORD), None)
        .await
        .unwrap_err();
    assert!(field_message(&err, "email").contains("is not an email address"));
    assert_eq!(store.totals().await.unwrap(), Default::default());
}

async fn a_short_password_is_refused_and_nothing_is_created(store: Arc<dyn Store>) {
    let (kindred, _) = backend(store.clone());
    let err = kindred
        .sign_up(sign_up_input("ada@example.org", "short"), None)
        .await
        .unwrap_err();
    assert_eq!(
        field_message(&err, "password"),
        "Use at least 10 characters (this one has 5)."
    );
    assert_eq!(store.totals().await.unwrap(), Default::default());
}

async fn every_bad_sign_up_field_is_reported_at_once(store: Arc<dyn Store>) {
    let (kindred, _) = backend(store.clone());
    let input = SignUpInput {
        organisation_name: " ".into(),
        name: "".into(),
        email: "x".into(),
        password: "y".into(),
    };
    let err = kindred.sign_up(input, None).await.unwrap_err();
    for field in ["organisation_name", "name", "email", "password"] {
        field_message(&err, field);
    }
    assert_eq!(store.totals().await.unwrap(), Default::default());
}

async fn a_duplicate_email_is_refused_and_no_second_organisation_appears(store: Arc<dyn Store>) {
    let (kindred, _) = backend(store.clone());
    owner(&kindred).await;
    let before = store.totals().await.unwrap();
    let err = kindred
        .sign_up(sign_up_input("ADA@example.org ", PASSWORD), None)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Conflict(_)), "{err:?}");
    assert!(field_message(&err, "email").contains("already exists"));
    assert_eq!(store.totals().await.unwrap(), before);
}

async fn a_wrong_password_is_refused_without_a_session(store: Arc<dyn Store>) {
    let (kindred, _) = backend(store.clone());
    owner(&kindred).await;
    let before = store.totals().await.unwrap();
    let err = kindred
        .log_in("ada@example.org", "not the password", None)
        .await
        .unwrap_err();
    assert!(field_message(&err, "password").contains("do not match an account"));
    let unknown = kindred
        .log_in("nobody@example.org", PASSWORD, None)
        .await
        .unwrap_err();
    assert_eq!(
        unknown, err,
        "an unknown email and a wrong password look the same"
    );
    assert_eq!(store.totals().await.unwrap(), before);
}

async fn repeated_wrong_passwords_lock_the_account_for_a_while(store: Arc<dyn Store>) {
    let (kindred, now) = backend(store.clone());
    owner(&kindred).await;
    for _ in 0..5 {
        kindred
            .log_in("ada@example.org", "wrong password", None)
            .await
            .unwrap_err();
    }
    let err = kindred
        .log_in("ada@example.org", PASSWORD, None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, AppError::TooManyAttempts(_)),
        "even the right password waits: {err:?}"
    );
    now.fetch_add(15 * 60 + 1, Ordering::SeqCst);
    kindred
        .log_in("ada@example.org", PASSWORD, None)
        .await
        .expect("unlocked after the window");
}

/// Parallel guesses cannot slip past the limit while others are being checked: every attempt is
/// counted before its password is, so of 24 at once exactly 5 are checked.
async fn parallel_wrong_passwords_are_counted_before_they_are_checked(store: Arc<dyn Store>) {
    let (kindred, _) = backend(store.clone());
    owner(&kindred).await;
    let kindred = Arc::new(kindred);
    let attempts: Vec<_> = (0..24)
        .map(|_| {
            let kindred = kindred.clone();
            tokio::spawn(async move {
                kindred
                    .log_in("ada@example.org", "wrong password", None)
                    .await
                    .unwrap_err()
            })
        })
        .collect();
    let (mut checked, mut throttled) = (0, 0);
    for attempt in attempts {
        match attempt.await.unwrap() {
            AppError::Validation(_) => checked += 1,
            AppError::TooManyAttempts(_) => throttled += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((checked, throttled), (5, 19));
    let err = kindred
        .log_in("ada@example.org", PASSWORD, None)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::TooManyAttempts(_)), "{err:?}");
}

/// However many log-ins arrive at once, no more password hashes run together than there are
/// cores (each holds 19 MiB while it runs).
async fn a_log_in_flood_hashes_a_bounded_number_at_a_time(store: Arc<dyn Store>) {
    let kindred = Arc::new(Kindred::new(store, Policy::default()));
    let attempts: Vec<_> = (0..32)
        .map(|i| {
            let kindred = kindred.clone();
            tokio::spawn(async move {
                kindred
                    .log_in(&format!("nobody{i}@example.org"), "wrong password", None)
                    .await
                    .unwrap_err()
            })
        })
        .collect();
    for attempt in attempts {
        assert!(matches!(attempt.await.unwrap(), AppError::Validation(_)));
    }
    let limit = server::backend::concurrent_hash_limit();
    let most = server::backend::most_hashes_running();
    assert!(
        most >= 1 && most <= limit,
        "{most} hashes ran at once; the limit is {limit}"
    );
}

async fn common_passwords_and_hidden_characters_are_refused(store: Arc<dyn Store>) {
    let (kindred, _) = backend(store.clone());
    let before = store.totals().await.unwrap();
    for password in [
        "password123",
        "qwertyuiop",
        "1234567890",
        "ada@example.org!",
    ] {
        let err = kindred
            .sign_up(sign_up_input("ada@example.org", password), None)
            .await
            .unwrap_err();
        assert!(
            field_message(&err, "password").contains("too common"),
            "{password}: {err:?}"
        );
    }
    for name in ["Ada\u{202E}nimda", "Ada\u{200B}", "Ada\0"] {
        let mut input = sign_up_input("ada@example.org", PASSWORD);
        input.name = name.into();
        let err = kindred.sign_up(input, None).await.unwrap_err();
        assert!(
            field_message(&err, "name").contains("invisible characters"),
            "{name:?}: {err:?}"
        );
    }
    assert_eq!(store.totals().await.unwrap(), before, "nothing was created");
}

async fn one_address_guessing_many_accounts_is_throttled(store: Arc<dyn Store>) {
    let store_for_policy = store.clone();
    let policy = Policy {
        login_failures_per_ip: 3,
        ..Policy::default()
    };
    let kindred = Kindred::new(store_for_policy, policy);
    let ip = Some("203.0.113.5".parse().unwrap());
    for i in 0..3 {
        kindred
            .log_in(&format!("guess{i}@example.org"), "password123", ip)
            .await
            .unwrap_err();
    }
    let err = kindred
        .log_in("another@example.org", "password123", ip)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::TooManyAttempts(_)), "{err:?}");
    let elsewhere = kindred
        .log_in("another@example.org", "password123", None)
        .await
        .unwrap_err();
    assert!(
        matches!(elsewhere, AppError::Validation(_)),
        "other addresses are not locked out: {elsewhere:?}"
    );
}

async fn a_tampered_or_expired_session_is_not_a_caller(store: Arc<dyn Store>) {
    let (kindred, now) = backend(store.clone());
    let grant = kindred
        .sign_up(sign_up_input("ada@example.org", PASSWORD), None)
        .await
        .unwrap();
    let mut tampered = grant.token.clone();
    tampered.replace_range(..2, "zz");
    assert_eq!(
        kindred.caller(&tampered).await.unwrap_err(),
        AppError::Unauthenticated
    );
    assert_eq!(
        kindred.caller("").await.unwrap_err(),
        AppError::Unauthenticated
    );
    kindred
        .caller(&grant.token)
        .await
        .expect("the real token works");
    // Used every seven hours, the session lives until its absolute end, and not past it.
    let policy = Policy::default();
    let step = 7 * 60 * 60;
    let mut lived = 0;
    while lived + step < policy.session_seconds {
        now.fetch_add(step, Ordering::SeqCst);
        lived += step;
        kindred
            .caller(&grant.token)
            .await
            .unwrap_or_else(|e| panic!("refused {lived} s in, while in use: {e}"));
    }
    now.fetch_add(policy.session_seconds - lived, Ordering::SeqCst);
    assert_eq!(
        kindred.caller(&grant.token).await.unwrap_err(),
        AppError::Unauthenticated
    );
}

async fn a_session_left_unused_ends_before_its_absolute_end(store: Arc<dyn Store>) {
    let (kindred, now) = backend(store.clone());
    let idle = Policy::default().session_idle_seconds;
    let grant = kindred
        .sign_up(sign_up_input("ada@example.org", PASSWORD), None)
        .await
        .unwrap();
    now.fetch_add(idle - 60, Ordering::SeqCst);
    kindred
        .caller(&grant.token)
        .await
        .expect("used just before the idle limit");
    // That use counts: the idle time starts again from it.
    now.fetch_add(idle - 60, Ordering::SeqCst);
    kindred
        .caller(&grant.token)
        .await
        .expect("used again within the idle limit of the last use");
    now.fetch_add(idle + 1, Ordering::SeqCst);
    assert_eq!(
        kindred.caller(&grant.token).await.unwrap_err(),
        AppError::Unauthenticated
    );
    // And it stays ended: the session is gone, not just refused once.
    now.fetch_sub(idle, Ordering::SeqCst);
    assert_eq!(
        kindred.caller(&grant.token).await.unwrap_err(),
        AppError::Unauthenticated
    );
}

async fn logging_out_deletes_the_session_on_the_server(store: Arc<dyn Store>) {
    let (kindred, _) = backend(store.clone());
    let grant = kindred
        .sign_up(sign_up_input("ada@example.org", PASSWORD), None)
        .await
        .unwrap();
    kindred.log_out(&grant.token).await.unwrap();
    assert_eq!(
        kindred.caller(&grant.token).await.unwrap_err(),
        AppError::Unauthenticated
    );
    assert_eq!(store.totals().await.unwrap().sessions, 0);
}

async fn a_used_invitation_is_refused_and_creates_no_account(store: Arc<dyn Store>) {
    let (kindred, _) = backend(store.clone());
    let owner = owner(&kindred).await;
    let link = kindred.invite(&owner, Role::Viewer, None).await.unwrap();
    let token = support::invitation_token(&link);
    kindred
        .accept_invitation_with_new_account(&token, new_account("vi@example.org"), None)
        .await
        .unwrap();
    let before = store.totals().await.unwrap();
    let err = kindred
        .accept_invitation_with_new_account(&token, new_account("eve@example.org"), None)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        AppError::NotFound("This invitation has already been used.".into())
    );
    assert_eq!(store.totals().await.unwrap(), before);
}

async fn an_expired_invitation_is_refused_and_creates_no_account(store: Arc<dyn Store>) {
    let (kindred, now) = backend(store.clone());
    let owner = owner(&kindred).await;
    let link = kindred.invite(&owner, Role::Editor, None).await.unwrap();
    let token = support::invitation_token(&link);
    now.store(link.expires_at, Ordering::SeqCst);
    let before = store.totals().await.unwrap();
    assert_eq!(
        kindred.invitation(&token).await.unwrap_err(),
        AppError::NotFound("This invitation has expired.".into())
    );
    let err = kindred
        .accept_invitation_with_new_account(&token, new_account("vi@example.org"), None)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        AppError::NotFound("This invitation has expired.".into())
    );
    assert_eq!(store.totals().await.unwrap(), before);
}

async fn a_viewer_can_neither_open_settings_nor_change_roles_nor_invite(store: Arc<dyn Store>) {
    let (kindred, _) = backend(store.clone());
    let owner = owner(&kindred).await;
    let link = kindred.invite(&owner, Role::Viewer, None).await.unwrap();
    let token = support::invitation_token(&link);
    let grant = kindred
        .accept_invitation_with_new_account(&token, new_account("vi@example.org"), None)
        .await
        .unwrap();
    let viewer = kindred.caller(&grant.token).await.unwrap();
    assert_eq!(viewer.role, Role::Viewer);
    let before = store.totals().await.unwrap();
    assert!(matches!(
        kindred.organisation_settings(&viewer).await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        kindred
            .change_role(&viewer, viewer.user_id, Role::Owner)
            .await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        kindred
            .change_role(&viewer, owner.user_id, Role::Viewer)
            .await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        kindred.remove_member(&viewer, owner.user_id).await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        kindred.invite(&viewer, Role::Owner, None).await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        kindred.rename_organisation(&viewer, "Mine now").await,
        Err(AppError::Forbidden(_))
    ));
    assert_eq!(store.totals().await.unwrap(), before);
    assert_eq!(
        kindred.caller(&grant.token).await.unwrap().role,
        Role::Viewer
    );
}

async fn an_owner_cannot_touch_another_organisations_members(store: Arc<dyn Store>) {
    let (kindred, _) = backend(store.clone());
    let first = owner(&kindred).await;
    let other = kindred
        .sign_up(
            SignUpInput {
                email: "bo@example.org".into(),
                ..sign_up_input("", PASSWORD)
            },
            None,
        )
        .await
        .unwrap();
    let other = kindred.caller(&other.token).await.unwrap();
    assert_ne!(other.organisation_id, first.organisation_id);
    let err = kindred
        .remove_member(&other, first.user_id)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::NotFound(_)), "{err:?}");
    let err = kindred
        .change_role(&other, first.user_id, Role::Viewer)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::NotFound(_)), "{err:?}");
    assert_eq!(kindred.me(&first).await.unwrap().role, Role::Owner);
}

async fn the_only_owner_is_told_to_appoint_another_first(store: Arc<dyn Store>) {
    let (kindred, _) = backend(store.clone());
    let owner = owner(&kindred).await;
    let err = kindred
        .change_role(&owner, owner.user_id, Role::Editor)
        .await
        .unwrap_err();
    assert!(field_message(&err, "role").contains("only owner"));
    let err = kindred
        .remove_member(&owner, owner.user_id)
        .await
        .unwrap_err();
    assert!(field_message(&err, "role").contains("only owner"));
    assert_eq!(kindred.me(&owner).await.unwrap().role, Role::Owner);
}

async fn a_wrong_current_password_changes_nothing(store: Arc<dyn Store>) {
    let (kindred, _) = backend(store.clone());
    let grant = kindred
        .sign_up(sign_up_input("ada@example.org", PASSWORD), None)
        .await
        .unwrap();
    let caller = kindred.caller(&grant.token).await.unwrap();
    let err = kindred
        .change_password(
            &caller,
            &grant.token,
            "not it at all",
            "a brand new passphrase",
        )
        .await
        .unwrap_err();
    assert_eq!(
        field_message(&err, "current_password"),
        "That is not your current password."
    );
    let err = kindred
        .change_password(&caller, &grant.token, PASSWORD, "short")
        .await
        .unwrap_err();
    field_message(&err, "new_password");
    kindred
        .log_in("ada@example.org", PASSWORD, None)
        .await
        .expect("the old password still works");
}

async fn sign_up_gives_a_clashing_organisation_a_numbered_slug(store: Arc<dyn Store>) {
    let (kindred, _) = backend(store.clone());
    owner(&kindred).await;
    kindred
        .sign_up(
            SignUpInput {
                email: "bo@example.org".into(),
                ..sign_up_input("", PASSWORD)
            },
            None,
        )
        .await
        .unwrap();
    assert!(
        store
            .organisation_by_slug("friends-of-the-park")
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .organisation_by_slug("friends-of-the-park-2")
            .await
            .unwrap()
            .is_some()
    );
}

on_every_database!(
    an_invalid_email_is_refused_and_nothing_is_created,
    a_short_password_is_refused_and_nothing_is_created,
    every_bad_sign_up_field_is_reported_at_once,
    a_duplicate_email_is_refused_and_no_second_organisation_appears,
    a_wrong_password_is_refused_without_a_session,
    repeated_wrong_passwords_lock_the_account_for_a_while,
    one_address_guessing_many_accounts_is_throttled,
    parallel_wrong_passwords_are_counted_before_they_are_checked,
    common_passwords_and_hidden_characters_are_refused,
    a_log_in_flood_hashes_a_bounded_number_at_a_time,
    a_tampered_or_expired_session_is_not_a_caller,
    a_session_left_unused_ends_before_its_absolute_end,
    logging_out_deletes_the_session_on_the_server,
    a_used_invitation_is_refused_and_creates_no_account,
    an_expired_invitation_is_refused_and_creates_no_account,
    a_viewer_can_neither_open_settings_nor_change_roles_nor_invite,
    an_owner_cannot_touch_another_organisations_members,
    the_only_owner_is_told_to_appoint_another_first,
    a_wrong_current_password_changes_nothing,
    sign_up_gives_a_clashing_organisation_a_numbered_slug,
);

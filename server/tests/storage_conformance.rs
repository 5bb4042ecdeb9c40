//! The storage conformance suite: every storage operation, with the same assertions, on SQLite and
//! on PostgreSQL. A behaviour that differs between the databases fails here.

mod support;

use server::storage::{
    InvitationProblem, NewApiToken, NewInvitation, NewSession, NewUser, Store, StoreError, Totals,
};
use std::sync::Arc;

const NOW: i64 = 1_800_000_000;
const DAY: i64 = 86_400;

fn user<'a>(email: &'a str, name: &'a str) -> NewUser<'a> {
    NewUser {
        email,
        name,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
    }
}

async fn organisation(store: &Arc<dyn Store>, slug: &str, owner_email: &str) -> (i64, i64) {
    store
        .create_organisation_with_owner(slug, slug, user(owner_email, "Owner"), NOW)
        .await
        .expect("create organisation")
}

async fn session(
    store: &Arc<dyn Store>,
    token_hash: &str,
    user_id: i64,
    organisation_id: i64,
    expires_at: i64,
) {
    store
        .create_session(NewSession {
            token_hash,
            user_id,
            organisation_id,
            created_at: NOW,
            expires_at,
        })
        .await
        .expect("create session");
}

fn invitation<'a>(
    token_hash: &'a str,
    organisation_id: i64,
    role: &'a str,
    invited_by: i64,
) -> NewInvitation<'a> {
    NewInvitation {
        token_hash,
        organisation_id,
        role,
        email: Some("new@example.org"),
        invited_by: Some(invited_by),
        created_at: NOW,
        expires_at: NOW + 7 * DAY,
    }
}

async fn an_organisation_and_its_owner_are_created_together(store: Arc<dyn Store>) {
    let (org, owner) = organisation(&store, "parks", "ada@example.org").await;
    let found = store.organisation_by_slug("parks").await.unwrap().unwrap();
    assert_eq!((found.id, found.name.as_str()), (org, "parks"));
    let members = store.members(org).await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(
        (members[0].user_id, members[0].role.as_str()),
        (owner, "owner")
    );
    let memberships = store.memberships(owner).await.unwrap();
    assert_eq!(memberships[0].organisation_id, org);
    assert_eq!(
        store
            .user_by_email("ada@example.org")
            .await
            .unwrap()
            .unwrap()
            .id,
        owner
    );
    assert_eq!(store.user(owner).await.unwrap().unwrap().name, "Owner");
}

async fn a_duplicate_email_at_sign_up_leaves_no_organisation_behind(store: Arc<dyn Store>) {
    organisation(&store, "parks", "ada@example.org").await;
    let before = store.totals().await.unwrap();
    let err = store
        .create_organisation_with_owner("Rivers", "rivers", user("ada@example.org", "Ada"), NOW)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("email")), "{err:?}");
    assert_eq!(store.totals().await.unwrap(), before);
    assert!(
        store
            .organisation_by_slug("rivers")
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_taken_slug_is_reported_as_a_slug_conflict(store: Arc<dyn Store>) {
    organisation(&store, "parks", "ada@example.org").await;
    let err = store
        .create_organisation_with_owner("Parks", "parks", user("bo@example.org", "Bo"), NOW)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("slug")), "{err:?}");
    assert!(
        store
            .user_by_email("bo@example.org")
            .await
            .unwrap()
            .is_none()
    );
}

async fn an_organisation_can_be_renamed(store: Arc<dyn Store>) {
    let (org, _) = organisation(&store, "parks", "ada@example.org").await;
    store
        .rename_organisation(org, "Friends of the Park", NOW)
        .await
        .unwrap();
    assert_eq!(
        store.organisation(org).await.unwrap().unwrap().name,
        "Friends of the Park"
    );
    assert!(matches!(
        store.rename_organisation(org + 99, "x", NOW).await,
        Err(StoreError::NotFound)
    ));
}

async fn members_are_listed_owners_first_then_by_name(store: Arc<dyn Store>) {
    let (org, _) = organisation(&store, "parks", "ada@example.org").await;
    store
        .create_user_in_organisation(user("zoe@example.org", "Zoe"), org, "viewer", NOW)
        .await
        .unwrap();
    store
        .create_user_in_organisation(user("al@example.org", "Al"), org, "viewer", NOW)
        .await
        .unwrap();
    store
        .create_user_in_organisation(user("ed@example.org", "Ed"), org, "editor", NOW)
        .await
        .unwrap();
    let names: Vec<_> = store
        .members(org)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["Owner", "Ed", "Al", "Zoe"]);
}

async fn a_person_can_belong_to_several_organisations(store: Arc<dyn Store>) {
    let (parks, owner) = organisation(&store, "parks", "ada@example.org").await;
    let rivers = store
        .create_organisation("Rivers", "rivers", NOW + 10)
        .await
        .unwrap();
    store
        .add_member(rivers, owner, "viewer", NOW + 10)
        .await
        .unwrap();
    let err = store
        .add_member(rivers, owner, "editor", NOW + 20)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("membership")), "{err:?}");
    let orgs: Vec<_> = store
        .memberships(owner)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.organisation_id)
        .collect();
    assert_eq!(orgs, [rivers, parks], "most recently joined first");
}

async fn the_last_owner_can_be_neither_demoted_nor_removed(store: Arc<dyn Store>) {
    let (org, owner) = organisation(&store, "parks", "ada@example.org").await;
    assert!(matches!(
        store.change_role(org, owner, "viewer").await,
        Err(StoreError::LastOwner)
    ));
    assert!(matches!(
        store.remove_member(org, owner).await,
        Err(StoreError::LastOwner)
    ));
    assert_eq!(store.members(org).await.unwrap()[0].role, "owner");
    // Re-stating the role is not a demotion.
    store.change_role(org, owner, "owner").await.unwrap();
}

async fn with_a_second_owner_the_first_may_step_down(store: Arc<dyn Store>) {
    let (org, first) = organisation(&store, "parks", "ada@example.org").await;
    let second = store
        .create_user_in_organisation(user("bo@example.org", "Bo"), org, "editor", NOW)
        .await
        .unwrap();
    store.change_role(org, second, "owner").await.unwrap();
    store.change_role(org, first, "viewer").await.unwrap();
    assert!(matches!(
        store.remove_member(org, second).await,
        Err(StoreError::LastOwner)
    ));
    store.remove_member(org, first).await.unwrap();
    let members = store.members(org).await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(
        (members[0].user_id, members[0].role.as_str()),
        (second, "owner")
    );
}

async fn changing_a_non_member_is_not_found(store: Arc<dyn Store>) {
    let (org, _) = organisation(&store, "parks", "ada@example.org").await;
    let (_, stranger) = organisation(&store, "rivers", "bo@example.org").await;
    assert!(matches!(
        store.change_role(org, stranger, "viewer").await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.remove_member(org, stranger).await,
        Err(StoreError::NotFound)
    ));
}

async fn concurrent_demotions_never_leave_an_organisation_without_an_owner(store: Arc<dyn Store>) {
    let (org, first) = organisation(&store, "parks", "ada@example.org").await;
    let second = store
        .create_user_in_organisation(user("bo@example.org", "Bo"), org, "owner", NOW)
        .await
        .unwrap();
    let (a, b) = tokio::join!(
        store.change_role(org, first, "viewer"),
        store.change_role(org, second, "viewer")
    );
    assert_eq!(
        a.is_ok() as u8 + b.is_ok() as u8,
        1,
        "exactly one demotion succeeds: {a:?} {b:?}"
    );
    let owners = store
        .members(org)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.role == "owner")
        .count();
    assert_eq!(owners, 1);
}

async fn a_session_resolves_with_its_role_until_it_expires(store: Arc<dyn Store>) {
    let (org, owner) = organisation(&store, "parks", "ada@example.org").await;
    session(&store, "h1", owner, org, NOW + DAY).await;
    let found = store.session("h1", NOW).await.unwrap().unwrap();
    assert_eq!(
        (found.user_id, found.organisation_id, found.role.as_str()),
        (owner, org, "owner")
    );
    // A new session was last used when it began; using it moves that time.
    assert_eq!(found.last_seen_at, NOW);
    store.touch_session("h1", NOW + 600).await.unwrap();
    let found = store.session("h1", NOW + 700).await.unwrap().unwrap();
    assert_eq!(found.last_seen_at, NOW + 600);
    assert!(
        store.session("h1", NOW + DAY).await.unwrap().is_none(),
        "expired at expires_at"
    );
    assert!(store.session("unknown", NOW).await.unwrap().is_none());
    store.delete_session("h1").await.unwrap();
    assert!(store.session("h1", NOW).await.unwrap().is_none());
}

async fn removing_a_member_ends_their_sessions_there(store: Arc<dyn Store>) {
    let (org, _) = organisation(&store, "parks", "ada@example.org").await;
    let viewer = store
        .create_user_in_organisation(user("vi@example.org", "Vi"), org, "viewer", NOW)
        .await
        .unwrap();
    session(&store, "hv", viewer, org, NOW + DAY).await;
    store.remove_member(org, viewer).await.unwrap();
    assert!(store.session("hv", NOW).await.unwrap().is_none());
    assert_eq!(store.totals().await.unwrap().sessions, 0);
}

async fn a_role_change_shows_in_the_next_session_lookup(store: Arc<dyn Store>) {
    let (org, _) = organisation(&store, "parks", "ada@example.org").await;
    let ed = store
        .create_user_in_organisation(user("ed@example.org", "Ed"), org, "editor", NOW)
        .await
        .unwrap();
    session(&store, "he", ed, org, NOW + DAY).await;
    store.change_role(org, ed, "viewer").await.unwrap();
    assert_eq!(
        store.session("he", NOW).await.unwrap().unwrap().role,
        "viewer"
    );
}

async fn other_sessions_end_and_the_current_one_stays(store: Arc<dyn Store>) {
    let (org, owner) = organisation(&store, "parks", "ada@example.org").await;
    for hash in ["a", "b", "c"] {
        session(&store, hash, owner, org, NOW + DAY).await;
    }
    assert_eq!(store.delete_other_sessions(owner, "b").await.unwrap(), 2);
    assert!(store.session("b", NOW).await.unwrap().is_some());
    assert!(store.session("a", NOW).await.unwrap().is_none());
}

async fn a_session_can_switch_organisation(store: Arc<dyn Store>) {
    let (parks, owner) = organisation(&store, "parks", "ada@example.org").await;
    let rivers = store
        .create_organisation("Rivers", "rivers", NOW)
        .await
        .unwrap();
    store
        .add_member(rivers, owner, "editor", NOW)
        .await
        .unwrap();
    session(&store, "s", owner, parks, NOW + DAY).await;
    store.set_session_organisation("s", rivers).await.unwrap();
    let found = store.session("s", NOW).await.unwrap().unwrap();
    assert_eq!(
        (found.organisation_id, found.role.as_str()),
        (rivers, "editor")
    );
    assert!(matches!(
        store.set_session_organisation("nope", rivers).await,
        Err(StoreError::NotFound)
    ));
}

async fn expired_sessions_and_old_login_failures_are_swept(store: Arc<dyn Store>) {
    let (org, owner) = organisation(&store, "parks", "ada@example.org").await;
    session(&store, "old", owner, org, NOW - 1).await;
    session(&store, "new", owner, org, NOW + DAY).await;
    store
        .record_login_failure("ada@example.org", None, NOW - 2 * DAY)
        .await
        .unwrap();
    store
        .record_login_failure("ada@example.org", None, NOW)
        .await
        .unwrap();
    assert_eq!(store.delete_expired(NOW).await.unwrap(), 2);
    assert_eq!(store.totals().await.unwrap().sessions, 1);
    let recent = store
        .login_failures_since("ada@example.org", None, 0)
        .await
        .unwrap();
    assert_eq!(recent.for_email, 1);
}

async fn login_failures_are_counted_per_email_and_per_address_in_the_window(store: Arc<dyn Store>) {
    let ip = Some("192.0.2.7");
    store
        .record_login_failure("a@example.org", ip, NOW - 1000)
        .await
        .unwrap();
    store
        .record_login_failure("a@example.org", ip, NOW)
        .await
        .unwrap();
    store
        .record_login_failure("b@example.org", ip, NOW)
        .await
        .unwrap();
    store
        .record_login_failure("a@example.org", Some("198.51.100.1"), NOW)
        .await
        .unwrap();
    let counts = store
        .login_failures_since("a@example.org", ip, NOW - 900)
        .await
        .unwrap();
    assert_eq!((counts.for_email, counts.from_ip), (2, 2));
    store.clear_login_failures("a@example.org").await.unwrap();
    let counts = store
        .login_failures_since("a@example.org", ip, NOW - 900)
        .await
        .unwrap();
    assert_eq!((counts.for_email, counts.from_ip), (0, 1));
}

async fn an_invitation_is_shown_and_then_used_exactly_once(store: Arc<dyn Store>) {
    let (org, owner) = organisation(&store, "parks", "ada@example.org").await;
    let id = store
        .create_invitation(invitation("inv", org, "viewer", owner))
        .await
        .unwrap();
    let shown = store.invitation("inv").await.unwrap().unwrap();
    assert_eq!(
        (
            shown.id,
            shown.role.as_str(),
            shown.organisation_name.as_str()
        ),
        (id, "viewer", "parks")
    );
    assert_eq!(shown.invited_by_name.as_deref(), Some("Owner"));
    assert_eq!(store.pending_invitations(org, NOW).await.unwrap().len(), 1);

    let (new_user, joined) = store
        .accept_invitation_with_new_user("inv", user("vi@example.org", "Vi"), NOW + 1)
        .await
        .unwrap();
    assert_eq!(joined, org);
    let member = store
        .members(org)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.user_id == new_user)
        .unwrap();
    assert_eq!(member.role, "viewer");
    assert!(
        store
            .pending_invitations(org, NOW)
            .await
            .unwrap()
            .is_empty()
    );

    let before = store.totals().await.unwrap();
    let again = store
        .accept_invitation_with_new_user("inv", user("eve@example.org", "Eve"), NOW + 2)
        .await
        .unwrap_err();
    assert!(
        matches!(
            again,
            StoreError::Invitation(InvitationProblem::AlreadyUsed)
        ),
        "{again:?}"
    );
    assert_eq!(store.totals().await.unwrap(), before);
    assert!(
        store
            .user_by_email("eve@example.org")
            .await
            .unwrap()
            .is_none()
    );
}

async fn an_expired_or_revoked_or_unknown_invitation_creates_nothing(store: Arc<dyn Store>) {
    let (org, owner) = organisation(&store, "parks", "ada@example.org").await;
    store
        .create_invitation(invitation("expiring", org, "editor", owner))
        .await
        .unwrap();
    let revoked = store
        .create_invitation(invitation("revoked", org, "editor", owner))
        .await
        .unwrap();
    store.revoke_invitation(org, revoked, NOW).await.unwrap();
    assert!(matches!(
        store.revoke_invitation(org, revoked, NOW).await,
        Err(StoreError::NotFound)
    ));
    let before = store.totals().await.unwrap();
    for (hash, at, expected) in [
        ("expiring", NOW + 7 * DAY, InvitationProblem::Expired),
        ("revoked", NOW, InvitationProblem::Revoked),
        ("unknown", NOW, InvitationProblem::Unknown),
    ] {
        let err = store
            .accept_invitation_with_new_user(hash, user("vi@example.org", "Vi"), at)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Invitation(p) if p == expected),
            "{hash}: {err:?}"
        );
    }
    assert_eq!(store.totals().await.unwrap(), before);
    assert!(
        store
            .pending_invitations(org, NOW + 7 * DAY)
            .await
            .unwrap()
            .is_empty(),
        "expired ones are not pending"
    );
}

async fn another_organisation_cannot_revoke_an_invitation(store: Arc<dyn Store>) {
    let (org, owner) = organisation(&store, "parks", "ada@example.org").await;
    let (other, _) = organisation(&store, "rivers", "bo@example.org").await;
    let id = store
        .create_invitation(invitation("inv", org, "editor", owner))
        .await
        .unwrap();
    assert!(matches!(
        store.revoke_invitation(other, id, NOW).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.pending_invitations(org, NOW).await.unwrap().len(), 1);
}

async fn accepting_with_a_taken_email_leaves_the_invitation_unused(store: Arc<dyn Store>) {
    let (org, owner) = organisation(&store, "parks", "ada@example.org").await;
    store
        .create_invitation(invitation("inv", org, "viewer", owner))
        .await
        .unwrap();
    let before = store.totals().await.unwrap();
    let err = store
        .accept_invitation_with_new_user("inv", user("ada@example.org", "Ada again"), NOW)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("email")), "{err:?}");
    assert_eq!(store.totals().await.unwrap(), before);
    assert!(
        store
            .invitation("inv")
            .await
            .unwrap()
            .unwrap()
            .accepted_at
            .is_none()
    );
}

async fn an_existing_person_can_accept_an_invitation(store: Arc<dyn Store>) {
    let (parks, owner) = organisation(&store, "parks", "ada@example.org").await;
    let (_, bo) = organisation(&store, "rivers", "bo@example.org").await;
    store
        .create_invitation(invitation("inv", parks, "editor", owner))
        .await
        .unwrap();
    store
        .create_invitation(invitation("inv2", parks, "editor", owner))
        .await
        .unwrap();
    assert_eq!(
        store.accept_invitation_as("inv", bo, NOW).await.unwrap(),
        parks
    );
    let err = store
        .accept_invitation_as("inv2", bo, NOW)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("membership")), "{err:?}");
    assert!(
        store
            .invitation("inv2")
            .await
            .unwrap()
            .unwrap()
            .accepted_at
            .is_none(),
        "still usable by someone else"
    );
}

async fn racing_acceptances_of_one_invitation_admit_one_person(store: Arc<dyn Store>) {
    let (org, owner) = organisation(&store, "parks", "ada@example.org").await;
    store
        .create_invitation(invitation("inv", org, "viewer", owner))
        .await
        .unwrap();
    let (a, b) = tokio::join!(
        store.accept_invitation_with_new_user("inv", user("one@example.org", "One"), NOW),
        store.accept_invitation_with_new_user("inv", user("two@example.org", "Two"), NOW),
    );
    assert_eq!(a.is_ok() as u8 + b.is_ok() as u8, 1, "{a:?} {b:?}");
    assert_eq!(store.members(org).await.unwrap().len(), 2);
    assert_eq!(store.totals().await.unwrap().users, 2);
}

async fn a_password_hash_can_be_replaced(store: Arc<dyn Store>) {
    let (_, owner) = organisation(&store, "parks", "ada@example.org").await;
    store.set_password_hash(owner, "new-hash").await.unwrap();
    assert_eq!(
        store.user(owner).await.unwrap().unwrap().password_hash,
        "new-hash"
    );
    assert!(matches!(
        store.set_password_hash(owner + 100, "x").await,
        Err(StoreError::NotFound)
    ));
}

async fn totals_count_every_kind_of_row(store: Arc<dyn Store>) {
    assert_eq!(store.totals().await.unwrap(), Totals::default());
    let (org, owner) = organisation(&store, "parks", "ada@example.org").await;
    session(&store, "s", owner, org, NOW + DAY).await;
    store
        .create_invitation(invitation("i", org, "viewer", owner))
        .await
        .unwrap();
    assert_eq!(
        store.totals().await.unwrap(),
        Totals {
            organisations: 1,
            users: 1,
            memberships: 1,
            sessions: 1,
            invitations: 1
        }
    );
    store.ping().await.unwrap();
}

async fn api_tokens_are_found_by_hash_until_revoked(store: Arc<dyn Store>) {
    let (org, owner) = organisation(&store, "parks", "ada@example.org").await;
    let (other, _) = organisation(&store, "rivers", "bo@example.org").await;
    let token = |hash, name| NewApiToken {
        organisation_id: org,
        name,
        role: "editor",
        token_hash: hash,
        created_by: Some(owner),
        now: NOW,
    };
    let first = store
        .create_api_token(token("h1", "Website"))
        .await
        .unwrap();
    store.create_api_token(token("h2", "Zapier")).await.unwrap();
    let found = store.api_token("h1").await.unwrap().unwrap();
    assert_eq!(
        (
            found.id,
            found.organisation_id,
            found.role.as_str(),
            found.created_by
        ),
        (first, org, "editor", Some(owner))
    );
    assert_eq!(store.api_tokens(org).await.unwrap().len(), 2);
    assert!(
        matches!(
            store.revoke_api_token(other, first, NOW).await,
            Err(StoreError::NotFound)
        ),
        "not theirs"
    );
    store.revoke_api_token(org, first, NOW).await.unwrap();
    assert!(store.api_token("h1").await.unwrap().is_none());
    assert!(matches!(
        store.revoke_api_token(org, first, NOW).await,
        Err(StoreError::NotFound)
    ));
    let names: Vec<_> = store
        .api_tokens(org)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["Zapier"]);
    let err = store
        .create_api_token(token("h2", "Again"))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("token")), "{err:?}");
}

on_every_database!(
    api_tokens_are_found_by_hash_until_revoked,
    an_organisation_and_its_owner_are_created_together,
    a_duplicate_email_at_sign_up_leaves_no_organisation_behind,
    a_taken_slug_is_reported_as_a_slug_conflict,
    an_organisation_can_be_renamed,
    members_are_listed_owners_first_then_by_name,
    a_person_can_belong_to_several_organisations,
    the_last_owner_can_be_neither_demoted_nor_removed,
    with_a_second_owner_the_first_may_step_down,
    changing_a_non_member_is_not_found,
    concurrent_demotions_never_leave_an_organisation_without_an_owner,
    a_session_resolves_with_its_role_until_it_expires,
    removing_a_member_ends_their_sessions_there,
    a_role_change_shows_in_the_next_session_lookup,
    other_sessions_end_and_the_current_one_stays,
    a_session_can_switch_organisation,
    expired_sessions_and_old_login_failures_are_swept,
    login_failures_are_counted_per_email_and_per_address_in_the_window,
    an_invitation_is_shown_and_then_used_exactly_once,
    an_expired_or_revoked_or_unknown_invitation_creates_nothing,
    another_organisation_cannot_revoke_an_invitation,
    accepting_with_a_taken_email_leaves_the_invitation_unused,
    an_existing_person_can_accept_an_invitation,
    racing_acceptances_of_one_invitation_admit_one_person,
    a_password_hash_can_be_replaced,
    totals_count_every_kind_of_row,
);

#[tokio::test]
async fn a_sqlite_backup_is_a_complete_database() {
    let db = support::sqlite().await;
    organisation(&db.store, "parks", "ada@example.org").await;
    let copy = db.dir.as_ref().unwrap().path().join("copy.db");
    db.store.backup_to(&copy).await.unwrap();
    let restored = server::storage::open(&format!("sqlite://{}", copy.display()))
        .await
        .unwrap();
    assert!(
        restored
            .organisation_by_slug("parks")
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(restored.totals().await.unwrap().users, 1);
}

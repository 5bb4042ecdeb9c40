//! The operator CLI: `kindred user create`, `kindred backup`, `kindred migrate`, `kindred --help`.

mod support;

use server::operator::{CreateUser, create_user};
use server::storage::Store;
use std::process::Command;
use std::sync::Arc;

const NOW: i64 = 1_800_000_000;

fn request<'a>(email: &'a str, slug: &'a str, role: &'a str, invite: bool) -> CreateUser<'a> {
    CreateUser {
        email,
        slug,
        role,
        name: None,
        organisation_name: None,
        invite,
        public_url: "https://kindred.example.org",
        invitation_seconds: 7 * 86_400,
    }
}

async fn user_create_makes_the_organisation_and_a_temporary_password(store: Arc<dyn Store>) {
    let report = create_user(
        store.as_ref(),
        request("ada@example.org", "city-parks", "owner", false),
        NOW,
    )
    .await
    .unwrap();
    assert!(
        report.contains("Created the organisation \"City Parks\" (city-parks)"),
        "{report}"
    );
    assert!(report.contains("Temporary password"), "{report}");
    let org = store
        .organisation_by_slug("city-parks")
        .await
        .unwrap()
        .unwrap();
    let members = store.members(org.id).await.unwrap();
    assert_eq!(
        (
            members[0].email.as_str(),
            members[0].role.as_str(),
            members[0].name.as_str()
        ),
        ("ada@example.org", "owner", "ada")
    );
}

async fn user_create_adds_an_existing_person_to_another_organisation(store: Arc<dyn Store>) {
    create_user(
        store.as_ref(),
        request("ada@example.org", "parks", "owner", false),
        NOW,
    )
    .await
    .unwrap();
    let report = create_user(
        store.as_ref(),
        request("ada@example.org", "rivers", "viewer", false),
        NOW,
    )
    .await
    .unwrap();
    assert!(report.contains("Added the existing account"), "{report}");
    let again = create_user(
        store.as_ref(),
        request("ada@example.org", "rivers", "viewer", false),
        NOW,
    )
    .await;
    assert!(again.unwrap_err().to_string().contains("already a member"));
    assert_eq!(store.totals().await.unwrap().users, 1);
    assert_eq!(store.totals().await.unwrap().memberships, 2);
}

async fn user_create_with_invite_prints_a_single_use_link(store: Arc<dyn Store>) {
    let report = create_user(
        store.as_ref(),
        request("bo@example.org", "parks", "editor", true),
        NOW,
    )
    .await
    .unwrap();
    let link = report.lines().last().unwrap().trim();
    assert!(
        link.starts_with("https://kindred.example.org/invite/"),
        "{report}"
    );
    assert_eq!(
        store.totals().await.unwrap().users,
        0,
        "the invitee chooses their own password"
    );
    assert_eq!(store.totals().await.unwrap().invitations, 1);
}

async fn user_create_refuses_bad_input_before_writing(store: Arc<dyn Store>) {
    let err = create_user(
        store.as_ref(),
        request("bo@example.org", "parks", "admin", false),
        NOW,
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("owner, editor or viewer"), "{err}");
    let err = create_user(store.as_ref(), request("bo", "parks", "editor", false), NOW)
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("--email"), "{err}");
    let err = create_user(
        store.as_ref(),
        request("bo@example.org", "Parks Dept", "editor", false),
        NOW,
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("parks-dept"), "{err}");
    assert_eq!(store.totals().await.unwrap(), Default::default());
}

on_every_database!(
    user_create_makes_the_organisation_and_a_temporary_password,
    user_create_adds_an_existing_person_to_another_organisation,
    user_create_with_invite_prints_a_single_use_link,
    user_create_refuses_bad_input_before_writing,
);

fn kindred() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kindred"))
}

#[test]
fn help_lists_every_operator_command() {
    let output = kindred().arg("--help").output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for command in ["serve", "migrate", "user", "backup", "DATABASE_URL"] {
        assert!(help.contains(command), "--help lacks {command}:\n{help}");
    }
}

#[test]
fn migrate_and_backup_work_on_a_fresh_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/data/kindred.db", dir.path().display());
    let migrate = kindred()
        .arg("migrate")
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(
        migrate.status.success(),
        "{}",
        String::from_utf8_lossy(&migrate.stderr)
    );
    assert!(String::from_utf8_lossy(&migrate.stdout).contains("up to date: 0 organisations"));

    let create = kindred()
        .args([
            "user",
            "create",
            "--email",
            "ada@example.org",
            "--org",
            "parks",
        ])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(
        create.status.success(),
        "{}",
        String::from_utf8_lossy(&create.stderr)
    );

    let copy = dir.path().join("backup.db");
    let backup = kindred()
        .arg("backup")
        .arg(&copy)
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    let check = kindred()
        .arg("migrate")
        .env("DATABASE_URL", format!("sqlite://{}", copy.display()))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&check.stdout).contains("1 organisation, 1 person"));

    let again = kindred()
        .arg("backup")
        .arg(&copy)
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(
        !again.status.success(),
        "an existing file is never overwritten"
    );
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = kindred()
        .arg("serve")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/kindred.db", dir.path().display()),
        )
        .env("KINDRED_ADDR", format!("127.0.0.1:{port}"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "kindred did not start listening"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "exit status {:?}", output.status);
    assert!(String::from_utf8_lossy(&output.stderr).contains("shutting down"));
}

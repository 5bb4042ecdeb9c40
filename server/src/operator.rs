//! Operator commands: `kindred migrate`, `kindred user create`, `kindred backup`,
//! `kindred rollups rebuild`.

use crate::backend::{Kindred, Policy, hash_password, new_token, token_hash};
use crate::config::{RollupsCommand, Settings, TokenCommand, UserCommand};
use crate::storage::{self, NewApiToken, NewInvitation, NewUser, Store, StoreError};
use anyhow::{Context, bail};
use domain::{Email, OrganisationName, PersonName, Role, organisation_slug};
use std::net::SocketAddr;
use std::path::Path;

pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let store = storage::open(&settings.database_url).await?;
    let totals = store.totals().await?;
    println!(
        "The {} database is up to date: {}, {}.",
        store.kind(),
        count(totals.organisations, "organisation", "organisations"),
        count(totals.users, "person", "people"),
    );
    Ok(())
}

pub async fn backup(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} already exists; choose a new file name", file.display());
    }
    let store = storage::open(&settings.database_url).await?;
    store
        .backup_to(file)
        .await
        .with_context(|| format!("backing up to {}", file.display()))?;
    println!("Backed up the database to {}.", file.display());
    Ok(())
}

pub async fn rollups(settings: &Settings, command: RollupsCommand) -> anyhow::Result<()> {
    let RollupsCommand::Rebuild { survey } = command;
    let store = storage::open(&settings.database_url).await?;
    let surveys = match survey {
        Some(id) => vec![id],
        None => store.survey_ids().await?,
    };
    let kindred = Kindred::new(store, Policy::default());
    for id in surveys {
        let started = std::time::Instant::now();
        let counted = kindred
            .rebuild_rollups(id)
            .await
            .map_err(|e| anyhow::anyhow!("rebuilding the rollups of survey {id}: {e}"))?;
        println!(
            "Survey {id}: rollups rebuilt from {} in {:.1} s.",
            count(counted, "response", "responses"),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

pub async fn user(settings: &Settings, command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Create {
        email,
        organisation,
        role,
        name,
        org_name,
        invite,
    } = command;
    let store = storage::open(&settings.database_url).await?;
    let addr = settings
        .addr
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000)));
    let request = CreateUser {
        email: &email,
        slug: &organisation,
        role: &role,
        name: name.as_deref(),
        organisation_name: org_name.as_deref(),
        invite,
        public_url: &settings.public_url(addr),
        invitation_seconds: settings.invitation_days * 24 * 60 * 60,
    };
    let report = create_user(store.as_ref(), request, chrono::Utc::now().timestamp()).await?;
    println!("{report}");
    Ok(())
}

pub async fn token(settings: &Settings, command: TokenCommand) -> anyhow::Result<()> {
    let TokenCommand::Create {
        organisation,
        role,
        name,
    } = command;
    let store = storage::open(&settings.database_url).await?;
    let secret = create_token(
        store.as_ref(),
        &organisation,
        &role,
        &name,
        chrono::Utc::now().timestamp(),
    )
    .await?;
    println!("API token \"{name}\" ({role}) for {organisation}, shown only this once:\n  {secret}");
    Ok(())
}

/// Does the work of `kindred token create`: returns the secret.
pub async fn create_token(
    store: &dyn Store,
    slug: &str,
    role: &str,
    name: &str,
    now: i64,
) -> anyhow::Result<String> {
    let role = Role::parse(role).map_err(|e| anyhow::anyhow!("--role: {e}"))?;
    let organisation = store
        .organisation_by_slug(slug)
        .await?
        .ok_or_else(|| anyhow::anyhow!("--org: there is no organisation \"{slug}\""))?;
    let name = name.trim();
    if name.is_empty() {
        bail!("--name: name the token, e.g. \"Website form\"");
    }
    let secret = format!("kdr_{}", new_token());
    store
        .create_api_token(NewApiToken {
            organisation_id: organisation.id,
            name,
            role: role.as_str(),
            token_hash: &token_hash(&secret),
            created_by: None,
            now,
        })
        .await?;
    Ok(secret)
}

/// The inputs of `kindred user create`.
#[derive(Debug, Clone, Copy)]
pub struct CreateUser<'a> {
    pub email: &'a str,
    pub slug: &'a str,
    pub role: &'a str,
    pub name: Option<&'a str>,
    pub organisation_name: Option<&'a str>,
    pub invite: bool,
    pub public_url: &'a str,
    pub invitation_seconds: i64,
}

/// Does the work of `kindred user create` and returns what to print.
pub async fn create_user(
    store: &dyn Store,
    request: CreateUser<'_>,
    now: i64,
) -> anyhow::Result<String> {
    let email = Email::parse("email", request.email)
        .map_err(|e| anyhow::anyhow!("--email: {}", e.message))?;
    let role = Role::parse(request.role).map_err(|e| anyhow::anyhow!("--role: {e}"))?;
    if request.slug != organisation_slug(request.slug) {
        bail!(
            "--org takes an organisation's short name, such as \"{}\"",
            organisation_slug(request.slug)
        );
    }
    let mut report = Vec::new();
    let organisation_id = match store.organisation_by_slug(request.slug).await? {
        Some(org) => org.id,
        None => {
            let name = request
                .organisation_name
                .map(str::to_owned)
                .unwrap_or_else(|| title_from_slug(request.slug));
            let name = OrganisationName::parse("org-name", &name)
                .map_err(|e| anyhow::anyhow!("--org-name: {}", e.message))?;
            let id = store
                .create_organisation(name.as_str(), request.slug, now)
                .await?;
            report.push(format!(
                "Created the organisation \"{}\" ({}).",
                name.as_str(),
                request.slug
            ));
            id
        }
    };

    if request.invite {
        let token = new_token();
        let expires_at = now + request.invitation_seconds;
        let inviter = store
            .members(organisation_id)
            .await?
            .into_iter()
            .find(|m| m.role == "owner");
        store
            .create_invitation(NewInvitation {
                token_hash: &token_hash(&token),
                organisation_id,
                role: role.as_str(),
                email: Some(email.as_str()),
                invited_by: inviter.map(|m| m.user_id),
                created_at: now,
                expires_at,
            })
            .await?;
        report.push(format!(
            "Invitation for {email} as {role} (single use, valid {} days):\n  {}/invite/{token}",
            request.invitation_seconds / 86_400,
            request.public_url
        ));
        return Ok(report.join("\n"));
    }

    match store.user_by_email(email.as_str()).await? {
        Some(user) => match store
            .add_member(organisation_id, user.id, role.as_str(), now)
            .await
        {
            Ok(()) => report.push(format!(
                "Added the existing account {email} as {role}; their password is unchanged."
            )),
            Err(StoreError::Conflict(_)) => {
                bail!("{email} is already a member of {}", request.slug)
            }
            Err(other) => return Err(other.into()),
        },
        None => {
            let default_name = email
                .as_str()
                .split('@')
                .next()
                .unwrap_or_default()
                .to_owned();
            let name = PersonName::parse("name", request.name.unwrap_or(&default_name))
                .map_err(|e| anyhow::anyhow!("--name: {}", e.message))?;
            let password = new_token();
            let hash = hash_password(password.clone()).await?;
            let user = NewUser {
                email: email.as_str(),
                name: name.as_str(),
                password_hash: &hash,
            };
            store
                .create_user_in_organisation(user, organisation_id, role.as_str(), now)
                .await?;
            report.push(format!(
                "Created {email} as {role}. Temporary password (shown only this once):\n  {password}\n\
                 Log in at {}/login and change it under Account.",
                request.public_url
            ));
        }
    }
    Ok(report.join("\n"))
}

fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn title_from_slug(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_slug_becomes_a_readable_name() {
        assert_eq!(
            super::title_from_slug("friends-of-the-park"),
            "Friends Of The Park"
        );
    }
}

//! Command line and environment: every setting can come from either, flags winning.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "kindred",
    version,
    about = "Kindred: learn why your members join, and how well your brand fits who they are.",
    long_about = "Kindred: learn why your members join, and how well your brand fits who they are.\n\n\
                  Without a command, `kindred` serves the web app (same as `kindred serve`). \
                  Every option can also be set through the environment variable shown beside it."
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (the default).
    Serve,
    /// Apply database migrations, then exit. `kindred serve` also applies them at start-up.
    Migrate,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens for the JSON API v1.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Write a consistent copy of the SQLite database to FILE while Kindred keeps running.
    Backup {
        /// Where to write the copy; it must not exist yet.
        file: PathBuf,
    },
    /// Dashboard rollups: the counts every results view is summed from.
    Rollups {
        #[command(subcommand)]
        command: RollupsCommand,
    },
    /// Seed a demonstration organisation with the "Why members join" survey and synthetic
    /// responses, so the dashboards show real charts. Prints how to log in.
    Demo {
        /// How many responses to generate.
        #[arg(long, default_value_t = 2000)]
        responses: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a person to an organisation (created when it does not exist yet). Prints a temporary
    /// password, shown only once, or with --invite an invitation link for them to set their own.
    Create {
        /// Their email address; it becomes their login.
        #[arg(long)]
        email: String,
        /// The organisation's short name (its slug, as shown in organisation settings).
        #[arg(long = "org")]
        organisation: String,
        /// owner, editor or viewer.
        #[arg(long, default_value = "owner")]
        role: String,
        /// Their display name (default: the part of the email before the @).
        #[arg(long)]
        name: Option<String>,
        /// The organisation's display name, when it is created (default: from the slug).
        #[arg(long)]
        org_name: Option<String>,
        /// Print an invitation link instead of creating the account with a temporary password.
        #[arg(long)]
        invite: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RollupsCommand {
    /// Recompute rollups from the stored answers (all surveys, or one), for instance after
    /// restoring or removing responses by hand. New responses wait while a survey is rebuilt.
    Rebuild {
        /// Only this survey (its number, as in /surveys/N).
        #[arg(long)]
        survey: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for an existing organisation and print it (shown only this once).
    Create {
        /// The organisation's short name (slug).
        #[arg(long = "org")]
        organisation: String,
        /// owner, editor or viewer: what the token may do.
        #[arg(long, default_value = "editor")]
        role: String,
        /// A name to recognise it by in organisation settings.
        #[arg(long, default_value = "Command line")]
        name: String,
    },
}

#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Database: sqlite://path/to/file.db (created on first start) or postgres://user@host/db.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "sqlite://data/kindred.db"
    )]
    pub database_url: String,

    /// Address and port to listen on [default: 127.0.0.1:3000, or LEPTOS_SITE_ADDR].
    #[arg(long, global = true, env = "KINDRED_ADDR")]
    pub addr: Option<SocketAddr>,

    /// The address people use to reach Kindred, for links in invitations and QR codes
    /// [default: http://<addr>].
    #[arg(long, global = true, env = "KINDRED_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Mark cookies Secure (HTTPS only) [default: on when the public URL starts with https://].
    #[arg(long, global = true, env = "KINDRED_SECURE_COOKIES")]
    pub secure_cookies: Option<bool>,

    /// Take the client address from X-Forwarded-For (only behind a proxy that sets it).
    #[arg(
        long,
        global = true,
        env = "KINDRED_TRUST_PROXY",
        default_value_t = false
    )]
    pub trust_proxy: bool,

    /// How many proxies in front of Kindred append to X-Forwarded-For: the client is the entry
    /// that many from the end (entries before it are whatever the client sent).
    #[arg(long, global = true, env = "KINDRED_PROXY_HOPS", default_value_t = 1)]
    pub proxy_hops: usize,

    /// Days a login lasts.
    #[arg(
        long,
        global = true,
        env = "KINDRED_SESSION_DAYS",
        default_value_t = 14
    )]
    pub session_days: i64,

    /// Hours a login lasts without being used (it ends sooner than KINDRED_SESSION_DAYS then).
    #[arg(
        long,
        global = true,
        env = "KINDRED_SESSION_IDLE_HOURS",
        default_value_t = 8
    )]
    pub session_idle_hours: i64,

    /// Days an invitation link stays valid.
    #[arg(
        long,
        global = true,
        env = "KINDRED_INVITATION_DAYS",
        default_value_t = 7
    )]
    pub invitation_days: i64,

    /// Failed log-ins to one account within 15 minutes before it is locked for the rest of them.
    #[arg(
        long,
        global = true,
        env = "KINDRED_LOGIN_LIMIT_ACCOUNT",
        default_value_t = 5
    )]
    pub login_limit_account: i64,

    /// Failed log-ins from one address within 15 minutes before it is locked for the rest of them.
    #[arg(
        long,
        global = true,
        env = "KINDRED_LOGIN_LIMIT_IP",
        default_value_t = 50
    )]
    pub login_limit_ip: i64,

    /// Survey submissions per minute from one browser (its respondent cookie and address).
    #[arg(
        long,
        global = true,
        env = "KINDRED_SUBMIT_LIMIT_CLIENT",
        default_value_t = 10
    )]
    pub submit_limit_client: u32,

    /// Survey submissions per minute from one address, whoever sends them: high, because a whole
    /// office may answer from behind one address.
    #[arg(
        long,
        global = true,
        env = "KINDRED_SUBMIT_LIMIT_IP",
        default_value_t = 6000
    )]
    pub submit_limit_ip: u32,

    /// Seconds a stopping server (SIGTERM) keeps answering requests on connections already open,
    /// each answer telling the client to reconnect, before it closes idle ones.
    #[arg(
        long,
        global = true,
        env = "KINDRED_DRAIN_SECONDS",
        default_value_t = 2
    )]
    pub drain_seconds: u64,

    /// Log filter, e.g. info or kindred=debug,sqlx=warn.
    #[arg(
        long,
        global = true,
        env = "KINDRED_LOG",
        default_value = "info,sqlx=warn"
    )]
    pub log: String,

    /// Log format: text (for people) or json (for log collectors).
    #[arg(
        long,
        global = true,
        env = "KINDRED_LOG_FORMAT",
        default_value = "text"
    )]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Settings {
    pub fn submit_limits(&self) -> crate::respond::SubmitLimits {
        crate::respond::SubmitLimits::new(self.submit_limit_client, self.submit_limit_ip)
    }

    pub fn public_url(&self, addr: SocketAddr) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"))
            .trim_end_matches('/')
            .to_owned()
    }

    pub fn policy(&self, addr: SocketAddr) -> crate::backend::Policy {
        crate::backend::Policy {
            public_url: self.public_url(addr),
            session_seconds: self.session_days * 24 * 60 * 60,
            session_idle_seconds: self.session_idle_hours * 60 * 60,
            invitation_seconds: self.invitation_days * 24 * 60 * 60,
            login_failures_per_account: self.login_limit_account,
            login_failures_per_ip: self.login_limit_ip,
            ..Default::default()
        }
    }

    pub fn cookies_secure(&self, addr: SocketAddr) -> bool {
        self.secure_cookies
            .unwrap_or_else(|| self.public_url(addr).starts_with("https://"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_command_means_serve_with_defaults() {
        let cli = Cli::try_parse_from(["kindred"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.settings.database_url, "sqlite://data/kindred.db");
    }

    #[test]
    fn user_create_takes_email_org_and_role() {
        let cli = Cli::try_parse_from([
            "kindred", "user", "create", "--email", "a@b.org", "--org", "parks", "--role", "viewer",
        ])
        .unwrap();
        let Some(Command::User {
            command:
                UserCommand::Create {
                    email,
                    organisation,
                    role,
                    ..
                },
        }) = cli.command
        else {
            panic!("parsed as {:?}", cli.command);
        };
        assert_eq!(
            (email.as_str(), organisation.as_str(), role.as_str()),
            ("a@b.org", "parks", "viewer")
        );
    }

    #[test]
    fn cookies_are_secure_behind_https_unless_overridden() {
        let addr: SocketAddr = "127.0.0.1:3000".parse().unwrap();
        let mut cli = Cli::try_parse_from(["kindred"]).unwrap();
        assert!(!cli.settings.cookies_secure(addr));
        cli.settings.public_url = Some("https://kindred.example.org/".into());
        assert!(cli.settings.cookies_secure(addr));
        assert_eq!(cli.settings.public_url(addr), "https://kindred.example.org");
        cli.settings.secure_cookies = Some(false);
        assert!(!cli.settings.cookies_secure(addr));
    }
}

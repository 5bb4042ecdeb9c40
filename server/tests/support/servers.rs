//! Real `kindred serve` processes for tests that run several servers, stop and restart them:
//! each on an address of its own, with its log kept; and fresh PostgreSQL databases for them.

use rand::RngCore;
use reqwest::StatusCode;
use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// One `kindred serve` process, its log kept in a file of its own; killed when dropped.
pub struct Server {
    pub base: String,
    pub process: Child,
    pub log: tempfile::NamedTempFile,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl Server {
    /// Starts a server on a free port and waits until it is healthy.
    pub async fn start(database_url: &str) -> Server {
        Server::start_on(database_url, free_port(), &[]).await
    }

    /// Starts a server on `port` (a restart on the address a stopped one had) and waits until it
    /// is healthy, with `settings` as extra environment variables.
    pub async fn start_on(database_url: &str, port: u16, settings: &[(&str, &str)]) -> Server {
        let base = format!("http://127.0.0.1:{port}");
        let log = tempfile::NamedTempFile::new().unwrap();
        let process = Command::new(env!("CARGO_BIN_EXE_kindred"))
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("KINDRED_ADDR", format!("127.0.0.1:{port}"))
            .env("KINDRED_PUBLIC_URL", "http://kindred.test")
            .env("KINDRED_LOG", "warn")
            .env("LEPTOS_OUTPUT_NAME", "kindred")
            .envs(settings.iter().copied())
            .stdout(Stdio::null())
            .stderr(log.reopen().unwrap())
            .spawn()
            .expect("start kindred");
        let server = Server { base, process, log };
        let client = reqwest::Client::new();
        for _ in 0..300 {
            let ready = client.get(server.url("/healthz")).send().await;
            if ready.is_ok_and(|r| r.status() == StatusCode::OK) {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "kindred on {} did not become healthy within 30 s; its log:\n{}",
            server.base,
            std::fs::read_to_string(server.log.path()).unwrap_or_default()
        );
    }

    /// Asks the server to stop (SIGTERM) and waits until it has.
    pub fn terminate(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.process.id().to_string()])
            .status();
        let _ = self.process.wait();
    }

    /// Kills the server at once (SIGKILL), as a crash or power cut would.
    pub fn crash(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A database of its own on the test server, dropped again at the end.
pub struct FreshDatabase {
    admin_url: String,
    name: String,
    pub url: String,
}

impl FreshDatabase {
    pub async fn create(admin_url: &str) -> FreshDatabase {
        let mut bytes = [0u8; 6];
        rand::rng().fill_bytes(&mut bytes);
        // Hex digits only: a name no one typed, so it may stand in the statement as it is.
        let name = format!(
            "kindred_multi_{}",
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        let mut admin = PgConnection::connect(admin_url).await.unwrap();
        admin
            .execute(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .unwrap();
        let (server, _) = admin_url.rsplit_once('/').unwrap();
        FreshDatabase {
            admin_url: admin_url.to_owned(),
            url: format!("{server}/{name}"),
            name,
        }
    }

    pub async fn drop_now(self) {
        let mut admin = PgConnection::connect(&self.admin_url).await.unwrap();
        admin
            .execute(AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            )))
            .await
            .unwrap();
    }
}

/// A port no one listens on right now.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

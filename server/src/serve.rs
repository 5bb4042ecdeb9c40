//! `kindred serve`: open the database, build the router, listen until SIGTERM or Ctrl-C, and answer
//! every request that reached Kindred before exiting (see [`crate::connections`]).

use crate::config::Settings;
use crate::connections::{ConnectionPolicy, serve_connections};
use crate::router::router;
use crate::state::{AppState, Setup};
use crate::storage::{self, Store};
use anyhow::Context;
use leptos::config::get_configuration;
use std::sync::Arc;
use std::time::Duration;

pub async fn serve(settings: &Settings) -> anyhow::Result<()> {
    let mut leptos_options = get_configuration(None)
        .context("reading the Leptos configuration")?
        .leptos_options;
    let addr = settings.addr.unwrap_or(leptos_options.site_addr);
    leptos_options.site_addr = addr;

    let store = storage::open(&settings.database_url).await?;
    tracing::info!(database = store.kind(), "database ready");
    let state = AppState::build(
        store.clone(),
        Setup {
            leptos_options,
            policy: settings.policy(addr),
            secure_cookies: settings.cookies_secure(addr),
            proxy_hops: if settings.trust_proxy {
                settings.proxy_hops
            } else {
                0
            },
            submit_limits: settings.submit_limits(),
            body_deadline: crate::web::forms::BODY_DEADLINE,
        },
    );
    tokio::spawn(sweep_expired(store, state.submit_limits.clone()));
    tokio::spawn(fold_rollups(state.backend.clone()));

    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr} (is another Kindred running?)"))?;
    tracing::info!("Kindred is listening on http://{addr}");
    eprintln!(
        "\n  Kindred is running: open {}\n",
        settings.public_url(addr)
    );
    let policy = ConnectionPolicy {
        drain: Duration::from_secs(settings.drain_seconds),
        ..ConnectionPolicy::default()
    };
    serve_connections(listener, router(state), policy, shutdown_signal())
        .await
        .context("serving HTTP")?;
    tracing::info!("stopped");
    Ok(())
}

/// Hourly removal of expired sessions and old login failures, and of idle rate-limit entries.
async fn sweep_expired(store: Arc<dyn Store>, limits: Arc<crate::respond::SubmitLimits>) {
    let mut every_hour = tokio::time::interval(Duration::from_secs(60 * 60));
    loop {
        every_hour.tick().await;
        limits.forget_idle();
        match store.delete_expired(chrono::Utc::now().timestamp()).await {
            Ok(removed) => tracing::debug!(removed, "expired rows removed"),
            Err(err) => tracing::warn!(error = %err, "could not remove expired rows"),
        }
    }
}

/// Folds the rollup deltas new responses write into the day and total rows, every second, so
/// that a view reads a bounded number of rows. Every app server runs it; the store lets one
/// fold at a time.
async fn fold_rollups(kindred: Arc<crate::backend::Kindred>) {
    let mut every_second = tokio::time::interval(Duration::from_secs(1));
    every_second.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every_second.tick().await;
        if let Err(err) = kindred.fold_rollups().await {
            tracing::warn!(error = %err, "could not fold rollup deltas");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

//! Accepting and serving HTTP/1.1 connections: slow clients are cut off, and a shutdown answers
//! every request that reached Kindred before it stops.
//!
//! `axum::serve` cannot bound how long a client takes to send its headers, and its graceful
//! shutdown closes idle kept-open connections at once — just as a client may be sending its next
//! request on one — and drops connections the kernel accepted but Kindred had not yet taken.
//! Here, on shutdown:
//! 1. the listener stops: connections already completed by the kernel are taken and served, then
//!    the socket is closed, so a new server can bind the address at once;
//! 2. for the drain window every response carries `Connection: close`, so each client learns on
//!    its next answer to reconnect elsewhere, and requests that arrive on kept-open connections
//!    are still answered;
//! 3. after it, idle connections are closed and requests in flight finish (up to `finish`).
//!
//! A load balancer in front should stop sending new connections to a server it is stopping
//! (`/healthz` answers until the listener closes); requests already sent are answered.

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, Request, header};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tower::ServiceExt;

/// How long clients may take, and how a shutdown drains.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionPolicy {
    /// The longest a client may take to send a request's headers, counted from when Kindred
    /// starts waiting for them; it also closes a kept-open connection left idle that long.
    pub header_read: Duration,
    /// After a shutdown starts: how long kept-open connections are still served (each answer
    /// with `Connection: close`).
    pub drain: Duration,
    /// After the drain window: the longest requests in flight get to finish.
    pub finish: Duration,
}

impl Default for ConnectionPolicy {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            drain: Duration::from_secs(2),
            finish: Duration::from_secs(30),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then drains as the module says and
/// returns once every connection is closed. Each request carries `ConnectInfo<SocketAddr>`.
///
/// # Errors
/// Only when the listening socket itself fails while being handed over for the last accepts.
pub async fn serve_connections(
    listener: TcpListener,
    app: Router,
    policy: ConnectionPolicy,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let (draining_tx, draining) = watch::channel(false);
    // Every connection task holds a sender; `recv` answers `None` once all of them are gone.
    let (alive, mut all_closed) = mpsc::channel::<()>(1);
    let connection = Connection {
        app,
        policy,
        draining,
        alive,
    };

    let mut shutdown = pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => connection.spawn(stream, peer),
                // Out of file descriptors and the like: wait rather than spin.
                Err(err) => {
                    tracing::warn!(error = %err, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            () = &mut shutdown => break,
        }
    }

    // Connections the kernel completed before the socket closes would otherwise be reset with
    // their requests unread: take them all with real (non-blocking) accepts, then close.
    let listener = listener.into_std()?;
    loop {
        match listener.accept() {
            Ok((stream, peer)) => {
                if let Ok(stream) = stream
                    .set_nonblocking(true)
                    .and_then(|()| TcpStream::from_std(stream))
                {
                    connection.spawn(stream, peer);
                }
            }
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => break,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => {
                tracing::warn!(error = %err, "could not accept a connection while stopping");
                break;
            }
        }
    }
    drop(listener);
    tracing::info!("no longer listening; answering what was sent");
    draining_tx.send_replace(true);
    drop(connection);
    let _ = all_closed.recv().await;
    Ok(())
}

/// What each connection task needs.
#[derive(Clone)]
struct Connection {
    app: Router,
    policy: ConnectionPolicy,
    draining: watch::Receiver<bool>,
    alive: mpsc::Sender<()>,
}

impl Connection {
    fn spawn(&self, stream: TcpStream, peer: SocketAddr) {
        let Connection {
            app,
            policy,
            draining,
            alive,
        } = self.clone();
        let closing = draining.clone();
        let service = app
            .map_request(move |request: Request<Incoming>| {
                let mut request = request.map(Body::new);
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            })
            .map_response(move |mut response| {
                if *closing.borrow() {
                    response
                        .headers_mut()
                        .insert(header::CONNECTION, HeaderValue::from_static("close"));
                }
                response
            });
        tokio::spawn(async move {
            let _alive = alive;
            serve_one(stream, TowerToHyperService::new(service), policy, draining).await;
        });
    }
}

async fn serve_one<S>(
    stream: TcpStream,
    service: S,
    policy: ConnectionPolicy,
    mut draining: watch::Receiver<bool>,
) where
    S: hyper::service::Service<Request<Incoming>, Response = axum::response::Response>
        + Send
        + 'static,
    S::Future: Send + 'static,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(policy.header_read);
    let mut conn = pin!(builder.serve_connection(TokioIo::new(stream), service));
    tokio::select! {
        result = conn.as_mut() => {
            if let Err(err) = result {
                tracing::debug!(error = %err, "connection ended with an error");
            }
            return;
        }
        _ = draining.wait_for(|draining| *draining) => {}
    }
    // Draining: a request arriving on this connection is still answered (with
    // `Connection: close`, after which hyper closes it).
    tokio::select! {
        _ = conn.as_mut() => return,
        () = tokio::time::sleep(policy.drain) => {}
    }
    conn.as_mut().graceful_shutdown();
    if tokio::time::timeout(policy.finish, conn).await.is_err() {
        tracing::warn!("a request was still running when the server stopped");
    }
}

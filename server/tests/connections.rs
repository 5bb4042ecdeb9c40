//! Serving connections: slow clients are cut off, and a shutdown answers what was already sent.

use axum::Router;
use axum::routing::{get, post};
use server::connections::{ConnectionPolicy, serve_connections};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

struct Served {
    addr: std::net::SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn serve(policy: ConnectionPolicy) -> Served {
    let app = Router::new().route("/", get(|| async { "hello" })).route(
        "/slow",
        post(|body: String| async move {
            tokio::time::sleep(Duration::from_millis(600)).await;
            format!("got {}", body.len())
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let done = tokio::spawn(serve_connections(listener, app, policy, async move {
        let _ = stopped.await;
    }));
    Served {
        addr,
        stop: Some(stop),
        done,
    }
}

/// Reads one response (headers and a `Content-Length` body) and returns its head and body.
async fn read_response(stream: &mut TcpStream) -> Option<(String, String)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 1024];
    loop {
        let text = String::from_utf8_lossy(&buffer).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length: ")
                        .map(str::to_owned)
                })
                .and_then(|l| l.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if body.len() >= length {
                return Some((head.to_owned(), body.to_owned()));
            }
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
}

/// True when the server closed the connection (end of stream or reset) within `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut byte = [0u8; 1];
    matches!(
        tokio::time::timeout(within, stream.read(&mut byte)).await,
        Ok(Ok(0) | Err(_))
    )
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_cut_off() {
    let policy = ConnectionPolicy {
        header_read: Duration::from_millis(400),
        ..ConnectionPolicy::default()
    };
    let served = serve(policy).await;
    // Many slow clients: each sends part of a request line, then a byte now and then.
    let mut slow = Vec::new();
    for _ in 0..50 {
        let mut stream = TcpStream::connect(served.addr).await.unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        slow.push(stream);
    }
    let started = Instant::now();
    for stream in &mut slow {
        let _ = stream.write_all(b"X").await;
    }
    for stream in &mut slow {
        assert!(
            closed_within(stream, Duration::from_secs(3)).await,
            "a trickling client kept its connection"
        );
    }
    assert!(started.elapsed() < Duration::from_secs(3));

    // A kept-open connection left idle is closed too, after answering what it asked.
    let mut idle = TcpStream::connect(served.addr).await.unwrap();
    idle.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let (head, body) = read_response(&mut idle).await.unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(body, "hello");
    assert!(closed_within(&mut idle, Duration::from_secs(3)).await);
}

#[tokio::test]
async fn a_shutdown_answers_requests_on_open_connections_and_those_in_flight() {
    let policy = ConnectionPolicy {
        header_read: Duration::from_secs(10),
        drain: Duration::from_millis(800),
        finish: Duration::from_secs(5),
    };
    let mut served = serve(policy).await;

    // A kept-open connection that has been used once, and a request still being handled.
    let mut kept_open = TcpStream::connect(served.addr).await.unwrap();
    kept_open
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let (head, _) = read_response(&mut kept_open).await.unwrap();
    assert!(!head.to_ascii_lowercase().contains("connection: close"));
    let mut in_flight = TcpStream::connect(served.addr).await.unwrap();
    in_flight
        .write_all(b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    served.stop.take().unwrap().send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    // The listener is gone: the address is free for the next server at once…
    let next = TcpListener::bind(served.addr).await;
    assert!(next.is_ok(), "the stopping server still holds its address");
    drop(next);
    // … while a request sent on the kept-open connection is answered, told to reconnect.
    kept_open
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let (head, body) = read_response(&mut kept_open).await.unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains("connection: close"),
        "{head}"
    );
    assert_eq!(body, "hello");
    assert!(closed_within(&mut kept_open, Duration::from_secs(1)).await);
    // The request in flight when the shutdown began gets its answer.
    let (head, body) = read_response(&mut in_flight).await.unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(body, "got 5");

    tokio::time::timeout(Duration::from_secs(5), served.done)
        .await
        .expect("the server stops once its connections are answered")
        .unwrap()
        .unwrap();
}

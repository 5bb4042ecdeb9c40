//! Works out the client's address once per request and attaches it for throttling and logs.

use crate::state::AppState;
use app::backend::ClientIp;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};

/// The socket peer, or — only when configured to trust a proxy — the first address the proxy
/// reports in `X-Forwarded-For`.
pub fn client_ip(
    peer: Option<IpAddr>,
    forwarded_for: Option<&str>,
    trust_proxy: bool,
) -> Option<IpAddr> {
    if trust_proxy
        && let Some(ip) = forwarded_for
            .and_then(|v| v.split(',').next())
            .and_then(|first| first.trim().parse().ok())
    {
        return Some(ip);
    }
    peer
}

pub async fn attach_client_ip(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let forwarded = request
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    if let Some(ip) = client_ip(peer, forwarded, state.trust_proxy) {
        request.extensions_mut().insert(ClientIp(ip));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::client_ip;
    use std::net::IpAddr;

    #[test]
    fn forwarded_for_is_ignored_unless_the_proxy_is_trusted() {
        let peer: IpAddr = "10.0.0.1".parse().unwrap();
        let header = Some("203.0.113.9, 10.0.0.1");
        assert_eq!(client_ip(Some(peer), header, false), Some(peer));
        assert_eq!(
            client_ip(Some(peer), header, true),
            Some("203.0.113.9".parse().unwrap())
        );
        assert_eq!(client_ip(Some(peer), Some("garbage"), true), Some(peer));
    }
}

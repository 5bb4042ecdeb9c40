//! Works out the client's address once per request and attaches it for throttling and logs.

use app::backend::ClientIp;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};

/// The socket peer, or — behind `proxy_hops` trusted proxies (0: none) — the address the
/// outermost of them appended to `X-Forwarded-For`: the entry `proxy_hops` from the end. Entries
/// before it are whatever the client sent, so they are never read; with fewer entries than hops,
/// or one that is not an address, the peer.
pub fn client_ip(
    peer: Option<IpAddr>,
    forwarded_for: &[&str],
    proxy_hops: usize,
) -> Option<IpAddr> {
    if proxy_hops == 0 {
        return peer;
    }
    let entries: Vec<&str> = forwarded_for
        .iter()
        .flat_map(|header| header.split(','))
        .map(str::trim)
        .collect();
    entries
        .len()
        .checked_sub(proxy_hops)
        .and_then(|i| entries[i].parse().ok())
        .or(peer)
}

pub async fn attach_client_ip(
    State(proxy_hops): State<usize>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    // Every X-Forwarded-For line, in order: a proxy may append a line rather than extend one.
    let forwarded: Vec<&str> = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if let Some(ip) = client_ip(peer, &forwarded, proxy_hops) {
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
        let header = ["203.0.113.9"];
        assert_eq!(client_ip(Some(peer), &header, 0), Some(peer));
        assert_eq!(
            client_ip(Some(peer), &header, 1),
            Some("203.0.113.9".parse().unwrap())
        );
        assert_eq!(client_ip(Some(peer), &["garbage"], 1), Some(peer));
    }

    #[test]
    fn what_the_client_wrote_before_the_proxys_entry_is_never_read() {
        let peer: IpAddr = "10.0.0.1".parse().unwrap();
        // The client sent "1.2.3.4"; the proxy appended the address it saw.
        let spoofed = ["1.2.3.4, 198.51.100.7"];
        assert_eq!(
            client_ip(Some(peer), &spoofed, 1),
            Some("198.51.100.7".parse().unwrap())
        );
        // Two proxies: the outer one appended the client, the inner one the outer proxy.
        let two = ["1.2.3.4", "198.51.100.7, 10.0.0.9"];
        assert_eq!(
            client_ip(Some(peer), &two, 2),
            Some("198.51.100.7".parse().unwrap())
        );
        assert_eq!(client_ip(Some(peer), &["198.51.100.7"], 2), Some(peer));
    }
}

//! The HTTP surface: Leptos pages and server functions, the health check, and the layers every
//! request passes through (request id, tracing, body limit, security headers, client address).

use crate::client_ip::attach_client_ip;
use crate::health::healthz;
use crate::respond;
use crate::state::AppState;
use app::backend::SharedBackend;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::middleware;
use axum::response::Response;
use axum::routing::get;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tower::ServiceBuilder;
use tower_http::CompressionLevel;
use tower_http::body::Limited;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutBody};
use tower_http::trace::TraceLayer;

/// Forms and JSON bodies are small; anything bigger is refused before it is read.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The longest a client may pause between parts of a request body: a body trickled in a byte at
/// a time cannot hold a connection and a request task for ever (headers are bounded in
/// [`crate::connections`]).
const BODY_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// What every page render and server function finds in context: the backend, the cookie policy
/// and the router state (as `leptos_routes_with_context` provides it).
pub fn page_context(state: AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        page_script_policy();
        let backend: SharedBackend = state.backend.clone();
        provide_context(backend);
        provide_context(state.cookie_policy);
        provide_context(state.clone());
    }
}

/// What every page's Content-Security-Policy holds besides who may frame it and which scripts
/// run: no plugins, no `<base>` that re-points relative links, and forms that post only to
/// Kindred.
const PAGE_POLICY: &str = "object-src 'none'; base-uri 'none'; form-action 'self'";

/// Scripts where no page render chose otherwise: Kindred's own files only, nothing inline.
const SCRIPTS_DEFAULT: &str = "script-src 'self'";

/// The script nonce of one request, minted by [`frame_policy`] before any handler runs: a page
/// render uses it for every inline script Leptos writes (hydration, streamed resources), and the
/// response's policy names it. Owning it here rather than reading back what the render chose means
/// no render can go out with scripts its policy refuses.
#[derive(Clone)]
struct PageNonce(leptos::nonce::Nonce);

/// Gives the page render this request's nonce ([`PageNonce`]) in place of the one leptos_axum
/// made.
fn page_script_policy() {
    let nonce = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(nonce)) = nonce {
        provide_context(nonce);
    }
}

/// A page's scripts: Kindred's own files, the inline scripts Leptos writes, which carry this
/// response's nonce, and compiling the WebAssembly bundle. Anything injected into a page has no
/// nonce and does not run.
fn page_scripts(nonce: &leptos::nonce::Nonce) -> String {
    format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'")
}

/// Pages may not be framed by other sites (clickjacking), except the survey embed routes, which
/// exist to be framed. Answers to a logged-in browser or an API token are never stored by the
/// browser or a proxy (`Cache-Control: no-store`) unless the handler said otherwise; the static
/// bundle under `/pkg/` is left cacheable.
async fn frame_policy(mut request: Request<Body>, next: middleware::Next) -> Response {
    let path = request.uri().path();
    let embed = is_embed_path(path);
    let private = !path.starts_with("/pkg/")
        && (request.headers().contains_key(header::AUTHORIZATION)
            || request
                .headers()
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .any(|c| c.contains(app::api::request::SESSION_COOKIE)));
    // Minted for every request: any path may end in a rendered page (an unknown one renders the
    // "not found" page), and a nonce costs next to nothing.
    let nonce = leptos::nonce::Nonce::new();
    request.extensions_mut().insert(PageNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if private && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let framing = if embed {
        "frame-ancestors *"
    } else {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        "frame-ancestors 'none'"
    };
    // A handler that chose a whole policy (logos, the card's SVG: a sandbox) keeps it; HTML (a
    // page render, an error page) may run the inline scripts that carry this request's nonce;
    // everything else gets the default scripts.
    let chosen = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let scripts = match chosen {
        Some(_) => return response,
        None if html => page_scripts(&nonce),
        None => SCRIPTS_DEFAULT.to_owned(),
    };
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&format!("{framing}; {PAGE_POLICY}; {scripts}"))
            .unwrap_or_else(|_| HeaderValue::from_static("frame-ancestors 'none'")),
    );
    response
}

/// `/s/{slug}/embed` and what follows it (the thank-you page inside the frame).
pub fn is_embed_path(path: &str) -> bool {
    path.strip_prefix("/s/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(slug, tail)| {
            !slug.is_empty() && (tail == "embed" || tail.starts_with("embed/"))
        })
}

/// Pages, JSON, SVG, CSV and the WebAssembly bundle go out brotli- or gzip-compressed when the
/// browser accepts it (phones on slow connections get a fraction of the bytes). A release build
/// writes compressed copies of the bundle beside it (`cargo leptos build --release
/// --precompress`), which the static file handler sends as they are — a response that already
/// has a `Content-Encoding` is never compressed again — so compressing on the fly only happens
/// for a build made without them.
fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .quality(CompressionLevel::Precise(4))
        .compress_when(DefaultPredicate::new())
}

pub fn router(state: AppState) -> Router {
    let context = page_context(state.clone());
    let options = leptos::prelude::LeptosOptions::clone(&state.leptos_options);
    let routes = generate_route_list(App);
    let request_id = HeaderName::from_static("x-request-id");

    let routes = Router::new()
        .route("/healthz", get(healthz))
        .merge(respond::routes())
        .merge(crate::web::routes())
        .merge(crate::api::routes())
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .with_state(state.clone());
    // The layers wrap the finished router once, not each of its routes (as `Router::layer`
    // would): a middleware clones what it wraps for every request, and wrapped route by route
    // that is every layer below it, each boxed anew. Each middleware's state is the part it
    // needs, not AppState (checking a session needs the backend and the cookie policy, so the
    // whole of it).
    let layers = ServiceBuilder::new()
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
                        let id = request
                            .headers()
                            .get("x-request-id")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!(
                            "request",
                            request_id = %id,
                            method = %request.method(),
                            path = %request.uri().path(),
                        )
                    }),
                )
                .layer(PropagateRequestIdLayer::new(request_id)),
        )
        .layer(RequestBodyTimeoutLayer::new(BODY_READ_TIMEOUT))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // What the two body layers wrapped, as the axum body the layers below take.
        .map_request(|request: Request<Limited<TimeoutBody<Body>>>| request.map(Body::new))
        .layer(compression())
        .layer(middleware::from_fn(crate::web::answer_errors))
        .layer(middleware::from_fn(frame_policy))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(middleware::from_fn_with_state(
            state.backend.clone(),
            crate::web::same_origin::refuse_cross_origin,
        ))
        .layer(middleware::from_fn_with_state(
            state.body_deadline,
            crate::web::forms::read_bodies_whole,
        ))
        .layer(middleware::from_fn_with_state(
            state.proxy_hops,
            attach_client_ip,
        ))
        .layer(middleware::from_fn_with_state(
            state.cookie_policy,
            respond::cookie::ensure_respondent_cookie,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::web::member_pages::send_visitors_to_log_in,
        ));
    Router::new().fallback_service(layers.service(routes))
}

#[cfg(test)]
mod tests {
    use super::is_embed_path;

    #[test]
    fn only_the_embed_routes_may_be_framed() {
        assert!(is_embed_path("/s/abc/embed"));
        assert!(is_embed_path("/s/abc/embed/thanks"));
        assert!(!is_embed_path("/s/abc"));
        assert!(!is_embed_path("/s/abc/qr.svg"));
        assert!(!is_embed_path("/settings"));
        assert!(!is_embed_path("/s//embed"));
    }
}

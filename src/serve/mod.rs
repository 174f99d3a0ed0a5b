//! `newsdex serve`: the index over HTTP, as a search page and a JSON API.
//!
//! One [`Searcher`] serves every request. Searches are CPU work: they run on
//! tokio's blocking pool, one per core (and one more) at a time, the others
//! waiting their turn; at most [`MAX_IN_FLIGHT`] are running or waiting (past that a
//! request gets 429 with `Retry-After` instead of a queue that grows), each
//! within [`REQUEST_TIME_LIMIT`] (past it, 503). The searcher looks for a new
//! commit every [`RELOAD_EVERY`], so what `newsdex index` adds meanwhile is
//! found without a restart. A bind address other than loopback requires a
//! token, sent as `Authorization: Bearer …` or in the cookie the login page
//! sets. Every response carries the security headers of [`secure`].

mod api;
mod page;
mod params;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::Semaphore;

use crate::search::Searcher;
use crate::{Error, Result};

/// The address `serve` listens on unless told otherwise (Meilisearch's port).
pub const DEFAULT_BIND: &str = "127.0.0.1:7700";

/// The most searches running or waiting to run at once; more get 429.
pub const MAX_IN_FLIGHT: usize = 64;

/// How long one request may take before it gets 503.
pub const REQUEST_TIME_LIMIT: Duration = Duration::from_secs(10);

/// How often the searcher looks for a new commit of the index.
pub const RELOAD_EVERY: Duration = Duration::from_secs(1);

/// The routes of the API, as `/api/openapi.json` documents them (a test
/// holds the two to each other).
pub const API_ROUTES: [&str; 7] = [
    "/health",
    "/api/search",
    "/api/facets/{field}",
    "/api/articles/{id}",
    "/api/stats",
    "/api/openapi.json",
    "/api/quotes/{id}",
];

/// The cookie the login page sets, holding the token.
const TOKEN_COOKIE: &str = "newsdex_token";

/// How `serve` runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The index to serve.
    pub index: PathBuf,
    /// Where to listen.
    pub bind: SocketAddr,
    /// The token every request must carry; required off loopback.
    pub token: Option<String>,
    /// No line per request on stderr.
    pub quiet: bool,
}

/// What every handler shares.
pub(crate) struct AppState {
    pub(crate) searcher: Searcher,
    token: Option<String>,
    slots: Arc<Semaphore>,
    /// The searches that run at once: one per core, and one more so that no
    /// core idles while the next search is handed over. Sixteen searches
    /// sharing two cores would each take eight times as long; waiting their
    /// turn, each takes its own time plus the wait.
    workers: Arc<Semaphore>,
    /// How long a request may take ([`REQUEST_TIME_LIMIT`]; shorter in tests).
    time_limit: Duration,
    quiet: bool,
}

impl AppState {
    fn new(searcher: Searcher, token: Option<String>, quiet: bool) -> Self {
        AppState {
            searcher,
            token,
            slots: Arc::new(Semaphore::new(MAX_IN_FLIGHT)),
            workers: Arc::new(Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()) + 1,
            )),
            time_limit: REQUEST_TIME_LIMIT,
            quiet,
        }
    }

    /// Runs `work` on the blocking pool within the limits: a free slot, else
    /// 429; then a free core, waiting for one; the time limit (the wait
    /// included), else 503.
    pub(crate) async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&Searcher) -> Result<T> + Send + 'static,
    ) -> std::result::Result<T, ApiError> {
        let Ok(slot) = self.slots.clone().try_acquire_owned() else {
            return Err(ApiError::busy());
        };
        let state = Arc::clone(self);
        let task = async move {
            // The semaphore is never closed, so the wait ends with a permit.
            let worker = state.workers.clone().acquire_owned().await.ok();
            tokio::task::spawn_blocking(move || {
                let (_slot, _worker) = (slot, worker);
                work(&state.searcher)
            })
            .await
        };
        match tokio::time::timeout(self.time_limit, task).await {
            Err(_) => Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                format!(
                    "the request took over {:.1} s: narrow the query or add filters",
                    self.time_limit.as_secs_f64()
                ),
            )),
            Ok(Err(_)) => Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "bug",
                "the search failed unexpectedly: this is a bug in newsdex".into(),
            )),
            Ok(Ok(result)) => result.map_err(ApiError::from),
        }
    }
}

/// An error as the API answers it: `{"error": {"code", "message"}}`.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &'static str, message: String) -> Self {
        ApiError {
            status,
            code,
            message,
        }
    }

    pub(crate) fn not_found(what: String) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", what)
    }

    pub(crate) fn bad_request(message: String) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    fn busy() -> Self {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "busy",
            format!("{MAX_IN_FLIGHT} searches are running: try again in a second"),
        )
    }

    /// The message, for the page to show.
    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    /// The status, for the page to answer with.
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }
}

impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        match err {
            Error::User(message) => ApiError::bad_request(message),
            other => ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                other.to_string(),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": {"code": self.code, "message": self.message}});
        let mut response = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

/// The routes, with their middleware.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(page::home))
        .route("/article/{id}", get(page::article))
        .route("/login", get(page::login))
        .route("/static/app.css", get(page::stylesheet))
        .route("/static/app.js", get(page::script))
        .route(API_ROUTES[0], get(api::health))
        .route(API_ROUTES[1], get(api::search))
        .route(API_ROUTES[2], get(api::facets))
        .route(API_ROUTES[3], get(api::article))
        .route(API_ROUTES[4], get(api::stats))
        .route(API_ROUTES[5], get(api::openapi))
        .route(API_ROUTES[6], get(api::quote))
        .route("/quote/{id}", get(page::quote))
        .fallback(api::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .layer(middleware::from_fn_with_state(state.clone(), log))
        .layer(middleware::from_fn(secure))
        .with_state(state)
}

/// Refuses a request that carries a body (413) or lacks the token (401).
async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let has_body = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok())
        .is_some_and(|length| length != "0")
        || request.headers().contains_key(header::TRANSFER_ENCODING);
    if has_body {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_not_allowed",
            "requests take no body: every parameter goes in the URL".into(),
        )
        .into_response();
    }
    let path = request.uri().path();
    // The login page, its style and script, and the health check need no token.
    let open = matches!(
        path,
        "/login" | "/health" | "/static/app.css" | "/static/app.js"
    );
    if let Some(token) = &state.token
        && !open
        && !carries_token(request.headers(), token)
    {
        return ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this server needs its token: send `Authorization: Bearer TOKEN`, or log in at /login"
                .into(),
        )
        .into_response();
    }
    next.run(request).await
}

/// True when a request's headers carry the token, as a bearer or in the cookie.
fn carries_token(headers: &HeaderMap, token: &str) -> bool {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .is_some_and(|sent| same_secret(sent.trim(), token));
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, sent)| name == TOKEN_COOKIE && same_secret(sent, token));
    bearer || cookie
}

/// Compares two secrets in time that does not depend on where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |differ, (x, y)| differ | (x ^ y))
            == 0
}

/// One line per request on stderr: method, path, status, milliseconds.
async fn log(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    if !state.quiet {
        eprintln!(
            "{method} {path} {} {:.1}",
            response.status().as_u16(),
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    response
}

/// The headers that keep a page from running what an article holds: only
/// the server's own script and style, no sniffing, no referrer.
async fn secure(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// True for an address only this machine can reach.
fn is_loopback(bind: &SocketAddr) -> bool {
    bind.ip().is_loopback()
}

/// Serves the index until SIGINT or SIGTERM. `on_listening` is told the
/// address once the socket is bound (the port, when 0 was asked for).
pub fn serve(config: ServeConfig, on_listening: impl FnOnce(SocketAddr)) -> Result<()> {
    if !is_loopback(&config.bind) && config.token.is_none() {
        return Err(Error::User(format!(
            "{} can be reached from other machines: give --token TOKEN (or set \
             NEWSDEX_TOKEN), or bind to 127.0.0.1",
            config.bind
        )));
    }
    let searcher = Searcher::open(&config.index)?;
    searcher.load_clusters()?;
    let state = Arc::new(AppState::new(searcher, config.token.clone(), config.quiet));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("cannot start the server's runtime", e))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .map_err(|e| Error::io(format!("cannot listen on {}", config.bind), e))?;
        let address = listener
            .local_addr()
            .map_err(|e| Error::io("cannot read the address listened on", e))?;
        on_listening(address);
        let reloading = Arc::clone(&state);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(RELOAD_EVERY);
            loop {
                every.tick().await;
                // A failed reload keeps the last commit searchable; the next tick retries.
                // New clusters are read here, off the async threads, not by a search.
                let state = Arc::clone(&reloading);
                let _ = tokio::task::spawn_blocking(move || {
                    state.searcher.reload()?;
                    state.searcher.load_clusters()
                })
                .await;
            }
        });
        axum::serve(listener, router(state))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(|e| Error::io("the server stopped", e))
    })
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_api_route_is_documented_and_every_documented_route_exists() {
        let document: serde_json::Value = serde_json::from_str(api::OPENAPI).unwrap();
        let mut documented: Vec<&str> = document["paths"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        documented.sort_unstable();
        let mut routes = API_ROUTES.to_vec();
        routes.sort_unstable();
        assert_eq!(documented, routes);
        assert_eq!(document["openapi"], "3.1.0");
    }

    /// A server's state over a one-article index, with `slots` searches at
    /// once and `time_limit` per request.
    fn state(dir: &std::path::Path, slots: usize, time_limit: Duration) -> Arc<AppState> {
        let articles = dir.join("articles");
        std::fs::create_dir_all(&articles).unwrap();
        std::fs::write(
            articles.join("deal.txt"),
            "Talks\n\nNo deal yet, he said.\n",
        )
        .unwrap();
        let index = dir.join("index");
        crate::index::Indexer::new(crate::index::IndexRequest::new(
            vec![articles],
            index.clone(),
        ))
        .run(&|_| {})
        .unwrap();
        let mut state = AppState::new(Searcher::open(&index).unwrap(), None, true);
        state.slots = Arc::new(Semaphore::new(slots));
        state.time_limit = time_limit;
        Arc::new(state)
    }

    #[test]
    fn past_the_searches_in_flight_a_request_gets_429_and_past_the_time_503() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        let full = state(&dir.path().join("full"), 0, REQUEST_TIME_LIMIT);
        let busy = runtime
            .block_on(full.run(|searcher| searcher.summary()))
            .unwrap_err();
        assert_eq!(busy.status(), StatusCode::TOO_MANY_REQUESTS);
        let response = busy.into_response();
        assert_eq!(response.headers()[header::RETRY_AFTER], "1");

        let slow = state(&dir.path().join("slow"), 4, Duration::from_millis(20));
        let late = runtime
            .block_on(slow.run(|searcher| {
                std::thread::sleep(Duration::from_millis(300));
                searcher.summary()
            }))
            .unwrap_err();
        assert_eq!(late.status(), StatusCode::SERVICE_UNAVAILABLE);
        // Within the limits, the work's own answer comes back.
        let fine = runtime.block_on(slow.run(|searcher| searcher.summary()));
        assert_eq!(fine.unwrap().articles, 1);
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("s3cret", "s3cret"));
        assert!(!same_secret("s3cret", "s3cres"));
        assert!(!same_secret("s3cret", "s3cret-and-more"));
    }

    #[test]
    fn the_token_comes_as_a_bearer_or_in_the_cookie() {
        let mut headers = HeaderMap::new();
        assert!(!carries_token(&headers, "t0k"));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer t0k"),
        );
        assert!(carries_token(&headers, "t0k"));
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; newsdex_token=t0k"),
        );
        assert!(carries_token(&headers, "t0k"));
        assert!(!carries_token(&headers, "other"));
    }
}

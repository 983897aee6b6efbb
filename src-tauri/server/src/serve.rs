//! `kg serve`: the marketplace's store answering sellers' laptops over HTTP.
//!
//! **Invariant:** beyond loopback the marketplace is served over TLS only, with its own
//! certificate (`crate::tls`) that laptops pin at enrolment; a device token never crosses a
//! network in the clear. On loopback plain HTTP is allowed, and TLS may be asked for.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use koogallery_core::clock::SystemClock;
use koogallery_core::entropy::OsEntropy;
use koogallery_core::sync::{self, CallError, Marketplace, PushRequest, Served, ServedAt};
use koogallery_core::{CoreError, Store};
use serde::{Deserialize, Serialize};

use crate::tls::Identity;
use crate::MAX_BODY_BYTES;

type Market = Served<SystemClock, OsEntropy>;

/// How the marketplace is served.
#[derive(Debug)]
pub enum Transport {
    /// Plain HTTP, on loopback only.
    Http,
    /// HTTPS, showing this certificate.
    Https(Identity),
}

impl Transport {
    /// What listening on `listen` takes: HTTPS with the certificate kept beside the data file
    /// `db` (made on the first start) beyond loopback, or on loopback too when `tls` asks.
    pub fn for_listen(db: &Path, listen: SocketAddr, tls: bool) -> Result<Transport, CoreError> {
        if tls || !listen.ip().is_loopback() {
            Ok(Transport::Https(Identity::beside(db, listen)?))
        } else {
            Ok(Transport::Http)
        }
    }
}

/// Where the marketplace listens, as `serve` tells its caller once it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listening {
    /// What a laptop connects to, like `https://192.0.2.7:8765`; an address that stands for
    /// every interface (0.0.0.0) is given as this computer's name.
    pub address: String,
    /// The socket it is bound to (a port of 0 picks a free one).
    pub bound: SocketAddr,
    /// The certificate's SHA-256 when served over TLS.
    pub fingerprint: Option<String>,
}

/// Serves the marketplace in `store` on `listen` until the process is stopped. Where it is
/// served is kept in the store, for `kg seller enrol` to give with a code; `ready` is told the
/// same once the server listens.
pub async fn serve(
    mut store: Store,
    listen: SocketAddr,
    transport: Transport,
    ready: impl FnOnce(&Listening),
) -> Result<(), CoreError> {
    if matches!(transport, Transport::Http) && !listen.ip().is_loopback() {
        return Err(CoreError::invalid(format!(
            "listen: {listen} is beyond this computer, where the marketplace is served over TLS only"
        )));
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|source| CoreError::Io { context: format!("cannot listen on {listen}"), source })?;
    let bound = listener.local_addr().map_err(|source| CoreError::Io { context: "no address".into(), source })?;
    let (scheme, fingerprint) = match &transport {
        Transport::Http => ("http", None),
        Transport::Https(identity) => ("https", Some(identity.fingerprint().to_string())),
    };
    let host = if bound.ip().is_unspecified() {
        format!("{}:{}", gethostname::gethostname().to_string_lossy(), bound.port())
    } else {
        bound.to_string()
    };
    let listening = Listening { address: format!("{scheme}://{host}"), bound, fingerprint };
    sync::record_served(
        &mut store,
        &ServedAt { address: listening.address.clone(), fingerprint: listening.fingerprint.clone() },
    )?;
    let app = router(Arc::new(Served::new(store, SystemClock, OsEntropy)));
    let stopped = |source| CoreError::Io { context: "the server stopped".into(), source };
    match transport {
        Transport::Http => {
            ready(&listening);
            axum::serve(listener, app).await.map_err(stopped)
        }
        Transport::Https(identity) => {
            let tls = RustlsConfig::from_config(identity.server_config()?);
            ready(&listening);
            axum_server::Server::<SocketAddr>::from_listener(listener)
                .acceptor(RustlsAcceptor::new(tls))
                .serve(app.into_make_service())
                .await
                .map_err(stopped)
        }
    }
}

fn router(state: Arc<Market>) -> Router {
    Router::new()
        .route("/v1/enrol", post(enrol))
        .route("/v1/push", post(push))
        .route("/v1/pull", get(pull))
        .route("/v1/files/{sha256}", get(file))
        .route("/v1/uploads/{sha256}", get(received).put(upload))
        .fallback(unknown)
        .layer(axum::middleware::from_fn(announced_size))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// A refusal as the laptop reads it: `{code, message}`, with the status of its kind.
struct Refusal {
    status: StatusCode,
    code: String,
    message: String,
}

impl Refusal {
    fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Refusal {
        Refusal { status, code: code.to_string(), message: message.into() }
    }
}

impl From<CallError> for Refusal {
    fn from(err: CallError) -> Refusal {
        match err {
            CallError::Unreachable(message) => Refusal::new(StatusCode::SERVICE_UNAVAILABLE, "storage", message),
            CallError::Refused { code, message } => {
                let status = match code.as_str() {
                    "invalid_input" => StatusCode::BAD_REQUEST,
                    "unauthenticated" => StatusCode::UNAUTHORIZED,
                    "forbidden" => StatusCode::FORBIDDEN,
                    "not_found" => StatusCode::NOT_FOUND,
                    "internal" => StatusCode::INTERNAL_SERVER_ERROR,
                    _ => StatusCode::CONFLICT,
                };
                Refusal { status, code, message }
            }
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.status, Json(serde_json::json!({ "code": self.code, "message": self.message }))).into_response()
    }
}

/// A body axum could not take (too large, cut off) as a refusal like any other.
fn body(taken: Result<Bytes, BytesRejection>) -> Result<Bytes, Refusal> {
    taken.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => too_large(),
        status => Refusal::new(status, "invalid_input", rejection.body_text()),
    })
}

/// Refuses a body announced too large before reading any of it. Refused half-way through, a
/// client still sending would see its connection cut rather than the refusal.
async fn announced_size(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let announced =
        request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    match announced {
        Some(size) if size > MAX_BODY_BYTES as u64 => too_large().into_response(),
        _ => next.run(request).await,
    }
}

fn too_large() -> Refusal {
    Refusal::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "invalid_input",
        format!("a request carries at most {} MiB; send files in parts", MAX_BODY_BYTES >> 20),
    )
}

/// A body as the JSON of `T`, or a refusal saying what is wrong with it.
fn json_body<T: serde::de::DeserializeOwned>(taken: Result<Bytes, BytesRejection>, what: &str) -> Result<T, Refusal> {
    let bytes = body(taken)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Refusal::new(StatusCode::BAD_REQUEST, "invalid_input", format!("not {what}: {e}")))
}

/// Query parameters as `T`, or a refusal.
fn query<T>(taken: Result<Query<T>, QueryRejection>) -> Result<T, Refusal> {
    taken.map(|Query(q)| q).map_err(|r| Refusal::new(StatusCode::BAD_REQUEST, "invalid_input", r.body_text()))
}

async fn unknown() -> Refusal {
    Refusal::new(StatusCode::NOT_FOUND, "not_found", "no such call: see the API in the server's documentation")
}

fn token(headers: &HeaderMap) -> Result<String, Refusal> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string)
        .ok_or_else(|| {
            Refusal::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "this call needs the device's token (Authorization: Bearer …)",
            )
        })
}

/// Runs a call on the store away from the async workers: SQLite blocks.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CallError> + Send + 'static,
) -> Result<T, Refusal> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Refusal::from(CallError::Unreachable(format!("the call stopped: {e}"))))?
        .map_err(Refusal::from)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Enrolment {
    code: String,
    device_name: String,
}

async fn enrol(State(state): State<Arc<Market>>, taken: Result<Bytes, BytesRejection>) -> Result<Response, Refusal> {
    let body: Enrolment = json_body(taken, "an enrolment ({code, device_name})")?;
    let welcome = blocking(move || state.enrol(&body.code, &body.device_name)).await?;
    Ok(Json(welcome).into_response())
}

async fn push(
    State(state): State<Arc<Market>>,
    headers: HeaderMap,
    taken: Result<Bytes, BytesRejection>,
) -> Result<Response, Refusal> {
    let token = token(&headers)?;
    let request: PushRequest = json_body(taken, "a push")?;
    let pushed = blocking(move || state.push(&token, &request)).await?;
    Ok(Json(pushed).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PullQuery {
    cursor: i64,
    limit: u32,
}

async fn pull(
    State(state): State<Arc<Market>>,
    headers: HeaderMap,
    taken: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Response, Refusal> {
    let token = token(&headers)?;
    let query = query(taken)?;
    let pulled = blocking(move || state.pull(&token, query.cursor, query.limit)).await?;
    Ok(Json(pulled).into_response())
}

async fn file(
    State(state): State<Arc<Market>>,
    headers: HeaderMap,
    UrlPath(sha256): UrlPath<String>,
) -> Result<Response, Refusal> {
    let token = token(&headers)?;
    let bytes = blocking(move || state.file(&token, &sha256)).await?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response())
}

async fn received(
    State(state): State<Arc<Market>>,
    headers: HeaderMap,
    UrlPath(sha256): UrlPath<String>,
) -> Result<Response, Refusal> {
    let token = token(&headers)?;
    let received = blocking(move || state.received(&token, &sha256)).await?;
    Ok(Json(received).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Part {
    size: u64,
    offset: u64,
}

async fn upload(
    State(state): State<Arc<Market>>,
    headers: HeaderMap,
    UrlPath(sha256): UrlPath<String>,
    taken_part: Result<Query<Part>, QueryRejection>,
    taken: Result<Bytes, BytesRejection>,
) -> Result<Response, Refusal> {
    let token = token(&headers)?;
    let part = query(taken_part)?;
    let body = body(taken)?;
    let received = blocking(move || state.upload(&token, &sha256, part.size, part.offset, &body)).await?;
    Ok(Json(received).into_response())
}

//! `kg serve`: the marketplace's store answering sellers' laptops over HTTP.
//!
//! It listens on loopback only for now: serving beyond this computer is to be over TLS with a
//! certificate the laptop pins at enrolment, which is not built yet, so another address is
//! refused rather than served in the clear.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use koogallery_core::clock::SystemClock;
use koogallery_core::entropy::OsEntropy;
use koogallery_core::sync::{CallError, Marketplace, PushRequest, Served};
use koogallery_core::{CoreError, Store};
use serde::Deserialize;

use crate::MAX_BODY_BYTES;

type Market = Served<SystemClock, OsEntropy>;

/// Serves the marketplace in `store` on `listen` until the process is stopped; `ready` is told
/// the address it listens on (a port of 0 picks a free one).
pub async fn serve(store: Store, listen: SocketAddr, ready: impl FnOnce(SocketAddr)) -> Result<(), CoreError> {
    if !listen.ip().is_loopback() {
        return Err(CoreError::invalid(format!(
            "listen: {listen} is not on this computer; serving sellers' laptops over the network needs TLS, which \
             this version does not do yet: listen on 127.0.0.1"
        )));
    }
    let state = Arc::new(Served::new(store, SystemClock, OsEntropy));
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|source| CoreError::Io { context: format!("cannot listen on {listen}"), source })?;
    let bound = listener.local_addr().map_err(|source| CoreError::Io { context: "no address".into(), source })?;
    ready(bound);
    axum::serve(listener, app).await.map_err(|source| CoreError::Io { context: "the server stopped".into(), source })
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
    Path(sha256): Path<String>,
) -> Result<Response, Refusal> {
    let token = token(&headers)?;
    let bytes = blocking(move || state.file(&token, &sha256)).await?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response())
}

async fn received(
    State(state): State<Arc<Market>>,
    headers: HeaderMap,
    Path(sha256): Path<String>,
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
    Path(sha256): Path<String>,
    taken_part: Result<Query<Part>, QueryRejection>,
    taken: Result<Bytes, BytesRejection>,
) -> Result<Response, Refusal> {
    let token = token(&headers)?;
    let part = query(taken_part)?;
    let body = body(taken)?;
    let received = blocking(move || state.upload(&token, &sha256, part.size, part.offset, &body)).await?;
    Ok(Json(received).into_response())
}

//! `kg serve`: the marketplace's store answering sellers' laptops over HTTP.
//!
//! It listens on loopback only for now: serving beyond this computer is to be over TLS with a
//! certificate the laptop pins at enrolment, which is not built yet, so another address is
//! refused rather than served in the clear.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
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
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// A refusal as the laptop reads it: `{code, message}`, with the status of its kind.
struct Refusal(CallError);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, code, message) = match self.0 {
            CallError::Unreachable(message) => (StatusCode::SERVICE_UNAVAILABLE, "storage".to_string(), message),
            CallError::Refused { code, message } => {
                let status = match code.as_str() {
                    "invalid_input" => StatusCode::BAD_REQUEST,
                    "unauthenticated" => StatusCode::UNAUTHORIZED,
                    "forbidden" => StatusCode::FORBIDDEN,
                    "not_found" => StatusCode::NOT_FOUND,
                    "internal" => StatusCode::INTERNAL_SERVER_ERROR,
                    _ => StatusCode::CONFLICT,
                };
                (status, code, message)
            }
        };
        (status, Json(serde_json::json!({ "code": code, "message": message }))).into_response()
    }
}

fn token(headers: &HeaderMap) -> Result<String, Refusal> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string)
        .ok_or_else(|| {
            Refusal(CallError::Refused {
                code: "unauthenticated".into(),
                message: "this call needs the device's token (Authorization: Bearer …)".into(),
            })
        })
}

/// Runs a call on the store away from the async workers: SQLite blocks.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CallError> + Send + 'static,
) -> Result<T, Refusal> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Refusal(CallError::Unreachable(format!("the call stopped: {e}"))))?
        .map_err(Refusal)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Enrolment {
    code: String,
    device_name: String,
}

async fn enrol(State(state): State<Arc<Market>>, Json(body): Json<Enrolment>) -> Result<Response, Refusal> {
    let welcome = blocking(move || state.enrol(&body.code, &body.device_name)).await?;
    Ok(Json(welcome).into_response())
}

async fn push(State(state): State<Arc<Market>>, headers: HeaderMap, body: Bytes) -> Result<Response, Refusal> {
    let token = token(&headers)?;
    let request: PushRequest = serde_json::from_slice(&body).map_err(|e| {
        Refusal(CallError::Refused { code: "invalid_input".into(), message: format!("not a push: {e}") })
    })?;
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
    Query(query): Query<PullQuery>,
) -> Result<Response, Refusal> {
    let token = token(&headers)?;
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
    Query(part): Query<Part>,
    body: Bytes,
) -> Result<Response, Refusal> {
    let token = token(&headers)?;
    let received = blocking(move || state.upload(&token, &sha256, part.size, part.offset, &body)).await?;
    Ok(Json(received).into_response())
}

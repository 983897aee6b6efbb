//! The `media:` scheme: product logos and screenshots, straight from the store.

use tauri::http::{header, Response, StatusCode};

use koogallery_core::catalog::media::{self, MediaRequest};
use koogallery_core::ErrorCode;

use crate::AppState;

pub fn respond(state: &AppState, path: &str) -> Response<Vec<u8>> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let Some((product_id, request)) = MediaRequest::parse_path(&decoded) else {
        return status(StatusCode::NOT_FOUND);
    };
    let found = state.store().ok().map(|store| media::read(store.conn(), &product_id, request));
    match found {
        Some(Ok(picture)) => Response::builder()
            .header(header::CONTENT_TYPE, picture.mime)
            .header(header::CACHE_CONTROL, "max-age=3600")
            .body(picture.bytes)
            .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR)),
        Some(Err(e)) if e.code() == ErrorCode::NotFound => status(StatusCode::NOT_FOUND),
        _ => status(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

fn status(code: StatusCode) -> Response<Vec<u8>> {
    let mut response = Response::new(Vec::new());
    *response.status_mut() = code;
    response
}

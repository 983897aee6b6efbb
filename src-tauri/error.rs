//! What crosses to the UI when a command fails: `{ code, message }`.

use koogallery_core::{CoreError, ErrorCode};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        ApiError { code: e.code(), message: e.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_cross_as_code_and_message() {
        let json = serde_json::to_value(ApiError::from(CoreError::not_found("the product \"x\""))).unwrap();
        assert_eq!(json, serde_json::json!({ "code": "not_found", "message": "the product \"x\" was not found" }));
    }
}

//! One error type for the core, with a closed set of stable codes that front ends branch on.
//!
//! A message says what happened and what the person can do about it; it never carries a
//! secret.

use serde::Serialize;

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{what} was not found")]
    NotFound { what: String },

    /// Bad input from a person or a script; the message names the field.
    #[error("{0}")]
    InvalidInput(String),

    #[error(
        "this data file was written by a newer KooGallery (schema version {found}; this version \
         knows up to {known}); update the app or open another data file"
    )]
    StoreTooNew { found: u32, known: u32 },

    #[error("the image {name} was refused: {reason}")]
    InvalidImage { name: String, reason: String },

    /// A payment the provider refused: a declined card, credit that does not cover it.
    #[error("{0}")]
    PaymentDeclined(String),

    /// The prepaid balance does not cover the amount due.
    #[error("{0}")]
    InsufficientBalance(String),

    /// The request contradicts what was already done, e.g. an idempotency key reused for a
    /// different checkout, or an order moved to a status it cannot reach from its own.
    #[error("{0}")]
    Conflict(String),

    /// The role the app acts as may not do this (a seller cannot pay for a buyer).
    #[error("{0}")]
    Forbidden(String),
    /// The buyer has not granted (or has withdrawn, or must renew) the agencies an action
    /// needs (R-AGY); the message lists what must be agreed.
    #[error("{0}")]
    AuthorizationRequired(String),

    /// A service-flow action refused by the rules of supervision (R-SUP): the flow is frozen
    /// by an appeal, closed, waiting on the other side, or an appeal is not possible yet. The
    /// code says which; the message says why and, where there is one, when it will be possible.
    #[error("{message}")]
    FlowRefused { code: FlowRefusal, message: String },

    /// A seller's device that is not enrolled, or whose token was revoked (R-SYNC-5).
    #[error("{0}")]
    Unauthenticated(String),

    /// A seller's device sent its operations out of order: a sequence number skipped or
    /// reused for another operation (R-SYNC-2). The message says which number is expected.
    #[error("{0}")]
    OutOfSequence(String),

    /// Something that should not happen did; the message says what.
    #[error("{0}")]
    Internal(String),

    #[error("the data file could not be read or written: {0}")]
    Storage(#[from] rusqlite::Error),

    #[error("the data file could not be brought up to date: {0}")]
    Migration(String),

    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

/// The closed set of error codes that crosses to the UI and the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    InvalidInput,
    StoreTooNew,
    Storage,
    InvalidImage,
    PaymentDeclined,
    InsufficientBalance,
    Conflict,
    Forbidden,
    AuthorizationRequired,
    FlowFrozen,
    FlowClosed,
    NotYourTurn,
    AppealNotAllowedYet,
    TooSoon,
    Unauthenticated,
    OutOfSequence,
    Internal,
}

/// Why the rules of service supervision refused an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowRefusal {
    /// An appeal is open: neither side can act until the operations manager settles it.
    Frozen,
    /// The flow is completed or cancelled.
    Closed,
    /// The flow waits on someone else, or this action does not fit where it stands.
    NotYourTurn,
    /// The buyer may appeal only after 5 days of the seller's silence or 3 rejections.
    AppealNotAllowedYet,
    /// Done too recently to be done again (a reminder, once a day).
    TooSoon,
}

impl ErrorCode {
    /// Every code, for those who check an answer's code is one of them.
    pub const ALL: [ErrorCode; 18] = [
        ErrorCode::NotFound,
        ErrorCode::InvalidInput,
        ErrorCode::StoreTooNew,
        ErrorCode::Storage,
        ErrorCode::InvalidImage,
        ErrorCode::PaymentDeclined,
        ErrorCode::InsufficientBalance,
        ErrorCode::Conflict,
        ErrorCode::Forbidden,
        ErrorCode::AuthorizationRequired,
        ErrorCode::FlowFrozen,
        ErrorCode::FlowClosed,
        ErrorCode::NotYourTurn,
        ErrorCode::AppealNotAllowedYet,
        ErrorCode::TooSoon,
        ErrorCode::Unauthenticated,
        ErrorCode::OutOfSequence,
        ErrorCode::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::StoreTooNew => "store_too_new",
            ErrorCode::Storage => "storage",
            ErrorCode::InvalidImage => "invalid_image",
            ErrorCode::PaymentDeclined => "payment_declined",
            ErrorCode::InsufficientBalance => "insufficient_balance",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::AuthorizationRequired => "authorization_required",
            ErrorCode::FlowFrozen => "flow_frozen",
            ErrorCode::FlowClosed => "flow_closed",
            ErrorCode::NotYourTurn => "not_your_turn",
            ErrorCode::AppealNotAllowedYet => "appeal_not_allowed_yet",
            ErrorCode::TooSoon => "too_soon",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::OutOfSequence => "out_of_sequence",
            ErrorCode::Internal => "internal",
        }
    }
}

impl CoreError {
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::NotFound { .. } => ErrorCode::NotFound,
            CoreError::InvalidInput(_) => ErrorCode::InvalidInput,
            CoreError::StoreTooNew { .. } => ErrorCode::StoreTooNew,
            CoreError::InvalidImage { .. } => ErrorCode::InvalidImage,
            CoreError::Storage(_) | CoreError::Io { .. } => ErrorCode::Storage,
            CoreError::PaymentDeclined(_) => ErrorCode::PaymentDeclined,
            CoreError::InsufficientBalance(_) => ErrorCode::InsufficientBalance,
            CoreError::Conflict(_) => ErrorCode::Conflict,
            CoreError::Forbidden(_) => ErrorCode::Forbidden,
            CoreError::AuthorizationRequired(_) => ErrorCode::AuthorizationRequired,
            CoreError::FlowRefused { code, .. } => match code {
                FlowRefusal::Frozen => ErrorCode::FlowFrozen,
                FlowRefusal::Closed => ErrorCode::FlowClosed,
                FlowRefusal::NotYourTurn => ErrorCode::NotYourTurn,
                FlowRefusal::AppealNotAllowedYet => ErrorCode::AppealNotAllowedYet,
                FlowRefusal::TooSoon => ErrorCode::TooSoon,
            },
            CoreError::Unauthenticated(_) => ErrorCode::Unauthenticated,
            CoreError::OutOfSequence(_) => ErrorCode::OutOfSequence,
            CoreError::Migration(_) | CoreError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        CoreError::NotFound { what: what.into() }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        CoreError::InvalidInput(message.into())
    }

    pub fn refused(code: FlowRefusal, message: impl Into<String>) -> Self {
        CoreError::FlowRefused { code, message: message.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_stable_strings() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn each_error_maps_to_its_code() {
        assert_eq!(CoreError::not_found("product x").code(), ErrorCode::NotFound);
        assert_eq!(CoreError::invalid("bad").code(), ErrorCode::InvalidInput);
        assert_eq!(CoreError::StoreTooNew { found: 9, known: 1 }.code(), ErrorCode::StoreTooNew);
        assert_eq!(
            CoreError::InvalidImage { name: "a.png".into(), reason: "corrupt".into() }.code(),
            ErrorCode::InvalidImage
        );
        assert_eq!(CoreError::PaymentDeclined("no".into()).code(), ErrorCode::PaymentDeclined);
        assert_eq!(CoreError::InsufficientBalance("low".into()).code(), ErrorCode::InsufficientBalance);
        assert_eq!(CoreError::Conflict("again".into()).code(), ErrorCode::Conflict);
        assert_eq!(CoreError::Forbidden("seller".into()).code(), ErrorCode::Forbidden);
        assert_eq!(CoreError::AuthorizationRequired("agree".into()).code(), ErrorCode::AuthorizationRequired);
        assert_eq!(CoreError::Internal("oops".into()).code(), ErrorCode::Internal);
        let refusals = [
            (FlowRefusal::Frozen, ErrorCode::FlowFrozen),
            (FlowRefusal::Closed, ErrorCode::FlowClosed),
            (FlowRefusal::NotYourTurn, ErrorCode::NotYourTurn),
            (FlowRefusal::AppealNotAllowedYet, ErrorCode::AppealNotAllowedYet),
            (FlowRefusal::TooSoon, ErrorCode::TooSoon),
        ];
        for (refusal, code) in refusals {
            assert_eq!(CoreError::refused(refusal, "no").code(), code);
        }
    }
}

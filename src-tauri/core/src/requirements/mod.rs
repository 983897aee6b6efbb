//! Product requirements (DOMAIN.md R-AFT): a buyer who finds nothing that fits tells the
//! marketplace what it needs and how to reach it.
//!
//! - `submit`: check the form and keep it, with the account and the search that led to it;
//! - `list`: the account's requirements, newest first.

mod list;
pub(crate) mod submit;

pub use list::list;
pub use submit::{check, submit};

use serde::{Deserialize, Serialize};

/// What the buyer fills in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct RequirementForm {
    /// What the buyer needs, in its own words.
    pub requirement: String,
    pub company: String,
    /// The name of the person to contact.
    pub contact: String,
    pub phone: String,
    pub email: String,
    /// The search text that found nothing, when the form was opened from a search.
    #[serde(default)]
    pub search_text: Option<String>,
}

/// A requirement as it was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Requirement {
    pub id: u32,
    pub account_id: String,
    pub requirement: String,
    pub company: String,
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub search_text: Option<String>,
    /// RFC 3339, UTC.
    pub submitted_at: String,
}

//! My Favorites (DOMAIN.md R-BUY-2): products a buyer saved from the product page with the
//! specification configured there, so that **Buy** can open the purchase with it.
//!
//! - `save`: add a product, or change the specification of one already saved;
//! - `remove`: take a product off the list;
//! - `list`: the list, newest first.
//!
//! A favourite belongs to the account the app acts for ([`crate::accounts::current`]); there
//! is one per product, and it goes when the catalog drops its product.

mod list;
mod remove;
mod save;

pub use list::list;
pub use remove::remove;
pub use save::{check_spec, save};

use serde::{Deserialize, Serialize};

use crate::catalog::model::{BillingMode, BillingPeriod, ProductSummary};

/// What the buyer configured on the product page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct FavoriteSpec {
    /// An edition code of the product.
    pub edition: String,
    pub billing: BillingMode,
    pub period: BillingPeriod,
    /// How many periods: 1 to 36 months, 1 to 5 years, or 1 hour for pay-per-use.
    pub duration: u32,
    /// How many users: for per-user plans (linear, tiered, volume) only.
    #[serde(default)]
    pub users: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Favorite {
    pub product: ProductSummary,
    pub spec: FavoriteSpec,
    /// The name of the saved edition ("Standard"), to show the specification in words.
    pub edition_name: String,
    /// When the product was first saved (RFC 3339, UTC).
    pub saved_at: String,
}

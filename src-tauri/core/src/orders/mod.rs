//! Orders (R-BUY-3 to R-BUY-7): checkout, paying, and Billing Center > My Orders.
//!
//! - `place`: checkout. Checks the configuration with the quote (the one definition of what
//!   can be bought and for how much), records the order as pending payment, then pays it and
//!   delivers it in one transaction with its ledger transaction, or cancels it. Each checkout
//!   carries an idempotency key: the same key never charges twice.
//! - `status`: the order's state machine; every change of status goes through it.
//! - `list`: My Orders, and one order with its history and ledger lines.
//! - `overseen`: the orders a seller received and every order of the marketplace, by status, a
//!   page at a time.
//! - `refund`: money paid back on an order (an appeal settled for the buyer, an approved
//!   unsubscription), never more than was paid.
//!
//! Images are not bought here: they are provisioned with their ECS by the image wizard.

mod list;
mod overseen;
pub(crate) mod place;
pub mod refund;
pub mod status;

pub use list::{list, page, show};
pub use overseen::{all, all_page, received, received_page, OrdersPage, OrdersQuery, StatusCount};
pub use place::place;
pub use status::OrderStatus;

use serde::{Deserialize, Serialize};

use crate::catalog::model::{BillingMode, BillingPeriod, DeliveryMethod};
use crate::catalog::pricing::{Quote, QuoteRequest};
use crate::clock::{Clock, SystemClock};
use crate::entropy::{Entropy, OsEntropy};
use crate::ledger::LedgerLine;
use crate::payments::simulated::SimulatedProvider;
use crate::payments::PaymentProvider;

/// What checkout needs from outside the store: the time, a payment provider, randomness.
#[derive(Clone, Copy)]
pub struct Services<'a> {
    pub clock: &'a dyn Clock,
    pub payments: &'a dyn PaymentProvider,
    pub entropy: &'a dyn Entropy,
}

impl Services<'static> {
    /// The machine's clock and generator, and the built-in simulated provider.
    pub fn system() -> Self {
        Services { clock: &SystemClock, payments: &SimulatedProvider, entropy: &OsEntropy }
    }
}

/// How the buyer chose to pay. Left out, a prepaid account pays from its balance and a
/// postpaid one with its first card; a reseller customer pays nothing here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum PaymentChoice {
    Balance,
    Card { card_id: u32 },
    Credit,
}

/// One checkout: the configuration, the boxes ticked, how to pay, and the key that makes
/// submitting it again harmless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct CheckoutRequest {
    pub configuration: QuoteRequest,
    /// The Terms and Conditions box (R-BUY-3).
    #[serde(default)]
    pub accept_terms: bool,
    /// The seller-authorization box, for SaaS products that require it (R-BUY-4).
    #[serde(default)]
    pub authorize_seller: bool,
    #[serde(default)]
    pub payment: Option<PaymentChoice>,
    /// One per checkout, made by the front end: 1 to 128 letters, digits, `-`, `_`, `.`, `:`.
    pub idempotency_key: String,
}

/// An order as My Orders lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Order {
    pub id: u32,
    /// The name of the buyer account that placed it.
    pub buyer_name: String,
    pub status: OrderStatus,
    pub product_id: String,
    pub product_name: String,
    pub seller_id: String,
    pub seller_name: String,
    pub delivery: DeliveryMethod,
    pub supervised: bool,
    pub edition: String,
    pub edition_name: String,
    pub billing: BillingMode,
    pub period: BillingPeriod,
    pub duration: u32,
    pub users: Option<u32>,
    pub quantity: u32,
    /// The amount due, two decimals.
    pub amount: String,
    /// A reseller customer's order: the amount is for reference only, to be confirmed with
    /// the reseller, and nothing was charged.
    pub reference_only: bool,
    /// How it was paid: "Prepaid balance", "Visa •••• 4242", "Credit", "Reseller".
    pub payment: String,
    /// Why a cancelled order was cancelled.
    pub failure: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// One change of an order's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderEvent {
    pub status: OrderStatus,
    pub note: Option<String>,
    pub at: String,
}

/// An order's page: the order, the itemised price confirmed at checkout, its history and its
/// ledger lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderDetail {
    pub order: Order,
    pub quote: Quote,
    pub events: Vec<OrderEvent>,
    pub ledger: Vec<LedgerLine>,
}

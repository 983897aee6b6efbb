//! Upgrade Specification (R-UP): a higher edition or more users, effective on payment.
//!
//! This module prices an upgrade of a yearly/monthly subscription for the rest of its term:
//! an edition upgrade (R-UP-1), a capacity expansion (more users: R-UP-3 for orders placed
//! before 2023-06-12, R-UP-4 from that day), or both at once (the edition first, then the
//! users; see `docs/decisions.md`, Upgrades). Days are counted by dates in the buyer's time
//! zone (R-MT-3), the fee is never negative (R-UP-2) and it is rounded once, to the cent
//! (R-MT-1).
//!
//! The fee is itemised in lines that explain themselves: each names its rule, says what it
//! charges or credits and shows the arithmetic with the figures used, and the lines add up to
//! the fee exactly (a rounding difference has its own R-MT-1 line).
//!
//! `pay` reads a subscription from the store into this input (`quote`) and pays the fee like
//! any order (one idempotency key, the order's means of payment, the ledger); the new
//! specification takes effect on payment and renewals are priced by it.
//!
//! The fee itself is pure: it reads no store and no clock ("today" comes in with the input), so that
//! every figure can be checked by hand. It never accepts a downgrade or fewer users: those
//! are chosen at renewal (R-UP-5).

mod fee;
mod pay;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::model::{BillingPeriod, PricingModel};
pub use crate::catalog::pricing::Tier;

pub use fee::upgrade_fee;
pub use pay::{pay, quote, Upgrade, UpgradeRequest};

/// The first day on which capacity expansion follows R-UP-4 rather than R-UP-3: orders
/// placed before it keep the older rule.
pub fn r_up_4_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 6, 12).expect("a valid date")
}

/// What one edition of the product costs for one period of the subscription's plan, before
/// the plan's discount: a flat price (`price`), or a per-user model with its unit price
/// (linear) or its tiers (tiered, volume), exactly as the catalog prices it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionPrices {
    /// The edition's code, as the catalog names it.
    pub code: String,
    /// The edition's name as a buyer reads it ("Professional").
    pub name: String,
    pub pricing: PricingModel,
    /// Flat: the price of one period. Linear: the price of one user for one period.
    /// Tiered and volume: none; see `tiers`.
    pub price: Option<Decimal>,
    pub tiers: Vec<Tier>,
}

/// A subscription as it was bought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The product's editions, from the lowest to the highest: an edition later in the list
    /// is an upgrade, one earlier a downgrade.
    pub editions: Vec<EditionPrices>,
    /// Month or year (an hourly plan has no term to upgrade).
    pub period: BillingPeriod,
    /// How many periods the term was bought for (3 months, 1 year).
    pub duration: u32,
    /// The plan's discount factor (R-MT-2), in (0, 1]: a yearly plan at "2 months free"
    /// priced from twelve monthly prices is 10/12; no discount is 1.
    pub discount: Decimal,
    /// The edition's code.
    pub edition: String,
    /// The users of a per-user edition; none for a flat one.
    pub users: Option<u32>,
    /// The date the original order was placed: it chooses R-UP-3 or R-UP-4.
    pub ordered_on: NaiveDate,
    /// The term's start and end dates, in the buyer's time zone (R-MT-3, R-MT-4).
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
}

/// What the buyer asks for: a higher edition, more users, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// The new edition's code; none (or the same edition) keeps the edition.
    pub edition: Option<String>,
    /// The new total of users; none keeps them.
    pub users: Option<u32>,
}

/// An upgrade to price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpgradeInput {
    pub subscription: Subscription,
    pub change: Change,
    /// Today's date in the buyer's time zone.
    pub today: NaiveDate,
}

/// One line of an upgrade fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UpgradeLine {
    /// The rule the line applies: "R-UP-1", "R-UP-3", "R-UP-4", "R-UP-2", "R-MT-3", "R-MT-1".
    pub rule: String,
    /// What the line is, in words.
    pub label: String,
    /// The arithmetic with the figures used, e.g. "59.00 ÷ 31 days × 19 days × 0.9 = 32.54".
    pub arithmetic: String,
    /// A signed decimal with two places ("-12.34" is a credit); "0.00" for a line that only
    /// explains a figure the others use.
    pub amount: String,
}

/// The fee for an upgrade: lines that add up to the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UpgradeQuote {
    pub lines: Vec<UpgradeLine>,
    /// A decimal with two places, never negative.
    pub total: String,
    /// The days in the term (R-MT-3).
    pub term_days: u32,
    /// The days left in the term, at least 1 (R-MT-3).
    pub remaining_days: u32,
    /// The edition's code after the upgrade.
    pub edition: String,
    /// The users after the upgrade; none for a flat edition.
    pub users: Option<u32>,
}

//! Upgrade fees' inputs, written short: editions by pricing model, a month's subscription,
//! the change asked for, and the check that a quote's lines add up to a fee never negative.

use std::str::FromStr;

use chrono::NaiveDate;
use koogallery_core::catalog::model::{BillingPeriod, PricingModel};
use koogallery_core::subscriptions::upgrade::{Change, EditionPrices, Subscription, Tier, UpgradeInput, UpgradeQuote};
use rust_decimal::Decimal;

pub fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

pub fn flat(code: &str, name: &str, price: &str) -> EditionPrices {
    EditionPrices {
        code: code.into(),
        name: name.into(),
        pricing: PricingModel::Flat,
        price: Some(d(price)),
        tiers: Vec::new(),
    }
}

pub fn linear(code: &str, name: &str, unit: &str) -> EditionPrices {
    EditionPrices {
        code: code.into(),
        name: name.into(),
        pricing: PricingModel::Linear,
        price: Some(d(unit)),
        tiers: Vec::new(),
    }
}

pub fn tiers(prices: [&str; 3]) -> Vec<Tier> {
    vec![
        Tier { from_users: 1, to_users: Some(10), unit_price: d(prices[0]) },
        Tier { from_users: 11, to_users: Some(50), unit_price: d(prices[1]) },
        Tier { from_users: 51, to_users: None, unit_price: d(prices[2]) },
    ]
}

pub fn by_tiers(code: &str, name: &str, pricing: PricingModel, prices: [&str; 3]) -> EditionPrices {
    EditionPrices { code: code.into(), name: name.into(), pricing, price: None, tiers: tiers(prices) }
}

/// A monthly flat product: Basic at 29.00 and Professional at 59.00 a month.
pub fn flat_monthly() -> Vec<EditionPrices> {
    vec![flat("basic", "Basic", "29.00"), flat("pro", "Professional", "59.00")]
}

/// A subscription to `edition` for `users`, one month from `start` to `end`, no discount,
/// ordered on the term's start.
pub fn sub(editions: Vec<EditionPrices>, edition: &str, users: Option<u32>, start: &str, end: &str) -> Subscription {
    Subscription {
        editions,
        period: BillingPeriod::Month,
        duration: 1,
        discount: Decimal::ONE,
        edition: edition.into(),
        users,
        ordered_on: day(start),
        term_start: day(start),
        term_end: day(end),
    }
}

pub fn to_edition(code: &str) -> Change {
    Change { edition: Some(code.into()), users: None }
}

pub fn to_users(users: u32) -> Change {
    Change { edition: None, users: Some(users) }
}

pub fn input(subscription: Subscription, change: Change, today: &str) -> UpgradeInput {
    UpgradeInput { subscription, change, today: day(today) }
}

pub fn assert_lines_add_up(quote: &UpgradeQuote) {
    let sum: Decimal = quote.lines.iter().map(|l| d(&l.amount)).sum();
    assert_eq!(sum, d(&quote.total), "{quote:#?}");
    assert!(d(&quote.total) >= Decimal::ZERO, "{quote:#?}");
}

//! A quote: what a configuration of a product (edition, billing mode, period, duration,
//! users, quantity) costs, itemised so that a buyer can check it by hand.
//!
//! The lines are computed at full precision and each is shown rounded to the cent; the total
//! is rounded once, from the full-precision sum (R-MT-1). Where rounding each line would
//! make the shown lines differ from the total by a cent, the discount line (the only line
//! that can differ) takes the difference, so that the lines always add up to the total.
//! This module never writes to the store.

use std::str::FromStr;

use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{users_parts, users_price, Tier};
use crate::catalog::model::{BillingMode, BillingPeriod, Edition, PricePlan, PricingModel};
use crate::catalog::product;
use crate::money::{format_amount, format_unit_price, round_to_cent};
use crate::{CoreError, Result};

/// The most users a per-user quote is made for.
pub const MAX_USERS: u32 = 10_000;
/// The most copies of a configuration one quote (and later one order) is for.
pub const MAX_QUANTITY: u32 = 100;
/// The longest durations that can be bought at once, by period.
const MAX_MONTHS: u32 = 36;
const MAX_YEARS: u32 = 5;

/// A configuration the buyer is pricing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteRequest {
    pub product_id: String,
    /// The edition's code.
    pub edition: String,
    pub billing: BillingMode,
    pub period: BillingPeriod,
    /// How many periods: 1 to 36 months, 1 to 5 years; exactly 1 hour.
    pub duration: u32,
    /// For per-user plans only: 1 to 10000 users.
    #[serde(default)]
    pub users: Option<u32>,
    /// How many of this configuration; 1 when left out.
    #[serde(default)]
    pub quantity: Option<u32>,
}

/// One itemised line of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuoteLine {
    pub label: String,
    /// A signed decimal with two places: a discount is negative.
    pub amount: String,
}

/// What a configuration costs. The lines add up to the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Quote {
    pub lines: Vec<QuoteLine>,
    /// A decimal with two places.
    pub total: String,
    /// What the total covers: "for 3 months", "for 1 year", "per hour".
    pub per: String,
    pub note: Option<String>,
}

/// A plan's prices read back as decimals.
struct Prices {
    pricing: PricingModel,
    unit_price: Option<Decimal>,
    tiers: Vec<Tier>,
}

impl Prices {
    fn of(plan: &PricePlan) -> Result<Prices> {
        let read = |text: &str| {
            Decimal::from_str(text)
                .map_err(|e| CoreError::Migration(format!("a stored price {text:?} is unreadable: {e}")))
        };
        Ok(Prices {
            pricing: plan.pricing,
            unit_price: plan.price.as_deref().map(read).transpose()?,
            tiers: plan
                .tiers
                .iter()
                .map(|t| Ok(Tier { from_users: t.from_users, to_users: t.to_users, unit_price: read(&t.unit_price)? }))
                .collect::<Result<_>>()?,
        })
    }

    fn per_period(&self, users: u32) -> Decimal {
        users_price(self.pricing, self.unit_price, &self.tiers, users)
    }

    /// "$29.00" for a flat plan; "25 users, tiered: 10 × $12.00 + 15 × $10.00 per month"
    /// for a per-user plan.
    fn describe(&self, users: u32, period: BillingPeriod) -> String {
        if self.pricing == PricingModel::Flat {
            return dollars(self.unit_price.unwrap_or_default());
        }
        let parts: Vec<String> = users_parts(self.pricing, self.unit_price, &self.tiers, users)
            .iter()
            .map(|(n, unit)| format!("{n} × {}", dollars(*unit)))
            .collect();
        match self.pricing {
            PricingModel::Linear => {
                format!("{} × {} per {period}", plural(users, "user"), dollars(self.unit_price.unwrap_or_default()))
            }
            other => format!("{}, {other}: {} per {period}", plural(users, "user"), parts.join(" + ")),
        }
    }
}

/// Prices a configuration, or says which part of it cannot be bought and why.
pub fn quote(conn: &Connection, request: &QuoteRequest) -> Result<Quote> {
    let priced = product::priced(conn, &request.product_id, &request.edition)?;
    let product = &priced.name;
    let edition = priced.edition.as_ref().ok_or_else(|| {
        CoreError::invalid(format!(
            "edition: {:?} is not an edition of {product}; choose one of: {}",
            request.edition,
            priced.codes.join(", ")
        ))
    })?;
    let plan = find_plan(edition, request.billing, request.period)?;
    let quantity = request.quantity.unwrap_or(1);
    if !(1..=MAX_QUANTITY).contains(&quantity) {
        return Err(CoreError::invalid(format!("quantity: must be between 1 and {MAX_QUANTITY} (got {quantity})")));
    }
    check_duration(request.period, request.duration)?;
    let prices = Prices::of(plan)?;
    let users = check_users(edition, plan, request.users)?;

    let name = &edition.name;
    let times = if quantity > 1 { format!("{quantity} × ") } else { String::new() };
    let count = Decimal::from(quantity);
    let per_period = prices.per_period(users);
    let mut note = None;

    // Each line at full precision: (label, amount).
    let mut lines: Vec<(String, Decimal)> = Vec::new();
    let total = match request.period {
        BillingPeriod::Hour => {
            let rate = if prices.pricing == PricingModel::Flat {
                format!("{} per hour", dollars(per_period))
            } else {
                prices.describe(users, BillingPeriod::Hour)
            };
            lines.push((format!("{times}{name} edition, {rate}"), per_period * count));
            note = Some(
                "Pay-per-use: billed for each started hour the image runs, from when billing starts. \
                 The ECS instance it runs on is billed separately."
                    .to_string(),
            );
            per_period * count
        }
        BillingPeriod::Month => {
            let months = request.duration;
            lines
                .push((edition_line(&times, name, &prices, users, months), per_period * Decimal::from(months) * count));
            per_period * Decimal::from(months) * count
        }
        BillingPeriod::Year => {
            let years = request.duration;
            let total = per_period * Decimal::from(years) * count;
            match monthly_equivalent(edition, &prices, users)? {
                Some((monthly, monthly_prices)) if total < monthly * Decimal::from(12 * years) * count => {
                    let months = 12 * years;
                    let gross = monthly * Decimal::from(months) * count;
                    lines.push((edition_line(&times, name, &monthly_prices, users, months), gross));
                    lines.push((yearly_saving(per_period, monthly, years), total - gross));
                }
                _ => {
                    let label = if prices.pricing == PricingModel::Flat {
                        format!("{times}{name} edition, {} × {}", plural(years, "year"), dollars(per_period))
                    } else {
                        format!(
                            "{times}{name}: {}, {}",
                            prices.describe(users, BillingPeriod::Year),
                            plural(years, "year")
                        )
                    };
                    lines.push((label, total));
                }
            }
            total
        }
    };

    let total = round_to_cent(total);
    let mut shown: Vec<QuoteLine> = lines
        .iter()
        .map(|(label, amount)| QuoteLine { label: label.clone(), amount: format_amount(*amount) })
        .collect();
    reconcile(&mut shown, &lines, total);

    let per = match request.period {
        BillingPeriod::Hour => "per hour".to_string(),
        BillingPeriod::Month => format!("for {}", plural(request.duration, "month")),
        BillingPeriod::Year => format!("for {}", plural(request.duration, "year")),
    };
    if request.billing == BillingMode::YearlyMonthly {
        note = Some("Paid up front; the subscription takes effect at once.".to_string());
    }
    Ok(Quote { lines: shown, total: format_amount(total), per, note })
}

/// The edition line of a monthly price over `months`: "Standard edition, 3 months × $29.00",
/// or "Pro: 25 users, tiered: 10 × $12.00 + 15 × $10.00 per month, 3 months".
fn edition_line(times: &str, name: &str, prices: &Prices, users: u32, months: u32) -> String {
    let months_text = plural(months, "month");
    if prices.pricing == PricingModel::Flat {
        format!("{times}{name} edition, {months_text} × {}", prices.describe(users, BillingPeriod::Month))
    } else {
        format!("{times}{name}: {}, {months_text}", prices.describe(users, BillingPeriod::Month))
    }
}

/// The monthly price of the same users in the same edition, with that plan's prices, when
/// the edition also sells by the month and prices users the same way as the yearly plan.
fn monthly_equivalent(edition: &Edition, yearly: &Prices, users: u32) -> Result<Option<(Decimal, Prices)>> {
    let Some(plan) =
        edition.plans.iter().find(|p| p.billing == BillingMode::YearlyMonthly && p.period == BillingPeriod::Month)
    else {
        return Ok(None);
    };
    if plan.pricing.per_user() != yearly.pricing.per_user() {
        // A per-user month against a flat year (or the reverse) compares different things.
        return Ok(None);
    }
    let prices = Prices::of(plan)?;
    Ok(Some((prices.per_period(users), prices)))
}

/// The discount factor of a yearly plan against twelve months (R-MT-2: a factor in (0, 1]).
pub(crate) fn yearly_factor(yearly: Decimal, monthly: Decimal) -> Decimal {
    let twelve_months = monthly * Decimal::from(12);
    if twelve_months <= Decimal::ZERO || yearly >= twelve_months || yearly <= Decimal::ZERO {
        return Decimal::ONE;
    }
    yearly / twelve_months
}

/// "Yearly price: 2 months free" (a year costs ten months), or "Yearly price: 15% off" when
/// the saving is not a whole number of months.
fn yearly_saving(yearly: Decimal, monthly: Decimal, years: u32) -> String {
    let months_free = (monthly * Decimal::from(12) - yearly) / monthly;
    let a_year = if years > 1 { " a year" } else { "" };
    if months_free.fract().is_zero() {
        let months = months_free.normalize();
        let unit = if months == Decimal::ONE { "month" } else { "months" };
        format!("Yearly price: {months} {unit} free{a_year}")
    } else {
        let off = ((Decimal::ONE - yearly_factor(yearly, monthly)) * Decimal::from(100)).round_dp(1).normalize();
        format!("Yearly price: {off}% off")
    }
}

/// Makes the shown lines add up to the shown total: rounding each line can leave them a
/// cent apart, and the last line (the discount, when there is more than one) takes it.
fn reconcile(shown: &mut [QuoteLine], exact: &[(String, Decimal)], total: Decimal) {
    if shown.len() < 2 {
        return;
    }
    let before_last: Decimal = exact[..exact.len() - 1].iter().map(|(_, amount)| round_to_cent(*amount)).sum();
    if let Some(last) = shown.last_mut() {
        last.amount = format_amount(total - before_last);
    }
}

fn find_plan(edition: &Edition, billing: BillingMode, period: BillingPeriod) -> Result<&PricePlan> {
    edition.plans.iter().find(|p| p.billing == billing && p.period == period).ok_or_else(|| {
        let offered: Vec<String> = edition.plans.iter().map(|p| format!("{} by the {}", p.billing, p.period)).collect();
        let offered = if offered.is_empty() { "no plan yet".to_string() } else { offered.join(", ") };
        CoreError::invalid(format!(
            "billing and period: the {} edition has no {billing} plan by the {period}; it offers {offered}",
            edition.name
        ))
    })
}

fn check_duration(period: BillingPeriod, duration: u32) -> Result<()> {
    let message = match period {
        BillingPeriod::Hour if duration != 1 => {
            format!("duration: a pay-per-use quote is for 1 hour (got {duration})")
        }
        BillingPeriod::Month if !(1..=MAX_MONTHS).contains(&duration) => {
            format!("duration: a monthly plan is bought for 1 to {MAX_MONTHS} months (got {duration})")
        }
        BillingPeriod::Year if !(1..=MAX_YEARS).contains(&duration) => {
            format!("duration: a yearly plan is bought for 1 to {MAX_YEARS} years (got {duration})")
        }
        _ => return Ok(()),
    };
    Err(CoreError::invalid(message))
}

/// The users a plan is priced for: required (1 to MAX_USERS) for per-user plans, refused for
/// flat ones (a number that changes nothing would mislead). Flat plans count as one.
fn check_users(edition: &Edition, plan: &PricePlan, users: Option<u32>) -> Result<u32> {
    match (plan.pricing.per_user(), users) {
        (true, None) => Err(CoreError::invalid(format!(
            "users: the {} edition is priced per user; give the number of users (1 to {MAX_USERS})",
            edition.name
        ))),
        (true, Some(n)) if !(1..=MAX_USERS).contains(&n) => {
            Err(CoreError::invalid(format!("users: must be between 1 and {MAX_USERS} (got {n})")))
        }
        (true, Some(n)) => Ok(n),
        (false, Some(_)) => Err(CoreError::invalid(format!(
            "users: the {} edition has one price whatever the number of users; leave users out",
            edition.name
        ))),
        (false, None) => Ok(1),
    }
}

/// "1 month", "3 months".
fn plural(n: u32, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// A price as the product page shows it: "$1,234.50", keeping the seller's precision.
fn dollars(price: Decimal) -> String {
    let text = format_unit_price(price);
    let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |rest| ("-", rest));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{fraction}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn prices_read_like_the_product_page() {
        let cases = [("29", "$29.00"), ("0.015", "$0.015"), ("1234.5", "$1,234.50"), ("1000000", "$1,000,000.00")];
        for (price, shown) in cases {
            assert_eq!(dollars(d(price)), shown, "{price}");
        }
    }

    #[test]
    fn r_mt_2_the_yearly_discount_is_a_factor_in_zero_to_one() {
        let cases = [
            ("290", "29", "0.8333333333333333333333333333"),
            ("348", "29", "1"), // a year at twelve months: no discount
            ("400", "29", "1"), // dearer by the year: no discount, never above 1
            ("290", "0", "1"),
        ];
        for (yearly, monthly, factor) in cases {
            let f = yearly_factor(d(yearly), d(monthly));
            assert_eq!(f, d(factor), "{yearly} a year against {monthly} a month");
            assert!(f > Decimal::ZERO && f <= Decimal::ONE);
        }
    }

    #[test]
    fn the_saving_is_named_in_free_months_or_as_a_percentage() {
        assert_eq!(yearly_saving(d("290"), d("29"), 1), "Yearly price: 2 months free");
        assert_eq!(yearly_saving(d("290"), d("29"), 3), "Yearly price: 2 months free a year");
        assert_eq!(yearly_saving(d("319"), d("29"), 1), "Yearly price: 1 month free");
        assert_eq!(yearly_saving(d("300"), d("29"), 1), "Yearly price: 13.8% off");
    }
}

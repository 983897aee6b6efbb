//! What a configuration of a product costs: the per-user pricing models (DOMAIN.md section 2)
//! and the itemised quote the product page and `kg product quote` show.
//!
//! - this module: the price of a number of users for one period, by pricing model;
//! - `quote`: checking a buyer's configuration and itemising its price.
//!
//! Amounts here are carried at full precision and never rounded: rounding to the cent
//! happens once, on what is shown as due (R-MT-1), in `quote`.

mod quote;

pub use quote::{quote, Quote, QuoteLine, QuoteRequest, MAX_QUANTITY, MAX_USERS};

use rust_decimal::Decimal;

use super::model::PricingModel;

/// One tier of a tiered or volume plan: users `from_users..=to_users` (open-ended when
/// `to_users` is none) at `unit_price` per user for the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tier {
    pub from_users: u32,
    pub to_users: Option<u32>,
    pub unit_price: Decimal,
}

impl Tier {
    fn holds(&self, users: u32) -> bool {
        users >= self.from_users && self.to_users.is_none_or(|to| users <= to)
    }
}

/// How `users` are charged for one period: each part is (users, unit price). Flat plans have
/// no parts (their price does not depend on users).
///
/// - linear: all users at the plan's unit price;
/// - tiered: each tier's users at that tier's unit price (1–10 at 12, 11–50 at 10, 51+ at 8:
///   60 users are 10 × 12 + 40 × 10 + 10 × 8);
/// - volume: all users at the unit price of the tier the total falls in (60 × 8).
///
/// Tiers are in order and the last is open-ended (the import refuses anything else); users
/// beyond a closed last tier are charged at that tier's price rather than for free.
pub fn users_parts(
    model: PricingModel,
    unit_price: Option<Decimal>,
    tiers: &[Tier],
    users: u32,
) -> Vec<(u32, Decimal)> {
    match model {
        PricingModel::Flat => Vec::new(),
        PricingModel::Linear => vec![(users, unit_price.unwrap_or_default())],
        PricingModel::Tiered => {
            let mut parts = Vec::new();
            let mut counted = 0;
            for (index, tier) in tiers.iter().enumerate() {
                if counted >= users {
                    break;
                }
                let last = index + 1 == tiers.len();
                let up_to = match tier.to_users {
                    Some(to) if !last => to.min(users),
                    _ => users,
                };
                if up_to > counted {
                    parts.push((up_to - counted, tier.unit_price));
                    counted = up_to;
                }
            }
            parts
        }
        PricingModel::Volume => {
            let tier = tiers.iter().find(|t| t.holds(users)).or(tiers.last());
            tier.map(|t| vec![(users, t.unit_price)]).unwrap_or_default()
        }
    }
}

/// The price of `users` for one period under a pricing model, at full precision. A flat plan
/// costs its `unit_price` (the price of the period) whatever the number of users.
pub fn users_price(model: PricingModel, unit_price: Option<Decimal>, tiers: &[Tier], users: u32) -> Decimal {
    if model == PricingModel::Flat {
        return unit_price.unwrap_or_default();
    }
    users_parts(model, unit_price, tiers, users).iter().map(|(n, unit)| Decimal::from(*n) * unit).sum()
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    /// 1–10 at 12, 11–50 at 10, 51+ at 8: the tiers DOMAIN.md's examples use.
    fn tiers() -> Vec<Tier> {
        vec![
            Tier { from_users: 1, to_users: Some(10), unit_price: d("12") },
            Tier { from_users: 11, to_users: Some(50), unit_price: d("10") },
            Tier { from_users: 51, to_users: None, unit_price: d("8") },
        ]
    }

    fn check(model: PricingModel, unit_price: Option<&str>, cases: &[(u32, &str)]) {
        for &(users, expected) in cases {
            let price = users_price(model, unit_price.map(d), &tiers(), users);
            assert_eq!(price, d(expected), "{model} pricing, {users} users");
        }
    }

    #[test]
    fn linear_pricing_charges_every_user_the_unit_price() {
        check(
            PricingModel::Linear,
            Some("6.50"),
            &[(1, "6.50"), (10, "65.00"), (11, "71.50"), (50, "325"), (51, "331.50"), (10_000, "65000")],
        );
    }

    #[test]
    fn tiered_pricing_charges_each_tiers_users_that_tiers_price() {
        check(
            PricingModel::Tiered,
            None,
            &[
                (1, "12"),
                (10, "120"),
                (11, "130"),             // 10 × 12 + 1 × 10
                (25, "270"),             // 10 × 12 + 15 × 10
                (50, "520"),             // 10 × 12 + 40 × 10
                (51, "528"),             // 520 + 1 × 8
                (60, "600"),             // 520 + 10 × 8
                (10_000, "80120"),       // 520 + 9950 × 8
                (4_000_000, "32000120"), // 520 + 3999950 × 8
            ],
        );
    }

    #[test]
    fn volume_pricing_charges_all_users_the_price_of_the_tier_the_total_falls_in() {
        check(
            PricingModel::Volume,
            None,
            &[
                (1, "12"),
                (10, "120"),
                (11, "110"), // cheaper than 10 users: that is what volume pricing does
                (50, "500"),
                (51, "408"),
                (60, "480"),
                (10_000, "80000"),
            ],
        );
    }

    #[test]
    fn flat_pricing_ignores_users() {
        check(PricingModel::Flat, Some("29.00"), &[(1, "29"), (10, "29"), (51, "29")]);
    }

    #[test]
    fn tiered_parts_name_each_tiers_users() {
        let parts = users_parts(PricingModel::Tiered, None, &tiers(), 25);
        assert_eq!(parts, [(10, d("12")), (15, d("10"))]);
        let parts = users_parts(PricingModel::Tiered, None, &tiers(), 60);
        assert_eq!(parts, [(10, d("12")), (40, d("10")), (10, d("8"))]);
        assert_eq!(users_parts(PricingModel::Volume, None, &tiers(), 60), [(60, d("8"))]);
    }

    #[test]
    fn users_beyond_a_closed_last_tier_pay_that_tiers_price() {
        let closed = [Tier { from_users: 1, to_users: Some(10), unit_price: d("5") }];
        assert_eq!(users_price(PricingModel::Tiered, None, &closed, 12), d("60"));
        assert_eq!(users_price(PricingModel::Volume, None, &closed, 12), d("60"));
    }
}

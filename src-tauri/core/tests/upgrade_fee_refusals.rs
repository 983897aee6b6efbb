//! Upgrade fees refused (R-UP-5: a downgrade, fewer users or no change outside a renewal; a
//! term that ended; users on a flat edition; an unknown edition; a discount above 1, R-MT-2),
//! and a property test that the lines always add up to a fee that is never negative.
//!
//! The tiers used throughout are DOMAIN.md's: 1–10 users at 12.00, 11–50 at 10.00, 51+ at 8.00
//! per user per month.

mod common;

use common::upgrade::*;
use koogallery_core::catalog::model::{BillingPeriod, PricingModel};
use koogallery_core::subscriptions::upgrade::{upgrade_fee, Change, EditionPrices, Subscription, Tier, UpgradeInput};
use koogallery_core::ErrorCode;
use proptest::prelude::*;
use rust_decimal::Decimal;

#[test]
fn r_up_5_a_downgrade_fewer_users_or_no_change_is_refused() {
    let tiered = || vec![by_tiers("team", "Team", PricingModel::Tiered, ["12.00", "10.00", "8.00"])];
    let cases: Vec<(&str, UpgradeInput, &str)> = vec![
        (
            "downgrade",
            input(sub(flat_monthly(), "pro", None, "2026-03-08", "2026-04-08"), to_edition("basic"), "2026-03-20"),
            "only as part of a renewal, from 30 days before expiry",
        ),
        (
            "fewer users",
            input(sub(tiered(), "team", Some(25), "2026-03-08", "2026-04-08"), to_users(10), "2026-03-20"),
            "only as part of a renewal, from 30 days before expiry",
        ),
        (
            "nothing changed",
            input(sub(tiered(), "team", Some(25), "2026-03-08", "2026-04-08"), to_users(25), "2026-03-20"),
            "choose a higher edition or more users",
        ),
        (
            "the same edition",
            input(sub(flat_monthly(), "pro", None, "2026-03-08", "2026-04-08"), to_edition("pro"), "2026-03-20"),
            "choose a higher edition or more users",
        ),
        (
            "no change at all",
            input(sub(flat_monthly(), "basic", None, "2026-03-08", "2026-04-08"), Change::default(), "2026-03-20"),
            "choose a higher edition or more users",
        ),
        (
            "the term has ended",
            input(sub(flat_monthly(), "basic", None, "2026-03-08", "2026-04-08"), to_edition("pro"), "2026-04-09"),
            "the term ended on 2026-04-08",
        ),
        (
            "users on a flat edition",
            input(sub(flat_monthly(), "basic", None, "2026-03-08", "2026-04-08"), to_users(5), "2026-03-20"),
            "leave users out",
        ),
        (
            "an unknown edition",
            input(sub(flat_monthly(), "basic", None, "2026-03-08", "2026-04-08"), to_edition("gold"), "2026-03-20"),
            "choose one of: basic, pro",
        ),
        (
            "a discount above 1",
            input(
                Subscription { discount: d("1.1"), ..sub(flat_monthly(), "basic", None, "2026-03-08", "2026-04-08") },
                to_edition("pro"),
                "2026-03-20",
            ),
            "R-MT-2",
        ),
    ];
    for (name, input, why) in cases {
        let err = upgrade_fee(&input).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{name}: {err}");
        assert!(err.to_string().contains(why), "{name}: {err}");
    }
}

/// A random plan for the property test: flat, linear, tiered or volume, with random prices.
fn any_edition(code: &'static str) -> impl Strategy<Value = EditionPrices> {
    let cents = || (1i64..100_000).prop_map(|c| Decimal::new(c, 2));
    (0..4usize, cents(), cents(), cents(), cents()).prop_map(move |(model, a, b, c, unit)| {
        let pricing = [PricingModel::Flat, PricingModel::Linear, PricingModel::Tiered, PricingModel::Volume][model];
        let tiers = vec![
            Tier { from_users: 1, to_users: Some(10), unit_price: a },
            Tier { from_users: 11, to_users: Some(50), unit_price: b },
            Tier { from_users: 51, to_users: None, unit_price: c },
        ];
        match pricing {
            PricingModel::Flat | PricingModel::Linear => {
                EditionPrices { code: code.into(), name: code.into(), pricing, price: Some(unit), tiers: Vec::new() }
            }
            _ => EditionPrices { code: code.into(), name: code.into(), pricing, price: None, tiers },
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever the plan, the dates and the change, an accepted fee's lines add up to it and it
    /// is never negative (R-UP-2, R-MT-1).
    #[test]
    fn r_up_2_the_lines_add_up_to_a_fee_that_is_never_negative(
        low in any_edition("low"),
        high in any_edition("high"),
        users in 1u32..200,
        more in 0u32..200,
        change_edition in any::<bool>(),
        term_days in 1i64..1200,
        elapsed in 0i64..1200,
        discount_pct in 1i64..=100,
        ordered_days_ago in 0i64..2000,
    ) {
        let start = day("2024-01-31");
        let end = start + chrono::Days::new(term_days as u64);
        let today = start + chrono::Days::new(elapsed.min(term_days) as u64);
        let per_user = |e: &EditionPrices| e.pricing.per_user();
        let subscription = Subscription {
            users: per_user(&low).then_some(users),
            editions: vec![low.clone(), high.clone()],
            period: BillingPeriod::Month,
            duration: 1 + (term_days / 40) as u32,
            discount: Decimal::new(discount_pct, 2),
            edition: "low".into(),
            ordered_on: start - chrono::Days::new(ordered_days_ago as u64),
            term_start: start,
            term_end: end,
        };
        let target = if change_edition { &high } else { &low };
        let change = Change {
            edition: change_edition.then(|| "high".to_string()),
            users: per_user(target).then_some(users + more),
        };
        match upgrade_fee(&UpgradeInput { subscription, change, today }) {
            Ok(quote) => {
                let sum: Decimal = quote.lines.iter().map(|l| d(&l.amount)).sum();
                prop_assert_eq!(sum, d(&quote.total));
                prop_assert!(d(&quote.total) >= Decimal::ZERO);
                prop_assert!(quote.remaining_days >= 1);
            }
            Err(err) => prop_assert_eq!(err.code(), ErrorCode::InvalidInput),
        }
    }
}

//! Quotes against the demo catalog and small catalogs of their own: one table of cases per
//! rule, each case a configuration and the lines and total a buyer would see.

mod common;

use common::{catalog_with, product, seed_plan};
use koogallery_core::catalog::import::PlanSeed;
use koogallery_core::catalog::model::{BillingMode, BillingPeriod, DeliveryMethod};
use koogallery_core::catalog::pricing::{quote, Quote, QuoteRequest};
use koogallery_core::{demo, ErrorCode, Store};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::{LazyLock, Mutex, MutexGuard};

/// The demo store, filled once for all tests here: quotes only read it.
fn demo_store() -> MutexGuard<'static, Store> {
    static DEMO: LazyLock<Mutex<Store>> = LazyLock::new(|| {
        let mut store = Store::open_in_memory().unwrap();
        demo::reset(&mut store).unwrap();
        Mutex::new(store)
    });
    DEMO.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn request(product: &str, edition: &str, period: &str, duration: u32, users: Option<u32>) -> QuoteRequest {
    let period: BillingPeriod = period.parse().unwrap();
    QuoteRequest {
        product_id: product.into(),
        edition: edition.into(),
        billing: if period == BillingPeriod::Hour { BillingMode::PayPerUse } else { BillingMode::YearlyMonthly },
        period,
        duration,
        users,
        quantity: None,
    }
}

/// The lines as "label = amount", then "total = …".
fn shown(quote: &Quote) -> Vec<String> {
    let mut lines: Vec<String> = quote.lines.iter().map(|l| format!("{} = {}", l.label, l.amount)).collect();
    lines.push(format!("total = {} {}", quote.total, quote.per));
    lines
}

fn assert_lines_add_up(quote: &Quote) {
    let sum: Decimal = quote.lines.iter().map(|l| Decimal::from_str(&l.amount).unwrap()).sum();
    assert_eq!(sum, Decimal::from_str(&quote.total).unwrap(), "{quote:?}");
}

fn check(store: &Store, cases: &[(QuoteRequest, &[&str])]) {
    for (request, expected) in cases {
        let quote = quote(store.conn(), request).unwrap_or_else(|e| panic!("{request:?}: {e}"));
        assert_eq!(shown(&quote), *expected, "{request:?}");
        assert_lines_add_up(&quote);
    }
}

#[test]
fn flat_plans_cost_the_period_price_times_the_duration() {
    let store = demo_store();
    check(
        &store,
        &[
            (
                request("mysql-8-database-image", "standard", "month", 1, None),
                &["Standard edition, 1 month × $29.00 = 29.00", "total = 29.00 for 1 month"],
            ),
            (
                request("mysql-8-database-image", "standard", "month", 3, None),
                &["Standard edition, 3 months × $29.00 = 87.00", "total = 87.00 for 3 months"],
            ),
            (
                request("mysql-8-database-image", "professional", "month", 36, None),
                &["Professional edition, 36 months × $59.00 = 2124.00", "total = 2124.00 for 36 months"],
            ),
        ],
    );
}

#[test]
fn a_yearly_plan_shows_its_saving_against_twelve_monthly_payments() {
    let store = demo_store();
    check(
        &store,
        &[
            (
                request("mysql-8-database-image", "standard", "year", 1, None),
                &[
                    "Standard edition, 12 months × $29.00 = 348.00",
                    "Yearly price: 2 months free = -58.00",
                    "total = 290.00 for 1 year",
                ],
            ),
            (
                request("mysql-8-database-image", "standard", "year", 5, None),
                &[
                    "Standard edition, 60 months × $29.00 = 1740.00",
                    "Yearly price: 2 months free a year = -290.00",
                    "total = 1450.00 for 5 years",
                ],
            ),
            (
                request("crm-saas", "professional", "year", 1, Some(25)),
                &[
                    "Professional, per user: 25 users, tiered: 10 × $12.00 + 15 × $10.00 per month, 12 months = 3240.00",
                    "Yearly price: 2 months free = -540.00",
                    "total = 2700.00 for 1 year",
                ],
            ),
        ],
    );
}

#[test]
fn per_user_plans_price_users_by_their_model() {
    let store = demo_store();
    check(
        &store,
        &[
            (
                request("crm-saas", "professional", "month", 1, Some(25)),
                &[
                    "Professional, per user: 25 users, tiered: 10 × $12.00 + 15 × $10.00 per month, 1 month = 270.00",
                    "total = 270.00 for 1 month",
                ],
            ),
            (
                request("crm-saas", "professional", "month", 3, Some(60)),
                &[
                    "Professional, per user: 60 users, tiered: 10 × $12.00 + 40 × $10.00 + 10 × $8.00 per month, 3 months = 1800.00",
                    "total = 1800.00 for 3 months",
                ],
            ),
            (
                request("crm-saas", "professional", "month", 1, Some(1)),
                &[
                    "Professional, per user: 1 user, tiered: 1 × $12.00 per month, 1 month = 12.00",
                    "total = 12.00 for 1 month",
                ],
            ),
            (
                request("project-management-saas", "team", "month", 1, Some(101)),
                &[
                    "Team, per user: 101 users, volume: 101 × $6.00 per month, 1 month = 606.00",
                    "total = 606.00 for 1 month",
                ],
            ),
            (
                request("bi-dashboard-saas", "per-user", "month", 2, Some(7)),
                &["Standard, per user: 7 users × $6.00 per month, 2 months = 84.00", "total = 84.00 for 2 months"],
            ),
        ],
    );
}

#[test]
fn pay_per_use_quotes_the_hourly_rate() {
    let store = demo_store();
    let quote = quote(store.conn(), &request("mysql-8-database-image", "standard", "hour", 1, None)).unwrap();
    assert_eq!(shown(&quote), ["Standard edition, $0.12 per hour = 0.12", "total = 0.12 per hour"]);
    assert!(quote.note.unwrap().contains("ECS instance"));
}

#[test]
fn quantity_multiplies_every_line_and_the_total() {
    let store = demo_store();
    let mut three = request("mysql-8-database-image", "standard", "year", 1, None);
    three.quantity = Some(3);
    check(
        &store,
        &[(
            three,
            &[
                "3 × Standard edition, 12 months × $29.00 = 1044.00",
                "Yearly price: 2 months free = -174.00",
                "total = 870.00 for 1 year",
            ],
        )],
    );
}

fn plan(period: &str, price: &str) -> PlanSeed {
    seed_plan("yearly_monthly", period, price)
}

#[test]
fn r_mt_1_the_total_is_rounded_once_and_the_discount_line_takes_the_rounding_cent() {
    let mut odd = product("odd-prices", "Odd Prices", "crm", DeliveryMethod::Saas);
    // 12 months at 1.0004 is 12.0048 (shown 12.00); a year at 10.0055 is shown 10.01; the exact
    // saving, -1.9993, would show as -2.00 and the lines would add up to 10.00, not 10.01.
    odd.editions[0].plans = vec![plan("month", "1.0004"), plan("year", "10.0055")];
    let store = catalog_with(vec![odd]);
    check(
        &store,
        &[
            (
                request("odd-prices", "standard", "year", 1, None),
                &[
                    "Standard edition, 12 months × $1.0004 = 12.00",
                    "Yearly price: 16.7% off = -1.99",
                    "total = 10.01 for 1 year",
                ],
            ),
            (
                // 3 × 1.0004 = 3.0012: rounded once, at the end.
                request("odd-prices", "standard", "month", 3, None),
                &["Standard edition, 3 months × $1.0004 = 3.00", "total = 3.00 for 3 months"],
            ),
        ],
    );
}

#[test]
fn a_yearly_plan_without_a_monthly_one_is_priced_by_the_year() {
    let mut yearly = product("yearly-only", "Yearly Only", "crm", DeliveryMethod::Saas);
    yearly.editions[0].plans = vec![plan("year", "1200")];
    let store = catalog_with(vec![yearly]);
    check(
        &store,
        &[(
            request("yearly-only", "standard", "year", 2, None),
            &["Standard edition, 2 years × $1,200.00 = 2400.00", "total = 2400.00 for 2 years"],
        )],
    );
}

/// Each bad configuration, the code it is refused with, and words its message must hold.
#[test]
fn bad_configurations_are_refused_naming_the_field() {
    let store = demo_store();
    let with = |f: &dyn Fn(&mut QuoteRequest)| {
        let mut r = request("mysql-8-database-image", "standard", "month", 1, None);
        f(&mut r);
        r
    };
    let crm = |users: Option<u32>| request("crm-saas", "professional", "month", 1, users);
    let cases: Vec<(QuoteRequest, ErrorCode, &[&str])> = vec![
        (with(&|r| r.product_id = "nope".into()), ErrorCode::NotFound, &["\"nope\"", "not found"]),
        (
            with(&|r| r.edition = "gold".into()),
            ErrorCode::InvalidInput,
            &["edition:", "\"gold\"", "standard, professional"],
        ),
        (
            request("crm-saas", "professional", "hour", 1, Some(5)),
            ErrorCode::InvalidInput,
            &["billing and period:", "no pay_per_use plan by the hour", "yearly_monthly by the month"],
        ),
        (
            with(&|r| r.billing = BillingMode::PayPerUse),
            ErrorCode::InvalidInput,
            &["billing and period:", "no pay_per_use plan by the month"],
        ),
        (crm(None), ErrorCode::InvalidInput, &["users:", "priced per user"]),
        (crm(Some(0)), ErrorCode::InvalidInput, &["users:", "between 1 and 10000", "got 0"]),
        (crm(Some(10_001)), ErrorCode::InvalidInput, &["users:", "got 10001"]),
        (with(&|r| r.users = Some(5)), ErrorCode::InvalidInput, &["users:", "leave users out"]),
        (with(&|r| r.duration = 0), ErrorCode::InvalidInput, &["duration:", "1 to 36 months", "got 0"]),
        (with(&|r| r.duration = 37), ErrorCode::InvalidInput, &["duration:", "got 37"]),
        (
            request("mysql-8-database-image", "standard", "year", 6, None),
            ErrorCode::InvalidInput,
            &["duration:", "1 to 5 years", "got 6"],
        ),
        (
            request("mysql-8-database-image", "standard", "hour", 2, None),
            ErrorCode::InvalidInput,
            &["duration:", "for 1 hour", "got 2"],
        ),
        (with(&|r| r.quantity = Some(0)), ErrorCode::InvalidInput, &["quantity:", "between 1 and 100", "got 0"]),
        (with(&|r| r.quantity = Some(101)), ErrorCode::InvalidInput, &["quantity:", "got 101"]),
    ];
    for (request, code, words) in cases {
        let err = quote(store.conn(), &request).expect_err(&format!("{request:?} was priced"));
        assert_eq!(err.code(), code, "{request:?}: {err}");
        let message = err.to_string();
        for word in words {
            assert!(message.contains(word), "{word:?} missing from {message:?}");
        }
    }

    // The limits themselves are accepted.
    for ok in [crm(Some(10_000)), with(&|r| r.duration = 36), with(&|r| r.quantity = Some(100))] {
        quote(store.conn(), &ok).unwrap_or_else(|e| panic!("{ok:?}: {e}"));
    }
}

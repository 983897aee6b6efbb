//! Upgrade fees (R-UP-1 to R-UP-4, R-MT-1, R-MT-3): one table of cases per rule, each worked
//! out by hand in its comment. The refusals (R-UP-5) and the property that the lines always
//! add up to a fee never negative are in `upgrade_fee_refusals.rs`.
//!
//! The tiers used throughout are DOMAIN.md's: 1–10 users at 12.00, 11–50 at 10.00, 51+ at 8.00
//! per user per month.

mod common;

use common::upgrade::*;
use koogallery_core::catalog::model::{BillingPeriod, PricingModel};
use koogallery_core::subscriptions::upgrade::{upgrade_fee, Change, Subscription, UpgradeInput};

/// Each case: a name, the input, the lines that carry money as (rule, amount), and the total.
/// The two R-MT-3 lines (days in the term, days remaining) come first in every fee and carry
/// 0.00; they are checked apart.
type Case = (&'static str, UpgradeInput, &'static [(&'static str, &'static str)], &'static str);

fn check(cases: Vec<Case>) {
    for (name, input, expected, total) in cases {
        let quote = upgrade_fee(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (days, money) = quote.lines.split_at(2);
        assert!(days.iter().all(|l| l.rule == "R-MT-3" && l.amount == "0.00"), "{name}: {days:#?}");
        let shown: Vec<(&str, &str)> = money.iter().map(|l| (l.rule.as_str(), l.amount.as_str())).collect();
        assert_eq!(shown, expected, "{name}: {quote:#?}");
        assert_eq!(quote.total, total, "{name}");
        assert_lines_add_up(&quote);
    }
}

#[test]
fn r_up_1_a_flat_edition_upgrade_charges_the_difference_for_the_remaining_days() {
    let yearly = || vec![flat("basic", "Basic", "290.00"), flat("pro", "Professional", "490.00")];
    let two_months_free = || vec![flat("basic", "Basic", "348.00"), flat("pro", "Professional", "588.00")];
    check(vec![
        (
            // 2026-04-08 − 2026-03-08 = 31 days; 2026-04-08 − 2026-03-20 = 19 days.
            // 59 × 19 ÷ 31 = 36.1612… → 36.16; 29 × 19 ÷ 31 = 17.7741… → −17.77;
            // 30 × 19 ÷ 31 = 18.3870… → 18.39 = 36.16 − 17.77.
            "monthly",
            input(sub(flat_monthly(), "basic", None, "2026-03-08", "2026-04-08"), to_edition("pro"), "2026-03-20"),
            &[("R-UP-1", "36.16"), ("R-UP-1", "-17.77")],
            "18.39",
        ),
        (
            // A year bought at 10% off: 2027-01-01 − 2026-01-01 = 365 days; 2027-01-01 −
            // 2026-09-15 = 108 days (Sep 15 → Oct 15: 30, → Nov 15: 31, → Dec 15: 30,
            // → Jan 1: 17).
            // 490 × 108 × 0.9 ÷ 365 = 47628 ÷ 365 = 130.4876… → 130.49;
            // 290 × 108 × 0.9 ÷ 365 = 28188 ÷ 365 = 77.2273… → −77.23;
            // 200 × 108 × 0.9 ÷ 365 = 19440 ÷ 365 = 53.2602… → 53.26 = 130.49 − 77.23.
            "yearly at 0.9",
            input(
                Subscription {
                    period: BillingPeriod::Year,
                    discount: d("0.9"),
                    ..sub(yearly(), "basic", None, "2026-01-01", "2027-01-01")
                },
                to_edition("pro"),
                "2026-09-15",
            ),
            &[("R-UP-1", "130.49"), ("R-UP-1", "-77.23")],
            "53.26",
        ),
        (
            // A year at "2 months free": twelve monthly prices (12 × 29 = 348, 12 × 49 = 588)
            // at the factor 290 ÷ 348 = 10/12, as the quote shows it.
            // 2027-03-15 − 2026-03-15 = 365 days; 2027-03-15 − 2026-12-01 = 31 + 31 + 28 + 14
            // = 104 days.
            // 588 × 104 × 10/12 ÷ 365 = 490 × 104 ÷ 365 = 139.6164… → 139.62;
            // 348 × 104 × 10/12 ÷ 365 = 290 × 104 ÷ 365 = 82.6301… → −82.63;
            // 200 × 104 ÷ 365 = 56.9863… → 56.99 = 139.62 − 82.63.
            "yearly, 2 months free",
            input(
                Subscription {
                    period: BillingPeriod::Year,
                    discount: d("290") / d("348"),
                    ..sub(two_months_free(), "basic", None, "2026-03-15", "2027-03-15")
                },
                to_edition("pro"),
                "2026-12-01",
            ),
            &[("R-UP-1", "139.62"), ("R-UP-1", "-82.63")],
            "56.99",
        ),
    ]);
}

#[test]
fn r_up_3_and_r_up_4_linear_and_tiered_expansion_charge_the_new_total_less_the_old_price() {
    let linear_plan = || vec![linear("team", "Team", "6.50")];
    let tiered_plan = || vec![by_tiers("team", "Team", PricingModel::Tiered, ["12.00", "10.00", "8.00"])];
    let ordered = |mut s: Subscription, on: &str| {
        s.ordered_on = day(on);
        s
    };
    // Every case: 2026-04-08 − 2026-03-08 = 31 days, 2026-04-08 − 2026-03-20 = 19 days.
    let term = |editions, users, on: &str| ordered(sub(editions, "team", Some(users), "2026-03-08", "2026-04-08"), on);
    check(vec![
        (
            // 25 × 6.50 = 162.50; 162.50 × 19 ÷ 31 = 99.5967… → 99.60;
            // 10 × 6.50 = 65; 65 × 19 ÷ 31 = 39.8387… → −39.84;
            // 97.50 × 19 ÷ 31 = 59.7580… → 59.76 = 99.60 − 39.84.
            "linear, ordered before 2023-06-12",
            input(term(linear_plan(), 10, "2023-06-11"), to_users(25), "2026-03-20"),
            &[("R-UP-3", "99.60"), ("R-UP-3", "-39.84")],
            "59.76",
        ),
        (
            // The same figures: R-UP-4 prices linear plans as R-UP-3 does.
            "linear, ordered from 2023-06-12",
            input(term(linear_plan(), 10, "2023-06-12"), to_users(25), "2026-03-20"),
            &[("R-UP-4", "99.60"), ("R-UP-4", "-39.84")],
            "59.76",
        ),
        (
            // 25 users tiered: 10 × 12 + 15 × 10 = 270; 270 × 19 ÷ 31 = 165.4838… → 165.48;
            // 10 users: 10 × 12 = 120; 120 × 19 ÷ 31 = 73.5483… → −73.55;
            // 150 × 19 ÷ 31 = 91.9354… → 91.94, but 165.48 − 73.55 = 91.93: R-MT-1 +0.01.
            "tiered, ordered before 2023-06-12",
            input(term(tiered_plan(), 10, "2023-06-11"), to_users(25), "2026-03-20"),
            &[("R-UP-3", "165.48"), ("R-UP-3", "-73.55"), ("R-MT-1", "0.01")],
            "91.94",
        ),
        (
            "tiered, ordered from 2023-06-12",
            input(term(tiered_plan(), 10, "2023-06-12"), to_users(25), "2026-03-20"),
            &[("R-UP-4", "165.48"), ("R-UP-4", "-73.55"), ("R-MT-1", "0.01")],
            "91.94",
        ),
    ]);
}

#[test]
fn r_up_4_volume_expansion_from_2023_06_12_charges_only_the_added_users() {
    let volume_plan = || vec![by_tiers("team", "Team", PricingModel::Volume, ["12.00", "10.00", "8.00"])];
    let term = |users, on: &str| Subscription {
        ordered_on: day(on),
        ..sub(volume_plan(), "team", Some(users), "2026-03-08", "2026-04-08")
    };
    // Every case: 31 days in the term, 19 remaining.
    check(vec![
        (
            // R-UP-3: all 25 at the 11–50 tier: 25 × 10 = 250; 250 × 19 ÷ 31 = 153.2258… → 153.23;
            // 10 × 12 = 120; 120 × 19 ÷ 31 = 73.5483… → −73.55;
            // 130 × 19 ÷ 31 = 79.6774… → 79.68 = 153.23 − 73.55.
            "volume, ordered the day before 2023-06-12",
            input(term(10, "2023-06-11"), to_users(25), "2026-03-20"),
            &[("R-UP-3", "153.23"), ("R-UP-3", "-73.55")],
            "79.68",
        ),
        (
            // R-UP-4: the 15 added users at the tier of 25 users: 15 × 10 = 150;
            // 150 × 19 ÷ 31 = 91.9354… → 91.94.
            "volume, ordered on 2023-06-12",
            input(term(10, "2023-06-12"), to_users(25), "2026-03-20"),
            &[("R-UP-4", "91.94")],
            "91.94",
        ),
        (
            // R-UP-4 into the 51+ tier: 20 added × 8 = 160; 160 × 19 ÷ 31 = 98.0645… → 98.06.
            "volume, 40 to 60 users, ordered later",
            input(term(40, "2024-01-01"), to_users(60), "2026-03-20"),
            &[("R-UP-4", "98.06")],
            "98.06",
        ),
    ]);
}

#[test]
fn r_up_2_a_fee_that_would_be_negative_is_zero() {
    let volume_plan = || vec![by_tiers("team", "Team", PricingModel::Volume, ["12.00", "10.00", "8.00"])];
    let quote = upgrade_fee(&input(
        Subscription {
            ordered_on: day("2023-01-15"),
            ..sub(volume_plan(), "team", Some(10), "2026-03-08", "2026-04-08")
        },
        to_users(11),
        "2026-03-20",
    ))
    .unwrap();
    // R-UP-3 with volume pricing: 11 users fall in the cheaper tier.
    // 11 × 10 = 110; 110 × 19 ÷ 31 = 67.4193… → 67.42; 10 × 12 = 120; 120 × 19 ÷ 31 = 73.5483… → −73.55;
    // −10 × 19 ÷ 31 = −6.1290…: R-UP-2 brings the shown −6.13 to 0.00 with +6.13.
    let money: Vec<(&str, &str)> = quote.lines[2..].iter().map(|l| (l.rule.as_str(), l.amount.as_str())).collect();
    assert_eq!(money, [("R-UP-3", "67.42"), ("R-UP-3", "-73.55"), ("R-UP-2", "6.13")]);
    assert_eq!(quote.total, "0.00");
    assert_eq!(quote.lines[4].arithmetic, "the lines above come to -6.129032…; the fee is 0.00");
    assert_lines_add_up(&quote);

    // A flat "higher" edition that costs less than the one bought: 0.00 too.
    let cheaper = vec![flat("basic", "Basic", "29.00"), flat("pro", "Professional", "19.00")];
    let quote =
        upgrade_fee(&input(sub(cheaper, "basic", None, "2026-03-08", "2026-04-08"), to_edition("pro"), "2026-03-20"))
            .unwrap();
    // 19 × 19 ÷ 31 = 11.6451… → 11.65; 29 × 19 ÷ 31 = 17.7741… → −17.77; R-UP-2 +6.12.
    let money: Vec<(&str, &str)> = quote.lines[2..].iter().map(|l| (l.rule.as_str(), l.amount.as_str())).collect();
    assert_eq!(money, [("R-UP-1", "11.65"), ("R-UP-1", "-17.77"), ("R-UP-2", "6.12")]);
    assert_eq!(quote.total, "0.00");
}

#[test]
fn r_mt_3_days_are_counted_by_dates_across_month_ends_and_29_february() {
    check(vec![
        (
            // A month from 2024-01-31 ends on 2024-02-29 (R-MT-4): 29 days; 2024-02-29 −
            // 2024-02-10 = 19 days. 59 × 19 ÷ 29 = 38.6551… → 38.66; 29 × 19 ÷ 29 = 19 → −19.00;
            // 30 × 19 ÷ 29 = 19.6551… → 19.66 = 38.66 − 19.00.
            "a month from 31 January in a leap year",
            input(sub(flat_monthly(), "basic", None, "2024-01-31", "2024-02-29"), to_edition("pro"), "2024-02-10"),
            &[("R-UP-1", "38.66"), ("R-UP-1", "-19.00")],
            "19.66",
        ),
        (
            // Three months from 2023-11-30 (the last of November) end on 2024-02-29: 30 + 31 +
            // 30 = 91 days; 2024-02-29 − 2024-02-01 = 28 days.
            // 59 × 3 × 28 ÷ 91 = 4956 ÷ 91 = 54.4615… → 54.46; 29 × 3 × 28 ÷ 91 = 2436 ÷ 91
            // = 26.7692… → −26.77; 90 × 28 ÷ 91 = 27.6923… → 27.69 = 54.46 − 26.77.
            "three months ending on 29 February",
            input(
                Subscription { duration: 3, ..sub(flat_monthly(), "basic", None, "2023-11-30", "2024-02-29") },
                to_edition("pro"),
                "2024-02-01",
            ),
            &[("R-UP-1", "54.46"), ("R-UP-1", "-26.77")],
            "27.69",
        ),
        (
            // A month from 2026-01-31 ends on 2026-02-28: 28 days; 2026-02-28 − 2026-02-14 = 14.
            // 59 × 14 ÷ 28 = 29.50; 29 × 14 ÷ 28 = 14.50 → −14.50; 15.00.
            "a month from 31 January in a common year",
            input(sub(flat_monthly(), "basic", None, "2026-01-31", "2026-02-28"), to_edition("pro"), "2026-02-14"),
            &[("R-UP-1", "29.50"), ("R-UP-1", "-14.50")],
            "15.00",
        ),
    ]);
}

#[test]
fn r_mt_3_on_the_last_day_of_the_term_one_day_remains() {
    let cases = ["2026-04-08", "2026-04-07"];
    for today in cases {
        // 2026-04-08 − 2026-04-08 = 0, at least 1; 2026-04-08 − 2026-04-07 = 1. Either way 1 day
        // of 31: 59 ÷ 31 = 1.9032… → 1.90; 29 ÷ 31 = 0.9354… → −0.94; 30 ÷ 31 = 0.9677… → 0.97,
        // but 1.90 − 0.94 = 0.96: R-MT-1 +0.01.
        let quote = upgrade_fee(&input(
            sub(flat_monthly(), "basic", None, "2026-03-08", "2026-04-08"),
            to_edition("pro"),
            today,
        ))
        .unwrap();
        assert_eq!(quote.remaining_days, 1, "{today}");
        let money: Vec<(&str, &str)> = quote.lines[2..].iter().map(|l| (l.rule.as_str(), l.amount.as_str())).collect();
        assert_eq!(money, [("R-UP-1", "1.90"), ("R-UP-1", "-0.94"), ("R-MT-1", "0.01")], "{today}");
        assert_eq!(quote.total, "0.97", "{today}");
    }
    let quote = upgrade_fee(&input(
        sub(flat_monthly(), "basic", None, "2026-03-08", "2026-04-08"),
        to_edition("pro"),
        "2026-04-08",
    ))
    .unwrap();
    assert_eq!(
        quote.lines[1].arithmetic,
        "2026-04-08 − 2026-04-08 = 0 days; at least 1 while the term has not ended: 1 day"
    );
}

#[test]
fn r_mt_1_the_fee_is_rounded_once_half_away_from_zero_at_the_end() {
    let editions = vec![flat("basic", "Basic", "10.08"), flat("pro", "Professional", "20.13")];
    // 2026-05-01 − 2026-04-01 = 30 days; 2026-05-01 − 2026-04-28 = 3 days.
    // 20.13 × 3 ÷ 30 = 2.013 → 2.01; 10.08 × 3 ÷ 30 = 1.008 → −1.01; the fee is
    // 10.05 × 3 ÷ 30 = 1.005 exactly, which rounds half away from zero to 1.01 (to even it
    // would be 1.00); the lines rounded one by one come to 1.00: R-MT-1 +0.01.
    check(vec![(
        "a fee of exactly 1.005",
        input(sub(editions, "basic", None, "2026-04-01", "2026-05-01"), to_edition("pro"), "2026-04-28"),
        &[("R-UP-1", "2.01"), ("R-UP-1", "-1.01"), ("R-MT-1", "0.01")],
        "1.01",
    )]);
}

#[test]
fn an_edition_and_more_users_at_once_are_the_edition_first_then_the_users() {
    let editions = || {
        vec![
            by_tiers("std", "Standard", PricingModel::Tiered, ["12.00", "10.00", "8.00"]),
            by_tiers("pro", "Professional", PricingModel::Tiered, ["15.00", "13.00", "11.00"]),
        ]
    };
    let change = Change { edition: Some("pro".into()), users: Some(25) };
    // 31 days in the term, 19 remaining, ordered 2024 (R-UP-4: tiered as R-UP-3).
    // R-UP-1: Professional at 10 users: 10 × 15 = 150; 150 × 19 ÷ 31 = 91.9354… → 91.94;
    //         Standard at 10 users: 10 × 12 = 120; 120 × 19 ÷ 31 = 73.5483… → −73.55.
    // R-UP-4: Professional at 25 users: 10 × 15 + 15 × 13 = 345; 345 × 19 ÷ 31 = 211.4516… → 211.45;
    //         Professional at 10 users: −91.94.
    // In all (345 − 120) × 19 ÷ 31 = 137.9032… → 137.90 = 91.94 − 73.55 + 211.45 − 91.94.
    check(vec![(
        "Standard 10 users to Professional 25 users",
        input(sub(editions(), "std", Some(10), "2026-03-08", "2026-04-08"), change, "2026-03-20"),
        &[("R-UP-1", "91.94"), ("R-UP-1", "-73.55"), ("R-UP-4", "211.45"), ("R-UP-4", "-91.94")],
        "137.90",
    )]);
}

#[test]
fn each_line_names_its_rule_and_shows_its_arithmetic() {
    let subscription = Subscription {
        discount: d("0.9"),
        ordered_on: day("2022-09-01"),
        ..sub(
            vec![by_tiers("team", "Team", PricingModel::Tiered, ["12.00", "10.00", "8.00"])],
            "team",
            Some(10),
            "2026-03-08",
            "2026-04-08",
        )
    };
    let quote = upgrade_fee(&input(subscription, to_users(25), "2026-03-20")).unwrap();
    // 270 × 19 × 0.9 ÷ 31 = 148.9354… → 148.94; 120 × 19 × 0.9 ÷ 31 = 66.1935… → −66.19;
    // 150 × 19 × 0.9 ÷ 31 = 82.7419… → 82.74; 148.94 − 66.19 = 82.75: R-MT-1 −0.01.
    let shown: Vec<String> =
        quote.lines.iter().map(|l| format!("{} | {} | {} | {}", l.rule, l.label, l.arithmetic, l.amount)).collect();
    assert_eq!(
        shown,
        [
            "R-MT-3 | Days in the term | 2026-04-08 − 2026-03-08 = 31 days | 0.00",
            "R-MT-3 | Days remaining | 2026-04-08 − 2026-03-20 = 19 days | 0.00",
            "R-UP-3 | The Team edition, 25 users (tiered) for the remaining days (ordered 2022-09-01, before \
             2023-06-12) | (10 × 12.00 + 15 × 10.00) ÷ 31 days × 19 days × 0.9 discount = 148.94 | 148.94",
            "R-UP-3 | Less the Team edition, 10 users (tiered) before the expansion, for those days | 10 × 12.00 ÷ \
             31 days × 19 days × 0.9 discount = 66.19 | -66.19",
            "R-MT-1 | Rounded once, at the end | 82.741935… rounds half away from zero to 82.74; the lines rounded \
             one by one come to 82.75 | -0.01",
        ]
    );
    assert_eq!(quote.total, "82.74");
    assert_eq!((quote.term_days, quote.remaining_days), (31, 19));
    assert_eq!((quote.edition.as_str(), quote.users), ("team", Some(25)));

    // A volume expansion under R-UP-4 names the tier, and a term of several months its periods.
    let subscription = Subscription {
        duration: 3,
        ..sub(
            vec![by_tiers("team", "Team", PricingModel::Volume, ["12.00", "10.00", "8.00"])],
            "team",
            Some(10),
            "2026-03-08",
            "2026-06-08",
        )
    };
    // 2026-06-08 − 2026-03-08 = 31 + 30 + 31 = 92 days; 2026-06-08 − 2026-05-20 = 19 days.
    // 15 × 10 × 3 × 19 ÷ 92 = 8550 ÷ 92 = 92.9347… → 92.93.
    let quote = upgrade_fee(&input(subscription, to_users(25), "2026-05-20")).unwrap();
    assert_eq!(quote.lines[2].rule, "R-UP-4");
    assert_eq!(
        quote.lines[2].arithmetic,
        "15 × 10.00 (the tier of 25 users) × 3 months ÷ 92 days × 19 days × 1 (no discount) = 92.93"
    );
    assert_eq!(quote.total, "92.93");
}

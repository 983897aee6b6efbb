//! Automatic renewal (R-REN-3, R-REN-5): charged at 03:00 in the buyer's time zone seven days
//! before expiry, the local 03:00 on the days clocks change, tried again at 03:00 each day after
//! a failure with the buyer told each time, and charged at once when switched on late, in
//! retention from the original expiry. Every date here is computed by hand.

mod common;

use common::subscriptions::*;
use common::supervision::{at, buy_as, store, with_clock};
use koogallery_core::catalog::model::BillingPeriod;
use koogallery_core::ledger::unbalanced;
use koogallery_core::subscriptions::{self, AutoRenewChoice, SubscriptionState};
use koogallery_core::{ErrorCode, Store};

#[test]
fn r_ren_3_automatic_renewal_charges_at_0300_seven_days_before_expiry_in_the_buyers_zone() {
    // A buyer in Berlin buys on 8 March 10:00 UTC (11:00 CET): the month ends 8 April 23:59:59
    // CEST = 21:59:59 UTC (clocks changed on 29 March). 03:00 on 1 April CEST is 01:00 UTC.
    let mut store = store();
    zone(&store, "acme-prepaid", "Europe/Berlin");
    buy_as(&mut store, "acme-prepaid", "crm", at("2026-03-08T10:00:00Z"));
    let id = subscription(&store, "2026-03-08T10:00:00Z").id;
    with_clock(at("2026-03-10T10:00:00Z"), |s| {
        subscriptions::set_auto_renew(&mut store, s, id, &AutoRenewChoice { enabled: true, period: None, date: None })
    })
    .unwrap();
    let s = subscription(&store, "2026-03-10T10:00:00Z");
    assert_eq!(s.expires_at, "2026-04-08T21:59:59Z");
    assert_eq!(s.next_auto_renewal.as_deref(), Some("2026-04-01T01:00:00Z"));

    let early = run(&mut store, "2026-04-01T00:59:59Z");
    assert!(early.iter().all(|f| f.kind != "auto_renewal"));
    let fired = run(&mut store, "2026-04-01T01:00:00Z");
    let auto: Vec<_> = fired.iter().filter(|f| f.kind == "auto_renewal").collect();
    assert_eq!((auto.len(), auto[0].money.as_deref(), auto[0].rule.as_str()), (1, Some("49.00"), "R-REN-3"));
    let s = subscription(&store, "2026-04-01T01:00:00Z");
    assert_eq!(s.expires_at, "2026-05-08T21:59:59Z", "a month from the old expiry");
    assert_eq!(s.next_auto_renewal.as_deref(), Some("2026-05-01T01:00:00Z"), "the next one, 7 days before");
    assert_eq!(balance(&store), "902.00");
    // The renewal re-planned the life, its own timer with the rest: that timer is kept as fired.
    let states: Vec<(String, String)> = store
        .conn()
        .prepare("SELECT due_at, state FROM timers WHERE kind = 'auto_renewal' AND subject = ?1 ORDER BY due_at")
        .unwrap()
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        states,
        [("2026-04-01T01:00:00Z", "fired"), ("2026-05-01T01:00:00Z", "pending")].map(|(a, b)| (a.into(), b.into()))
    );
}

#[test]
fn r_ren_3_0300_on_the_days_clocks_change_is_the_local_0300() {
    // Europe/Berlin springs forward on 29 March 2026 (02:00 → 03:00 CEST) and falls back on
    // 25 October (03:00 CEST → 02:00 CET). America/New_York springs forward on 8 March. The
    // Chatham Islands spring forward on 26 September 2027 from 02:45 to 03:45 (UTC+12:45 →
    // +13:45): that day has no 03:00, and its charge comes at 03:45, the first instant after.
    let cases = [
        ("Europe/Berlin", "2026-03-05T10:00:00Z", "2026-04-05T21:59:59Z", "2026-03-29T01:00:00Z"),
        ("Europe/Berlin", "2026-10-01T10:00:00Z", "2026-11-01T22:59:59Z", "2026-10-25T02:00:00Z"),
        ("America/New_York", "2026-02-15T15:00:00Z", "2026-03-16T03:59:59Z", "2026-03-08T07:00:00Z"),
        ("Pacific/Chatham", "2027-09-02T23:00:00Z", "2027-10-03T10:14:59Z", "2027-09-25T14:00:00Z"),
    ];
    for (tz, bought, expiry, charge) in cases {
        let mut store = store();
        zone(&store, "acme-prepaid", tz);
        buy_as(&mut store, "acme-prepaid", "crm", at(bought));
        let id = subscription(&store, bought).id;
        with_clock(at(bought), |s| {
            subscriptions::set_auto_renew(
                &mut store,
                s,
                id,
                &AutoRenewChoice { enabled: true, period: None, date: None },
            )
        })
        .unwrap();
        let s = subscription(&store, bought);
        assert_eq!(
            (s.expires_at.as_str(), s.next_auto_renewal.as_deref()),
            (expiry, Some(charge)),
            "{tz} from {bought}"
        );
    }
}

#[test]
fn r_ren_3_a_failed_charge_is_tried_again_at_0300_each_day_and_the_buyer_told_each_time() {
    // 49.00 on the balance pays the purchase and nothing more.
    let mut store = Store::open_in_memory().unwrap();
    common::buying_catalog(&mut store);
    common::buyers_of_each_kind(&store);
    common::act_for(&store, "acme-prepaid");
    koogallery_core::accounts::top_up(
        &mut store,
        &koogallery_core::clock::FixedClock(at("2026-03-08T09:00:00Z")),
        "49",
    )
    .unwrap();
    buy_as(&mut store, "acme-prepaid", "crm", at("2026-03-08T10:00:00Z"));
    let id = subscription(&store, "2026-03-08T10:00:00Z").id;
    with_clock(at("2026-03-09T10:00:00Z"), |s| {
        subscriptions::set_auto_renew(&mut store, s, id, &AutoRenewChoice { enabled: true, period: None, date: None })
    })
    .unwrap();
    let fired = run(&mut store, "2026-04-03T12:00:00Z");
    let attempts: Vec<&str> = fired.iter().filter(|f| f.kind == "auto_renewal").map(|f| f.at.as_str()).collect();
    assert_eq!(attempts, ["2026-04-01T03:00:00Z", "2026-04-02T03:00:00Z", "2026-04-03T03:00:00Z"]);
    let failures = inbox(&store).into_iter().filter(|(kind, _)| kind == "auto_renewal_failed").count();
    assert_eq!(failures, 3, "told each time");
    // Renewals shows the next try, tomorrow's 03:00, not the charge time that has passed.
    let shown = subscription(&store, "2026-04-03T12:00:00Z");
    assert_eq!(shown.next_auto_renewal.as_deref(), Some("2026-04-04T03:00:00Z"));
    // Topped up: the next 03:00 renews it, from the old expiry.
    koogallery_core::accounts::top_up(
        &mut store,
        &koogallery_core::clock::FixedClock(at("2026-04-03T12:00:00Z")),
        "49",
    )
    .unwrap();
    run(&mut store, "2026-04-04T03:00:00Z");
    assert_eq!(subscription(&store, "2026-04-04T03:00:00Z").expires_at, "2026-05-08T23:59:59Z");
    assert!(unbalanced(store.conn()).unwrap().is_empty());
}

#[test]
fn r_ren_5_switched_on_inside_the_7_days_it_charges_at_once_and_a_date_can_be_set() {
    let (mut store, id) = monthly_crm("2026-03-08T10:00:00Z");
    // 4 April is inside the 7 days before 8 April: charged at once.
    with_clock(at("2026-04-04T15:30:00Z"), |s| {
        subscriptions::set_auto_renew(
            &mut store,
            s,
            id,
            &AutoRenewChoice { enabled: true, period: Some(BillingPeriod::Year), date: None },
        )
    })
    .unwrap();
    let detail = subscriptions::show(store.conn(), id, at("2026-04-04T15:30:00Z")).unwrap();
    assert_eq!(detail.renewals[0].kind, "auto");
    assert_eq!(
        (detail.renewals[0].amount.as_str(), detail.subscription.expires_at.as_str()),
        ("490.00", "2027-04-08T23:59:59Z")
    );

    // A date set: charged at 03:00 that day; a date past the expiry is refused.
    let (mut store, id) = monthly_crm("2026-03-08T10:00:00Z");
    let set = |store: &mut Store, date: &str| {
        with_clock(at("2026-03-10T10:00:00Z"), |s| {
            subscriptions::set_auto_renew(
                store,
                s,
                id,
                &AutoRenewChoice { enabled: true, period: None, date: Some(date.into()) },
            )
        })
    };
    assert_eq!(set(&mut store, "2026-04-09").unwrap_err().code(), ErrorCode::InvalidInput);
    assert_eq!(set(&mut store, "2026-03-09").unwrap_err().code(), ErrorCode::InvalidInput, "in the past");
    set(&mut store, "2026-03-20").unwrap();
    assert_eq!(subscription(&store, "2026-03-10T10:00:00Z").next_auto_renewal.as_deref(), Some("2026-03-20T03:00:00Z"));
    // Switched off: nothing is charged.
    with_clock(at("2026-03-11T10:00:00Z"), |s| {
        subscriptions::set_auto_renew(&mut store, s, id, &AutoRenewChoice { enabled: false, period: None, date: None })
    })
    .unwrap();
    let fired = run(&mut store, "2026-04-08T00:00:00Z");
    assert!(fired.iter().all(|f| f.kind != "auto_renewal"));
}

#[test]
fn r_ren_2_r_ren_5_switched_on_in_retention_it_renews_from_the_original_expiry_and_again_while_still_due() {
    // Expires 30 April; in retention on 24 May. Switched on at 03:00 that day: renewed at once
    // from 30 April to 31 May, whose charge time (03:00, 7 days before) is this very instant,
    // so it is renewed once more, to 30 June: two charges, the scheduler never stuck and with
    // nothing more to charge.
    let (mut store, id) = monthly_crm("2026-03-30T09:00:00Z");
    run(&mut store, "2026-05-24T02:00:00Z");
    assert_eq!(subscription(&store, "2026-05-24T02:00:00Z").state, SubscriptionState::Retention);
    with_clock(at("2026-05-24T03:00:00Z"), |s| {
        subscriptions::set_auto_renew(&mut store, s, id, &AutoRenewChoice { enabled: true, period: None, date: None })
    })
    .unwrap();
    assert_eq!(subscription(&store, "2026-05-24T03:00:00Z").expires_at, "2026-06-30T23:59:59Z");
    let fired = run(&mut store, "2026-05-24T03:00:00Z");
    assert!(fired.iter().all(|f| f.kind != "auto_renewal"), "{fired:?}");
    let s = subscription(&store, "2026-05-24T03:00:00Z");
    assert_eq!((s.state, s.expires_at.as_str()), (SubscriptionState::Active, "2026-06-30T23:59:59Z"));
    let renewals = subscriptions::show(store.conn(), id, at("2026-05-24T03:00:00Z")).unwrap().renewals;
    let paid: Vec<_> = renewals.iter().map(|r| (r.kind.as_str(), r.amount.as_str(), r.status.as_str())).collect();
    assert_eq!(paid, [("auto", "49.00", "paid"), ("auto", "49.00", "paid")]);
    assert_eq!(balance(&store), "853.00", "1,000.00 less the order and two renewals of 49.00");
    run(&mut store, "2026-06-30T00:00:00Z");
}

#[test]
fn r_ren_3_renewals_charged_in_the_same_run_each_pay_the_price_of_their_own_specification() {
    // Bought at the same instant, all four are charged at the same 03:00 (1 April, seven days
    // before the expiry of 8 April 23:59:59 UTC), in one batch of the scheduler. Team Wiki is
    // 8.00 a user a month: 3 users 24.00, 5 users 40.00; the CRM is 49.00 a month.
    let mut store = store();
    let bought = at("2026-03-08T10:00:00Z");
    common::act_for(&store, "acme-prepaid");
    for (product, users, key) in [
        ("team", Some(3), "team-3"),
        ("team", Some(5), "team-5"),
        ("team", Some(3), "team-3-again"),
        ("crm", None, "crm"),
    ] {
        let mut checkout = common::monthly_checkout(product, 1, key);
        checkout.configuration.users = users;
        with_clock(bought, |s| koogallery_core::orders::place(&mut store, s, &checkout)).unwrap();
    }
    assert_eq!(balance(&store), "863.00", "1000.00 less 24.00 + 40.00 + 24.00 + 49.00");
    let ids: Vec<u32> = subscriptions::list(store.conn(), bought).unwrap().iter().map(|s| s.id).collect();
    assert_eq!(ids.len(), 4);
    for id in ids {
        with_clock(bought, |s| {
            subscriptions::set_auto_renew(
                &mut store,
                s,
                id,
                &AutoRenewChoice { enabled: true, period: None, date: None },
            )
        })
        .unwrap();
    }

    let fired = run(&mut store, "2026-04-02T00:00:00Z");
    let mut charged: Vec<_> =
        fired.iter().filter(|f| f.kind == "auto_renewal").map(|f| (f.at.clone(), f.money.clone())).collect();
    charged.sort();
    let at_0300 = |amount: &str| ("2026-04-01T03:00:00Z".to_string(), Some(amount.to_string()));
    assert_eq!(charged, [at_0300("24.00"), at_0300("24.00"), at_0300("40.00"), at_0300("49.00")]);
    assert_eq!(balance(&store), "726.00");
    assert!(unbalanced(store.conn()).unwrap().is_empty());
}

/// The prepaid buyer with exactly 49.00, spent on a month of the CRM bought on 8 March 10:00
/// UTC: it expires 8 April 23:59:59 and is released at the end of 8 May (15 + 15 days).
fn crm_with_an_empty_balance() -> (Store, u32) {
    let mut store = Store::open_in_memory().unwrap();
    common::buying_catalog(&mut store);
    common::buyers_of_each_kind(&store);
    common::act_for(&store, "acme-prepaid");
    top_up(&mut store, "2026-03-08T09:00:00Z", "49");
    buy_as(&mut store, "acme-prepaid", "crm", at("2026-03-08T10:00:00Z"));
    let id = subscription(&store, "2026-03-08T10:00:00Z").id;
    assert_eq!(balance(&store), "0.00");
    (store, id)
}

fn top_up(store: &mut Store, when: &str, amount: &str) {
    koogallery_core::accounts::top_up(store, &koogallery_core::clock::FixedClock(at(when)), amount).unwrap();
}

fn switch_on(store: &mut Store, id: u32, when: &str) -> Result<(), koogallery_core::CoreError> {
    with_clock(at(when), |s| {
        subscriptions::set_auto_renew(store, s, id, &AutoRenewChoice { enabled: true, period: None, date: None })
    })
}

fn renewals(store: &Store, id: u32, when: &str) -> Vec<(String, String)> {
    let shown = subscriptions::show(store.conn(), id, at(when)).unwrap().renewals;
    shown.into_iter().rev().map(|r| (r.at, r.status)).collect()
}

#[test]
fn r_ren_3_r_ren_5_switched_on_on_the_last_day_a_declined_charge_is_tried_once_and_never_again() {
    // In retention on 8 May 10:00, the day it is released: the charge is tried at once and
    // declined; the next 03:00 (9 May) is after the release, so it is not tried again. The
    // buyer then tops up: nothing charges it any more, and it is released at the end of the day.
    let (mut store, id) = crm_with_an_empty_balance();
    run(&mut store, "2026-05-08T09:00:00Z");
    assert_eq!(subscription(&store, "2026-05-08T09:00:00Z").state, SubscriptionState::Retention);
    switch_on(&mut store, id, "2026-05-08T10:00:00Z").unwrap();
    assert_eq!(renewals(&store, id, "2026-05-08T10:00:00Z"), [("2026-05-08T10:00:00Z".into(), "failed".into())]);
    assert_eq!(subscription(&store, "2026-05-08T10:00:00Z").next_auto_renewal, None, "no other try is planned");
    top_up(&mut store, "2026-05-08T11:00:00Z", "49");

    let fired = run(&mut store, "2026-05-09T12:00:00Z");
    assert!(fired.iter().all(|f| f.kind != "auto_renewal"), "{fired:?}");
    assert!(fired.iter().any(|f| f.kind == "release"));
    assert_eq!(renewals(&store, id, "2026-05-09T12:00:00Z").len(), 1);
    let failures = inbox(&store).into_iter().filter(|(kind, _)| kind == "auto_renewal_failed").count();
    assert_eq!(failures, 1, "told once, for the one attempt");
    assert_eq!(balance(&store), "49.00", "the top-up untouched");
    assert!(unbalanced(store.conn()).unwrap().is_empty());
}

#[test]
fn r_ren_3_r_ren_5_topped_up_and_switched_on_again_at_the_instant_a_charge_was_declined_it_renews() {
    // The 03:00 of 1 April is declined; at that very instant the buyer tops up and switches
    // automatic renewal on again: charged at once (a second attempt, not a repeat of the
    // first), renewed from 8 April to 8 May, and tomorrow's retry no longer happens.
    let (mut store, id) = crm_with_an_empty_balance();
    switch_on(&mut store, id, "2026-03-09T10:00:00Z").unwrap();
    let fired = run(&mut store, "2026-04-01T03:00:00Z");
    assert_eq!(fired.iter().filter(|f| f.kind == "auto_renewal").count(), 1);
    top_up(&mut store, "2026-04-01T03:00:00Z", "49");
    switch_on(&mut store, id, "2026-04-01T03:00:00Z").unwrap();

    let expected: [(String, String); 2] =
        [("2026-04-01T03:00:00Z", "failed"), ("2026-04-01T03:00:00Z", "paid")].map(|(a, s)| (a.into(), s.into()));
    assert_eq!(renewals(&store, id, "2026-04-01T03:00:00Z"), expected);
    assert_eq!(subscription(&store, "2026-04-01T03:00:00Z").expires_at, "2026-05-08T23:59:59Z");
    assert_eq!(balance(&store), "0.00");
    let fired = run(&mut store, "2026-04-02T12:00:00Z");
    assert!(fired.iter().all(|f| f.kind != "auto_renewal"), "{fired:?}");
    assert_eq!(renewals(&store, id, "2026-04-02T12:00:00Z").len(), 2);
    assert!(unbalanced(store.conn()).unwrap().is_empty());
}

#[test]
fn r_ren_3_an_automatic_renewal_the_store_could_not_date_fails_is_told_and_the_scheduler_goes_on() {
    // A term renewed by hand to 20 November 9999 (set here), with automatic renewal on for the
    // next day: a month more would end 20 December 9999, its release in 10000, which the store
    // cannot keep. Each 03:00 it is a failure the buyer is told of, like a declined charge, and
    // nothing is charged; the scheduler goes on with the rest.
    let (mut store, id) = monthly_crm("2026-03-08T10:00:00Z");
    let far = "UPDATE subscriptions SET expires_at = '9999-11-20T23:59:59Z' WHERE id = ?1";
    store.conn().execute(far, [id]).unwrap();
    with_clock(at("2026-03-20T10:00:00Z"), |s| {
        let choice = AutoRenewChoice { enabled: true, period: None, date: Some("2026-03-21".into()) };
        subscriptions::set_auto_renew(&mut store, s, id, &choice)
    })
    .unwrap();
    let fired = run(&mut store, "2026-03-22T12:00:00Z");
    let attempts: Vec<&str> = fired.iter().filter(|f| f.kind == "auto_renewal").map(|f| f.at.as_str()).collect();
    assert_eq!(attempts, ["2026-03-21T03:00:00Z", "2026-03-22T03:00:00Z"]);
    let failed = renewals(&store, id, "2026-03-22T12:00:00Z");
    assert!(failed.iter().all(|(_, status)| status == "failed") && failed.len() == 2, "{failed:?}");
    let failures = inbox(&store).into_iter().filter(|(kind, _)| kind == "auto_renewal_failed").count();
    assert_eq!(failures, 2);
    assert_eq!(subscription(&store, "2026-03-22T12:00:00Z").expires_at, "9999-11-20T23:59:59Z");
    assert_eq!(balance(&store), "951.00", "nothing charged");
}

#[test]
fn r_ren_2_r_ren_3_a_retry_paid_late_in_retention_renews_from_the_original_expiry_and_again_at_once() {
    // Declined at every 03:00 from 1 April (nothing on the balance), through grace (to 23 April)
    // and into retention. Topped up with 98.00 on 3 May: the 03:00 of 4 May renews from the
    // original expiry, 8 April, to 8 May, whose charge time (1 May) has passed, so it is charged
    // again at once: to 8 June, seven days ahead at least, as when switched on late. One timer
    // fired, moving both charges; two renewals recorded.
    let (mut store, id) = crm_with_an_empty_balance();
    switch_on(&mut store, id, "2026-03-09T10:00:00Z").unwrap();
    run(&mut store, "2026-05-03T12:00:00Z");
    assert_eq!(subscription(&store, "2026-05-03T12:00:00Z").state, SubscriptionState::Retention);
    top_up(&mut store, "2026-05-03T12:00:00Z", "98");
    let fired = run(&mut store, "2026-05-04T12:00:00Z");
    let charged: Vec<_> =
        fired.iter().filter(|f| f.kind == "auto_renewal").map(|f| (f.at.as_str(), f.money.as_deref())).collect();
    assert_eq!(charged, [("2026-05-04T03:00:00Z", Some("98.00"))]);
    let paid: Vec<_> = renewals(&store, id, "2026-05-04T12:00:00Z").into_iter().filter(|(_, s)| s == "paid").collect();
    assert_eq!(
        paid,
        [("2026-05-04T03:00:00Z", "paid"), ("2026-05-04T03:00:00Z", "paid")].map(|(a, s)| (a.into(), s.into()))
    );
    let s = subscription(&store, "2026-05-04T12:00:00Z");
    assert_eq!((s.state, s.expires_at.as_str()), (SubscriptionState::Active, "2026-06-08T23:59:59Z"));
    assert_eq!(s.next_auto_renewal.as_deref(), Some("2026-06-01T03:00:00Z"));
    assert_eq!(balance(&store), "0.00");
    assert!(unbalanced(store.conn()).unwrap().is_empty());
}

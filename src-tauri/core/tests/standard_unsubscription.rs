//! Standard unsubscription of yearly/monthly images (R-UNS-2): every figure computed by hand.
//!
//! The buyer (acme-prepaid, time zone UTC) buys at 2026-03-02 10:30, so hours count from
//! 10:00. A month of the MySQL image with its s6.large.2 costs 29.00 + 40.00 = 69.00; a year of
//! the "yearly image" (290.00 a year) with its ECS (400.00 a year) costs 690.00.

mod common;

use chrono::{DateTime, Utc};
use common::images::*;
use koogallery_core::catalog::model::{BillingPeriod, DeliveryMethod};
use koogallery_core::subscriptions::unsubscribe::{self, StandardRefund, StandardUnsubscribe};
use koogallery_core::subscriptions::{self, RenewRequest};
use koogallery_core::supervision::unsubscribe as listing;
use koogallery_core::{ErrorCode, Store};

/// `hours` whole hours after 10:00, half an hour after the purchase at 10:30.
fn used(hours: i64) -> DateTime<Utc> {
    after(30 + hours * 60)
}

fn store() -> Store {
    let mut store = image_store();
    let mut yearly = common::product("yearly-image", "Yearly Image", "databases-and-cache", DeliveryMethod::Image);
    yearly.editions[0].plans = vec![
        common::seed_plan("yearly_monthly", "month", "29.00"),
        common::seed_plan("yearly_monthly", "year", "290.00"),
    ];
    common::import_into(&mut store, vec![yearly]);
    koogallery_core::cloud::recommend_security_group(store.conn(), "yearly-image", "sg-yearly", &[22]).unwrap();
    common::act_for(&store, "acme-prepaid");
    top_up(&mut store, "5000");
    store
}

fn buy_months(store: &mut Store, months: u32) -> u32 {
    provision_at(store, after(30), &monthly_request("buy", months)).unwrap().order.order.id
}

fn buy_years(store: &mut Store, years: u32) -> u32 {
    let mut request = monthly_request("buy", years);
    request.configuration.product_id = "yearly-image".into();
    request.configuration.period = Some("year".parse().unwrap());
    let order = provision_at(store, after(30), &request).unwrap().order.order;
    assert_eq!(order.amount, format!("{}.00", 690 * years));
    order.id
}

fn unsubscribe_at(
    store: &mut Store,
    now: DateTime<Utc>,
    order_id: u32,
) -> Result<StandardRefund, koogallery_core::CoreError> {
    let request = StandardUnsubscribe { order_id, expected_refund: None };
    with_clock(now, |s| unsubscribe::unsubscribe(store, s, &request))
}

fn figures(refund: &StandardRefund) -> (u32, u32, &str, &str, &str, &str, &str) {
    (
        refund.hours_in_term,
        refund.hours_used,
        refund.paid.as_str(),
        refund.consumed.as_str(),
        refund.fee_rate.as_str(),
        refund.fee.as_str(),
        refund.refund.as_str(),
    )
}

/// The lines add up to the refund exactly.
fn assert_lines_add_up(refund: &StandardRefund) {
    let sum: rust_decimal::Decimal =
        refund.lines.iter().map(|l| l.amount.parse::<rust_decimal::Decimal>().unwrap()).sum();
    assert_eq!(sum, refund.refund.parse::<rust_decimal::Decimal>().unwrap(), "{:#?}", refund.lines);
}

fn refunded_to_balance(store: &Store, order_id: u32) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT coalesce(sum(e.amount_cents), 0) FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
             WHERE t.order_id = ?1 AND t.kind = 'refund' AND e.ledger_account = 'buyer_balance:acme-prepaid'",
            [order_id],
            |r| r.get(0),
        )
        .unwrap()
}

fn assert_released(store: &Store, order_id: u32) {
    let (order, subscription, live): (String, String, i64) = store
        .conn()
        .query_row(
            "SELECT o.status, s.state, (SELECT count(*) FROM ecs_instances e WHERE e.order_id = o.id AND e.state <> 'deleted')
             FROM orders o JOIN subscriptions s ON s.order_id = o.id WHERE o.id = ?1",
            [order_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((order.as_str(), subscription.as_str(), live), ("cancelled", "cancelled", 0));
    let eips: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM eips WHERE released_at IS NULL AND id IN (SELECT eip_id FROM ecs_instances WHERE order_id = ?1)",
            [order_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(eips, 0);
    assert_ledger_balanced(store);
}

#[test]
fn a_monthly_term_used_100_hours_counted_from_the_hour_it_was_bought_in() {
    let mut store = store();
    let id = buy_months(&mut store, 1);
    // Bought 2 March 10:30: counted from 10:00. The term ends 2 April 23:59:59, i.e. at
    // 3 April 00:00: 14 h on 2 March + 31 days × 24 h = 758 h. At 6 March 14:30 (100.5 h
    // after 10:00) 100 whole hours are used.
    // consumed = 69.00 × 100 ÷ 758 = 9.102902…; fee = 69.00 × 10% = 6.90;
    // refund = 69.00 − 9.102902 − 6.90 = 52.997098 → 53.00.
    let quote = unsubscribe::quote(store.conn(), id, used(100)).unwrap();
    assert_eq!(figures(&quote), (758, 100, "69.00", "9.10", "10%", "6.90", "53.00"));
    assert_eq!(quote.term_begins, "2026-03-02T10:00:00Z");
    assert_eq!(quote.term_ends, "2026-04-03T00:00:00Z");
    assert_eq!(quote.lines[1].arithmetic, "69.00 × 100 h ÷ 758 h = 9.102902");
    assert_eq!(quote.instances, 1);
    assert_lines_add_up(&quote);
    let listed = listing::quote(store.conn(), id).unwrap();
    assert_eq!((listed.rule, listed.possible), (listing::UnsubscribeRule::Standard, true));

    let done = unsubscribe_at(&mut store, used(100), id).unwrap();
    assert!(done.unsubscribed);
    assert_eq!(done.refund, "53.00");
    assert_eq!(done.instances, 1);
    assert_eq!(refunded_to_balance(&store, id), 5300);
    assert_released(&store, id);
    let told: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM messages WHERE kind = 'unsubscribed' AND order_id = ?1", [id], |r| r.get(0))
        .unwrap();
    assert_eq!(told, 1);
    let listed = listing::quote(store.conn(), id).unwrap();
    assert!(!listed.possible);
    assert!(listed.note.contains("53.00 refunded"), "{}", listed.note);
    assert!(listing::list(store.conn()).unwrap().iter().any(|u| u.order_id == id));
}

#[test]
fn in_kolkata_the_hours_count_from_the_hour_on_the_buyers_clock() {
    let mut store = store();
    store.conn().execute("UPDATE accounts SET time_zone = 'Asia/Kolkata' WHERE id = 'acme-prepaid'", []).unwrap();
    let id = buy_months(&mut store, 1);
    // Bought 2 March 10:30 UTC, 16:00 in Kolkata (UTC+5:30): counted from 16:00 there, 10:30
    // UTC (not from 10:00 UTC, 15:30 there). The term ends 2 April 23:59:59 in Kolkata, i.e. at
    // 3 April 00:00 there, 2 April 18:30 UTC: 8 h on 2 March + 31 days × 24 h = 752 h. At
    // 6 March 14:15 UTC (99.75 h after 10:30) 99 whole hours are used.
    // consumed = 69.00 × 99 ÷ 752 = 9.083776…; fee = 6.90;
    // refund = 69.00 − 9.083776… − 6.90 = 53.016223… → 53.02.
    let quote = unsubscribe::quote(store.conn(), id, after(30 + 99 * 60 + 45)).unwrap();
    assert_eq!(quote.term_begins, "2026-03-02T10:30:00Z");
    assert_eq!(quote.term_ends, "2026-04-02T18:30:00Z");
    assert_eq!(figures(&quote), (752, 99, "69.00", "9.08", "10%", "6.90", "53.02"));
    assert_eq!(quote.lines[1].arithmetic, "69.00 × 99 h ÷ 752 h = 9.083777");
    assert_lines_add_up(&quote);
}

#[test]
fn a_second_unsubscription_answers_with_the_first_and_writes_nothing() {
    let mut store = store();
    let id = buy_months(&mut store, 1);
    let first = unsubscribe_at(&mut store, used(100), id).unwrap();
    let (ledger, messages, events) =
        (count(&store, "ledger_entries"), count(&store, "messages"), count(&store, "order_events"));
    // A day later, the same figures, for the time it was unsubscribed.
    let again = unsubscribe_at(&mut store, used(124), id).unwrap();
    assert_eq!(again, first);
    assert_eq!(again.at, "2026-03-06T14:30:00Z");
    assert_eq!(unsubscribe::quote(store.conn(), id, used(200)).unwrap(), first);
    assert_eq!(
        (count(&store, "ledger_entries"), count(&store, "messages"), count(&store, "order_events")),
        (ledger, messages, events)
    );
    assert_eq!(refunded_to_balance(&store, id), 5300);
}

#[test]
fn a_one_year_term_keeps_a_ten_percent_fee() {
    let mut store = store();
    let id = buy_years(&mut store, 1);
    // 2 March 2026 10:00 to 3 March 2027 00:00: 14 h + 365 days × 24 h = 8774 h.
    // 1000 h used: consumed = 690.00 × 1000 ÷ 8774 = 78.641441…; fee = 690.00 × 10% = 69.00;
    // refund = 690.00 − 78.641441 − 69.00 = 542.358559 → 542.36.
    let done = unsubscribe_at(&mut store, used(1000), id).unwrap();
    assert_eq!(figures(&done), (8774, 1000, "690.00", "78.64", "10%", "69.00", "542.36"));
    assert_lines_add_up(&done);
    assert_eq!(refunded_to_balance(&store, id), 54236);
    assert_released(&store, id);
}

#[test]
fn a_two_year_term_pays_fifteen_percent_in_its_first_year_and_ten_after() {
    // 2 March 2026 10:00 to 3 March 2028 00:00: 14 h + (365 + 366) days × 24 h = 17558 h.
    // Its first year ends 2 March 2027 10:00.
    let mut store = store();
    let id = buy_years(&mut store, 2);
    // 1000 h used (13 April 2026): consumed = 1380.00 × 1000 ÷ 17558 = 78.596651…;
    // fee = 1380.00 × 15% = 207.00; refund = 1380.00 − 78.596651 − 207.00 = 1094.403349 → 1094.40.
    let quote = unsubscribe::quote(store.conn(), id, used(1000)).unwrap();
    assert_eq!(figures(&quote), (17558, 1000, "1380.00", "78.60", "15%", "207.00", "1094.40"));
    assert_lines_add_up(&quote);
    // 10000 h used (23 April 2027, after the first year): consumed = 1380.00 × 10000 ÷ 17558
    // = 785.966511…; fee = 1380.00 × 10% = 138.00; refund = 1380.00 − 785.966511 − 138.00
    // = 456.033489 → 456.03.
    let done = unsubscribe_at(&mut store, used(10000), id).unwrap();
    assert_eq!(figures(&done), (17558, 10000, "1380.00", "785.97", "10%", "138.00", "456.03"));
    assert_lines_add_up(&done);
    assert_eq!(refunded_to_balance(&store, id), 45603);
    assert_released(&store, id);
}

#[test]
fn a_three_year_term_pays_fifteen_ten_then_five_percent() {
    // 2 March 2026 10:00 to 3 March 2029 00:00: 14 h + (365 + 366 + 365) days × 24 h = 26318 h.
    let mut store = store();
    let id = buy_years(&mut store, 3);
    // 1000 h (first year): consumed = 2070.00 × 1000 ÷ 26318 = 78.653393…; fee 15% = 310.50;
    // refund = 2070.00 − 78.653393 − 310.50 = 1680.846607 → 1680.85.
    let first = unsubscribe::quote(store.conn(), id, used(1000)).unwrap();
    assert_eq!(figures(&first), (26318, 1000, "2070.00", "78.65", "15%", "310.50", "1680.85"));
    // 10000 h (23 April 2027, second year): consumed = 786.533931…; fee 10% = 207.00;
    // refund = 2070.00 − 786.533931 − 207.00 = 1076.466069 → 1076.47.
    let second = unsubscribe::quote(store.conn(), id, used(10000)).unwrap();
    assert_eq!(figures(&second), (26318, 10000, "2070.00", "786.53", "10%", "207.00", "1076.47"));
    // 20000 h (12 June 2028, after the second year): consumed = 1573.067862…; fee 5% = 103.50;
    // refund = 2070.00 − 1573.067862 − 103.50 = 393.432138 → 393.43.
    let done = unsubscribe_at(&mut store, used(20000), id).unwrap();
    assert_eq!(figures(&done), (26318, 20000, "2070.00", "1573.07", "5%", "103.50", "393.43"));
    for quote in [&first, &second, &done] {
        assert_lines_add_up(quote);
    }
    assert_eq!(refunded_to_balance(&store, id), 39343);
    assert_released(&store, id);
}

#[test]
fn a_negative_result_refunds_nothing() {
    let mut store = store();
    let id = buy_months(&mut store, 1);
    // 700 of 758 h: consumed = 69.00 × 700 ÷ 758 = 63.720317…; fee 6.90;
    // 69.00 − 63.720317 − 6.90 = −1.620317 → 0.00 (a line of +1.62 brings the lines to 0.00).
    let done = unsubscribe_at(&mut store, used(700), id).unwrap();
    assert_eq!(figures(&done), (758, 700, "69.00", "63.72", "10%", "6.90", "0.00"));
    assert_eq!(done.lines.last().unwrap().amount, "1.62");
    assert_lines_add_up(&done);
    assert_eq!(refunded_to_balance(&store, id), 0);
    assert_released(&store, id);
}

#[test]
fn a_renewal_not_started_yet_is_refunded_in_full() {
    let mut store = store();
    let id = buy_months(&mut store, 1);
    let subscription: u32 =
        store.conn().query_row("SELECT id FROM subscriptions WHERE order_id = ?1", [id], |r| r.get(0)).unwrap();
    let request = RenewRequest {
        subscription_id: subscription,
        period: BillingPeriod::Month,
        duration: 1,
        idempotency_key: "renew-1".into(),
    };
    // The renewal is the image's month, 29.00, from 3 April 00:00 to 3 May 00:00.
    let renewal = with_clock(used(10), |s| subscriptions::renew(&mut store, s, &request)).unwrap();
    assert_eq!(renewal.amount, "29.00");
    // The term is still the first month: 53.00 as above, plus the renewal in full, 29.00 = 82.00.
    let done = unsubscribe_at(&mut store, used(100), id).unwrap();
    assert_eq!(figures(&done), (758, 100, "69.00", "9.10", "10%", "6.90", "82.00"));
    assert_eq!(done.not_started, "29.00");
    assert_eq!(done.lines.last().unwrap().amount, "29.00");
    assert_lines_add_up(&done);
    assert_eq!(refunded_to_balance(&store, id), 8200);
    assert_released(&store, id);
}

#[test]
fn a_renewed_term_under_way_is_the_term() {
    let mut store = store();
    let id = buy_months(&mut store, 1);
    let subscription: u32 =
        store.conn().query_row("SELECT id FROM subscriptions WHERE order_id = ?1", [id], |r| r.get(0)).unwrap();
    let request = RenewRequest {
        subscription_id: subscription,
        period: BillingPeriod::Month,
        duration: 1,
        idempotency_key: "renew-1".into(),
    };
    with_clock(used(10), |s| subscriptions::renew(&mut store, s, &request)).unwrap();
    // The renewal's term runs from 3 April 00:00 to 3 May 00:00: 30 days × 24 h = 720 h.
    // At 7 April 04:00, 100 h are used: consumed = 29.00 × 100 ÷ 720 = 4.027777…; fee 2.90;
    // refund = 29.00 − 4.027777 − 2.90 = 22.072222 → 22.07. The first month is used up.
    let now: DateTime<Utc> = "2026-04-07T04:00:00Z".parse().unwrap();
    let done = unsubscribe_at(&mut store, now, id).unwrap();
    assert_eq!(figures(&done), (720, 100, "29.00", "4.03", "10%", "2.90", "22.07"));
    assert_eq!(done.term_begins, "2026-04-03T00:00:00Z");
    assert_lines_add_up(&done);
    assert_eq!(refunded_to_balance(&store, id), 2207);
    assert_released(&store, id);
}

#[test]
fn pay_per_use_is_refused_with_what_to_do_instead() {
    let mut store = store();
    let id = provision_at(&mut store, after(30), &ppu_request("ppu")).unwrap().order.order.id;
    let (ledger, events) = (count(&store, "ledger_entries"), count(&store, "order_events"));
    let err = unsubscribe_at(&mut store, used(5), id).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("delete its ECS"), "{err}");
    assert_eq!(unsubscribe::quote(store.conn(), id, used(5)).unwrap_err().code(), ErrorCode::InvalidInput);
    assert_eq!((count(&store, "ledger_entries"), count(&store, "order_events")), (ledger, events));
    let listed = listing::quote(store.conn(), id).unwrap();
    assert_eq!((listed.rule, listed.possible), (listing::UnsubscribeRule::NotSupported, false));
}

#[test]
fn a_refund_that_changed_since_it_was_confirmed_is_refused() {
    let mut store = store();
    let id = buy_months(&mut store, 1);
    let request = StandardUnsubscribe { order_id: id, expected_refund: Some("60.00".into()) };
    let err = with_clock(used(100), |s| unsubscribe::unsubscribe(&mut store, s, &request)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    let status: String = store.conn().query_row("SELECT status FROM orders WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(status, "completed");
    let request = StandardUnsubscribe { order_id: id, expected_refund: Some("53.00".into()) };
    with_clock(used(100), |s| unsubscribe::unsubscribe(&mut store, s, &request)).unwrap();
    assert_released(&store, id);
}

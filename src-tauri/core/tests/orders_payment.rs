//! Paying for an order, and payment going wrong (R-BUY-1, R-BUY-6, R-MT-5): a balance too
//! small, a declined card, postpaid credit up to its limit, a reseller customer's order for
//! reference only, a purchase that fails while delivering, and one left pending by a stopped
//! process.

mod common;

use common::buying::*;
use common::{act_for, buyers_of_each_kind, buying_catalog, monthly_checkout as checkout};
use koogallery_core::orders::{self, OrderStatus, PaymentChoice};
use koogallery_core::{accounts, apps, ErrorCode, Store};

#[test]
fn r_buy_6_insufficient_balance_cancels_the_order_charges_nothing_and_replays_the_same_answer() {
    let mut store = store();
    top_up(&mut store, "40");
    let err = place(&mut store, &checkout("crm", 1, "k1")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InsufficientBalance, "{err}");
    assert!(err.to_string().contains("40.00") && err.to_string().contains("49.00"), "{err}");
    assert!(err.to_string().contains("top up"), "{err}");
    let listed = orders::list(store.conn()).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].status, OrderStatus::Cancelled, "shown as cancelled in My Orders");
    assert!(apps::list(store.conn()).unwrap().is_empty(), "nothing half-made");
    assert_eq!(balance(&store), "40.00");
    let again = place(&mut store, &checkout("crm", 1, "k1")).unwrap_err();
    assert_eq!(again.to_string(), err.to_string());
    // After a top-up, a new checkout goes through.
    top_up(&mut store, "10");
    place(&mut store, &checkout("crm", 1, "k2")).unwrap();
    assert_eq!(balance(&store), "1.00");
    assert_ledger_balanced(&store);
}

#[test]
fn r_buy_6_a_declined_card_cancels_the_order_and_charges_nothing() {
    let mut store = store();
    act_for(&store, "borealis-postpaid");
    let cards = accounts::show(store.conn()).unwrap().cards;
    let mut request = checkout("crm", 1, "k1");
    request.payment = Some(PaymentChoice::Card { card_id: cards[1].id });
    let err = place(&mut store, &request).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PaymentDeclined, "{err}");
    assert!(err.to_string().contains("declined"), "{err}");
    let order = orders::show(store.conn(), 1).unwrap();
    assert_eq!(order.order.status, OrderStatus::Cancelled);
    assert_eq!(order.order.payment, "Visa •••• 0002");
    assert!(order.ledger.is_empty());
    assert_eq!(count(&store, "ledger_transactions"), 0);
    assert_eq!(count(&store, "purchased_apps"), 0);

    request.payment = Some(PaymentChoice::Card { card_id: cards[0].id });
    request.idempotency_key = "k2".into();
    let paid = place(&mut store, &request).unwrap();
    assert_eq!(paid.order.status, OrderStatus::Completed);
    let lines: Vec<(&str, &str)> = paid.ledger.iter().map(|l| (l.ledger_account.as_str(), l.amount.as_str())).collect();
    assert_eq!(lines, [("provider:cards", "-49.00"), ("seller_sales:test-seller", "49.00")]);
}

#[test]
fn r_buy_1_postpaid_credit_is_used_up_to_its_limit() {
    let mut store = store();
    act_for(&store, "borealis-postpaid");
    let mut request = checkout("crm", 2, "k1");
    request.payment = Some(PaymentChoice::Credit);
    place(&mut store, &request).unwrap();
    let credit = accounts::show(store.conn()).unwrap().credit.unwrap();
    assert_eq!((credit.used.as_str(), credit.available.as_str()), ("98.00", "2.00"));
    request.idempotency_key = "k2".into();
    request.configuration.duration = 1;
    let err = place(&mut store, &request).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PaymentDeclined, "{err}");
    let mut balance = checkout("crm", 1, "k3");
    balance.payment = Some(PaymentChoice::Balance);
    assert!(place(&mut store, &balance).unwrap_err().to_string().starts_with("payment:"));
    assert_ledger_balanced(&store);
}

#[test]
fn r_buy_1_a_reseller_customer_pays_nothing_and_the_amount_is_for_reference_only() {
    let mut store = store();
    act_for(&store, "cedar-reseller");
    let order = place(&mut store, &checkout("crm", 3, "k1")).unwrap();
    assert!(order.order.reference_only);
    assert_eq!(order.order.amount, "147.00");
    assert_eq!(order.order.payment, "Reseller");
    assert_eq!(order.order.status, OrderStatus::Completed);
    assert!(order.ledger.is_empty());
    assert_eq!(count(&store, "ledger_transactions"), 0);
    let mut paying = checkout("crm", 1, "k2");
    paying.payment = Some(PaymentChoice::Balance);
    assert!(place(&mut store, &paying).unwrap_err().to_string().contains("reseller"));
}

#[test]
fn r_buy_6_a_purchase_that_fails_while_delivering_is_cancelled_with_nothing_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.db");
    // The key file cannot be made: sealing the SaaS password fails after the payment.
    std::fs::create_dir(dir.path().join("kg.key")).unwrap();
    let mut store = Store::open(&path).unwrap();
    buying_catalog(&mut store);
    buyers_of_each_kind(&store);
    top_up(&mut store, "100");
    let err = place(&mut store, &checkout("crm", 1, "k1")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Storage, "{err}");
    let order = orders::show(store.conn(), 1).unwrap();
    assert_eq!(order.order.status, OrderStatus::Cancelled);
    assert!(order.order.failure.is_some());
    assert!(order.ledger.is_empty(), "the payment was undone with the delivery");
    assert_eq!(balance(&store), "100.00");
    assert_eq!(count(&store, "purchased_apps"), 0);
    // A license needs no secret: the same store still sells it.
    place(&mut store, &checkout("db-license", 1, "k2")).unwrap();
    assert_ledger_balanced(&store);
}

#[test]
fn an_order_left_pending_by_a_stopped_process_is_paid_by_retrying_its_checkout() {
    let mut store = store();
    top_up(&mut store, "100");
    place(&mut store, &checkout("crm", 1, "k1")).unwrap();
    interrupt_payment(&store);
    assert_eq!(balance(&store), "100.00");
    let order = place(&mut store, &checkout("crm", 1, "k1")).unwrap();
    assert_eq!(order.order.status, OrderStatus::Completed);
    assert_eq!(balance(&store), "51.00");
    assert_eq!(count(&store, "orders"), 1);
}

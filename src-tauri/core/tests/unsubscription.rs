//! Unsubscribing (DOMAIN §8): which orders can be unsubscribed and why not, and negotiated
//! unsubscription of supervised products (R-UNS-3): its bounds, the seller's review, the refund
//! 3 hours after approval through the ledger, and a new request after a rejection.

mod common;

use chrono::Duration;
use common::supervision::*;
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::ledger::{self, unbalanced};
use koogallery_core::supervision::unsubscribe::{self, RequestStatus, UnsubscribeRule};
use koogallery_core::supervision::{Action, FlowState};
use koogallery_core::{scheduler, ErrorCode, Store};

fn ask(amount: &str) -> Action {
    Action::RequestUnsubscription {
        amount: amount.into(),
        reason: "Agreed with the seller".into(),
        share_contact: true,
    }
}

fn review(request_id: u32, approve: bool) -> Action {
    Action::ReviewUnsubscription {
        request_id,
        approve,
        comment: "As agreed by phone".into(),
        records: vec![koogallery_core::supervision::Upload::from_bytes("call-notes.pdf", &pdf())],
    }
}

fn minutes(m: i64) -> chrono::DateTime<chrono::Utc> {
    t0() + Duration::minutes(m)
}

fn balance(store: &Store) -> String {
    ledger::balance(store.conn(), &ledger::buyer_balance("acme-prepaid")).unwrap().to_string()
}

#[test]
fn r_uns_3_the_negotiated_refund_is_more_than_zero_and_at_most_what_was_paid() {
    let mut store = store();
    let order = buy(&mut store, "db-license"); // 49.00
    let before = snapshot(&store);
    for (amount, why) in [
        ("0", "more than zero"),
        ("49.01", "more than was paid"),
        ("-5", "more than zero"),
        ("1.005", "two decimals"),
        ("ten", "not an amount"),
    ] {
        let err = apply_as(&mut store, "ask", order, &buyer(), ask(amount), minutes(5)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{amount}");
        assert!(err.to_string().contains(why), "{amount}: {err}");
    }
    let empty = Action::RequestUnsubscription { amount: "10".into(), reason: "  ".into(), share_contact: false };
    assert_eq!(
        apply_as(&mut store, "ask", order, &buyer(), empty, minutes(5)).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(snapshot(&store), before, "refusals wrote nothing");
    apply_as(&mut store, "ask", order, &buyer(), ask("49.00"), minutes(5)).unwrap();
    let err = apply_as(&mut store, "ask-again", order, &buyer(), ask("10.00"), minutes(6)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "one request waits at a time: {err}");
}

#[test]
fn r_uns_3_no_unsubscription_after_completion_or_while_an_appeal_is_open() {
    let mut store = store();
    let order = buy(&mut store, "db-license");
    walk_to(&mut store, order, DeliveryMethod::License, FlowState::Completed, t0());
    let err = apply_as(&mut store, "ask", order, &buyer(), ask("10"), minutes(600)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::FlowClosed, "{err}");
    common::act_for(&store, "acme-prepaid");
    let listed = unsubscribe::quote(store.conn(), order).unwrap();
    assert!(!listed.possible);
    assert!(listed.note.contains("guarantee period ended"), "{}", listed.note);

    let mut store = common::supervision::store();
    let order = buy(&mut store, "db-license");
    apply_as(&mut store, "appeal", order, &seller(), Action::Appeal { reason: "x".into(), proof: vec![] }, minutes(5))
        .unwrap();
    let err = apply_as(&mut store, "ask", order, &buyer(), ask("10"), minutes(6)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::FlowFrozen, "{err}");
    common::act_for(&store, "acme-prepaid");
    assert!(unsubscribe::quote(store.conn(), order).unwrap().note.contains("appeal is open"));
}

#[test]
fn r_uns_3_approved_the_order_is_cancelled_and_the_refund_paid_3_hours_later() {
    let mut store = store();
    let order = buy(&mut store, "db-license");
    assert_eq!(balance(&store), "951.00");
    apply_as(&mut store, "ask", order, &buyer(), ask("30.00"), minutes(5)).unwrap();
    let request = unsubscribe::of_order(store.conn(), order).unwrap()[0].id;
    let approved = apply_as(&mut store, "review", order, &seller(), review(request, true), minutes(60)).unwrap();
    assert_eq!(approved.record.state_after, FlowState::Cancelled);
    assert_eq!(approved.record.attachments.len(), 1, "the seller's records of the talks");
    let status: String =
        store.conn().query_row("SELECT status FROM orders WHERE id = ?1", [order], |r| r.get(0)).unwrap();
    assert_eq!(status, "cancelled", "cancelled on approval");

    let early = with_clock(minutes(60 + 179), |s| scheduler::run_until(&mut store, s, minutes(60 + 179))).unwrap();
    assert!(early.iter().all(|f| f.kind != "unsubscription_refund"));
    assert_eq!(balance(&store), "951.00", "not refunded 2:59 after approval");
    let fired = with_clock(minutes(60 + 180), |s| scheduler::run_until(&mut store, s, minutes(60 + 180))).unwrap();
    let refund: Vec<_> = fired.iter().filter(|f| f.kind == "unsubscription_refund").collect();
    assert_eq!(refund.len(), 1);
    assert_eq!((refund[0].rule.as_str(), refund[0].money.as_deref()), ("R-UNS-3", Some("30.00")));
    assert_eq!(balance(&store), "981.00", "refunded 3:00 after approval");
    assert_eq!(unsubscribe::of_order(store.conn(), order).unwrap()[0].status, RequestStatus::Refunded);
    assert!(unbalanced(store.conn()).unwrap().is_empty());
    let chain = koogallery_core::supervision::verify(store.conn(), order).unwrap();
    assert!(chain.intact, "{:?}", chain.problems);
    assert_eq!(chain.records, 4, "started, asked, approved, refund paid");

    // Paid once, however often the clock moves.
    with_clock(minutes(60 * 24 * 30), |s| scheduler::run_until(&mut store, s, minutes(60 * 24 * 30))).unwrap();
    assert_eq!(balance(&store), "981.00");
}

#[test]
fn r_uns_3_rejected_the_request_ends_and_the_buyer_may_ask_again() {
    let mut store = store();
    let order = buy(&mut store, "db-license");
    apply_as(&mut store, "ask-1", order, &buyer(), ask("49.00"), minutes(5)).unwrap();
    let first = unsubscribe::of_order(store.conn(), order).unwrap()[0].id;
    apply_as(&mut store, "review-1", order, &seller(), review(first, false), minutes(10)).unwrap();
    let err = apply_as(&mut store, "review-2", order, &seller(), review(first, true), minutes(11)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "reviewed once: {err}");
    assert_eq!(state(&store, order), FlowState::SellerDeploying, "the flow goes on");
    apply_as(&mut store, "ask-2", order, &buyer(), ask("20.00"), minutes(12)).unwrap();
    let requests = unsubscribe::of_order(store.conn(), order).unwrap();
    assert_eq!(
        requests.iter().map(|r| r.status).collect::<Vec<_>>(),
        [RequestStatus::Pending, RequestStatus::Rejected]
    );
    // The seller sees the buyer's contact only because it was shared.
    assert!(requests[0].contact.is_some());
    let err = apply_as(&mut store, "review-x", order, &buyer(), review(requests[0].id, true), minutes(13)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "the buyer does not review: {err}");
}

#[test]
fn r_uns_which_orders_can_be_unsubscribed_and_why_not() {
    let mut store = store();
    common::act_for(&store, "acme-prepaid");
    let license = buy(&mut store, "db-license");
    let unsupervised_saas = buy(&mut store, "crm");
    let content = buy(&mut store, "fractions");
    common::act_for(&store, "acme-prepaid");
    let listed = unsubscribe::list(store.conn()).unwrap();
    let find = |id: u32| listed.iter().find(|o| o.order_id == id).unwrap();
    assert_eq!((find(license).rule, find(license).possible), (UnsubscribeRule::Negotiated, true));
    assert_eq!(find(license).max_amount, "49.00");
    assert_eq!(
        (find(unsupervised_saas).rule, find(unsupervised_saas).possible),
        (UnsubscribeRule::NotSupported, false)
    );
    assert!(
        find(unsupervised_saas).note.contains("SaaS without service supervision"),
        "{}",
        find(unsupervised_saas).note
    );
    assert_eq!((find(content).rule, find(content).possible), (UnsubscribeRule::NotSupported, false));
    // Another buyer's order is not found.
    common::act_for(&store, "borealis-postpaid");
    assert_eq!(unsubscribe::quote(store.conn(), license).unwrap_err().code(), ErrorCode::NotFound);
}

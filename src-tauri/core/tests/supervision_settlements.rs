//! Appeals settled by the operations manager (R-SUP-5): for the buyer, the order cancelled and
//! refunded through the ledger; for the seller, the flow going on from where it froze, or
//! completing.

mod common;

use common::supervision::*;
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::ledger::{self, unbalanced};
use koogallery_core::messages::Recipient;
use koogallery_core::orders::refund::refunded;
use koogallery_core::roles::Role;
use koogallery_core::supervision::{self, Action, FlowState, Ruling};
use koogallery_core::{ErrorCode, Store};
use rust_decimal::Decimal;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn settle(store: &mut Store, order: u32, ruling: Ruling) -> Result<supervision::Applied, koogallery_core::CoreError> {
    apply_as(store, "appeal", order, &seller(), appeal(), minutes(30)).unwrap();
    apply_as(
        store,
        "settle",
        order,
        &operations(),
        Action::Settle { ruling, decision: "Decided after calls".into() },
        minutes(60),
    )
}

#[test]
fn r_sup_5_settled_for_the_buyer_the_order_is_cancelled_and_refunded_through_the_ledger() {
    // Each case: the buyer, what the decision refunds, and where the money goes back.
    let cases = [
        ("acme-prepaid", None, "49.00", ledger::buyer_balance("acme-prepaid"), "1000.00"),
        ("acme-prepaid", Some("20.50"), "20.50", ledger::buyer_balance("acme-prepaid"), "971.50"),
        ("borealis-postpaid", None, "49.00", ledger::PROVIDER_CARDS.to_string(), "0.00"),
    ];
    for (account, refund, refunded_amount, to, after) in cases {
        let mut store = store();
        let order = buy_as(&mut store, account, "db-license", t0());
        let applied = settle(&mut store, order, Ruling::Buyer { refund: refund.map(Into::into) }).unwrap();
        assert_eq!(applied.record.details.refund.as_deref(), Some(refunded_amount));
        assert_eq!(state(&store, order), FlowState::Cancelled);
        assert_eq!(order_status(&store, order), "cancelled");
        assert_eq!(refunded(store.conn(), order).unwrap(), d(refunded_amount));
        assert_eq!(ledger::balance(store.conn(), &to).unwrap().to_string(), after, "{account} {refund:?}");
        assert!(unbalanced(store.conn()).unwrap().is_empty());
    }

    let mut store = store();
    let order = buy(&mut store, "db-license");
    for (bad, code) in
        [("49.01", ErrorCode::InvalidInput), ("0", ErrorCode::InvalidInput), ("-1", ErrorCode::InvalidInput)]
    {
        if bad == "49.01" {
            apply_as(&mut store, "appeal", order, &seller(), appeal(), minutes(30)).unwrap();
        }
        let before = snapshot(&store);
        let ruling = Ruling::Buyer { refund: Some(bad.into()) };
        let err = apply_as(
            &mut store,
            &format!("settle-{bad}"),
            order,
            &operations(),
            Action::Settle { ruling, decision: "x".into() },
            minutes(60),
        )
        .unwrap_err();
        assert_eq!(err.code(), code, "{bad}: {err}");
        assert_eq!(snapshot(&store), before);
    }

    // A reseller customer paid nothing here: nothing moves.
    let mut store = common::supervision::store();
    let order = buy_as(&mut store, "cedar-reseller", "db-license", t0());
    let applied = settle(&mut store, order, Ruling::Buyer { refund: None }).unwrap();
    assert_eq!(applied.record.details.refund.as_deref(), Some("0.00"));
    assert_eq!(order_status(&store, order), "cancelled");
    assert!(unbalanced(store.conn()).unwrap().is_empty());
}

#[test]
fn r_sup_5_settled_for_the_seller_the_flow_goes_on_from_where_it_froze_or_completes() {
    let mut store = store();
    let order = buy(&mut store, "db-license");
    walk_to(&mut store, order, DeliveryMethod::License, FlowState::AwaitingAcceptance, t0());
    settle(&mut store, order, Ruling::Seller { complete: false }).unwrap();
    assert_eq!(state(&store, order), FlowState::AwaitingAcceptance);

    let mut store = common::supervision::store();
    let order = buy(&mut store, "db-license");
    settle(&mut store, order, Ruling::Seller { complete: true }).unwrap();
    assert_eq!(state(&store, order), FlowState::Completed);
    assert_eq!(order_status(&store, order), "completed");

    // Frozen while accepted: the completion waits for the settlement, then comes once.
    let mut store = common::supervision::store();
    let order = buy(&mut store, "db-license");
    walk_to(&mut store, order, DeliveryMethod::License, FlowState::Accepted, t0());
    apply_as(&mut store, "appeal", order, &seller(), appeal(), minutes(30)).unwrap();
    run_until(&mut store, minutes(60 * 5));
    assert_eq!(state(&store, order), FlowState::Frozen, "no completion while frozen");
    let settle = Action::Settle { ruling: Ruling::Seller { complete: false }, decision: "Go on".into() };
    let applied = apply_as(&mut store, "settle", order, &operations(), settle, minutes(60 * 6)).unwrap();
    assert_eq!(
        applied.record.details.completes_at.as_deref(),
        Some("2026-03-02T16:00:00Z"),
        "its time had passed: at once"
    );
    let fired = run_until(&mut store, minutes(60 * 6));
    assert_eq!(fired.iter().filter(|f| f.kind == "supervision_completion").count(), 1);
    assert_eq!(state(&store, order), FlowState::Completed);
}

#[test]
fn r_aft_4_each_event_tells_the_role_that_must_know() {
    let mut store = store();
    let order = buy(&mut store, "accounting");
    walk_to(&mut store, order, DeliveryMethod::Saas, FlowState::Completed, t0());
    let kinds = |store: &Store, who: &Recipient| -> Vec<String> {
        let role = match who.role {
            Role::Buyer => "buyer",
            Role::Seller => "seller",
            Role::OperationsManager => "operations_manager",
        };
        let mut statement = store
            .conn()
            .prepare("SELECT kind FROM messages WHERE recipient_role = ?1 AND recipient_id = ?2 ORDER BY id")
            .unwrap();
        statement.query_map([role, &who.id], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert_eq!(
        kinds(&store, &Recipient::buyer("acme-prepaid")),
        ["request_needed", "request_accepted", "delivered", "completed"]
    );
    assert_eq!(kinds(&store, &Recipient::seller(SELLER)), ["request_submitted", "delivery_accepted", "completed"]);
}

#[test]
fn r_sup_4_records_are_in_time_order_and_a_clock_set_back_is_refused() {
    let mut store = store();
    let order = buy(&mut store, "db-license");
    apply_as(&mut store, "deliver", order, &seller(), delivery(DeliveryMethod::License), minutes(30)).unwrap();
    let before = snapshot(&store);
    let err = apply_as(&mut store, "accept", order, &buyer(), Action::AcceptDelivery, minutes(29)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    assert!(err.to_string().contains("set the clock forward"), "{err}");
    assert_eq!(snapshot(&store), before);
    apply_as(&mut store, "accept", order, &buyer(), Action::AcceptDelivery, minutes(30)).unwrap();
}

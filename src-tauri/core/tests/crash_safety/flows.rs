//! Supervised flows (R-SUP): the seller's delivery with proof files, and an appeal the
//! operations manager settles for the buyer, refunding the order. The chain of records of each
//! flow a worker touched must verify after every kill.

use std::path::Path;

use chrono::Duration;
use koogallery_core::orders::{self, Services};
use koogallery_core::supervision::{self, Action, Delivery, Ruling, Upload};
use koogallery_core::{accounts, Store};

use super::common::monthly_checkout;
use super::common::supervision::{apply_as, marketplace_in, operations, png, seller, t0, with_clock};
use super::harness::{count, writes_nothing, Acks, Kind, Worker};

pub const DELIVERY: Kind = Kind {
    name: "delivery",
    doing: "delivering with proof",
    stores: &["kg.db"],
    prepare,
    work: deliver,
    check: check_delivered,
    window_ms: 120,
};

pub const SETTLEMENT: Kind = Kind {
    name: "settlement",
    doing: "settling appeals with refunds",
    stores: &["kg.db"],
    prepare,
    work: settle,
    check: check_settled,
    window_ms: 40,
};

/// The supervision marketplace, with enough on the prepaid balance for every license bought.
fn prepare(dir: &Path) {
    marketplace_at(&dir.join("kg.db"));
}

/// The supervision marketplace in a file at `path`, with its prepaid buyer topped up.
pub fn marketplace_at(path: &Path) {
    let mut store = Store::open(path).unwrap();
    marketplace_in(&mut store);
    for _ in 0..10 {
        accounts::top_up(&mut store, &koogallery_core::clock::FixedClock(t0()), "1000000").unwrap();
    }
}

/// The prepaid buyer buys a month of the supervised license under `key`: its flow waits on
/// the seller's delivery.
pub fn buy_license(store: &mut Store, key: &str) {
    let mut checkout = monthly_checkout("db-license", 1, key);
    checkout.authorize_seller = true;
    with_clock(t0(), |s: &Services<'_>| orders::place(store, s, &checkout)).unwrap();
}

/// The first order whose flow is in `state`, if any.
pub fn first_in(store: &Store, state: &str) -> Option<u32> {
    store.conn().query_row("SELECT min(order_id) FROM service_flows WHERE state = ?1", [state], |r| r.get(0)).unwrap()
}

/// A delivery with a statement of its own (a PDF naming the order) and a screenshot.
pub fn delivery(order: u32) -> Action {
    let pdf = format!("%PDF-1.4\n% Acceptance of order {order}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    Action::Deliver(Delivery {
        remark: Some(format!("Licence key for order {order}")),
        proof: vec![Upload::from_bytes("acceptance.pdf", pdf.as_bytes()), Upload::from_bytes("key.png", &png(64, 48))],
        enabled_at: None,
        app: None,
    })
}

fn deliver_order(store: &mut Store, order: u32) -> supervision::Applied {
    apply_as(store, &format!("deliver-{order}"), order, &seller(), delivery(order), t0() + Duration::hours(1)).unwrap()
}

/// The seller delivers each license waiting on it; when none waits, the buyer buys one. Every
/// fifth delivery is sent twice under its operation id, as a retry would.
fn deliver(dir: &Path, run: u64, worker: &mut Worker) {
    let mut store = Store::open(&dir.join("kg.db")).unwrap();
    worker.ready();
    let mut last = None;
    for n in 0u64.. {
        if let Some(order) = last.filter(|_| n % 5 == 4) {
            assert!(deliver_order(&mut store, order).repeated);
            worker.ack(format!("deliver-{order}"));
        } else if let Some(order) = first_in(&store, "seller_deploying") {
            deliver_order(&mut store, order);
            worker.ack(format!("deliver-{order}"));
            last = Some(order);
        } else {
            buy_license(&mut store, &format!("run{run}-{n}"));
        }
    }
}

/// The flows the last worker touched: those it acknowledged and the newest one, which a kill
/// may have cut short.
fn touched(store: &Store, acks: &Acks<'_>) -> Vec<u32> {
    let mut orders: Vec<u32> = acks.new.iter().map(|op| op.rsplit_once('-').unwrap().1.parse().unwrap()).collect();
    orders.extend(first_in(store, "seller_deploying"));
    orders.push(u32::try_from(count(store, "SELECT coalesce(max(order_id), 0) FROM flow_operations")).unwrap());
    orders.retain(|o| *o > 0);
    orders.sort_unstable();
    orders.dedup();
    orders
}

/// The tamper-evident chains of the flows the last worker touched verify, files re-hashed: a
/// kill left no record half-written nor out of order.
pub fn chains_verify(store: &Store, acks: &Acks<'_>) {
    for order in touched(store, acks) {
        let report = supervision::verify(store.conn(), order).unwrap();
        assert!(report.intact, "the chain of order {order}: {:?}", report.problems);
    }
}

/// Every acknowledged delivery is recorded once with its two files, the flow awaits the
/// buyer's acceptance, and sent again it is answered from the record.
fn check_delivered(_: &Path, stores: &mut [Store], acks: &Acks<'_>) {
    let store = &mut stores[0];
    chains_verify(store, acks);
    let mut statement = store
        .conn()
        .prepare(
            "SELECT o.action, f.state, (SELECT count(*) FROM operation_attachments a
                                        JOIN attachments b ON b.sha256 = a.sha256 WHERE a.operation_id = o.id),
                    (SELECT count(*) FROM flow_operations d WHERE d.order_id = o.order_id AND d.action = 'deliver')
             FROM flow_operations o JOIN service_flows f ON f.order_id = o.order_id WHERE o.id = ?1",
        )
        .unwrap();
    for op in acks.all {
        let found: (String, String, i64, i64) = statement
            .query_row([op], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap_or_else(|_| panic!("the delivery {op} was lost"));
        assert_eq!(found, ("deliver".into(), "awaiting_acceptance".into(), 2, 1), "{op}");
    }
    drop(statement);
    if let Some(op) = acks.new.last() {
        let order = op.rsplit_once('-').unwrap().1.parse().unwrap();
        let again =
            writes_nothing(store, &["flow_operations", "operation_attachments", "attachments", "messages"], |s| {
                deliver_order(s, order)
            });
        assert!(again.repeated);
    }
}

fn settle_order(store: &mut Store, order: u32) -> supervision::Applied {
    let ruling = Action::Settle { ruling: Ruling::Buyer { refund: None }, decision: "Refund the buyer in full".into() };
    apply_as(store, &format!("settle-{order}"), order, &operations(), ruling, t0() + Duration::hours(2)).unwrap()
}

/// The operations manager settles every open appeal for the buyer; when none is open, the
/// seller appeals a license waiting on it; when none waits, the buyer buys one.
fn settle(dir: &Path, run: u64, worker: &mut Worker) {
    let mut store = Store::open(&dir.join("kg.db")).unwrap();
    worker.ready();
    for n in 0u64.. {
        if let Some(order) = first_in(&store, "frozen") {
            settle_order(&mut store, order);
            worker.ack(format!("settle-{order}"));
        } else if let Some(order) = first_in(&store, "seller_deploying") {
            let appeal = Action::Appeal { reason: "The buyer cannot be reached".into(), proof: vec![] };
            apply_as(&mut store, &format!("appeal-{order}"), order, &seller(), appeal, t0() + Duration::hours(1))
                .unwrap();
        } else {
            buy_license(&mut store, &format!("run{run}-{n}"));
        }
    }
}

/// Every acknowledged settlement cancelled its flow and refunded the order in full, once;
/// settled again under its id, it refunds nothing more.
fn check_settled(_: &Path, stores: &mut [Store], acks: &Acks<'_>) {
    let store = &mut stores[0];
    chains_verify(store, acks);
    let refunds = "SELECT count(*) FROM ledger_transactions WHERE kind = 'refund'";
    assert_eq!(
        count(store, refunds),
        count(store, "SELECT count(*) FROM flow_operations WHERE action = 'settle_for_buyer'"),
        "one refund per settlement, none without one"
    );
    let mut statement = store
        .conn()
        .prepare(
            "SELECT f.state, o.status, o.amount_cents,
                    (SELECT count(*) FROM ledger_transactions t WHERE t.order_id = o.id AND t.kind = 'refund'),
                    (SELECT coalesce(sum(e.amount_cents), 0) FROM ledger_transactions t
                       JOIN ledger_entries e ON e.transaction_id = t.id
                      WHERE t.order_id = o.id AND t.kind = 'refund' AND +e.ledger_account = 'buyer_balance:acme-prepaid')
             FROM flow_operations op JOIN service_flows f ON f.order_id = op.order_id JOIN orders o ON o.id = op.order_id
             WHERE op.id = ?1",
        )
        .unwrap();
    for op in acks.all {
        let (state, status, amount, refunds, refunded): (String, String, i64, i64, i64) = statement
            .query_row([op], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap_or_else(|_| panic!("the settlement {op} was lost"));
        assert_eq!((state.as_str(), refunds, refunded), ("cancelled", 1, amount), "{op} ({status})");
    }
    drop(statement);
    if let Some(op) = acks.new.last() {
        let order = op.rsplit_once('-').unwrap().1.parse().unwrap();
        let again =
            writes_nothing(store, &["flow_operations", "ledger_transactions", "messages"], |s| settle_order(s, order));
        assert!(again.repeated);
    }
}

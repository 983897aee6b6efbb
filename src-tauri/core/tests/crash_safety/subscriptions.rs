//! Subscriptions (R-REN-2, R-UNS-2): renewing by hand, and the standard unsubscription of a
//! monthly image, which refunds what is left of the term and releases its instance.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use koogallery_core::catalog::model::BillingPeriod;
use koogallery_core::images;
use koogallery_core::subscriptions::unsubscribe::{self, StandardUnsubscribe};
use koogallery_core::subscriptions::{self, RenewRequest};
use koogallery_core::{accounts, Store};

use super::common::monthly_checkout;
use super::common::supervision::{marketplace_in, t0, with_clock};
use super::harness::{count, writes_nothing, Acks, Kind, Worker};
use super::images::{a_month, now};

pub const RENEWAL: Kind = Kind {
    name: "renewal",
    doing: "renewing subscriptions",
    stores: &["kg.db"],
    prepare: prepare_subscriptions,
    work: renew,
    check: check_renewed,
    window_ms: 20,
};

pub const REFUND: Kind = Kind {
    name: "refund",
    doing: "unsubscribing with refunds",
    stores: &["kg.db"],
    prepare: super::images::prepare,
    work: unsubscribe,
    check: check_refunded,
    // Each unsubscription follows a provisioning, which hashes a password first.
    window_ms: 250,
};

/// How many subscriptions the renewals go round.
const SUBSCRIPTIONS: u64 = 10;

fn prepare_subscriptions(dir: &Path) {
    let mut store = Store::open(&dir.join("kg.db")).unwrap();
    marketplace_in(&mut store);
    for _ in 0..10 {
        accounts::top_up(&mut store, &koogallery_core::clock::FixedClock(t0()), "1000000").unwrap();
    }
    for n in 0..SUBSCRIPTIONS {
        let checkout = monthly_checkout("crm", 1, &format!("crm-{n}"));
        with_clock(t0(), |s| koogallery_core::orders::place(&mut store, s, &checkout)).unwrap();
    }
}

fn renewal_at() -> DateTime<Utc> {
    t0() + Duration::days(1)
}

/// The subscription renewal `key` (`run<run>-<n>`) renews.
fn subscription_of(key: &str) -> u32 {
    let n: u64 = key.rsplit_once('-').unwrap().1.parse().unwrap();
    u32::try_from(n % SUBSCRIPTIONS + 1).unwrap()
}

/// Renewal `key` of its subscription, for a month.
fn renew_one(store: &mut Store, key: &str) -> subscriptions::Renewal {
    let request = RenewRequest {
        subscription_id: subscription_of(key),
        period: BillingPeriod::Month,
        duration: 1,
        idempotency_key: key.into(),
    };
    with_clock(renewal_at(), |s| subscriptions::renew(store, s, &request)).unwrap()
}

/// Renews the subscriptions in turn, a month each; every fifth renewal is submitted twice.
fn renew(dir: &Path, run: u64, worker: &mut Worker) {
    let mut store = Store::open(&dir.join("kg.db")).unwrap();
    worker.ready();
    for n in 0u64.. {
        let key = format!("run{run}-{}", n - u64::from(n % 5 == 4));
        renew_one(&mut store, &key);
        worker.ack(key);
    }
}

/// Every acknowledged renewal is there once, paid; each subscription's renewals follow one
/// another from its expiry to where it now expires (R-REN-2); submitted again, a renewal pays
/// nothing more.
fn check_renewed(_: &Path, stores: &mut [Store], acks: &Acks<'_>) {
    let store = &mut stores[0];
    let broken = count(
        store,
        "SELECT count(*) FROM (SELECT subscription_id, from_expiry,
                                      lag(to_expiry) OVER (PARTITION BY subscription_id ORDER BY id) AS previous
                               FROM renewals) WHERE previous IS NOT NULL AND previous <> from_expiry",
    );
    assert_eq!(broken, 0, "a renewal that does not start where the one before ended");
    let behind = count(
        store,
        "SELECT count(*) FROM subscriptions s
          WHERE s.expires_at <> coalesce((SELECT r.to_expiry FROM renewals r WHERE r.subscription_id = s.id
                                           ORDER BY r.id DESC LIMIT 1), s.expires_at)",
    );
    assert_eq!(behind, 0, "a subscription that does not expire where its last renewal ends");
    assert_eq!(
        count(store, "SELECT count(*) FROM renewals"),
        count(store, "SELECT count(*) FROM ledger_transactions WHERE memo LIKE 'Renewal of order %'"),
        "one payment per renewal"
    );
    let mut statement = store
        .conn()
        .prepare(
            "SELECT count(*), min(r.status), min((SELECT count(*) FROM ledger_transactions t WHERE t.id = r.transaction_id))
             FROM renewals r WHERE r.subscription_id = ?1 AND r.idempotency_key = ?2",
        )
        .unwrap();
    for key in acks.all {
        let found: (i64, Option<String>, Option<i64>) = statement
            .query_row(rusqlite::params![subscription_of(key), key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap();
        assert_eq!(found, (1, Some("paid".into()), Some(1)), "the renewal {key}");
    }
    drop(statement);
    if let Some(key) = acks.new.last() {
        writes_nothing(store, &["renewals", "ledger_transactions", "timers", "messages"], |s| renew_one(s, key));
    }
}

fn unsubscribe_at() -> DateTime<Utc> {
    now() + Duration::hours(5)
}

fn unsubscribe_order(store: &mut Store, order: u32) -> unsubscribe::StandardRefund {
    let request = StandardUnsubscribe { order_id: order, expected_refund: None };
    with_clock(unsubscribe_at(), |s| unsubscribe::unsubscribe(store, s, &request)).unwrap()
}

/// Unsubscribes every monthly image in use; when none is, provisions one. Every fifth
/// unsubscription is sent twice.
fn unsubscribe(dir: &Path, run: u64, worker: &mut Worker) {
    let mut store = Store::open(&dir.join("kg.db")).unwrap();
    worker.ready();
    let mut last = None;
    for n in 0u64.. {
        let in_use: Option<u32> =
            store.conn().query_row("SELECT min(id) FROM orders WHERE status = 'completed'", [], |r| r.get(0)).unwrap();
        if let Some(order) = last.filter(|_| n % 5 == 4) {
            assert!(unsubscribe_order(&mut store, order).unsubscribed);
            worker.ack(order);
        } else if let Some(order) = in_use {
            unsubscribe_order(&mut store, order);
            worker.ack(order);
            last = Some(order);
        } else {
            with_clock(now(), |s| images::provision(&mut store, s, &a_month(&format!("run{run}-{n}")))).unwrap();
        }
    }
}

/// Every acknowledged unsubscription cancelled its order and subscription, released its
/// instance and refunded, once, what it said; sent again, it refunds nothing more.
fn check_refunded(_: &Path, stores: &mut [Store], acks: &Acks<'_>) {
    let store = &mut stores[0];
    let mut statement = store
        .conn()
        .prepare(
            "SELECT o.status, s.state,
                    (SELECT count(*) FROM ecs_instances e WHERE e.order_id = o.id AND e.state <> 'deleted'),
                    (SELECT count(*) FROM ledger_transactions t WHERE t.order_id = o.id AND t.kind = 'refund'),
                    (SELECT coalesce(sum(e.amount_cents), 0) FROM ledger_transactions t
                       JOIN ledger_entries e ON e.transaction_id = t.id
                      WHERE t.order_id = o.id AND t.kind = 'refund' AND +e.ledger_account = 'buyer_balance:acme-prepaid')
             FROM orders o JOIN subscriptions s ON s.order_id = o.id WHERE o.id = ?1",
        )
        .unwrap();
    for order in acks.all {
        let (status, state, live, refunds, refunded): (String, String, i64, i64, i64) = statement
            .query_row([order], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap_or_else(|_| panic!("the unsubscription of order {order} was lost"));
        assert_eq!(
            (status.as_str(), state.as_str(), live, refunds),
            ("cancelled", "cancelled", 0, i64::from(refunded > 0)),
            "order {order}"
        );
        // What the buyer was told is recomputed for the last worker's orders only: it is the
        // slow part, and an earlier order's refund was compared after its own kill.
        if acks.new.contains(order) {
            let said = unsubscribe::quote(store.conn(), order.parse().unwrap(), unsubscribe_at()).unwrap();
            let said = koogallery_core::money::to_cents(said.refund.parse().unwrap()).unwrap();
            assert_eq!(refunded, said, "order {order}: the refund made is the one the buyer was told");
        }
    }
    drop(statement);
    if let Some(order) = acks.new.last() {
        let again = writes_nothing(store, &["ledger_transactions", "order_events", "messages"], |s| {
            unsubscribe_order(s, order.parse().unwrap())
        });
        assert!(again.unsubscribed);
    }
}

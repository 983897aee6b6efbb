//! Paying orders (R-BUY-6, R-MT-5): a worker places and pays orders in a loop (every fifth
//! checkout submitted twice, as a double click would; every tenth step a top-up). After each
//! kill the balance is the top-ups less what paid orders cost, an order is completed exactly
//! when it has its payment and its app, and every acknowledged order is there, completed.

use std::path::Path;

use chrono::{DateTime, Utc};
use koogallery_core::clock::FixedClock;
use koogallery_core::entropy::OsEntropy;
use koogallery_core::orders::{self, CheckoutRequest, Services};
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::{accounts, Store};

use super::common::{buyers_of_each_kind, buying_catalog, monthly_checkout};
use super::harness::{count, writes_nothing, Acks, Kind, Worker};

pub const PAYING: Kind =
    Kind { name: "payments", doing: "paying orders", stores: &["kg.db"], prepare, work, check, window_ms: 25 };

fn clock() -> FixedClock {
    FixedClock("2026-03-08T10:00:00Z".parse::<DateTime<Utc>>().unwrap())
}

/// The checkout of key `run<run>-<n>`: alternately a SaaS (49.00 a month) and a content
/// service priced to fractions of a cent, for 1 to 3 months.
fn checkout(key: &str) -> CheckoutRequest {
    let (run, n) = key.trim_start_matches("run").split_once('-').unwrap();
    let months = u32::try_from((run.parse::<u64>().unwrap() + n.parse::<u64>().unwrap()) % 3).unwrap() + 1;
    monthly_checkout(if months.is_multiple_of(2) { "crm" } else { "fractions" }, months, key)
}

fn prepare(dir: &Path) {
    let mut store = Store::open(&dir.join("kg.db")).unwrap();
    buying_catalog(&mut store);
    buyers_of_each_kind(&store);
    for _ in 0..5 {
        accounts::top_up(&mut store, &clock(), "1000000").unwrap();
    }
}

fn work(dir: &Path, run: u64, worker: &mut Worker) {
    let mut store = Store::open(&dir.join("kg.db")).unwrap();
    let clock = clock();
    let services = Services { clock: &clock, payments: &SimulatedProvider, entropy: &OsEntropy };
    worker.ready();
    for n in 0u64.. {
        if n % 10 == 9 {
            accounts::top_up(&mut store, &clock, "100").unwrap();
            continue;
        }
        let key = format!("run{run}-{}", n - u64::from(n % 5 == 4));
        orders::place(&mut store, &services, &checkout(&key)).unwrap();
        worker.ack(key);
    }
}

fn check(_: &Path, stores: &mut [Store], acks: &Acks<'_>) {
    let store = &mut stores[0];
    let balance = count(
        store,
        "SELECT coalesce(sum(amount_cents), 0) FROM ledger_entries WHERE ledger_account = 'buyer_balance:acme-prepaid'",
    );
    let topped = count(
        store,
        "SELECT coalesce(sum(e.amount_cents), 0) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
         WHERE t.kind = 'top_up' AND e.ledger_account = 'buyer_balance:acme-prepaid'",
    );
    let paid = count(store, "SELECT coalesce(sum(amount_cents), 0) FROM orders WHERE status = 'completed'");
    assert_eq!(balance, topped - paid, "the balance is the top-ups less the paid orders");
    let orphans = count(
        store,
        "SELECT count(*) FROM orders o WHERE (o.status = 'completed') <>
             (EXISTS (SELECT 1 FROM ledger_transactions t WHERE t.order_id = o.id)
              AND EXISTS (SELECT 1 FROM purchased_apps a WHERE a.order_id = o.id))",
    );
    assert_eq!(orphans, 0, "an order is completed exactly when it has its payment and its app");

    let mut statement = store
        .conn()
        .prepare(
            "SELECT status, (SELECT count(*) FROM ledger_transactions t WHERE t.order_id = o.id) FROM orders o
                  WHERE account_id = 'acme-prepaid' AND idempotency_key = ?1",
        )
        .unwrap();
    for key in acks.all {
        let (status, payments): (String, i64) = statement
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap_or_else(|_| panic!("the order of {key} was lost"));
        assert_eq!((status.as_str(), payments), ("completed", 1), "the order of {key}");
    }
    drop(statement);
    if let Some(key) = acks.new.last() {
        let clock = clock();
        let services = Services { clock: &clock, payments: &SimulatedProvider, entropy: &OsEntropy };
        writes_nothing(store, &["orders", "ledger_transactions", "purchased_apps"], |store| {
            orders::place(store, &services, &checkout(key)).unwrap()
        });
    }
}

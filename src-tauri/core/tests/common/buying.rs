//! Buying through the core in tests: an in-memory store with the buying catalog and a buyer
//! of each kind, at a fixed time, and what a test reads back (counts, balance, the ledger).

use chrono::{DateTime, Utc};
use koogallery_core::clock::FixedClock;
use koogallery_core::entropy::OsEntropy;
use koogallery_core::orders::{self, CheckoutRequest, OrderDetail, Services};
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::{accounts, ledger, CoreError, Store};

use super::{buyers_of_each_kind, buying_catalog};

pub const NOW: &str = "2026-03-08T10:00:00Z";

pub fn clock() -> FixedClock {
    FixedClock(NOW.parse::<DateTime<Utc>>().unwrap())
}

pub fn with_services<T>(work: impl FnOnce(&Services<'_>) -> T) -> T {
    let clock = clock();
    work(&Services { clock: &clock, payments: &SimulatedProvider, entropy: &OsEntropy })
}

pub fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    buying_catalog(&mut store);
    buyers_of_each_kind(&store);
    store
}

pub fn top_up(store: &mut Store, amount: &str) {
    accounts::top_up(store, &clock(), amount).unwrap();
}

pub fn place(store: &mut Store, request: &CheckoutRequest) -> Result<OrderDetail, CoreError> {
    with_services(|services| orders::place(store, services, request))
}

pub fn count(store: &Store, table: &str) -> i64 {
    store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

pub fn balance(store: &Store) -> String {
    accounts::show(store.conn()).unwrap().balance.unwrap()
}

/// Every transaction balanced, and the whole ledger sums to zero (R-MT-5).
pub fn assert_ledger_balanced(store: &Store) {
    assert!(ledger::unbalanced(store.conn()).unwrap().is_empty());
    let total: i64 =
        store.conn().query_row("SELECT coalesce(sum(amount_cents), 0) FROM ledger_entries", [], |r| r.get(0)).unwrap();
    assert_eq!(total, 0);
}

/// Puts the first order back to pending payment with nothing paid or delivered, as a process
/// stopped between recording and paying it would leave it.
pub fn interrupt_payment(store: &Store) {
    store
        .conn()
        .execute_batch(
            "DELETE FROM purchased_apps; DELETE FROM timers; DELETE FROM subscriptions;
             DELETE FROM ledger_entries WHERE transaction_id = 2;
             DELETE FROM ledger_transactions WHERE id = 2; DELETE FROM order_events WHERE status <> 'pending_payment';
             UPDATE orders SET status = 'pending_payment';
             UPDATE ledger_balances SET amount_cents = (SELECT coalesce(sum(e.amount_cents), 0) FROM ledger_entries e
                                                        WHERE e.ledger_account = ledger_balances.ledger_account);",
        )
        .unwrap();
}

//! Crash safety of every kind of write (R-BUY-6, R-MT-5): for each kind, a process doing it in
//! a loop is killed with SIGKILL at random moments, and after each kill the store must be sound,
//! the ledger balanced, and every action the process acknowledged (printed only after its
//! commit) there exactly once. `harness` holds what every kind shares; each kind says how to
//! prepare its store, what the worker does, and what it checks.
//!
//! `KG_CRASH_KILLS` sets the kills per kind (200 by default); the test of one kind runs alone
//! with its name as the filter (`cargo test --test crash_safety -- refund`).
//! `scripts/crash-bench.sh` runs 10,000 a kind and prints the figures.

#[path = "../common/mod.rs"]
mod common;
mod flows;
mod harness;
mod images;
mod invoices;
mod payments;
mod subscriptions;
mod sync;

use harness::{kill_and_check, Kind};

const KINDS: &[Kind] = &[
    payments::PAYING,
    images::PROVISIONING,
    images::HOURLY_BILLING,
    flows::DELIVERY,
    flows::SETTLEMENT,
    subscriptions::RENEWAL,
    subscriptions::REFUND,
    invoices::INVOICE,
    sync::SYNC,
];

/// The process that gets killed: the kind `KG_CRASH_KIND` names, writing until it is stopped.
#[test]
#[ignore = "run by the kill tests below"]
fn crash_worker() {
    harness::work(KINDS);
}

#[test]
fn kills_while_paying_keep_every_acknowledged_order() {
    kill_and_check(&payments::PAYING);
}

#[test]
fn kills_while_provisioning_leave_no_half_made_resource() {
    kill_and_check(&images::PROVISIONING);
}

#[test]
fn kills_while_billing_hours_charge_each_hour_once() {
    kill_and_check(&images::HOURLY_BILLING);
}

#[test]
fn kills_while_delivering_keep_every_delivery_and_its_proof() {
    kill_and_check(&flows::DELIVERY);
}

#[test]
fn kills_while_settling_appeals_refund_each_once() {
    kill_and_check(&flows::SETTLEMENT);
}

#[test]
fn kills_while_renewing_pay_each_renewal_once() {
    kill_and_check(&subscriptions::RENEWAL);
}

#[test]
fn kills_while_unsubscribing_refund_each_once() {
    kill_and_check(&subscriptions::REFUND);
}

#[test]
fn kills_while_invoicing_issue_each_amount_once_and_save_whole_pdfs() {
    kill_and_check(&invoices::INVOICE);
}

#[test]
fn kills_while_syncing_bring_each_delivery_to_the_marketplace_once() {
    kill_and_check(&sync::SYNC);
}

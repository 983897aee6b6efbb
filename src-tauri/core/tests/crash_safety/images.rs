//! Images (R-IMG, R-IMG-4, R-BUY-6): provisioning an image with its ECS, and the hourly
//! billing of pay-per-use instances as the scheduler moves the clock.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use koogallery_core::images::{self, NetworkChoice, ProvisionRequest};
use koogallery_core::{scheduler, Store};

use super::common::images::{images_in, instant, monthly_request, ppu_request, top_up, with_clock, T0};
use super::harness::{count, writes_nothing, Acks, Kind, Worker};

pub const PROVISIONING: Kind = Kind {
    name: "provisioning",
    doing: "provisioning images",
    stores: &["kg.db"],
    prepare,
    work: provision,
    check: check_provisioned,
    // A provisioning hashes the login password first (tens of milliseconds in a test build).
    window_ms: 250,
};

pub const HOURLY_BILLING: Kind = Kind {
    name: "hourly-billing",
    doing: "billing pay-per-use hours",
    stores: &["kg.db"],
    prepare: prepare_metered,
    work: bill_hours,
    check: check_billed,
    window_ms: 20,
};

pub fn prepare(dir: &Path) {
    let mut store = Store::open(&dir.join("kg.db")).unwrap();
    images_in(&mut store);
    for _ in 0..10 {
        top_up(&mut store, "1000000");
    }
}

/// The request of key `run<run>-<n>`: pay-per-use or a month, each in a VPC of its own (a
/// VPC's name is the account's once).
fn request(key: &str) -> ProvisionRequest {
    let n: u64 = key.rsplit_once('-').unwrap().1.parse().unwrap();
    let mut request = if n.is_multiple_of(2) { ppu_request(key) } else { monthly_request(key, 1) };
    request.network = own_vpc(key);
    request
}

/// A month of the MySQL image under `key`, in a VPC of its own.
pub fn a_month(key: &str) -> ProvisionRequest {
    let mut request = monthly_request(key, 1);
    request.network = own_vpc(key);
    request
}

fn own_vpc(key: &str) -> NetworkChoice {
    NetworkChoice::New { vpc_name: format!("vpc-{key}"), vpc_cidr: "10.0.0.0/16".into(), subnet_cidr: None }
}

pub fn now() -> DateTime<Utc> {
    instant(T0)
}

fn provision(dir: &Path, run: u64, worker: &mut Worker) {
    let mut store = Store::open(&dir.join("kg.db")).unwrap();
    worker.ready();
    for n in 0u64.. {
        // Every fifth request is submitted twice, as a double click would.
        let key = format!("run{run}-{}", n - u64::from(n % 5 == 4));
        with_clock(now(), |s| images::provision(&mut store, s, &request(&key))).unwrap();
        worker.ack(key);
    }
}

/// Every acknowledged provisioning is paid for (a month: its payment; pay-per-use: its hourly
/// runs) and has its instance; no order has resources without being completed, nor the
/// reverse; submitted again, it makes and charges nothing.
fn check_provisioned(_: &Path, stores: &mut [Store], acks: &Acks<'_>) {
    let store = &mut stores[0];
    let half_made = count(
        store,
        "SELECT count(*) FROM orders o WHERE (o.status = 'completed') <>
             EXISTS (SELECT 1 FROM ecs_instances i WHERE i.order_id = o.id)",
    );
    assert_eq!(half_made, 0, "an image order has its instance exactly when it is completed");
    let mut statement = store
        .conn()
        .prepare(
            "SELECT o.status, o.billing,
                    (SELECT count(*) FROM ecs_instances i WHERE i.order_id = o.id),
                    (SELECT count(*) FROM ledger_transactions t WHERE t.order_id = o.id),
                    (SELECT count(*) FROM metering_runs r JOIN ecs_instances i ON i.id = r.instance_id
                      WHERE i.order_id = o.id)
             FROM orders o WHERE o.account_id = 'acme-prepaid' AND o.idempotency_key = ?1",
        )
        .unwrap();
    for key in acks.all {
        let (status, billing, instances, payments, runs): (String, String, i64, i64, i64) = statement
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap_or_else(|_| panic!("the provisioning of {key} was lost"));
        let paid = if billing == "pay_per_use" { (0, 2) } else { (1, 0) };
        assert_eq!((status.as_str(), instances, (payments, runs)), ("completed", 1, paid), "{key}");
    }
    drop(statement);
    if let Some(key) = acks.new.last() {
        writes_nothing(store, &["orders", "ecs_instances", "vpcs", "ledger_transactions", "metering_runs"], |store| {
            with_clock(now(), |s| images::provision(store, s, &request(key))).unwrap()
        });
    }
}

/// Two pay-per-use instances (each with its ECS and image billed by the hour), from T0.
fn prepare_metered(dir: &Path) {
    prepare(dir);
    let mut store = Store::open(&dir.join("kg.db")).unwrap();
    for key in ["run0-0", "run0-2"] {
        with_clock(now(), |s| images::provision(&mut store, s, &request(key))).unwrap();
    }
}

/// The start of hourly block `k` (0 from T0).
fn block(k: i64) -> DateTime<Utc> {
    now() + Duration::hours(k)
}

/// Blocks up to `k` are billed once the clock is a minute into block `k`.
fn bill_through(store: &mut Store, k: i64) {
    let until = block(k) + Duration::minutes(1);
    with_clock(until, |s| scheduler::run_until(store, s, until)).unwrap();
}

/// The last block billed, by the store.
fn last_billed(store: &Store) -> Option<i64> {
    let last: Option<String> =
        store.conn().query_row("SELECT max(block_start) FROM hourly_charges", [], |r| r.get(0)).unwrap();
    last.map(|text| (instant(&text) - now()).num_hours())
}

/// Moves the clock an hour at a time from where billing got to; acknowledges each block
/// billed as its number.
fn bill_hours(dir: &Path, _: u64, worker: &mut Worker) {
    let mut store = Store::open(&dir.join("kg.db")).unwrap();
    worker.ready();
    for k in last_billed(&store).map_or(0, |k| k + 1).. {
        bill_through(&mut store, k);
        worker.ack(k);
    }
}

/// Up to the last acknowledged block, every item of every instance is charged for each hour
/// exactly once, and paid; billing up to it again charges nothing.
fn check_billed(_: &Path, stores: &mut [Store], acks: &Acks<'_>) {
    let store = &mut stores[0];
    let twice = count(
        store,
        "SELECT count(*) FROM (SELECT 1 FROM hourly_charges GROUP BY instance_id, item, block_start HAVING count(*) > 1)",
    );
    assert_eq!(twice, 0, "an hour charged twice");
    let unpaid = count(
        store,
        "SELECT count(*) FROM hourly_charges c WHERE c.status <> 'paid'
            OR NOT EXISTS (SELECT 1 FROM ledger_transactions t WHERE t.id = c.transaction_id)",
    );
    assert_eq!(unpaid, 0, "every hour is paid, with its ledger transaction");
    let Some(last) = acks.all.iter().map(|k| k.parse::<i64>().unwrap()).max() else { return };
    let through = block(last).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut statement = store
        .conn()
        .prepare(
            "SELECT r.instance_id, r.item,
                    (SELECT count(*) FROM hourly_charges c
                      WHERE c.instance_id = r.instance_id AND c.item = r.item AND c.block_start <= ?1)
             FROM metering_runs r",
        )
        .unwrap();
    let runs: Vec<(u32, String, i64)> = statement
        .query_map([&through], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    drop(statement);
    assert_eq!(runs.len(), 4, "two instances, each an ECS and an image");
    for (instance, item, charged) in runs {
        assert_eq!(charged, last + 1, "instance {instance}, {item}: hours 0 to {last} acknowledged");
    }
    if !acks.new.is_empty() {
        writes_nothing(store, &["hourly_charges", "ledger_transactions"], |store| bill_through(store, last));
    }
}

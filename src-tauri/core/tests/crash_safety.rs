//! Crash safety of paying (R-BUY-6, R-MT-5): a process placing and paying orders in a loop is
//! killed with SIGKILL at random moments, then the store is opened again and checked: SQLite
//! finds the file sound, the ledger balances, the balance is what was topped up less what
//! paid orders cost, and every order the process acknowledged (printed only after its commit)
//! is there, paid.
//!
//! The process is this test binary itself, run again with only `crash_worker` selected. It
//! says when its store is open; each kill comes 0 to 30 ms later, while it is paying.
//! `KG_CRASH_KILLS` sets the number of kills (200 by default; `scripts/crash-bench.sh` runs
//! 10,000 and prints the figures).

mod common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use common::{buyers_of_each_kind, buying_catalog, monthly_checkout};
use koogallery_core::clock::FixedClock;
use koogallery_core::entropy::OsEntropy;
use koogallery_core::orders::{self, CheckoutRequest, Services};
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::{accounts, ledger, Store};

const DB_VAR: &str = "KG_CRASH_DB";
const RUN_VAR: &str = "KG_CRASH_RUN";

fn clock() -> FixedClock {
    FixedClock("2026-03-08T10:00:00Z".parse::<DateTime<Utc>>().unwrap())
}

/// Alternately a SaaS (49.00 a month) and a content service priced to fractions of a cent.
fn checkout(key: String, months: u32) -> CheckoutRequest {
    monthly_checkout(if months.is_multiple_of(2) { "crm" } else { "fractions" }, months, &key)
}

/// The process that gets killed: places orders (and now and then retries one, or tops up)
/// until it is stopped, printing `ACK <order id>` after each order is committed and paid.
#[test]
#[ignore = "run by crash_kill_restart_keeps_every_acknowledged_order"]
fn crash_worker() {
    let Some(db) = std::env::var_os(DB_VAR) else { return };
    let run: u64 = std::env::var(RUN_VAR).unwrap().parse().unwrap();
    let mut store = Store::open(Path::new(&db)).unwrap();
    let clock = clock();
    let services = Services { clock: &clock, payments: &SimulatedProvider, entropy: &OsEntropy };
    let mut out = std::io::stdout().lock();
    // The harness kills only after this, so that every kill lands while orders are being paid.
    writeln!(out, "READY").unwrap();
    out.flush().unwrap();
    for n in 0u64.. {
        if n % 10 == 9 {
            accounts::top_up(&mut store, &clock, "100").unwrap();
            continue;
        }
        // Every fifth checkout is submitted twice, as a double click would.
        let checkout_number = n - u64::from(n % 5 == 4);
        let key = format!("run{run}-{checkout_number}");
        let months = u32::try_from((run + checkout_number) % 3).unwrap() + 1;
        let order = orders::place(&mut store, &services, &checkout(key, months)).unwrap();
        writeln!(out, "ACK {}", order.order.id).unwrap();
        out.flush().unwrap();
    }
}

/// A small, seedable generator for the moments to kill at.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn check(db: &Path, acknowledged: &HashSet<u32>) {
    let store = Store::open(db).unwrap();
    let conn = store.conn();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    assert!(ledger::unbalanced(conn).unwrap().is_empty(), "an unbalanced ledger transaction");
    let total: i64 =
        conn.query_row("SELECT coalesce(sum(amount_cents), 0) FROM ledger_entries", [], |r| r.get(0)).unwrap();
    assert_eq!(total, 0, "the ledger sums to zero");
    assert_eq!(ledger::unbalanced_accounts(conn).unwrap(), vec![], "every kept balance is its entries' sum");

    let sum = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let balance = sum(
        "SELECT coalesce(sum(amount_cents), 0) FROM ledger_entries WHERE ledger_account = 'buyer_balance:acme-prepaid'",
    );
    let topped = sum(
        "SELECT coalesce(sum(e.amount_cents), 0) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
         WHERE t.kind = 'top_up' AND e.ledger_account = 'buyer_balance:acme-prepaid'",
    );
    let paid = sum("SELECT coalesce(sum(amount_cents), 0) FROM orders WHERE status = 'completed'");
    assert_eq!(balance, topped - paid, "the balance is the top-ups less the paid orders");
    let orphans = sum("SELECT count(*) FROM orders o WHERE (o.status = 'completed') <>
             (EXISTS (SELECT 1 FROM ledger_transactions t WHERE t.order_id = o.id)
              AND EXISTS (SELECT 1 FROM purchased_apps a WHERE a.order_id = o.id))");
    assert_eq!(orphans, 0, "an order is completed exactly when it has its payment and its app");

    let mut statement = conn.prepare("SELECT status FROM orders WHERE id = ?1").unwrap();
    for id in acknowledged {
        let status: String = statement.query_row([id], |r| r.get(0)).unwrap_or_else(|_| panic!("order {id} was lost"));
        assert_eq!(status, "completed", "order {id}");
    }
}

#[test]
fn crash_kill_restart_keeps_every_acknowledged_order() {
    let kills: u32 = std::env::var("KG_CRASH_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    {
        let mut store = Store::open(&db).unwrap();
        buying_catalog(&mut store);
        buyers_of_each_kind(&store);
        for _ in 0..5 {
            accounts::top_up(&mut store, &clock(), "1000000").unwrap();
        }
    }

    // The worker runs from a copy, so that rebuilding the tests meanwhile cannot pull the
    // binary out from under a long run.
    let worker_exe = dir.path().join("worker");
    std::fs::copy(std::env::current_exe().unwrap(), &worker_exe).unwrap();

    let started = Instant::now();
    let mut random = Lcg(0x5eed);
    let mut acknowledged = HashSet::new();
    let mut killed_after_an_ack = 0;
    for run in 0..kills {
        let mut worker = Command::new(&worker_exe)
            .args(["crash_worker", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
            .env(DB_VAR, &db)
            .env(RUN_VAR, run.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = worker.stdout.take().unwrap();
        let (lines, received) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        // The test harness prints its own words first, on the same line with one test thread.
        while !received.recv_timeout(Duration::from_secs(30)).expect("the worker opens the store").ends_with("READY") {}
        std::thread::sleep(Duration::from_micros(random.below(30_000)));
        worker.kill().unwrap(); // SIGKILL on Unix
        let status = worker.wait().unwrap();
        assert!(status.code().is_none(), "the worker stopped by itself: {status}");
        reader.join().unwrap();
        let acks: Vec<u32> =
            received.try_iter().filter_map(|line| line.strip_prefix("ACK ").and_then(|id| id.parse().ok())).collect();
        if !acks.is_empty() {
            killed_after_an_ack += 1;
        }
        acknowledged.extend(acks);
        check(&db, &acknowledged);
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "crash safety: {kills} kills while paying ({killed_after_an_ack} after at least one acknowledged order), {} \
         acknowledged orders, none lost, {seconds:.1} s",
        acknowledged.len()
    );
    // How many orders a worker pays before its kill depends on the machine's load; that the
    // workers paid at all is what the run must show.
    assert!(!acknowledged.is_empty(), "no worker acknowledged an order");
}

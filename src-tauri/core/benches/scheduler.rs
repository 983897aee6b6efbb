//! The scheduler at scale, on a store file as the app keeps it (WAL): the demo store plus N
//! yearly/monthly subscriptions of mixed kinds, bought by the three demo buyers over the month
//! before the start, so that their expiries spread over the term:
//! - six in ten SaaS (a flat plan, or a per-user plan for 5 users), the rest images with their
//!   ECS (flavour and image billed together, stopped in retention, deleted at release);
//! - one in three yearly, the rest monthly; half with automatic renewal;
//! - the prepaid buyer's balance covers a few months of renewals, after which its automatic
//!   renewals are declined and tried again each day until release;
//! - two pay-per-use image instances billed every hour;
//! - one pay-per-use instance made and deleted a few minutes later for every ten purchases,
//!   whose runs (the ECS and its image) are ended and billed in full: the history metering
//!   and the scheduler must not read again at every timer.
//!
//! From that one store it moves the clock five days, and then, from a copy of the same store, a
//! year; each move timed, with what it fired by kind, and checked: nothing due left pending.
//!
//!     cargo bench -p koogallery-core --bench scheduler [-- SUBSCRIPTIONS]
//!
//! With `KG_BENCH_STORE=FILE` the store made is kept in FILE, and taken from it when it exists;
//! with `KG_BENCH_MOVED=DIR` the stores after each move are kept in DIR (`five-days.db`,
//! `a-year.db`), for `scripts/scheduler-write-floor.py` to measure what writing their rows
//! alone costs.
//!
//! A measuring script: the targets and figures live in docs/benchmarks.md.

use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use koogallery_core::catalog::pricing::QuoteRequest;
use koogallery_core::clock::FixedClock;
use koogallery_core::entropy::OsEntropy;
use koogallery_core::images::{
    self, EcsConfiguration, LoginPassword, NetworkChoice, ProvisionMode, ProvisionRequest, SecurityGroupChoice,
};
use koogallery_core::orders::{self, CheckoutRequest, Services};
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::subscriptions::{self, AutoRenewChoice, RenewalsQuery, RenewalsTab};
use koogallery_core::{accounts, demo, scheduler, timers, Store};

const BUYERS: [&str; 3] = ["acme-prepaid", "borealis-postpaid", "cedar-reseller"];

fn services(clock: &FixedClock) -> Services<'_> {
    Services { clock, payments: &SimulatedProvider, entropy: &OsEntropy }
}

fn image_request(n: u32, billing: &str, period: Option<&str>, network: NetworkChoice) -> ProvisionRequest {
    ProvisionRequest {
        mode: ProvisionMode::Custom,
        configuration: EcsConfiguration {
            product_id: "lamp-stack-image".into(),
            edition: "standard".into(),
            billing: billing.parse().unwrap(),
            period: period.map(|p| p.parse().unwrap()),
            duration: period.map(|_| 1),
            quantity: None,
            flavour: "s6.small.1".into(),
            eip_bandwidth_mbps: None,
        },
        network,
        security_group: SecurityGroupChoice::Recommended,
        name: Some(format!("bench-{n}")),
        password: LoginPassword::new("Kg-Bench-2026!"),
        accept_agreements: true,
        payment: None,
        idempotency_key: format!("bench-{n}"),
    }
}

/// The buyer's first VPC and subnet, made by a first provisioning when it has none.
fn network(store: &Store, account: &str) -> NetworkChoice {
    store
        .conn()
        .query_row(
            "SELECT v.id, s.id FROM vpcs v JOIN subnets s ON s.vpc_id = v.id WHERE v.account_id = ?1 LIMIT 1",
            [account],
            |r| Ok(NetworkChoice::Existing { vpc_id: r.get(0)?, subnet_id: r.get(1)? }),
        )
        .unwrap_or_else(|_| NetworkChoice::New {
            vpc_name: "vpc-bench".into(),
            vpc_cidr: "10.8.0.0/16".into(),
            subnet_cidr: None,
        })
}

fn buy(store: &mut Store, n: u32, at: DateTime<Utc>) -> u32 {
    let clock = FixedClock(at);
    let services = services(&clock);
    let account = BUYERS[n as usize % 3];
    accounts::switch(store, account).unwrap();
    let period = if n.is_multiple_of(3) { "year" } else { "month" };
    let order = if n % 10 < 6 {
        let (product, edition, users) = if n.is_multiple_of(2) {
            ("cloud-backup-saas", "1tb", None)
        } else {
            ("bi-dashboard-saas", "per-user", Some(5))
        };
        let request = CheckoutRequest {
            configuration: QuoteRequest {
                product_id: product.into(),
                edition: edition.into(),
                billing: "yearly_monthly".parse().unwrap(),
                period: period.parse().unwrap(),
                duration: 1,
                users,
                quantity: None,
            },
            accept_terms: true,
            authorize_seller: true,
            payment: None,
            idempotency_key: format!("bench-{n}"),
        };
        orders::place(store, &services, &request).unwrap().order.id
    } else {
        let request = image_request(n, "yearly_monthly", Some(period), network(store, account));
        images::provision(store, &services, &request).unwrap().order.order.id
    };
    let id: u32 =
        store.conn().query_row("SELECT id FROM subscriptions WHERE order_id = ?1", [order], |r| r.get(0)).unwrap();
    if n % 4 < 2 {
        let choice = AutoRenewChoice { enabled: true, period: None, date: None };
        subscriptions::set_auto_renew(store, &services, id, &choice).unwrap();
    }
    id
}

/// A pay-per-use instance made at `made` and deleted at `deleted`.
fn used_and_deleted(store: &mut Store, n: u32, made: DateTime<Utc>, deleted: DateTime<Utc>) {
    let account = BUYERS[n as usize % 2];
    accounts::switch(store, account).unwrap();
    let request = image_request(2_000_000 + n, "pay_per_use", None, network(store, account));
    let id = images::provision(store, &services(&FixedClock(made)), &request).unwrap().instances[0].id;
    images::delete(store, &services(&FixedClock(deleted)), id).unwrap();
}

fn marketplace(count: u32, start: DateTime<Utc>, path: &Path) {
    let mut store = Store::open(path).unwrap();
    let bought_from = start - Duration::days(30);
    demo::reset_at(&mut store, bought_from - Duration::hours(1)).unwrap();
    let clock = FixedClock(bought_from);
    // The purchases and a few months of renewals; then the prepaid buyer's renewals fail.
    accounts::switch(&mut store, "acme-prepaid").unwrap();
    for _ in 0..=count / 2_000 {
        accounts::top_up(&mut store, &clock, "1000000").unwrap();
    }

    let began = Instant::now();
    for (n, account) in BUYERS.iter().take(2).enumerate() {
        accounts::switch(&mut store, account).unwrap();
        let request = image_request(1_000_000 + n as u32, "pay_per_use", None, network(&store, account));
        images::provision(&mut store, &services(&clock), &request).unwrap();
    }
    let step = Duration::days(30) / count.max(1) as i32;
    for n in 0..count {
        let at = bought_from + step * n as i32;
        buy(&mut store, n, at);
        if n % 10 == 5 {
            used_and_deleted(&mut store, n, at, at + step / 2);
        }
    }
    println!("{count} subscriptions bought over 30 days in {:.1} s", began.elapsed().as_secs_f64());
    let began = Instant::now();
    scheduler::run_until(&mut store, &services(&FixedClock(start)), start).unwrap();
    println!("the clock brought to the start: {:.1} s", began.elapsed().as_secs_f64());
    store.conn().pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
}

fn fired_by_kind(store: &Store, after: DateTime<Utc>) -> String {
    let mut statement = store
        .conn()
        .prepare(
            "SELECT kind, count(*) FROM timers WHERE state = 'fired' AND due_at > ?1 GROUP BY kind ORDER BY count(*) DESC",
        )
        .unwrap();
    let rows = statement
        .query_map([after.to_rfc3339()], |r| Ok(format!("{} {}", r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let blocks: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM hourly_charges WHERE block_start >= ?1", [after.to_rfc3339()], |r| r.get(0))
        .unwrap();
    format!("{}; hourly blocks billed {blocks}", rows.join(", "))
}

/// Billing Center > Renewals for the buyer with the most subscriptions: the first page of a tab,
/// a search, and (as Renewals did before it had pages) every subscription built in full.
fn renewals_of_the_largest_buyer(path: &Path, now: DateTime<Utc>) {
    let mut store = Store::open(path).unwrap();
    let (buyer, count): (String, i64) = store
        .conn()
        .query_row(
            "SELECT account_id, count(*) FROM subscriptions GROUP BY account_id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    accounts::switch(&mut store, &buyer).unwrap();
    let time = |what: &str, work: &dyn Fn() -> usize| {
        let mut took: Vec<f64> = (0..7)
            .map(|_| {
                let began = Instant::now();
                std::hint::black_box(work());
                began.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        took.sort_by(f64::total_cmp);
        println!(
            "renewals of {buyer} ({count} subscriptions), {what}: median {:.1} ms, max {:.1} ms",
            took[3], took[6]
        );
    };
    let page =
        |tab, product: Option<&str>| RenewalsQuery { tab, product: product.map(Into::into), ..Default::default() };
    for (what, query) in [
        ("the first page of All", page(RenewalsTab::All, None)),
        ("the first page of Expiring", page(RenewalsTab::Expiring, None)),
        ("a search (\"backup\")", page(RenewalsTab::All, Some("backup"))),
    ] {
        time(what, &|| subscriptions::renewals(store.conn(), now, &query).unwrap().items.len());
    }
    time("every subscription built (the whole list)", &|| subscriptions::list(store.conn(), now).unwrap().len());
}

fn main() {
    let count: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let start: DateTime<Utc> = "2026-03-02T10:00:00Z".parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // KG_BENCH_STORE keeps the made store, to measure again (or profile) without making it.
    let made = std::env::var_os("KG_BENCH_STORE").map_or_else(|| dir.path().join("made.db"), Into::into);
    if !made.exists() {
        marketplace(count, start, &made);
    }
    let states: Vec<(String, i64)> = {
        let store = Store::open(&made).unwrap();
        let mut statement =
            store.conn().prepare("SELECT state, count(*) FROM subscriptions GROUP BY state ORDER BY state").unwrap();
        let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    println!("at the start: {states:?}");
    renewals_of_the_largest_buyer(&made, start);

    for (label, by) in [("five days", Duration::days(5)), ("a year", Duration::days(365))] {
        let path = dir.path().join(format!("{}.db", label.replace(' ', "-")));
        std::fs::copy(&made, &path).unwrap();
        let mut store = Store::open(&path).unwrap();
        let until = start + by;
        let clock = FixedClock(until);
        let began = Instant::now();
        let fired = scheduler::run_until(&mut store, &services(&clock), until).unwrap();
        let took = began.elapsed().as_secs_f64();
        let due_left = timers::pending_due(store.conn(), until).unwrap();
        assert_eq!(due_left, 0, "every timer due by the end of the move fired");
        println!(
            "moving {label}: {took:.3} s, {} moved; fired: {}",
            scheduler::money_moved(&fired),
            fired_by_kind(&store, start)
        );
        if let Some(kept) = std::env::var_os("KG_BENCH_MOVED") {
            drop(store);
            std::fs::copy(&path, Path::new(&kept).join(path.file_name().unwrap())).unwrap();
        }
    }
}

//! The scheduler at scale: a demo store with N yearly/monthly subscriptions of mixed kinds
//! (monthly and yearly SaaS, half with automatic renewal), then the clock moved five days and a
//! year, each move timed with how many timers it fired.
//!
//!     cargo bench -p koogallery-core --bench scheduler [-- SUBSCRIPTIONS]
//!
//! A measuring script: the targets live in docs/benchmarks.md.

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use koogallery_core::accounts;
use koogallery_core::catalog::pricing::QuoteRequest;
use koogallery_core::clock::FixedClock;
use koogallery_core::entropy::OsEntropy;
use koogallery_core::orders::{self, CheckoutRequest, Services};
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::subscriptions::{self, AutoRenewChoice};
use koogallery_core::{demo, scheduler, Store};

fn marketplace(count: u32, start: DateTime<Utc>) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    demo::reset_at(&mut store, start).unwrap();
    let clock = FixedClock(start);
    let services = Services { clock: &clock, payments: &SimulatedProvider, entropy: &OsEntropy };
    // Enough for every purchase and a year of renewals: top-ups are at most 1,000,000 each.
    for _ in 0..=count / 500 {
        accounts::top_up(&mut store, &clock, "1000000").unwrap();
    }

    let began = Instant::now();
    for n in 0..count {
        let yearly = n % 3 == 0;
        let request = CheckoutRequest {
            configuration: QuoteRequest {
                product_id: "headless-cms-saas".into(),
                edition: "team".into(),
                billing: "yearly_monthly".parse().unwrap(),
                period: if yearly { "year" } else { "month" }.parse().unwrap(),
                duration: 1,
                users: None,
                quantity: None,
            },
            accept_terms: true,
            authorize_seller: true,
            payment: None,
            idempotency_key: format!("bench-{n}"),
        };
        let order = orders::place(&mut store, &services, &request).unwrap().order.id;
        if n % 2 == 0 {
            let id: u32 = store
                .conn()
                .query_row("SELECT id FROM subscriptions WHERE order_id = ?1", [order], |r| r.get(0))
                .unwrap();
            let choice = AutoRenewChoice { enabled: true, period: None, date: None };
            subscriptions::set_auto_renew(&mut store, &services, id, &choice).unwrap();
        }
    }
    println!("{count} subscriptions made in {:.1} s", began.elapsed().as_secs_f64());
    store
}

fn main() {
    let count: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let start: DateTime<Utc> = "2026-03-02T10:00:00Z".parse().unwrap();
    for (label, by) in [("five days", Duration::days(5)), ("a year", Duration::days(365))] {
        let mut store = marketplace(count, start);
        let until = start + by;
        let clock = FixedClock(until);
        let services = Services { clock: &clock, payments: &SimulatedProvider, entropy: &OsEntropy };
        let began = Instant::now();
        let fired = scheduler::run_until(&mut store, &services, until).unwrap();
        println!(
            "moving {label}: {} timers fired in {:.3} s, {} moved",
            fired.len(),
            began.elapsed().as_secs_f64(),
            scheduler::money_moved(&fired)
        );
    }
}

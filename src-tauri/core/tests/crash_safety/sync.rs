//! A seller's laptop syncing with the marketplace (R-SYNC-2 to R-SYNC-4), both in the worker
//! process: the buyer buys a license on the marketplace, the laptop pulls it, the seller
//! delivers with proof on the laptop, and a round pushes the delivery and its files. A kill
//! may cut a round anywhere, on either store; the next rounds must bring every delivery made
//! on the laptop to the marketplace exactly once, numbered without a gap.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use koogallery_core::clock::FixedClock;
use koogallery_core::entropy::OsEntropy;
use koogallery_core::orders::Services;
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::sync::{self, Served};
use koogallery_core::Store;

use super::common::supervision::{t0, SELLER};
use super::flows::{buy_license, chains_verify, delivery, first_in, marketplace_at};
use super::harness::{count, Acks, Kind, Worker};

pub const SYNC: Kind = Kind {
    name: "sync",
    doing: "syncing a laptop's deliveries",
    stores: &["market.db", "laptop.db"],
    prepare,
    work,
    check,
    window_ms: 250,
};

fn now() -> DateTime<Utc> {
    t0() + Duration::hours(1)
}

fn services(clock: &FixedClock) -> Services<'_> {
    Services { clock, payments: &SimulatedProvider, entropy: &OsEntropy }
}

type Market = Served<FixedClock, OsEntropy>;

fn market(dir: &Path) -> Market {
    Served::new(Store::open(&dir.join("market.db")).unwrap(), FixedClock(now()), OsEntropy)
}

/// The marketplace of the supervision tests and a laptop of its seller, connected with a code.
fn prepare(dir: &Path) {
    marketplace_at(&dir.join("market.db"));
    let clock = FixedClock(now());
    let code = {
        let mut store = Store::open(&dir.join("market.db")).unwrap();
        roles::switch(&mut store, &RoleChoice::OperationsManager).unwrap();
        let code = sync::issue_code(&mut store, &services(&clock), SELLER).unwrap();
        roles::switch(&mut store, &RoleChoice::Buyer { account_id: "acme-prepaid".into() }).unwrap();
        code
    };
    let market = market(dir);
    let mut laptop = Store::open(&dir.join("laptop.db")).unwrap();
    sync::connect(&mut laptop, &services(&clock), &market, "https://127.0.0.1:8443", None, &code.code, "Field laptop")
        .unwrap();
}

/// Rounds until nothing waits to be sent.
fn sync_all(laptop: &mut Store, market: &Market) {
    let clock = FixedClock(now());
    for _ in 0..10 {
        let round = sync::sync_once(laptop, &services(&clock), market).unwrap();
        assert_eq!((round.refused, round.unreachable.as_deref()), (0, None), "{round:?}");
        if round.waiting == 0 {
            return;
        }
    }
    panic!("deliveries still wait after ten rounds");
}

/// Delivers on the laptop every license it has pulled and that waits on the seller, and syncs;
/// when none waits, the buyer buys one on the marketplace. Acknowledges a delivery once a round
/// has brought it to the marketplace.
fn work(dir: &Path, run: u64, worker: &mut Worker) {
    let market = market(dir);
    let mut laptop = Store::open(&dir.join("laptop.db")).unwrap();
    let clock = FixedClock(now());
    worker.ready();
    for n in 0u64.. {
        sync_all(&mut laptop, &market);
        if let Some(order) = first_in(&laptop, "seller_deploying") {
            let op = format!("deliver-{order}");
            sync::laptop::act(&mut laptop, &services(&clock), order, Some(op.clone()), delivery(order)).unwrap();
            sync_all(&mut laptop, &market);
            worker.ack(op);
        } else {
            buy_license(&mut market.store.lock().unwrap(), &format!("run{run}-{n}"));
        }
    }
}

/// The marketplace holds every acknowledged delivery once; after the rounds the next worker
/// would start with, every delivery the laptop made (acknowledged or cut short) is there once,
/// its device numbers run from 1 without a gap, and the chains verify.
fn check(dir: &Path, stores: &mut [Store], acks: &Acks<'_>) {
    let once = "SELECT count(*) FROM flow_operations WHERE id = ?1 AND action = 'deliver'";
    for op in acks.all {
        let found: i64 = stores[0].conn().query_row(once, [op], |r| r.get(0)).unwrap();
        assert_eq!(found, 1, "the delivery {op} on the marketplace");
    }
    chains_verify(&stores[0], acks);

    let market = market(dir);
    sync_all(&mut stores[1], &market);
    let market = market.store.into_inner().unwrap();
    let made: Vec<(String, String)> = {
        let mut statement = stores[1].conn().prepare("SELECT operation_id, state FROM outbox ORDER BY id").unwrap();
        statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    for (op, state) in &made {
        let found: i64 = market.conn().query_row(once, [op], |r| r.get(0)).unwrap();
        assert_eq!((state.as_str(), found), ("applied", 1), "the delivery {op}, made on the laptop");
    }
    let (numbered, last) = (
        count(&market, "SELECT count(*) FROM device_operations"),
        count(&market, "SELECT coalesce(max(seq), 0) FROM device_operations"),
    );
    assert_eq!((numbered, last), (made.len() as i64, made.len() as i64), "device numbers 1 to N, one per delivery");
}

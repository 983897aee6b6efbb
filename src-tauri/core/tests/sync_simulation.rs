//! A seeded simulation of sellers' laptops and the marketplace (R-SYNC-1 to R-SYNC-4): two
//! laptops of one seller and the buyer act at random on six flows while the clock jumps, each
//! laptop's link goes down, loses answers after the marketplace acted, and comes back, and
//! either side restarts from its file. When the network heals and every laptop has synced:
//! - every action a laptop made has exactly one outcome, the same on both sides, and an applied
//!   one exactly one record on the marketplace, a refused one none;
//! - each device's numbers are gap-free, in the order its actions were made;
//! - every refusal is in that laptop's conflicts;
//! - every copy equals the marketplace, record for record, and every chain holds.
//!
//! `KG_SYNC_SEEDS=N` runs N seeds (200 by default) from `KG_SYNC_FIRST_SEED` (0 by default);
//! `KG_SYNC_SEED=S` replays one. A failure names its seed.

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use common::simulation::{Moving, Random};
use common::supervision::{buy_as, delivery, proof, store, t0, walk_to, SELLER};
use common::sync::{as_operations, Link, Network};
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::orders::Services;
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::roles::Role;
use koogallery_core::supervision::{self, Action, Actor, FlowState, Operation, Ruling};
use koogallery_core::sync::{self, Served};
use koogallery_core::{scheduler, Store};

struct Laptop {
    path: PathBuf,
    store: Store,
    link: Link,
}

struct World {
    random: &'static Random,
    clock: &'static Moving,
    served: Served<&'static Moving, &'static Random>,
    market_path: PathBuf,
    laptops: Vec<Laptop>,
    orders: Vec<u32>,
    /// What happened, to print with a failing seed.
    log: Vec<String>,
}

impl World {
    fn services(&self) -> Services<'static> {
        Services { clock: self.clock, payments: &SimulatedProvider, entropy: self.random }
    }

    fn now(&self) -> DateTime<Utc> {
        *self.clock.0.lock().unwrap()
    }

    fn pick<T: Copy>(&self, items: &[T]) -> T {
        items[self.random.below(items.len() as u64) as usize]
    }

    fn step(&mut self) {
        let services = self.services();
        match self.random.below(100) {
            // A laptop's seller acts on its copy.
            0..=34 => {
                let at = self.random.below(self.laptops.len() as u64) as usize;
                let order = self.pick(&self.orders);
                let action = match self.random.below(5) {
                    0 | 1 => delivery(DeliveryMethod::License),
                    2 => Action::AcceptRequest { remark: None },
                    3 => Action::RejectRequest { reason: "Out of scope".into() },
                    _ => Action::Appeal { reason: "The buyer is silent".into(), proof: vec![] },
                };
                let done = sync::laptop::act(&mut self.laptops[at].store, &services, order, None, action.clone());
                self.log.push(format!(
                    "laptop {at} {} on {order}: {:?}",
                    action.step().as_str(),
                    done.map(|p| p.state)
                ));
            }
            35..=54 => {
                let at = self.random.below(self.laptops.len() as u64) as usize;
                let network = Network::new(&self.served, self.laptops[at].link);
                let round = sync::sync_once(&mut self.laptops[at].store, &services, &network);
                self.log.push(format!("laptop {at} syncs over {:?}: {round:?}", self.laptops[at].link));
            }
            55..=64 => {
                let at = self.random.below(self.laptops.len() as u64) as usize;
                self.laptops[at].link = self.pick(&[Link::Up, Link::Down, Link::AnswersLost]);
                self.log.push(format!("laptop {at}'s link is {:?}", self.laptops[at].link));
            }
            // The buyer and the operations manager act on the marketplace.
            65..=84 => {
                let order = self.pick(&self.orders);
                let (actor, action) = match self.random.below(6) {
                    0 => (Role::Buyer, Action::AcceptDelivery),
                    1 => (Role::Buyer, Action::RejectDelivery { reason: "Not what was agreed".into() }),
                    2 => (Role::Buyer, Action::Appeal { reason: "No delivery".into(), proof: vec![] }),
                    3 => (Role::Buyer, Action::SubmitRequest { text: "Please migrate the ERP".into() }),
                    4 => (
                        Role::OperationsManager,
                        Action::Settle { ruling: Ruling::Seller { complete: false }, decision: "Go on".into() },
                    ),
                    _ => (Role::Buyer, Action::RejectDelivery { reason: "Proof unreadable".into() }),
                };
                let id = match actor {
                    Role::Buyer => "acme-prepaid",
                    _ => "operations",
                };
                let op = Operation {
                    id: supervision::new_operation_id(self.random),
                    order_id: order,
                    actor: Actor { role: actor, id: id.into() },
                    action: action.clone(),
                };
                let now = self.now();
                let mut market = self.served.store.lock().unwrap();
                let key = market.secret_key().clone();
                let done = market.write(|tx| supervision::apply(tx, &key, &op, now));
                self.log.push(format!("{actor:?} {} on {order}: {}", action.step().as_str(), done.is_ok()));
            }
            85..=92 => {
                let by = Duration::minutes(1 + self.random.below(3 * 24 * 60) as i64);
                *self.clock.0.lock().unwrap() += by;
                let now = self.now();
                let mut market = self.served.store.lock().unwrap();
                scheduler::run_until(&mut market, &services, now).unwrap();
                self.log.push(format!("the clock moves {by} to {now}"));
            }
            93..=96 => {
                let at = self.random.below(self.laptops.len() as u64) as usize;
                let laptop = &mut self.laptops[at];
                laptop.store = Store::open(&laptop.path).unwrap();
                self.log.push(format!("laptop {at} restarts"));
            }
            _ => {
                let mut market = self.served.store.lock().unwrap();
                *market = Store::open(&self.market_path).unwrap();
                self.log.push("the marketplace restarts".into());
            }
        }
    }

    /// The network heals: the laptops sync in turn until a whole turn changes nothing.
    fn heal(&mut self) {
        let services = self.services();
        for laptop in &mut self.laptops {
            laptop.link = Link::Up;
        }
        for turn in 0.. {
            assert!(turn < 10, "still syncing after 10 turns");
            let mut quiet = true;
            for laptop in &mut self.laptops {
                let network = Network::new(&self.served, Link::Up);
                let round = sync::sync_once(&mut laptop.store, &services, &network).unwrap();
                assert_eq!(round.unreachable, None);
                quiet &= round.applied + round.refused + round.withdrawn + round.pulled == 0;
            }
            if quiet {
                return;
            }
        }
    }
}

fn world(seed: u64, dir: &Path) -> World {
    let random = Random::leaked(seed);
    let clock = Moving::leaked(t0());
    let mut market = store();
    let mut orders = Vec::new();
    for n in 0..4 {
        let order = buy_as(&mut market, "acme-prepaid", "db-license", t0() + Duration::seconds(n));
        walk_to(&mut market, order, DeliveryMethod::License, FlowState::SellerDeploying, t0());
        orders.push(order);
    }
    for n in 0..2 {
        orders.push(buy_as(&mut market, "acme-prepaid", "migration", t0() + Duration::seconds(10 + n)));
    }
    let _ = proof();
    as_operations(&mut market);
    let market_path = dir.join("marketplace.db");
    market.conn().execute("VACUUM INTO ?1", [market_path.to_str().unwrap()]).unwrap();
    drop(market);
    let served = Served::new(Store::open(&market_path).unwrap(), clock, random);
    let services = Services { clock, payments: &SimulatedProvider, entropy: random };
    let mut laptops = Vec::new();
    for n in 0..2 {
        let code = {
            let mut market = served.store.lock().unwrap();
            sync::issue_code(&mut market, &services, SELLER).unwrap()
        };
        let path = dir.join(format!("laptop-{n}.db"));
        let mut store = Store::open(&path).unwrap();
        sync::connect(
            &mut store,
            &services,
            &served,
            "https://127.0.0.1:8443",
            None,
            &code.code,
            &format!("Laptop {n}"),
        )
        .unwrap();
        sync::sync_once(&mut store, &services, &served).unwrap();
        laptops.push(Laptop { path, store, link: Link::Up });
    }
    World { random, clock, served, market_path, laptops, orders, log: Vec::new() }
}

fn rows<T: rusqlite::types::FromSql>(store: &Store, sql: &str, order: u32) -> Vec<(String, T)> {
    let mut statement = store.conn().prepare(sql).unwrap();
    statement.query_map([order], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

fn check(world: &World) {
    let market = world.served.store.lock().unwrap();
    for (n, laptop) in world.laptops.iter().enumerate() {
        let copy = &laptop.store;
        assert!(sync::waiting(copy.conn()).unwrap().is_empty(), "laptop {n}: every action has its outcome");
        let device = sync::link(copy.conn()).unwrap().device_id;
        // Each numbered action's outcome is the marketplace's, numbers gap-free in the order made.
        let ours: Vec<(u32, String, String)> = {
            let mut statement = copy
                .conn()
                .prepare("SELECT seq, operation_id, state FROM outbox WHERE seq IS NOT NULL ORDER BY id")
                .unwrap();
            statement
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let theirs: Vec<(u32, String, String)> = {
            let mut statement = market
                .conn()
                .prepare("SELECT seq, operation_id, outcome FROM device_operations WHERE device_id = ?1 ORDER BY seq")
                .unwrap();
            statement
                .query_map([device], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        assert_eq!(ours, theirs, "laptop {n}: one outcome per action, the same on both sides");
        assert_eq!(theirs.iter().map(|t| t.0).collect::<Vec<_>>(), (1..=theirs.len() as u32).collect::<Vec<_>>());
        // An applied action is one record on the marketplace; any other, none.
        let mut statement = copy.conn().prepare("SELECT operation_id, state FROM outbox").unwrap();
        let all: Vec<(String, String)> =
            statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap();
        for (id, state) in &all {
            let records: i64 = market
                .conn()
                .query_row("SELECT count(*) FROM flow_operations WHERE id = ?1", [id], |r| r.get(0))
                .unwrap();
            assert_eq!(records, i64::from(state == "applied"), "laptop {n}: {id} is {state}");
        }
        let conflicts = sync::conflicts(copy.conn()).unwrap().len();
        let refused = all.iter().filter(|(_, s)| s == "refused" || s == "withdrawn").count();
        assert_eq!(conflicts, refused, "laptop {n}: every refusal is a conflict to look at");
        // The copy is the marketplace, flow for flow.
        for &order in &world.orders {
            let sql = "SELECT id, hash FROM flow_operations WHERE order_id = ?1 ORDER BY position";
            assert_eq!(
                rows::<String>(copy, sql, order),
                rows::<String>(&market, sql, order),
                "laptop {n}, order {order}"
            );
            let sql = "SELECT 'state', state FROM service_flows WHERE order_id = ?1";
            assert_eq!(
                rows::<String>(copy, sql, order),
                rows::<String>(&market, sql, order),
                "laptop {n}, order {order}"
            );
        }
    }
    for &order in &world.orders {
        let chain = supervision::verify(market.conn(), order).unwrap();
        assert!(chain.intact, "order {order}: {:?}", chain.problems);
    }
}

fn run(seed: u64, steps: usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut world = world(seed, dir.path());
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        for _ in 0..steps {
            world.step();
        }
        world.heal();
        check(&world);
    }));
    if let Err(panic) = outcome {
        eprintln!("seed {seed} failed after:\n{}", world.log.join("\n"));
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn r_sync_2_r_sync_3_r_sync_4_seeded_laptops_and_marketplace_end_the_same_whatever_the_network_did() {
    if let Some(seed) = std::env::var("KG_SYNC_SEED").ok().and_then(|s| s.parse().ok()) {
        return run(seed, 120);
    }
    let seeds: u64 = std::env::var("KG_SYNC_SEEDS").ok().and_then(|s| s.parse().ok()).unwrap_or(200);
    let first: u64 = std::env::var("KG_SYNC_FIRST_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    for done in 1..=seeds {
        run(first + done - 1, 120);
        // A long run says how far it got (seen with --nocapture, as the script runs it).
        if done % 500 == 0 {
            eprintln!("sync simulation: {done} seeds done");
        }
    }
}

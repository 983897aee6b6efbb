//! A seeded simulation of the whole marketplace over the core: buyers of the three kinds,
//! the seller (online, and offline on a laptop copy that syncs), and the operations manager
//! choose random legal and illegal actions — buy, pay twice, provision, delete an ECS, top up,
//! submit, deliver, accept, reject, appeal, settle, ask to unsubscribe and review it, renew,
//! switch auto-renewal, upgrade, unsubscribe an image, ask for an invoice, act in the wrong
//! role — while the clock jumps by minutes, days or weeks and the one scheduler fires what is
//! due. After every step the invariants of `invariants.rs` are checked; at the end the laptop
//! syncs until nothing waits and every action it made has exactly one outcome.
//!
//! The steps are drawn from the seed before the run, so a seed replays exactly. A failing run
//! prints its seed, what failed, and the shortest list of its steps that still fails.
//!
//! `KG_SIM_SEEDS` × `KG_SIM_STEPS` (10 × 1,000 by default: 10,000 steps) in the suite;
//! `KG_SIM_SEED=S` replays one seed; `KG_SIM_THREADS` runs seeds side by side;
//! `KG_SIM_FIRST_SEED` starts a long run past the seeds already run (the suite's are 0–9);
//! `KG_SIM_KEEP=FILE` keeps the marketplace's store as the failing step found it (its demo
//! clock at the simulation's time), for `kg --db FILE` to look at and take the step again;
//! `scripts/marketplace-simulation.sh` runs 1,000,000 steps.

#[path = "../common/mod.rs"]
mod common;

mod act;
mod flows;
mod invariants;
mod steps;
mod world;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use koogallery_core::sync;
use steps::Step;
use world::World;

/// Where a run failed: the step and what was wrong.
struct Failure {
    step: usize,
    message: String,
    log: Vec<String>,
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a panic".into())
}

/// Runs `steps` on a new marketplace; the world is returned for a look at the end.
fn run(seed: u64, steps: &[Step]) -> Result<World, Failure> {
    let mut world = World::new(seed);
    let mut log = Vec::new();
    for (at, step) in steps.iter().enumerate() {
        world.step = at;
        let done = catch_unwind(AssertUnwindSafe(|| {
            let outcome = act::run(&mut world, step);
            let said = format!("{at}: {step:?} → {}{}", outcome.said, refusal(&outcome));
            invariants::check(&mut world, &outcome);
            said
        }));
        match done {
            Ok(said) => log.push(said),
            Err(panic) => {
                keep(&world);
                return Err(Failure { step: at, message: panic_text(&*panic), log });
            }
        }
    }
    match catch_unwind(AssertUnwindSafe(|| heal(&mut world))) {
        Ok(()) => Ok(world),
        Err(panic) => Err(Failure { step: steps.len(), message: panic_text(&*panic), log }),
    }
}

/// With `KG_SIM_KEEP=FILE`, copies the marketplace's store to FILE (once per run of the test:
/// the first failure, not the shrinking's). A failed step wrote nothing, so the copy is the
/// store the step started from.
fn keep(world: &World) {
    static KEPT: std::sync::Once = std::sync::Once::new();
    let Ok(file) = std::env::var("KG_SIM_KEEP") else { return };
    KEPT.call_once(|| {
        // The failing step panicked holding the store: what it holds is still whole.
        let store = world.served.store.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let _ = std::fs::remove_file(&file);
        store.conn().execute("VACUUM INTO ?1", [&file]).unwrap();
        koogallery_core::Store::open(std::path::Path::new(&file)).unwrap().set_demo_clock(world.now()).unwrap();
        eprintln!("the store before the failing step is kept in {file}, its clock at {}", world.now());
    });
}

fn refusal(outcome: &act::Outcome) -> String {
    outcome.refused.as_ref().map_or_else(String::new, |e| format!(" — refused: {:?} {e}", e.code()))
}

/// The laptop syncs until a round changes nothing (R-SYNC-2, R-SYNC-3): every action it made
/// has its outcome, and an applied one is exactly one record on the marketplace.
fn heal(world: &mut World) {
    let services = world.services();
    for turn in 0.. {
        assert!(turn < 10, "still syncing after 10 rounds");
        let round = sync::sync_once(&mut world.laptop, &services, &world.served).unwrap();
        if round.applied + round.refused + round.withdrawn + round.pulled == 0 {
            break;
        }
    }
    assert!(sync::waiting(world.laptop.conn()).unwrap().is_empty(), "an action still waits");
    let market = world.market();
    let mut statement = world.laptop.conn().prepare("SELECT operation_id, state FROM outbox").unwrap();
    let made: Vec<(String, String)> =
        statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap();
    for (id, state) in made {
        let records: i64 =
            market.conn().query_row("SELECT count(*) FROM flow_operations WHERE id = ?1", [&id], |r| r.get(0)).unwrap();
        assert_eq!(records, i64::from(state == "applied"), "the laptop's {id} is {state}");
    }
    invariants::whole_ledger(market.conn());
}

/// The shortest list of `steps` that still fails, by taking away ever smaller runs of steps
/// while it fails without them (at most `budget` tries).
fn shrink(steps: &[Step], fails: &dyn Fn(&[Step]) -> bool, budget: usize) -> Vec<Step> {
    let mut kept = steps.to_vec();
    let mut tries = 0;
    let mut size = kept.len().div_ceil(2).max(1);
    loop {
        let mut start = 0;
        let mut removed_any = false;
        while start < kept.len() && tries < budget {
            let mut without = kept[..start].to_vec();
            without.extend_from_slice(&kept[(start + size).min(kept.len())..]);
            tries += 1;
            if fails(&without) {
                kept = without;
                removed_any = true;
            } else {
                start += size;
            }
        }
        if tries >= budget || (size == 1 && !removed_any) {
            return kept;
        }
        size = (size / 2).max(1);
    }
}

fn steps_per_seed() -> usize {
    std::env::var("KG_SIM_STEPS").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000)
}

/// How many times the paths that matter were taken in a run: flows to each end, appeals and
/// their rulings, refunds, each step of a subscription's life, renewals of each kind, offline
/// actions applied and refused, invoices.
fn coverage(world: &World) -> BTreeMap<String, i64> {
    let market = world.market();
    let mut found = BTreeMap::new();
    for sql in [
        "SELECT 'flow ' || state, count(*) FROM service_flows GROUP BY state",
        "SELECT 'operation ' || action, count(*) FROM flow_operations GROUP BY action",
        "SELECT 'subscription ' || state, count(*) FROM subscriptions GROUP BY state",
        "SELECT 'renewal ' || kind || ' ' || status, count(*) FROM renewals GROUP BY kind, status",
        "SELECT 'order ' || status, count(*) FROM orders GROUP BY status",
        "SELECT 'ledger ' || kind, count(*) FROM ledger_transactions GROUP BY kind",
        "SELECT 'instance ' || state, count(*) FROM ecs_instances GROUP BY state",
        "SELECT 'invoices', count(*) FROM invoices",
        "SELECT 'upgrades', count(*) FROM upgrades",
    ] {
        let mut statement = market.conn().prepare(sql).unwrap();
        for row in statement.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).unwrap() {
            let (what, count) = row.unwrap();
            *found.entry(what).or_default() += count;
        }
    }
    let mut statement =
        world.laptop.conn().prepare("SELECT 'offline ' || state, count(*) FROM outbox GROUP BY state").unwrap();
    for row in statement.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).unwrap() {
        let (what, count) = row.unwrap();
        *found.entry(what).or_default() += count;
    }
    found
}

/// Runs `seed`; on failure, shrinks it and panics with the seed and the steps that still fail.
fn run_seed(seed: u64, count: usize, covered: &Mutex<BTreeMap<String, i64>>) -> usize {
    let steps = steps::draw(seed, count);
    let failure = match run(seed, &steps) {
        Ok(world) => {
            let mut covered = covered.lock().unwrap();
            for (what, count) in coverage(&world) {
                *covered.entry(what).or_default() += count;
            }
            return steps.len();
        }
        Err(failure) => failure,
    };
    let upto = &steps[..(failure.step + 1).min(steps.len())];
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let shortest = shrink(upto, &|candidate| started.elapsed().as_secs() < 120 && run(seed, candidate).is_err(), 2_000);
    std::panic::set_hook(quiet);
    let last = failure.log.iter().rev().take(8).rev().cloned().collect::<Vec<_>>().join("\n  ");
    panic!(
        "seed {seed} failed at step {}: {}\n\nits last steps:\n  {last}\n\nthe shortest list of steps that still \
         fails ({} of {}):\n  {}\n\nreplay with KG_SIM_SEED={seed} KG_SIM_STEPS={count}",
        failure.step,
        failure.message,
        shortest.len(),
        upto.len(),
        shortest.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join("\n  ")
    );
}

#[test]
fn r_mt_5_r_buy_6_r_sup_r_ren_the_marketplace_holds_together_under_random_people_and_clock_jumps() {
    let count = steps_per_seed();
    let covered = Mutex::new(BTreeMap::new());
    if let Some(seed) = std::env::var("KG_SIM_SEED").ok().and_then(|s| s.parse().ok()) {
        run_seed(seed, count, &covered);
        return;
    }
    let seeds: u64 = std::env::var("KG_SIM_SEEDS").ok().and_then(|s| s.parse().ok()).unwrap_or(10);
    let threads: u64 = std::env::var("KG_SIM_THREADS").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let first: u64 = std::env::var("KG_SIM_FIRST_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    let next = AtomicU64::new(first);
    let done = Mutex::new(0usize);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let seed = next.fetch_add(1, Ordering::SeqCst);
                if seed >= first + seeds {
                    break;
                }
                let ran = run_seed(seed, count, &covered);
                let mut total = done.lock().unwrap();
                *total += ran;
                // A long run says how far it got (seen with --nocapture, as the script runs it).
                if (seed + 1 - first).is_multiple_of(100) {
                    eprintln!(
                        "marketplace simulation: {} steps done, {:.0} s",
                        *total,
                        started.elapsed().as_secs_f64()
                    );
                }
            });
        }
    });
    let covered = covered.into_inner().unwrap();
    eprintln!("marketplace simulation, paths taken: {covered:?}");
    // The run went where the rules are: every end of a flow, every ruling, every step of a
    // subscription's life, renewals by hand and automatic, refunds, offline actions applied
    // and refused. (A run of fewer steps than the suite's may not get everywhere.)
    if seeds * count as u64 >= 10_000 {
        let missing: Vec<&str> = [
            "flow completed",
            "flow cancelled",
            "flow frozen",
            "operation settle_for_buyer",
            "operation settle_resume",
            "operation settle_complete",
            "operation approve_unsubscription",
            "operation reject_delivery",
            "operation reject_request",
            "subscription grace",
            "subscription retention",
            "subscription released",
            "subscription cancelled",
            "renewal manual paid",
            "renewal auto paid",
            "ledger refund",
            "instance deleted",
            "invoices",
            "upgrades",
            "offline applied",
            "offline refused",
        ]
        .into_iter()
        .filter(|what| covered.get(*what).copied().unwrap_or(0) == 0)
        .collect();
        assert!(missing.is_empty(), "the simulation never reached {missing:?}");
    }
    eprintln!(
        "marketplace simulation: {seeds} seeds, {} steps, 0 invariant breaks, {:.1} s",
        done.lock().unwrap(),
        started.elapsed().as_secs_f64()
    );
}

/// Every table the simulation writes, row by row: two runs of one seed must leave the same.
fn contents(world: &World) -> String {
    let market = world.market();
    ["orders", "order_events", "ledger_entries", "service_flows", "flow_operations", "subscriptions", "timers"]
        .iter()
        .map(|table| common::table_rows(&market, table))
        .collect()
}

#[test]
fn a_seed_replays_exactly() {
    let steps = steps::draw(7, 300);
    let first = run(7, &steps).unwrap_or_else(|f| panic!("step {}: {}", f.step, f.message));
    let second = run(7, &steps).unwrap_or_else(|f| panic!("step {}: {}", f.step, f.message));
    let (first, second) = (contents(&first), contents(&second));
    assert!(first.contains("ledger_entries:\n") && first.lines().count() > 100, "the run did things:\n{first}");
    assert_eq!(first, second);
}

#[test]
fn a_failure_shrinks_to_the_steps_that_cause_it() {
    // A stand-in fault: a run fails when a checkout is followed, at any distance, by a sync.
    let fails = |steps: &[Step]| {
        let buy = steps.iter().position(|s| matches!(s, Step::Buy { .. }));
        buy.is_some_and(|at| steps[at..].iter().any(|s| matches!(s, Step::Sync)))
    };
    let steps = steps::draw(11, 400);
    assert!(fails(&steps));
    let shortest = shrink(&steps, &fails, 2_000);
    assert_eq!(shortest.len(), 2, "{shortest:?}");
    assert!(matches!(shortest[0], Step::Buy { .. }) && matches!(shortest[1], Step::Sync));
}

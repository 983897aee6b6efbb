//! Demo mode's sandbox on a store file as the app keeps it: how long preparing its first state
//! takes (once per build), putting it back after a visitor (R-DEMO-1: under a second), and the
//! time machine's moves of a day and a year with their undo (R-DEMO-2).
//!
//!     cargo bench -p koogallery-core --bench demo_mode [-- ROUNDS]
//!
//! A measuring script: the targets and figures live in docs/benchmarks.md.

use std::time::{Duration as Elapsed, Instant};

use chrono::{DateTime, Duration, Utc};
use koogallery_core::clock::FixedClock;
use koogallery_core::demo::{Jump, Sandbox};
use koogallery_core::entropy::OsEntropy;
use koogallery_core::orders::Services;
use koogallery_core::payments::simulated::SimulatedProvider;

fn median_and_max(mut times: Vec<Elapsed>) -> (Elapsed, Elapsed) {
    times.sort();
    (times[times.len() / 2], *times.last().unwrap())
}

fn ms(t: Elapsed) -> String {
    format!("{:.1} ms", t.as_secs_f64() * 1000.0)
}

fn main() {
    let rounds: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(20);
    let now: DateTime<Utc> = "2026-06-01T09:00:00Z".parse().unwrap();
    let clock = FixedClock(now);
    let services = Services { clock: &clock, payments: &SimulatedProvider, entropy: &OsEntropy };
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::at(&dir.path().join("demo-sandbox.db"));

    let started = Instant::now();
    let mut store = sandbox.open(now).unwrap();
    println!("first state prepared and opened: {}", ms(started.elapsed()));
    let size = std::fs::metadata(sandbox.first_state()).unwrap().len();
    println!("first state: {:.1} MB", size as f64 / 1e6);

    let (mut resets, mut days, mut years, mut undos) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        sandbox.travel(&mut store, &services, Jump::By(Duration::days(1))).unwrap();
        days.push(t.elapsed());
        let t = Instant::now();
        let year = sandbox.travel(&mut store, &services, Jump::By(Duration::days(365))).unwrap();
        years.push(t.elapsed());
        assert!(!year.fired.is_empty());
        let t = Instant::now();
        sandbox.undo(&mut store, &services).unwrap();
        undos.push(t.elapsed());
        let t = Instant::now();
        sandbox.reset(&mut store).unwrap();
        resets.push(t.elapsed());
    }
    for (what, times) in
        [("reset to the first state", resets), ("move a day", days), ("move a year", years), ("undo a year", undos)]
    {
        let (median, max) = median_and_max(times);
        println!("{what}: median {}, max {} ({rounds} rounds)", ms(median), ms(max));
    }
}

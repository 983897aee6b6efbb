//! The app kept busy for a while in demo mode, as a stand is through a day: search, a product
//! page, a purchase paid with the balance, the time machine, a reset; again and again. Each
//! round checks that the screens still answer, and the memory of every process of the app
//! (PSS) is read after the first round and at the end: at once, and again once the app has
//! been left alone for as long as the idle memory is measured after (`KG_SOAK_SETTLE`, 8 s),
//! as it is once launched.
//! The two readings tell what the app keeps from what it has not given back yet: garbage that
//! JavaScriptCore collects, and freed memory that WebKit's allocators return, a few seconds
//! after the work stops.
//!
//! The suite runs it for `KG_SOAK_SECONDS` (30 by default); `scripts/bench-desktop.sh` for ten
//! minutes on the release build, and reads the figures from `KG_SOAK_REPORT`.

use std::time::{Duration, Instant};

use crate::buying::checkout_from_product;
use crate::driver::{processes, App};

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn soak_a_stand_kept_busy_keeps_answering_and_its_memory_is_read() {
    let seconds: u64 = std::env::var("KG_SOAK_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
    let settle: u64 = std::env::var("KG_SOAK_SETTLE").ok().and_then(|s| s.parse().ok()).unwrap_or(8);
    let app = App::launch_args(&["--demo"], &[]).await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    let home = app.text("main").await;
    let process = processes::app_process(app.folder());
    tokio::time::sleep(Duration::from_secs(settle)).await;
    let launched = pss_of_tree(process);

    let mut rounds = 0u32;
    let mut first_round = None;
    let mut after_each_round = Vec::new();
    let mut busy = Duration::ZERO;
    let mut resets = Vec::new();
    let mut open_after_each_round = Vec::new();
    while rounds == 0 || busy < Duration::from_secs(seconds) {
        let round_began = Instant::now();
        resets.push(round(&app).await.as_millis() as u64);
        busy += round_began.elapsed();
        // The reset gives the first visitor's home screen back, round after round.
        assert_eq!(app.text("main").await, home, "round {rounds}: the home screen after a reset");
        rounds += 1;
        after_each_round.push(mib(&pss_of_tree(process)));
        open_after_each_round.push(open_files(process));
        if first_round.is_none() {
            first_round = Some(read_memory(process, settle).await);
        }
    }
    let (first, first_settled) = first_round.unwrap();
    let (last, last_settled) = read_memory(process, settle).await;
    let growth = |from: &Pss, to: &Pss| (mib(to) - mib(from)) / mib(from) * 100.0;
    println!(
        "soak: {} s of rounds, {rounds} rounds; PSS {:.0} MiB after the first round, {:.0} MiB at the end ({:+.1}%)",
        busy.as_secs(),
        mib(&first),
        mib(&last),
        growth(&first, &last),
    );
    println!(
        "left alone {settle} s each time: {:.0} MiB launched, {:.0} MiB after the first round, {:.0} MiB at the end \
         ({:+.1}% from the first round, {:+.1}% from the launch)",
        mib(&launched),
        mib(&first_settled),
        mib(&last_settled),
        growth(&first_settled, &last_settled),
        growth(&launched, &last_settled),
    );
    // WebKit's web process gives back what the screens left behind in steps, about every other
    // round: readings taken right after a round swing by some 20 MiB from one round to the next,
    // so one reading at the end may fall on a crest or a trough. The lowest readings of the
    // first and of the last rounds compare like with like.
    let lowest = |readings: &[f64]| readings.iter().copied().fold(f64::INFINITY, f64::min);
    let window = after_each_round.len().min(4);
    let lowest_first = lowest(&after_each_round[..window]);
    let lowest_last = lowest(&after_each_round[after_each_round.len() - window..]);
    let lowest_growth = (lowest_last - lowest_first) / lowest_first * 100.0;
    println!(
        "lowest right after a round: {lowest_first:.0} MiB in the first {window}, {lowest_last:.0} MiB in the last \
         {window} ({lowest_growth:+.1}%); highest {:.0} MiB",
        after_each_round.iter().copied().fold(0.0, f64::max),
    );
    println!("open files after each round: {open_after_each_round:?}");
    resets.sort_unstable();
    println!(
        "a reset to the next visitor's home: median {} ms, slowest {} ms",
        resets[resets.len() / 2],
        resets[resets.len() - 1]
    );
    println!("by process, KiB launched: {launched:?}");
    println!("after the first round: {first:?}, left alone: {first_settled:?}");
    println!("at the end: {last:?}, left alone: {last_settled:?}");
    if let Ok(path) = std::env::var("KG_SOAK_REPORT") {
        let report = serde_json::json!({
            "seconds": busy.as_secs(),
            "rounds": rounds,
            "settle_seconds": settle,
            "pss_start_mib": mib(&first),
            "pss_end_mib": mib(&last),
            "growth_percent": growth(&first, &last),
            "settled_launched_mib": mib(&launched),
            "settled_start_mib": mib(&first_settled),
            "settled_end_mib": mib(&last_settled),
            "settled_growth_percent": growth(&first_settled, &last_settled),
            "settled_growth_from_launch_percent": growth(&launched, &last_settled),
            "launched_kib": launched,
            "first_round_kib": first,
            "end_kib": last,
            "first_round_settled_kib": first_settled,
            "end_settled_kib": last_settled,
            "after_each_round_mib": after_each_round,
            "lowest_first_rounds_mib": lowest_first,
            "lowest_last_rounds_mib": lowest_last,
            "lowest_growth_percent": lowest_growth,
            "reset_to_new_home_ms_sorted": resets,
            "open_files_after_each_round": open_after_each_round,
        });
        std::fs::write(path, report.to_string()).unwrap();
    }
    // A visitor's page goes with the visitor: its window, its webview and the files WebKit
    // opened for it. WebDriver keeps the first webview of a session for itself, so counting
    // starts after the first round.
    if rounds >= 3 {
        let (first, last) = (open_after_each_round[0], open_after_each_round[open_after_each_round.len() - 1]);
        assert!(last <= first, "the app's open files grew from {first} to {last} over {rounds} visitors");
    }
    app.close().await;
}

/// One visitor: a search, a product page, a purchase, a year of the time machine and its undo,
/// a month, then the reset that the next visitor finds. Returns how long the next visitor's
/// home took to come, from the reset's confirmation to the new window's products.
async fn round(app: &App) -> Duration {
    app.type_and_enter("[data-testid=search-input]", "wordpress").await;
    app.wait_for("[data-testid=search-results] [data-testid=product-card]").await;
    app.click("[data-testid=search-results] [data-testid=product-card] a").await;
    app.wait_for("[data-testid=product-name]").await;
    app.wait_for("[data-testid=quote-total]").await;

    checkout_from_product(app, "server-monitoring-saas", "Sentinel Server Monitor").await;
    app.click("[data-testid=confirm]").await;
    app.wait_for_text("[data-testid=order-status]", "Completed").await;

    app.click("[data-testid=time-machine-open]").await;
    app.wait_for("[data-testid=time-machine] [data-testid=demo-clock]").await;
    app.wait_for("[data-testid=upcoming-list]").await;
    let clock = app.text("[data-testid=demo-clock]").await;
    app.click("[data-testid=travel-year]").await;
    app.wait_for_text("[data-testid=fired-list]", "R-REN").await;
    app.wait_for_text("[data-testid=travel-summary]", "timers fired").await;
    app.click("[data-testid=travel-undo]").await;
    app.wait_for_text("[data-testid=demo-clock]", &clock).await;
    app.click("[data-testid=travel-month]").await;
    app.wait_for("[data-testid=fired-list]").await;
    app.click("[data-testid=time-machine-close]").await;

    app.click("[data-testid=demo-reset]").await;
    let reset = Instant::now();
    app.click_and_follow_new_window("[data-testid=demo-reset-confirm]").await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    reset.elapsed()
}

type Pss = std::collections::BTreeMap<String, u64>;

/// How many files the app's own process has open (`/proc/PID/fd`).
fn open_files(process: u32) -> usize {
    std::fs::read_dir(format!("/proc/{process}/fd")).map(|files| files.count()).unwrap_or(0)
}

/// The app's memory at once, and again after `settle` seconds without input.
async fn read_memory(process: u32, settle: u64) -> (Pss, Pss) {
    let now = pss_of_tree(process);
    tokio::time::sleep(Duration::from_secs(settle)).await;
    (now, pss_of_tree(process))
}

/// The proportional set size, in KiB, of a process and every process it started (WebKit's
/// web and network processes), by the processes' names.
fn pss_of_tree(root: u32) -> Pss {
    let mut pss = std::collections::BTreeMap::new();
    for pid in processes::tree(root) {
        let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default().trim().to_string();
        let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        let kib = rollup
            .lines()
            .find(|l| l.starts_with("Pss:"))
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            .unwrap_or(0);
        *pss.entry(name).or_default() += kib;
    }
    assert!(pss.values().sum::<u64>() > 0, "the app's memory could be read");
    pss
}

fn mib(pss: &Pss) -> f64 {
    pss.values().sum::<u64>() as f64 / 1024.0
}

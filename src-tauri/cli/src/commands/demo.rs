//! `kg demo reset`: puts a data file back to the demo catalog, so that every trade-show demo
//! starts from the same place; a demo sandbox back to its first state. `kg demo sandbox`:
//! makes a data file a sandbox. `kg demo generate`: adds synthetic products, to try the app at
//! marketplace scale.

use std::path::Path;
use std::time::Instant;

use chrono::{SubsecRound, Utc};
use koogallery_core::catalog::import::ImportReport;
use koogallery_core::clock::SystemClock;
use koogallery_core::{demo, Store};

use crate::output::{count, instant, Output};
use crate::Failure;

pub fn reset(path: &Path, out: &Output) -> Result<(), Failure> {
    // Store::open, not demo::open: filling a new file with the demo only to replace it at
    // once would double the wait.
    let mut store = Store::open(path)?;
    out.follow(&store);
    if demo::is_sandbox(store.conn())? {
        return put_back(&demo::Sandbox::at(path), &mut store, out);
    }
    let report = demo::reset(&mut store)?;
    out.show(&report, || summary(&report))?;
    Ok(())
}

/// Makes the data file a demo sandbox, or puts a sandbox back to its first state.
pub fn sandbox(path: &Path, out: &Output) -> Result<(), Failure> {
    let sandbox = demo::Sandbox::at(path);
    let started = Instant::now();
    let store = sandbox.open(Utc::now().trunc_subsecs(0))?;
    out.follow(&store);
    let clock = store.clock(&SystemClock)?;
    let answer = serde_json::json!({
        "sandbox": path.display().to_string(),
        "first_state": sandbox.first_state().display().to_string(),
        "clock": instant(clock.now),
        "milliseconds": started.elapsed().as_millis() as u64,
    });
    out.show(&answer, || {
        format!(
            "{} is a demo sandbox, at its first state: the clock stopped at {}. Its first state is kept in {}.",
            path.display(),
            out.zone().instant(clock.now),
            sandbox.first_state().display()
        )
    })?;
    Ok(())
}

fn put_back(sandbox: &demo::Sandbox, store: &mut Store, out: &Output) -> Result<(), Failure> {
    let started = Instant::now();
    sandbox.reset(store)?;
    let took = started.elapsed().as_millis() as u64;
    let clock = store.clock(&SystemClock)?;
    let answer = serde_json::json!({ "sandbox": true, "clock": instant(clock.now), "milliseconds": took });
    out.show(&answer, || {
        format!(
            "The demo sandbox is back at its first state ({} ms): the clock at {}.",
            took,
            out.zone().instant(clock.now)
        )
    })?;
    Ok(())
}

pub fn generate(store: &mut Store, products: u32, seed: u64, out: &Output) -> Result<(), Failure> {
    let report = demo::generate(store, products, seed)?;
    out.show(&report, || {
        let mut text =
            format!("Added {} ({} refused).", count(report.products, "generated product"), report.refused.len());
        for refused in &report.refused {
            text.push_str(&format!("\nrefused: {refused}"));
        }
        text
    })?;
    Ok(())
}

fn summary(report: &ImportReport) -> String {
    let mut text = format!(
        "Demo store ready: {} from {}, {}, {}.",
        count(report.products, "product"),
        count(report.sellers, "seller"),
        count(report.images, "image"),
        count(report.guides, "user guide"),
    );
    for refused in &report.refused {
        text.push_str(&format!("\nrefused: {refused}"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_what_was_imported_and_lists_what_was_refused() {
        let report = ImportReport {
            sellers: 16,
            products: 74,
            images: 204,
            guides: 1,
            refused: vec!["product x: no editions".to_string()],
        };
        assert_eq!(
            summary(&report),
            "Demo store ready: 74 products from 16 sellers, 204 images, 1 user guide.\nrefused: product x: no editions"
        );
    }
}

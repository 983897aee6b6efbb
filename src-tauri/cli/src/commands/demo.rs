//! `kg demo reset`: puts a data file back to the demo catalog, so that every trade-show demo
//! starts from the same place. `kg demo generate`: adds synthetic products, to try the app at
//! marketplace scale.

use std::path::Path;

use koogallery_core::catalog::import::ImportReport;
use koogallery_core::{demo, Store};

use crate::output::{count, Output};
use crate::Failure;

pub fn reset(path: &Path, out: &Output) -> Result<(), Failure> {
    // Store::open, not demo::open: filling a new file with the demo only to replace it at
    // once would double the wait.
    let mut store = Store::open(path)?;
    let report = demo::reset(&mut store)?;
    out.show(&report, || summary(&report))?;
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

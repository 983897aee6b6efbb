//! Runs: an item billed from a start to an end, opened and ended as an instance is made,
//! switches image, stops, starts or is deleted.

use chrono::Duration;
use rusqlite::{params, Connection};
use rust_decimal::Decimal;

use super::{instant, text};
use crate::Result;

/// Opens a run of `item` on instance `id` from `at`; or, when a block of the same item
/// already charged covers `at` (an image switched away from and back within its hour, an
/// instance started again within the hour its arrears paid for), from that block's end: an
/// hour is never charged twice for the same item.
pub(crate) fn open_run(
    tx: &Connection,
    id: u32,
    item: &str,
    label: &str,
    seller_id: Option<&str>,
    hourly_price: Decimal,
    at: &str,
) -> Result<()> {
    let from = instant(at)?;
    let covering: Option<String> = tx
        .prepare_cached(
            "SELECT max(block_start) FROM hourly_charges
             WHERE instance_id = ?1 AND item = ?2 AND block_start > ?3 AND block_start <= ?4",
        )?
        .query_row(params![id, item, text(from - Duration::hours(1)), at], |r| r.get(0))?;
    let start = match covering {
        Some(block) => text(instant(&block)? + Duration::hours(1)),
        None => at.to_string(),
    };
    let at = start.as_str();
    tx.prepare_cached(
        "INSERT INTO metering_runs (instance_id, item, label, seller_id, hourly_price, started_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id, item, label, seller_id, hourly_price.to_string(), at])?;
    Ok(())
}

/// Ends the open runs of instance `id` at `at`: all of them, or those of images only.
pub(crate) fn close_runs(tx: &Connection, id: u32, images_only: Option<()>, at: &str) -> Result<()> {
    // A run whose billed blocks already reach its end has nothing left to bill.
    let sql = if images_only.is_some() {
        "UPDATE metering_runs
         SET ended_at = ?2, billed_in_full = unixepoch(started_at) + 3600 * blocks_billed >= unixepoch(?2)
         WHERE instance_id = ?1 AND ended_at IS NULL AND item <> 'ecs'"
    } else {
        "UPDATE metering_runs
         SET ended_at = ?2, billed_in_full = unixepoch(started_at) + 3600 * blocks_billed >= unixepoch(?2)
         WHERE instance_id = ?1 AND ended_at IS NULL"
    };
    tx.prepare_cached(sql)?.execute(params![id, at])?;
    Ok(())
}

//! Billing the blocks due: every block that has started, in time order across the store, each
//! charged to its instance's means of payment and recorded once; an instance whose hour cannot
//! be paid is suspended.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection};
use rust_decimal::Decimal;

use super::runs::close_runs;
use super::{instant, text, ChargeStatus, MeteringReport};
use crate::charging::funding;
use crate::images::{next_state, EcsAction, InstanceState};
use crate::ledger::{self, NewTransaction};
use crate::money::{format_amount, round_to_cent, to_cents};
use crate::orders::place::Payment;
use crate::payments::{Charge, Outcome, PaymentProvider};
use crate::{CoreError, Result};

/// A run and what its instance says about billing it.
struct Run {
    id: i64,
    instance_id: u32,
    instance_name: String,
    account_id: String,
    item: String,
    label: String,
    seller_id: Option<String>,
    hourly_price: Decimal,
    started_at: DateTime<Utc>,
    end: DateTime<Utc>,
    blocks_billed: i64,
    payment: Payment,
    state: InstanceState,
}

/// Each run still to bill: its next block and what ends it.
const NEXT_BLOCKS: &str = "SELECT r.started_at, r.blocks_billed, r.ended_at, i.expires_at
     FROM metering_runs r JOIN ecs_instances i ON i.id = r.instance_id
     WHERE r.billed_in_full = 0";

/// Each run still to bill, with what billing it needs.
const RUNS_TO_BILL: &str =
    "SELECT r.id, r.instance_id, i.name, i.account_id, r.item, r.label, r.seller_id, r.hourly_price,
            r.started_at, r.ended_at, r.blocks_billed, i.payment_method, i.card_id, i.state, i.expires_at
     FROM metering_runs r JOIN ecs_instances i ON i.id = r.instance_id
     WHERE r.billed_in_full = 0
     ORDER BY r.id";

/// The start of the earliest block due to be billed, if any: when the scheduler should next
/// meter. A block is due from its start while its run lasts (not ended, the instance not
/// expired). The scheduler asks before every item it fires, so only the runs still to bill are
/// read (not those ended and billed in full, however many a store has), and their times are
/// worked out here, as [`meter`] works them out, rather than by SQLite's date functions.
pub(crate) fn next_block(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    let mut statement = conn.prepare_cached(NEXT_BLOCKS)?;
    let mut rows = statement.query([])?;
    let mut next: Option<DateTime<Utc>> = None;
    while let Some(r) = rows.next()? {
        let block = instant(&r.get::<_, String>(0)?)? + Duration::hours(r.get(1)?);
        let mut lasts = true;
        for limit in [r.get::<_, Option<String>>(2)?, r.get::<_, Option<String>>(3)?].into_iter().flatten() {
            lasts &= block < instant(&limit)?;
        }
        if lasts {
            next = Some(next.map_or(block, |earliest| earliest.min(block)));
        }
    }
    Ok(next)
}

/// [`process_metering`] inside a transaction the caller holds.
pub(crate) fn meter(tx: &Connection, payments: &dyn PaymentProvider, now: DateTime<Utc>) -> Result<MeteringReport> {
    let mut runs = Vec::new();
    {
        let mut statement = tx.prepare_cached(RUNS_TO_BILL)?;
        let mut rows = statement.query([])?;
        while let Some(r) = rows.next()? {
            let ended: Option<String> = r.get(9)?;
            let expires: Option<String> = r.get(14)?;
            let mut end = now;
            for limit in [ended, expires].into_iter().flatten() {
                end = end.min(instant(&limit)?);
            }
            let price: String = r.get(7)?;
            runs.push(Run {
                id: r.get(0)?,
                instance_id: r.get(1)?,
                instance_name: r.get(2)?,
                account_id: r.get(3)?,
                item: r.get(4)?,
                label: r.get(5)?,
                seller_id: r.get(6)?,
                hourly_price: price
                    .parse()
                    .map_err(|_| CoreError::Internal(format!("a stored hourly price {price:?} is unreadable")))?,
                started_at: instant(&r.get::<_, String>(8)?)?,
                end,
                blocks_billed: r.get(10)?,
                payment: Payment::read(&r.get::<_, String>(11)?, r.get(12)?)?,
                state: r.get(13)?,
            });
        }
    }

    // Every block due, oldest first across all runs: a balance pays the hours in the order
    // they happened, whichever instance they belong to.
    let mut blocks: Vec<(DateTime<Utc>, usize)> = Vec::new();
    for (index, run) in runs.iter().enumerate() {
        let mut k = run.blocks_billed;
        loop {
            let start = run.started_at + Duration::hours(k);
            if start >= run.end {
                break;
            }
            blocks.push((start, index));
            k += 1;
        }
    }
    blocks.sort_by_key(|&(start, index)| (start, runs[index].instance_id, runs[index].id));

    let mut report = MeteringReport::default();
    let mut charged = Decimal::ZERO;
    let mut billed: HashMap<usize, i64> = HashMap::new();
    let mut suspended_at: HashMap<u32, DateTime<Utc>> = HashMap::new();
    for (start, index) in blocks {
        // A block is billed as it starts: its time, not the time this run happened to look,
        // so that billing a day at once or hour by hour writes the same rows.
        let billed_at = text(start);
        let run = &runs[index];
        let amount = round_to_cent(run.hourly_price);
        let status = match suspended_at.get(&run.instance_id) {
            // The other items of the hour that could not be paid started with it: owed too.
            Some(&t) if start == t => record(tx, run, start, amount, ChargeStatus::Unpaid, None, &billed_at)?,
            Some(&t) if start > t => continue,
            _ => charge_block(tx, payments, run, start, amount, &billed_at)?,
        };
        *billed.entry(index).or_default() += 1;
        report.blocks += 1;
        match status {
            ChargeStatus::Paid => charged += amount,
            ChargeStatus::ReferenceOnly => {}
            ChargeStatus::Unpaid if !suspended_at.contains_key(&run.instance_id) => {
                suspended_at.insert(run.instance_id, start);
                suspend(tx, run.instance_id, run.state, start)?;
                report.suspended.push(run.instance_id);
            }
            ChargeStatus::Unpaid => {}
        }
    }
    for (index, count) in billed {
        // Its end read as it is now: a run suspended above ended while this was billing it.
        tx.prepare_cached(
            "UPDATE metering_runs SET blocks_billed = blocks_billed + ?2,
                    billed_in_full = ended_at IS NOT NULL
                        AND unixepoch(started_at) + 3600 * (blocks_billed + ?2) >= unixepoch(ended_at)
             WHERE id = ?1",
        )?
        .execute(params![runs[index].id, count])?;
    }
    report.charged = format_amount(charged);
    Ok(report)
}

/// Who is paid for an item: its image's seller, or the cloud.
pub(super) fn recipient(seller_id: Option<&str>) -> String {
    seller_id.map_or_else(|| ledger::CLOUD_RESOURCES.to_string(), ledger::seller_sales)
}

/// Charges one block and records it; says whether it was paid.
fn charge_block(
    tx: &Connection,
    payments: &dyn PaymentProvider,
    run: &Run,
    start: DateTime<Utc>,
    amount: Decimal,
    billed_at: &str,
) -> Result<ChargeStatus> {
    let block = text(start);
    let mut token = String::new();
    let (status, transaction) = match funding(tx, &run.account_id, run.payment, &mut token)? {
        None => (ChargeStatus::ReferenceOnly, None),
        Some(_) if amount.is_zero() => (ChargeStatus::Paid, None),
        Some((source, from, kind)) => {
            let reference = format!("hourly-{}-{}-{block}", run.instance_id, run.item);
            match payments.charge(&Charge { reference: &reference, amount, source }) {
                Outcome::Declined { .. } => (ChargeStatus::Unpaid, None),
                Outcome::Approved { reference } => {
                    let posting = NewTransaction {
                        kind,
                        account_id: &run.account_id,
                        order_id: None,
                        reference: Some(&reference),
                        memo: format!(
                            "ECS {} ({}): {}, hour from {block}",
                            run.instance_id, run.instance_name, run.label
                        ),
                        at: billed_at,
                        entries: Vec::new(),
                    };
                    let id = ledger::post(tx, &posting.transfer(from, recipient(run.seller_id.as_deref()), amount))?;
                    (ChargeStatus::Paid, Some(id))
                }
            }
        }
    };
    record(tx, run, start, amount, status, transaction, billed_at)
}

/// Writes the row of a billed block; its unique key refuses a block billed twice.
fn record(
    tx: &Connection,
    run: &Run,
    start: DateTime<Utc>,
    amount: Decimal,
    status: ChargeStatus,
    transaction: Option<i64>,
    billed_at: &str,
) -> Result<ChargeStatus> {
    let block = text(start);
    let status_text = match status {
        ChargeStatus::Paid => "paid",
        ChargeStatus::Unpaid => "unpaid",
        ChargeStatus::ReferenceOnly => "reference_only",
    };
    tx.prepare_cached(
        "INSERT INTO hourly_charges (instance_id, account_id, item, label, seller_id, block_start, amount_cents, status,
                                     transaction_id, billed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        run.instance_id,
        run.account_id,
        run.item,
        run.label,
        run.seller_id,
        block,
        to_cents(amount)?,
        status_text,
        transaction,
        billed_at
    ])?;
    Ok(status)
}

/// Suspends an instance for arrears at `at`: its runs end there, so billing stops. A deleted
/// instance stays deleted (its last hours are still owed, as arrears).
fn suspend(tx: &Connection, id: u32, state: InstanceState, at: DateTime<Utc>) -> Result<()> {
    let at = text(at);
    if state != InstanceState::Deleted {
        let next = next_state(id, state, EcsAction::Suspend)?;
        tx.prepare_cached("UPDATE ecs_instances SET state = ?2, billing_since = NULL, updated_at = ?3 WHERE id = ?1")?
            .execute(params![id, next, at])?;
    }
    close_runs(tx, id, None, &at)
}

#[cfg(test)]
mod tests {
    use super::{NEXT_BLOCKS, RUNS_TO_BILL};
    use crate::Store;

    fn plan(store: &Store, sql: &str) -> Vec<String> {
        let mut statement = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let steps = statement.query_map([], |r| r.get(3)).unwrap();
        steps.collect::<rusqlite::Result<_>>().unwrap()
    }

    #[test]
    fn only_the_runs_still_to_bill_are_read_through_their_own_index() {
        let store = Store::open_in_memory().unwrap();
        for sql in [NEXT_BLOCKS, RUNS_TO_BILL] {
            let steps = plan(&store, sql);
            assert_eq!(steps.first().map(String::as_str), Some("SCAN r USING INDEX metering_runs_to_bill"), "{sql}");
            assert!(
                steps.iter().skip(1).all(|step| step.starts_with("SEARCH i USING INTEGER PRIMARY KEY")),
                "{steps:?}"
            );
        }
    }
}

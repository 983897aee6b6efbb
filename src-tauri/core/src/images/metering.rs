//! Hourly metering of pay-per-use images and instances (R-IMG-4), driven by the clock.
//!
//! Billing is kept as *runs*: one item (`ecs` for the flavour and its EIP, or an image as
//! `product/edition`) billed from a start (when billing starts or resumes) to an end (delete,
//! a switch to another image, suspension; a yearly/monthly instance's expiry caps it). A run
//! is cut into 60-minute blocks from its start; a block is billed, in full and once, as soon
//! as it has started before the run's end and before now. So an instance created at 10:00
//! and deleted at 12:20 pays three blocks (10:00, 11:00, 12:00), and one looked at 10:00:00
//! on the dot pays nothing yet.
//!
//! [`process_metering`] bills every block due, in time order across the store, each as one
//! `hourly_charges` row (unique per instance, block start and item) with its ledger
//! transaction, in one database transaction. Running it twice, or after the app was closed
//! for a week, bills each block exactly once.
//!
//! When a charge cannot be paid (a prepaid balance too low, a declined card, credit used up)
//! the row is kept as unpaid (arrears), the instance is suspended and its runs end at that
//! block's start: billing stops. Starting it again pays the arrears first, then billing
//! resumes from a new block start. A reseller customer's charges are recorded for reference
//! only; nothing is charged and nothing is suspended.

use std::collections::HashMap;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rusqlite::{params, Connection};
use rust_decimal::Decimal;
use serde::Serialize;

use super::{next_state, EcsAction, InstanceState};
use crate::charging::funding;
use crate::ledger::{self, NewTransaction};
use crate::money::{format_amount, from_cents, round_to_cent, to_cents};
use crate::orders::place::Payment;
use crate::paging::{Page, PageRequest, Window};
use crate::payments::{Charge, Outcome, PaymentProvider};
use crate::{accounts, CoreError, Result, Store};

/// The item of a run or charge that bills the instance itself (flavour and EIP).
pub const ECS_ITEM: &str = "ecs";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ChargeStatus {
    Paid,
    /// Arrears: the charge could not be paid and the instance was suspended.
    Unpaid,
    /// A reseller customer's: for reference only, nothing was charged.
    ReferenceOnly,
}

impl rusqlite::types::FromSql for ChargeStatus {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        match value.as_str()? {
            "paid" => Ok(ChargeStatus::Paid),
            "unpaid" => Ok(ChargeStatus::Unpaid),
            "reference_only" => Ok(ChargeStatus::ReferenceOnly),
            other => Err(rusqlite::types::FromSqlError::Other(format!("unknown charge status {other:?}").into())),
        }
    }
}

/// One hour's charge for one item, as `kg bills list` and Billing Center show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HourlyCharge {
    pub id: u32,
    pub instance_id: u32,
    pub instance_name: String,
    /// `ecs`, or the image as `product/edition`.
    pub item: String,
    pub label: String,
    /// The start of the 60-minute block charged.
    pub block_start: String,
    /// Two decimals.
    pub amount: String,
    pub status: ChargeStatus,
    pub billed_at: String,
}

/// What one run of metering did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeteringReport {
    /// Blocks billed (paid, unpaid or for reference).
    pub blocks: u32,
    /// What was charged, two decimals.
    pub charged: String,
    /// Instances suspended for arrears.
    pub suspended: Vec<u32>,
}

fn text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn instant(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| CoreError::Internal(format!("a stored time {text:?} is unreadable: {e}")))
}

/// Bills every block due up to `now`, for every account, in one transaction.
pub fn process_metering(
    store: &mut Store,
    payments: &dyn PaymentProvider,
    now: DateTime<Utc>,
) -> Result<MeteringReport> {
    store.write(|tx| meter(tx, payments, now))
}

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

/// Bills every block due up to the store's "now" (the demo clock when set): what the app does
/// when it starts and before it shows instances or charges.
pub fn bill_due(store: &mut Store, services: &crate::orders::Services<'_>) -> Result<MeteringReport> {
    let now = store.clock(services.clock)?.now;
    process_metering(store, services.payments, now)
}

/// A page of the current account's hourly charges, after billing what is due (Billing Center's
/// bills). A page asked for wrongly bills nothing.
pub fn charges(
    store: &mut Store,
    services: &crate::orders::Services<'_>,
    request: PageRequest,
) -> Result<Page<HourlyCharge>> {
    let window = request.window()?;
    bill_due(store, services)?;
    page_of_charges(store.conn(), window)
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
fn recipient(seller_id: Option<&str>) -> String {
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

/// Pays the arrears of instance `id` in one ledger transaction. The outer error is a failure
/// to write; the inner one a payment refused (nothing is written then).
pub(crate) fn pay_arrears(
    tx: &Connection,
    payments: &dyn PaymentProvider,
    id: u32,
    account: &str,
    payment: Payment,
    at: &str,
) -> Result<std::result::Result<(), CoreError>> {
    let unpaid = tx
        .prepare_cached(
            "SELECT id, seller_id, amount_cents FROM hourly_charges WHERE instance_id = ?1 AND status = 'unpaid' ORDER BY id",
        )?
        .query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, i64>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total = from_cents(unpaid.iter().map(|(_, _, cents)| cents).sum());
    if unpaid.is_empty() || total.is_zero() {
        return Ok(Ok(()));
    }
    let mut token = String::new();
    let Some((source, from, kind)) = funding(tx, account, payment, &mut token)? else { return Ok(Ok(())) };
    let reference = format!("arrears-{id}-{}", unpaid[0].0);
    let provider_reference = match payments.charge(&Charge { reference: &reference, amount: total, source }) {
        Outcome::Approved { reference } => reference,
        Outcome::Declined { message, .. } => {
            let advice = if payment == Payment::Balance { "top up the balance" } else { "check the card or credit" };
            let message = format!(
                "ECS {id} owes {} in hourly charges and {message}; {advice}, then start it again",
                format_amount(total)
            );
            return Ok(Err(if payment == Payment::Balance {
                CoreError::InsufficientBalance(message)
            } else {
                CoreError::PaymentDeclined(message)
            }));
        }
    };
    let mut by_recipient: Vec<(String, Decimal)> = Vec::new();
    for (_, seller, cents) in &unpaid {
        let to = recipient(seller.as_deref());
        match by_recipient.iter_mut().find(|(account, _)| *account == to) {
            Some((_, amount)) => *amount += from_cents(*cents),
            None => by_recipient.push((to, from_cents(*cents))),
        }
    }
    let mut entries = vec![(from, -total)];
    entries.extend(by_recipient.into_iter().filter(|(_, amount)| !amount.is_zero()));
    let transaction = ledger::post(
        tx,
        &NewTransaction {
            kind,
            account_id: account,
            order_id: None,
            reference: Some(&provider_reference),
            memo: format!("ECS {id}: hourly charges in arrears"),
            at,
            entries,
        },
    )?;
    tx.prepare_cached(
        "UPDATE hourly_charges SET status = 'paid', transaction_id = ?2 WHERE instance_id = ?1 AND status = 'unpaid'",
    )?
    .execute(params![id, transaction])?;
    Ok(Ok(()))
}

const CHARGES: &str =
    "SELECT c.id, c.instance_id, i.name, c.item, c.label, c.block_start, c.amount_cents, c.status, c.billed_at
     FROM hourly_charges c JOIN ecs_instances i ON i.id = c.instance_id
     WHERE c.account_id = ?1 ORDER BY c.block_start DESC, c.id DESC";

fn read_charge(r: &rusqlite::Row<'_>) -> rusqlite::Result<HourlyCharge> {
    Ok(HourlyCharge {
        id: r.get(0)?,
        instance_id: r.get(1)?,
        instance_name: r.get(2)?,
        item: r.get(3)?,
        label: r.get(4)?,
        block_start: r.get(5)?,
        amount: format_amount(from_cents(r.get(6)?)),
        status: r.get(7)?,
        billed_at: r.get(8)?,
    })
}

/// The current account's hourly charges, the newest first.
pub fn list_charges(conn: &Connection) -> Result<Vec<HourlyCharge>> {
    let account = accounts::current(conn)?;
    Ok(conn.prepare_cached(CHARGES)?.query_map([&account], read_charge)?.collect::<rusqlite::Result<_>>()?)
}

/// One page of the current account's hourly charges, the newest first, and how many there are.
fn page_of_charges(conn: &Connection, window: Window) -> Result<Page<HourlyCharge>> {
    let account = accounts::current(conn)?;
    let total = conn
        .prepare_cached("SELECT count(*) FROM hourly_charges WHERE account_id = ?1")?
        .query_row([&account], |r| r.get(0))?;
    let items = conn
        .prepare_cached(&format!("{CHARGES} LIMIT ?2 OFFSET ?3"))?
        .query_map(params![account, window.limit, window.offset], read_charge)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page::new(items, total, window))
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

//! What was billed: the current account's hourly charges, the newest first, as Billing Center's
//! bills and `kg bills list` show them.

use rusqlite::{params, Connection};

use super::{bill_due, HourlyCharge};
use crate::money::{format_amount, from_cents};
use crate::paging::{Page, PageRequest, Window};
use crate::{accounts, Result, Store};

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

//! Reading invoices back: Billing Center > Invoices for a buyer, Operations > Invoices for the
//! operations manager, and which of the buyer's orders can be invoiced, with what.

use rusqlite::{params, Connection};

use super::charges;
use super::request::standing;
use super::{describe, load, visible, Invoice, InvoiceableOrder};
use crate::money::{format_amount, from_cents};
use crate::paging::{Page, PageRequest};
use crate::roles::{self, Role};
use crate::{accounts, CoreError, Result};

/// The current account's invoices, the newest first; for the operations manager, every
/// invoice, the submitted ones (waiting to be issued) first, oldest first among them.
pub fn list(conn: &Connection) -> Result<Vec<Invoice>> {
    let ids: Vec<u32> =
        match roles::current(conn)? {
            Role::Buyer => conn
                .prepare_cached("SELECT id FROM invoices WHERE account_id = ?1 ORDER BY id DESC")?
                .query_map([accounts::current(conn)?], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?,
            Role::OperationsManager => conn
                .prepare_cached(
                    "SELECT id FROM invoices ORDER BY status = 'submitted' DESC,
                     CASE WHEN status = 'submitted' THEN id ELSE -id END",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?,
            Role::Seller => return Err(CoreError::Forbidden(
                "only a buyer or the operations manager can see invoices; the app acts as a seller: switch roles first"
                    .into(),
            )),
        };
    ids.into_iter().map(|id| load(conn, id)).collect()
}

/// Invoice `id`: a buyer's own, or any for the operations manager.
pub fn show(conn: &Connection, id: u32) -> Result<Invoice> {
    visible(conn, id)
}

// The current account's paid orders: what an invoice can be asked for.
const PAID: &str =
    "FROM orders WHERE account_id = ?1 AND (status = 'paid' OR status = 'processing' OR status = 'completed')";

/// The current account's orders that were paid, the newest first, each with the charges an
/// invoice of it would take and, when there are none, why (a reseller customer's
/// reference-only order, one whose every charge is already on an invoice).
pub fn invoiceable(conn: &Connection) -> Result<Vec<InvoiceableOrder>> {
    roles::require_buyer(conn, "ask for an invoice")?;
    let account = accounts::current(conn)?;
    paid_orders(conn, &account, &format!("{PAID} ORDER BY id DESC"), params![account])
}

/// One page of [`invoiceable`], and how many paid orders there are in all: only the page's
/// orders have their charges read.
pub fn invoiceable_page(conn: &Connection, request: PageRequest) -> Result<Page<InvoiceableOrder>> {
    let window = request.window()?;
    roles::require_buyer(conn, "ask for an invoice")?;
    let account = accounts::current(conn)?;
    let total = conn.prepare_cached(&format!("SELECT count(*) {PAID}"))?.query_row([&account], |r| r.get(0))?;
    let sql = format!("{PAID} ORDER BY id DESC LIMIT ?2 OFFSET ?3");
    let items = paid_orders(conn, &account, &sql, params![account, window.limit, window.offset])?;
    Ok(Page::new(items, total, window))
}

/// The paid orders `tail` (from `FROM` on) selects, each with its charges not yet invoiced.
fn paid_orders(
    conn: &Connection,
    account: &str,
    tail: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<InvoiceableOrder>> {
    let zone: String =
        conn.prepare_cached("SELECT time_zone FROM accounts WHERE id = ?1")?.query_row([account], |r| r.get(0))?;
    let rows = conn
        .prepare_cached(&format!(
            "SELECT id, product_name, edition_name, billing, period, duration, users, quantity, status,
                    payment_method, amount_cents, created_at {tail}"
        ))?
        .query_map(params, |r| {
            let billing: String = r.get(3)?;
            let period: String = r.get(4)?;
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, String>(1)?,
                describe(&r.get::<_, String>(2)?, &billing, &period, r.get(5)?, r.get(6)?, r.get(7)?),
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, i64>(10)?,
                r.get::<_, String>(11)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut orders = Vec::with_capacity(rows.len());
    for (order_id, product_name, description, status, method, cents, paid_at) in rows {
        let standing = standing(conn, order_id, &status, &method)?;
        let to_invoice: i64 = standing.open.iter().map(|c| c.cents).sum();
        let charges = standing
            .open
            .iter()
            .map(|c| charges::line(conn, c.kind, c.id, c.order_id, c.cents, &zone))
            .collect::<Result<Vec<_>>>()?;
        orders.push(InvoiceableOrder {
            order_id,
            product_name,
            description,
            status,
            amount: format_amount(from_cents(cents)),
            paid_at,
            charges,
            to_invoice: format_amount(from_cents(to_invoice)),
            invoiceable: standing.reason.is_none(),
            reason: standing.reason,
            invoices: standing.invoices,
        });
    }
    Ok(orders)
}

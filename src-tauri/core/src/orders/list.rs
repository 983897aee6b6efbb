//! Billing Center > My Orders, and one order's page.

use rusqlite::{Connection, OptionalExtension, Row};

use super::{Order, OrderDetail, OrderEvent};
use crate::catalog::pricing::Quote;
use crate::money::{format_amount, from_cents};
use crate::paging::{Page, PageRequest};
use crate::{accounts, ledger, CoreError, Result};

pub(super) const COLUMNS: &str = "o.id, o.status, o.product_id, o.product_name, o.seller_id, o.seller_name, o.delivery,
    o.supervised, o.edition, o.edition_name, o.billing, o.period, o.duration, o.users, o.quantity, o.amount_cents,
    o.payment_method, c.brand || ' •••• ' || c.last4, o.failure, o.created_at, o.updated_at, o.quote, a.name";

pub(super) const FROM: &str =
    "orders o JOIN accounts a ON a.id = o.account_id LEFT JOIN account_cards c ON c.id = o.card_id";

pub(super) fn read(row: &Row<'_>) -> rusqlite::Result<(Order, String)> {
    let method: String = row.get(16)?;
    let card: Option<String> = row.get(17)?;
    let payment = match method.as_str() {
        "balance" => "Prepaid balance".to_string(),
        "credit" => "Credit".to_string(),
        "reseller" => "Reseller".to_string(),
        _ => card.unwrap_or_else(|| "Card".to_string()),
    };
    Ok((
        Order {
            id: row.get(0)?,
            buyer_name: row.get(22)?,
            status: row.get(1)?,
            product_id: row.get(2)?,
            product_name: row.get(3)?,
            seller_id: row.get(4)?,
            seller_name: row.get(5)?,
            delivery: row.get(6)?,
            supervised: row.get(7)?,
            edition: row.get(8)?,
            edition_name: row.get(9)?,
            billing: row.get(10)?,
            period: row.get(11)?,
            duration: row.get(12)?,
            users: row.get(13)?,
            quantity: row.get(14)?,
            amount: format_amount(from_cents(row.get(15)?)),
            reference_only: method == "reseller",
            payment,
            failure: row.get(18)?,
            created_at: row.get(19)?,
            updated_at: row.get(20)?,
        },
        row.get(21)?,
    ))
}

/// The orders of the account the app acts for, the newest first.
pub fn list(conn: &Connection) -> Result<Vec<Order>> {
    let account = accounts::current(conn)?;
    select(conn, "o.account_id = ?1", [&account])
}

/// One page of My Orders: the account's orders, the newest first, and how many it has.
pub fn page(conn: &Connection, request: PageRequest) -> Result<Page<Order>> {
    let window = request.window()?;
    let account = accounts::current(conn)?;
    let total = conn
        .prepare_cached("SELECT count(*) FROM orders WHERE account_id = ?1")?
        .query_row([&account], |r| r.get(0))?;
    let rows = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE o.account_id = ?1 ORDER BY o.id DESC LIMIT ?2 OFFSET ?3"
        ))?
        .query_map(rusqlite::params![account, window.limit, window.offset], read)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Page::new(rows.into_iter().map(|(order, _)| order).collect(), total, window))
}

pub(super) fn select(conn: &Connection, filter: &str, params: impl rusqlite::Params) -> Result<Vec<Order>> {
    let rows = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE {filter} ORDER BY o.id DESC"))?
        .query_map(params, read)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().map(|(order, _)| order).collect())
}

/// Order `id` of the account the app acts for, with its quote, history and ledger lines.
/// Another account's order is not found.
pub fn show(conn: &Connection, id: u32) -> Result<OrderDetail> {
    let account = accounts::current(conn)?;
    let (order, quote) = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE o.id = ?1 AND o.account_id = ?2"))?
        .query_row(rusqlite::params![id, account], read)
        .optional()?
        .ok_or_else(|| CoreError::not_found(format!("order {id}")))?;
    let quote: Quote = serde_json::from_str(&quote)
        .map_err(|e| CoreError::Internal(format!("the stored quote of order {id} is unreadable: {e}")))?;
    let events = conn
        .prepare_cached("SELECT status, note, at FROM order_events WHERE order_id = ?1 ORDER BY id")?
        .query_map([id], |r| Ok(OrderEvent { status: r.get(0)?, note: r.get(1)?, at: r.get(2)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(OrderDetail { order, quote, events, ledger: ledger::lines_of_order(conn, i64::from(id))? })
}

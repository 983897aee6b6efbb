//! Asking for an invoice: the orders it covers and the details it is made out to.
//!
//! Every field is trimmed and checked, and a refusal names the field first, so that a form can
//! show it beside the field; a refusal writes nothing.

use chrono::SecondsFormat;
use rusqlite::{params, Connection, OptionalExtension};

use super::{load, name_of, Invoice, InvoiceRequest};
use crate::clock::Clock;
use crate::requirements::submit::{email, length};
use crate::{accounts, roles, CoreError, Result, Store};

/// The most orders one invoice may cover.
pub const MAX_ORDERS: usize = 50;

/// The buyer's details as they will be kept (trimmed), or the first field that is wrong and
/// why.
pub fn check_details(title: &str, tax_id: &str, address: &str, email_address: &str) -> Result<[String; 4]> {
    let title = length("the invoice title", title, 2, 120)?;
    let tax_id = tax_id_of(tax_id)?;
    let address = length("the address", address, 5, 300)?;
    let email = email(email_address)?;
    Ok([title, tax_id, address, email])
}

/// A tax id: 2 to 30 characters of letters, digits, `-` and spaces, with at least one digit or
/// letter.
fn tax_id_of(value: &str) -> Result<String> {
    let value = length("the tax id", value, 2, 30)?;
    if let Some(bad) = value.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == ' ')) {
        return Err(CoreError::invalid(format!("the tax id may hold only letters, digits, - and spaces, not {bad:?}")));
    }
    Ok(value)
}

/// Asks for an invoice of `request.order_ids` for the current account, stamped with the
/// store's time; it waits, submitted, for the operations manager to issue it.
pub fn request(store: &mut Store, clock: &dyn Clock, request: &InvoiceRequest) -> Result<Invoice> {
    let [title, tax_id, address, email] =
        check_details(&request.title, &request.tax_id, &request.address, &request.email)?;
    if request.order_ids.is_empty() {
        return Err(CoreError::invalid("the orders: pick at least one paid order to invoice"));
    }
    if request.order_ids.len() > MAX_ORDERS {
        return Err(CoreError::invalid(format!(
            "the orders: one invoice covers at most {MAX_ORDERS} orders, not {}",
            request.order_ids.len()
        )));
    }
    for (i, id) in request.order_ids.iter().enumerate() {
        if request.order_ids[..i].contains(id) {
            return Err(CoreError::invalid(format!("the orders: order {id} is listed twice")));
        }
    }
    let now = store.clock(clock)?.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    store.write(|tx| {
        roles::require_buyer(tx, "ask for an invoice")?;
        let account = accounts::current(tx)?;
        let mut amounts = Vec::with_capacity(request.order_ids.len());
        for &order in &request.order_ids {
            amounts.push(invoiceable_amount(tx, &account, order)?);
        }
        let total: i64 = amounts.iter().sum();
        tx.prepare_cached(
            "INSERT INTO invoices (account_id, status, title, tax_id, address, email, total_cents, requested_at)
             VALUES (?1, 'submitted', ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![account, title, tax_id, address, email, total, now])?;
        let id = u32::try_from(tx.last_insert_rowid())
            .map_err(|_| CoreError::Internal("the invoices table has run out of ids".into()))?;
        attach_orders(tx, id, &request.order_ids, &amounts)?;
        load(tx, id)
    })
}

/// The amount of `order` to invoice, or why it cannot be: it must be the account's, paid
/// (paid, processing or completed), actually charged, and on no live invoice.
pub(crate) fn invoiceable_amount(conn: &Connection, account: &str, order: u32) -> Result<i64> {
    let row: Option<(String, String, i64)> = conn
        .prepare_cached("SELECT status, payment_method, amount_cents FROM orders WHERE id = ?1 AND account_id = ?2")?
        .query_row(params![order, account], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((status, method, cents)) = row else {
        return Err(CoreError::invalid(format!("the orders: order {order} is not one of this account's orders")));
    };
    if let Some(reason) = not_invoiceable(&status, &method, cents) {
        return Err(CoreError::invalid(format!("the orders: order {order} cannot be invoiced: {reason}")));
    }
    if let Some((id, number)) = live_invoice_of(conn, order)? {
        return Err(CoreError::Conflict(format!(
            "order {order} is already on {}: an amount is invoiced only once",
            name_of(id, number.as_deref())
        )));
    }
    Ok(cents)
}

/// Why an order of this status, payment method and amount cannot be invoiced, if it cannot.
pub(crate) fn not_invoiceable(status: &str, method: &str, cents: i64) -> Option<String> {
    if method == "reseller" {
        return Some(
            "it was bought through a reseller, so its amount is for reference only and nothing was charged here; \
             the reseller invoices it"
                .into(),
        );
    }
    if !(status == "paid" || status == "processing" || status == "completed") {
        return Some(format!("it is {}, not paid", status.replace('_', " ")));
    }
    if cents <= 0 {
        return Some("nothing was charged for it".into());
    }
    None
}

/// The live invoice `order` is on, if any.
pub(crate) fn live_invoice_of(conn: &Connection, order: u32) -> Result<Option<(u32, Option<String>)>> {
    Ok(conn
        .prepare_cached(
            "SELECT i.id, i.number FROM invoice_orders io JOIN invoices i ON i.id = io.invoice_id
             WHERE io.order_id = ?1 AND io.live = 1",
        )?
        .query_row([order], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Puts `orders` on invoice `invoice`, live. The store's unique index refuses an order already
/// on a live invoice, whatever got past the checks.
pub(crate) fn attach_orders(tx: &Connection, invoice: u32, orders: &[u32], amounts: &[i64]) -> Result<()> {
    for (i, (order, cents)) in orders.iter().zip(amounts).enumerate() {
        let inserted = tx
            .prepare_cached(
                "INSERT INTO invoice_orders (invoice_id, order_id, position, amount_cents, live) VALUES (?1, ?2, ?3, ?4, 1)",
            )?
            .execute(params![invoice, order, i as i64 + 1, cents]);
        match inserted {
            Ok(_) => {}
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
                return Err(CoreError::Conflict(format!(
                    "order {order} is already on another invoice: an amount is invoiced only once"
                )));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

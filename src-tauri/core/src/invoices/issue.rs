//! The operations manager issues a submitted invoice: it gets its number and date, and the
//! buyer is told in the same transaction (R-AFT-4).

use chrono::{DateTime, Datelike, SecondsFormat, Utc};
use rusqlite::{params, Connection};

use super::{load, Invoice, InvoiceStatus};
use crate::clock::Clock;
use crate::messages::{self, Recipient};
use crate::roles::{self, Role};
use crate::{CoreError, Result, Store};

/// Issues submitted invoice `id` at the store's time.
pub fn issue(store: &mut Store, clock: &dyn Clock, id: u32) -> Result<Invoice> {
    let now = store.clock(clock)?.now;
    store.write(|tx| {
        roles::require(tx, Role::OperationsManager, "issue invoices")?;
        let invoice = load(tx, id)?;
        if invoice.status != InvoiceStatus::Submitted {
            return Err(CoreError::Conflict(format!(
                "invoice {id} is {}, not submitted: only a submitted invoice can be issued",
                invoice.status.as_str()
            )));
        }
        issue_in(tx, &invoice, now)?;
        load(tx, id)
    })
}

/// Gives `invoice` its number and tells its buyer, inside the caller's transaction.
pub(crate) fn issue_in(tx: &Connection, invoice: &Invoice, now: DateTime<Utc>) -> Result<String> {
    let number = format!("INV-{}-{:06}", now.year(), invoice.id);
    let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    tx.prepare_cached("UPDATE invoices SET status = 'issued', number = ?2, issued_at = ?3 WHERE id = ?1")?
        .execute(params![invoice.id, number, at])?;
    let mut orders: Vec<String> = Vec::new();
    for line in &invoice.lines {
        let order = line.order_id.to_string();
        if !orders.contains(&order) {
            orders.push(order);
        }
    }
    let body = format!(
        "Invoice {number} for {} (order{} {}) is issued to {}. Save it as a PDF from Billing Center > Invoices.",
        invoice.total,
        if orders.len() == 1 { "" } else { "s" },
        orders.join(", "),
        invoice.title
    );
    messages::send(
        tx,
        &Recipient::buyer(&invoice.account_id),
        "invoice_issued",
        None,
        &format!("Invoice {number} issued"),
        &body,
        &at,
    )?;
    Ok(number)
}

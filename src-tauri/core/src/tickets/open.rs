//! Opening a service ticket. Every field is checked before anything is written, and a refusal
//! names the field first.

use chrono::SecondsFormat;
use rusqlite::{params, OptionalExtension};

use super::{load, Ticket, TicketForm};
use crate::clock::Clock;
use crate::requirements::submit::length;
use crate::supervision::proof;
use crate::{accounts, roles, CoreError, Result, Store};

/// Opens a ticket for the current account, stamped with the store's time.
pub fn open(store: &mut Store, clock: &dyn Clock, form: &TicketForm) -> Result<Ticket> {
    let description = length("the description", &form.description, 10, 4000)?;
    let files = proof::prepare(&form.attachments, "attachments")?;
    let now = store.clock(clock)?.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    store.write(|tx| {
        roles::require_buyer(tx, "open a service ticket")?;
        let account = accounts::current(tx)?;
        if let Some(order) = form.order_id {
            let mine = tx
                .prepare_cached("SELECT 1 FROM orders WHERE id = ?1 AND account_id = ?2")?
                .query_row(params![order, account], |_| Ok(()))
                .optional()?;
            if mine.is_none() {
                return Err(CoreError::invalid(format!(
                    "the related order: order {order} is not one of this account's orders"
                )));
            }
        }
        if let Some(invoice) = form.invoice_id {
            let mine = tx
                .prepare_cached("SELECT 1 FROM invoices WHERE id = ?1 AND account_id = ?2")?
                .query_row(params![invoice, account], |_| Ok(()))
                .optional()?;
            if mine.is_none() {
                return Err(CoreError::invalid(format!(
                    "the related invoice: invoice {invoice} is not one of this account's invoices"
                )));
            }
        }
        tx.prepare_cached(
            "INSERT INTO tickets (account_id, category, order_id, invoice_id, description, status, opened_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6)",
        )?
        .execute(params![
            account,
            form.category.as_str(),
            form.order_id,
            form.invoice_id,
            description,
            now
        ])?;
        let id = u32::try_from(tx.last_insert_rowid())
            .map_err(|_| CoreError::Internal("the tickets table has run out of ids".into()))?;
        for (i, file) in files.iter().enumerate() {
            proof::store_bytes(tx, file)?;
            tx.prepare_cached(
                "INSERT INTO ticket_attachments (ticket_id, position, name, sha256) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![id, i as i64 + 1, file.name, file.sha256])?;
        }
        load(tx, id)
    })
}

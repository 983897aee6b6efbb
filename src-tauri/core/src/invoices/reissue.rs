//! Reissuing an issued invoice with corrected details: a new invoice of the same charges and
//! amounts, issued at once with a new number, supersedes the old one, which no longer counts.
//! Only the details the invoice is made out to change, so there is nothing new for the
//! operations manager to check.

use chrono::SecondsFormat;
use rusqlite::params;

use super::request::check_details;
use super::{issue::issue_in, load, Invoice, InvoiceCorrection, InvoiceStatus};
use crate::clock::Clock;
use crate::{accounts, roles, CoreError, Result, Store};

/// Reissues issued invoice `id` of the current account with `correction`, at the store's time;
/// returns the new invoice.
pub fn reissue(store: &mut Store, clock: &dyn Clock, id: u32, correction: &InvoiceCorrection) -> Result<Invoice> {
    let now = store.clock(clock)?.now;
    let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    store.write(|tx| {
        roles::require_buyer(tx, "have an invoice reissued")?;
        let old = load(tx, id)?;
        if old.account_id != accounts::current(tx)? {
            return Err(CoreError::not_found(format!("invoice {id}")));
        }
        let pick = |new: &Option<String>, old: &str| new.clone().unwrap_or_else(|| old.to_string());
        let [title, tax_id, address, email] = check_details(
            &pick(&correction.title, &old.title),
            &pick(&correction.tax_id, &old.tax_id),
            &pick(&correction.address, &old.address),
            &pick(&correction.email, &old.email),
        )?;
        if [&title, &tax_id, &address, &email] == [&old.title, &old.tax_id, &old.address, &old.email] {
            return Err(CoreError::invalid(
                "the details are the same as on the invoice: correct the title, tax id, address or email to reissue it",
            ));
        }
        match old.status {
            InvoiceStatus::Issued => {}
            InvoiceStatus::Submitted => {
                return Err(CoreError::Conflict(format!(
                    "invoice {id} is not issued yet: only an issued invoice can be reissued"
                )))
            }
            InvoiceStatus::Superseded => {
                let by = old.superseded_by.as_ref().and_then(|r| r.number.clone()).unwrap_or_default();
                return Err(CoreError::Conflict(format!(
                    "invoice {} was already reissued as {by}: reissue that one instead",
                    old.number.as_deref().unwrap_or_default()
                )));
            }
        }
        let total: i64 = tx.query_row("SELECT total_cents FROM invoices WHERE id = ?1", [id], |r| r.get(0))?;
        // The old invoice's charges stop counting before the new one takes them.
        tx.prepare_cached("UPDATE invoice_charges SET live = 0 WHERE invoice_id = ?1")?.execute([id])?;
        tx.prepare_cached(
            "INSERT INTO invoices (account_id, status, title, tax_id, address, email, total_cents, reissue_of, requested_at)
             VALUES (?1, 'submitted', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![old.account_id, title, tax_id, address, email, total, id, at])?;
        let new_id = u32::try_from(tx.last_insert_rowid())
            .map_err(|_| CoreError::Internal("the invoices table has run out of ids".into()))?;
        // The very lines of the old invoice, not the orders' charges found again: a reissue
        // corrects whom it is made out to, never what it covers.
        tx.prepare_cached(
            "INSERT INTO invoice_charges (invoice_id, kind, charge_id, order_id, position, amount_cents, live)
             SELECT ?2, kind, charge_id, order_id, position, amount_cents, 1 FROM invoice_charges WHERE invoice_id = ?1",
        )?
        .execute(params![id, new_id])?;
        tx.prepare_cached(
            "UPDATE invoices SET status = 'superseded', superseded_by = ?2, superseded_at = ?3 WHERE id = ?1",
        )?
        .execute(params![id, new_id, at])?;
        issue_in(tx, &load(tx, new_id)?, now)?;
        load(tx, new_id)
    })
}

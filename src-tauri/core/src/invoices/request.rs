//! Asking for an invoice: the orders whose charges it covers and the details it is made out to.
//!
//! Every field is trimmed and checked, and a refusal names the field first, so that a form can
//! show it beside the field; a refusal writes nothing.

use chrono::SecondsFormat;
use rusqlite::{params, Connection, OptionalExtension};

use super::charges::{self, Charge};
use super::{load, Invoice, InvoiceRef, InvoiceRequest};
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
/// store's time: every charge of those orders not yet on a live invoice, order by order. It
/// waits, submitted, for the operations manager to issue it.
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
        let mut charges = Vec::new();
        for &order in &request.order_ids {
            charges.extend(to_invoice(tx, &account, order)?);
        }
        let total: i64 = charges.iter().map(|c| c.cents).sum();
        tx.prepare_cached(
            "INSERT INTO invoices (account_id, status, title, tax_id, address, email, total_cents, requested_at)
             VALUES (?1, 'submitted', ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![account, title, tax_id, address, email, total, now])?;
        let id = u32::try_from(tx.last_insert_rowid())
            .map_err(|_| CoreError::Internal("the invoices table has run out of ids".into()))?;
        attach(tx, id, &charges)?;
        load(tx, id)
    })
}

/// Where an order stands for an invoice.
pub(crate) struct Standing {
    /// Its charges on no live invoice: what an invoice of it would take.
    pub open: Vec<Charge>,
    /// The live invoices its other charges are on, the oldest first.
    pub invoices: Vec<InvoiceRef>,
    /// Why it cannot be invoiced, when it cannot.
    pub reason: Option<String>,
}

/// Where order `order`, of this status and payment method, stands for an invoice.
pub(crate) fn standing(conn: &Connection, order: u32, status: &str, method: &str) -> Result<Standing> {
    if let Some(reason) = not_invoiceable(status, method) {
        return Ok(Standing { open: Vec::new(), invoices: Vec::new(), reason: Some(reason) });
    }
    let (invoiced, open): (Vec<Charge>, Vec<Charge>) =
        charges::of_order(conn, order)?.into_iter().partition(|c| c.invoice.is_some());
    let mut invoices: Vec<InvoiceRef> = invoiced.into_iter().filter_map(|c| c.invoice).collect();
    invoices.sort_by_key(|i| i.id);
    invoices.dedup();
    let reason = match (open.is_empty(), invoices.is_empty()) {
        (false, _) => None,
        (true, true) => Some("nothing was charged for it".to_string()),
        (true, false) => Some(format!("it is already on {}", charges::names(&invoices))),
    };
    Ok(Standing { open, invoices, reason })
}

/// The charges of `order` to invoice, or why there are none: it must be the account's, paid
/// (paid, processing or completed), and have a charge on no live invoice.
pub(crate) fn to_invoice(conn: &Connection, account: &str, order: u32) -> Result<Vec<Charge>> {
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT status, payment_method FROM orders WHERE id = ?1 AND account_id = ?2")?
        .query_row(params![order, account], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((status, method)) = row else {
        return Err(CoreError::invalid(format!("the orders: order {order} is not one of this account's orders")));
    };
    let standing = standing(conn, order, &status, &method)?;
    match standing.reason {
        None => Ok(standing.open),
        Some(_) if !standing.invoices.is_empty() => Err(CoreError::Conflict(format!(
            "order {order} is already on {}: an amount is invoiced only once",
            charges::names(&standing.invoices)
        ))),
        Some(reason) => Err(CoreError::invalid(format!("the orders: order {order} cannot be invoiced: {reason}"))),
    }
}

/// Why an order of this status and payment method cannot be invoiced at all, if it cannot.
pub(crate) fn not_invoiceable(status: &str, method: &str) -> Option<String> {
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
    None
}

/// Puts `charges` on invoice `invoice`, live, in that order. The store's unique index refuses a
/// charge already on a live invoice, whatever got past the checks.
pub(crate) fn attach(tx: &Connection, invoice: u32, charges: &[Charge]) -> Result<()> {
    for (i, charge) in charges.iter().enumerate() {
        let inserted = tx
            .prepare_cached(
                "INSERT INTO invoice_charges (invoice_id, kind, charge_id, order_id, position, amount_cents, live)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
            )?
            .execute(params![invoice, charge.kind.as_str(), charge.id, charge.order_id, i as i64 + 1, charge.cents]);
        match inserted {
            Ok(_) => {}
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
                return Err(CoreError::Conflict(format!(
                    "{} is already on another invoice: an amount is invoiced only once",
                    charge.name()
                )));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

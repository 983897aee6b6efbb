//! Billing Center > Invoices (DOMAIN.md R-AFT-1): a buyer asks for an invoice of paid orders,
//! the operations manager issues it, and the buyer saves it as a PDF or has it reissued with
//! corrected details. Returning an invoice is asked through a service ticket
//! ([`crate::tickets`]).
//!
//! - `charges`: what an invoice covers: an order's payment, and each paid renewal and upgrade
//!   of its subscription, with how each reads on an invoice;
//! - `request`: check the orders and the buyer's details, and keep the invoice of their charges
//!   not yet invoiced, submitted;
//! - `issue`: the operations manager gives a submitted invoice its number;
//! - `reissue`: a new invoice of the same charges with corrected details supersedes an issued one;
//! - `list`: the invoices, one invoice, and which orders can be invoiced and why not;
//! - `pdf`: the issued invoice as a PDF document, and saving it into a folder.
//!
//! An amount is invoiced at most once: a charge is on at most one live (submitted or issued)
//! invoice, which the store itself enforces with a unique index. The buyer asks by order, and an
//! order stays invoiceable while one of its charges is on no live invoice. Amounts are the
//! charges' amounts as charged; nothing here computes a price.

mod charges;
mod issue;
mod list;
pub mod pdf;
mod reissue;
mod request;

pub use charges::ChargeKind;
pub use issue::issue;
pub use list::{invoiceable, invoiceable_page, list, show};
pub use pdf::save;
pub use reissue::reissue;
pub use request::{check_details, request};

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::money::{format_amount, from_cents};
use crate::roles::{self, Role};
use crate::{accounts, CoreError, Result};

/// Where an invoice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Asked for; waits for the operations manager.
    Submitted,
    /// Has its number; the buyer may save it.
    Issued,
    /// Replaced by a reissue with corrected details; no longer counts.
    Superseded,
}

impl InvoiceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Submitted => "submitted",
            InvoiceStatus::Issued => "issued",
            InvoiceStatus::Superseded => "superseded",
        }
    }

    fn parse(text: &str) -> rusqlite::Result<InvoiceStatus> {
        match text {
            "submitted" => Ok(InvoiceStatus::Submitted),
            "issued" => Ok(InvoiceStatus::Issued),
            "superseded" => Ok(InvoiceStatus::Superseded),
            other => Err(rusqlite::Error::InvalidColumnType(
                0,
                format!("invoice status {other}"),
                rusqlite::types::Type::Text,
            )),
        }
    }
}

/// What the buyer fills in to ask for an invoice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct InvoiceRequest {
    /// The paid orders to invoice, not yet on an invoice.
    pub order_ids: Vec<u32>,
    /// The company or person the invoice is made out to.
    pub title: String,
    /// The buyer's tax id: letters, digits, `-` and spaces.
    pub tax_id: String,
    pub address: String,
    pub email: String,
}

/// Corrected details for a reissue; a field left out keeps its value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct InvoiceCorrection {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub tax_id: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// Another invoice, by id and number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InvoiceRef {
    pub id: u32,
    /// None while it is submitted.
    pub number: Option<String>,
}

/// One charge on an invoice, with its amount as charged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InvoiceLine {
    /// What was charged: the order's payment, a renewal or an upgrade of its subscription.
    pub kind: ChargeKind,
    /// The order's id for its payment, else the renewal's or the upgrade's.
    pub charge_id: u32,
    /// The order the charge belongs to.
    pub order_id: u32,
    pub product_name: String,
    /// The order's edition and term ("Standard, 1 month"), or the charge in words: "Renewal of
    /// order 12: Sales CRM, 1 month, to 2026-05-02", "Upgrade of order 12: Team to Business".
    pub description: String,
    /// When it was charged (RFC 3339, UTC).
    pub paid_at: String,
    /// Two decimals.
    pub amount: String,
}

/// An invoice as the lists and its page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Invoice {
    pub id: u32,
    /// `INV-2026-000012`, given when issued.
    pub number: Option<String>,
    pub status: InvoiceStatus,
    pub account_id: String,
    pub buyer_name: String,
    pub title: String,
    pub tax_id: String,
    pub address: String,
    pub email: String,
    pub lines: Vec<InvoiceLine>,
    /// The sum of the lines; prices include any applicable tax, so the tax shown is 0.00.
    pub subtotal: String,
    pub tax: String,
    pub total: String,
    pub requested_at: String,
    pub issued_at: Option<String>,
    /// The invoice this one corrects.
    pub reissue_of: Option<InvoiceRef>,
    /// The invoice that corrected this one.
    pub superseded_by: Option<InvoiceRef>,
    pub superseded_at: Option<String>,
    /// Service tickets about this invoice (a return asked for), by id.
    pub tickets: Vec<u32>,
}

/// A paid order of the buyer's, whether it can be invoiced and why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InvoiceableOrder {
    pub order_id: u32,
    pub product_name: String,
    pub description: String,
    pub status: String,
    /// The order's own amount at checkout (for reference only for a reseller customer's).
    pub amount: String,
    pub paid_at: String,
    /// What an invoice of this order would cover now: its charges on no live invoice, in the
    /// order they were made.
    pub charges: Vec<InvoiceLine>,
    /// The sum of `charges`, two decimals.
    pub to_invoice: String,
    pub invoiceable: bool,
    /// Why it cannot be invoiced, when it cannot.
    pub reason: Option<String>,
    /// The live invoices its other charges are already on, the oldest first.
    pub invoices: Vec<InvoiceRef>,
}

/// How an order's edition and term read on an invoice.
pub(crate) fn describe(
    edition_name: &str,
    billing: &str,
    period: &str,
    duration: u32,
    users: Option<u32>,
    quantity: u32,
) -> String {
    let mut text = if billing == "pay_per_use" {
        format!("{edition_name}, pay per use")
    } else {
        format!("{edition_name}, {duration} {period}{}", if duration == 1 { "" } else { "s" })
    };
    if let Some(users) = users {
        text.push_str(&format!(", {users} user{}", if users == 1 { "" } else { "s" }));
    }
    if quantity > 1 {
        text.push_str(&format!(" × {quantity}"));
    }
    text
}

/// Invoice `id` as it stands, without asking who may see it.
pub(crate) fn load(conn: &Connection, id: u32) -> Result<Invoice> {
    let row = conn
        .prepare_cached(
            "SELECT i.id, i.number, i.status, i.account_id, a.name, i.title, i.tax_id, i.address, i.email,
                    i.total_cents, i.requested_at, i.issued_at, i.reissue_of, r.number, i.superseded_by, s.number,
                    i.superseded_at, a.time_zone
             FROM invoices i JOIN accounts a ON a.id = i.account_id
             LEFT JOIN invoices r ON r.id = i.reissue_of LEFT JOIN invoices s ON s.id = i.superseded_by
             WHERE i.id = ?1",
        )?
        .query_row([id], |r| {
            let status: String = r.get(2)?;
            let reissue_of: Option<u32> = r.get(12)?;
            let superseded_by: Option<u32> = r.get(14)?;
            let total: i64 = r.get(9)?;
            let reissue_number: Option<String> = r.get(13)?;
            let superseded_number: Option<String> = r.get(15)?;
            let zone: String = r.get(17)?;
            Ok((
                zone,
                Invoice {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    status: InvoiceStatus::parse(&status)?,
                    account_id: r.get(3)?,
                    buyer_name: r.get(4)?,
                    title: r.get(5)?,
                    tax_id: r.get(6)?,
                    address: r.get(7)?,
                    email: r.get(8)?,
                    lines: Vec::new(),
                    subtotal: format_amount(from_cents(total)),
                    tax: format_amount(from_cents(0)),
                    total: format_amount(from_cents(total)),
                    requested_at: r.get(10)?,
                    issued_at: r.get(11)?,
                    reissue_of: reissue_of.map(|id| InvoiceRef { id, number: reissue_number }),
                    superseded_by: superseded_by.map(|id| InvoiceRef { id, number: superseded_number }),
                    superseded_at: r.get(16)?,
                    tickets: Vec::new(),
                },
            ))
        })
        .optional()?;
    let (zone, mut invoice) = row.ok_or_else(|| CoreError::not_found(format!("invoice {id}")))?;
    let stored: Vec<(String, u32, u32, i64)> = conn
        .prepare_cached(
            "SELECT kind, charge_id, order_id, amount_cents FROM invoice_charges WHERE invoice_id = ?1 ORDER BY position",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    invoice.lines = stored
        .into_iter()
        .map(|(kind, charge, order, cents)| charges::line(conn, ChargeKind::parse(&kind)?, charge, order, cents, &zone))
        .collect::<Result<_>>()?;
    invoice.tickets = conn
        .prepare_cached("SELECT id FROM tickets WHERE invoice_id = ?1 ORDER BY id")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(invoice)
}

/// Invoice `id` for whom the app acts as: a buyer sees its own (another account's is not
/// found), the operations manager every one, a seller none.
pub(crate) fn visible(conn: &Connection, id: u32) -> Result<Invoice> {
    match roles::current(conn)? {
        Role::OperationsManager => load(conn, id),
        Role::Buyer => {
            let invoice = load(conn, id)?;
            if invoice.account_id != accounts::current(conn)? {
                return Err(CoreError::not_found(format!("invoice {id}")));
            }
            Ok(invoice)
        }
        Role::Seller => Err(CoreError::Forbidden(
            "only a buyer or the operations manager can see invoices; the app acts as a seller: switch roles first"
                .into(),
        )),
    }
}

/// The invoice's number for a message or a refusal: its number, else "invoice N".
pub(crate) fn name_of(id: u32, number: Option<&str>) -> String {
    number.map(str::to_string).unwrap_or_else(|| format!("invoice {id}"))
}

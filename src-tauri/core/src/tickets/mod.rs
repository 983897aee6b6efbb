//! Service tickets (DOMAIN.md R-AFT-3): what a buyer asks the marketplace where the seller
//! cannot help or cannot be reached, to return an invoice, or about credit.
//!
//! - `open`: check the form (category, the buyer's own order or invoice, description, files
//!   checked like proof files) and keep the ticket, open;
//! - `answer`: the operations manager's reply; the buyer is told (R-AFT-4);
//! - `close`: the buyer closes it, answered or not;
//! - `list`: the buyer's tickets, or every ticket for the operations manager, one ticket, and
//!   saving one of its files.
//!
//! The status only moves open → answered → closed, or open → closed; a refusal writes nothing.

mod answer;
mod close;
mod list;
mod open;

pub use answer::answer;
pub use close::close;
pub use list::{list, save_attachment, show};
pub use open::open;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::invoices::InvoiceRef;
use crate::roles::{self, Role};
use crate::supervision::{AttachmentInfo, Upload};
use crate::{accounts, CoreError, Result};

/// What a ticket is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TicketCategory {
    /// An invoice: returning one, a question about one.
    Invoice,
    /// The seller of an order cannot be reached or cannot help.
    SellerUnreachable,
    /// Credit on a postpaid account.
    Credit,
    Other,
}

impl TicketCategory {
    pub const ALL: [TicketCategory; 4] =
        [TicketCategory::Invoice, TicketCategory::SellerUnreachable, TicketCategory::Credit, TicketCategory::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketCategory::Invoice => "invoice",
            TicketCategory::SellerUnreachable => "seller_unreachable",
            TicketCategory::Credit => "credit",
            TicketCategory::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<TicketCategory> {
        TicketCategory::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// How a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            TicketCategory::Invoice => "Invoice",
            TicketCategory::SellerUnreachable => "Seller cannot be reached",
            TicketCategory::Credit => "Credit",
            TicketCategory::Other => "Other",
        }
    }
}

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// Waits for the operations manager.
    Open,
    /// The operations manager replied; the buyer may close it.
    Answered,
    Closed,
}

impl TicketStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Open => "open",
            TicketStatus::Answered => "answered",
            TicketStatus::Closed => "closed",
        }
    }

    fn parse(text: &str) -> rusqlite::Result<TicketStatus> {
        [TicketStatus::Open, TicketStatus::Answered, TicketStatus::Closed]
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| {
                rusqlite::Error::InvalidColumnType(0, format!("ticket status {text}"), rusqlite::types::Type::Text)
            })
    }
}

/// What the buyer fills in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct TicketForm {
    pub category: TicketCategory,
    /// The order it is about, one of the buyer's.
    #[serde(default)]
    pub order_id: Option<u32>,
    /// The invoice it is about (to return it), one of the buyer's.
    #[serde(default)]
    pub invoice_id: Option<u32>,
    pub description: String,
    /// PDF, PNG or JPEG files, checked like proof files.
    #[serde(default)]
    pub attachments: Vec<Upload>,
}

/// A ticket as the lists and its page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Ticket {
    pub id: u32,
    pub account_id: String,
    pub buyer_name: String,
    pub category: TicketCategory,
    pub order_id: Option<u32>,
    /// The product of the related order.
    pub order_product: Option<String>,
    pub invoice: Option<InvoiceRef>,
    pub description: String,
    pub status: TicketStatus,
    /// The operations manager's answer.
    pub reply: Option<String>,
    pub opened_at: String,
    pub answered_at: Option<String>,
    pub closed_at: Option<String>,
    pub attachments: Vec<AttachmentInfo>,
}

/// Ticket `id` as it stands, without asking who may see it.
pub(crate) fn load(conn: &Connection, id: u32) -> Result<Ticket> {
    let ticket = conn
        .prepare_cached(
            "SELECT t.id, t.account_id, a.name, t.category, t.order_id, o.product_name, t.invoice_id, i.number,
                    t.description, t.status, t.reply, t.opened_at, t.answered_at, t.closed_at
             FROM tickets t JOIN accounts a ON a.id = t.account_id
             LEFT JOIN orders o ON o.id = t.order_id LEFT JOIN invoices i ON i.id = t.invoice_id
             WHERE t.id = ?1",
        )?
        .query_row([id], |r| {
            let category: String = r.get(3)?;
            let status: String = r.get(9)?;
            let invoice: Option<u32> = r.get(6)?;
            let number: Option<String> = r.get(7)?;
            Ok(Ticket {
                id: r.get(0)?,
                account_id: r.get(1)?,
                buyer_name: r.get(2)?,
                category: TicketCategory::parse(&category).ok_or_else(|| {
                    rusqlite::Error::InvalidColumnType(
                        3,
                        format!("ticket category {category}"),
                        rusqlite::types::Type::Text,
                    )
                })?,
                order_id: r.get(4)?,
                order_product: r.get(5)?,
                invoice: invoice.map(|id| InvoiceRef { id, number }),
                description: r.get(8)?,
                status: TicketStatus::parse(&status)?,
                reply: r.get(10)?,
                opened_at: r.get(11)?,
                answered_at: r.get(12)?,
                closed_at: r.get(13)?,
                attachments: Vec::new(),
            })
        })
        .optional()?;
    let mut ticket = ticket.ok_or_else(|| CoreError::not_found(format!("ticket {id}")))?;
    ticket.attachments = conn
        .prepare_cached(
            "SELECT ta.position, ta.name, a.mime, a.size, a.sha256 FROM ticket_attachments ta
             JOIN attachments a ON a.sha256 = ta.sha256 WHERE ta.ticket_id = ?1 ORDER BY ta.position",
        )?
        .query_map([id], |r| {
            Ok(AttachmentInfo {
                position: r.get(0)?,
                name: r.get(1)?,
                mime: r.get(2)?,
                size: r.get(3)?,
                sha256: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ticket)
}

/// Ticket `id` for whom the app acts as: a buyer sees its own (another account's is not
/// found), the operations manager every one, a seller none.
pub(crate) fn visible(conn: &Connection, id: u32) -> Result<Ticket> {
    match roles::current(conn)? {
        Role::OperationsManager => load(conn, id),
        Role::Buyer => {
            let ticket = load(conn, id)?;
            if ticket.account_id != accounts::current(conn)? {
                return Err(CoreError::not_found(format!("ticket {id}")));
            }
            Ok(ticket)
        }
        Role::Seller => Err(forbidden_to_sellers()),
    }
}

pub(crate) fn forbidden_to_sellers() -> CoreError {
    CoreError::Forbidden(
        "service tickets are between a buyer and the operations manager; the app acts as a seller: switch roles first"
            .into(),
    )
}

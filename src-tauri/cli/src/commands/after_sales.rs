//! `kg invoice` and `kg ticket`: Billing Center > Invoices (R-AFT-1) and service tickets
//! (R-AFT-3), for the buyer and the operations manager, over the same core as the app. Each
//! acts as whom the app acts as (`kg role`); files are read before anything is written.

use std::path::PathBuf;

use koogallery_core::clock::SystemClock;
use koogallery_core::invoices::{self, ChargeKind, Invoice, InvoiceCorrection, InvoiceRequest, InvoiceableOrder};
use koogallery_core::supervision::Upload;
use koogallery_core::tickets::{self, Ticket, TicketForm};
use koogallery_core::{CoreError, Store};
use serde::Serialize;

use crate::args::after_sales::{InvoiceCommand, TicketCommand};
use crate::output::{count, table, truncate, Output, Zone};
use crate::Failure;

const NAME_WIDTH: usize = 32;

#[derive(Serialize)]
struct Saved<'a> {
    id: u32,
    path: &'a std::path::Path,
}

pub fn invoice(store: &mut Store, command: InvoiceCommand, out: &Output) -> Result<(), Failure> {
    match command {
        InvoiceCommand::Orders => {
            let orders = invoices::invoiceable(store.conn())?;
            out.show(&orders, || orders_text(&orders))?;
        }
        InvoiceCommand::Request { orders, title, tax_id, address, email } => {
            let request = InvoiceRequest { order_ids: orders, title, tax_id, address, email };
            let invoice = invoices::request(store, &SystemClock, &request)?;
            out.show(&invoice, || {
                let orders = orders_of(&invoice).len() as u32;
                let charges = invoice.lines.len() as u32;
                let covers = if charges == orders {
                    count(orders, "order")
                } else {
                    format!("{}, {}", count(orders, "order"), count(charges, "charge"))
                };
                format!(
                    "Invoice {} of {} asked for ({covers}); the operations manager issues it",
                    invoice.id, invoice.total
                )
            })?;
        }
        InvoiceCommand::List => {
            let list = invoices::list(store.conn())?;
            out.show(&list, || invoices_text(&list))?;
        }
        InvoiceCommand::Show { id } => {
            let invoice = invoices::show(store.conn(), id)?;
            out.show(&invoice, || invoice_text(&invoice, out.zone()))?;
        }
        InvoiceCommand::Save { id, output } => {
            let path = invoices::save(store.conn(), id, &output)?;
            out.show(&Saved { id, path: &path }, || format!("Saved invoice {id} to {}", path.display()))?;
        }
        InvoiceCommand::Reissue { id, title, tax_id, address, email } => {
            let correction = InvoiceCorrection { title, tax_id, address, email };
            let invoice = invoices::reissue(store, &SystemClock, id, &correction)?;
            out.show(&invoice, || {
                format!(
                    "Invoice {} reissued as {} ({})",
                    invoice.reissue_of.as_ref().and_then(|r| r.number.clone()).unwrap_or_default(),
                    invoice.number.clone().unwrap_or_default(),
                    invoice.id
                )
            })?;
        }
        InvoiceCommand::Issue { id } => {
            let invoice = invoices::issue(store, &SystemClock, id)?;
            out.show(&invoice, || {
                format!("Issued invoice {} as {}", invoice.id, invoice.number.clone().unwrap_or_default())
            })?;
        }
    }
    Ok(())
}

pub fn ticket(store: &mut Store, command: TicketCommand, out: &Output) -> Result<(), Failure> {
    match command {
        TicketCommand::Open { category, order, invoice, description, attach } => {
            let form = TicketForm {
                category,
                order_id: order,
                invoice_id: invoice,
                description,
                attachments: uploads(&attach)?,
            };
            let ticket = tickets::open(store, &SystemClock, &form)?;
            out.show(&ticket, || format!("Service ticket {} opened ({})", ticket.id, ticket.category.label()))?;
        }
        TicketCommand::List => {
            let list = tickets::list(store.conn())?;
            out.show(&list, || tickets_text(&list, out.zone()))?;
        }
        TicketCommand::Show { id } => {
            let ticket = tickets::show(store.conn(), id)?;
            out.show(&ticket, || ticket_text(&ticket, out.zone()))?;
        }
        TicketCommand::Answer { id, reply } => {
            let ticket = tickets::answer(store, &SystemClock, id, &reply)?;
            out.show(&ticket, || format!("Service ticket {} answered; its buyer is told", ticket.id))?;
        }
        TicketCommand::Close { id } => {
            let ticket = tickets::close(store, &SystemClock, id)?;
            out.show(&ticket, || format!("Service ticket {} closed", ticket.id))?;
        }
        TicketCommand::SaveFile { id, position, output } => {
            let path = tickets::save_attachment(store.conn(), id, position, &output)?;
            out.show(&Saved { id, path: &path }, || {
                format!("Saved file {position} of ticket {id} to {}", path.display())
            })?;
        }
    }
    Ok(())
}

/// Files named on the command line, as uploads under their own names.
fn uploads(paths: &[PathBuf]) -> Result<Vec<Upload>, Failure> {
    paths
        .iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .ok_or_else(|| CoreError::invalid(format!("attachments: {} is not a file", path.display())))?;
            let bytes = std::fs::read(path)
                .map_err(|e| CoreError::invalid(format!("attachments: cannot read {}: {e}", path.display())))?;
            Ok(Upload::from_bytes(name, &bytes))
        })
        .collect()
}

fn orders_text(orders: &[InvoiceableOrder]) -> String {
    if orders.is_empty() {
        return "No paid orders yet.".to_string();
    }
    let mut rows = vec![["ORDER", "PRODUCT", "AMOUNT", "TO INVOICE", "INVOICE"].map(String::from).to_vec()];
    for o in orders {
        rows.push(vec![
            o.order_id.to_string(),
            truncate(&o.product_name, NAME_WIDTH),
            o.amount.clone(),
            o.to_invoice.clone(),
            if o.invoiceable {
                "can be invoiced".into()
            } else {
                format!("no: {}", o.reason.clone().unwrap_or_default())
            },
        ]);
        // A renewal or an upgrade is invoiced on its own line: say which ones are waiting.
        if o.charges.iter().any(|c| c.kind != ChargeKind::Order) {
            for charge in &o.charges {
                rows.push(vec![
                    String::new(),
                    format!("  {}", charge.description),
                    String::new(),
                    charge.amount.clone(),
                    String::new(),
                ]);
            }
        }
    }
    table(&rows).join("\n")
}

fn invoices_text(list: &[Invoice]) -> String {
    if list.is_empty() {
        return "No invoices yet.".to_string();
    }
    let mut rows = vec![["ID", "NUMBER", "STATUS", "BUYER", "TITLE", "ORDERS", "TOTAL"].map(String::from).to_vec()];
    rows.extend(list.iter().map(|i| {
        vec![
            i.id.to_string(),
            i.number.clone().unwrap_or_else(|| "-".into()),
            i.status.as_str().to_string(),
            truncate(&i.buyer_name, NAME_WIDTH),
            truncate(&i.title, NAME_WIDTH),
            orders_of(i).join(","),
            i.total.clone(),
        ]
    }));
    let mut lines = table(&rows);
    lines.push(count(list.len() as u32, "invoice"));
    lines.join("\n")
}

/// The orders an invoice's charges belong to, each once.
fn orders_of(i: &Invoice) -> Vec<String> {
    let mut orders: Vec<String> = Vec::new();
    for line in &i.lines {
        let order = line.order_id.to_string();
        if !orders.contains(&order) {
            orders.push(order);
        }
    }
    orders
}

fn invoice_text(i: &Invoice, zone: Zone) -> String {
    let mut lines = vec![
        format!("Invoice {} ({}): {}", i.id, i.number.as_deref().unwrap_or("no number yet"), i.status.as_str()),
        format!("Buyer: {} ({})", i.buyer_name, i.account_id),
        format!("Title: {}", i.title),
        format!("Tax id: {}", i.tax_id),
        format!("Address: {}", i.address.replace('\n', ", ")),
        format!("Email: {}", i.email),
        format!("Requested: {}", zone.at(&i.requested_at)),
    ];
    if let Some(at) = &i.issued_at {
        lines.push(format!("Issued: {}", zone.at(at)));
    }
    if let Some(old) = &i.reissue_of {
        lines.push(format!("Replaces: {}", old.number.clone().unwrap_or_else(|| old.id.to_string())));
    }
    if let Some(new) = &i.superseded_by {
        lines.push(format!("Reissued as: {}", new.number.clone().unwrap_or_else(|| new.id.to_string())));
    }
    for line in &i.lines {
        lines.push(match line.kind {
            ChargeKind::Order => {
                format!("  order {}  {} ({})  {}", line.order_id, line.product_name, line.description, line.amount)
            }
            _ => format!("  {} {}  {}  {}", line.kind.as_str(), line.charge_id, line.description, line.amount),
        });
    }
    lines.push(format!("Subtotal {}  Tax {}  Total {}", i.subtotal, i.tax, i.total));
    if !i.tickets.is_empty() {
        let ids: Vec<String> = i.tickets.iter().map(u32::to_string).collect();
        lines.push(format!("Tickets: {}", ids.join(", ")));
    }
    lines.join("\n")
}

fn tickets_text(list: &[Ticket], zone: Zone) -> String {
    if list.is_empty() {
        return "No service tickets yet.".to_string();
    }
    let mut rows =
        vec![["ID", "STATUS", "CATEGORY", "BUYER", "ORDER", "OPENED", "DESCRIPTION"].map(String::from).to_vec()];
    rows.extend(list.iter().map(|t| {
        vec![
            t.id.to_string(),
            t.status.as_str().to_string(),
            t.category.as_str().to_string(),
            truncate(&t.buyer_name, NAME_WIDTH),
            t.order_id.map(|o| o.to_string()).unwrap_or_else(|| "-".into()),
            zone.at(&t.opened_at),
            truncate(&t.description.replace(['\n', '\r'], " "), 40),
        ]
    }));
    let mut lines = table(&rows);
    lines.push(count(list.len() as u32, "ticket"));
    lines.join("\n")
}

fn ticket_text(t: &Ticket, zone: Zone) -> String {
    let mut lines = vec![
        format!("Service ticket {}: {} ({})", t.id, t.status.as_str(), t.category.label()),
        format!("Buyer: {} ({})", t.buyer_name, t.account_id),
        format!("Opened: {}", zone.at(&t.opened_at)),
    ];
    if let Some(order) = t.order_id {
        lines.push(format!("Order: {order} {}", t.order_product.clone().unwrap_or_default()));
    }
    if let Some(invoice) = &t.invoice {
        lines.push(format!("Invoice: {}", invoice.number.clone().unwrap_or_else(|| invoice.id.to_string())));
    }
    lines.push(format!("Description: {}", t.description));
    for file in &t.attachments {
        lines.push(format!("  file {}: {} ({}, {} bytes)", file.position, file.name, file.mime, file.size));
    }
    if let Some(reply) = &t.reply {
        lines.push(format!("Answer ({}): {reply}", zone.at_or(t.answered_at.as_deref(), "")));
    }
    if let Some(at) = &t.closed_at {
        lines.push(format!("Closed: {}", zone.at(at)));
    }
    lines.join("\n")
}

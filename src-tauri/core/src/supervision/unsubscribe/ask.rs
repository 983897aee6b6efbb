//! The buyer asks for the refund it agreed with the seller (R-UNS-3): more than zero and at
//! most what it paid, with a reason, one request at a time.

use rusqlite::{params, Connection, OptionalExtension};

use crate::messages::{self, Recipient};
use crate::money::{format_amount, from_cents, parse_money, to_cents};
use crate::orders::refund;
use crate::supervision::operation::{text, Effect};
use crate::supervision::{Flow, OperationDetails};
use crate::{CoreError, Result};

pub(in crate::supervision) fn request(
    tx: &Connection,
    flow: &Flow,
    op_id: &str,
    amount: &str,
    reason: &str,
    share_contact: bool,
    at: &str,
) -> Result<Effect> {
    let amount = parse_money("amount", amount)?;
    let paid = if flow.reference_only { from_cents(flow.amount_cents) } else { refund::refundable(tx, flow.order_id)? };
    if amount > paid {
        return Err(CoreError::invalid(format!(
            "amount: {} is more than was paid ({}); ask for at most that",
            format_amount(amount),
            format_amount(paid)
        )));
    }
    let reason = text("reason", reason)?;
    let pending: Option<u32> = tx
        .prepare_cached("SELECT id FROM unsubscriptions WHERE order_id = ?1 AND status = 'pending'")?
        .query_row([flow.order_id], |r| r.get(0))
        .optional()?;
    if let Some(id) = pending {
        return Err(CoreError::Conflict(format!(
            "request {id} on order {} still waits for the seller's review; wait for it before asking again",
            flow.order_id
        )));
    }
    tx.prepare_cached(
        "INSERT INTO unsubscriptions (order_id, amount_cents, reason, share_contact, status, request_op, requested_at)
         VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?6)",
    )?
    .execute(params![flow.order_id, to_cents(amount)?, reason, share_contact, op_id, at])?;
    let id = tx.last_insert_rowid() as u32;
    messages::send(
        tx,
        &Recipient::seller(&flow.seller_id),
        "unsubscription_requested",
        Some(flow.order_id),
        &format!("Order {}: unsubscription requested", flow.order_id),
        &format!(
            "{} asks to unsubscribe from {} with a refund of {}: {reason}. Review it in Seller Console > Unsubscriptions.",
            flow.buyer_name,
            flow.product_name,
            format_amount(amount)
        ),
        at,
    )?;
    let details = OperationDetails {
        unsubscription_id: Some(id),
        amount: Some(format_amount(amount)),
        share_contact: Some(share_contact),
        ..OperationDetails::default()
    };
    Ok(Effect { remark: Some(reason), details, ..Effect::default() })
}

//! Refunds of paid orders: what an appeal settled for the buyer and an approved unsubscription
//! pay back (R-SUP-5, R-UNS-3), through the ledger (R-MT-5).
//!
//! The money goes back the way it came: to the prepaid balance, to the card through the
//! provider, or back onto the credit used; it leaves the seller's sales. A reseller customer
//! paid nothing here, so nothing moves: the refund is for reference, to be settled with the
//! reseller. An order is never refunded more than was paid for it.

use rusqlite::Connection;
use rust_decimal::Decimal;

use super::place::{due, Payment};
use crate::ledger::{self, Kind, NewTransaction};
use crate::money::{format_amount, from_cents};
use crate::{CoreError, Result};

/// What was refunded so far on order `order_id`.
pub fn refunded(conn: &Connection, order_id: u32) -> Result<Decimal> {
    let cents: i64 = conn
        .prepare_cached(
            "SELECT coalesce(sum(e.amount_cents), 0) FROM ledger_transactions t
             JOIN ledger_entries e ON e.transaction_id = t.id
             WHERE t.order_id = ?1 AND t.kind = 'refund' AND e.amount_cents > 0",
        )?
        .query_row([order_id], |r| r.get(0))?;
    Ok(from_cents(cents))
}

/// What can still be refunded on order `order_id`: what was paid less what was refunded.
pub fn refundable(conn: &Connection, order_id: u32) -> Result<Decimal> {
    let order = due(conn, order_id)?;
    if order.payment == Payment::Reseller {
        return Ok(Decimal::ZERO);
    }
    Ok(order.amount - refunded(conn, order_id)?)
}

/// How a refund went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refunded {
    /// Posted as this ledger transaction.
    Posted(i64),
    /// A reseller customer's order: nothing moved here.
    ReferenceOnly,
    /// Nothing to refund (an amount of zero).
    Nothing,
}

/// Refunds `amount` of order `order_id` in the caller's transaction. Refused, writing nothing,
/// beyond what can still be refunded.
pub(crate) fn refund(tx: &Connection, order_id: u32, amount: Decimal, memo: &str, at: &str) -> Result<Refunded> {
    refund_within(tx, order_id, amount, memo, at, false)
}

/// What the renewals of order `order_id`'s subscription were paid (R-REN-2), the same way as
/// the order.
pub fn renewals_paid(conn: &Connection, order_id: u32) -> Result<Decimal> {
    let cents: i64 = conn
        .prepare_cached(
            "SELECT coalesce(sum(r.amount_cents), 0) FROM renewals r
             JOIN subscriptions s ON s.id = r.subscription_id
             WHERE s.order_id = ?1 AND r.status = 'paid'",
        )?
        .query_row([order_id], |r| r.get(0))?;
    Ok(from_cents(cents))
}

/// Like [`refund`], for a subscription unsubscribed by the standard rules (R-UNS-2): what was
/// paid includes its renewals.
pub(crate) fn refund_with_renewals(
    tx: &Connection,
    order_id: u32,
    amount: Decimal,
    memo: &str,
    at: &str,
) -> Result<Refunded> {
    refund_within(tx, order_id, amount, memo, at, true)
}

fn refund_within(
    tx: &Connection,
    order_id: u32,
    amount: Decimal,
    memo: &str,
    at: &str,
    with_renewals: bool,
) -> Result<Refunded> {
    let order = due(tx, order_id)?;
    if order.payment == Payment::Reseller {
        return Ok(Refunded::ReferenceOnly);
    }
    if amount.is_zero() {
        return Ok(Refunded::Nothing);
    }
    let paid = if with_renewals { order.amount + renewals_paid(tx, order_id)? } else { order.amount };
    let left = paid - refunded(tx, order_id)?;
    if amount < Decimal::ZERO || amount > left {
        return Err(CoreError::invalid(format!(
            "refund: {} is more than can be refunded on order {order_id} ({})",
            format_amount(amount),
            format_amount(left)
        )));
    }
    let account = order.account_id.as_str();
    let to = match order.payment {
        Payment::Balance => ledger::buyer_balance(account),
        Payment::Credit => ledger::buyer_credit(account),
        Payment::Card(_) => ledger::PROVIDER_CARDS.to_string(),
        Payment::Reseller => return Ok(Refunded::ReferenceOnly),
    };
    let reference = format!("refund-order-{order_id}");
    let posting = NewTransaction {
        kind: Kind::Refund,
        account_id: account,
        order_id: Some(i64::from(order_id)),
        reference: Some(&reference),
        memo: memo.to_string(),
        at,
        entries: Vec::new(),
    }
    .transfer(ledger::seller_sales(&order.seller_id), to, amount);
    Ok(Refunded::Posted(ledger::post(tx, &posting)?))
}

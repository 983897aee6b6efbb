//! The refund of an approved request, paid by the scheduler when its 3 hours are up, and
//! recorded on the flow as the clock's operation.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::messages::{self, Recipient};
use crate::money::{format_amount, from_cents};
use crate::orders::refund::{self, Refunded};
use crate::supervision::accept::finish_timer;
use crate::supervision::operation::{self, clock_actor, Effect};
use crate::supervision::OperationDetails;
use crate::timers::{self, TimerKind};
use crate::Result;

/// Pays the refund of approved request `request_id` (its timer's time `at`) and records it on
/// the flow. A request already refunded is left alone.
pub(crate) fn pay_refund(
    tx: &Connection,
    request_id: u32,
    at: DateTime<Utc>,
) -> Result<Option<(String, Option<String>)>> {
    let (order_id, status, cents): (u32, String, i64) = tx
        .prepare_cached("SELECT order_id, status, amount_cents FROM unsubscriptions WHERE id = ?1")?
        .query_row([request_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    if status != "approved" {
        return Ok(None);
    }
    let amount = from_cents(cents);
    let at_text = timers::text(at);
    let flow = crate::supervision::load(tx, order_id)?;
    let refunded = refund::refund(tx, order_id, amount, &format!("Order {order_id}: unsubscription refund"), &at_text)?;
    tx.prepare_cached("UPDATE unsubscriptions SET status = 'refunded', refunded_at = ?2 WHERE id = ?1")?
        .execute(params![request_id, at_text])?;
    let money = (refunded != Refunded::ReferenceOnly).then(|| format_amount(amount));
    let details = OperationDetails {
        unsubscription_id: Some(request_id),
        refund: Some(money.clone().unwrap_or_else(|| "0.00".into())),
        ..OperationDetails::default()
    };
    let id = format!("system:{order_id}:refund:{request_id}");
    let effect = Effect { details, ..Effect::default() };
    operation::append(
        tx,
        order_id,
        &id,
        &clock_actor(),
        "refund_paid",
        "{}",
        flow.state,
        flow.state,
        effect,
        &at_text,
    )?;
    finish_timer(tx, TimerKind::UnsubscriptionRefund, request_id, "refunded")?;
    let body = match &money {
        Some(m) => format!("{m} for {} was refunded to the way you paid.", flow.product_name),
        None => {
            format!("The refund of {} for {} is settled with your reseller.", format_amount(amount), flow.product_name)
        }
    };
    messages::send(
        tx,
        &Recipient::buyer(&flow.account_id),
        "refund_paid",
        Some(order_id),
        &format!("Order {order_id}: refund paid"),
        &body,
        &at_text,
    )?;
    Ok(Some((
        format!("{}: unsubscription of order {order_id} refunded, {}", flow.product_name, format_amount(amount)),
        money,
    )))
}

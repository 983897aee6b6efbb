//! The buyer accepts or rejects the seller's delivery. Accepting starts the 3 hours after
//! which the order is Completed (R-SUP-3), and the term of a yearly/monthly purchase, from
//! acceptance or from the enabling time the seller stated (R-REN-4). Rejecting sends the flow
//! back to the seller; three rejections open the buyer's appeal (R-SUP-5).

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection};

use super::operation::{self, clock_actor, text, Effect};
use super::rules::{FlowState, COMPLETION_HOURS, REJECTIONS_FOR_APPEAL};
use super::{Flow, OperationDetails};
use crate::messages::{self, Recipient};
use crate::orders::status::{transition, OrderStatus};
use crate::timers::{self, TimerKind};
use crate::{subscriptions, Result};

pub(super) fn accept(tx: &Connection, flow: &Flow, at: DateTime<Utc>) -> Result<Effect> {
    let at_text = timers::text(at);
    let completes = at + Duration::hours(COMPLETION_HOURS);
    // The term, and the subscription with it, begins now or at the enabling time the seller
    // stated (R-REN-4).
    let from = match &flow.enabled_at {
        Some(enabled) => super::instant(enabled)?,
        None => at,
    };
    let (valid_from, valid_until) = match subscriptions::start::start(tx, flow.order_id, from, at)? {
        Some(id) => {
            let expires: String =
                tx.query_row("SELECT expires_at FROM subscriptions WHERE id = ?1", [id], |r| r.get(0))?;
            (Some(timers::text(from)), Some(expires))
        }
        None => (None, None),
    };
    tx.prepare_cached(
        "UPDATE service_flows SET accepted_at = ?2, completes_at = ?3, valid_from = ?4, valid_until = ?5 WHERE order_id = ?1",
    )?
    .execute(params![flow.order_id, at_text, timers::text(completes), valid_from, valid_until])?;
    timers::schedule(tx, TimerKind::SupervisionCompletion, flow.order_id, completes)?;
    messages::send(
        tx,
        &Recipient::seller(&flow.seller_id),
        "delivery_accepted",
        Some(flow.order_id),
        &format!("Order {}: delivery accepted", flow.order_id),
        &format!(
            "{} accepted your delivery of {}. The order completes at {}.",
            flow.buyer_name,
            flow.product_name,
            timers::text(completes)
        ),
        &at_text,
    )?;
    let details = OperationDetails {
        completes_at: Some(timers::text(completes)),
        valid_from,
        valid_until,
        ..OperationDetails::default()
    };
    Ok(Effect { details, ..Effect::default() })
}

pub(super) fn reject(tx: &Connection, flow: &Flow, reason: &str, at: &str) -> Result<Effect> {
    let reason = text("reason", reason)?;
    let rejections = flow.delivery_rejections + 1;
    tx.prepare_cached("UPDATE service_flows SET delivery_rejections = ?2 WHERE order_id = ?1")?
        .execute(params![flow.order_id, rejections])?;
    messages::send(
        tx,
        &Recipient::seller(&flow.seller_id),
        "delivery_rejected",
        Some(flow.order_id),
        &format!("Order {}: delivery rejected", flow.order_id),
        &format!("{} rejected your delivery of {}: {reason}. Deliver again.", flow.buyer_name, flow.product_name),
        at,
    )?;
    if rejections >= REJECTIONS_FOR_APPEAL {
        messages::send(
            tx,
            &Recipient::buyer(&flow.account_id),
            "appeal_possible",
            Some(flow.order_id),
            &format!("Order {}: you can appeal", flow.order_id),
            "You have rejected the seller's delivery 3 times: you can appeal to the operations manager.",
            at,
        )?;
    }
    Ok(Effect { remark: Some(reason), ..Effect::default() })
}

/// Completes accepted order `order_id` at `at` (its timer's time): the flow and the order are
/// Completed and the product shows in Purchased Apps (R-SUP-3, R-BUY-7). A flow no longer
/// accepted (frozen, cancelled meanwhile) is left alone. Marks the completion timer fired, so
/// that whoever completes it first, the scheduler or an action arriving later, does so once.
pub(crate) fn complete(tx: &Connection, order_id: u32, at: DateTime<Utc>) -> Result<Option<String>> {
    let flow = super::load(tx, order_id)?;
    if flow.state != FlowState::Accepted {
        return Ok(None);
    }
    let at_text = timers::text(at);
    super::operation::move_flow(tx, &flow, crate::roles::Role::OperationsManager, FlowState::Completed, at)?;
    let id = format!("system:{order_id}:complete");
    operation::append(
        tx,
        order_id,
        &id,
        &clock_actor(),
        "complete",
        "{}",
        FlowState::Accepted,
        FlowState::Completed,
        Effect::default(),
        &at_text,
    )?;
    transition(
        tx,
        order_id,
        OrderStatus::Processing,
        OrderStatus::Completed,
        Some("Service supervision completed"),
        &at_text,
    )?;
    finish_timer(tx, TimerKind::SupervisionCompletion, order_id, "completed")?;
    let body = format!("{} is complete: 3 hours have passed since the delivery was accepted.", flow.product_name);
    for to in [Recipient::buyer(&flow.account_id), Recipient::seller(&flow.seller_id)] {
        messages::send(tx, &to, "completed", Some(order_id), &format!("Order {order_id}: completed"), &body, &at_text)?;
    }
    Ok(Some(format!("{} completed", flow.product_name)))
}

/// Marks the pending timer of `kind` for `subject` fired, when something other than the
/// scheduler did its work.
pub(super) fn finish_timer(tx: &Connection, kind: TimerKind, subject: u32, outcome: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE timers SET state = 'fired', outcome = ?3 WHERE kind = ?1 AND subject = ?2 AND state = 'pending'",
    )?
    .execute(params![kind.as_str(), subject, outcome])?;
    Ok(())
}

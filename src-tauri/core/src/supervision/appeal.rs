//! Appeals (R-SUP-5). The buyer may appeal after more than 5 days of the seller's silence, or
//! after 3 rejections of its request or of the seller's delivery; the seller at any time. An
//! open appeal freezes the flow for both sides. The operations manager settles it with a
//! written decision: for the buyer (cancelled and refunded, in full or the part decided) or for
//! the seller (the flow goes on from where it froze, or completes).

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection};
use rust_decimal::Decimal;

use super::accept::finish_timer;
use super::operation::{text, Effect, Ruling};
use super::proof::{self, Upload};
use super::rules::{FlowState, Party, COMPLETION_HOURS};
use super::{Flow, OperationDetails};
use crate::messages::{self, Recipient};
use crate::money::{format_amount, parse_money};
use crate::orders::refund::{self, Refunded};
use crate::orders::status::{transition, OrderStatus};
use crate::roles::Role;
use crate::timers::{self, TimerKind};
use crate::{CoreError, Result};

pub(super) fn open(
    tx: &Connection,
    flow: &Flow,
    role: Role,
    reason: &str,
    files: &[Upload],
    at: &str,
) -> Result<Effect> {
    let reason = text("reason", reason)?;
    let files = proof::prepare(files, "proof")?;
    // Frozen, an accepted flow does not complete until the appeal is settled.
    timers::cancel(tx, TimerKind::SupervisionCompletion, flow.order_id)?;
    let who = if role == Role::Buyer { &flow.buyer_name } else { &flow.seller_name };
    let body = format!(
        "{who} appealed on {}: {reason}. The flow is frozen for both sides until the operations manager settles it.",
        flow.product_name
    );
    let title = format!("Order {}: appeal opened", flow.order_id);
    for to in [Recipient::buyer(&flow.account_id), Recipient::seller(&flow.seller_id), Recipient::operations()] {
        messages::send(tx, &to, "appeal_opened", Some(flow.order_id), &title, &body, at)?;
    }
    Ok(Effect { remark: Some(reason), files, ..Effect::default() })
}

pub(super) fn settle(
    tx: &Connection,
    flow: &Flow,
    ruling: &Ruling,
    decision: &str,
    next: FlowState,
    at: DateTime<Utc>,
) -> Result<Effect> {
    let decision = text("decision", decision)?;
    let at_text = timers::text(at);
    let mut details = OperationDetails::default();
    let outcome = match ruling {
        Ruling::Buyer { refund } => {
            let left = refund::refundable(tx, flow.order_id)?;
            let amount = match refund.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
                None => left,
                Some(_) if flow.reference_only => {
                    return Err(CoreError::invalid(
                        "refund: a reseller customer paid nothing here; leave the amount out and settle it with the reseller",
                    ))
                }
                Some(r) => {
                    let amount = parse_money("refund", r)?;
                    if amount > left {
                        return Err(CoreError::invalid(format!(
                            "refund: {} is more than was paid ({})",
                            format_amount(amount),
                            format_amount(left)
                        )));
                    }
                    amount
                }
            };
            let memo = format!("Order {}: refund decided on appeal", flow.order_id);
            let refunded = refund::refund(tx, flow.order_id, amount, &memo, &at_text)?;
            transition(
                tx,
                flow.order_id,
                OrderStatus::Processing,
                OrderStatus::Cancelled,
                Some("Appeal settled for the buyer"),
                &at_text,
            )?;
            super::unsubscribe::close_pending(
                tx,
                flow.order_id,
                "the order was cancelled when its appeal was settled",
                &at_text,
            )?;
            crate::subscriptions::start::cancel_with_order(tx, flow.order_id, &at_text)?;
            details.ruling = Some("buyer".into());
            details.refund =
                Some(format_amount(if refunded == Refunded::ReferenceOnly { Decimal::ZERO } else { amount }));
            match refunded {
                Refunded::ReferenceOnly => {
                    "for the buyer: the order is cancelled; the refund is settled with the reseller".to_string()
                }
                _ => format!("for the buyer: the order is cancelled and {} refunded", format_amount(amount)),
            }
        }
        Ruling::Seller { complete: true } => {
            transition(
                tx,
                flow.order_id,
                OrderStatus::Processing,
                OrderStatus::Completed,
                Some("Appeal settled for the seller"),
                &at_text,
            )?;
            finish_timer(tx, TimerKind::SupervisionCompletion, flow.order_id, "completed by the appeal's settlement")?;
            details.ruling = Some("seller_complete".into());
            "for the seller: the order is completed".to_string()
        }
        Ruling::Seller { complete: false } => {
            details.ruling = Some("seller".into());
            if next == FlowState::Accepted {
                // The 3 hours go on: to their old end, or at once if that has passed.
                let old = flow.completes_at.as_deref().map(super::instant).transpose()?;
                let completes = old.unwrap_or(at + Duration::hours(COMPLETION_HOURS)).max(at);
                tx.prepare_cached("UPDATE service_flows SET completes_at = ?2 WHERE order_id = ?1")?
                    .execute(params![flow.order_id, timers::text(completes)])?;
                timers::schedule(tx, TimerKind::SupervisionCompletion, flow.order_id, completes)?;
                details.completes_at = Some(timers::text(completes));
            }
            format!("for the seller: the flow goes on at \"{}\"", next.title())
        }
    };
    let title = format!("Order {}: appeal settled", flow.order_id);
    let body =
        format!("The operations manager settled the appeal on {} {outcome}. Decision: {decision}", flow.product_name);
    for to in [Recipient::buyer(&flow.account_id), Recipient::seller(&flow.seller_id)] {
        messages::send(tx, &to, "appeal_settled", Some(flow.order_id), &title, &body, &at_text)?;
    }
    Ok(Effect { remark: Some(decision), details, ..Effect::default() })
}

/// The buyer's appeal became possible: the seller has been silent for more than 5 days. Told
/// once per silence; a flow that moved on meanwhile has no such timer left.
pub(crate) fn tell_appeal_possible(tx: &Connection, order_id: u32, at: DateTime<Utc>) -> Result<Option<String>> {
    let flow = super::load(tx, order_id)?;
    if flow.state.waiting_on() != Some(Party::Seller) || flow.facts().appeal_possible_from() > at {
        return Ok(None);
    }
    messages::send(
        tx,
        &Recipient::buyer(&flow.account_id),
        "appeal_possible",
        Some(order_id),
        &format!("Order {order_id}: you can appeal"),
        &format!(
            "{} has not updated the flow of {} for more than 5 days. Remind it, or appeal to the operations manager.",
            flow.seller_name, flow.product_name
        ),
        &timers::text(at),
    )?;
    Ok(Some(format!("{}: the buyer may now appeal the seller's silence", flow.product_name)))
}

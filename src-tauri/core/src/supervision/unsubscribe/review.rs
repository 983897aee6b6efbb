//! The seller reviews a request with comments and its records of the talks (R-UNS-3):
//! approved, the order is cancelled at once and the refund falls due 3 hours later; rejected,
//! the buyer may ask again.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::REFUND_HOURS;
use crate::messages::{self, Recipient};
use crate::money::{format_amount, from_cents};
use crate::orders::status::{transition, OrderStatus};
use crate::supervision::operation::{text, Effect};
use crate::supervision::proof::{self, Upload};
use crate::supervision::{Flow, OperationDetails};
use crate::timers::{self, TimerKind};
use crate::{CoreError, Result};

#[allow(clippy::too_many_arguments)]
pub(in crate::supervision) fn review(
    tx: &Connection,
    flow: &Flow,
    op_id: &str,
    request_id: u32,
    approve: bool,
    comment: &str,
    records: &[Upload],
    at: DateTime<Utc>,
) -> Result<Effect> {
    let comment = text("comment", comment)?;
    let files = proof::prepare(records, "records")?;
    let found: Option<(u32, String, i64)> = tx
        .prepare_cached("SELECT order_id, status, amount_cents FROM unsubscriptions WHERE id = ?1")?
        .query_row([request_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let amount = match found {
        Some((order, status, amount)) if order == flow.order_id && status == "pending" => from_cents(amount),
        Some((order, status, _)) if order == flow.order_id => {
            return Err(CoreError::Conflict(format!("unsubscription request {request_id} was already {status}")))
        }
        _ => {
            return Err(CoreError::not_found(format!("unsubscription request {request_id} on order {}", flow.order_id)))
        }
    };
    let at_text = timers::text(at);
    let mut details = OperationDetails {
        unsubscription_id: Some(request_id),
        amount: Some(format_amount(amount)),
        ..OperationDetails::default()
    };
    let (status, title, body) = if approve {
        let due = at + Duration::hours(REFUND_HOURS);
        timers::schedule(tx, TimerKind::UnsubscriptionRefund, request_id, due)?;
        timers::cancel(tx, TimerKind::SupervisionCompletion, flow.order_id)?;
        transition(
            tx,
            flow.order_id,
            OrderStatus::Processing,
            OrderStatus::Cancelled,
            Some("Unsubscription approved"),
            &at_text,
        )?;
        crate::subscriptions::start::cancel_with_order(tx, flow.order_id, &at_text)?;
        details.refund_due_at = Some(timers::text(due));
        (
            "approved",
            format!("Order {}: unsubscription approved", flow.order_id),
            format!(
                "{} approved your unsubscription from {}: the order is cancelled and {} is refunded by {}. {comment}",
                flow.seller_name,
                flow.product_name,
                format_amount(amount),
                timers::text(due)
            ),
        )
    } else {
        (
            "rejected",
            format!("Order {}: unsubscription rejected", flow.order_id),
            format!("{} rejected your unsubscription request: {comment}. You may send a new one.", flow.seller_name),
        )
    };
    tx.prepare_cached(
        "UPDATE unsubscriptions SET status = ?2, review_op = ?3, review_comment = ?4, reviewed_at = ?5, refund_due_at = ?6
         WHERE id = ?1",
    )?
    .execute(params![request_id, status, op_id, comment, at_text, details.refund_due_at])?;
    messages::send(
        tx,
        &Recipient::buyer(&flow.account_id),
        &format!("unsubscription_{status}"),
        Some(flow.order_id),
        &title,
        &body,
        &at_text,
    )?;
    Ok(Effect { remark: Some(comment), details, files })
}

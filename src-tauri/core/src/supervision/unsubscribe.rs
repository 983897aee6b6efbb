//! Negotiated unsubscription (R-UNS-3) and which orders can be unsubscribed at all (DOMAIN §8).
//!
//! Within the transaction guarantee period (until the order is Completed) the buyer of a
//! supervised product asks for a refund it negotiated with the seller: more than zero and at
//! most what it actually paid, a reason, its contact shared or not. The seller reviews it with
//! comments and its records of the talks: approved, the order is cancelled at once and the
//! refund paid 3 hours later by the scheduler; rejected, that request ends and the buyer may
//! send another. Nothing while an appeal is open.
//!
//! Asking and reviewing are operations on the flow (`super::apply`), so a seller offline
//! reviews exactly as online.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::accept::finish_timer;
use super::operation::{self, clock_actor, text, Effect};
use super::proof::{self, AttachmentInfo, Upload};
use super::rules::FlowState;
use super::{Flow, OperationDetails};
use crate::catalog::model::{BillingMode, DeliveryMethod};
use crate::messages::{self, Recipient};
use crate::money::{format_amount, from_cents, parse_money, to_cents};
use crate::orders::refund::{self, Refunded};
use crate::orders::status::{transition, OrderStatus};
use crate::timers::{self, TimerKind};
use crate::{accounts, roles, CoreError, Result};

/// An approved unsubscription is refunded this long after approval.
pub const REFUND_HOURS: i64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    Approved,
    Rejected,
    Refunded,
}

impl RequestStatus {
    fn parse(text: &str) -> rusqlite::Result<RequestStatus> {
        Ok(match text {
            "pending" => RequestStatus::Pending,
            "approved" => RequestStatus::Approved,
            "rejected" => RequestStatus::Rejected,
            "refunded" => RequestStatus::Refunded,
            other => {
                return Err(rusqlite::Error::InvalidColumnType(
                    0,
                    format!("request status {other}"),
                    rusqlite::types::Type::Text,
                ))
            }
        })
    }
}

/// The buyer's contact, when it chose to share it with the seller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SharedContact {
    pub email: String,
    pub mobile: String,
}

/// One unsubscription request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UnsubscriptionRequest {
    pub id: u32,
    pub order_id: u32,
    pub product_name: String,
    pub buyer_name: String,
    pub seller_name: String,
    /// The negotiated refund, two decimals.
    pub amount: String,
    /// What the order cost.
    pub paid: String,
    pub reason: String,
    pub contact: Option<SharedContact>,
    pub status: RequestStatus,
    pub requested_at: String,
    pub review_comment: Option<String>,
    pub reviewed_at: Option<String>,
    /// The seller's records of its talks with the buyer, attached to its review.
    pub records: Vec<AttachmentInfo>,
    /// The review's operation: its records are saved by it and their position.
    pub review_operation: Option<String>,
    pub refund_due_at: Option<String>,
    pub refunded_at: Option<String>,
}

/// How an order could be unsubscribed (DOMAIN §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum UnsubscribeRule {
    /// Supervised: a refund negotiated with the seller, within the guarantee period (R-UNS-3).
    Negotiated,
    /// A yearly/monthly image, by the standard rules (R-UNS-2).
    Standard,
    NotSupported,
}

/// An order as My KooGallery > Unsubscriptions lists it: whether it can be unsubscribed now,
/// and why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Unsubscribable {
    pub order_id: u32,
    pub product_name: String,
    pub delivery: DeliveryMethod,
    pub billing: BillingMode,
    pub order_status: OrderStatus,
    pub rule: UnsubscribeRule,
    pub possible: bool,
    /// Why it cannot be unsubscribed now, or how it would be.
    pub note: String,
    /// The most that can be asked for: what was actually paid, two decimals.
    pub max_amount: String,
    /// A reseller customer's: the refund is settled with the reseller.
    pub reference_only: bool,
    pub requests: Vec<UnsubscriptionRequest>,
}

const REQUEST_SELECT: &str =
    "SELECT u.id, u.order_id, o.product_name, a.name, o.seller_name, u.amount_cents, o.amount_cents,
        u.reason, u.share_contact, a.email, a.mobile, u.status, u.requested_at, u.review_comment, u.reviewed_at,
        u.review_op, u.refund_due_at, u.refunded_at
     FROM unsubscriptions u JOIN orders o ON o.id = u.order_id JOIN accounts a ON a.id = o.account_id";

fn read_requests(
    conn: &Connection,
    condition: &str,
    value: &dyn rusqlite::ToSql,
) -> Result<Vec<UnsubscriptionRequest>> {
    let sql = format!("{REQUEST_SELECT} WHERE {condition} ORDER BY u.status <> 'pending', u.id DESC");
    let rows = conn
        .prepare_cached(&sql)?
        .query_map([value], |r| {
            let shared: bool = r.get(8)?;
            Ok((
                UnsubscriptionRequest {
                    id: r.get(0)?,
                    order_id: r.get(1)?,
                    product_name: r.get(2)?,
                    buyer_name: r.get(3)?,
                    seller_name: r.get(4)?,
                    amount: format_amount(from_cents(r.get(5)?)),
                    paid: format_amount(from_cents(r.get(6)?)),
                    reason: r.get(7)?,
                    contact: shared
                        .then(|| -> rusqlite::Result<SharedContact> {
                            Ok(SharedContact { email: r.get(9)?, mobile: r.get(10)? })
                        })
                        .transpose()?,
                    status: RequestStatus::parse(&r.get::<_, String>(11)?)?,
                    requested_at: r.get(12)?,
                    review_comment: r.get(13)?,
                    reviewed_at: r.get(14)?,
                    records: Vec::new(),
                    review_operation: r.get(15)?,
                    refund_due_at: r.get(16)?,
                    refunded_at: r.get(17)?,
                },
                r.get::<_, Option<String>>(15)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(mut request, review_op)| {
            if let Some(op) = review_op {
                request.records = proof::of_operation(conn, &op)?;
            }
            Ok(request)
        })
        .collect()
}

/// The requests on order `order_id`, the pending one first, then the newest.
pub fn of_order(conn: &Connection, order_id: u32) -> Result<Vec<UnsubscriptionRequest>> {
    read_requests(conn, "u.order_id = ?1", &order_id)
}

/// Seller Console > Orders > Unsubscriptions: the requests on the current seller's orders.
pub fn for_seller(conn: &Connection) -> Result<Vec<UnsubscriptionRequest>> {
    roles::require(conn, roles::Role::Seller, "review unsubscriptions")?;
    let seller = roles::current_seller(conn)?.ok_or_else(|| CoreError::not_found("a seller to act for"))?;
    read_requests(conn, "o.seller_id = ?1", &seller.id)
}

/// The order an unsubscription request is on.
pub fn order_of(conn: &Connection, request_id: u32) -> Result<u32> {
    conn.prepare_cached("SELECT order_id FROM unsubscriptions WHERE id = ?1")?
        .query_row([request_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| CoreError::not_found(format!("unsubscription request {request_id}")))
}

/// Whether order `order_id` of the current buyer can be unsubscribed now, and how.
pub fn quote(conn: &Connection, order_id: u32) -> Result<Unsubscribable> {
    let account = accounts::current(conn)?;
    let owner: Option<String> = conn
        .prepare_cached("SELECT account_id FROM orders WHERE id = ?1")?
        .query_row([order_id], |r| r.get(0))
        .optional()?;
    match owner {
        Some(owner) if owner == account => assess(conn, order_id),
        _ => Err(CoreError::not_found(format!("order {order_id} of this account"))),
    }
}

/// My KooGallery > Unsubscriptions: every paid order of the current buyer, newest first.
pub fn list(conn: &Connection) -> Result<Vec<Unsubscribable>> {
    let account = accounts::current(conn)?;
    let ids = conn
        .prepare_cached(
            "SELECT id FROM orders o WHERE account_id = ?1 AND status <> 'pending_payment'
               AND (status <> 'cancelled' OR EXISTS (SELECT 1 FROM unsubscriptions u WHERE u.order_id = o.id)
                    OR EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.note = ?2))
             ORDER BY id DESC",
        )?
        .query_map(params![account, crate::subscriptions::unsubscribe::HISTORY_NOTE], |r| r.get::<_, u32>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    ids.into_iter().map(|id| assess(conn, id)).collect()
}

fn assess(conn: &Connection, order_id: u32) -> Result<Unsubscribable> {
    let (product_name, delivery, billing, status, supervised, reseller): (String, DeliveryMethod, BillingMode, OrderStatus, bool, bool) =
        conn.prepare_cached(
            "SELECT product_name, delivery, billing, status, supervised, payment_method = 'reseller' FROM orders WHERE id = ?1",
        )?
        .query_row([order_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?;
    let requests = of_order(conn, order_id)?;
    let max = if reseller {
        let cents: i64 = conn.query_row("SELECT amount_cents FROM orders WHERE id = ?1", [order_id], |r| r.get(0))?;
        from_cents(cents)
    } else {
        refund::refundable(conn, order_id)?
    };
    let (rule, possible, note) = match (delivery, billing, supervised) {
        (DeliveryMethod::Image, BillingMode::PayPerUse, _) => (
            UnsubscribeRule::NotSupported,
            false,
            "Pay-per-use cannot be unsubscribed: delete the ECS instance in the ECS Console to stop billing."
                .to_string(),
        ),
        (DeliveryMethod::Image, _, _) => {
            let (why_not, done) = crate::subscriptions::unsubscribe::standing(conn, order_id)?;
            match (done, why_not) {
                (Some(done), _) => (
                    UnsubscribeRule::Standard,
                    false,
                    format!(
                        "Unsubscribed by the standard rules on {}: {} refunded, its resources released.",
                        done.at, done.refund
                    ),
                ),
                (None, Some(why)) => (UnsubscribeRule::Standard, false, why.to_string()),
                (None, None) => (
                    UnsubscribeRule::Standard,
                    true,
                    "While its subscription lasts: refunded what was paid less the hours used and a handling fee \
                     (R-UNS-2); its ECS and image are deleted at once."
                        .to_string(),
                ),
            }
        }
        (_, _, false) => (
            UnsubscribeRule::NotSupported,
            false,
            format!("Unsubscription is not supported for a {} without service supervision.", delivery.label()),
        ),
        (_, _, true) => {
            let flow = super::load(conn, order_id)?;
            let pending = requests.iter().find(|r| r.status == RequestStatus::Pending);
            let why_not = match (flow.state, pending) {
                (FlowState::Completed, _) => {
                    Some("The transaction guarantee period ended when service supervision completed.".to_string())
                }
                (FlowState::Cancelled, _) => Some("The order is cancelled.".to_string()),
                (FlowState::Frozen, _) => Some("An appeal is open: no unsubscription until it is settled.".to_string()),
                (_, Some(p)) => Some(format!("Request {} waits for the seller's review.", p.id)),
                _ => None,
            };
            match why_not {
                Some(why) => (UnsubscribeRule::Negotiated, false, why),
                None => (
                    UnsubscribeRule::Negotiated,
                    true,
                    "Within the transaction guarantee period: ask for the refund you agreed with the seller."
                        .to_string(),
                ),
            }
        }
    };
    Ok(Unsubscribable {
        order_id,
        product_name,
        delivery,
        billing,
        order_status: status,
        rule,
        possible,
        note,
        max_amount: format_amount(max),
        reference_only: reseller,
        requests,
    })
}

pub(super) fn request(
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

#[allow(clippy::too_many_arguments)]
pub(super) fn review(
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
    let flow = super::load(tx, order_id)?;
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

/// Closes the requests still pending on order `order_id` when it is cancelled another way.
pub(super) fn close_pending(tx: &Connection, order_id: u32, why: &str, at: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE unsubscriptions SET status = 'rejected', review_comment = ?2, reviewed_at = ?3
         WHERE order_id = ?1 AND status = 'pending'",
    )?
    .execute(params![order_id, format!("Closed: {why}"), at])?;
    Ok(())
}

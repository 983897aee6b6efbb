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
//! reviews exactly as online. Which orders can be unsubscribed is `eligibility`; the buyer's
//! request is `ask`, the seller's answer `review`, and the refund the scheduler pays `refund`.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::proof::{self, AttachmentInfo};
use crate::money::{format_amount, from_cents};
use crate::{roles, CoreError, Result};

mod ask;
mod eligibility;
mod refund;
mod review;

pub(in crate::supervision) use ask::request;
pub use eligibility::{list, page, quote, Unsubscribable, UnsubscribeRule};
pub(crate) use refund::pay_refund;
pub(in crate::supervision) use review::review;

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

/// Closes the requests still pending on order `order_id` when it is cancelled another way.
pub(super) fn close_pending(tx: &Connection, order_id: u32, why: &str, at: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE unsubscriptions SET status = 'rejected', review_comment = ?2, reviewed_at = ?3
         WHERE order_id = ?1 AND status = 'pending'",
    )?
    .execute(params![order_id, format!("Closed: {why}"), at])?;
    Ok(())
}

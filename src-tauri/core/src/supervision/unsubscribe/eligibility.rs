//! Which orders can be unsubscribed, and how (DOMAIN §8): My KooGallery > Unsubscriptions
//! lists every paid order with the rule that applies to it, and why it cannot be unsubscribed
//! now when it cannot.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::{of_order, RequestStatus, UnsubscriptionRequest};
use crate::catalog::model::{BillingMode, DeliveryMethod};
use crate::money::{format_amount, from_cents};
use crate::orders::refund;
use crate::orders::status::OrderStatus;
use crate::paging::{Page, PageRequest};
use crate::subscriptions::unsubscribe::HISTORY_NOTE;
use crate::supervision::rules::FlowState;
use crate::{accounts, CoreError, Result};

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

// The paid orders Unsubscriptions lists: cancelled ones only where an unsubscription (either
// kind) cancelled them.
const LISTED: &str = "FROM orders o WHERE account_id = ?1 AND status <> 'pending_payment'
      AND (status <> 'cancelled' OR EXISTS (SELECT 1 FROM unsubscriptions u WHERE u.order_id = o.id)
           OR EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.note = ?2))";

/// My KooGallery > Unsubscriptions: every paid order of the current buyer, newest first.
pub fn list(conn: &Connection) -> Result<Vec<Unsubscribable>> {
    let account = accounts::current(conn)?;
    let ids = conn
        .prepare_cached(&format!("SELECT id {LISTED} ORDER BY id DESC"))?
        .query_map(params![account, HISTORY_NOTE], |r| r.get::<_, u32>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    ids.into_iter().map(|id| assess(conn, id)).collect()
}

/// One page of Unsubscriptions, newest first, and how many orders it lists in all: each order
/// of the page assessed, the others only counted.
pub fn page(conn: &Connection, request: PageRequest) -> Result<Page<Unsubscribable>> {
    let window = request.window()?;
    let account = accounts::current(conn)?;
    let total = conn
        .prepare_cached(&format!("SELECT count(*) {LISTED}"))?
        .query_row(params![account, HISTORY_NOTE], |r| r.get(0))?;
    let ids = conn
        .prepare_cached(&format!("SELECT id {LISTED} ORDER BY id DESC LIMIT ?3 OFFSET ?4"))?
        .query_map(params![account, HISTORY_NOTE, window.limit, window.offset], |r| r.get::<_, u32>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let items = ids.into_iter().map(|id| assess(conn, id)).collect::<Result<_>>()?;
    Ok(Page::new(items, total, window))
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
            let flow = crate::supervision::load(conn, order_id)?;
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

//! Standard unsubscription of a yearly/monthly image (R-UNS-2, DOMAIN §8): the refund is
//! worked out line by line in [`breakdown`], and shown to the buyer before confirming.
//!
//! Unsubscribing refunds through the order's own money path, cancels the order and its
//! subscription and releases the resources at once, in one transaction. Nothing new is stored
//! for it: the order's history says when it happened, and the refund is computed again for that
//! time, so asking twice answers with the first refund.

mod breakdown;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::model::{BillingMode, DeliveryMethod};
use crate::messages::{self, Recipient};
use crate::money::{format_amount, parse_money};
use crate::orders::refund;
use crate::orders::status::{transition, OrderStatus};
use crate::orders::Services;
use crate::timers;
use crate::{accounts, roles, CoreError, Result, Store};

use super::{instant, SubscriptionState};
use breakdown::Subject;
pub use breakdown::{StandardRefund, StandardRefundLine};

/// The note an order's history keeps for a standard unsubscription: how it is found again.
pub const HISTORY_NOTE: &str = "Unsubscribed by the standard rules (R-UNS-2)";

/// What the buyer confirms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct StandardUnsubscribe {
    pub order_id: u32,
    /// The refund the buyer saw and confirmed; when given and the refund is now different (an
    /// hour has passed), nothing is done and the buyer is asked to look again.
    pub expected_refund: Option<String>,
}

struct OrderFacts {
    account_id: String,
    product_name: String,
    delivery: DeliveryMethod,
    billing: BillingMode,
    status: OrderStatus,
    reseller: bool,
    subscription: Option<(u32, SubscriptionState)>,
}

fn facts(conn: &Connection, order_id: u32) -> Result<Option<OrderFacts>> {
    let found = conn
        .prepare_cached(
            "SELECT o.account_id, o.product_name, o.delivery, o.billing, o.status, o.payment_method = 'reseller',
                    s.id, s.state
             FROM orders o LEFT JOIN subscriptions s ON s.order_id = o.id WHERE o.id = ?1",
        )?
        .query_row([order_id], |r| {
            Ok((
                OrderFacts {
                    account_id: r.get(0)?,
                    product_name: r.get(1)?,
                    delivery: r.get(2)?,
                    billing: r.get(3)?,
                    status: r.get(4)?,
                    reseller: r.get(5)?,
                    subscription: None,
                },
                r.get::<_, Option<u32>>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })
        .optional()?;
    let Some((mut facts, id, state)) = found else { return Ok(None) };
    if let (Some(id), Some(state)) = (id, state) {
        facts.subscription = Some((id, SubscriptionState::parse(&state)?));
    }
    Ok(Some(facts))
}

/// The order of the current buyer, or not found.
fn own(conn: &Connection, order_id: u32) -> Result<OrderFacts> {
    let account = accounts::current(conn)?;
    match facts(conn, order_id)? {
        Some(f) if f.account_id == account => Ok(f),
        _ => Err(CoreError::not_found(format!("order {order_id} of this account"))),
    }
}

/// Why order `facts` cannot be unsubscribed by the standard rules, if it cannot.
pub(crate) fn why_not(order_id: u32, facts: &OrderFactsView) -> Option<CoreError> {
    if facts.delivery != DeliveryMethod::Image {
        return Some(CoreError::invalid(format!(
            "order {order_id}: only yearly/monthly images are unsubscribed by the standard rules; see My KooGallery > \
             Unsubscriptions for how this order can be"
        )));
    }
    if facts.billing == BillingMode::PayPerUse {
        return Some(CoreError::invalid(format!(
            "order {order_id} is pay-per-use and cannot be unsubscribed: delete its ECS instance in the ECS Console \
             to stop billing"
        )));
    }
    match facts.state {
        Some(s) if s.renewable() && facts.status != OrderStatus::Cancelled => None,
        Some(s) => Some(CoreError::Conflict(format!(
            "order {order_id}: its subscription was {} and can no longer be unsubscribed",
            s.as_str()
        ))),
        None => Some(CoreError::Conflict(format!("order {order_id} has no subscription to unsubscribe"))),
    }
}

/// What `why_not` needs to know of an order.
pub(crate) struct OrderFactsView {
    pub delivery: DeliveryMethod,
    pub billing: BillingMode,
    pub status: OrderStatus,
    pub state: Option<SubscriptionState>,
}

impl OrderFacts {
    fn view(&self) -> OrderFactsView {
        OrderFactsView {
            delivery: self.delivery,
            billing: self.billing,
            status: self.status,
            state: self.subscription.map(|(_, s)| s),
        }
    }
}

/// Whether order `order_id` (any buyer's) can be unsubscribed by the standard rules now, and
/// when it was, the refund it made.
pub(crate) fn standing(conn: &Connection, order_id: u32) -> Result<(Option<CoreError>, Option<StandardRefund>)> {
    let facts = facts(conn, order_id)?.ok_or_else(|| CoreError::not_found(format!("order {order_id}")))?;
    let done = done_at(conn, order_id)?.map(|at| compute(conn, order_id, &facts, at, true)).transpose()?;
    Ok((why_not(order_id, &facts.view()), done))
}

/// The refund of unsubscribing the current buyer's order `order_id` at `now` (R-UNS-2); for
/// an order already unsubscribed, the refund it made.
pub fn quote(conn: &Connection, order_id: u32, now: DateTime<Utc>) -> Result<StandardRefund> {
    let facts = own(conn, order_id)?;
    if let Some(at) = done_at(conn, order_id)? {
        return compute(conn, order_id, &facts, at, true);
    }
    if let Some(why) = why_not(order_id, &facts.view()) {
        return Err(why);
    }
    compute(conn, order_id, &facts, now, false)
}

/// Unsubscribes the current buyer's yearly/monthly image order at the store's time: refunds
/// it, cancels the order and its subscription, releases its ECS at once and tells the buyer,
/// in one transaction. Refused, writing nothing, when it cannot be; an order already
/// unsubscribed answers with the refund it made.
pub fn unsubscribe(
    store: &mut Store,
    services: &Services<'_>,
    request: &StandardUnsubscribe,
) -> Result<StandardRefund> {
    let now = store.clock(services.clock)?.now;
    let expected = request.expected_refund.as_deref().map(|t| parse_money("expected refund", t)).transpose()?;
    let order_id = request.order_id;
    store.write(|tx| {
        roles::require_buyer(tx, "unsubscribe")?;
        let facts = own(tx, order_id)?;
        if let Some(at) = done_at(tx, order_id)? {
            return compute(tx, order_id, &facts, at, true);
        }
        if let Some(why) = why_not(order_id, &facts.view()) {
            return Err(why);
        }
        let mut figures = compute(tx, order_id, &facts, now, false)?;
        if let Some(expected) = expected {
            if format_amount(expected) != figures.refund {
                return Err(CoreError::Conflict(format!(
                    "the refund is now {} (you confirmed {}): look at the new figures and confirm again",
                    figures.refund,
                    format_amount(expected)
                )));
            }
        }
        let at = timers::text(now);
        let amount: Decimal = figures.refund.parse().map_err(|_| CoreError::Internal("a refund figure".into()))?;
        refund::refund_with_renewals(
            tx,
            order_id,
            amount,
            &format!("Order {order_id}: standard unsubscription refund"),
            &at,
        )?;
        transition(tx, order_id, facts.status, OrderStatus::Cancelled, Some(HISTORY_NOTE), &at)?;
        super::start::cancel_with_order(tx, order_id, &at)?;
        let released = crate::images::ecs::release_order(tx, order_id, &at)?;
        let money = if facts.reseller {
            format!("The refund of {} is settled with your reseller.", figures.refund)
        } else {
            format!("{} is refunded to the way you paid.", figures.refund)
        };
        messages::send(
            tx,
            &Recipient::buyer(&facts.account_id),
            "unsubscribed",
            Some(order_id),
            &format!("Order {order_id}: unsubscribed"),
            &format!(
                "{} is unsubscribed and its resources released ({released} ECS instance{} deleted). {money}",
                facts.product_name,
                if released == 1 { "" } else { "s" }
            ),
            &at,
        )?;
        figures.unsubscribed = true;
        figures.instances = released;
        Ok(figures)
    })
}

/// When order `order_id` was unsubscribed by the standard rules, if it was.
fn done_at(conn: &Connection, order_id: u32) -> Result<Option<DateTime<Utc>>> {
    let at: Option<String> = conn
        .prepare_cached(
            "SELECT at FROM order_events WHERE order_id = ?1 AND status = 'cancelled' AND note = ?2 ORDER BY id LIMIT 1",
        )?
        .query_row(params![order_id, HISTORY_NOTE], |r| r.get(0))
        .optional()?;
    at.map(|t| instant(&t)).transpose()
}

/// The refund's figures for the order `facts` describes.
fn compute(
    conn: &Connection,
    order_id: u32,
    facts: &OrderFacts,
    now: DateTime<Utc>,
    unsubscribed: bool,
) -> Result<StandardRefund> {
    let (subscription, _) =
        facts.subscription.ok_or_else(|| CoreError::Conflict(format!("order {order_id} has no subscription")))?;
    let subject = Subject { subscription, product_name: &facts.product_name, reseller: facts.reseller };
    breakdown::compute(conn, order_id, &subject, now, unsubscribed)
}

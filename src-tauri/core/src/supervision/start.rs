//! A supervised order's flow begins in the payment's transaction: a license (or hardware) at
//! "Seller deploys service", SaaS and professional services waiting for the buyer's request.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::operation::{self, clock_actor, Effect};
use super::rules::{FlowState, Party};
use crate::catalog::model::DeliveryMethod;
use crate::messages::{self, Recipient};
use crate::timers::{self, TimerKind};
use crate::Result;

/// Starts the flow of paid order `order_id`, inside its payment's transaction.
pub(crate) fn start(tx: &Connection, order_id: u32, delivery: DeliveryMethod, at: DateTime<Utc>) -> Result<()> {
    let first = FlowState::first(delivery);
    let at_text = timers::text(at);
    tx.prepare_cached(
        "INSERT INTO service_flows (order_id, state, seller_silent_since, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?3, ?3)",
    )?
    .execute(params![order_id, first.as_str(), at_text])?;
    let id = format!("system:{order_id}:started");
    operation::append(tx, order_id, &id, &clock_actor(), "started", "{}", first, first, Effect::default(), &at_text)?;
    let (account, seller, product): (String, String, String) = tx
        .prepare_cached("SELECT account_id, seller_id, product_name FROM orders WHERE id = ?1")?
        .query_row([order_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    if first.waiting_on() == Some(Party::Seller) {
        let facts = super::load(tx, order_id)?.facts();
        timers::schedule(tx, TimerKind::AppealEligibility, order_id, facts.appeal_possible_from())?;
        messages::send(
            tx,
            &Recipient::seller(&seller),
            "order_to_deliver",
            Some(order_id),
            &format!("Order {order_id}: {product} to deliver"),
            "The buyer paid. Deploy the service and deliver it with proof in Seller Console.",
            &at_text,
        )?;
    } else {
        messages::send(
            tx,
            &Recipient::buyer(&account),
            "request_needed",
            Some(order_id),
            &format!("Order {order_id}: submit your request"),
            &format!("Tell the seller of {product} what you need in Service Supervision; it starts from your request."),
            &at_text,
        )?;
    }
    Ok(())
}

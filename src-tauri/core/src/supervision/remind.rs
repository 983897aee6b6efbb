//! The buyer reminds the seller while the flow waits on it, at most once a day. A reminder is
//! the buyer's action: it does not end the seller's silence.

use rusqlite::{params, Connection};

use super::operation::Effect;
use super::Flow;
use crate::messages::{self, Recipient};
use crate::Result;

pub(super) fn remind(tx: &Connection, flow: &Flow, at: &str) -> Result<Effect> {
    tx.prepare_cached("UPDATE service_flows SET last_reminder_at = ?2 WHERE order_id = ?1")?
        .execute(params![flow.order_id, at])?;
    messages::send(
        tx,
        &Recipient::seller(&flow.seller_id),
        "reminder",
        Some(flow.order_id),
        &format!("Order {}: the buyer reminds you", flow.order_id),
        &format!("{} is waiting for you on {} (\"{}\").", flow.buyer_name, flow.product_name, flow.state.title()),
        at,
    )?;
    Ok(Effect::default())
}

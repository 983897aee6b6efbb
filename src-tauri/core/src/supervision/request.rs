//! The buyer's request (SaaS and professional services) and the seller's review of it:
//! accepted, the seller deploys; rejected with a reason, the buyer may submit it again with the
//! changes asked for. Three rejections open the buyer's appeal (R-SUP-5).

use rusqlite::{params, Connection};

use super::operation::{text, Effect};
use super::rules::REJECTIONS_FOR_APPEAL;
use super::Flow;
use crate::messages::{self, Recipient};
use crate::Result;

pub(super) fn submit(tx: &Connection, flow: &Flow, request: &str, at: &str) -> Result<Effect> {
    let request = text("request", request)?;
    messages::send(
        tx,
        &Recipient::seller(&flow.seller_id),
        "request_submitted",
        Some(flow.order_id),
        &format!("Order {}: a request to review", flow.order_id),
        &format!(
            "{} sent a request for {}. Accept it and deliver, or reject it with a reason.",
            flow.buyer_name, flow.product_name
        ),
        at,
    )?;
    Ok(Effect { remark: Some(request), ..Effect::default() })
}

pub(super) fn accept(tx: &Connection, flow: &Flow, remark: Option<&str>, at: &str) -> Result<Effect> {
    let remark = remark.filter(|r| !r.trim().is_empty()).map(|r| text("remark", r)).transpose()?;
    messages::send(
        tx,
        &Recipient::buyer(&flow.account_id),
        "request_accepted",
        Some(flow.order_id),
        &format!("Order {}: request accepted", flow.order_id),
        &format!("{} accepted your request for {} and is deploying the service.", flow.seller_name, flow.product_name),
        at,
    )?;
    Ok(Effect { remark, ..Effect::default() })
}

pub(super) fn reject(tx: &Connection, flow: &Flow, reason: &str, at: &str) -> Result<Effect> {
    let reason = text("reason", reason)?;
    let rejections = flow.request_rejections + 1;
    tx.prepare_cached("UPDATE service_flows SET request_rejections = ?2 WHERE order_id = ?1")?
        .execute(params![flow.order_id, rejections])?;
    let appeal = if rejections >= REJECTIONS_FOR_APPEAL {
        " It has now rejected your request 3 times: you can appeal."
    } else {
        " Change your request as it asks and submit it again."
    };
    messages::send(
        tx,
        &Recipient::buyer(&flow.account_id),
        "request_rejected",
        Some(flow.order_id),
        &format!("Order {}: request rejected", flow.order_id),
        &format!("{} rejected your request: {reason}.{appeal}", flow.seller_name),
        at,
    )?;
    Ok(Effect { remark: Some(reason), ..Effect::default() })
}

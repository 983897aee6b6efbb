//! `kg unsubscribe`: negotiated unsubscription of supervised orders (asked by the buyer, reviewed
//! by the seller, refunded 3 hours after approval) and the standard unsubscription of a
//! yearly/monthly image, its refund line by line (R-UNS-2).

use koogallery_core::clock::SystemClock;
use koogallery_core::orders::Services;
use koogallery_core::subscriptions::unsubscribe as standard;
use koogallery_core::supervision::unsubscribe::{self, Unsubscribable, UnsubscribeRule, UnsubscriptionRequest};
use koogallery_core::supervision::Action;
use koogallery_core::Store;

use super::supervision::{apply, catch_up, files_text, status, uploads, NAME_WIDTH};
use crate::args::supervision::UnsubscribeCommand;
use crate::output::{truncate, Output, Zone};
use crate::Failure;

pub fn unsubscribe(store: &mut Store, command: UnsubscribeCommand, out: &Output) -> Result<(), Failure> {
    match command {
        UnsubscribeCommand::List => {
            catch_up(store)?;
            let list = unsubscribe::list(store.conn())?;
            out.show(&list, || {
                if list.is_empty() {
                    return "No paid orders yet.".to_string();
                }
                list.iter().map(|u| unsubscribable_text(u, out.zone())).collect::<Vec<_>>().join("\n")
            })?;
        }
        UnsubscribeCommand::Quote { order } => {
            catch_up(store)?;
            let quote = unsubscribe::quote(store.conn(), order)?;
            if quote.rule == UnsubscribeRule::Standard {
                let now = store.clock(&SystemClock)?.now;
                let refund = standard::quote(store.conn(), order, now)?;
                out.show(&refund, || standard_text(&refund, out.zone()))?;
            } else {
                out.show(&quote, || unsubscribable_text(&quote, out.zone()))?;
            }
        }
        UnsubscribeCommand::Request {
            order,
            amount: Some(amount),
            reason: Some(reason),
            share_contact,
            operation,
            ..
        } => apply(store, order, operation, Action::RequestUnsubscription { amount, reason, share_contact }, out)?,
        UnsubscribeCommand::Request { order, expect, .. } => {
            catch_up(store)?;
            let request = standard::StandardUnsubscribe { order_id: order, expected_refund: expect };
            let refund = standard::unsubscribe(store, &Services::system(), &request)?;
            out.show(&refund, || standard_text(&refund, out.zone()))?;
        }
        UnsubscribeCommand::Received => {
            catch_up(store)?;
            let list = unsubscribe::for_seller(store.conn())?;
            out.show(&list, || {
                if list.is_empty() {
                    return "No unsubscription requests.".to_string();
                }
                list.iter().map(|r| request_text(r, out.zone())).collect::<Vec<_>>().join("\n")
            })?;
        }
        UnsubscribeCommand::Review { request, approve, reject: _, comment, record, operation } => {
            let records = uploads(&record, "records")?;
            let order = unsubscribe::order_of(store.conn(), request)?;
            let action = Action::ReviewUnsubscription { request_id: request, approve, comment, records };
            apply(store, order, operation, action, out)?
        }
    }
    Ok(())
}

/// The R-UNS-2 breakdown: each line with its arithmetic, then the refund.
fn standard_text(r: &standard::StandardRefund, zone: Zone) -> String {
    let mut lines = vec![format!(
        "Order {}: {}, {} term from {} to {}{}",
        r.order_id,
        r.product_name,
        r.term,
        zone.at(&r.term_begins),
        zone.at(&r.term_ends),
        if r.unsubscribed {
            format!(", unsubscribed at {}", zone.at(&r.at))
        } else {
            format!(", at {}", zone.at(&r.at))
        }
    )];
    for line in &r.lines {
        lines.push(format!("  {:>12}  {}: {}", line.amount, line.label, zone.words(&line.arithmetic)));
    }
    lines.push(format!(
        "  {:>12}  Refund{}",
        r.refund,
        if r.reference_only { " (settled with your reseller)" } else { "" }
    ));
    lines.push(if r.unsubscribed {
        format!("Unsubscribed: {} ECS instance(s) and the image deleted.", r.instances)
    } else {
        format!(
            "Unsubscribing deletes {} ECS instance(s) and the image at once: kg unsubscribe request {} --expect {}",
            r.instances, r.order_id, r.refund
        )
    });
    lines.join("\n")
}

fn unsubscribable_text(u: &Unsubscribable, zone: Zone) -> String {
    let rule = match (u.rule, u.possible) {
        (UnsubscribeRule::Negotiated, true) => format!("negotiated refund of up to {}", u.max_amount),
        (UnsubscribeRule::Negotiated, false) => "negotiated, not now".to_string(),
        (UnsubscribeRule::Standard, _) => "standard rules".to_string(),
        (UnsubscribeRule::NotSupported, _) => "not supported".to_string(),
    };
    let reference = if u.reference_only { " (settled with the reseller)" } else { "" };
    let mut lines = vec![
        format!(
            "Order {}: {} ({}), {}: {rule}{reference}",
            u.order_id,
            u.product_name,
            u.delivery.label(),
            u.order_status
        ),
        format!("  {}", zone.words(&u.note)),
    ];
    lines.extend(
        u.requests.iter().map(|r| format!("  Request {}: {}, {} asked: {}", r.id, status(r), r.amount, r.reason)),
    );
    lines.join("\n")
}

fn request_text(r: &UnsubscriptionRequest, zone: Zone) -> String {
    let mut lines = vec![
        format!(
            "Request {} on order {}: {}, {} of {} paid, asked at {}",
            r.id,
            r.order_id,
            status(r),
            r.amount,
            r.paid,
            zone.at(&r.requested_at)
        ),
        format!("  {} · {}", truncate(&r.product_name, NAME_WIDTH), r.buyer_name),
        format!("  Reason: {}", r.reason),
    ];
    if let Some(contact) = &r.contact {
        lines.push(format!("  Contact: {} · {}", contact.email, contact.mobile));
    }
    if let (Some(comment), Some(at)) = (&r.review_comment, &r.reviewed_at) {
        lines.push(format!("  Review at {}: {comment}", zone.at(at)));
    }
    if !r.records.is_empty() {
        lines.push(format!("  Records: {}", files_text(&r.records)));
    }
    match (&r.refunded_at, &r.refund_due_at) {
        (Some(at), _) => lines.push(format!("  Refunded at {}", zone.at(at))),
        (None, Some(at)) => lines.push(format!("  Refund due at {}", zone.at(at))),
        _ => {}
    }
    lines.join("\n")
}

//! The operations manager answers an open ticket; the buyer is told in the same transaction
//! (R-AFT-4).

use chrono::SecondsFormat;
use rusqlite::params;

use super::{load, Ticket, TicketStatus};
use crate::clock::Clock;
use crate::messages::{self, Recipient};
use crate::requirements::submit::length;
use crate::roles::{self, Role};
use crate::{CoreError, Result, Store};

/// Answers open ticket `id` with `reply`, at the store's time.
pub fn answer(store: &mut Store, clock: &dyn Clock, id: u32, reply: &str) -> Result<Ticket> {
    let reply = length("the reply", reply, 2, 4000)?;
    let now = store.clock(clock)?.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    store.write(|tx| {
        roles::require(tx, Role::OperationsManager, "answer service tickets")?;
        let ticket = load(tx, id)?;
        if ticket.status != TicketStatus::Open {
            return Err(CoreError::Conflict(format!(
                "ticket {id} is {}: only an open ticket can be answered",
                ticket.status.as_str()
            )));
        }
        tx.prepare_cached("UPDATE tickets SET status = 'answered', reply = ?2, answered_at = ?3 WHERE id = ?1")?
            .execute(params![id, reply, now])?;
        messages::send(
            tx,
            &Recipient::buyer(&ticket.account_id),
            "ticket_answered",
            ticket.order_id,
            &format!("Service ticket {id} answered"),
            &format!(
                "The marketplace answered your ticket ({}): {}. Close it from Billing Center > Tickets once it is settled.",
                ticket.category.label(),
                crate::tickets::list::excerpt(&reply, 160)
            ),
            &now,
        )?;
        load(tx, id)
    })
}

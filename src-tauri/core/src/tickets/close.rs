//! The buyer closes its ticket, answered or not.

use chrono::SecondsFormat;
use rusqlite::params;

use super::{load, Ticket, TicketStatus};
use crate::clock::Clock;
use crate::{accounts, roles, CoreError, Result, Store};

/// Closes ticket `id` of the current account, at the store's time.
pub fn close(store: &mut Store, clock: &dyn Clock, id: u32) -> Result<Ticket> {
    let now = store.clock(clock)?.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    store.write(|tx| {
        roles::require_buyer(tx, "close a service ticket")?;
        let ticket = load(tx, id)?;
        if ticket.account_id != accounts::current(tx)? {
            return Err(CoreError::not_found(format!("ticket {id}")));
        }
        if ticket.status == TicketStatus::Closed {
            return Err(CoreError::Conflict(format!("ticket {id} is already closed")));
        }
        tx.prepare_cached("UPDATE tickets SET status = 'closed', closed_at = ?2 WHERE id = ?1")?
            .execute(params![id, now])?;
        load(tx, id)
    })
}

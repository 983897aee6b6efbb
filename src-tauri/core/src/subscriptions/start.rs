//! A subscription begins where its term does: at payment for most purchases, at acceptance or
//! the seller's enabling time for a supervised product (R-REN-4). Its term ends by R-MT-4 in the
//! buyer's time zone, and its whole life is planned at once as the scheduler's timers.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::{life, load};
use crate::catalog::model::{BillingMode, BillingPeriod};
use crate::timers::{self, TimerKind};
use crate::{clock, Result};

/// Starts the subscription of paid order `order_id` with its term from `term_start`, planned at
/// `at`; nothing for an order that is not yearly/monthly.
pub(crate) fn start(
    tx: &Connection,
    order_id: u32,
    term_start: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<Option<u32>> {
    let (account, billing, period, duration, zone): (String, BillingMode, BillingPeriod, u32, String) = tx
        .prepare_cached(
            "SELECT o.account_id, o.billing, o.period, o.duration, a.time_zone FROM orders o
             JOIN accounts a ON a.id = o.account_id WHERE o.id = ?1",
        )?
        .query_row([order_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
    if billing != BillingMode::YearlyMonthly || period == BillingPeriod::Hour {
        return Ok(None);
    }
    let months = if period == BillingPeriod::Year { duration * 12 } else { duration };
    let expires = clock::term_end(term_start, &zone, months);
    tx.prepare_cached(
        "INSERT INTO subscriptions (order_id, account_id, period, term_start, expires_at, state, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'active', ?6, ?6)",
    )?
    .execute(params![order_id, account, period, timers::text(term_start), timers::text(expires), timers::text(at)])?;
    let id = tx.last_insert_rowid() as u32;
    life::plan(tx, &load(tx, id)?, at)?;
    Ok(Some(id))
}

/// The subscription of a cancelled order ends with it: nothing more will happen to it. One
/// already released (an appeal settled after its life ended) stays released: that is what
/// became of it.
pub(crate) fn cancel_with_order(tx: &Connection, order_id: u32, at: &str) -> Result<()> {
    if let Some(id) = super::of_order(tx, order_id)? {
        tx.prepare_cached(
            "UPDATE subscriptions SET state = 'cancelled', auto_renew = 0, updated_at = ?2
             WHERE id = ?1 AND state <> 'released'",
        )?
        .execute(params![id, at])?;
        for kind in TimerKind::SUBSCRIPTION {
            timers::cancel(tx, kind, id)?;
        }
    }
    Ok(())
}

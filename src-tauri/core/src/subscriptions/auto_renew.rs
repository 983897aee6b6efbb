//! Automatic renewal (R-REN-3, R-REN-5): switched on, changed (a month or a year at a time, a
//! date for the next charge) or off from Billing Center > Renewals. It charges at 03:00 in the
//! buyer's time zone seven days before expiry, or on the date set; a failed charge is tried
//! again at 03:00 each day until the subscription is released, and the buyer is told each time.
//! Switched on when its charge time has passed, it charges at once.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Connection};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::renew;
use super::{life, load, Row, SubscriptionState};
use crate::catalog::model::BillingPeriod;
use crate::messages::{self, Recipient};
use crate::money::format_amount;
use crate::orders::Services;
use crate::timers::{self, TimerKind};
use crate::{accounts, clock, roles, CoreError, Result, Store};

/// The buyer's choice for a subscription's automatic renewal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct AutoRenewChoice {
    pub enabled: bool,
    /// What each renewal adds: a month or a year; the subscription's own period when left out.
    #[serde(default)]
    pub period: Option<BillingPeriod>,
    /// The date of the next charge (YYYY-MM-DD, the buyer's time zone), between today and the
    /// expiry; seven days before expiry when left out.
    #[serde(default)]
    pub date: Option<String>,
}

/// Switches automatic renewal of subscription `id` on, changes it, or off, for the current
/// buyer at the store's time. Switched on past its charge time, it charges at once.
pub fn set_auto_renew(store: &mut Store, services: &Services<'_>, id: u32, choice: &AutoRenewChoice) -> Result<()> {
    let now = store.clock(services.clock)?.now;
    store.write(|tx| {
        roles::require_buyer(tx, "change automatic renewal")?;
        let row = load(tx, id)?;
        if row.account_id != accounts::current(tx)? {
            return Err(CoreError::not_found(format!("subscription {id} of this account")));
        }
        if !row.state.renewable() {
            return Err(CoreError::Conflict(format!(
                "{} was {}: it renews no more",
                row.product_name,
                row.state.as_str()
            )));
        }
        let period = match choice.period {
            None => row.period,
            Some(p @ (BillingPeriod::Month | BillingPeriod::Year)) => p,
            Some(BillingPeriod::Hour) => return Err(CoreError::invalid("period: renew by the month or by the year")),
        };
        let date = match choice.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => None,
            Some(text) => {
                let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                    CoreError::invalid(format!("renewal date: {text:?} is not a date; write it like 2026-03-01"))
                })?;
                let (today, expiry) = (clock::local_date(now, &row.zone), clock::local_date(row.expires_at, &row.zone));
                if date < today || (row.state == SubscriptionState::Active && date > expiry) {
                    return Err(CoreError::invalid(format!(
                        "renewal date: choose a date from {today} to the expiry, {expiry}"
                    )));
                }
                Some(date.to_string())
            }
        };
        tx.prepare_cached(
            "UPDATE subscriptions SET auto_renew = ?2, auto_renew_period = ?3, auto_renew_date = ?4, updated_at = ?5
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            choice.enabled,
            choice.enabled.then_some(period),
            date.filter(|_| choice.enabled),
            timers::text(now)
        ])?;
        let row = load(tx, id)?;
        life::plan(tx, &row, now)?;
        if row.auto_renew && life::auto_renew_at(&row, now) <= now {
            // Switched on past its charge time: the charge is now (R-REN-5).
            let key = key_at_once(tx, &row, now)?;
            attempt(tx, &renew::RenewWith::new(services.payments), &row, now, &key)?;
        }
        Ok(())
    })
}

/// The key of the attempt the scheduler makes at `at`: one attempt per term and time. A renewal
/// from the original expiry during retention can leave the new expiry within the seven days,
/// which charges again at the same instant, for the new term.
pub(crate) fn attempt_key(row: &Row, at: DateTime<Utc>) -> String {
    format!("auto-{}-{}", timers::text(row.expires_at), timers::text(at))
}

/// The key of an attempt made at once, when switched on: the scheduler's for the same term and
/// time, or the next after it when a charge was already declined at this very instant (the
/// scheduler's at 03:00, or a first switch), the buyer having topped up since. Each attempt is
/// then its own record, and a paid one is never refused as a repeat of a declined one.
fn key_at_once(tx: &Connection, row: &Row, at: DateTime<Utc>) -> Result<String> {
    let key = attempt_key(row, at);
    let tried: u32 = tx
        .prepare_cached(
            "SELECT count(*) FROM renewals
             WHERE subscription_id = ?1 AND substr(idempotency_key, 1, length(?2)) = ?2",
        )?
        .query_row(params![row.id, key], |r| r.get(0))?;
    Ok(if tried == 0 { key } else { format!("{key}-{}", tried + 1) })
}

/// One attempt of the automatic renewal of `row` at `at` (its 03:00, or the moment it is
/// switched on late), under `key`: renewed, or told it failed and tried again at 03:00 the next
/// day while the subscription lasts.
pub(crate) fn attempt(
    tx: &Connection,
    with: &renew::RenewWith<'_>,
    row: &Row,
    at: DateTime<Utc>,
    key: &str,
) -> Result<(String, Option<String>)> {
    let name = &row.product_name;
    if !row.auto_renew || !row.state.renewable() {
        return Ok((format!("{name}: automatic renewal is off"), None));
    }
    let period = row.auto_renew_period.unwrap_or(row.period);
    match renew::renew_in(tx, with, row, "auto", period, 1, key, at)? {
        Ok(renewal) => {
            let said = format!("{name}: renewed automatically for 1 {}, {}", period.as_str(), renewal.amount);
            // Renewed from the original expiry late in retention (R-REN-2), the new term's own
            // charge time may have passed already: it is charged at once, as when switched on
            // late (R-REN-5), until the term is seven days ahead. Here, in the same step: the
            // timer of this instant has fired and cannot be set for it again. (A term ending
            // more than nine days ahead is charged later, whatever its zone: compared as text,
            // as the store keeps them, the thousands of a scheduler's run cost nothing more.)
            let ahead = renewal.to_expiry > timers::text(at + Duration::days(9))
                || life::charge_time(clock::parse_instant(&renewal.to_expiry)?, &row.zone) > at;
            if ahead {
                return Ok((said, Some(renewal.amount)));
            }
            let renewed = load(tx, row.id)?;
            let (again, more) = attempt(tx, with, &renewed, at, &attempt_key(&renewed, at))?;
            let total = match more {
                Some(more) => {
                    renewal.amount.parse::<Decimal>().ok().zip(more.parse::<Decimal>().ok()).map(|(a, b)| a + b)
                }
                None => renewal.amount.parse().ok(),
            };
            Ok((format!("{said}; then {again}"), total.map(format_amount)))
        }
        Err(renew::Declined { why: declined, amount }) => {
            renew::record_failure(tx, row, period, key, amount, &declined, &timers::text(at))?;
            let next = clock::hour_on_day(at, &row.zone, 1, life::AUTO_RENEW_HOUR);
            let retry = next < life::release_at(row);
            // Switched on late, the attempt was planned as a timer at this instant too: it is
            // this attempt, and must not fire again.
            if retry {
                timers::schedule(tx, TimerKind::AutoRenewal, row.id, next)?;
            } else {
                timers::cancel(tx, TimerKind::AutoRenewal, row.id)?;
            }
            let then = if retry { "It is tried again tomorrow at 03:00." } else { "It will not be tried again." };
            let body = format!(
                "The automatic renewal of {name} for {} could not be charged: {declined}. {then}",
                format_amount(amount)
            );
            messages::send(
                tx,
                &Recipient::buyer(&row.account_id),
                "auto_renewal_failed",
                Some(row.order_id),
                &format!("{name}: automatic renewal failed"),
                &body,
                &timers::text(at),
            )?;
            Ok((format!("{name}: automatic renewal declined ({})", declined.code().as_str()), None))
        }
    }
}

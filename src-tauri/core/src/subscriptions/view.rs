//! Billing Center > Renewals: the buyer's subscriptions with their expiry, state, days left and
//! automatic renewal; one subscription with its renewals and its timeline: what will happen on
//! which date, from the plan that sets the scheduler's timers (`life::steps`).

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::renew::{self, Renewal};
use super::{life, load, Row, SubscriptionState, ROW_SELECT};
use crate::catalog::model::{BillingPeriod, DeliveryMethod};
use crate::timers::{self, TimerKind};
use crate::{accounts, CoreError, Result};

/// A subscription as Renewals lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Subscription {
    pub id: u32,
    pub order_id: u32,
    pub product_id: String,
    pub product_name: String,
    pub delivery: DeliveryMethod,
    pub edition: String,
    /// The edition as the catalog names it; its code when the catalog no longer has it.
    pub edition_name: String,
    pub users: Option<u32>,
    pub period: BillingPeriod,
    pub term_start: String,
    pub expires_at: String,
    pub state: SubscriptionState,
    /// Days from today to the expiry date in the buyer's time zone; negative once expired.
    pub days_left: i32,
    pub auto_renew: bool,
    pub auto_renew_period: Option<BillingPeriod>,
    pub auto_renew_date: Option<String>,
    /// When the next automatic renewal is charged, while it is on.
    pub next_auto_renewal: Option<String>,
    /// When the grace period ends and when the resource is released.
    pub grace_ends_at: String,
    pub released_at: String,
}

/// A date in a subscription's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TimelineEvent {
    pub at: String,
    /// The timer's kind: `expiry_notice`, `expiry`, `grace_end`, `release_notice`, `release`,
    /// `auto_renewal`.
    pub kind: String,
    pub rule: String,
    pub what: String,
}

/// One subscription's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SubscriptionDetail {
    pub subscription: Subscription,
    pub timeline: Vec<TimelineEvent>,
    pub renewals: Vec<Renewal>,
}

pub(crate) fn view(conn: &rusqlite::Connection, row: &Row, now: DateTime<Utc>) -> Result<Subscription> {
    let edition_name: Option<String> = conn
        .prepare_cached(
            "SELECT e.name FROM editions e JOIN products p ON p.pk = e.product_pk WHERE p.id = ?1 AND e.code = ?2",
        )?
        .query_row([&row.product_id, &row.edition], |r| r.get(0))
        .optional()?;
    // The charge as the scheduler holds it: after a failure, the next day's 03:00; none once the
    // tries have run out before the release.
    let next = if row.auto_renew && row.state.renewable() {
        timers::pending_of(conn, &[TimerKind::AutoRenewal], row.id)?.first().map(|t| timers::text(t.due_at))
    } else {
        None
    };
    Ok(Subscription {
        id: row.id,
        order_id: row.order_id,
        product_id: row.product_id.clone(),
        product_name: row.product_name.clone(),
        delivery: row.delivery,
        edition: row.edition.clone(),
        edition_name: edition_name.unwrap_or_else(|| row.edition.clone()),
        users: row.users,
        period: row.period,
        term_start: timers::text(row.term_start),
        expires_at: timers::text(row.expires_at),
        state: row.state,
        days_left: super::renewals::days_left(row, now) as i32,
        auto_renew: row.auto_renew,
        auto_renew_period: row.auto_renew_period,
        auto_renew_date: row.auto_renew_date.clone(),
        next_auto_renewal: next,
        grace_ends_at: timers::text(life::grace_end(row)),
        released_at: timers::text(life::release_at(row)),
    })
}

/// Every subscription of the current buyer, the soonest to expire first: what a page looks one
/// up in by its order. Renewals reads them by tab and a page at a time ([`super::renewals`]).
pub fn list(conn: &rusqlite::Connection, now: DateTime<Utc>) -> Result<Vec<Subscription>> {
    let account = accounts::current(conn)?;
    let rows = conn
        .prepare_cached(&format!("{ROW_SELECT} WHERE s.account_id = ?1 ORDER BY s.state = 'released' OR s.state = 'cancelled', s.expires_at, s.id"))?
        .query_map([account], super::read_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|row| view(conn, &super::finish_row(row)?, now)).collect()
}

/// The most orders [`of_orders`] looks up at once: more than any buyer's ECS Console lists.
pub const OF_ORDERS_LIMIT: usize = 10_000;

/// The current buyer's subscriptions bought by `orders`, in the order of [`list`]: what Resource
/// Details and the ECS Console look up, built for those orders alone however many the buyer
/// holds. An order without a subscription, or another buyer's, is not in the answer.
pub fn of_orders(conn: &rusqlite::Connection, now: DateTime<Utc>, orders: &[u32]) -> Result<Vec<Subscription>> {
    if orders.len() > OF_ORDERS_LIMIT {
        return Err(CoreError::invalid(format!(
            "{} orders were given: a lookup takes at most {OF_ORDERS_LIMIT}",
            orders.len()
        )));
    }
    let account = accounts::current(conn)?;
    let orders = serde_json::to_string(orders).map_err(|e| CoreError::Internal(e.to_string()))?;
    let rows = conn
        .prepare_cached(&format!(
            "{ROW_SELECT} WHERE s.account_id = ?1 AND s.order_id IN (SELECT value FROM json_each(?2))
             ORDER BY s.state = 'released' OR s.state = 'cancelled', s.expires_at, s.id"
        ))?
        .query_map(rusqlite::params![account, orders], super::read_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|row| view(conn, &super::finish_row(row)?, now)).collect()
}

fn what(kind: TimerKind, row: &Row) -> String {
    match kind {
        TimerKind::ExpiryNotice => "You are told it expires soon".to_string(),
        TimerKind::Expiry => "Expires: 15 days of grace begin, still usable".to_string(),
        TimerKind::GraceEnd => "Grace ends: frozen for 15 days, data kept".to_string(),
        TimerKind::ReleaseNotice => "You are told it is released tomorrow".to_string(),
        TimerKind::Release => "Released: its resources are deleted".to_string(),
        TimerKind::AutoRenewal => format!(
            "Automatic renewal for 1 {} is charged (tried again at 03:00 each day if it fails)",
            row.auto_renew_period.unwrap_or(row.period).as_str()
        ),
        _ => kind.as_str().to_string(),
    }
}

/// Subscription `id` of the current buyer, with its timeline and renewals.
pub fn show(conn: &rusqlite::Connection, id: u32, now: DateTime<Utc>) -> Result<SubscriptionDetail> {
    let row = load(conn, id)?;
    if row.account_id != accounts::current(conn)? {
        return Err(CoreError::not_found(format!("subscription {id} of this account")));
    }
    // The steps its timers will fire, from the code that sets them, and the automatic renewal
    // as its timer stands (a failed charge has moved it to tomorrow's retry).
    let mut planned = life::steps(&row, now);
    planned.extend(timers::pending_of(conn, &[TimerKind::AutoRenewal], id)?.into_iter().map(|t| (t.kind, t.due_at)));
    planned.sort_by_key(|(_, at)| *at);
    let timeline = planned
        .into_iter()
        .map(|(kind, at)| TimelineEvent {
            at: timers::text(at),
            kind: kind.as_str().to_string(),
            rule: kind.rule().to_string(),
            what: what(kind, &row),
        })
        .collect();
    Ok(SubscriptionDetail { subscription: view(conn, &row, now)?, timeline, renewals: renew::of(conn, id)? })
}

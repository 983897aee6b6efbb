//! Subscriptions (R-REN, R-UP, R-MT): every yearly/monthly purchase over its whole life, from
//! its term to its release.
//!
//! - `start`: the subscription of a purchase, made where the term begins: at payment, or for a
//!   supervised product at acceptance or the seller's enabling time (R-REN-4);
//! - `life`: what happens on which date (notices, expiry, grace, retention, release, automatic
//!   renewal), planned once as the scheduler's timers and read back as the timeline, and what
//!   each does when it fires;
//! - `renew`: a renewal by hand, from the old expiry (R-REN-2, R-REN-5); `auto_renew`: switching
//!   automatic renewal on, changing it, or off, and its attempts at 03:00 (R-REN-3, R-REN-5);
//! - `view`: a subscription as Billing Center shows it, one with its timeline; `renewals`:
//!   Renewals' tabs, search and pages;
//! - `upgrade`: Upgrade Specification's fee, explained line by line (R-UP-1 to R-UP-4);
//! - `unsubscribe`: standard unsubscription of a yearly/monthly image, its refund line by line (R-UNS-2).

pub(crate) mod auto_renew;
pub(crate) mod life;
pub mod renew;
pub mod renewals;
pub mod start;
pub mod unsubscribe;
pub mod upgrade;
pub mod view;

pub use auto_renew::{set_auto_renew, AutoRenewChoice};
pub use renew::Renewal;
pub use renew::{quote_renewal, renew, RenewRequest, RenewalQuote};
pub use renewals::{renewals, RenewalsPage, RenewalsQuery, RenewalsTab, TabCount};
pub use view::{list, of_orders, show, Subscription, SubscriptionDetail, TimelineEvent, OF_ORDERS_LIMIT};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::catalog::model::{BillingPeriod, DeliveryMethod};
use crate::{CoreError, Result};

/// How long a subscription stays usable after it expires, then frozen before it is released
/// (R-REN-1).
pub const GRACE_DAYS: i64 = 15;
pub const RETENTION_DAYS: i64 = 15;

/// Where a subscription is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionState {
    Active,
    /// Expired, still usable for 15 days.
    Grace,
    /// Frozen for 15 days, its data kept.
    Retention,
    /// Its resources deleted.
    Released,
    /// The order was cancelled (unsubscribed, refunded on appeal).
    Cancelled,
}

impl SubscriptionState {
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionState::Active => "active",
            SubscriptionState::Grace => "grace",
            SubscriptionState::Retention => "retention",
            SubscriptionState::Released => "released",
            SubscriptionState::Cancelled => "cancelled",
        }
    }

    fn parse(text: &str) -> rusqlite::Result<SubscriptionState> {
        [
            SubscriptionState::Active,
            SubscriptionState::Grace,
            SubscriptionState::Retention,
            SubscriptionState::Released,
            SubscriptionState::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| {
            rusqlite::Error::InvalidColumnType(0, format!("subscription state {text}"), rusqlite::types::Type::Text)
        })
    }

    /// Whether it can still be renewed: until it is released (R-REN-2).
    pub fn renewable(self) -> bool {
        matches!(self, SubscriptionState::Active | SubscriptionState::Grace | SubscriptionState::Retention)
    }
}

/// A subscription with what its rules need of its order.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub id: u32,
    pub order_id: u32,
    pub account_id: String,
    pub zone: String,
    pub product_id: String,
    pub product_name: String,
    pub delivery: DeliveryMethod,
    pub edition: String,
    pub users: Option<u32>,
    pub period: BillingPeriod,
    pub term_start: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub state: SubscriptionState,
    pub auto_renew: bool,
    pub auto_renew_period: Option<BillingPeriod>,
    pub auto_renew_date: Option<String>,
    pub payment: crate::charging::Payment,
    /// Who sells it: whom its renewals pay.
    pub seller_id: String,
}

pub(crate) fn instant(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| CoreError::Internal(format!("a stored time {text:?} is unreadable: {e}")))
}

pub(crate) const ROW_SELECT: &str = "SELECT s.id, s.order_id, s.account_id, a.time_zone, o.product_id,
        o.product_name, o.delivery, coalesce(s.edition, o.edition), coalesce(s.users, o.users), s.period, s.term_start, s.expires_at, s.state, s.auto_renew,
        s.auto_renew_period, s.auto_renew_date, o.payment_method, o.card_id, o.seller_id
     FROM subscriptions s JOIN orders o ON o.id = s.order_id JOIN accounts a ON a.id = s.account_id";

pub(crate) fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Row, String, String)> {
    let state: String = r.get(12)?;
    Ok((
        Row {
            id: r.get(0)?,
            order_id: r.get(1)?,
            account_id: r.get(2)?,
            zone: r.get(3)?,
            product_id: r.get(4)?,
            product_name: r.get(5)?,
            delivery: r.get(6)?,
            edition: r.get(7)?,
            users: r.get(8)?,
            period: r.get(9)?,
            term_start: DateTime::<Utc>::MIN_UTC,
            expires_at: DateTime::<Utc>::MIN_UTC,
            state: SubscriptionState::parse(&state)?,
            auto_renew: r.get(13)?,
            auto_renew_period: r.get(14)?,
            auto_renew_date: r.get(15)?,
            payment: crate::charging::Payment::read(&r.get::<_, String>(16)?, r.get(17)?)?,
            seller_id: r.get(18)?,
        },
        r.get(10)?,
        r.get(11)?,
    ))
}

pub(crate) fn finish_row((mut row, start, expires): (Row, String, String)) -> Result<Row> {
    row.term_start = instant(&start)?;
    row.expires_at = instant(&expires)?;
    Ok(row)
}

/// Subscription `id`.
pub(crate) fn load(conn: &Connection, id: u32) -> Result<Row> {
    let row = conn.prepare_cached(&format!("{ROW_SELECT} WHERE s.id = ?1"))?.query_row([id], read_row).optional()?;
    row.map(finish_row).transpose()?.ok_or_else(|| CoreError::not_found(format!("subscription {id}")))
}

/// The subscription of order `order_id`, if it has one.
pub(crate) fn of_order(conn: &Connection, order_id: u32) -> Result<Option<u32>> {
    Ok(conn
        .prepare_cached("SELECT id FROM subscriptions WHERE order_id = ?1")?
        .query_row([order_id], |r| r.get(0))
        .optional()?)
}

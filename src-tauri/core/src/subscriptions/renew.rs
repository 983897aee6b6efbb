//! Renewal by hand (Billing Center > Renewals): 1 to 11 months or 1 to 5 years at the quoted
//! price, paid the way the order was, once per idempotency key. The new term starts at the old
//! expiry, whether the renewal is paid before it or during grace or retention (R-REN-2, R-REN-5):
//! expired 30 April and renewed on 18 May for a month, it expires on 31 May. A renewal makes no
//! new service flow (R-SUP-7).

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{life, load, Row};
use crate::catalog::model::{BillingMode, BillingPeriod};
use crate::catalog::pricing::{quote, QuoteRequest};
use crate::charging::{self, check_key, Charged, Payment};
use crate::messages::{self, Recipient};
use crate::money::{format_amount, from_cents, to_cents};
use crate::orders::Services;
use crate::payments::PaymentProvider;
use crate::timers;
use crate::{accounts, clock, ledger, roles, CoreError, Result, Store};

/// A renewal the buyer asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct RenewRequest {
    pub subscription_id: u32,
    /// `month` (1 to 11) or `year` (1 to 5).
    pub period: BillingPeriod,
    pub duration: u32,
    /// One per renewal submitted: the same key never pays twice.
    pub idempotency_key: String,
}

/// A renewal as its subscription lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Renewal {
    pub id: u32,
    /// `manual` or `auto`.
    pub kind: String,
    pub period: BillingPeriod,
    pub duration: u32,
    /// Two decimals.
    pub amount: String,
    pub from_expiry: String,
    pub to_expiry: String,
    /// `paid`, `reference_only` (a reseller customer's) or `failed`.
    pub status: String,
    pub failure: Option<String>,
    pub at: String,
}

/// What a renewal would cost and the expiry it would give, before the buyer pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RenewalQuote {
    pub subscription_id: u32,
    pub period: BillingPeriod,
    pub duration: u32,
    /// Two decimals, by the catalog's quote of the subscription's specification.
    pub amount: String,
    pub from_expiry: String,
    pub to_expiry: String,
}

/// The price and new expiry of renewing subscription `id` of the current buyer.
pub fn quote_renewal(conn: &Connection, id: u32, period: BillingPeriod, duration: u32) -> Result<RenewalQuote> {
    let row = load(conn, id)?;
    if row.account_id != accounts::current(conn)? {
        return Err(CoreError::not_found(format!("subscription {id} of this account")));
    }
    if !row.state.renewable() {
        return Err(CoreError::Conflict(format!(
            "{} was {} and can no longer be renewed",
            row.product_name,
            row.state.as_str()
        )));
    }
    let months = months(period, duration)?;
    let amount = price(conn, &row, period, duration)?;
    let to = new_expiry(&row, months)?;
    Ok(RenewalQuote {
        subscription_id: id,
        period,
        duration,
        amount: format_amount(amount),
        from_expiry: timers::text(row.expires_at),
        to_expiry: timers::text(to),
    })
}

/// Where `months` more take `row`'s term (R-REN-2: from the old expiry). A term whose grace and
/// retention would end after [`clock::last_storable`] is refused: the store could not keep
/// their dates.
fn new_expiry(row: &Row, months: u32) -> Result<DateTime<Utc>> {
    let to = clock::term_end(row.expires_at, &row.zone, months);
    let after = Duration::days(super::GRACE_DAYS + super::RETENTION_DAYS + 1);
    if to + after > clock::last_storable() {
        return Err(CoreError::invalid(format!(
            "duration: the term would end on {}, and a term must end by 30 November 9999",
            clock::local_date(to, &row.zone)
        )));
    }
    Ok(to)
}

pub(crate) fn months(period: BillingPeriod, duration: u32) -> Result<u32> {
    match period {
        BillingPeriod::Month if (1..=11).contains(&duration) => Ok(duration),
        BillingPeriod::Year if (1..=5).contains(&duration) => Ok(duration * 12),
        BillingPeriod::Month => Err(CoreError::invalid("duration: renew for 1 to 11 months, or by the year")),
        BillingPeriod::Year => Err(CoreError::invalid("duration: renew for 1 to 5 years")),
        BillingPeriod::Hour => Err(CoreError::invalid("period: renew by the month or by the year")),
    }
}

/// What `duration` periods of `row`'s specification cost now, by the catalog's quote.
pub(crate) fn price(conn: &Connection, row: &Row, period: BillingPeriod, duration: u32) -> Result<Decimal> {
    priced(conn, row, &renewal_request(row, period, duration))
}

fn renewal_request(row: &Row, period: BillingPeriod, duration: u32) -> QuoteRequest {
    QuoteRequest {
        product_id: row.product_id.clone(),
        edition: row.edition.clone(),
        billing: BillingMode::YearlyMonthly,
        period,
        duration,
        users: row.users,
        quantity: None,
    }
}

fn priced(conn: &Connection, row: &Row, request: &QuoteRequest) -> Result<Decimal> {
    let priced = quote(conn, request).map_err(|e| match e.code() {
        crate::ErrorCode::NotFound => CoreError::invalid(format!(
            "{} is no longer sold by the {}; it cannot be renewed",
            row.product_name,
            request.period.as_str()
        )),
        _ => e,
    })?;
    priced.total.parse().map_err(|_| CoreError::Internal(format!("a quote total {:?} is unreadable", priced.total)))
}

pub(crate) fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Renewal> {
    Ok(Renewal {
        id: r.get(0)?,
        kind: r.get(1)?,
        period: r.get(2)?,
        duration: r.get(3)?,
        amount: format_amount(from_cents(r.get(4)?)),
        from_expiry: r.get(5)?,
        to_expiry: r.get(6)?,
        status: r.get(7)?,
        failure: r.get(8)?,
        at: r.get(9)?,
    })
}

pub(crate) const SELECT: &str =
    "SELECT id, kind, period, duration, amount_cents, from_expiry, to_expiry, status, failure, at FROM renewals";

/// Renews for the current buyer at the store's time; the same key again answers with the
/// first renewal and pays nothing more.
pub fn renew(store: &mut Store, services: &Services<'_>, request: &RenewRequest) -> Result<Renewal> {
    check_key(&request.idempotency_key)?;
    let now = store.clock(services.clock)?.now;
    store.write(|tx| {
        roles::require_buyer(tx, "renew a subscription")?;
        let row = load(tx, request.subscription_id)?;
        if row.account_id != accounts::current(tx)? {
            return Err(CoreError::not_found(format!("subscription {} of this account", row.id)));
        }
        let earlier = tx
            .prepare_cached(&format!("{SELECT} WHERE subscription_id = ?1 AND idempotency_key = ?2"))?
            .query_row(params![row.id, request.idempotency_key], read)
            .optional()?;
        if let Some(earlier) = earlier {
            if earlier.period != request.period || earlier.duration != request.duration {
                return Err(CoreError::Conflict(format!(
                    "idempotency key: {:?} was already used for another renewal; a new renewal needs a new key",
                    request.idempotency_key
                )));
            }
            return Ok(earlier);
        }
        // A manual renewal the provider declines is refused: nothing is written.
        renew_in(
            tx,
            &RenewWith::new(services.payments),
            &row,
            "manual",
            request.period,
            request.duration,
            &request.idempotency_key,
            now,
        )?
        .map_err(|declined| declined.why)
    })
}

/// What renewals are charged with: the payment provider, and the price of each specification
/// worked out once. The scheduler makes one for a batch of timers, in which thousands of
/// automatic renewals price the same few specifications and nothing can change the catalog: a
/// price depends on the catalog and the quote's request alone, and a batch holds the store.
pub(crate) struct RenewWith<'a> {
    pub payments: &'a dyn PaymentProvider,
    prices: RefCell<HashMap<QuoteRequest, Decimal>>,
}

impl<'a> RenewWith<'a> {
    pub(crate) fn new(payments: &'a dyn PaymentProvider) -> Self {
        RenewWith { payments, prices: RefCell::default() }
    }

    /// What `duration` periods of `row`'s specification cost ([`price`]), once per request.
    fn price(&self, conn: &Connection, row: &Row, period: BillingPeriod, duration: u32) -> Result<Decimal> {
        let request = renewal_request(row, period, duration);
        if let Some(known) = self.prices.borrow().get(&request) {
            return Ok(*known);
        }
        let amount = priced(conn, row, &request)?;
        self.prices.borrow_mut().insert(request, amount);
        Ok(amount)
    }
}

/// A renewal the payment provider declined, with the amount it was asked for.
pub(crate) struct Declined {
    pub why: CoreError,
    pub amount: Decimal,
}

/// Renews `row` inside the caller's transaction. The outer error refuses the renewal (nothing
/// written); the inner one is a declined payment, which a manual renewal refuses and an
/// automatic one records.
#[allow(clippy::too_many_arguments)]
pub(crate) fn renew_in(
    tx: &Connection,
    with: &RenewWith<'_>,
    row: &Row,
    kind: &str,
    period: BillingPeriod,
    duration: u32,
    key: &str,
    at: DateTime<Utc>,
) -> Result<std::result::Result<Renewal, Declined>> {
    if !row.state.renewable() {
        return Err(CoreError::Conflict(format!(
            "{} was {} and can no longer be renewed; buy it again",
            row.product_name,
            row.state.as_str()
        )));
    }
    let months = months(period, duration)?;
    let amount = with.price(tx, row, period, duration)?;
    // R-REN-2, R-REN-5: from the old expiry, whenever it is paid.
    let to = match new_expiry(row, months) {
        Ok(to) => to,
        // Not charged: refused by hand, and for an automatic renewal a failure, told and tried
        // again like a declined charge, rather than an error that would stop the scheduler.
        Err(why) => return Ok(Err(Declined { why, amount })),
    };
    let at_text = timers::text(at);
    let reference = format!("renewal-{}-{key}", row.id);
    let recipients = [(ledger::seller_sales(&row.seller_id), amount)];
    let due = charging::Due {
        account: &row.account_id,
        payment: row.payment,
        amount,
        reference: &reference,
        memo: format!("Renewal of order {}: {}, {duration} {}", row.order_id, row.product_name, period.as_str()),
        order_id: Some(i64::from(row.order_id)),
        at: &at_text,
        recipients: &recipients,
    };
    let charged = match charging::charge(tx, with.payments, &due)? {
        Ok(charged) => charged,
        Err(why) => return Ok(Err(Declined { why, amount })),
    };
    let (status, transaction) = match (charged, row.payment) {
        (_, Payment::Reseller) => ("reference_only", None),
        (Charged::Posted(id), _) => ("paid", Some(id)),
        (Charged::Nothing, _) => ("paid", None),
    };
    tx.prepare_cached(
        "INSERT INTO renewals (subscription_id, kind, idempotency_key, period, duration, amount_cents, from_expiry,
                               to_expiry, status, transaction_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        row.id,
        kind,
        key,
        period,
        duration,
        to_cents(amount)?,
        timers::text(row.expires_at),
        timers::text(to),
        status,
        transaction,
        at_text
    ])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached(
        "UPDATE subscriptions SET expires_at = ?2, state = 'active', auto_renew_date = NULL, updated_at = ?3 WHERE id = ?1",
    )?
    .execute(params![row.id, timers::text(to), at_text])?;
    let renewed = Row { expires_at: to, state: super::SubscriptionState::Active, auto_renew_date: None, ..row.clone() };
    life::plan(tx, &renewed, at)?;
    let body = format!(
        "{} is renewed for {duration} {}{}: it now expires at the end of {}.",
        row.product_name,
        period.as_str(),
        if duration == 1 { "" } else { "s" },
        clock::local_date(to, &row.zone).format("%-d %B %Y")
    );
    messages::send(
        tx,
        &Recipient::buyer(&row.account_id),
        "renewed",
        Some(row.order_id),
        &format!("{} renewed", row.product_name),
        &body,
        &at_text,
    )?;
    Ok(Ok(Renewal {
        id: u32::try_from(id).map_err(|_| CoreError::Internal(format!("renewal id {id} out of range")))?,
        kind: kind.to_string(),
        period,
        duration,
        amount: format_amount(from_cents(to_cents(amount)?)),
        from_expiry: timers::text(row.expires_at),
        to_expiry: timers::text(to),
        status: status.to_string(),
        failure: None,
        at: at_text,
    }))
}

/// Records an automatic renewal the payment provider declined.
pub(crate) fn record_failure(
    tx: &Connection,
    row: &Row,
    period: BillingPeriod,
    key: &str,
    amount: Decimal,
    why: &CoreError,
    at: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO renewals (subscription_id, kind, idempotency_key, period, duration, amount_cents, from_expiry,
                               to_expiry, status, failure, at)
         VALUES (?1, 'auto', ?2, ?3, 1, ?4, ?5, ?5, 'failed', ?6, ?7)
         ON CONFLICT (subscription_id, idempotency_key) DO NOTHING",
    )?
    .execute(params![
        row.id,
        key,
        period,
        to_cents(amount)?,
        timers::text(row.expires_at),
        why.to_string(),
        at
    ])?;
    Ok(())
}

/// The renewals of subscription `id`, the newest first.
pub(crate) fn of(conn: &Connection, id: u32) -> Result<Vec<Renewal>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE subscription_id = ?1 ORDER BY id DESC"))?
        .query_map([id], read)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

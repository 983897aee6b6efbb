//! The refund of a standard unsubscription of a yearly/monthly image, line by line (R-UNS-2,
//! DOMAIN §8).
//!
//! refund = paid − consumed − handling fee, where consumed = paid × hours used ÷ hours in the
//! term. Both counts start at the beginning of the hour in which the term began, on the
//! buyer's clock (bought at 10:30: from 10:00; at 16:20 in Kolkata, from 16:00 there); the term
//! runs to the end of its last day (23:59:59 is the end of that day); the hours used are whole
//! hours, rounded down. The handling fee is a share of the paid
//! amount by the term's length: a monthly or one-year term 10%; a two-year term 15% within its
//! first year, 10% after; a three-year (or longer) term 15%, 10% within its second year, 5%
//! after. A negative result refunds nothing; a renewal whose period has not started yet is
//! refunded in full. The refund is rounded once, at the end (R-MT-1).
//!
//! When the subscription has been renewed, "the term" is the period the buyer is in now: the
//! original term, or the renewal whose period has begun (from the end of the day the previous
//! one expired), and "paid" is what was paid for that period. Earlier periods are used up;
//! later ones are refunded in full (`docs/decisions.md`, Standard unsubscription).
//!
//! Each line names the figures it used and the lines add up to the refund exactly.

use chrono::{DateTime, Duration, Months, Utc};
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::catalog::model::BillingPeriod;
use crate::clock;
use crate::money::{format_amount, from_cents, round_to_cent};
use crate::subscriptions::instant;
use crate::timers;
use crate::Result;

/// Whose refund it is: what the figures need to know of the order.
pub(super) struct Subject<'a> {
    pub subscription: u32,
    pub product_name: &'a str,
    /// A reseller customer's: the refund is settled with the reseller.
    pub reseller: bool,
}

/// One line of the refund: the lines add up to the refund exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StandardRefundLine {
    pub label: String,
    /// The arithmetic with the figures used, e.g. "29.00 × 100 h ÷ 733 h = 3.956344".
    pub arithmetic: String,
    /// A signed decimal with two places ("-3.96" is taken off).
    pub amount: String,
}

/// The refund of unsubscribing a yearly/monthly image by the standard rules (R-UNS-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StandardRefund {
    pub order_id: u32,
    pub product_name: String,
    /// The term the figures are for, e.g. "1 month", "2 years".
    pub term: String,
    /// Where its hours are counted from: the start of the hour in which it began (UTC).
    pub term_begins: String,
    /// The end of its last day (UTC).
    pub term_ends: String,
    pub hours_in_term: u32,
    pub hours_used: u32,
    /// What was paid for the term, two decimals.
    pub paid: String,
    /// paid × hours used ÷ hours in the term, rounded to the cent for showing.
    pub consumed: String,
    /// The handling fee's share, e.g. "15%".
    pub fee_rate: String,
    pub fee: String,
    /// Renewals whose periods have not started: refunded in full.
    pub not_started: String,
    /// What is refunded: never negative, rounded once.
    pub refund: String,
    pub lines: Vec<StandardRefundLine>,
    /// The time the figures are for: now for a quote, the unsubscription's time after it.
    pub at: String,
    /// A reseller customer's: the refund is settled with the reseller, nothing moves here.
    pub reference_only: bool,
    /// Whether the order has been unsubscribed (these are then the figures it was refunded).
    pub unsubscribed: bool,
    /// The ECS instances released with it (after), or that would be (a quote).
    pub instances: u32,
}

/// One period paid for: the original term or a renewal.
struct Period {
    what: String,
    begins: DateTime<Utc>,
    ends: DateTime<Utc>,
    period: BillingPeriod,
    duration: u32,
    paid: Decimal,
}

fn periods(conn: &Connection, order_id: u32, subscription: u32) -> Result<Vec<Period>> {
    type Term = (BillingPeriod, u32, i64, String, String, String);
    let (period, duration, cents, start, expires, zone): Term = conn
        .prepare_cached(
            "SELECT o.period, o.duration, o.amount_cents, s.term_start, s.expires_at, a.time_zone
             FROM orders o JOIN subscriptions s ON s.order_id = o.id JOIN accounts a ON a.id = s.account_id
             WHERE s.id = ?1",
        )?
        .query_row([subscription], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?;
    let renewals = conn
        .prepare_cached(
            "SELECT id, period, duration, amount_cents, from_expiry, to_expiry FROM renewals
             WHERE subscription_id = ?1 AND status <> 'failed' ORDER BY id",
        )?
        .query_map([subscription], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, BillingPeriod>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let end_of = |expiry: &str| -> Result<DateTime<Utc>> { Ok(instant(expiry)? + Duration::seconds(1)) };
    let first_end = renewals.first().map_or(expires.as_str(), |r| r.4.as_str()).to_string();
    let mut all = vec![Period {
        what: format!("order {order_id}"),
        // The hour on the buyer's clock: bought at 16:20 in Kolkata, counted from 16:00 there.
        begins: clock::start_of_hour(instant(&start)?, &zone),
        ends: end_of(&first_end)?,
        period,
        duration,
        paid: from_cents(cents),
    }];
    for (id, period, duration, cents, from, to) in renewals {
        all.push(Period {
            what: format!("renewal {id}"),
            begins: end_of(&from)?,
            ends: end_of(&to)?,
            period,
            duration,
            paid: from_cents(cents),
        });
    }
    Ok(all)
}

fn term_text(period: BillingPeriod, duration: u32) -> String {
    let unit = if period == BillingPeriod::Year { "year" } else { "month" };
    format!("{duration} {unit}{}", if duration == 1 { "" } else { "s" })
}

/// The handling fee's percentage and what it is called, by the term's length and the time used.
fn fee_rate(period: &Period, now: DateTime<Utc>) -> (u32, String) {
    let months = if period.period == BillingPeriod::Year { period.duration * 12 } else { period.duration };
    let year = |n: u32| period.begins.checked_add_months(Months::new(12 * n)).unwrap_or(period.ends);
    if months <= 12 {
        let kind = if months == 12 { "one-year term" } else { "monthly term" };
        (10, kind.to_string())
    } else if months <= 24 {
        if now < year(1) {
            (15, "two-year term, within its first year".into())
        } else {
            (10, "two-year term, after its first year".into())
        }
    } else if now < year(1) {
        (15, format!("{}-year term, within its first year", months / 12))
    } else if now < year(2) {
        (10, format!("{}-year term, within its second year", months / 12))
    } else {
        (5, format!("{}-year term, after its second year", months / 12))
    }
}

fn signed(amount: Decimal) -> String {
    format_amount(amount)
}

fn exact(amount: Decimal) -> String {
    let shown = amount.round_dp(6).normalize();
    if shown.scale() < 2 {
        let mut s = shown;
        s.rescale(2);
        return s.to_string();
    }
    shown.to_string()
}

/// The refund of order `order_id` at `now`: of a quote, or (`unsubscribed`) the one it made.
pub(super) fn compute(
    conn: &Connection,
    order_id: u32,
    subject: &Subject<'_>,
    now: DateTime<Utc>,
    unsubscribed: bool,
) -> Result<StandardRefund> {
    let all = periods(conn, order_id, subject.subscription)?;
    let current = all.iter().rposition(|p| p.begins <= now).unwrap_or(0);
    let term = &all[current];
    let seconds_in_term = (term.ends - term.begins).num_seconds().max(0);
    let hours_in_term = (seconds_in_term / 3600).max(1);
    let hours_used = ((now - term.begins).num_seconds().max(0) / 3600).min(hours_in_term);
    let paid = term.paid;
    let consumed = paid * Decimal::from(hours_used) / Decimal::from(hours_in_term);
    let (rate, kind) = fee_rate(term, now);
    let fee = paid * Decimal::from(rate) / Decimal::ONE_HUNDRED;
    let raw = paid - consumed - fee;
    let term_refund = round_to_cent(raw.max(Decimal::ZERO));

    let mut lines = vec![
        StandardRefundLine {
            label: format!("Paid for the term ({}, {})", term_text(term.period, term.duration), term.what),
            arithmetic: format!("{}'s amount: {}", term.what, format_amount(paid)),
            amount: signed(paid),
        },
        StandardRefundLine {
            label: format!("Consumed: {hours_used} of {hours_in_term} hours used"),
            arithmetic: format!("{} × {hours_used} h ÷ {hours_in_term} h = {}", format_amount(paid), exact(consumed)),
            amount: signed(-round_to_cent(consumed)),
        },
        StandardRefundLine {
            label: format!("Handling fee, {rate}% ({kind})"),
            arithmetic: format!("{} × {rate}% = {}", format_amount(paid), exact(fee)),
            amount: signed(-round_to_cent(fee)),
        },
    ];
    let shown = paid - round_to_cent(consumed) - round_to_cent(fee);
    if raw < Decimal::ZERO {
        lines.push(StandardRefundLine {
            label: "A negative result refunds nothing".into(),
            arithmetic: format!(
                "{} − {} − {} = {} → 0.00",
                format_amount(paid),
                exact(consumed),
                exact(fee),
                exact(raw)
            ),
            amount: signed(-shown),
        });
    } else if term_refund != shown {
        lines.push(StandardRefundLine {
            label: "Rounded once, to the cent (R-MT-1)".into(),
            arithmetic: format!(
                "{} − {} − {} = {} → {}",
                format_amount(paid),
                exact(consumed),
                exact(fee),
                exact(raw),
                format_amount(term_refund)
            ),
            amount: signed(term_refund - shown),
        });
    }
    let mut not_started = Decimal::ZERO;
    for later in &all[current + 1..] {
        not_started += later.paid;
        lines.push(StandardRefundLine {
            label: format!("{}, not started yet: refunded in full", capitalised(&later.what)),
            arithmetic: format!(
                "{} from {}: {}",
                term_text(later.period, later.duration),
                timers::text(later.begins),
                format_amount(later.paid)
            ),
            amount: signed(later.paid),
        });
    }
    let instances: u32 = if unsubscribed {
        conn.prepare_cached("SELECT count(*) FROM ecs_instances WHERE order_id = ?1 AND state = 'deleted'")?
            .query_row([order_id], |r| r.get(0))?
    } else {
        conn.prepare_cached("SELECT count(*) FROM ecs_instances WHERE order_id = ?1 AND state <> 'deleted'")?
            .query_row([order_id], |r| r.get(0))?
    };
    Ok(StandardRefund {
        order_id,
        product_name: subject.product_name.to_string(),
        term: term_text(term.period, term.duration),
        term_begins: timers::text(term.begins),
        term_ends: timers::text(term.ends),
        hours_in_term: hours_in_term as u32,
        hours_used: hours_used as u32,
        paid: format_amount(paid),
        consumed: format_amount(consumed),
        fee_rate: format!("{rate}%"),
        fee: format_amount(fee),
        not_started: format_amount(not_started),
        refund: format_amount(term_refund + not_started),
        lines,
        at: timers::text(now),
        reference_only: subject.reseller,
        unsubscribed,
        instances,
    })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

//! The one scheduler that owns every timer: given a time, it fires everything due up to it in
//! time order, each exactly once, however long the app was closed; and it says what will fire
//! next and when.
//!
//! Two sources feed it: the timers table (`crate::timers`: completions, appeal eligibility,
//! refunds, a subscription's notices, expiry, grace, retention, release and automatic renewal) and hourly metering (R-IMG-4), whose due blocks follow
//! from the instances' billing runs. At each step it takes the earliest due item of either
//! (a timer first when both fall on the same second), fires it with the item's own time as "now"
//! in the transaction that marks it fired, and looks again, since firing may set new timers. Because every
//! effect is written at its own time and the order never depends on where a run stopped,
//! moving the clock in one jump or in many small ones gives the same store.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::images::{self, metering};
use crate::money::format_amount;
use crate::orders::Services;
use crate::subscriptions::life::Resources;
use crate::subscriptions::renew::RenewWith;
use crate::timers::{self, Timer, TimerKind};
use crate::{subscriptions, supervision, Result, Store};

/// What one fired timer did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Fired {
    /// When it was due: the time it acted at.
    pub at: String,
    pub kind: String,
    /// The rule that set it.
    pub rule: String,
    /// What it was about: "order 12", "unsubscription 3", "pay-per-use images".
    pub subject: String,
    pub summary: String,
    /// Money it moved, two decimals, if any.
    pub money: Option<String>,
}

/// A timer that will fire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Upcoming {
    pub at: String,
    pub kind: String,
    pub rule: String,
    pub subject: String,
    /// The product the subject is about, in words; empty when it has none (hourly metering).
    pub about: String,
}

/// The most fired items one run reports one by one; the rest are counted, with their money,
/// in one last item.
const REPORT_LIMIT: usize = 10_000;

/// How long one transaction of a run may go on before it commits and the next begins. Each
/// timer is marked fired in the transaction of its effect, so where a run commits changes
/// nothing in the store; committing in batches rather than once per timer is what lets a year
/// of a large marketplace pass in a second, and the bound keeps other writers (the app and
/// `kg` on one file) waiting no longer than this.
const BATCH_TIME: std::time::Duration = std::time::Duration::from_millis(250);

enum Next {
    Timer(Timer),
    /// Metering blocks from this instant, up to (not including) the bound.
    Metering(DateTime<Utc>),
}

/// The earliest item due at or before `until` (metering blocks strictly before it: a block
/// looked at on the dot has not started being used).
fn next_due(conn: &Connection, until: DateTime<Utc>) -> Result<Option<(Next, Option<DateTime<Utc>>)>> {
    let timer = timers::next(conn)?.filter(|t| t.due_at <= until);
    let block = metering::next_block(conn)?.filter(|b| *b < until);
    Ok(match (timer, block) {
        (Some(t), Some(b)) if b < t.due_at => Some((Next::Metering(b), Some(t.due_at))),
        (Some(t), _) => Some((Next::Timer(t), None)),
        (None, Some(b)) => Some((Next::Metering(b), None)),
        (None, None) => None,
    })
}

/// Fires everything due up to `until`, in time order, each once. Returns what fired.
pub fn run_until(store: &mut Store, services: &Services<'_>, until: DateTime<Utc>) -> Result<Vec<Fired>> {
    // A seller's laptop holds a copy: the marketplace fires the timers, and the pull brings
    // what they did.
    if crate::sync::is_copy(store.conn())? {
        return Ok(Vec::new());
    }
    let mut report = Report::default();
    // Most runs fit in one batch. A longer one (the app closed for weeks, a year of the time
    // machine) checkpoints once at its end rather than after each of its batches.
    if store.write(|tx| fire_batch(tx, services, until, &mut report))? {
        store.with_one_checkpoint(|store| {
            while store.write(|tx| fire_batch(tx, services, until, &mut report))? {}
            Ok(())
        })?;
    }
    Ok(report.finish())
}

/// Fires due items in `tx` until none is left (false) or the batch has run its time (true).
fn fire_batch(tx: &Connection, services: &Services<'_>, until: DateTime<Utc>, report: &mut Report) -> Result<bool> {
    let began = std::time::Instant::now();
    let renewing = RenewWith::new(services.payments);
    while let Some((next, next_timer)) = next_due(tx, until)? {
        report.add(match next {
            Next::Timer(timer) => {
                // Marked fired before it acts, in the same transaction: a step that plans its
                // subscription's next one then finds only the steps to come pending, instead
                // of cancelling the timer being fired, which was then written a second time.
                timers::mark_fired(tx, timer.id)?;
                let (summary, money) = fire(tx, &renewing, &timer)?;
                timers::record_outcome(tx, timer.id, &summary)?;
                Fired {
                    at: timers::text(timer.due_at),
                    kind: timer.kind.as_str().to_string(),
                    rule: timer.kind.rule().to_string(),
                    subject: format!("{} {}", timer.kind.subject_noun(), timer.subject),
                    summary,
                    money,
                }
            }
            Next::Metering(from) => {
                // Bill every block that starts before the next timer (or the end of the run):
                // none of them can depend on a timer that has not fired.
                let bound = next_timer.unwrap_or(until).min(until);
                let billed = metering::meter(tx, services.payments, bound)?;
                Fired {
                    at: timers::text(from),
                    kind: "hourly_metering".to_string(),
                    rule: "R-IMG-4".to_string(),
                    subject: "pay-per-use images".to_string(),
                    summary: format!(
                        "{} hour{} billed{}",
                        billed.blocks,
                        if billed.blocks == 1 { "" } else { "s" },
                        if billed.suspended.is_empty() {
                            String::new()
                        } else {
                            format!("; instances suspended for arrears: {:?}", billed.suspended)
                        }
                    ),
                    money: Some(billed.charged),
                }
            }
        });
        if began.elapsed() >= BATCH_TIME {
            return Ok(true);
        }
    }
    Ok(false)
}

/// What a run fired: the first [`REPORT_LIMIT`] items, and the rest counted with their money.
#[derive(Default)]
struct Report {
    items: Vec<Fired>,
    more: Option<(Fired, u64, rust_decimal::Decimal)>,
}

impl Report {
    fn add(&mut self, item: Fired) {
        if self.items.len() < REPORT_LIMIT {
            self.items.push(item);
            return;
        }
        let money = item.money.as_deref().and_then(|m| m.parse().ok()).unwrap_or_default();
        match &mut self.more {
            Some((last, count, total)) => {
                *last = item;
                *count += 1;
                *total += money;
            }
            None => self.more = Some((item, 1, money)),
        }
    }

    fn finish(mut self) -> Vec<Fired> {
        if let Some((last, count, total)) = self.more {
            self.items.push(Fired {
                at: last.at,
                kind: "more".to_string(),
                rule: String::new(),
                subject: String::new(),
                summary: format!("{count} more item{} fired, up to this time", if count == 1 { "" } else { "s" }),
                money: Some(format_amount(total)),
            });
        }
        self.items
    }
}

/// Fires everything due up to the store's "now" (the demo clock when set): what the app does
/// when it starts, on its periodic tick, and before a flow is read or acted on.
pub fn catch_up(store: &mut Store, services: &Services<'_>) -> Result<Vec<Fired>> {
    let now = store.clock(services.clock)?.now;
    run_until(store, services, now)
}

/// What a timer does, in the transaction that marks it fired: a summary and the money moved.
fn fire(tx: &Connection, renewing: &RenewWith<'_>, timer: &Timer) -> Result<(String, Option<String>)> {
    let none = |what: &str| format!("nothing to do: {what}");
    Ok(match timer.kind {
        TimerKind::SupervisionCompletion => {
            let done = supervision::complete(tx, timer.subject, timer.due_at)?;
            (done.unwrap_or_else(|| none("the flow is no longer accepted")), None)
        }
        TimerKind::AppealEligibility => {
            let told = supervision::tell_appeal_possible(tx, timer.subject, timer.due_at)?;
            (told.unwrap_or_else(|| none("the flow no longer waits on the seller")), None)
        }
        TimerKind::UnsubscriptionRefund => {
            match supervision::unsubscribe::pay_refund(tx, timer.subject, timer.due_at)? {
                Some((summary, money)) => (summary, money),
                None => (none("the request is no longer approved"), None),
            }
        }
        TimerKind::ExpiryNotice
        | TimerKind::Expiry
        | TimerKind::GraceEnd
        | TimerKind::ReleaseNotice
        | TimerKind::Release
        | TimerKind::AutoRenewal => {
            let (summary, money, resources) =
                subscriptions::life::fire(tx, renewing, timer.kind, timer.subject, timer.due_at)?;
            let at = timers::text(timer.due_at);
            let done = match resources {
                Resources::Untouched => 0,
                Resources::Freeze { order_id } => images::ecs::freeze_order(tx, order_id, &at)?,
                Resources::Release { order_id } => images::ecs::release_order(tx, order_id, &at)?,
            };
            match done {
                0 => (summary, money),
                n => (
                    format!("{summary}; {n} ECS instance{} {}", if n == 1 { "" } else { "s" }, resources.verb()),
                    money,
                ),
            }
        }
    })
}

impl Resources {
    fn verb(self) -> &'static str {
        match self {
            Resources::Freeze { .. } => "stopped",
            Resources::Release { .. } => "deleted",
            Resources::Untouched => "untouched",
        }
    }
}

/// The first `limit` timers to fire. A subscription keeps a timer for its next step only; the
/// steps after it are added from the same plan. Those of a subscription whose next step is not
/// among the first `limit` timers all come later than they do, so they can be left out.
fn upcoming_timers(conn: &Connection, limit: u32) -> Result<Vec<(DateTime<Utc>, TimerKind, u32)>> {
    let pending = timers::pending(conn, limit)?;
    let mut items: Vec<_> = pending.iter().map(|t| (t.due_at, t.kind, t.subject)).collect();
    for timer in pending.iter().filter(|t| subscriptions::life::LIFE.contains(&t.kind)) {
        let later = subscriptions::life::steps_after(conn, timer.subject, timer.due_at)?;
        items.extend(later.into_iter().map(|(kind, at)| (at, kind, timer.subject)));
    }
    items.sort_by_key(|(at, _, _)| *at);
    items.truncate(limit as usize);
    Ok(items)
}

/// The name of the product a timer's subject is about: an order's, a subscription's order's, an
/// unsubscription request's order's.
fn product_of(conn: &Connection, kind: TimerKind, subject: u32) -> Result<String> {
    let sql = match kind.subject_noun() {
        "order" => "SELECT product_name FROM orders WHERE id = ?1",
        "unsubscription" => {
            "SELECT o.product_name FROM unsubscriptions u JOIN orders o ON o.id = u.order_id WHERE u.id = ?1"
        }
        _ => "SELECT o.product_name FROM subscriptions s JOIN orders o ON o.id = s.order_id WHERE s.id = ?1",
    };
    Ok(conn.prepare_cached(sql)?.query_row([subject], |r| r.get(0)).optional()?.unwrap_or_default())
}

/// What will fire next, in order: timers and the next metering block, at most `limit`.
pub fn upcoming(store: &Store, limit: u32) -> Result<Vec<Upcoming>> {
    let conn = store.conn();
    let mut items: Vec<Upcoming> = upcoming_timers(conn, limit)?
        .into_iter()
        .map(|(at, kind, subject)| {
            Ok(Upcoming {
                at: timers::text(at),
                kind: kind.as_str().to_string(),
                rule: kind.rule().to_string(),
                subject: format!("{} {}", kind.subject_noun(), subject),
                about: product_of(conn, kind, subject)?,
            })
        })
        .collect::<Result<_>>()?;
    if let Some(block) = metering::next_block(conn)? {
        items.push(Upcoming {
            at: timers::text(block),
            kind: "hourly_metering".to_string(),
            rule: "R-IMG-4".to_string(),
            subject: "pay-per-use images".to_string(),
            about: String::new(),
        });
        items.sort_by(|a, b| a.at.cmp(&b.at));
        items.truncate(limit as usize);
    }
    Ok(items)
}

/// The money of fired items, added up: what a move of the clock moved.
pub fn money_moved(fired: &[Fired]) -> String {
    let total: rust_decimal::Decimal =
        fired.iter().filter_map(|f| f.money.as_deref()?.parse::<rust_decimal::Decimal>().ok()).sum();
    format_amount(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(at: &str, money: Option<&str>) -> Fired {
        Fired {
            at: at.into(),
            kind: "auto_renewal".into(),
            rule: "R-REN-3".into(),
            subject: "subscription 1".into(),
            summary: "renewed".into(),
            money: money.map(Into::into),
        }
    }

    #[test]
    fn a_run_past_the_report_limit_counts_the_rest_with_their_money_in_one_last_item() {
        let mut report = Report::default();
        for _ in 0..REPORT_LIMIT {
            report.add(item("2026-01-01T03:00:00Z", Some("1.00")));
        }
        report.add(item("2026-02-01T03:00:00Z", Some("2.50")));
        report.add(item("2026-02-02T09:00:00Z", None));
        report.add(item("2026-03-01T03:00:00Z", Some("0.25")));
        let fired = report.finish();
        assert_eq!(fired.len(), REPORT_LIMIT + 1);
        let last = fired.last().unwrap();
        assert_eq!((last.kind.as_str(), last.at.as_str()), ("more", "2026-03-01T03:00:00Z"));
        assert_eq!(last.summary, "3 more items fired, up to this time");
        assert_eq!(last.money.as_deref(), Some("2.75"));
        assert_eq!(money_moved(&fired), "10002.75");
    }
}

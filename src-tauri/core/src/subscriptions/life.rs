//! A subscription's life (R-REN-1, R-REN-3, R-AFT-4), as dates: the buyer is told 7, 3 and 1
//! days before expiry (at 09:00, its time zone); at expiry it enters 15 days of grace, still
//! usable; then 15 days of retention, frozen with its data kept, told the day before release;
//! then it is released. Automatic renewal charges at 03:00 seven days before expiry (or on the
//! date the buyer set), and again at 03:00 each day after a failure until release.
//!
//! [`plan`] writes these dates as the scheduler's timers, and the timeline reads the same rows
//! back: the rules exist once. [`fire`] is what each does when the scheduler reaches it.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::{load, Row, SubscriptionState, GRACE_DAYS, RETENTION_DAYS};
use crate::messages::{self, Recipient};
use crate::timers::{self, TimerKind};
use crate::{clock, Result};

/// Days before expiry the buyer is told, and the hour it is told at.
pub const NOTICE_DAYS: [i64; 3] = [7, 3, 1];
const NOTICE_HOUR: u32 = 9;
/// Automatic renewal: 03:00, seven days before expiry.
pub const AUTO_RENEW_DAYS_BEFORE: i64 = 7;
pub const AUTO_RENEW_HOUR: u32 = 3;

pub(crate) fn grace_end(row: &Row) -> DateTime<Utc> {
    clock::end_of_day_after(row.expires_at, &row.zone, GRACE_DAYS)
}

pub(crate) fn release_at(row: &Row) -> DateTime<Utc> {
    clock::end_of_day_after(row.expires_at, &row.zone, GRACE_DAYS + RETENTION_DAYS)
}

/// When the next automatic renewal is charged: 03:00 on the date set, else seven days before
/// expiry; never earlier than `now` (switched on late, it charges at once, R-REN-5).
pub(crate) fn auto_renew_at(row: &Row, now: DateTime<Utc>) -> DateTime<Utc> {
    planned_auto_renewal(row).max(now)
}

/// 03:00 on the date set, else seven days before expiry, in the buyer's time zone: the charge
/// as planned, whether or not that time has passed.
fn planned_auto_renewal(row: &Row) -> DateTime<Utc> {
    match row.auto_renew_date.as_deref().and_then(|d| d.parse::<chrono::NaiveDate>().ok()) {
        Some(date) => {
            let days = (date - clock::local_date(row.expires_at, &row.zone)).num_days();
            clock::hour_on_day(row.expires_at, &row.zone, days, AUTO_RENEW_HOUR)
        }
        None => charge_time(row.expires_at, &row.zone),
    }
}

/// 03:00 seven days before `expires_at` in `zone`: when a term's automatic renewal is charged
/// unless the buyer set a date.
pub(crate) fn charge_time(expires_at: DateTime<Utc>, zone: &str) -> DateTime<Utc> {
    clock::hour_on_day(expires_at, zone, -AUTO_RENEW_DAYS_BEFORE, AUTO_RENEW_HOUR)
}

/// The steps of a subscription's life a timer fires, as opposed to its automatic renewal.
pub(crate) const LIFE: [TimerKind; 5] =
    [TimerKind::ExpiryNotice, TimerKind::Expiry, TimerKind::GraceEnd, TimerKind::ReleaseNotice, TimerKind::Release];

/// The rest of `row`'s life from `now`, in time order: what its timers fire, and what its
/// timeline shows. A notice whose time has passed is left out; a change of state never is (a
/// store opened after the expiry still expires the subscription, at its time). Its automatic
/// renewal is apart ([`auto_renew_at`]): a failed charge sets its own retries.
pub(crate) fn steps(row: &Row, now: DateTime<Utc>) -> Vec<(TimerKind, DateTime<Utc>)> {
    let (release, grace) = (release_at(row), grace_end(row));
    let notice = |at: DateTime<Utc>, kind| (at > now).then_some((kind, at));
    let mut steps = Vec::new();
    match row.state {
        SubscriptionState::Active => {
            for days in NOTICE_DAYS {
                let at = clock::hour_on_day(row.expires_at, &row.zone, -days, NOTICE_HOUR);
                steps.extend(notice(at, TimerKind::ExpiryNotice));
            }
            steps.push((TimerKind::Expiry, row.expires_at));
            steps.push((TimerKind::GraceEnd, grace));
        }
        SubscriptionState::Grace => steps.push((TimerKind::GraceEnd, grace)),
        SubscriptionState::Retention => {}
        SubscriptionState::Released | SubscriptionState::Cancelled => return steps,
    }
    steps.extend(notice(clock::hour_on_day(release, &row.zone, -1, NOTICE_HOUR), TimerKind::ReleaseNotice));
    steps.push((TimerKind::Release, release));
    steps
}

/// Plans the rest of `row`'s life from `now`, replacing what was planned before: a timer for
/// its next step, and one for its automatic renewal when that is on.
///
/// Only the next step is a timer; each step, when it fires, sets the one after it
/// ([`plan_next_step`]). A renewal, which moves every step, then moves two timers rather than
/// seven, and a year of a large marketplace's renewals stays within the scheduler's budget.
pub(crate) fn plan(tx: &Connection, row: &Row, now: DateTime<Utc>) -> Result<()> {
    timers::cancel_all(tx, &TimerKind::SUBSCRIPTION, row.id)?;
    if let Some((kind, at)) = steps(row, now).first() {
        timers::add(tx, *kind, row.id, *at)?;
    }
    if row.auto_renew {
        let at = auto_renew_at(row, now);
        if matches!(row.state, SubscriptionState::Active | SubscriptionState::Grace | SubscriptionState::Retention)
            && at < release_at(row)
        {
            timers::add(tx, TimerKind::AutoRenewal, row.id, at)?;
        }
    }
    Ok(())
}

/// After the buyer of `account` changed time zone from `old_zone` at `now`: what its live
/// subscriptions have planned at a local hour is planned again in the new zone (R-MT-3, R-MT-4,
/// R-REN-3). An expiry stays the instant the term was sold to.
///
/// The next step of each life is planned from [`steps`], as when the one before it fires. A
/// pending automatic renewal is planned again by its rule: the charge seven days before expiry
/// (or on the date set) at 03:00 in the new zone, at once if that has passed; a charge being
/// tried again after a failure, at the next 03:00 of the new zone. A timer already due is left
/// to fire as it is.
pub(crate) fn follow_time_zone(tx: &Connection, account: &str, old_zone: &str, now: DateTime<Utc>) -> Result<()> {
    let ids = tx
        .prepare_cached(
            "SELECT id FROM subscriptions WHERE account_id = ?1 AND state IN ('active', 'grace', 'retention') ORDER BY id",
        )?
        .query_map([account], |r| r.get::<_, u32>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for id in ids {
        let row = load(tx, id)?;
        let pending = timers::pending_of(tx, &TimerKind::SUBSCRIPTION, id)?;
        if !pending.iter().any(|t| LIFE.contains(&t.kind) && t.due_at <= now) {
            plan_next_step(tx, &row, row.state, now)?;
        }
        let Some(renewal) = pending.iter().find(|t| t.kind == TimerKind::AutoRenewal && t.due_at > now) else {
            continue;
        };
        let retrying = renewal.due_at > planned_auto_renewal(&Row { zone: old_zone.to_string(), ..row.clone() });
        let at = if retrying {
            let today = clock::hour_on_day(now, &row.zone, 0, AUTO_RENEW_HOUR);
            if today > now {
                today
            } else {
                clock::hour_on_day(now, &row.zone, 1, AUTO_RENEW_HOUR)
            }
        } else {
            auto_renew_at(&row, now)
        };
        if at < release_at(&row) {
            timers::schedule(tx, TimerKind::AutoRenewal, id, at)?;
        } else {
            timers::cancel(tx, TimerKind::AutoRenewal, id)?;
        }
    }
    Ok(())
}

/// The steps of subscription `id`'s life after the one due at `at`, which its timer holds: what
/// the scheduler will fire after it if nothing changes.
pub(crate) fn steps_after(conn: &Connection, id: u32, at: DateTime<Utc>) -> Result<Vec<(TimerKind, DateTime<Utc>)>> {
    Ok(steps(&load(conn, id)?, at).into_iter().filter(|(_, when)| *when > at).collect())
}

/// After a step of `row`'s life fired at `at` and left it in `state`: the timer of the step
/// after it.
fn plan_next_step(tx: &Connection, row: &Row, state: SubscriptionState, at: DateTime<Utc>) -> Result<()> {
    timers::cancel_all(tx, &LIFE, row.id)?;
    if let Some((kind, when)) = steps(&Row { state, ..row.clone() }, at).first() {
        timers::add(tx, *kind, row.id, *when)?;
    }
    Ok(())
}

fn set_state(tx: &Connection, row: &Row, state: SubscriptionState, at: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached("UPDATE subscriptions SET state = ?2, updated_at = ?3 WHERE id = ?1")?.execute(params![
        row.id,
        state.as_str(),
        timers::text(at)
    ])?;
    Ok(())
}

fn tell(tx: &Connection, row: &Row, kind: &str, title: &str, body: &str, at: DateTime<Utc>) -> Result<()> {
    messages::send(tx, &Recipient::buyer(&row.account_id), kind, Some(row.order_id), title, body, &timers::text(at))
}

fn day(at: DateTime<Utc>, row: &Row) -> String {
    clock::local_date(at, &row.zone).format("%-d %B %Y").to_string()
}

/// What a step of a subscription's life asks of its resources, for the area that holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resources {
    Untouched,
    /// Retention: frozen, data kept (an image's ECS are stopped).
    Freeze {
        order_id: u32,
    },
    /// Released: deleted (an image's ECS and their EIPs).
    Release {
        order_id: u32,
    },
}

/// What the timer `kind` of subscription `id` does at `at`: a summary, the money it moved,
/// and what its resources must undergo. A step of its life then sets the next one.
pub(crate) fn fire(
    tx: &Connection,
    with: &super::renew::RenewWith<'_>,
    kind: TimerKind,
    id: u32,
    at: DateTime<Utc>,
) -> Result<(String, Option<String>, Resources)> {
    let row = load(tx, id)?;
    let step = fire_step(tx, with, kind, &row, at)?;
    if LIFE.contains(&kind) {
        plan_next_step(tx, &row, step.state, at)?;
    }
    Ok((step.summary, step.money, step.resources))
}

/// What a step did, and the state it left the subscription in: the next step is planned from
/// that rather than from the store read again.
struct Step {
    summary: String,
    money: Option<String>,
    resources: Resources,
    state: SubscriptionState,
}

impl Step {
    fn said(summary: String, state: SubscriptionState) -> Step {
        Step { summary, money: None, resources: Resources::Untouched, state }
    }
}

fn fire_step(
    tx: &Connection,
    with: &super::renew::RenewWith<'_>,
    kind: TimerKind,
    row: &Row,
    at: DateTime<Utc>,
) -> Result<Step> {
    let name = &row.product_name;
    let nothing = |why: &str| Ok(Step::said(format!("{name}: nothing to do, {why}"), row.state));
    match kind {
        TimerKind::ExpiryNotice => {
            if row.state != SubscriptionState::Active || at >= row.expires_at {
                return nothing("no longer about to expire");
            }
            let days = (clock::local_date(row.expires_at, &row.zone) - clock::local_date(at, &row.zone)).num_days();
            let renewal =
                if row.auto_renew { "It renews automatically." } else { "Renew it in Billing Center > Renewals." };
            let in_days = format!("{days} day{}", if days == 1 { "" } else { "s" });
            let title = format!("{name} expires in {in_days}");
            tell(
                tx,
                row,
                "expiring",
                &title,
                &format!("It expires at the end of {}. {renewal}", day(row.expires_at, row)),
                at,
            )?;
            Ok(Step::said(format!("{name}: told it expires in {in_days}"), row.state))
        }
        TimerKind::Expiry => {
            if row.state != SubscriptionState::Active || at < row.expires_at {
                return nothing("renewed or ended before");
            }
            set_state(tx, row, SubscriptionState::Grace, at)?;
            let body = format!(
                "It stays usable in its grace period until the end of {}; renew it before then to keep it.",
                day(grace_end(row), row)
            );
            tell(tx, row, "grace", &format!("{name} expired"), &body, at)?;
            let summary = format!("{name}: expired, in grace until {}", day(grace_end(row), row));
            Ok(Step::said(summary, SubscriptionState::Grace))
        }
        TimerKind::GraceEnd => {
            if row.state != SubscriptionState::Grace {
                return nothing("no longer in grace");
            }
            set_state(tx, row, SubscriptionState::Retention, at)?;
            let body = format!(
                "It is frozen, its data kept, until the end of {}, when it is released. Renew it to use it again.",
                day(release_at(row), row)
            );
            tell(tx, row, "retention", &format!("{name} is frozen"), &body, at)?;
            Ok(Step {
                resources: Resources::Freeze { order_id: row.order_id },
                ..Step::said(format!("{name}: grace ended, frozen until release"), SubscriptionState::Retention)
            })
        }
        TimerKind::ReleaseNotice => {
            if !matches!(row.state, SubscriptionState::Grace | SubscriptionState::Retention) {
                return nothing("renewed or ended");
            }
            let body = "Tomorrow its resources are deleted and cannot be recovered. Renew it today to keep it.";
            tell(tx, row, "release_tomorrow", &format!("{name} is released tomorrow"), body, at)?;
            Ok(Step::said(format!("{name}: told it is released tomorrow"), row.state))
        }
        TimerKind::Release => {
            if !matches!(row.state, SubscriptionState::Grace | SubscriptionState::Retention) {
                return nothing("renewed or ended");
            }
            set_state(tx, row, SubscriptionState::Released, at)?;
            timers::cancel_all(tx, &TimerKind::SUBSCRIPTION, row.id)?;
            let body = "Its retention period ended and its resources were deleted. It is no longer in Purchased Apps.";
            tell(tx, row, "released", &format!("{name} was released"), body, at)?;
            Ok(Step {
                resources: Resources::Release { order_id: row.order_id },
                ..Step::said(format!("{name}: released"), SubscriptionState::Released)
            })
        }
        TimerKind::AutoRenewal => {
            let (summary, money) =
                super::auto_renew::attempt(tx, with, row, at, &super::auto_renew::attempt_key(row, at))?;
            Ok(Step { money, ..Step::said(summary, row.state) })
        }
        TimerKind::SupervisionCompletion | TimerKind::AppealEligibility | TimerKind::UnsubscriptionRefund => {
            nothing("not a subscription's timer")
        }
    }
}

//! The timers the scheduler fires: one row each, written in the transaction of the change that
//! sets it (an acceptance sets the completion 3 hours later) and cancelled by the change that
//! makes it moot (a seller's update restarts the 5 days of silence).
//!
//! A timer is pending until it fires or is cancelled; firing marks it in the same transaction
//! as its effect, so it fires exactly once. This module only keeps the rows; what a timer does
//! when it fires is the scheduler's to dispatch (`crate::scheduler`), so that the areas which
//! set timers never depend on it.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::{CoreError, Result};

/// Every kind of timer. Adding one: a variant here, its rule id, and what it does in
/// `scheduler::fire`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimerKind {
    /// An accepted flow becomes Completed 3 hours after acceptance (R-SUP-3).
    SupervisionCompletion,
    /// The buyer may appeal after more than 5 days of the seller's silence; the buyer is told
    /// (R-SUP-5).
    AppealEligibility,
    /// An approved unsubscription is refunded 3 hours after approval (R-UNS-3).
    UnsubscriptionRefund,
    /// The buyer is told 7, 3 and 1 days before a subscription expires (R-AFT-4).
    ExpiryNotice,
    /// A subscription expires and enters its 15 days of grace (R-REN-1).
    Expiry,
    /// Grace ends: 15 days of retention, the resource frozen (R-REN-1).
    GraceEnd,
    /// The buyer is told one day before the resource is released (R-AFT-4).
    ReleaseNotice,
    /// Retention ends: the resource is released (R-REN-1).
    Release,
    /// An automatic renewal is charged at 03:00, or tried again (R-REN-3, R-REN-5).
    AutoRenewal,
}

impl TimerKind {
    pub const ALL: [TimerKind; 9] = [
        TimerKind::SupervisionCompletion,
        TimerKind::AppealEligibility,
        TimerKind::UnsubscriptionRefund,
        TimerKind::ExpiryNotice,
        TimerKind::Expiry,
        TimerKind::GraceEnd,
        TimerKind::ReleaseNotice,
        TimerKind::Release,
        TimerKind::AutoRenewal,
    ];

    /// The timers of a subscription's life.
    pub const SUBSCRIPTION: [TimerKind; 6] = [
        TimerKind::ExpiryNotice,
        TimerKind::Expiry,
        TimerKind::GraceEnd,
        TimerKind::ReleaseNotice,
        TimerKind::Release,
        TimerKind::AutoRenewal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TimerKind::SupervisionCompletion => "supervision_completion",
            TimerKind::AppealEligibility => "appeal_eligibility",
            TimerKind::UnsubscriptionRefund => "unsubscription_refund",
            TimerKind::ExpiryNotice => "expiry_notice",
            TimerKind::Expiry => "expiry",
            TimerKind::GraceEnd => "grace_end",
            TimerKind::ReleaseNotice => "release_notice",
            TimerKind::Release => "release",
            TimerKind::AutoRenewal => "auto_renewal",
        }
    }

    pub fn parse(text: &str) -> Option<TimerKind> {
        TimerKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The rule that sets it.
    pub fn rule(self) -> &'static str {
        match self {
            TimerKind::SupervisionCompletion => "R-SUP-3",
            TimerKind::AppealEligibility => "R-SUP-5",
            TimerKind::UnsubscriptionRefund => "R-UNS-3",
            TimerKind::ExpiryNotice | TimerKind::ReleaseNotice => "R-AFT-4",
            TimerKind::Expiry | TimerKind::GraceEnd | TimerKind::Release => "R-REN-1",
            TimerKind::AutoRenewal => "R-REN-3",
        }
    }

    /// What its subject is: an order, or an unsubscription request.
    pub fn subject_noun(self) -> &'static str {
        match self {
            TimerKind::SupervisionCompletion | TimerKind::AppealEligibility => "order",
            TimerKind::UnsubscriptionRefund => "unsubscription",
            _ => "subscription",
        }
    }
}

/// A pending timer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timer {
    pub id: i64,
    pub kind: TimerKind,
    pub subject: u32,
    pub due_at: DateTime<Utc>,
}

pub(crate) fn text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Sets a timer, replacing any pending one of the same kind for the same subject: a subject has
/// at most one pending timer of each kind. One that already fired at that very time stays
/// fired: its effect happened, and setting it again (a reminder that leaves the seller's
/// silence where it was) must not repeat it.
pub(crate) fn schedule(tx: &Connection, kind: TimerKind, subject: u32, due_at: DateTime<Utc>) -> Result<()> {
    cancel(tx, kind, subject)?;
    tx.prepare_cached(
        "INSERT INTO timers (kind, subject, due_at, state) VALUES (?1, ?2, ?3, 'pending')
         ON CONFLICT (kind, subject, due_at) DO UPDATE SET state = 'pending', outcome = NULL
         WHERE timers.state <> 'fired'",
    )?
    .execute(params![kind.as_str(), subject, text(due_at)])?;
    Ok(())
}

/// Sets a timer beside the pending ones of its kind for the subject (the three expiry notices),
/// or where none is pending (a life just re-planned).
pub(crate) fn add(tx: &Connection, kind: TimerKind, subject: u32, due_at: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO timers (kind, subject, due_at, state) VALUES (?1, ?2, ?3, 'pending')
         ON CONFLICT (kind, subject, due_at) DO UPDATE SET state = 'pending', outcome = NULL
         WHERE timers.state <> 'fired'",
    )?
    .execute(params![kind.as_str(), subject, text(due_at)])?;
    Ok(())
}

/// The pending timers of `kinds` for `subject`, in the order they will fire.
pub(crate) fn pending_of(conn: &Connection, kinds: &[TimerKind], subject: u32) -> Result<Vec<Timer>> {
    let mut all = Vec::new();
    for kind in kinds {
        let rows = conn
            .prepare_cached(
                "SELECT id, kind, subject, due_at FROM timers WHERE kind = ?1 AND subject = ?2 AND state = 'pending'",
            )?
            .query_map(params![kind.as_str(), subject], read)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for row in rows {
            all.push(timer(row)?);
        }
    }
    all.sort_by_key(|t| (t.due_at, t.id));
    Ok(all)
}

/// Cancels the pending timers of all `kinds` for `subject`: re-planning a subscription's life
/// at each renewal cancels six kinds at once. The subject's few pending timers are found by one
/// search of the index, their kinds compared one by one (with `+kind`, SQLite neither searches
/// once for each kind nor builds a table of the kinds at every run, as it does for
/// `kind IN (…)`), and only those found are written: after a step of a life, which the
/// scheduler has marked fired, there is usually none.
pub(crate) fn cancel_all(tx: &Connection, kinds: &[TimerKind], subject: u32) -> Result<()> {
    let ids = tx
        .prepare_cached(&pending_of_kinds(kinds))?
        .query_map([subject], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for id in ids {
        tx.prepare_cached("UPDATE timers SET state = 'cancelled' WHERE id = ?1")?.execute([id])?;
    }
    Ok(())
}

/// The ids of the pending timers of `kinds` for the subject `?1`.
fn pending_of_kinds(kinds: &[TimerKind]) -> String {
    let any_kind = kinds.iter().map(|k| format!("+kind = '{}'", k.as_str())).collect::<Vec<_>>().join(" OR ");
    format!("SELECT id FROM timers WHERE subject = ?1 AND state = 'pending' AND ({any_kind})")
}

/// Cancels the pending timer of `kind` for `subject`, if there is one.
pub(crate) fn cancel(tx: &Connection, kind: TimerKind, subject: u32) -> Result<()> {
    tx.prepare_cached("UPDATE timers SET state = 'cancelled' WHERE kind = ?1 AND subject = ?2 AND state = 'pending'")?
        .execute(params![kind.as_str(), subject])?;
    Ok(())
}

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String, u32, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn timer((id, kind, subject, due): (i64, String, u32, String)) -> Result<Timer> {
    let kind = TimerKind::parse(&kind).ok_or_else(|| CoreError::Internal(format!("unknown timer kind {kind:?}")))?;
    let due_at = DateTime::parse_from_rfc3339(&due)
        .map_err(|e| CoreError::Internal(format!("a timer's time {due:?} is unreadable: {e}")))?
        .with_timezone(&Utc);
    Ok(Timer { id, kind, subject, due_at })
}

/// The earliest pending timer, ties by the order they were set.
pub(crate) fn next(conn: &Connection) -> Result<Option<Timer>> {
    conn.prepare_cached(
        "SELECT id, kind, subject, due_at FROM timers WHERE state = 'pending' ORDER BY due_at, id LIMIT 1",
    )?
    .query_row([], read)
    .optional()?
    .map(timer)
    .transpose()
}

/// The pending timers in the order they will fire, at most `limit`.
pub(crate) fn pending(conn: &Connection, limit: u32) -> Result<Vec<Timer>> {
    conn.prepare_cached(
        "SELECT id, kind, subject, due_at FROM timers WHERE state = 'pending' ORDER BY due_at, id LIMIT ?1",
    )?
    .query_map([limit], read)?
    .collect::<rusqlite::Result<Vec<_>>>()?
    .into_iter()
    .map(timer)
    .collect()
}

/// Marks a timer fired, before its effect: what the effect cancels or re-plans (a renewal
/// re-plans the subscription's life, the automatic renewal timer included; a release cancels
/// what is left) is then only what is still to come.
pub(crate) fn mark_fired(tx: &Connection, id: i64) -> Result<()> {
    tx.prepare_cached("UPDATE timers SET state = 'fired' WHERE id = ?1")?.execute([id])?;
    Ok(())
}

/// Records what firing timer `id` did.
pub(crate) fn record_outcome(tx: &Connection, id: i64, outcome: &str) -> Result<()> {
    tx.prepare_cached("UPDATE timers SET outcome = ?2 WHERE id = ?1")?.execute(params![id, outcome])?;
    Ok(())
}

/// How many pending timers are due at or before `at`: none once the scheduler has run to it.
pub fn pending_due(conn: &Connection, at: DateTime<Utc>) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM timers WHERE state = 'pending' AND due_at <= ?1")?
        .query_row([text(at)], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::Store;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, hour, 0, 0).unwrap()
    }

    fn pending(conn: &Connection) -> Vec<(String, u32)> {
        conn.prepare("SELECT kind, subject FROM timers WHERE state = 'pending' ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn cancelling_a_subscriptions_timers_leaves_other_subjects_and_other_kinds_pending() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        add(conn, TimerKind::Expiry, 7, at(1)).unwrap();
        add(conn, TimerKind::AutoRenewal, 7, at(2)).unwrap();
        add(conn, TimerKind::Expiry, 8, at(3)).unwrap();
        add(conn, TimerKind::SupervisionCompletion, 7, at(4)).unwrap();
        let fired = next(conn).unwrap().unwrap();
        mark_fired(conn, fired.id).unwrap();

        cancel_all(conn, &TimerKind::SUBSCRIPTION, 7).unwrap();

        assert_eq!(pending(conn), vec![("expiry".to_string(), 8), ("supervision_completion".to_string(), 7)]);
        let states: Vec<String> = conn
            .prepare("SELECT state FROM timers WHERE subject = 7 AND kind IN ('expiry', 'auto_renewal') ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(states, ["fired", "cancelled"], "the timer fired stays fired");
    }

    #[test]
    fn a_subjects_pending_timers_are_found_by_one_search_of_the_index() {
        let store = Store::open_in_memory().unwrap();
        let plan: String = store
            .conn()
            .query_row(&format!("EXPLAIN QUERY PLAN {}", pending_of_kinds(&TimerKind::SUBSCRIPTION)), [7], |r| r.get(3))
            .unwrap();
        assert_eq!(plan, "SEARCH timers USING COVERING INDEX timers_by_subject (subject=?)");
    }
}

//! What must hold after every step, whatever the step was (R-MT-5, R-BUY-6, R-SUP, R-REN):
//! - a refused action wrote nothing (a declined charge only records its order as cancelled),
//!   and the same checkout or operation submitted again wrote nothing and answered the same;
//! - the ledger sums to zero, every transaction balances, every kept balance is its entries'
//!   sum, the money topped up is the money that came in, no prepaid balance is negative and no
//!   credit is used beyond its limit;
//! - no order is refunded more than was paid for it, and nothing is paid twice;
//! - every order, flow and subscription moved only by legal steps from where it stood;
//! - every timer due has fired, none before its time, each effect once;
//! - every metering run is marked billed in full exactly when nothing is left to bill of it;
//! - what a live subscription has planned at a local hour is at that hour in its buyer's time
//!   zone as it is now, whatever zone the buyer moved from;
//! - the operation chain of every flow the step touched verifies.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use koogallery_core::{clock, ledger, supervision};
use rusqlite::Connection;

use crate::act::Outcome;
use crate::world::{LedgerSeen, World};

pub fn check(world: &mut World, outcome: &Outcome) {
    let written = world.writes.take();
    if let Some(error) = &outcome.refused {
        // The order a declined charge leaves cancelled is its record: what was asked (an
        // image's request with it), when, and why it was cancelled.
        let allowed: &[&str] =
            if outcome.declined_order { &["orders", "order_events", "image_provisionings"] } else { &[] };
        let extra: Vec<_> = written.iter().filter(|(t, _)| !allowed.contains(&t.as_str())).collect();
        assert!(extra.is_empty(), "refused ({:?}: {error}) yet it wrote {extra:?}", error.code());
    } else if outcome.repeat {
        assert!(written.is_empty(), "submitted again, it wrote {written:?}");
    }
    let rewritten: Vec<_> = written
        .iter()
        .filter(|(t, how)| t.starts_with("ledger_") && t != "ledger_balances" && *how != "insert")
        .collect();
    assert!(rewritten.is_empty(), "the ledger is written only by adding to it: {rewritten:?}");
    if let Some((key, id)) = &outcome.checkout {
        let first = *world.seen.checkouts.entry(key.clone()).or_insert(*id);
        assert_eq!(first, *id, "checkout {key} answered with another order");
    }
    world.seen.topped_up_cents += outcome.topped_up_cents;
    let now = world.now();
    let previous_run = world.scheduled_to;
    if outcome.scheduled {
        world.scheduled_to = now;
    }
    let market = world.served.store.lock().unwrap();
    let conn = market.conn();
    let seen = &mut world.seen;
    money(conn, &mut seen.ledger, seen.topped_up_cents);
    one_order_per_checkout(conn);
    legal_moves(conn, &mut seen.orders, "SELECT id, status FROM orders", order_moves, "pending_payment");
    legal_moves(conn, &mut seen.subscriptions, "SELECT id, state FROM subscriptions", subscription_moves, "active");
    flows(conn, seen, outcome.many_per_flow);
    timers(conn, now, outcome.scheduled);
    crate::common::images::assert_runs_to_bill_marked(conn);
    local_hours(conn, now);
    automatic_renewals_planned(conn);
    for fired in outcome.fired.iter().filter(|f| f.kind != "more") {
        let at = instant(&fired.at);
        // An hour of metering is billed as it begins (R-IMG-4), once; a timer fires at its time,
        // which may be the instant an action set it for, after the last run.
        let in_run = if fired.kind == "hourly_metering" { previous_run <= at && at < now } else { at <= now };
        assert!(in_run, "{} fired at {at}, in a run from {previous_run} to {now}", fired.kind);
        let effect = (fired.at.clone(), fired.kind.clone(), fired.subject.clone());
        assert!(seen.fired.insert(effect), "{} on {} fired twice at {}", fired.kind, fired.subject, fired.at);
    }
    let touched = std::mem::take(&mut seen.touched);
    for order in touched {
        let chain = supervision::verify(conn, order).unwrap();
        assert!(chain.intact, "order {order}'s chain: {:?}", chain.problems);
    }
}

fn one<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str) -> T {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn rows(conn: &Connection, sql: &str) -> Vec<(String, i64)> {
    let mut statement = conn.prepare_cached(sql).unwrap();
    statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

/// The entries the last step added: each new transaction balances, each balance kept is the
/// sum of its entries, and what they moved keeps the rules of money. The ledger is never
/// rewritten (checked on every write above), so this is the whole ledger checked.
fn money(conn: &Connection, seen: &mut LedgerSeen, topped_up_cents: i64) {
    type Entry = (i64, i64, String, i64, String, Option<u32>, Option<String>);
    let mut statement = conn
        .prepare_cached(
            "SELECT e.id, e.transaction_id, e.ledger_account, e.amount_cents, t.kind, t.order_id, t.reference
             FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
             WHERE e.id > ?1 ORDER BY e.id",
        )
        .unwrap();
    let added: Vec<Entry> = statement
        .query_map([seen.last_entry], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut transactions: BTreeMap<i64, i64> = BTreeMap::new();
    let mut accounts = BTreeSet::new();
    let mut orders = BTreeSet::new();
    for (id, transaction, account, cents, kind, order, reference) in added {
        seen.last_entry = id;
        let first_entry = !transactions.contains_key(&transaction);
        *transactions.entry(transaction).or_default() += cents;
        *seen.sums.entry(account.clone()).or_default() += cents;
        accounts.insert(account);
        if let (Some(order), true) = (order, cents > 0) {
            match kind.as_str() {
                "refund" => *seen.refunded.entry(order).or_default() += cents,
                _ => *seen.paid.entry(order).or_default() += cents,
            }
            orders.insert(order);
        }
        if let (Some(reference), "payment") = (reference, kind.as_str()) {
            // A charge's entries share its reference: it is new with its first entry only.
            if first_entry {
                assert!(seen.charges.insert(reference.clone()), "the charge {reference} was paid twice");
            }
        }
    }
    let unbalanced: Vec<_> = transactions.iter().filter(|(_, sum)| **sum != 0).collect();
    assert!(unbalanced.is_empty(), "unbalanced ledger transactions: {unbalanced:?}");
    let mut kept = conn.prepare_cached("SELECT amount_cents FROM ledger_balances WHERE ledger_account = ?1").unwrap();
    for account in accounts {
        let balance: i64 = kept.query_row([&account], |r| r.get(0)).unwrap();
        let sum = seen.sums[&account];
        assert_eq!(balance, sum, "{account}'s kept balance is not its entries' sum");
        if account.starts_with("buyer_balance:") {
            assert!(sum >= 0, "{account} is negative: {sum}");
        }
        if let Some(buyer) = account.strip_prefix("buyer_credit:") {
            let limit: i64 =
                conn.query_row("SELECT credit_limit_cents FROM accounts WHERE id = ?1", [buyer], |r| r.get(0)).unwrap();
            assert!(-sum <= limit, "{account} used {} beyond its limit {limit}", -sum);
        }
    }
    let came_in = -seen.sums.get("provider:top_ups").copied().unwrap_or_default();
    assert_eq!(came_in, topped_up_cents, "the money topped up is the money that came in");
    for order in orders {
        let (paid, refunded) =
            (seen.paid.get(&order).copied().unwrap_or(0), seen.refunded.get(&order).copied().unwrap_or(0));
        assert!(refunded <= paid, "order {order} refunded {refunded} of {paid} paid");
    }
}

/// The whole ledger read at once, at the end of a run: what `money` checked step by step.
pub fn whole_ledger(conn: &Connection) {
    assert!(ledger::unbalanced(conn).unwrap().is_empty(), "an unbalanced ledger transaction");
    assert_eq!(
        one::<i64>(conn, "SELECT coalesce(sum(amount_cents), 0) FROM ledger_entries"),
        0,
        "the ledger sums to zero"
    );
    assert_eq!(ledger::unbalanced_accounts(conn).unwrap(), vec![], "a kept balance is not its entries' sum");
}

fn one_order_per_checkout(conn: &Connection) {
    let twice = rows(
        conn,
        "SELECT account_id || ' ' || idempotency_key, count(*) FROM orders
         GROUP BY account_id, idempotency_key HAVING count(*) > 1",
    );
    assert!(twice.is_empty(), "one checkout made two orders: {twice:?}");
}

/// R-BUY-3 to R-BUY-6, R-SUP-5, R-UNS: how an order's status may change.
fn order_moves(from: &str) -> &'static [&'static str] {
    match from {
        "pending_payment" => &["paid", "cancelled"],
        "paid" => &["processing", "completed", "cancelled"],
        "processing" => &["completed", "cancelled"],
        "completed" => &["cancelled"],
        _ => &[],
    }
}

/// R-REN-1, R-REN-2: a subscription's life, and a renewal bringing it back before release.
fn subscription_moves(from: &str) -> &'static [&'static str] {
    match from {
        "active" => &["grace", "cancelled"],
        "grace" => &["retention", "active", "cancelled"],
        "retention" => &["released", "active", "cancelled"],
        _ => &[],
    }
}

/// Whether `to` is `from` or reachable from it by `moves`.
fn reachable(moves: &dyn Fn(&str) -> Vec<&'static str>, from: &str, to: &str) -> bool {
    let mut seen = vec![from.to_string()];
    let mut at = 0;
    while at < seen.len() {
        if seen[at] == to {
            return true;
        }
        for next in moves(&seen[at]) {
            if !seen.iter().any(|s| s == next) {
                seen.push(next.to_string());
            }
        }
        at += 1;
    }
    false
}

fn legal_moves(
    conn: &Connection,
    seen: &mut BTreeMap<u32, String>,
    sql: &str,
    moves: fn(&str) -> &'static [&'static str],
    first: &str,
) {
    let mut statement = conn.prepare_cached(sql).unwrap();
    let now: Vec<(u32, String)> =
        statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap();
    for (id, state) in now {
        let from = seen.get(&id).map_or(first, String::as_str);
        assert!(reachable(&|s| moves(s).to_vec(), from, &state), "{sql}: {id} went from {from} to {state}");
        seen.insert(id, state);
    }
}

/// R-SUP-1 to R-SUP-7: one step moves a flow by one legal move (a sync or the clock by
/// several); an appeal settled for the seller puts it back where it froze.
fn flows(conn: &Connection, seen: &mut crate::world::Seen, many: bool) {
    let mut statement = conn.prepare_cached("SELECT order_id, state FROM service_flows").unwrap();
    let now: Vec<(u32, String)> =
        statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap();
    for (order, state) in now {
        let Some(from) = seen.flows.get(&order).cloned() else {
            assert!(
                state == "awaiting_request" || state == "seller_deploying",
                "order {order}'s flow began at {state}"
            );
            seen.flows.insert(order, state);
            seen.touched.insert(order);
            continue;
        };
        if from == state {
            continue;
        }
        seen.touched.insert(order);
        let frozen_from = seen.frozen_from.get(&order).cloned().unwrap_or_default();
        let moves = |s: &str| flow_moves(s, &frozen_from);
        let legal = if many { reachable(&moves, &from, &state) } else { moves(&from).contains(&state.as_str()) };
        assert!(legal, "order {order}'s flow went from {from} to {state}");
        if state == "frozen" {
            let froze_from = if many {
                // Several operations reached the flow in this step (a sync, the clock): it froze
                // from a state it could reach from where it stood.
                let stored: String = conn
                    .query_row("SELECT frozen_from FROM service_flows WHERE order_id = ?1", [order], |r| r.get(0))
                    .unwrap();
                let open = stored != "frozen" && !stored.is_empty();
                assert!(
                    open && reachable(&moves, &from, &stored),
                    "order {order}'s flow froze from {stored}, not reachable from {from}"
                );
                stored
            } else {
                from.clone()
            };
            seen.frozen_from.insert(order, froze_from);
        }
        seen.flows.insert(order, state);
    }
}

fn flow_moves(from: &str, frozen_from: &str) -> Vec<&'static str> {
    let mut moves: Vec<&'static str> = match from {
        "awaiting_request" => vec!["reviewing_request"],
        "reviewing_request" => vec!["seller_deploying", "awaiting_request"],
        "seller_deploying" => vec!["awaiting_acceptance"],
        "awaiting_acceptance" => vec!["accepted", "seller_deploying"],
        "accepted" => vec!["completed"],
        "frozen" => {
            let back = ["awaiting_request", "reviewing_request", "seller_deploying", "awaiting_acceptance", "accepted"]
                .into_iter()
                .filter(|s| *s == frozen_from);
            return back.chain(["completed", "cancelled"]).collect();
        }
        _ => return vec![],
    };
    moves.extend(["frozen", "cancelled"]);
    moves
}

fn instant(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// Each pending step of a live subscription is at its local hour in the buyer's zone as it is
/// now (R-MT-4, R-REN-1, R-REN-3, R-AFT-4): grace ends 15 days after the expiry's date and
/// retention 30, at 23:59:59; notices at 09:00; automatic renewal at 03:00 (the first instant
/// after a clock change that skips it). A timer already due may still be waiting for a run.
fn local_hours(conn: &Connection, now: DateTime<Utc>) {
    let mut statement = conn
        .prepare_cached(
            "SELECT s.id, t.kind, t.due_at, s.expires_at, a.time_zone FROM timers t
             JOIN subscriptions s ON s.id = t.subject JOIN accounts a ON a.id = s.account_id
             WHERE t.state = 'pending' AND s.state IN ('active', 'grace', 'retention')
               AND t.kind IN ('expiry_notice', 'grace_end', 'release_notice', 'release', 'auto_renewal')",
        )
        .unwrap();
    let pending = statement
        .query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<Result<Vec<(u32, String, String, String, String)>, _>>()
        .unwrap();
    for (id, kind, due, expires, zone) in pending {
        let (due, expires) = (instant(&due), instant(&expires));
        if due <= now {
            continue;
        }
        let expected = match kind.as_str() {
            "grace_end" => clock::end_of_day_after(expires, &zone, 15),
            "release" => clock::end_of_day_after(expires, &zone, 30),
            "auto_renewal" => clock::hour_on_day(due, &zone, 0, 3),
            _ => clock::hour_on_day(due, &zone, 0, 9),
        };
        assert_eq!(due, expected, "subscription {id}'s {kind} in {zone}");
    }
}

/// A live subscription renewed automatically always has its next attempt planned (R-REN-3,
/// R-REN-5), unless its last attempt failed with no 03:00 left before the release.
fn automatic_renewals_planned(conn: &Connection) {
    let unplanned: Vec<(String, i64)> = rows(
        conn,
        "SELECT 'subscription ' || s.id || ' expiring ' || s.expires_at, 1 FROM subscriptions s
         WHERE s.auto_renew = 1 AND s.state IN ('active', 'grace', 'retention')
           AND NOT EXISTS (SELECT 1 FROM timers t
                           WHERE t.kind = 'auto_renewal' AND t.subject = s.id AND t.state = 'pending')
           AND coalesce((SELECT r.status FROM renewals r WHERE r.subscription_id = s.id
                         ORDER BY r.id DESC LIMIT 1), '') <> 'failed'",
    );
    assert!(unplanned.is_empty(), "automatic renewal on and nothing planned: {unplanned:?}");
}

/// Every timer due by the time the scheduler ran to has fired, and none due later has.
fn timers(conn: &Connection, now: DateTime<Utc>, scheduled: bool) {
    let latest_fired: Option<String> = one(conn, "SELECT max(due_at) FROM timers WHERE state = 'fired'");
    if let Some(at) = latest_fired {
        assert!(instant(&at) <= now, "a timer due at {at} fired before its time ({now})");
    }
    if scheduled {
        let earliest_pending: Option<String> = one(conn, "SELECT min(due_at) FROM timers WHERE state = 'pending'");
        if let Some(at) = earliest_pending {
            assert!(instant(&at) > now, "a timer due at {at} has not fired by {now}");
        }
    }
}

//! `kg clock`: shows and moves the demo clock kept in the store, which the app reads too, so
//! an operator can make "3 hours after acceptance" happen during a demo.
//!
//! Moving the clock runs the one scheduler up to the new time, as the app does on its tick:
//! every timer it passes fires once, in time order (completions, appeal eligibility, refunds,
//! hourly billing), and each is printed with the rule that set it.

use std::path::Path;

use chrono::SubsecRound;
use koogallery_core::clock::{ClockReading, SystemClock};
use koogallery_core::demo::{self, Jump};
use koogallery_core::orders::Services;
use koogallery_core::scheduler::{self, Fired, Upcoming};
use koogallery_core::{CoreError, Store};
use serde::Serialize;

use crate::args::demo::ClockCommand;
use crate::output::{count, instant, table, Output, Zone};
use crate::Failure;

/// Every clock command but `next` answers with the time the store now runs on, and moving
/// the clock with what fired on the way.
pub fn run(store: &mut Store, path: &Path, command: ClockCommand, out: &Output) -> Result<(), Failure> {
    // On a demo sandbox the clock moves by its time machine, which keeps each move to undo.
    let sandbox = demo::is_sandbox(store.conn())?.then(|| demo::Sandbox::at(path));
    let moved = match command {
        ClockCommand::Show => false,
        ClockCommand::Set { at } => {
            store.set_demo_clock(at)?;
            true
        }
        ClockCommand::Advance { by } => match &sandbox {
            Some(sandbox) => return travel(sandbox, store, Jump::By(by), out),
            None => {
                store.advance_demo_clock(by, &SystemClock)?;
                true
            }
        },
        ClockCommand::Skip => {
            let sandbox = sandbox.ok_or_else(not_a_sandbox)?;
            return travel(&sandbox, store, Jump::NextEvent, out);
        }
        ClockCommand::Undo => {
            let sandbox = sandbox.ok_or_else(not_a_sandbox)?;
            sandbox.undo(store, &Services::system())?;
            false
        }
        // Back on the machine's clock, the next command that reads flows or bills catches up.
        ClockCommand::Reset => {
            store.clear_demo_clock()?;
            false
        }
        ClockCommand::Next { limit } => return next(store, limit, out),
    };
    let mut reading = Reading::from(store.clock(&SystemClock)?);
    if moved {
        let now = store.clock(&SystemClock)?.now;
        let fired = scheduler::run_until(store, &Services::system(), now)?;
        reading.money_moved = Some(scheduler::money_moved(&fired));
        reading.fired = Some(fired);
    }
    out.show(&reading, || reading.text(out.zone()))?;
    Ok(())
}

fn not_a_sandbox() -> CoreError {
    CoreError::Forbidden(
        "the time machine (skip, undo) works on a demo sandbox: make one with `kg demo sandbox`".into(),
    )
}

/// A move of a sandbox's time machine, with what it fired.
fn travel(sandbox: &demo::Sandbox, store: &mut Store, jump: Jump, out: &Output) -> Result<(), Failure> {
    let travel = sandbox.travel(store, &Services::system(), jump)?;
    let mut reading = Reading::from(store.clock(&SystemClock)?);
    reading.money_moved = Some(travel.money_moved);
    reading.fired = Some(travel.fired);
    reading.undoable = Some(travel.undoable);
    out.show(&reading, || reading.text(out.zone()))?;
    Ok(())
}

/// What will fire next, after firing what is already due.
fn next(store: &mut Store, limit: u32, out: &Output) -> Result<(), Failure> {
    scheduler::catch_up(store, &Services::system())?;
    let list = scheduler::upcoming(store, limit)?;
    out.show(&list, || upcoming_text(&list, out.zone()))?;
    Ok(())
}

#[derive(Serialize)]
struct Reading {
    now: String,
    demo: bool,
    /// What moving the clock fired, in time order.
    #[serde(skip_serializing_if = "Option::is_none")]
    fired: Option<Vec<Fired>>,
    /// The money those timers moved, added up.
    #[serde(skip_serializing_if = "Option::is_none")]
    money_moved: Option<String>,
    /// On a demo sandbox: how many moves can be undone.
    #[serde(skip_serializing_if = "Option::is_none")]
    undoable: Option<u32>,
}

impl From<ClockReading> for Reading {
    fn from(reading: ClockReading) -> Self {
        // The machine's time to the second: its nanoseconds are noise. A demo time is shown
        // exactly as it was set.
        let now = if reading.demo { reading.now } else { reading.now.trunc_subsecs(0) };
        Reading { now: instant(now), demo: reading.demo, fired: None, money_moved: None, undoable: None }
    }
}

impl Reading {
    fn text(&self, zone: Zone) -> String {
        let source = if self.demo { "demo clock" } else { "machine clock" };
        let mut lines = vec![format!("{} ({source})", zone.at(&self.now))];
        if let Some(fired) = self.fired.as_deref().filter(|f| !f.is_empty()) {
            lines.push(format!("Fired {}:", count(fired.len() as u32, "timer")));
            lines.extend(fired_lines(fired, zone).into_iter().map(|l| format!("  {l}")));
            if let Some(money) = self.money_moved.as_deref().filter(|m| *m != "0.00") {
                lines.push(format!("Money moved: {money}"));
            }
        }
        if let Some(n) = self.undoable {
            lines.push(format!("{} to undo with `kg clock undo`.", count(n, "move")));
        }
        lines.join("\n")
    }
}

/// One line per fired timer: time, rule, subject, what it did and the money it moved.
pub fn fired_lines(fired: &[Fired], zone: Zone) -> Vec<String> {
    let rows: Vec<Vec<String>> = fired
        .iter()
        .map(|f| {
            let money = f.money.as_deref().filter(|m| *m != "0.00").map(|m| format!("  [{m}]")).unwrap_or_default();
            vec![zone.at(&f.at), f.rule.clone(), f.subject.clone(), format!("{}{money}", zone.words(&f.summary))]
        })
        .collect();
    table(&rows)
}

fn upcoming_text(list: &[Upcoming], zone: Zone) -> String {
    if list.is_empty() {
        return "Nothing is due to fire.".to_string();
    }
    let mut rows = vec![["AT", "RULE", "SUBJECT", "TIMER", "ABOUT"].map(String::from).to_vec()];
    rows.extend(
        list.iter().map(|u| vec![zone.at(&u.at), u.rule.clone(), u.subject.clone(), u.kind.clone(), u.about.clone()]),
    );
    table(&rows).join("\n")
}

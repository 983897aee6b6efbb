//! The time machine of demo mode (R-DEMO-2): the scheduler with a face. It moves the sandbox's
//! clock forward by a step or to the next timer, fires every timer it passes in order (the
//! one scheduler, so one jump or many small ones give the same store), lists what fired with
//! its rule, subject and money, and can go back: each move first keeps the store as it was.

use std::path::PathBuf;

use chrono::{DateTime, Duration, Months, Utc};
use serde::{Deserialize, Serialize};

use super::sandbox::{is_sandbox, Sandbox};
use crate::orders::Services;
use crate::scheduler::{self, Fired};
use crate::timers::text;
use crate::{CoreError, Result, Store};

/// How many moves can be undone, the latest first.
pub const UNDO_DEPTH: u32 = 20;

/// Where the time machine moves the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jump {
    By(Duration),
    /// By calendar months: a month from 31 January is the last day of February.
    Months(u32),
    /// To the next timer, whatever it is.
    NextEvent,
}

/// The moves a visitor picks from (R-DEMO-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TimeStep {
    ThreeHours,
    Day,
    FiveDays,
    Month,
    Year,
    NextEvent,
}

impl From<TimeStep> for Jump {
    fn from(step: TimeStep) -> Jump {
        match step {
            TimeStep::ThreeHours => Jump::By(Duration::hours(3)),
            TimeStep::Day => Jump::By(Duration::days(1)),
            TimeStep::FiveDays => Jump::By(Duration::days(5)),
            TimeStep::Month => Jump::Months(1),
            TimeStep::Year => Jump::Months(12),
            TimeStep::NextEvent => Jump::NextEvent,
        }
    }
}

/// One move: from when to when, what fired on the way, in order, and the money it moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Travel {
    pub from: String,
    pub to: String,
    pub fired: Vec<Fired>,
    pub money_moved: String,
    /// How many moves can now be undone.
    pub undoable: u32,
}

impl Sandbox {
    /// Moves the sandbox's clock (`store` is the sandbox, open), keeping the state before.
    pub fn travel(&self, store: &mut Store, services: &Services<'_>, jump: Jump) -> Result<Travel> {
        if !is_sandbox(store.conn())? {
            return Err(CoreError::Forbidden("the time machine works on a demo sandbox only".into()));
        }
        let from = store.clock(services.clock)?.now;
        let to = match jump {
            Jump::By(by) if by <= Duration::zero() => {
                return Err(CoreError::invalid("the time machine moves forward only"));
            }
            Jump::By(by) => {
                from.checked_add_signed(by).ok_or_else(|| CoreError::invalid("that move goes past the year 262143"))?
            }
            Jump::Months(months) => from
                .checked_add_months(Months::new(months))
                .filter(|to| *to > from)
                .ok_or_else(|| CoreError::invalid("the time machine moves forward by at least a month"))?,
            Jump::NextEvent => next_event(store)?.max(from),
        };
        let undoable = self.keep_for_undo(store)?;
        store.set_demo_clock(to)?;
        let fired = scheduler::run_until(store, services, to)?;
        Ok(Travel { from: text(from), to: text(to), money_moved: scheduler::money_moved(&fired), fired, undoable })
    }

    /// Puts the store back as it was before the last move; returns the clock it is back at.
    pub fn undo(&self, store: &mut Store, services: &Services<'_>) -> Result<String> {
        let moves = self.moves()?;
        let last = moves.last().ok_or_else(|| CoreError::not_found("a move of the time machine to undo"))?;
        store.restore_snapshot(last)?;
        std::fs::remove_file(last)
            .map_err(|source| CoreError::Io { context: format!("cannot remove {}", last.display()), source })?;
        Ok(text(store.clock(services.clock)?.now))
    }

    /// How many moves can be undone.
    pub fn undoable(&self) -> Result<u32> {
        Ok(self.moves()?.len() as u32)
    }

    /// Keeps the store as it is before a move; the oldest beyond `UNDO_DEPTH` is let go.
    fn keep_for_undo(&self, store: &Store) -> Result<u32> {
        let moves = self.moves()?;
        let next = moves.last().and_then(|p| number(p)).map_or(1, |n| n + 1);
        store.save_snapshot(&self.undo_folder().join(format!("{next:06}.db")))?;
        let kept = moves.len() + 1;
        for oldest in moves.iter().take(kept.saturating_sub(UNDO_DEPTH as usize)) {
            let _ = std::fs::remove_file(oldest);
        }
        Ok(kept.min(UNDO_DEPTH as usize) as u32)
    }

    /// The kept states, oldest first.
    fn moves(&self) -> Result<Vec<PathBuf>> {
        let folder = self.undo_folder();
        if !folder.exists() {
            return Ok(Vec::new());
        }
        let entries = std::fs::read_dir(&folder)
            .map_err(|source| CoreError::Io { context: format!("cannot read {}", folder.display()), source })?;
        let mut moves: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| number(p).is_some() && p.extension().is_some_and(|e| e == "db"))
            .collect();
        moves.sort_by_key(|p| number(p));
        Ok(moves)
    }
}

/// The number a kept state is filed under.
fn number(path: &std::path::Path) -> Option<u32> {
    path.file_stem()?.to_str()?.parse().ok()
}

/// When the next timer is due.
fn next_event(store: &Store) -> Result<DateTime<Utc>> {
    let next = scheduler::upcoming(store, 1)?;
    let first = next.first().ok_or_else(|| CoreError::not_found("a timer to move to: nothing is due any more"))?;
    crate::subscriptions::instant(&first.at)
}

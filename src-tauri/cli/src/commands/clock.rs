//! `kg clock`: shows and moves the demo clock kept in the store, which the app reads too, so
//! an operator can make "3 hours after acceptance" happen during a demo.

use chrono::SubsecRound;
use koogallery_core::clock::{ClockReading, SystemClock};
use koogallery_core::Store;
use serde::Serialize;

use crate::args::ClockCommand;
use crate::output::{instant, Output};
use crate::Failure;

/// Every clock command answers with the time the store now runs on.
pub fn run(store: &Store, command: ClockCommand, out: &Output) -> Result<(), Failure> {
    match command {
        ClockCommand::Show => {}
        ClockCommand::Set { at } => store.set_demo_clock(at)?,
        ClockCommand::Advance { by } => {
            store.advance_demo_clock(by, &SystemClock)?;
        }
        ClockCommand::Reset => store.clear_demo_clock()?,
    }
    let reading = Reading::from(store.clock(&SystemClock)?);
    out.show(&reading, || reading.text())?;
    Ok(())
}

#[derive(Serialize)]
struct Reading {
    now: String,
    demo: bool,
}

impl From<ClockReading> for Reading {
    fn from(reading: ClockReading) -> Self {
        // The machine's time to the second: its nanoseconds are noise. A demo time is shown
        // exactly as it was set.
        let now = if reading.demo { reading.now } else { reading.now.trunc_subsecs(0) };
        Reading { now: instant(now), demo: reading.demo }
    }
}

impl Reading {
    fn text(&self) -> String {
        let source = if self.demo { "demo clock" } else { "machine clock" };
        format!("{} ({source})", self.now)
    }
}

//! `kg clock`: shows and moves the demo clock kept in the store, which the app reads too, so
//! an operator can make "3 hours after acceptance" happen during a demo.

use chrono::SubsecRound;
use koogallery_core::clock::{ClockReading, SystemClock};
use koogallery_core::images::{self, MeteringReport};
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::Store;
use serde::Serialize;

use crate::args::ClockCommand;
use crate::output::{instant, Output};
use crate::Failure;

/// Every clock command answers with the time the store now runs on. Moving the clock bills
/// the hours of pay-per-use images it moved past (R-IMG-4), as the app does.
pub fn run(store: &mut Store, command: ClockCommand, out: &Output) -> Result<(), Failure> {
    let moved = match command {
        ClockCommand::Show => false,
        ClockCommand::Set { at } => {
            store.set_demo_clock(at)?;
            true
        }
        ClockCommand::Advance { by } => {
            store.advance_demo_clock(by, &SystemClock)?;
            true
        }
        // Back on the machine's clock, the next command bills what is due by then.
        ClockCommand::Reset => {
            store.clear_demo_clock()?;
            false
        }
    };
    let mut reading = Reading::from(store.clock(&SystemClock)?);
    if moved {
        let now = store.clock(&SystemClock)?.now;
        reading.billed = Some(images::process_metering(store, &SimulatedProvider, now)?);
    }
    out.show(&reading, || reading.text())?;
    Ok(())
}

#[derive(Serialize)]
struct Reading {
    now: String,
    demo: bool,
    /// What moving the clock billed.
    #[serde(skip_serializing_if = "Option::is_none")]
    billed: Option<MeteringReport>,
}

impl From<ClockReading> for Reading {
    fn from(reading: ClockReading) -> Self {
        // The machine's time to the second: its nanoseconds are noise. A demo time is shown
        // exactly as it was set.
        let now = if reading.demo { reading.now } else { reading.now.trunc_subsecs(0) };
        Reading { now: instant(now), demo: reading.demo, billed: None }
    }
}

impl Reading {
    fn text(&self) -> String {
        let source = if self.demo { "demo clock" } else { "machine clock" };
        match &self.billed {
            Some(billed) if billed.blocks > 0 => {
                format!("{} ({source})\nBilled {} hourly charges: {}", self.now, billed.blocks, billed.charged)
            }
            _ => format!("{} ({source})", self.now),
        }
    }
}

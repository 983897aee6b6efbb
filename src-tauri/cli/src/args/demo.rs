//! The trade-show demo store and its clock (`kg demo`, `kg clock`).

use chrono::{DateTime, TimeDelta, Utc};
use clap::Subcommand;
use koogallery_core::clock::{parse_duration, parse_instant};
use koogallery_core::demo::MAX_GENERATED;

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Replace everything in the data file with the demo catalog and demo accounts; a demo
    /// sandbox is put back to its first state instead, in well under a second
    Reset,

    /// Make the data file a demo sandbox: the demo store with its clock stopped, its first
    /// state kept beside it (FILE.first.db) to be put back at once, and a time machine whose
    /// moves can be undone. On a sandbox, put it back to its first state
    Sandbox,

    /// Add synthetic but plausible products, to try the app at marketplace scale
    Generate {
        /// How many products to add
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_GENERATED)))]
        products: u32,

        /// The same seed generates the same products
        #[arg(long, value_name = "N", default_value_t = 42)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClockCommand {
    /// The time the store runs on, and whether it is the demo clock
    Show,

    /// Stop the demo clock at an instant, firing every timer due by then, in time order
    Set {
        /// e.g. 2026-03-01T09:00:00Z, or with an offset: 2026-03-01T10:00:00+01:00
        #[arg(value_name = "RFC3339", value_parser = parse_instant)]
        at: DateTime<Utc>,
    },

    /// Move the demo clock forward (starting it from the machine's time if it is not set),
    /// firing every timer it passes, in time order: completions, refunds, hourly billing
    Advance {
        /// e.g. 5d, 3h, 90m or "1d 12h"
        #[arg(value_name = "DURATION", value_parser = parse_duration)]
        by: TimeDelta,
    },

    /// Go back to the machine's clock
    Reset,

    /// Move the clock to the next timer, whatever it is (a demo sandbox's time machine)
    Skip,

    /// Undo the last move of the clock: the store as it was before it (a demo sandbox)
    Undo,

    /// What will fire next and when: completions, appeal eligibility, refunds, hourly billing
    Next {
        /// At most N timers
        #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
        limit: u32,
    },
}

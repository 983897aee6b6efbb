//! Hourly metering of pay-per-use images and instances (R-IMG-4), driven by the clock.
//!
//! Billing is kept as *runs*: one item (`ecs` for the flavour and its EIP, or an image as
//! `product/edition`) billed from a start (when billing starts or resumes) to an end (delete,
//! a switch to another image, suspension; a yearly/monthly instance's expiry caps it). A run
//! is cut into 60-minute blocks from its start; a block is billed, in full and once, as soon
//! as it has started before the run's end and before now. So an instance created at 10:00
//! and deleted at 12:20 pays three blocks (10:00, 11:00, 12:00), and one looked at 10:00:00
//! on the dot pays nothing yet.
//!
//! [`process_metering`] bills every block due, in time order across the store, each as one
//! `hourly_charges` row (unique per instance, block start and item) with its ledger
//! transaction, in one database transaction. Running it twice, or after the app was closed
//! for a week, bills each block exactly once.
//!
//! When a charge cannot be paid (a prepaid balance too low, a declined card, credit used up)
//! the row is kept as unpaid (arrears), the instance is suspended and its runs end at that
//! block's start: billing stops. Starting it again pays the arrears first, then billing
//! resumes from a new block start. A reseller customer's charges are recorded for reference
//! only; nothing is charged and nothing is suspended.
//!
//! By what happens: `bill` bills the blocks due (the scheduler's hourly step), `runs` opens
//! and ends runs as instances are made, stopped, started and deleted, `arrears` pays what a
//! suspended instance owes before it starts again, and `charges` lists what was billed.

mod arrears;
mod bill;
mod charges;
mod runs;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::payments::PaymentProvider;
use crate::{CoreError, Result, Store};

pub(crate) use arrears::pay_arrears;
pub(crate) use bill::{meter, next_block};
pub use charges::{charges, list_charges};
pub(crate) use runs::{close_runs, open_run};

/// The item of a run or charge that bills the instance itself (flavour and EIP).
pub const ECS_ITEM: &str = "ecs";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ChargeStatus {
    Paid,
    /// Arrears: the charge could not be paid and the instance was suspended.
    Unpaid,
    /// A reseller customer's: for reference only, nothing was charged.
    ReferenceOnly,
}

impl rusqlite::types::FromSql for ChargeStatus {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        match value.as_str()? {
            "paid" => Ok(ChargeStatus::Paid),
            "unpaid" => Ok(ChargeStatus::Unpaid),
            "reference_only" => Ok(ChargeStatus::ReferenceOnly),
            other => Err(rusqlite::types::FromSqlError::Other(format!("unknown charge status {other:?}").into())),
        }
    }
}

/// One hour's charge for one item, as `kg bills list` and Billing Center show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HourlyCharge {
    pub id: u32,
    pub instance_id: u32,
    pub instance_name: String,
    /// `ecs`, or the image as `product/edition`.
    pub item: String,
    pub label: String,
    /// The start of the 60-minute block charged.
    pub block_start: String,
    /// Two decimals.
    pub amount: String,
    pub status: ChargeStatus,
    pub billed_at: String,
}

/// What one run of metering did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeteringReport {
    /// Blocks billed (paid, unpaid or for reference).
    pub blocks: u32,
    /// What was charged, two decimals.
    pub charged: String,
    /// Instances suspended for arrears.
    pub suspended: Vec<u32>,
}

fn text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn instant(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| CoreError::Internal(format!("a stored time {text:?} is unreadable: {e}")))
}

/// Bills every block due up to `now`, for every account, in one transaction.
pub fn process_metering(
    store: &mut Store,
    payments: &dyn PaymentProvider,
    now: DateTime<Utc>,
) -> Result<MeteringReport> {
    store.write(|tx| meter(tx, payments, now))
}

/// Bills every block due up to the store's "now" (the demo clock when set): what the app does
/// when it starts and before it shows instances or charges.
pub fn bill_due(store: &mut Store, services: &crate::orders::Services<'_>) -> Result<MeteringReport> {
    let now = store.clock(services.clock)?.now;
    process_metering(store, services.payments, now)
}

//! Images, provisioned together with the ECS they run on (R-IMG, R-BUY-5, R-BUY-6), and their
//! hourly metering (R-IMG-4).
//!
//! - `password`: the ECS login password's rules (R-IMG-3) and its salted hash;
//! - `wizard`: the customized flow's steps as a pure state machine the UI mirrors;
//! - `fees`: what is bought (`EcsConfiguration`) and its fees, itemised before paying;
//! - `provision`: provisioning itself (quick or customized): the order, its ledger
//!   transaction and every resource in one transaction, or a cancelled order and nothing else;
//! - `metering`: hourly charges in 60-minute blocks, idempotent, driven by the clock;
//! - `ecs`: the ECS console: list, show, stop, start, delete, replace the system disk.
//!
//! What this module must never do: keep or print a login password, or create a resource
//! outside the transaction that pays for it.

pub mod ecs;
pub mod fees;
pub mod metering;
pub mod password;
pub mod provision;
pub mod wizard;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::catalog::model::BillingMode;
use crate::{CoreError, Result};

pub use ecs::{console, console_show, delete, list, replace_disk, show, start, stop};
pub use fees::{fees, EcsConfiguration, ProvisionFees};
pub use metering::{bill_due, charges, list_charges, process_metering, ChargeStatus, HourlyCharge, MeteringReport};
pub use password::{check_for_product, LoginPassword, PasswordCheck, PasswordRule, RuleCheck};
pub use provision::{provision, NetworkChoice, ProvisionRequest, ProvisionResult, SecurityGroupChoice};

/// Quick provisioning (one page, needs the agencies of R-AGY) or the customized wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ProvisionMode {
    Quick,
    Custom,
}

impl std::str::FromStr for ProvisionMode {
    type Err = CoreError;
    fn from_str(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "quick" => Ok(ProvisionMode::Quick),
            "custom" | "customized" => Ok(ProvisionMode::Custom),
            _ => Err(CoreError::invalid(format!("mode: {text:?} is not a provisioning mode; use quick or custom"))),
        }
    }
}

/// An ECS instance's state.
///
/// ```text
/// running ⇄ stopped          (stop, start; replacing the system disk keeps the state)
///    │ └──────┴─▶ suspended   (arrears: an hourly charge could not be paid)
///    │             │ start, once the arrears are paid ─▶ running
///    └─────────────┴──────────▶ deleted (final, from any other state)
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum InstanceState {
    Running,
    Stopped,
    Suspended,
    Deleted,
}

/// What can happen to an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum EcsAction {
    Stop,
    Start,
    Delete,
    ReplaceDisk,
    /// By the system only, when an hourly charge cannot be paid.
    Suspend,
}

impl InstanceState {
    pub const ALL: [InstanceState; 4] =
        [InstanceState::Running, InstanceState::Stopped, InstanceState::Suspended, InstanceState::Deleted];

    pub fn as_str(self) -> &'static str {
        match self {
            InstanceState::Running => "running",
            InstanceState::Stopped => "stopped",
            InstanceState::Suspended => "suspended",
            InstanceState::Deleted => "deleted",
        }
    }

    /// The state `action` leads to, or `None` when it is not allowed from this state. A
    /// suspended instance may start only once its arrears are paid: `start` checks that.
    pub fn after(self, action: EcsAction) -> Option<InstanceState> {
        use EcsAction::*;
        use InstanceState::*;
        match (self, action) {
            (Running, Stop) => Some(Stopped),
            (Stopped | Suspended, Start) => Some(Running),
            (Running | Stopped | Suspended, Delete) => Some(Deleted),
            (Running | Stopped, ReplaceDisk) => Some(self),
            (Running | Stopped, Suspend) => Some(Suspended),
            _ => None,
        }
    }
}

impl EcsAction {
    pub const ALL: [EcsAction; 5] =
        [EcsAction::Stop, EcsAction::Start, EcsAction::Delete, EcsAction::ReplaceDisk, EcsAction::Suspend];

    fn words(self) -> &'static str {
        match self {
            EcsAction::Stop => "stopped",
            EcsAction::Start => "started",
            EcsAction::Delete => "deleted",
            EcsAction::ReplaceDisk => "given a new system disk",
            EcsAction::Suspend => "suspended",
        }
    }
}

impl fmt::Display for InstanceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl rusqlite::types::FromSql for InstanceState {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let text = value.as_str()?;
        InstanceState::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| rusqlite::types::FromSqlError::Other(format!("unknown instance state {text:?}").into()))
    }
}

impl rusqlite::types::ToSql for InstanceState {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

/// The state after `action`, or a `conflict` saying why it cannot happen.
pub(crate) fn next_state(id: u32, state: InstanceState, action: EcsAction) -> Result<InstanceState> {
    state.after(action).ok_or_else(|| {
        let why = match state {
            InstanceState::Deleted => "it is deleted".to_string(),
            other => format!("it is {other}"),
        };
        CoreError::Conflict(format!("ECS {id} cannot be {} because {why}", action.words()))
    })
}

/// The user an image's operating system logs in as: `Administrator` on Windows, else `root`.
pub fn login_user(operating_system: Option<&str>) -> &'static str {
    match operating_system {
        Some(os) if os.to_ascii_lowercase().contains("windows") => "Administrator",
        _ => "root",
    }
}

/// An ECS instance as the ECS console lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EcsInstance {
    pub id: u32,
    pub name: String,
    pub state: InstanceState,
    pub flavour: String,
    /// The image on the system disk.
    pub product_id: String,
    pub product_name: String,
    pub edition: String,
    pub login_user: String,
    pub billing: BillingMode,
    /// "Prepaid balance", "Card", "Credit", "Reseller".
    pub payment: String,
    pub vpc: String,
    pub subnet: String,
    pub security_group: String,
    pub eip_address: Option<String>,
    pub eip_bandwidth_mbps: Option<u32>,
    /// Yearly/monthly: when the term ends (R-MT-4).
    pub expires_at: Option<String>,
    pub order_id: u32,
    pub created_at: String,
    /// When hourly billing last started or resumed; none while nothing is metered.
    pub billing_since: Option<String>,
    /// Hourly charges that could not be paid, two decimals: start pays them first.
    pub arrears: String,
}

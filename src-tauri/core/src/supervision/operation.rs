//! Every action a buyer, a seller or the operations manager takes on a service flow is an
//! operation: a record with an id chosen by the device that made it, the actor, what it did,
//! a remark, files and a time. [`apply`] is the one way an operation reaches the store:
//!
//! 1. an id already applied answers with its first outcome and changes nothing (a different
//!    operation under a used id is refused);
//! 2. the actor must be a party to the order (its buyer, its seller, or operations);
//! 3. the rules ([`super::rules::next`]) allow the step or refuse it with a code;
//! 4. the step's own checks and effects run (`super::request`, `deliver`, `accept`, …);
//! 5. the flow's new state, the record (chained to the one before) and its files are written.
//!
//! All of it in the caller's transaction: a refusal anywhere writes nothing. A seller's laptop
//! working offline later sends its operations through this same function.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::chain::{Hashed, GENESIS};
use super::proof::{self, Proof, Upload};
use super::rules::{self, FlowState, Party, Step};
use super::{accept, appeal, deliver, remind, request, unsubscribe, Flow, OperationRecord};
use crate::roles::Role;
use crate::store::secrets::{Secret, SecretKey};
use crate::timers::{self, TimerKind};
use crate::{CoreError, Result};

/// The longest operation id.
pub const MAX_ID_LEN: usize = 128;
/// The longest reason, comment or request text.
pub const MAX_TEXT_CHARS: usize = 4000;

/// Who acts: a role and, for a buyer, its account; for a seller, the seller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Actor {
    pub role: Role,
    pub id: String,
}

/// The application information a SaaS delivery carries (R-USE). The password is sealed
/// before it is stored and never serialised (see the `Serialize` below).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct AppAccess {
    pub user_name: String,
    pub initial_password: Secret,
    pub management_url: String,
    pub front_end_url: String,
}

/// An operation's fingerprint names the application's user and addresses, never its password.
impl Serialize for AppAccess {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("AppAccess", 3)?;
        s.serialize_field("user_name", &self.user_name)?;
        s.serialize_field("management_url", &self.management_url)?;
        s.serialize_field("front_end_url", &self.front_end_url)?;
        s.end()
    }
}

/// A seller's delivery: proof, the actual enabling time if it gives one (RFC 3339), and for
/// SaaS the application information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    #[serde(default)]
    pub remark: Option<String>,
    pub proof: Vec<Upload>,
    #[serde(default)]
    pub enabled_at: Option<String>,
    #[serde(default)]
    pub app: Option<AppAccess>,
}

/// How the operations manager settles an appeal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "for", rename_all = "snake_case", deny_unknown_fields)]
pub enum Ruling {
    /// The order is cancelled and refunded: in full when `refund` is left out, else the
    /// amount decided (two decimals, at most what was paid).
    Buyer {
        #[serde(default)]
        refund: Option<String>,
    },
    /// The flow goes on from where it froze, or completes.
    Seller {
        #[serde(default)]
        complete: bool,
    },
}

/// What an operation does, with its data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    SubmitRequest {
        text: String,
    },
    Remind,
    AcceptDelivery,
    RejectDelivery {
        reason: String,
    },
    Appeal {
        reason: String,
        #[serde(default)]
        proof: Vec<Upload>,
    },
    RequestUnsubscription {
        amount: String,
        reason: String,
        #[serde(default)]
        share_contact: bool,
    },
    AcceptRequest {
        #[serde(default)]
        remark: Option<String>,
    },
    RejectRequest {
        reason: String,
    },
    Deliver(Delivery),
    ReviewUnsubscription {
        request_id: u32,
        approve: bool,
        comment: String,
        #[serde(default)]
        records: Vec<Upload>,
    },
    Settle {
        ruling: Ruling,
        decision: String,
    },
}

impl Action {
    /// The step the rules decide on.
    pub fn step(&self) -> Step {
        match self {
            Action::SubmitRequest { .. } => Step::SubmitRequest,
            Action::Remind => Step::Remind,
            Action::AcceptDelivery => Step::AcceptDelivery,
            Action::RejectDelivery { .. } => Step::RejectDelivery,
            Action::Appeal { .. } => Step::Appeal,
            Action::RequestUnsubscription { .. } => Step::RequestUnsubscription,
            Action::AcceptRequest { .. } => Step::AcceptRequest,
            Action::RejectRequest { .. } => Step::RejectRequest,
            Action::Deliver(_) => Step::Deliver,
            Action::ReviewUnsubscription { approve: true, .. } => Step::ApproveUnsubscription,
            Action::ReviewUnsubscription { approve: false, .. } => Step::RejectUnsubscription,
            Action::Settle { ruling: Ruling::Buyer { .. }, .. } => Step::SettleForBuyer,
            Action::Settle { ruling: Ruling::Seller { complete: false }, .. } => Step::SettleResume,
            Action::Settle { ruling: Ruling::Seller { complete: true }, .. } => Step::SettleComplete,
        }
    }
}

/// One operation: its id, the flow (named by its order), who acts and what it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Operation {
    pub id: String,
    pub order_id: u32,
    pub actor: Actor,
    pub action: Action,
}

/// What applying an operation gave: its record, and whether it had been applied before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Applied {
    pub record: OperationRecord,
    pub repeated: bool,
}

/// What a step's effect adds to its record.
#[derive(Debug, Default)]
pub(crate) struct Effect {
    pub remark: Option<String>,
    pub details: super::OperationDetails,
    pub files: Vec<Proof>,
}

/// A reason, comment or text a person typed: trimmed, not empty, not too long.
pub(crate) fn text(what: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(CoreError::invalid(format!("{what}: write something")));
    }
    if trimmed.chars().count() > MAX_TEXT_CHARS {
        return Err(CoreError::invalid(format!("{what}: at most {MAX_TEXT_CHARS} characters")));
    }
    Ok(trimmed.to_string())
}

pub(crate) fn check_id(id: &str) -> Result<()> {
    let fine = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
    if id.is_empty() || id.len() > MAX_ID_LEN || !id.chars().all(fine) {
        return Err(CoreError::invalid(format!(
            "operation id: must be 1 to {MAX_ID_LEN} letters, digits, '-', '_', '.' or ':'"
        )));
    }
    Ok(())
}

/// Applies `op` at `at`, or answers with its first outcome if it was applied before. Runs in
/// the caller's transaction; a refusal writes nothing.
pub fn apply(tx: &Connection, key: &SecretKey, op: &Operation, at: DateTime<Utc>) -> Result<Applied> {
    check_id(&op.id)?;
    let fingerprint = serde_json::to_string(op)
        .map_err(|e| CoreError::Internal(format!("an operation could not be written down: {e}")))?;
    let earlier: Option<(u32, String)> = tx
        .prepare_cached("SELECT order_id, fingerprint FROM flow_operations WHERE id = ?1")?
        .query_row([&op.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((order_id, earlier)) = earlier {
        if earlier != fingerprint {
            return Err(CoreError::Conflict(format!(
                "operation id {:?} was already used for another operation (on order {order_id}); a new action \
                 needs a new id",
                op.id
            )));
        }
        return Ok(Applied { record: super::record(tx, &op.id)?, repeated: true });
    }

    let mut flow = super::load(tx, op.order_id)?;
    check_party(&flow, &op.actor)?;
    // A record never comes before the one it follows: the chain is in time order too.
    let last: String = tx
        .prepare_cached("SELECT max(at) FROM flow_operations WHERE order_id = ?1")?
        .query_row([op.order_id], |r| r.get(0))?;
    if timers::text(at) < last {
        return Err(CoreError::Conflict(format!(
            "the clock reads {} but the flow's last record is from {last}: set the clock forward, not back",
            timers::text(at)
        )));
    }
    // The clock may be behind (the app was closed past a completion): what was due before this
    // operation happens first, as the scheduler would have done it.
    if let (FlowState::Accepted, Some(completes)) = (flow.state, flow.completes_at.as_deref()) {
        let completes = super::instant(completes)?;
        if completes <= at {
            accept::complete(tx, flow.order_id, completes)?;
            flow = super::load(tx, op.order_id)?;
        }
    }
    let step = op.action.step();
    let next = rules::next(&flow.facts(), op.actor.role, step, at)?;
    let at_text = timers::text(at);
    let effect = match &op.action {
        Action::SubmitRequest { text } => request::submit(tx, &flow, text, &at_text)?,
        Action::AcceptRequest { remark } => request::accept(tx, &flow, remark.as_deref(), &at_text)?,
        Action::RejectRequest { reason } => request::reject(tx, &flow, reason, &at_text)?,
        Action::Remind => remind::remind(tx, &flow, &at_text)?,
        Action::Deliver(delivery) => deliver::deliver(tx, key, &flow, delivery, at)?,
        Action::AcceptDelivery => accept::accept(tx, &flow, at)?,
        Action::RejectDelivery { reason } => accept::reject(tx, &flow, reason, &at_text)?,
        Action::Appeal { reason, proof } => appeal::open(tx, &flow, op.actor.role, reason, proof, &at_text)?,
        Action::Settle { ruling, decision } => appeal::settle(tx, &flow, ruling, decision, next, at)?,
        Action::RequestUnsubscription { amount, reason, share_contact } => {
            unsubscribe::request(tx, &flow, &op.id, amount, reason, *share_contact, &at_text)?
        }
        Action::ReviewUnsubscription { request_id, approve, comment, records } => {
            unsubscribe::review(tx, &flow, &op.id, *request_id, *approve, comment, records, at)?
        }
    };
    move_flow(tx, &flow, op.actor.role, next, at)?;
    let record = write_record(tx, &flow, op, &fingerprint, step, next, effect, &at_text)?;
    Ok(Applied { record, repeated: false })
}

/// Only the order's buyer, its seller and the operations manager are parties to its flow.
fn check_party(flow: &Flow, actor: &Actor) -> Result<()> {
    let party = match actor.role {
        Role::Buyer => actor.id == flow.account_id,
        Role::Seller => actor.id == flow.seller_id,
        Role::OperationsManager => actor.id == crate::messages::OPERATIONS,
    };
    if !party {
        return Err(CoreError::Forbidden(format!(
            "order {} is not yours: only its buyer, its seller and the operations manager act on its service flow",
            flow.order_id
        )));
    }
    Ok(())
}

/// Writes the flow's new state and restarts the seller's silence where it must: any action of
/// the seller, or the flow coming to wait on the seller, starts the 5 days again (R-SUP-5).
pub(crate) fn move_flow(tx: &Connection, flow: &Flow, role: Role, next: FlowState, at: DateTime<Utc>) -> Result<()> {
    let waits_on_seller = next.waiting_on() == Some(Party::Seller);
    let came_to_seller = waits_on_seller && flow.state.waiting_on() != Some(Party::Seller);
    let silent_since = if role == Role::Seller || came_to_seller { at } else { flow.seller_silent_since };
    let frozen_from = match next {
        FlowState::Frozen => Some(flow.state.as_str()),
        _ => None,
    };
    tx.prepare_cached(
        "UPDATE service_flows SET state = ?2, frozen_from = ?3, seller_silent_since = ?4, updated_at = ?5
         WHERE order_id = ?1",
    )?
    .execute(params![flow.order_id, next.as_str(), frozen_from, timers::text(silent_since), timers::text(at)])?;
    if waits_on_seller {
        let facts = rules::Facts { seller_silent_since: silent_since, ..flow.facts() };
        timers::schedule(tx, TimerKind::AppealEligibility, flow.order_id, facts.appeal_possible_from())?;
    } else {
        timers::cancel(tx, TimerKind::AppealEligibility, flow.order_id)?;
    }
    Ok(())
}

/// Appends the operation's record to its flow's chain, with its files.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_record(
    tx: &Connection,
    flow: &Flow,
    op: &Operation,
    fingerprint: &str,
    step: Step,
    next: FlowState,
    effect: Effect,
    at: &str,
) -> Result<OperationRecord> {
    append(tx, flow.order_id, &op.id, &op.actor, step.as_str(), fingerprint, flow.state, next, effect, at)?;
    super::record(tx, &op.id)
}

/// Appends a record to the chain of order `order_id`'s flow: what [`apply`] writes for a
/// person's operation and the clock writes for its own (a completion, a refund paid).
#[allow(clippy::too_many_arguments)]
pub(crate) fn append(
    tx: &Connection,
    order_id: u32,
    id: &str,
    actor: &Actor,
    action: &str,
    fingerprint: &str,
    before: FlowState,
    after: FlowState,
    effect: Effect,
    at: &str,
) -> Result<()> {
    let (position, prev_hash): (u32, String) = tx
        .prepare_cached(
            "SELECT coalesce(max(position), 0) + 1,
                    coalesce((SELECT hash FROM flow_operations WHERE order_id = ?1 ORDER BY position DESC LIMIT 1), ?2)
             FROM flow_operations WHERE order_id = ?1",
        )?
        .query_row(params![order_id, GENESIS], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let details = serde_json::to_string(&effect.details)
        .map_err(|e| CoreError::Internal(format!("an operation's details could not be written down: {e}")))?;
    let role = super::role_text(actor.role_or_system());
    let hash = Hashed {
        id,
        order_id,
        position,
        actor_role: role,
        actor_id: &actor.id,
        action,
        remark: effect.remark.as_deref(),
        details: &details,
        state_before: before.as_str(),
        state_after: after.as_str(),
        at,
        attachments: effect.files.iter().map(|f| (f.name.as_str(), f.sha256.as_str(), f.bytes.len() as u32)).collect(),
        prev_hash: &prev_hash,
    }
    .hash();
    tx.prepare_cached(
        "INSERT INTO flow_operations (id, order_id, position, actor_role, actor_id, action, remark, details,
                                      fingerprint, state_before, state_after, at, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        id,
        order_id,
        position,
        role,
        actor.id,
        action,
        effect.remark,
        details,
        fingerprint,
        before.as_str(),
        after.as_str(),
        at,
        prev_hash,
        hash
    ])?;
    proof::keep(tx, id, &effect.files)
}

/// The clock, as the actor of what it does.
pub(crate) fn clock_actor() -> Actor {
    Actor { role: Role::OperationsManager, id: super::SYSTEM.to_string() }
}

impl Actor {
    /// The role as recorded: the clock records as `system`.
    fn role_or_system(&self) -> Option<Role> {
        (self.id != super::SYSTEM).then_some(self.role)
    }
}

//! Service supervision (R-SUP, R-UNS-3, R-REN-4): what a supervised purchase becomes after
//! payment, from the buyer's request or the seller's deployment to Completed, with appeals,
//! reminders and negotiated unsubscription, for the buyer, the seller and the operations
//! manager.
//!
//! - `rules`: the state machine, a pure function every action asks first;
//! - `operation`: [`apply`], the one way an action reaches the store, idempotent by the
//!   operation's id; `act` wraps it for whom the app acts as;
//! - the verbs: `start` (the flow, created in the payment's transaction), `request` (submit,
//!   accept, reject), `remind`, `deliver`, `accept` (accept or reject a delivery, and the
//!   completion 3 hours later), `appeal` (open, settle, and the buyer's eligibility),
//!   `unsubscribe` (negotiated unsubscription and its refund);
//! - `chain`: the tamper-evident records; `proof`: the files attached to them;
//! - `view`: the lists and pages each role reads; `export`: a case file for the parties.
//!
//! Nothing here reads the clock: every function takes its time. Timers are set through
//! `crate::timers` and fired by `crate::scheduler`.

mod accept;
pub mod act;
mod appeal;
pub mod chain;
mod deliver;
pub mod export;
pub mod operation;
pub mod proof;
mod remind;
mod request;
pub mod rules;
pub(crate) mod start;
pub mod unsubscribe;
pub mod view;

pub use act::{act, current_actor, new_operation_id};
pub use chain::{verify, ChainReport};
pub use operation::{apply, Action, Actor, AppAccess, Applied, Delivery, Operation, Ruling};
pub use proof::{AttachmentInfo, Upload};
pub use rules::{FlowState, Party, Step};
pub use view::{FlowDetail, FlowQuery, FlowSummary, StepAvailability};

pub(crate) use accept::complete;
pub(crate) use appeal::tell_appeal_possible;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::catalog::model::DeliveryMethod;
use crate::orders::OrderStatus;
use crate::roles::Role;
use crate::{CoreError, Result};

/// The actor id of what the clock does (completion, refunds paid).
pub const SYSTEM: &str = "system";

/// The confirmation the buyer answers before accepting (the user guide's text).
pub const ACCEPT_CONFIRMATION: &str = "Has the service been completely provisioned? After you accept, the order \
     is completed in 3 hours. The service cannot be unsubscribed from after provision completion.";

/// What else an operation said, beside its remark. Never a secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OperationDetails {
    /// The actual enabling time the seller stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled_at: Option<String>,
    /// A SaaS delivery's user name and addresses (the password is sealed elsewhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_user_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub front_end_url: Option<String>,
    /// When an accepted flow completes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completes_at: Option<String>,
    /// The term of a yearly/monthly purchase, from acceptance (R-REN-4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// A settlement: `buyer`, `seller` or `seller_complete`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruling: Option<String>,
    /// Money refunded, two decimals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<String>,
    /// An unsubscription request this operation made or reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsubscription_id: Option<u32>,
    /// The negotiated refund asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_contact: Option<bool>,
    /// When an approved unsubscription is refunded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_due_at: Option<String>,
}

/// One operation record as the flow's timeline shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OperationRecord {
    pub id: String,
    pub order_id: u32,
    pub position: u32,
    /// `buyer`, `seller`, `operations_manager` or `system` (the clock).
    pub actor_role: String,
    pub actor_id: String,
    pub actor_name: String,
    /// The step, as `Step` names it, or `complete` / `refund_paid` for the clock.
    pub action: String,
    /// What the timeline says it did: "Delivered", "Rejected the request"…
    pub title: String,
    pub remark: Option<String>,
    pub details: OperationDetails,
    pub state_before: FlowState,
    pub state_after: FlowState,
    pub at: String,
    pub attachments: Vec<AttachmentInfo>,
    pub prev_hash: String,
    pub hash: String,
}

/// A flow with what the rules and views need of its order.
#[derive(Debug, Clone)]
pub(crate) struct Flow {
    pub order_id: u32,
    pub state: FlowState,
    pub frozen_from: Option<FlowState>,
    pub request_rejections: u32,
    pub delivery_rejections: u32,
    pub seller_silent_since: DateTime<Utc>,
    pub last_reminder_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<String>,
    pub enabled_at: Option<String>,
    pub completes_at: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub account_id: String,
    pub buyer_name: String,
    pub seller_id: String,
    pub seller_name: String,
    pub product_id: String,
    pub product_name: String,
    pub delivery: DeliveryMethod,
    pub amount_cents: i64,
    pub reference_only: bool,
    pub order_status: OrderStatus,
}

impl Flow {
    pub(crate) fn facts(&self) -> rules::Facts {
        rules::Facts {
            state: self.state,
            frozen_from: self.frozen_from,
            request_rejections: self.request_rejections,
            delivery_rejections: self.delivery_rejections,
            seller_silent_since: self.seller_silent_since,
            last_reminder_at: self.last_reminder_at,
        }
    }
}

pub(crate) fn instant(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| CoreError::Internal(format!("a stored time {text:?} is unreadable: {e}")))
}

fn state(text: &str) -> rusqlite::Result<FlowState> {
    FlowState::parse(text)
        .ok_or_else(|| rusqlite::Error::InvalidColumnType(0, format!("flow state {text}"), rusqlite::types::Type::Text))
}

pub(crate) const FLOW_SELECT: &str = "SELECT f.order_id, f.state, f.frozen_from, f.request_rejections,
        f.delivery_rejections, f.seller_silent_since, f.last_reminder_at, f.accepted_at, f.enabled_at,
        f.completes_at, f.valid_from, f.valid_until, f.created_at, f.updated_at, o.account_id, a.name,
        o.seller_id, o.seller_name, o.product_id, o.product_name, o.delivery, o.billing, o.period, o.duration,
        o.amount_cents, o.payment_method = 'reseller', o.status
     FROM service_flows f JOIN orders o ON o.id = f.order_id JOIN accounts a ON a.id = o.account_id";

pub(crate) fn read_flow(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Flow, String, Option<String>)> {
    let silent: String = r.get(5)?;
    let reminder: Option<String> = r.get(6)?;
    let frozen_from: Option<String> = r.get(2)?;
    let flow = Flow {
        order_id: r.get(0)?,
        state: state(&r.get::<_, String>(1)?)?,
        frozen_from: frozen_from.as_deref().map(state).transpose()?,
        request_rejections: r.get(3)?,
        delivery_rejections: r.get(4)?,
        seller_silent_since: DateTime::<Utc>::MIN_UTC,
        last_reminder_at: None,
        accepted_at: r.get(7)?,
        enabled_at: r.get(8)?,
        completes_at: r.get(9)?,
        valid_from: r.get(10)?,
        valid_until: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        account_id: r.get(14)?,
        buyer_name: r.get(15)?,
        seller_id: r.get(16)?,
        seller_name: r.get(17)?,
        product_id: r.get(18)?,
        product_name: r.get(19)?,
        delivery: r.get(20)?,
        amount_cents: r.get(24)?,
        reference_only: r.get(25)?,
        order_status: r.get(26)?,
    };
    Ok((flow, silent, reminder))
}

pub(crate) fn finish_flow((mut flow, silent, reminder): (Flow, String, Option<String>)) -> Result<Flow> {
    flow.seller_silent_since = instant(&silent)?;
    flow.last_reminder_at = reminder.as_deref().map(instant).transpose()?;
    Ok(flow)
}

/// The flow of order `order_id`.
pub(crate) fn load(conn: &Connection, order_id: u32) -> Result<Flow> {
    let row = conn
        .prepare_cached(&format!("{FLOW_SELECT} WHERE f.order_id = ?1"))?
        .query_row([order_id], read_flow)
        .optional()?;
    match row {
        Some(row) => finish_flow(row),
        None => {
            let exists = conn.prepare_cached("SELECT 1 FROM orders WHERE id = ?1")?.exists([order_id])?;
            Err(CoreError::not_found(if exists {
                format!("a service flow for order {order_id} (its product involves no service supervision)")
            } else {
                format!("order {order_id}")
            }))
        }
    }
}

pub(crate) fn role_text(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::Buyer) => "buyer",
        Some(Role::Seller) => "seller",
        Some(Role::OperationsManager) => "operations_manager",
        None => "system",
    }
}

/// The title a timeline gives an action.
fn title(action: &str, role: &str) -> String {
    match (action, role) {
        ("submit_request", _) => "Submitted a request",
        ("remind", _) => "Reminded the seller",
        ("accept_delivery", _) => "Accepted the delivery",
        ("reject_delivery", _) => "Rejected the delivery",
        ("appeal", "buyer") => "The buyer appealed",
        ("appeal", _) => "The seller appealed",
        ("request_unsubscription", _) => "Asked to unsubscribe",
        ("accept_request", _) => "Accepted the request",
        ("reject_request", _) => "Rejected the request",
        ("deliver", _) => "Delivered",
        ("approve_unsubscription", _) => "Approved the unsubscription",
        ("reject_unsubscription", _) => "Rejected the unsubscription",
        ("settle_for_buyer", _) => "Appeal settled for the buyer",
        ("settle_resume", _) => "Appeal settled for the seller: the flow goes on",
        ("settle_complete", _) => "Appeal settled for the seller: completed",
        ("complete", _) => "Completed",
        ("refund_paid", _) => "Refund paid",
        ("started", _) => "Paid: service supervision started",
        (other, _) => other,
    }
    .to_string()
}

/// The record of operation `id`.
pub(crate) fn record(conn: &Connection, id: &str) -> Result<OperationRecord> {
    records_where(conn, "o.id = ?1", id)?
        .into_iter()
        .next()
        .ok_or_else(|| CoreError::not_found(format!("operation {id}")))
}

/// The records of order `order_id`'s flow, oldest first.
pub(crate) fn records(conn: &Connection, order_id: u32) -> Result<Vec<OperationRecord>> {
    records_where(conn, "o.order_id = ?1", &order_id.to_string())
}

fn records_where(conn: &Connection, condition: &str, value: &str) -> Result<Vec<OperationRecord>> {
    let sql = format!(
        "SELECT o.id, o.order_id, o.position, o.actor_role, o.actor_id, o.action, o.remark, o.details,
                o.state_before, o.state_after, o.at, o.prev_hash, o.hash,
                CASE o.actor_role WHEN 'buyer' THEN (SELECT name FROM accounts WHERE id = o.actor_id)
                                  WHEN 'seller' THEN (SELECT name FROM sellers WHERE id = o.actor_id)
                                  WHEN 'operations_manager' THEN 'Operations manager'
                                  ELSE 'KooGallery' END
         FROM flow_operations o WHERE {condition} ORDER BY o.order_id, o.position"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map([value], |r| {
            let details: String = r.get(7)?;
            let before: String = r.get(8)?;
            let after: String = r.get(9)?;
            let role: String = r.get(3)?;
            let action: String = r.get(5)?;
            Ok(OperationRecord {
                id: r.get(0)?,
                order_id: r.get(1)?,
                position: r.get(2)?,
                title: title(&action, &role),
                actor_role: role,
                actor_id: r.get(4)?,
                actor_name: r.get::<_, Option<String>>(13)?.unwrap_or_default(),
                action,
                remark: r.get(6)?,
                details: serde_json::from_str(&details).unwrap_or_default(),
                state_before: state(&before)?,
                state_after: state(&after)?,
                at: r.get(10)?,
                attachments: Vec::new(),
                prev_hash: r.get(11)?,
                hash: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|mut record| {
            record.attachments = proof::of_operation(conn, &record.id)?;
            Ok(record)
        })
        .collect()
}

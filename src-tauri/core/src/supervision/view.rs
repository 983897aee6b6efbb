//! What each role reads of service flows: the buyer's Service Supervision (its orders' flows,
//! searchable), the seller's queue (flows waiting on it, oldest first, with their deadlines),
//! the operations manager's appeals (frozen flows with their age), and one flow's page with its
//! timeline and, for whom the app acts as, every action with whether it is possible now and,
//! if not, why.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::act::current_actor;
use super::chain::{self, ChainReport};
use super::rules::{self, FlowState, Party, Step};
use super::unsubscribe::{self, RequestStatus, UnsubscriptionRequest};
use super::{Flow, OperationRecord, ACCEPT_CONFIRMATION, FLOW_SELECT};
use crate::catalog::model::DeliveryMethod;
use crate::money::{format_amount, from_cents};
use crate::roles::Role;
use crate::timers;
use crate::{CoreError, ErrorCode, Result};

/// A flow as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FlowSummary {
    pub order_id: u32,
    pub product_id: String,
    pub product_name: String,
    pub delivery: DeliveryMethod,
    pub buyer_name: String,
    pub seller_name: String,
    pub state: FlowState,
    /// The step's name as the user guide gives it.
    pub step: String,
    pub waiting_on: Option<Party>,
    /// Who acts next and what they do, in words.
    pub next: String,
    /// By when: the moment the buyer may appeal the seller's silence, or the completion.
    pub due_at: Option<String>,
    pub due_label: Option<String>,
    pub order_status: crate::orders::OrderStatus,
    pub amount: String,
    pub paid_at: String,
    pub updated_at: String,
    /// A frozen flow: when its appeal was opened and by whom.
    pub appeal_opened_at: Option<String>,
    pub appellant: Option<String>,
    /// Who appealed: the buyer or the seller.
    pub appellant_party: Option<Party>,
}

/// Search criteria of Service Supervision; every one optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct FlowQuery {
    #[serde(default)]
    pub order_id: Option<u32>,
    /// Part of the product's name, any case.
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub state: Option<FlowState>,
    /// Paid on or after this date (YYYY-MM-DD): the buyer's, in the account's time zone; a
    /// seller's or the operations manager's, in UTC.
    #[serde(default)]
    pub from: Option<String>,
    /// Paid on or before this date.
    #[serde(default)]
    pub to: Option<String>,
}

/// One action of the role on this flow, and whether it is possible now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StepAvailability {
    pub step: Step,
    pub possible: bool,
    /// Why not, when not.
    pub reason: Option<String>,
    pub code: Option<ErrorCode>,
}

/// A flow's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FlowDetail {
    pub summary: FlowSummary,
    /// The seller's request template, for SaaS and professional services that have one.
    pub request_template: Option<String>,
    pub records: Vec<OperationRecord>,
    /// The actions of whom the app acts as.
    pub steps: Vec<StepAvailability>,
    pub accept_confirmation: String,
    pub request_rejections: u32,
    pub delivery_rejections: u32,
    /// When the buyer may appeal the seller's silence, while the flow waits on the seller.
    pub appeal_possible_from: Option<String>,
    pub accepted_at: Option<String>,
    pub completes_at: Option<String>,
    pub enabled_at: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub unsubscriptions: Vec<UnsubscriptionRequest>,
    pub chain: ChainReport,
    /// The seller's support contact, for the buyer.
    pub seller_email: Option<String>,
    pub seller_phone: Option<String>,
}

fn next_words(flow: &Flow) -> String {
    match flow.state {
        FlowState::AwaitingRequest => "The buyer submits a request",
        FlowState::ReviewingRequest => "The seller accepts or rejects the request",
        FlowState::SellerDeploying => "The seller deploys the service and delivers",
        FlowState::AwaitingAcceptance => "The buyer accepts or rejects the delivery",
        FlowState::Accepted => "Completes 3 hours after acceptance",
        FlowState::Completed => "Nothing: completed",
        FlowState::Frozen => "The operations manager settles the appeal",
        FlowState::Cancelled => "Nothing: cancelled",
    }
    .to_string()
}

fn summary(conn: &Connection, flow: &Flow) -> Result<FlowSummary> {
    let (due_at, due_label) = match flow.state.waiting_on() {
        Some(Party::Seller) => {
            (Some(timers::text(flow.facts().appeal_possible_from())), Some("Appeal possible from".to_string()))
        }
        Some(Party::Clock) => (flow.completes_at.clone(), Some("Completes at".to_string())),
        _ => (None, None),
    };
    let appeal: Option<(String, String)> = if flow.state == FlowState::Frozen {
        conn.prepare_cached(
            "SELECT at, actor_role FROM flow_operations WHERE order_id = ?1 AND action = 'appeal' ORDER BY position DESC LIMIT 1",
        )?
        .query_row([flow.order_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
    } else {
        None
    };
    Ok(FlowSummary {
        order_id: flow.order_id,
        product_id: flow.product_id.clone(),
        product_name: flow.product_name.clone(),
        delivery: flow.delivery,
        buyer_name: flow.buyer_name.clone(),
        seller_name: flow.seller_name.clone(),
        state: flow.state,
        step: flow.state.title().to_string(),
        waiting_on: flow.state.waiting_on(),
        next: next_words(flow),
        due_at,
        due_label,
        order_status: flow.order_status,
        amount: format_amount(from_cents(flow.amount_cents)),
        paid_at: flow.created_at.clone(),
        updated_at: flow.updated_at.clone(),
        appellant: appeal.as_ref().map(|(_, role)| {
            if role == "buyer" {
                flow.buyer_name.clone()
            } else {
                flow.seller_name.clone()
            }
        }),
        appellant_party: appeal.as_ref().map(|(_, role)| if role == "buyer" { Party::Buyer } else { Party::Seller }),
        appeal_opened_at: appeal.map(|(at, _)| at),
    })
}

fn date(what: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| CoreError::invalid(format!("{what}: {text:?} is not a date; write it like 2026-03-01")))
}

/// The flows whom the app acts as may see that match `query`: a buyer's own, a seller's own,
/// every one for the operations manager; the most recently paid first.
pub fn list(conn: &Connection, query: &FlowQuery) -> Result<Vec<FlowSummary>> {
    let actor = current_actor(conn)?;
    let from = query.from.as_deref().filter(|t| !t.trim().is_empty()).map(|t| date("from", t)).transpose()?;
    let to = query.to.as_deref().filter(|t| !t.trim().is_empty()).map(|t| date("to", t)).transpose()?;
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(CoreError::invalid("dates: the first date is after the last"));
        }
    }
    let product = query.product.as_deref().map(|p| p.trim().to_lowercase()).filter(|p| !p.is_empty());
    // A buyer searches by the days the screens show it, in the account's time zone; a seller or
    // the operations manager, who have none, by UTC's.
    let zone: String = match actor.role {
        Role::Buyer => conn
            .prepare_cached("SELECT time_zone FROM accounts WHERE id = ?1")?
            .query_row([&actor.id], |r| r.get(0))
            .optional()?
            .unwrap_or_else(|| "UTC".into()),
        Role::Seller | Role::OperationsManager => "UTC".into(),
    };
    let (condition, who) = match actor.role {
        Role::Buyer => ("o.account_id = ?1", actor.id),
        Role::Seller => ("o.seller_id = ?1", actor.id),
        Role::OperationsManager => ("?1 = ?1", actor.id),
    };
    let flows = conn
        .prepare_cached(&format!("{FLOW_SELECT} WHERE {condition} ORDER BY f.order_id DESC"))?
        .query_map([who], super::read_flow)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for row in flows {
        let flow = super::finish_flow(row)?;
        let paid = super::instant(&flow.created_at).ok().map(|at| crate::clock::local_date(at, &zone));
        let keep = query.order_id.is_none_or(|id| id == flow.order_id)
            && query.state.is_none_or(|s| s == flow.state)
            && product.as_ref().is_none_or(|p| flow.product_name.to_lowercase().contains(p))
            && from.is_none_or(|f| paid.is_some_and(|d| d >= f))
            && to.is_none_or(|t| paid.is_some_and(|d| d <= t));
        if keep {
            out.push(summary(conn, &flow)?);
        }
    }
    Ok(out)
}

/// Seller Console: the flows waiting on the current seller, the longest silent first.
pub fn seller_queue(conn: &Connection) -> Result<Vec<FlowSummary>> {
    crate::roles::require(conn, Role::Seller, "see the seller's queue")?;
    let mut flows: Vec<FlowSummary> =
        list(conn, &FlowQuery::default())?.into_iter().filter(|f| f.waiting_on == Some(Party::Seller)).collect();
    flows.sort_by(|a, b| a.due_at.cmp(&b.due_at).then(a.order_id.cmp(&b.order_id)));
    Ok(flows)
}

/// The operations manager's Appeals: every frozen flow, the oldest appeal first.
pub fn appeals(conn: &Connection) -> Result<Vec<FlowSummary>> {
    crate::roles::require(conn, Role::OperationsManager, "see the appeals")?;
    let query = FlowQuery { state: Some(FlowState::Frozen), ..FlowQuery::default() };
    let mut flows = list(conn, &query)?;
    flows.sort_by(|a, b| a.appeal_opened_at.cmp(&b.appeal_opened_at).then(a.order_id.cmp(&b.order_id)));
    Ok(flows)
}

/// The steps of `role`, as its flow page offers them.
fn role_steps(role: Role, delivery: DeliveryMethod) -> Vec<Step> {
    let needs_request = FlowState::first(delivery) == FlowState::AwaitingRequest;
    Step::ALL
        .into_iter()
        .filter(|s| s.allowed(role))
        .filter(|s| needs_request || !matches!(s, Step::SubmitRequest | Step::AcceptRequest | Step::RejectRequest))
        // Reviewing an unsubscription is done from the request itself.
        .filter(|s| !matches!(s, Step::ApproveUnsubscription | Step::RejectUnsubscription))
        .collect()
}

/// The page of the flow of order `order_id`, at `now`, for whom the app acts as. Another
/// buyer's or seller's flow is not found.
pub fn show(conn: &Connection, order_id: u32, now: DateTime<Utc>) -> Result<FlowDetail> {
    let actor = current_actor(conn)?;
    let flow = super::load(conn, order_id)?;
    let visible = match actor.role {
        Role::Buyer => flow.account_id == actor.id,
        Role::Seller => flow.seller_id == actor.id,
        Role::OperationsManager => true,
    };
    if !visible {
        return Err(CoreError::not_found(format!("a service flow for order {order_id}")));
    }
    let unsubscriptions = unsubscribe::of_order(conn, order_id)?;
    let pending = unsubscriptions.iter().find(|u| u.status == RequestStatus::Pending).map(|u| u.id);
    let steps = role_steps(actor.role, flow.delivery)
        .into_iter()
        .map(|step| {
            let verdict = rules::next(&flow.facts(), actor.role, step, now).and_then(|_| match (step, pending) {
                (Step::RequestUnsubscription, Some(id)) => {
                    Err(CoreError::Conflict(format!("request {id} waits for the seller's review")))
                }
                _ => Ok(()),
            });
            match verdict {
                Ok(()) => StepAvailability { step, possible: true, reason: None, code: None },
                Err(e) => StepAvailability { step, possible: false, code: Some(e.code()), reason: Some(e.to_string()) },
            }
        })
        .collect();
    let (template, email, phone): (Option<String>, Option<String>, Option<String>) = conn
        .prepare_cached("SELECT request_template, support_email, support_phone FROM products WHERE id = ?1")?
        .query_row([&flow.product_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .unwrap_or((None, None, None));
    Ok(FlowDetail {
        summary: summary(conn, &flow)?,
        request_template: template,
        records: super::records(conn, order_id)?,
        steps,
        accept_confirmation: ACCEPT_CONFIRMATION.to_string(),
        request_rejections: flow.request_rejections,
        delivery_rejections: flow.delivery_rejections,
        appeal_possible_from: (flow.state.waiting_on() == Some(Party::Seller))
            .then(|| timers::text(flow.facts().appeal_possible_from())),
        accepted_at: flow.accepted_at.clone(),
        completes_at: flow.completes_at.clone(),
        enabled_at: flow.enabled_at.clone(),
        valid_from: flow.valid_from.clone(),
        valid_until: flow.valid_until.clone(),
        unsubscriptions,
        chain: chain::verify(conn, order_id)?,
        seller_email: email,
        seller_phone: phone,
    })
}

//! The state machine of a service flow (R-SUP), as a pure function: given where a flow stands,
//! who acts and what it does, the state it goes to, or the refusal with its code.
//!
//! ```text
//!  license, hardware:          seller_deploying ─┐
//!  SaaS, professional service: awaiting_request ─▶ reviewing_request ─▶ seller_deploying
//!                                   ▲  (seller rejects) │                    │ (deliver)
//!                                   └───────────────────┘                    ▼
//!                  seller_deploying ◀─ (buyer rejects) ─ awaiting_acceptance ─▶ accepted ─3 h─▶ completed
//!  any open state ─ appeal ─▶ frozen ─ settled ─▶ where it froze | completed | cancelled
//!  any open state ─ unsubscription approved ─▶ cancelled
//! ```
//!
//! It reads nothing and writes nothing: `apply` asks it first and writes only what it allows,
//! and the flow's page asks it for every action of the role to say what is possible now and
//! why the rest is not.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::model::DeliveryMethod;
use crate::roles::Role;
use crate::{CoreError, FlowRefusal, Result};

/// How long the seller may stay silent before the buyer may appeal: more than 5 days, counted
/// in whole minutes (R-SUP-5).
pub const SILENCE_MINUTES: i64 = 5 * 24 * 60;
/// How many rejections (of the buyer's request, or of the seller's delivery) open the appeal.
pub const REJECTIONS_FOR_APPEAL: u32 = 3;
/// A reminder at most once in this many hours.
pub const REMINDER_INTERVAL_HOURS: i64 = 24;
/// Completed this long after acceptance (R-SUP-3).
pub const COMPLETION_HOURS: i64 = 3;

/// Where a flow stands. The names follow the user guide's steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FlowState {
    /// SaaS and professional services: waiting for the buyer's request.
    AwaitingRequest,
    /// The buyer's request waits for the seller to accept or reject it.
    ReviewingRequest,
    /// "Seller deploys service": where a license starts.
    SellerDeploying,
    /// "Customer accepts product": the seller delivered.
    AwaitingAcceptance,
    /// Accepted: Completed 3 hours later.
    Accepted,
    Completed,
    /// An appeal is open; nothing moves until the operations manager settles it.
    Frozen,
    Cancelled,
}

impl FlowState {
    pub const ALL: [FlowState; 8] = [
        FlowState::AwaitingRequest,
        FlowState::ReviewingRequest,
        FlowState::SellerDeploying,
        FlowState::AwaitingAcceptance,
        FlowState::Accepted,
        FlowState::Completed,
        FlowState::Frozen,
        FlowState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FlowState::AwaitingRequest => "awaiting_request",
            FlowState::ReviewingRequest => "reviewing_request",
            FlowState::SellerDeploying => "seller_deploying",
            FlowState::AwaitingAcceptance => "awaiting_acceptance",
            FlowState::Accepted => "accepted",
            FlowState::Completed => "completed",
            FlowState::Frozen => "frozen",
            FlowState::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<FlowState> {
        FlowState::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The step's name as the user guide gives it.
    pub fn title(self) -> &'static str {
        match self {
            FlowState::AwaitingRequest => "Submit request",
            FlowState::ReviewingRequest => "Seller reviews request",
            FlowState::SellerDeploying => "Seller deploys service",
            FlowState::AwaitingAcceptance => "Customer accepts product",
            FlowState::Accepted => "Accepted: completing",
            FlowState::Completed => "Completed",
            FlowState::Frozen => "Frozen by an appeal",
            FlowState::Cancelled => "Cancelled",
        }
    }

    /// Where a new flow of this delivery method starts: a license (and hardware) needs no
    /// request; SaaS and professional services wait for the buyer's.
    pub fn first(delivery: DeliveryMethod) -> FlowState {
        match delivery {
            DeliveryMethod::Saas | DeliveryMethod::ProfessionalService => FlowState::AwaitingRequest,
            _ => FlowState::SellerDeploying,
        }
    }

    pub fn is_closed(self) -> bool {
        matches!(self, FlowState::Completed | FlowState::Cancelled)
    }

    /// Who must act next: the clock acts for an accepted flow, the operations manager for a
    /// frozen one, nobody for a closed one.
    pub fn waiting_on(self) -> Option<Party> {
        match self {
            FlowState::AwaitingRequest | FlowState::AwaitingAcceptance => Some(Party::Buyer),
            FlowState::ReviewingRequest | FlowState::SellerDeploying => Some(Party::Seller),
            FlowState::Accepted => Some(Party::Clock),
            FlowState::Frozen => Some(Party::OperationsManager),
            FlowState::Completed | FlowState::Cancelled => None,
        }
    }
}

impl std::fmt::Display for FlowState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who a flow waits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Buyer,
    Seller,
    OperationsManager,
    Clock,
}

/// What someone does to a flow, without its data: what the rules decide on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    SubmitRequest,
    Remind,
    AcceptDelivery,
    RejectDelivery,
    Appeal,
    RequestUnsubscription,
    AcceptRequest,
    RejectRequest,
    Deliver,
    /// The seller's review of an unsubscription request; approving it cancels the flow.
    ApproveUnsubscription,
    RejectUnsubscription,
    /// The operations manager settles the open appeal for the buyer: cancelled and refunded.
    SettleForBuyer,
    /// For the seller: the flow goes on from where it froze.
    SettleResume,
    /// For the seller: the flow completes.
    SettleComplete,
}

impl Step {
    pub const ALL: [Step; 14] = [
        Step::SubmitRequest,
        Step::Remind,
        Step::AcceptDelivery,
        Step::RejectDelivery,
        Step::Appeal,
        Step::RequestUnsubscription,
        Step::AcceptRequest,
        Step::RejectRequest,
        Step::Deliver,
        Step::ApproveUnsubscription,
        Step::RejectUnsubscription,
        Step::SettleForBuyer,
        Step::SettleResume,
        Step::SettleComplete,
    ];

    /// The role whose step this is; the seller and the buyer both appeal.
    pub fn allowed(self, role: Role) -> bool {
        use Step::*;
        match role {
            Role::Buyer => {
                matches!(
                    self,
                    SubmitRequest | Remind | AcceptDelivery | RejectDelivery | Appeal | RequestUnsubscription
                )
            }
            Role::Seller => matches!(
                self,
                AcceptRequest | RejectRequest | Deliver | Appeal | ApproveUnsubscription | RejectUnsubscription
            ),
            Role::OperationsManager => matches!(self, SettleForBuyer | SettleResume | SettleComplete),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Step::SubmitRequest => "submit_request",
            Step::Remind => "remind",
            Step::AcceptDelivery => "accept_delivery",
            Step::RejectDelivery => "reject_delivery",
            Step::Appeal => "appeal",
            Step::RequestUnsubscription => "request_unsubscription",
            Step::AcceptRequest => "accept_request",
            Step::RejectRequest => "reject_request",
            Step::Deliver => "deliver",
            Step::ApproveUnsubscription => "approve_unsubscription",
            Step::RejectUnsubscription => "reject_unsubscription",
            Step::SettleForBuyer => "settle_for_buyer",
            Step::SettleResume => "settle_resume",
            Step::SettleComplete => "settle_complete",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Step::SubmitRequest => "submit a request",
            Step::Remind => "remind the seller",
            Step::AcceptDelivery => "accept the delivery",
            Step::RejectDelivery => "reject the delivery",
            Step::Appeal => "appeal",
            Step::RequestUnsubscription => "ask to unsubscribe",
            Step::AcceptRequest => "accept the request",
            Step::RejectRequest => "reject the request",
            Step::Deliver => "deliver",
            Step::ApproveUnsubscription => "approve an unsubscription",
            Step::RejectUnsubscription => "reject an unsubscription",
            Step::SettleForBuyer | Step::SettleResume | Step::SettleComplete => "settle an appeal",
        }
    }
}

/// What the rules need to know of a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub state: FlowState,
    pub frozen_from: Option<FlowState>,
    pub request_rejections: u32,
    pub delivery_rejections: u32,
    pub seller_silent_since: DateTime<Utc>,
    pub last_reminder_at: Option<DateTime<Utc>>,
}

impl Facts {
    /// When the buyer may appeal for the seller's silence, if the seller stays silent: more
    /// than [`SILENCE_MINUTES`] whole minutes after it fell silent.
    pub fn appeal_possible_from(&self) -> DateTime<Utc> {
        self.seller_silent_since + Duration::minutes(SILENCE_MINUTES + 1)
    }

    fn silent_long_enough(&self, now: DateTime<Utc>) -> bool {
        self.state.waiting_on() == Some(Party::Seller)
            && (now - self.seller_silent_since).num_minutes() > SILENCE_MINUTES
    }
}

fn refuse(code: FlowRefusal, message: String) -> CoreError {
    CoreError::refused(code, message)
}

/// The state `role` doing `step` at `now` moves the flow to, or why it may not.
pub fn next(facts: &Facts, role: Role, step: Step, now: DateTime<Utc>) -> Result<FlowState> {
    use FlowState::*;
    use Step::*;
    if !step.allowed(role) {
        return Err(CoreError::Forbidden(format!("{} cannot {} on a service flow", role_name(role), step.describe())));
    }
    let state = facts.state;
    if state.is_closed() {
        return Err(refuse(
            FlowRefusal::Closed,
            format!("the service flow is {}: nothing more can be done on it", state.title().to_lowercase()),
        ));
    }
    let settling = matches!(step, SettleForBuyer | SettleResume | SettleComplete);
    if state == Frozen && !settling {
        return Err(refuse(
            FlowRefusal::Frozen,
            "an appeal is open: neither side can act until the operations manager settles it".into(),
        ));
    }
    let turn = |expected: &str| {
        Err(refuse(
            FlowRefusal::NotYourTurn,
            format!("the flow is at \"{}\"; you can {} only {expected}", state.title(), step.describe()),
        ))
    };
    match step {
        SubmitRequest => match state {
            AwaitingRequest => Ok(ReviewingRequest),
            _ => turn("while the seller waits for your request"),
        },
        Remind => match state {
            ReviewingRequest | SellerDeploying => match facts.last_reminder_at {
                Some(last) if now < last + Duration::hours(REMINDER_INTERVAL_HOURS) => Err(refuse(
                    FlowRefusal::TooSoon,
                    format!(
                        "the seller was reminded less than {REMINDER_INTERVAL_HOURS} hours ago; you can remind it again from {}",
                        (last + Duration::hours(REMINDER_INTERVAL_HOURS)).to_rfc3339()
                    ),
                )),
                _ => Ok(state),
            },
            _ => turn("while the flow waits on the seller"),
        },
        AcceptDelivery => match state {
            AwaitingAcceptance => Ok(Accepted),
            _ => turn("after the seller has delivered"),
        },
        RejectDelivery => match state {
            AwaitingAcceptance => Ok(SellerDeploying),
            _ => turn("after the seller has delivered"),
        },
        Appeal if role == Role::Seller => Ok(Frozen),
        Appeal => match state {
            Accepted => turn("before you accept the delivery"),
            _ if facts.request_rejections >= REJECTIONS_FOR_APPEAL
                || facts.delivery_rejections >= REJECTIONS_FOR_APPEAL
                || facts.silent_long_enough(now) =>
            {
                Ok(Frozen)
            }
            _ if state.waiting_on() == Some(Party::Seller) => Err(refuse(
                FlowRefusal::AppealNotAllowedYet,
                format!(
                    "you can appeal when the seller has been silent for more than 5 days (from {} if it stays \
                     silent), or after 3 rejections",
                    facts.appeal_possible_from().to_rfc3339()
                ),
            )),
            _ => Err(refuse(
                FlowRefusal::AppealNotAllowedYet,
                format!(
                    "you can appeal when the seller stays silent for more than 5 days while the flow waits on it, \
                     has rejected your request 3 times ({} so far), or after you have rejected its delivery 3 times \
                     ({} so far)",
                    facts.request_rejections, facts.delivery_rejections
                ),
            )),
        },
        // Allowed in every open state until Completed; the request itself is checked by
        // unsubscription (amount, one pending at a time).
        RequestUnsubscription | ApproveUnsubscription | RejectUnsubscription => {
            Ok(if step == ApproveUnsubscription { Cancelled } else { state })
        }
        AcceptRequest => match state {
            ReviewingRequest => Ok(SellerDeploying),
            _ => turn("while a request waits for your review"),
        },
        RejectRequest => match state {
            ReviewingRequest => Ok(AwaitingRequest),
            _ => turn("while a request waits for your review"),
        },
        Deliver => match state {
            SellerDeploying => Ok(AwaitingAcceptance),
            _ => turn("once the request is accepted and before the buyer accepts"),
        },
        SettleForBuyer | SettleResume | SettleComplete => match (state, step) {
            (Frozen, SettleForBuyer) => Ok(Cancelled),
            (Frozen, SettleComplete) => Ok(Completed),
            (Frozen, _) => Ok(facts.frozen_from.unwrap_or(SellerDeploying)),
            _ => Err(refuse(FlowRefusal::NotYourTurn, "there is no open appeal on this flow to settle".into())),
        },
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Buyer => "the buyer",
        Role::Seller => "the seller",
        Role::OperationsManager => "the operations manager",
    }
}

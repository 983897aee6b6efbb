//! The service flow's state machine (R-SUP), as a table: for each supervised delivery method,
//! in every state its flows can reach, every step of every role is tried through `apply`, and
//! it either moves the flow where the table says or is refused with the table's code, writing
//! nothing.

mod common;

use chrono::Duration;
use common::supervision::*;
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::roles::Role;
use koogallery_core::supervision::rules::{self, Facts};
use koogallery_core::supervision::{Action, Actor, FlowState, Ruling, Step};
use koogallery_core::ErrorCode;

/// The steps a role can try on a flow in the table (reviewing an unsubscription needs a
/// request and has its own tests).
const STEPS: [Step; 12] = [
    Step::SubmitRequest,
    Step::Remind,
    Step::AcceptDelivery,
    Step::RejectDelivery,
    Step::Appeal,
    Step::RequestUnsubscription,
    Step::AcceptRequest,
    Step::RejectRequest,
    Step::Deliver,
    Step::SettleForBuyer,
    Step::SettleResume,
    Step::SettleComplete,
];

fn action(step: Step, delivery: DeliveryMethod) -> Action {
    match step {
        Step::SubmitRequest => Action::SubmitRequest { text: "Two ledgers please".into() },
        Step::Remind => Action::Remind,
        Step::AcceptDelivery => Action::AcceptDelivery,
        Step::RejectDelivery => Action::RejectDelivery { reason: "Not what was asked".into() },
        Step::Appeal => Action::Appeal { reason: "Cannot agree".into(), proof: vec![] },
        Step::RequestUnsubscription => {
            Action::RequestUnsubscription { amount: "10.00".into(), reason: "Agreed".into(), share_contact: false }
        }
        Step::AcceptRequest => Action::AcceptRequest { remark: None },
        Step::RejectRequest => Action::RejectRequest { reason: "Say which region".into() },
        Step::Deliver => delivery_action(delivery),
        Step::SettleForBuyer => {
            Action::Settle { ruling: Ruling::Buyer { refund: None }, decision: "For the buyer".into() }
        }
        Step::SettleResume => Action::Settle { ruling: Ruling::Seller { complete: false }, decision: "Go on".into() },
        Step::SettleComplete => Action::Settle { ruling: Ruling::Seller { complete: true }, decision: "Done".into() },
        Step::ApproveUnsubscription | Step::RejectUnsubscription => unreachable!("not in the table"),
    }
}

fn delivery_action(delivery: DeliveryMethod) -> Action {
    common::supervision::delivery(delivery)
}

/// What the table expects: the next state, or the refusal's code.
fn expected(state: FlowState, frozen_from: FlowState, role: Role, step: Step) -> Result<FlowState, ErrorCode> {
    use FlowState::*;
    use Step::*;
    if !step.allowed(role) {
        return Err(ErrorCode::Forbidden);
    }
    if matches!(state, Completed | Cancelled) {
        return Err(ErrorCode::FlowClosed);
    }
    let settling = matches!(step, SettleForBuyer | SettleResume | SettleComplete);
    if state == Frozen && !settling {
        return Err(ErrorCode::FlowFrozen);
    }
    match (state, role, step) {
        (AwaitingRequest, Role::Buyer, SubmitRequest) => Ok(ReviewingRequest),
        (ReviewingRequest | SellerDeploying, Role::Buyer, Remind) => Ok(state),
        (AwaitingAcceptance, Role::Buyer, AcceptDelivery) => Ok(Accepted),
        (AwaitingAcceptance, Role::Buyer, RejectDelivery) => Ok(SellerDeploying),
        // A fresh flow: no silence of 5 days, no rejections yet.
        (Accepted, Role::Buyer, Appeal) => Err(ErrorCode::NotYourTurn),
        (_, Role::Buyer, Appeal) => Err(ErrorCode::AppealNotAllowedYet),
        (_, Role::Buyer, RequestUnsubscription) => Ok(state),
        (ReviewingRequest, Role::Seller, AcceptRequest) => Ok(SellerDeploying),
        (ReviewingRequest, Role::Seller, RejectRequest) => Ok(AwaitingRequest),
        (SellerDeploying, Role::Seller, Deliver) => Ok(AwaitingAcceptance),
        (_, Role::Seller, Appeal) => Ok(Frozen),
        (Frozen, Role::OperationsManager, SettleForBuyer) => Ok(Cancelled),
        (Frozen, Role::OperationsManager, SettleResume) => Ok(frozen_from),
        (Frozen, Role::OperationsManager, SettleComplete) => Ok(Completed),
        _ => Err(ErrorCode::NotYourTurn),
    }
}

fn actor(role: Role) -> Actor {
    match role {
        Role::Buyer => buyer(),
        Role::Seller => seller(),
        Role::OperationsManager => operations(),
    }
}

#[test]
fn r_sup_every_step_of_every_role_in_every_state_of_every_supervised_delivery_method() {
    let mut checked = 0;
    for delivery in SUPERVISED {
        let reachable: Vec<FlowState> = FlowState::ALL
            .into_iter()
            .filter(|s| {
                FlowState::first(delivery) == FlowState::AwaitingRequest
                    || !matches!(s, FlowState::AwaitingRequest | FlowState::ReviewingRequest)
            })
            .collect();
        for state in reachable {
            let mut store = store();
            let order = buy(&mut store, supervised_product(delivery));
            walk_to(&mut store, order, delivery, state, t0());
            assert_eq!(common::supervision::state(&store, order), state, "{delivery}: reached {state}");
            let frozen_from = FlowState::first(delivery);
            // A minute after the flow's last record: records are in time order.
            let last: String = store
                .conn()
                .query_row("SELECT max(at) FROM flow_operations WHERE order_id = ?1", [order], |r| r.get(0))
                .unwrap();
            let when = at(&last) + Duration::minutes(1);
            for role in [Role::Buyer, Role::Seller, Role::OperationsManager] {
                for step in STEPS {
                    let before = snapshot(&store);
                    let outcome = apply_as(&mut store, "probe", order, &actor(role), action(step, delivery), when);
                    let want = expected(state, frozen_from, role, step);
                    let case = format!("{delivery}, {state}, {role:?} {step:?}");
                    match (&outcome, want) {
                        (Ok(applied), Ok(next)) => {
                            assert_eq!(applied.record.state_after, next, "{case}");
                            assert_eq!(common::supervision::state(&store, order), next, "{case}");
                        }
                        (Err(e), Err(code)) => {
                            assert_eq!(e.code(), code, "{case}: {e}");
                            assert_eq!(snapshot(&store), before, "{case}: a refusal wrote something");
                        }
                        (got, want) => panic!("{case}: expected {want:?}, got {got:?}"),
                    }
                    // Put the flow back for the next probe: a fresh store from the same walk.
                    if outcome.is_ok() {
                        store = fresh(delivery, state);
                    }
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, (4 * 6 + 2 * 2) * 3 * STEPS.len(), "every case was tried");
}

fn fresh(delivery: DeliveryMethod, state: FlowState) -> koogallery_core::Store {
    let mut store = store();
    let order = buy(&mut store, supervised_product(delivery));
    walk_to(&mut store, order, delivery, state, t0());
    store
}

#[test]
fn r_sup_the_pure_rules_agree_with_the_table_for_every_state_role_and_step() {
    for state in FlowState::ALL {
        let facts = Facts {
            state,
            frozen_from: Some(FlowState::SellerDeploying),
            request_rejections: 0,
            delivery_rejections: 0,
            seller_silent_since: t0(),
            last_reminder_at: None,
        };
        for role in [Role::Buyer, Role::Seller, Role::OperationsManager] {
            for step in STEPS {
                let got = rules::next(&facts, role, step, t0() + Duration::hours(1)).map_err(|e| e.code());
                assert_eq!(got, expected(state, FlowState::SellerDeploying, role, step), "{state} {role:?} {step:?}");
            }
        }
    }
}

#[test]
fn r_sup_a_license_and_hardware_start_at_seller_deploys_saas_and_services_wait_for_the_request() {
    for delivery in SUPERVISED {
        let mut store = store();
        let order = buy(&mut store, supervised_product(delivery));
        let want = match delivery {
            DeliveryMethod::License | DeliveryMethod::Hardware => FlowState::SellerDeploying,
            _ => FlowState::AwaitingRequest,
        };
        assert_eq!(common::supervision::state(&store, order), want, "{delivery}");
        let status: String =
            store.conn().query_row("SELECT status FROM orders WHERE id = ?1", [order], |r| r.get(0)).unwrap();
        assert_eq!(status, "processing", "{delivery}: Processing until supervision completes");
    }
}

#[test]
fn only_the_orders_own_buyer_and_seller_act_on_its_flow() {
    let mut store = store();
    let order = buy(&mut store, "db-license");
    let before = snapshot(&store);
    let strangers = [
        Actor { role: Role::Buyer, id: "borealis-postpaid".into() },
        Actor { role: Role::Seller, id: "another-seller".into() },
        Actor { role: Role::OperationsManager, id: "acme-prepaid".into() },
    ];
    for stranger in strangers {
        let err = apply_as(
            &mut store,
            "stranger",
            order,
            &stranger,
            Action::Appeal { reason: "x".into(), proof: vec![] },
            t0(),
        )
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Forbidden, "{stranger:?}: {err}");
    }
    assert_eq!(snapshot(&store), before);
}

//! The demo store comes with history (DOMAIN §6, §8): supervised purchases of every supervised
//! delivery method with their flows in every state, so every screen of supervision has content
//! after `kg demo reset`, and the prepaid account's balance still reads 2,000.00.

use chrono::{DateTime, Utc};
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::ledger;
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::supervision::{view, FlowQuery, FlowState};
use koogallery_core::{demo, Store};

#[test]
fn after_a_reset_every_state_and_every_supervised_delivery_method_has_a_flow() {
    let now: DateTime<Utc> = "2026-12-01T09:30:00Z".parse().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    demo::reset_at(&mut store, now).unwrap();
    roles::switch(&mut store, &RoleChoice::OperationsManager).unwrap();
    let flows = view::list(store.conn(), &FlowQuery::default()).unwrap();
    for state in FlowState::ALL {
        assert!(flows.iter().any(|f| f.state == state), "no flow is {state}");
    }
    for delivery in
        [DeliveryMethod::License, DeliveryMethod::Saas, DeliveryMethod::ProfessionalService, DeliveryMethod::Hardware]
    {
        assert!(flows.iter().any(|f| f.delivery == delivery), "no {delivery} flow");
    }
    assert_eq!(view::appeals(store.conn()).unwrap().len(), 1, "one case for operations");
    for flow in &flows {
        let chain = koogallery_core::supervision::verify(store.conn(), flow.order_id).unwrap();
        assert!(chain.intact, "order {}: {:?}", flow.order_id, chain.problems);
    }
    assert_eq!(ledger::balance(store.conn(), &ledger::buyer_balance("acme-prepaid")).unwrap().to_string(), "2000.00");
    assert!(ledger::unbalanced(store.conn()).unwrap().is_empty());
    // The app starts as the first demo buyer again.
    roles::switch(&mut store, &RoleChoice::Buyer { account_id: "acme-prepaid".into() }).unwrap();
    assert!(
        !view::list(store.conn(), &FlowQuery::default()).unwrap().is_empty(),
        "the first buyer has flows to follow"
    );
}

#[test]
fn a_second_reset_gives_the_same_balances_and_forgets_enrolled_laptops() {
    let now: DateTime<Utc> = "2026-12-01T09:30:00Z".parse().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    demo::reset_at(&mut store, now).unwrap();
    roles::switch(&mut store, &RoleChoice::OperationsManager).unwrap();
    let clock = koogallery_core::clock::FixedClock(now);
    let services = koogallery_core::orders::Services {
        clock: &clock,
        payments: &koogallery_core::payments::simulated::SimulatedProvider,
        entropy: &koogallery_core::entropy::OsEntropy,
    };
    let seller = store.conn().query_row("SELECT id FROM sellers LIMIT 1", [], |r| r.get::<_, String>(0)).unwrap();
    let code = koogallery_core::sync::issue_code(&mut store, &services, &seller).unwrap();
    koogallery_core::sync::enrol(&mut store, &services, &code.code, "Stand laptop").unwrap();

    demo::reset_at(&mut store, now).unwrap();
    assert_eq!(ledger::balance(store.conn(), &ledger::buyer_balance("acme-prepaid")).unwrap().to_string(), "2000.00");
    assert_eq!(
        ledger::unbalanced_accounts(store.conn()).unwrap(),
        vec![],
        "kept balances start again with the entries"
    );
    assert!(koogallery_core::sync::devices(store.conn(), None).unwrap().is_empty());
}

//! Sellers' laptops against the marketplace: enrolling one, numbering its operations, and the
//! flows it works on.
#![allow(dead_code)]

use chrono::Duration;
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::supervision::{Action, FlowState, Operation};
use koogallery_core::sync::{self, Device, PushRequest, PushedOperation};
use koogallery_core::Store;

use super::supervision::{buy, buy_as, seller, t0, walk_to, with_clock, SELLER};

pub fn as_operations(store: &mut Store) {
    roles::switch(store, &RoleChoice::OperationsManager).unwrap();
}

/// A laptop of the test seller, enrolled at T0; returns its token and device.
pub fn enrolled(store: &mut Store) -> (String, Device) {
    as_operations(store);
    let code = with_clock(t0(), |s| sync::issue_code(store, s, SELLER)).unwrap();
    let enrolled = with_clock(t0(), |s| sync::enrol(store, s, &code.code, "Field laptop")).unwrap();
    (enrolled.token, enrolled.device)
}

pub fn pushed(seq: u32, id: &str, order: u32, action: Action) -> PushedOperation {
    PushedOperation {
        seq,
        operation: Operation { id: id.into(), order_id: order, actor: seller(), action },
        made_at: Some("2026-03-02T11:00:00Z".into()),
    }
}

pub fn push(store: &mut Store, token: &str, operations: Vec<PushedOperation>, minutes: i64) -> sync::Pushed {
    let device = sync::authenticate(store.conn(), token).unwrap();
    let now = t0() + Duration::minutes(minutes);
    with_clock(now, |s| sync::push(store, s, &device, &PushRequest { operations })).unwrap()
}

pub fn try_push(
    store: &mut Store,
    device: &Device,
    operations: Vec<PushedOperation>,
) -> Result<sync::Pushed, koogallery_core::CoreError> {
    with_clock(t0() + Duration::minutes(30), |s| sync::push(store, s, device, &PushRequest { operations }))
}

/// Two license orders of the prepaid buyer, each waiting on the seller's delivery.
pub fn two_licenses(store: &mut Store) -> (u32, u32) {
    let first = buy(store, "db-license");
    let second = buy_as(store, "acme-prepaid", "db-license", t0() + Duration::seconds(1));
    for order in [first, second] {
        walk_to(store, order, DeliveryMethod::License, FlowState::SellerDeploying, t0());
    }
    (first, second)
}

/// A second seller with no products, whose laptops must never reach the first one's orders.
pub const OTHER_SELLER: &str = "other-seller";

pub fn other_seller(store: &Store) {
    store
        .conn()
        .execute(
            "INSERT INTO sellers (id, name, email, phone, support_hours)
             VALUES (?1, 'Other', 'o@example.com', '+1 555 0199', '9-17')",
            [OTHER_SELLER],
        )
        .unwrap();
}

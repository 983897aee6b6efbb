//! Sellers' laptops against the marketplace: enrolling one, numbering its operations, and the
//! flows it works on.
#![allow(dead_code)]

use chrono::Duration;
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::supervision::{Action, FlowState, Operation};
use koogallery_core::sync::{
    self, CallError, Device, Marketplace, Pulled, PushRequest, Pushed, PushedOperation, Received, Welcome,
};
use koogallery_core::Store;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use super::supervision::{buy, buy_as, pdf, png, seller, t0, walk_to, with_clock, SELLER};

pub fn as_operations(store: &mut Store) {
    roles::switch(store, &RoleChoice::OperationsManager).unwrap();
}

/// A laptop of the test seller, enrolled at T0, that has sent the files of [`proof`]; returns
/// its token and device.
pub fn enrolled(store: &mut Store) -> (String, Device) {
    as_operations(store);
    let code = with_clock(t0(), |s| sync::issue_code(store, s, SELLER)).unwrap();
    let enrolled = with_clock(t0(), |s| sync::enrol(store, s, &code.code, "Field laptop")).unwrap();
    for bytes in [pdf(), png(64, 48)] {
        let sha = format!("{:x}", Sha256::digest(&bytes));
        let sent = with_clock(t0(), |s| sync::upload(store, s, &enrolled.device, &sha, bytes.len() as u64, 0, &bytes));
        assert!(sent.unwrap().complete);
    }
    (enrolled.token, enrolled.device)
}

/// `operation` as a laptop pushes it: as its fingerprint shows it, its password beside it.
pub fn as_pushed(seq: u32, operation: Operation) -> PushedOperation {
    let secret = match &operation.action {
        Action::Deliver(delivery) => delivery.app.as_ref().map(|app| app.initial_password.clone()),
        _ => None,
    };
    PushedOperation {
        seq,
        operation: serde_json::to_value(&operation).unwrap(),
        secret,
        made_at: Some("2026-03-02T11:00:00Z".into()),
    }
}

pub fn pushed(seq: u32, id: &str, order: u32, action: Action) -> PushedOperation {
    as_pushed(seq, Operation { id: id.into(), order_id: order, actor: seller(), action })
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

/// How the network between a laptop and the marketplace behaves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Link {
    Up,
    Down,
    /// Calls reach the marketplace, which acts, but its answers are lost.
    AnswersLost,
}

/// A laptop's network to `marketplace`, which the test cuts and restores.
pub struct Network<'a> {
    pub marketplace: &'a dyn Marketplace,
    pub link: Mutex<Link>,
}

impl<'a> Network<'a> {
    pub fn new(marketplace: &'a dyn Marketplace, link: Link) -> Self {
        Network { marketplace, link: Mutex::new(link) }
    }

    pub fn set(&self, link: Link) {
        *self.link.lock().unwrap() = link;
    }

    fn call<T>(&self, work: impl FnOnce() -> Result<T, CallError>) -> Result<T, CallError> {
        let link = *self.link.lock().unwrap();
        match link {
            Link::Down => Err(CallError::Unreachable("no network".into())),
            Link::Up => work(),
            Link::AnswersLost => {
                let _ = work();
                Err(CallError::Unreachable("the connection dropped before the answer".into()))
            }
        }
    }
}

impl Marketplace for Network<'_> {
    fn enrol(&self, code: &str, device_name: &str) -> Result<Welcome, CallError> {
        self.call(|| self.marketplace.enrol(code, device_name))
    }
    fn push(&self, token: &str, request: &PushRequest) -> Result<Pushed, CallError> {
        self.call(|| self.marketplace.push(token, request))
    }
    fn pull(&self, token: &str, cursor: i64, limit: u32) -> Result<Pulled, CallError> {
        self.call(|| self.marketplace.pull(token, cursor, limit))
    }
    fn file(&self, token: &str, sha256: &str) -> Result<Vec<u8>, CallError> {
        self.call(|| self.marketplace.file(token, sha256))
    }
    fn received(&self, token: &str, sha256: &str) -> Result<Received, CallError> {
        self.call(|| self.marketplace.received(token, sha256))
    }
    fn upload(&self, token: &str, sha256: &str, size: u64, offset: u64, part: &[u8]) -> Result<Received, CallError> {
        self.call(|| self.marketplace.upload(token, sha256, size, offset, part))
    }
}

//! A marketplace to supervise: the buying catalog plus a supervised professional service
//! ("migration", with a request template) and hardware ("appliance"), the three buyers, and
//! helpers to buy, act at a given time, and reach each state of a flow.
//!
//! Every supervised product here costs 49.00 a month; the prepaid buyer is topped up with
//! 1,000.00 at [`T0`].

use std::io::Cursor;

use chrono::{DateTime, Duration, Utc};
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::clock::FixedClock;
use koogallery_core::entropy::OsEntropy;
use koogallery_core::orders::{self, Services};
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::roles::Role;
use koogallery_core::store::secrets::Secret;
use koogallery_core::supervision::{self, Action, Actor, AppAccess, Applied, Delivery, FlowState, Operation, Upload};
use koogallery_core::{accounts, scheduler, CoreError, Store};

use super::{act_for, buyers_of_each_kind, buying_catalog, import_into, monthly_checkout, product};

pub const T0: &str = "2026-03-02T10:00:00Z";
pub const SELLER: &str = "test-seller";

pub fn t0() -> DateTime<Utc> {
    T0.parse().unwrap()
}

pub fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

pub fn with_clock<T>(now: DateTime<Utc>, work: impl FnOnce(&Services<'_>) -> T) -> T {
    let clock = FixedClock(now);
    work(&Services { clock: &clock, payments: &SimulatedProvider, entropy: &OsEntropy })
}

/// The buying catalog with a professional service and hardware, the three buyers, and
/// 1,000.00 on the prepaid balance.
pub fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    marketplace_in(&mut store);
    store
}

/// What [`store`] holds, written into `store` (a file, for tests that reopen it).
pub fn marketplace_in(store: &mut Store) {
    buying_catalog(store);
    let mut migration = product("migration", "Data Migration", "data-transfer", DeliveryMethod::ProfessionalService);
    migration.request_template = Some("Source:\nTarget:".into());
    let appliance = product("appliance", "Backup Appliance", "storage-and-backup", DeliveryMethod::Hardware);
    import_into(store, vec![migration, appliance]);
    buyers_of_each_kind(store);
    act_for(store, "acme-prepaid");
    accounts::top_up(store, &FixedClock(t0()), "1000").unwrap();
}

/// The supervised product of each supervised delivery method.
pub fn supervised_product(delivery: DeliveryMethod) -> &'static str {
    match delivery {
        DeliveryMethod::License => "db-license",
        DeliveryMethod::Saas => "accounting",
        DeliveryMethod::ProfessionalService => "migration",
        DeliveryMethod::Hardware => "appliance",
        other => panic!("{other} is not supervised"),
    }
}

pub const SUPERVISED: [DeliveryMethod; 4] =
    [DeliveryMethod::License, DeliveryMethod::Saas, DeliveryMethod::ProfessionalService, DeliveryMethod::Hardware];

/// `account` buys one month of `product` at `now`; returns the order.
pub fn buy_as(store: &mut Store, account: &str, product: &str, now: DateTime<Utc>) -> u32 {
    act_for(store, account);
    let mut checkout = monthly_checkout(product, 1, &format!("{account}-{product}-{}", now.timestamp()));
    checkout.authorize_seller = true;
    with_clock(now, |s| orders::place(store, s, &checkout)).unwrap().order.id
}

/// The prepaid buyer buys `product` at [`T0`].
pub fn buy(store: &mut Store, product: &str) -> u32 {
    buy_as(store, "acme-prepaid", product, t0())
}

pub fn buyer() -> Actor {
    Actor { role: Role::Buyer, id: "acme-prepaid".into() }
}

pub fn seller() -> Actor {
    Actor { role: Role::Seller, id: SELLER.into() }
}

pub fn operations() -> Actor {
    Actor { role: Role::OperationsManager, id: "operations".into() }
}

/// Applies `action` as `actor` at `now` under operation id `id`.
pub fn apply_as(
    store: &mut Store,
    id: &str,
    order: u32,
    actor: &Actor,
    action: Action,
    now: DateTime<Utc>,
) -> Result<Applied, CoreError> {
    let key = store.secret_key().clone();
    let op = Operation { id: id.into(), order_id: order, actor: actor.clone(), action };
    store.write(|tx| supervision::apply(tx, &key, &op, now))
}

/// A one-page PDF the proof check accepts.
pub fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

pub fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbaImage::from_pixel(width, height, image::Rgba([20, 120, 200, 255]));
    let mut bytes = Vec::new();
    picture.write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
    bytes
}

pub fn proof() -> Vec<Upload> {
    vec![Upload::from_bytes("acceptance.pdf", &pdf()), Upload::from_bytes("license-validity.png", &png(64, 48))]
}

pub const APP_PASSWORD: &str = "Init-Pass-7741";

/// A delivery with proof, and for SaaS the application information.
pub fn delivery(delivery: DeliveryMethod) -> Action {
    Action::Deliver(Delivery {
        remark: Some("Delivered".into()),
        proof: proof(),
        enabled_at: None,
        app: (delivery == DeliveryMethod::Saas).then(|| AppAccess {
            user_name: "admin@acme.example".into(),
            initial_password: Secret::new(APP_PASSWORD.into()),
            management_url: "https://books.example/manage".into(),
            front_end_url: "https://acme.books.example/".into(),
        }),
    })
}

/// Where a flow of `delivery` stands after each canonical step, and the steps to get there.
pub fn walk_to(store: &mut Store, order: u32, delivery: DeliveryMethod, target: FlowState, mut now: DateTime<Utc>) {
    let mut n = 0;
    let mut step = |store: &mut Store, actor: &Actor, action: Action, now: DateTime<Utc>| {
        n += 1;
        apply_as(store, &format!("walk-{order}-{n}"), order, actor, action, now).unwrap();
    };
    let needs_request = FlowState::first(delivery) == FlowState::AwaitingRequest;
    if target == FlowState::AwaitingRequest || (!needs_request && target == FlowState::SellerDeploying) {
        return;
    }
    if target == FlowState::Frozen {
        now += Duration::minutes(1);
        step(store, &seller(), Action::Appeal { reason: "The buyer cannot be reached".into(), proof: vec![] }, now);
        return;
    }
    if target == FlowState::Cancelled {
        now += Duration::minutes(1);
        step(store, &seller(), Action::Appeal { reason: "Stuck".into(), proof: vec![] }, now);
        let settle =
            Action::Settle { ruling: supervision::Ruling::Buyer { refund: None }, decision: "Refund the buyer".into() };
        step(store, &operations(), settle, now + Duration::minutes(1));
        return;
    }
    if needs_request {
        now += Duration::minutes(1);
        step(store, &buyer(), Action::SubmitRequest { text: "Please set it up".into() }, now);
        if target == FlowState::ReviewingRequest {
            return;
        }
        now += Duration::minutes(1);
        step(store, &seller(), Action::AcceptRequest { remark: None }, now);
        if target == FlowState::SellerDeploying {
            return;
        }
    }
    now += Duration::minutes(1);
    step(store, &seller(), self::delivery(delivery), now);
    if target == FlowState::AwaitingAcceptance {
        return;
    }
    now += Duration::minutes(1);
    step(store, &buyer(), Action::AcceptDelivery, now);
    if target == FlowState::Accepted {
        return;
    }
    with_clock(now + Duration::hours(3), |s| scheduler::run_until(store, s, now + Duration::hours(3))).unwrap();
    assert_eq!(target, FlowState::Completed);
}

/// The state of order `order`'s flow.
pub fn state(store: &Store, order: u32) -> FlowState {
    let text: String =
        store.conn().query_row("SELECT state FROM service_flows WHERE order_id = ?1", [order], |r| r.get(0)).unwrap();
    FlowState::parse(&text).unwrap()
}

/// Every row of the tables an operation may write, as text: to prove a refusal wrote nothing.
pub fn snapshot(store: &Store) -> String {
    let mut out = String::new();
    for table in [
        "service_flows",
        "flow_operations",
        "operation_attachments",
        "attachments",
        "unsubscriptions",
        "timers",
        "messages",
        "orders",
        "order_events",
        "ledger_transactions",
        "ledger_entries",
        "purchased_apps",
    ] {
        out.push_str(&super::table_rows(store, table));
    }
    out
}

/// `m` minutes after [`t0`].
pub fn minutes(m: i64) -> DateTime<Utc> {
    t0() + chrono::Duration::minutes(m)
}

pub fn order_status(store: &Store, order: u32) -> String {
    store.conn().query_row("SELECT status FROM orders WHERE id = ?1", [order], |r| r.get(0)).unwrap()
}

/// Fires every timer due up to `until`, with the clock there.
pub fn run_until(store: &mut Store, until: DateTime<Utc>) -> Vec<koogallery_core::scheduler::Fired> {
    with_clock(until, |s| koogallery_core::scheduler::run_until(store, s, until)).unwrap()
}

/// The buyer's appeal, with a reason and no proof.
pub fn appeal() -> Action {
    Action::Appeal { reason: "No answer".into(), proof: vec![] }
}

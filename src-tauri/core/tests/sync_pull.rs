//! What a seller's laptop pulls (R-SYNC-4, R-SYNC-5): its seller's flows changed after its
//! cursor, whole and in the marketplace's order, whoever changed them; never another seller's;
//! the buyer's contact only where the buyer shared it.

mod common;

use chrono::Duration;
use common::supervision::{apply_as, buy_as, buyer, delivery, store, t0, walk_to};
use common::sync::{enrolled, other_seller, push, pushed, two_licenses};
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::supervision::{Action, FlowState};
use koogallery_core::sync::{self, Device, FlowCopy, Pulled};
use koogallery_core::{ErrorCode, Store};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn pull(store: &Store, device: &Device, cursor: i64, limit: u32) -> Pulled {
    sync::pull(store.conn(), device, cursor, limit).unwrap()
}

fn table<'a>(copy: &'a FlowCopy, name: &str) -> &'a Vec<serde_json::Map<String, Value>> {
    &copy.tables.iter().find(|t| t.table == name).unwrap_or_else(|| panic!("no {name} in {copy:?}")).rows
}

fn orders(pulled: &Pulled) -> Vec<u32> {
    pulled.flows.iter().map(|f| f.order_id).collect()
}

#[test]
fn r_sync_4_a_laptop_pulls_its_sellers_flows_changed_after_its_cursor_whole_whoever_changed_them() {
    let mut store = store();
    let (first, second) = two_licenses(&mut store);
    let (token, device) = enrolled(&mut store);

    // From the start: every flow of the seller, in pages.
    let page = pull(&store, &device, 0, 1);
    assert_eq!((orders(&page), page.more), (vec![first], true));
    let rest = pull(&store, &device, page.cursor, 100);
    assert_eq!((orders(&rest), rest.more), (vec![second], false));
    assert_eq!(pull(&store, &device, rest.cursor, 100).flows, vec![], "nothing new");

    // The laptop's delivery, then the buyer's acceptance on the marketplace: each pulled once.
    push(&mut store, &token, vec![pushed(1, "laptop-op-1", first, delivery(DeliveryMethod::License))], 30);
    let after_push = pull(&store, &device, rest.cursor, 100);
    assert_eq!(orders(&after_push), vec![first]);
    let copy = &after_push.flows[0];
    assert_eq!(table(copy, "service_flows")[0]["state"], "awaiting_acceptance");
    let records = table(copy, "flow_operations");
    assert_eq!(records.last().unwrap()["id"], "laptop-op-1");
    assert_eq!(
        records.iter().map(|r| r["position"].as_i64().unwrap()).collect::<Vec<_>>(),
        (1..=records.len() as i64).collect::<Vec<_>>()
    );
    let files = table(copy, "operation_attachments");
    assert_eq!(files.len(), 2, "the delivery's proof, by name and hash");
    for file in files {
        let sha = file["sha256"].as_str().unwrap();
        let bytes = sync::file(store.conn(), &device, sha).unwrap();
        assert_eq!(format!("{:x}", Sha256::digest(&bytes)), sha);
    }
    assert!(table(copy, "attachments").iter().all(|a| !a.contains_key("bytes")), "bytes travel by hash only");
    assert_eq!(table(copy, "orders")[0]["card_id"], Value::Null);

    apply_as(&mut store, "buyer-accepts", first, &buyer(), Action::AcceptDelivery, t0() + Duration::hours(1)).unwrap();
    let accepted = pull(&store, &device, after_push.cursor, 100);
    assert_eq!(orders(&accepted), vec![first]);
    assert_eq!(table(&accepted.flows[0], "service_flows")[0]["state"], "accepted");
    // The clock's completion three hours later is a change too.
    common::supervision::with_clock(t0() + Duration::hours(4), |s| {
        koogallery_core::scheduler::run_until(&mut store, s, t0() + Duration::hours(4))
    })
    .unwrap();
    let completed = pull(&store, &device, accepted.cursor, 100);
    assert_eq!(table(&completed.flows[0], "service_flows")[0]["state"], "completed");
}

#[test]
fn r_sync_5_a_laptop_never_pulls_another_sellers_flows_nor_files_and_the_buyers_contact_only_when_shared() {
    let mut store = store();
    let (first, _) = two_licenses(&mut store);
    let (token, device) = enrolled(&mut store);
    push(&mut store, &token, vec![pushed(1, "laptop-op-1", first, delivery(DeliveryMethod::License))], 30);
    other_seller(&store);
    store
        .conn()
        .execute_batch(
            "INSERT INTO seller_devices (seller_id, name, token_hash, enrolled_at)
             VALUES ('other-seller', 'Other laptop', 'not-a-real-hash', '2026-03-02T10:00:00Z');",
        )
        .unwrap();
    let other = sync::devices(store.conn(), Some("other-seller")).unwrap().remove(0);
    assert_eq!(pull(&store, &other, 0, 100).flows, vec![]);
    let everything = pull(&store, &device, 0, 100);
    let delivered = everything.flows.iter().find(|f| f.order_id == first).unwrap();
    let sha = table(delivered, "operation_attachments")[0]["sha256"].as_str().unwrap().to_string();
    assert_eq!(sync::file(store.conn(), &other, &sha).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(sync::file(store.conn(), &device, "0".repeat(64).as_str()).unwrap_err().code(), ErrorCode::NotFound);

    let buyer_of = |pulled: &Pulled, order: u32| {
        let copy = pulled.flows.iter().find(|f| f.order_id == order).unwrap();
        let row = &table(copy, "accounts")[0];
        (row["name"].as_str().unwrap().to_string(), row["email"].as_str().unwrap().to_string())
    };
    let (name, email) = buyer_of(&pull(&store, &device, 0, 100), first);
    assert!(!name.is_empty());
    assert_eq!(email, "", "not shared");

    // The buyer asks to unsubscribe and shares its contact: the seller's copy then has it.
    let back = koogallery_core::roles::RoleChoice::Buyer { account_id: "acme-prepaid".into() };
    koogallery_core::roles::switch(&mut store, &back).unwrap();
    let unsubscribe_order = buy_as(&mut store, "acme-prepaid", "db-license", t0() + Duration::seconds(5));
    walk_to(&mut store, unsubscribe_order, DeliveryMethod::License, FlowState::AwaitingAcceptance, t0());
    let ask = Action::RequestUnsubscription {
        amount: "10.00".into(),
        reason: "Project cancelled".into(),
        share_contact: true,
    };
    apply_as(&mut store, "buyer-unsubscribes", unsubscribe_order, &buyer(), ask, t0() + Duration::minutes(20)).unwrap();
    let (_, email) = buyer_of(&pull(&store, &device, 0, 100), unsubscribe_order);
    assert!(email.contains('@'), "shared: {email:?}");
}

#[test]
fn r_sync_4_a_cursor_the_marketplace_never_gave_or_a_bad_limit_is_refused() {
    let mut store = store();
    two_licenses(&mut store);
    let (_, device) = enrolled(&mut store);
    let latest = pull(&store, &device, 0, 100).cursor;
    for (cursor, limit, code) in [
        (-1, 10, ErrorCode::OutOfSequence),
        (latest + 1, 10, ErrorCode::OutOfSequence),
        (0, 0, ErrorCode::InvalidInput),
        (0, sync::MAX_FLOWS + 1, ErrorCode::InvalidInput),
    ] {
        assert_eq!(sync::pull(store.conn(), &device, cursor, limit).unwrap_err().code(), code, "{cursor} {limit}");
    }
}

//! Messages a page at a time (R-AFT-4): a buyer whose subscriptions renew for a year is told tens
//! of thousands of things, and reads every one of them, the newest first, or only the unread.

mod common;

use chrono::Duration;
use common::act_for;
use common::images::top_up;
use common::supervision::{buy_as, store, t0, walk_to, with_clock};
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::messages::{self, Inbox, MessageLink, MessagesQuery};
use koogallery_core::supervision::FlowState;
use koogallery_core::{scheduler, ErrorCode, Store};

/// The prepaid buyer's 25 licenses (1,225.00 paid from 2,000.00 of balance), each delivered by
/// the seller ten minutes after the last: the buyer is told of 25 deliveries, every one unread.
fn buyer_told_of_25_deliveries() -> (Store, Vec<u32>) {
    let mut store = store();
    top_up(&mut store, "1000");
    let mut orders = Vec::new();
    for n in 0..25 {
        let at = t0() + Duration::minutes(10 * n);
        let order = buy_as(&mut store, "acme-prepaid", "db-license", at);
        walk_to(&mut store, order, DeliveryMethod::License, FlowState::AwaitingAcceptance, at);
        orders.push(order);
    }
    act_for(&store, "acme-prepaid");
    (store, orders)
}

fn query(unread_only: bool, offset: u32, limit: u32) -> MessagesQuery {
    MessagesQuery { unread_only, offset: Some(offset), limit: Some(limit) }
}

fn orders_of(inbox: &Inbox) -> Vec<u32> {
    inbox.messages.iter().map(|m| m.order_id.unwrap()).collect()
}

#[test]
fn r_aft_4_every_message_is_read_a_page_at_a_time_the_newest_first() {
    let (store, orders) = buyer_told_of_25_deliveries();
    let newest_first: Vec<u32> = orders.iter().rev().copied().collect();

    let first = messages::list(store.conn(), &query(false, 0, 10)).unwrap();
    assert!(first.messages.iter().all(|m| m.kind == "delivered" && !m.read));
    assert_eq!(orders_of(&first), newest_first[..10]);
    assert_eq!((first.unread, first.total, first.offset, first.limit), (25, 25, 0, 10));
    let last = messages::list(store.conn(), &query(false, 20, 10)).unwrap();
    assert_eq!(orders_of(&last), newest_first[20..]);
    let past_the_end = messages::list(store.conn(), &query(false, 30, 10)).unwrap();
    assert_eq!((past_the_end.messages.len(), past_the_end.total), (0, 25));

    let default = messages::list(store.conn(), &MessagesQuery::default()).unwrap();
    assert_eq!((default.offset, default.limit, default.messages.len()), (0, 20, 20));

    act_for(&store, "cedar-reseller");
    let other = messages::list(store.conn(), &MessagesQuery::default()).unwrap();
    assert_eq!((other.total, other.unread), (0, 0), "another buyer's messages are not its own");
}

#[test]
fn r_aft_4_the_unread_are_listed_on_their_own_and_marking_answers_the_page_asked_for() {
    let (mut store, orders) = buyer_told_of_25_deliveries();
    let newest = messages::list(store.conn(), &query(false, 0, 3)).unwrap();
    let read: Vec<u32> = newest.messages.iter().map(|m| m.id).collect();

    let answer = messages::mark_read(&mut store, &read, "2026-03-03T09:00:00Z", &query(true, 0, 5)).unwrap();
    assert_eq!((answer.unread, answer.total, answer.limit), (22, 22, 5));
    let rest: Vec<u32> = orders.iter().rev().skip(3).take(5).copied().collect();
    assert_eq!(orders_of(&answer), rest, "the unread only, the newest first");

    let all = messages::list(store.conn(), &query(false, 0, 4)).unwrap();
    assert_eq!((all.total, all.unread), (25, 22));
    assert_eq!(all.messages.iter().map(|m| m.read).collect::<Vec<_>>(), [true, true, true, false]);

    let everything = messages::mark_read(&mut store, &[], "2026-03-03T09:05:00Z", &query(true, 0, 20)).unwrap();
    assert_eq!((everything.unread, everything.total, everything.messages.len()), (0, 0, 0));
}

#[test]
fn a_bad_page_or_someone_elses_message_is_refused_and_nothing_is_marked() {
    let (mut store, _) = buyer_told_of_25_deliveries();
    let first = messages::list(store.conn(), &query(false, 0, 1)).unwrap().messages[0].id;
    for limit in [0, 101] {
        let refused = messages::list(store.conn(), &query(false, 0, limit)).unwrap_err();
        assert_eq!(refused.to_string(), "the limit must be between 1 and 100");
        let refused = messages::mark_read(&mut store, &[first], "2026-03-03T09:00:00Z", &query(false, 0, limit));
        assert_eq!(refused.unwrap_err().code(), ErrorCode::InvalidInput);
    }
    act_for(&store, "cedar-reseller");
    let theirs = messages::mark_read(&mut store, &[], "2026-03-03T09:00:00Z", &MessagesQuery::default());
    assert_eq!(theirs.unwrap().unread, 0);
    let not_mine = messages::mark_read(&mut store, &[first], "2026-03-03T09:00:00Z", &MessagesQuery::default());
    assert_eq!(not_mine.unwrap_err().code(), ErrorCode::NotFound);

    act_for(&store, "acme-prepaid");
    assert_eq!(messages::unread(store.conn()).unwrap(), 25, "nothing was marked");
}

#[test]
fn r_aft_4_a_notification_tells_of_the_newest_unread_oldest_first_at_most_twenty() {
    let (mut store, orders) = buyer_told_of_25_deliveries();
    let all = messages::list(store.conn(), &query(false, 0, 25)).unwrap();
    let ids: Vec<u32> = all.messages.iter().rev().map(|m| m.id).collect();

    let fresh = messages::unread_since(store.conn(), 0).unwrap();
    assert_eq!(fresh.len() as u32, messages::NOTIFY_LIMIT);
    let told: Vec<u32> = fresh.iter().map(|m| m.order_id.unwrap()).collect();
    assert_eq!(told, orders[5..], "the newest twenty, oldest first");

    messages::mark_read(&mut store, &[ids[24]], "2026-03-03T09:00:00Z", &MessagesQuery::default()).unwrap();
    let after: Vec<u32> = messages::unread_since(store.conn(), ids[21]).unwrap().iter().map(|m| m.id).collect();
    assert_eq!(after, [ids[22], ids[23]], "newer than the last seen, and not read");
}

#[test]
fn r_aft_4_a_message_leads_to_the_flow_or_the_subscription_it_tells_of() {
    let (mut store, orders) = buyer_told_of_25_deliveries();
    let crm = buy_as(&mut store, "acme-prepaid", "crm", t0());
    let until = t0() + Duration::days(40);
    with_clock(until, |s| scheduler::run_until(&mut store, s, until)).unwrap();
    act_for(&store, "acme-prepaid");
    let subscription: u32 =
        store.conn().query_row("SELECT id FROM subscriptions WHERE order_id = ?1", [crm], |r| r.get(0)).unwrap();

    let inbox = messages::list(store.conn(), &query(false, 0, 100)).unwrap();
    let of = |order: u32| inbox.messages.iter().filter(move |m| m.order_id == Some(order));
    assert!(of(orders[0]).any(|m| m.kind == "delivered"));
    assert!(of(orders[0]).all(|m| m.link == Some(MessageLink::Flow { order_id: orders[0] })), "{inbox:?}");
    let told: Vec<&str> = of(crm).map(|m| m.kind.as_str()).collect();
    assert!(told.contains(&"expiring") && told.contains(&"grace"), "{told:?}");
    assert!(of(crm).all(|m| m.link == Some(MessageLink::Subscription { id: subscription })), "no flow to lead to");
}

//! My Orders, Purchased Apps, Unsubscriptions, the hourly bills, the ECS Console and the orders an
//! invoice can be asked for, a page at a time: a reseller's store holds thousands of each, and a
//! screen asks for the rows it shows and how many there are. Each page is the whole list's rows
//! at its place, the newest first.

mod common;

use common::act_for;
use common::images::{self as cloud, after, image_store, ppu_request, provision_at, top_up};
use common::supervision::{buy_as, store, t0};
use koogallery_core::images::NetworkChoice;
use koogallery_core::paging::{Page, PageRequest};
use koogallery_core::supervision::unsubscribe;
use koogallery_core::{apps, images, invoices, orders, ErrorCode, Store};

/// The prepaid buyer's 25 months of the CRM, one a minute from [`t0`] (orders 1 to 25), and a
/// supervised SaaS still in supervision (order 26), paid from 2,000.00 of prepaid balance: in My Orders and Unsubscriptions, not yet
/// in Purchased Apps.
fn buyer_of_many() -> Store {
    let mut store = store();
    top_up(&mut store, "1000");
    for minute in 0..25 {
        buy_as(&mut store, "acme-prepaid", "crm", t0() + chrono::Duration::minutes(minute));
    }
    buy_as(&mut store, "acme-prepaid", "accounting", t0() + chrono::Duration::minutes(30));
    act_for(&store, "acme-prepaid");
    store
}

/// Every page of a list from `read`, at `limit` rows a page, until one comes back short; with
/// each page's total.
fn pages<T>(limit: u32, mut read: impl FnMut(PageRequest) -> Page<T>) -> (Vec<Vec<T>>, Vec<u32>) {
    let (mut rows, mut totals) = (Vec::new(), Vec::new());
    for offset in (0..).step_by(limit as usize) {
        let page = read(PageRequest::new(offset, limit));
        assert_eq!((page.offset, page.limit), (offset, limit));
        let short = page.items.len() < limit as usize;
        totals.push(page.total);
        rows.push(page.items);
        if short {
            return (rows, totals);
        }
    }
    unreachable!()
}

#[test]
fn r_buy_7_my_orders_come_twenty_at_a_time_the_newest_first() {
    let store = buyer_of_many();
    let (rows, totals) = pages(20, |page| orders::page(store.conn(), page).unwrap());
    let ids: Vec<Vec<u32>> = rows.iter().map(|page| page.iter().map(|o| o.id).collect()).collect();
    assert_eq!(ids, [(7..=26).rev().collect::<Vec<_>>(), (1..=6).rev().collect()]);
    assert_eq!(totals, [26, 26]);
    assert_eq!(rows.concat(), orders::list(store.conn()).unwrap(), "the whole list, page by page");

    let past_the_end = orders::page(store.conn(), PageRequest::new(40, 20)).unwrap();
    assert_eq!((past_the_end.items.len(), past_the_end.total), (0, 26));
    let default = orders::page(store.conn(), PageRequest::default()).unwrap();
    assert_eq!((default.offset, default.limit, default.items.len()), (0, 20, 20));

    act_for(&store, "cedar-reseller");
    assert_eq!(orders::page(store.conn(), PageRequest::default()).unwrap().total, 0, "another buyer's");
}

#[test]
fn r_use_purchased_apps_come_a_page_at_a_time_without_the_order_still_in_supervision() {
    let store = buyer_of_many();
    let (rows, totals) = pages(10, |page| apps::page(store.conn(), page).unwrap());
    let ids: Vec<u32> = rows.iter().flatten().map(|a| a.order_id).collect();
    assert_eq!(ids, (1..=25).rev().collect::<Vec<_>>(), "order 26 is still supervised");
    assert_eq!(totals, [25, 25, 25]);
    assert_eq!(rows.concat(), apps::list(store.conn()).unwrap());
}

#[test]
fn r_uns_3_unsubscriptions_come_a_page_at_a_time_each_assessed_as_in_the_whole_list() {
    let store = buyer_of_many();
    let (rows, totals) = pages(20, |page| unsubscribe::page(store.conn(), page).unwrap());
    assert_eq!(totals, [26, 26]);
    assert_eq!(rows[0][0].order_id, 26);
    assert!(rows[0][0].possible, "the supervised order can be unsubscribed: {:?}", rows[0][0]);
    assert_eq!(rows.concat(), unsubscribe::list(store.conn()).unwrap());
}

#[test]
fn r_img_4_hourly_bills_come_a_page_at_a_time_and_a_bad_page_bills_nothing() {
    let mut store = image_store();
    top_up(&mut store, "100");
    provision_at(&mut store, after(0), &ppu_request("k1")).unwrap();
    // Thirty hours of use later, 31 started hours each of the ECS and of the image are due.
    let now = after(30 * 60 + 1);
    let billed_before = cloud::count(&store, "hourly_charges");
    let refused = cloud::with_clock(now, |s| images::charges(&mut store, s, PageRequest::new(0, 101))).unwrap_err();
    assert_eq!(
        (refused.code(), refused.to_string()),
        (ErrorCode::InvalidInput, "the limit must be between 1 and 100".into())
    );
    assert_eq!(cloud::count(&store, "hourly_charges"), billed_before, "refused before billing");

    let (rows, totals) = pages(25, |page| cloud::with_clock(now, |s| images::charges(&mut store, s, page)).unwrap());
    assert_eq!(totals, [62, 62, 62]);
    assert_eq!(rows.iter().map(Vec::len).collect::<Vec<_>>(), [25, 25, 12]);
    let all = rows.concat();
    assert_eq!(all, images::list_charges(store.conn()).unwrap());
    assert!(all.windows(2).all(|w| w[0].block_start >= w[1].block_start), "the newest hour first");
}

#[test]
fn a_page_of_none_or_of_more_than_a_hundred_rows_is_refused_by_every_list() {
    let store = buyer_of_many();
    for limit in [0, 101] {
        let page = PageRequest::new(0, limit);
        for refused in [
            orders::page(store.conn(), page).map(|_| ()),
            apps::page(store.conn(), page).map(|_| ()),
            unsubscribe::page(store.conn(), page).map(|_| ()),
        ] {
            assert_eq!(refused.unwrap_err().code(), ErrorCode::InvalidInput, "limit {limit}");
        }
    }
}

#[test]
fn r_img_4_the_ecs_console_comes_a_page_at_a_time_the_newest_instance_first() {
    let mut store = image_store();
    top_up(&mut store, "100");
    for key in ["k1", "k2"] {
        let mut five = ppu_request(key);
        five.configuration.quantity = Some(5);
        five.network =
            NetworkChoice::New { vpc_name: format!("vpc-{key}"), vpc_cidr: "10.0.0.0/16".into(), subnet_cidr: None };
        provision_at(&mut store, after(0), &five).unwrap();
    }
    let (rows, totals) =
        pages(4, |page| cloud::with_clock(after(60), |s| images::console(&mut store, s, page)).unwrap());
    assert_eq!(totals, [10, 10, 10]);
    let ids: Vec<u32> = rows.iter().flatten().map(|i| i.id).collect();
    assert_eq!(ids, (1..=10).rev().collect::<Vec<_>>());
    assert_eq!(rows.concat(), images::list(store.conn()).unwrap());
    let refused = cloud::with_clock(after(60), |s| images::console(&mut store, s, PageRequest::new(0, 0))).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
}

#[test]
fn r_aft_1_the_orders_an_invoice_can_be_asked_for_come_a_page_at_a_time() {
    let store = buyer_of_many();
    let (rows, totals) = pages(20, |page| invoices::invoiceable_page(store.conn(), page).unwrap());
    assert_eq!(totals, [26, 26], "the 25 completed and the one in supervision");
    assert_eq!(rows[0][0].order_id, 26);
    assert_eq!(rows.concat(), invoices::invoiceable(store.conn()).unwrap());
    let refused = invoices::invoiceable_page(store.conn(), PageRequest::new(0, 101)).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
}

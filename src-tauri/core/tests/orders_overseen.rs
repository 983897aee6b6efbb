//! Seller Center's orders received and the operations manager's every order, by status and a
//! page at a time, with how many orders each status holds. A seller of the scheduler's store
//! has 4,003 orders and the marketplace 10,015: a screen asks for a page and the counts.

mod common;

use chrono::Duration;
use common::supervision::{store, t0, with_clock};
use common::{act_for, monthly_checkout, product};
use koogallery_core::catalog::import::{import, CatalogSeed, SellerSeed};
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::orders::{self, Order, OrderStatus, OrdersPage, OrdersQuery, PaymentChoice};
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::{ErrorCode, Store};

/// Seven orders, one a minute from [`t0`]:
///
/// | order | buyer | product (seller) | status |
/// | --- | --- | --- | --- |
/// | 1 | acme-prepaid | crm (test-seller) | completed |
/// | 2 | acme-prepaid | accounting (test-seller), supervised | processing |
/// | 3 | borealis-postpaid | crm, on the declined card | cancelled |
/// | 4 | acme-prepaid | notes (other-seller) | completed |
/// | 5 | cedar-reseller | crm | completed |
/// | 6 | acme-prepaid | db-license (test-seller), supervised | processing |
/// | 7 | acme-prepaid | crm | completed |
fn marketplace() -> Store {
    let mut store = store();
    let mut notes = product("notes", "Team Notes", "project-management", DeliveryMethod::Saas);
    notes.seller = "other-seller".into();
    let other = SellerSeed {
        id: "other-seller".into(),
        name: "Other Seller".into(),
        email: "help@other.example".into(),
        phone: "+1 555 0199".into(),
        support_hours: "Any time".into(),
        website: None,
    };
    let seed = CatalogSeed { sellers: vec![other], products: vec![notes] };
    store.write(|tx| import(tx, &seed, &|_: &str| None)).unwrap();

    let placed = [
        ("acme-prepaid", "crm", None),
        ("acme-prepaid", "accounting", None),
        ("borealis-postpaid", "crm", Some(PaymentChoice::Card { card_id: 2 })),
        ("acme-prepaid", "notes", None),
        ("cedar-reseller", "crm", None),
        ("acme-prepaid", "db-license", None),
        ("acme-prepaid", "crm", None),
    ];
    for (minute, (account, product, payment)) in placed.into_iter().enumerate() {
        act_for(&store, account);
        let mut checkout = monthly_checkout(product, 1, &format!("overseen-{minute}"));
        checkout.authorize_seller = true;
        checkout.payment = payment;
        let _declined_or_placed =
            with_clock(t0() + Duration::minutes(minute as i64), |s| orders::place(&mut store, s, &checkout));
    }
    store
}

fn act_as(store: &mut Store, choice: RoleChoice) {
    roles::switch(store, &choice).unwrap();
}

fn as_seller(id: &str) -> RoleChoice {
    RoleChoice::Seller { seller_id: id.into() }
}

fn query(status: Option<OrderStatus>, offset: u32, limit: u32) -> OrdersQuery {
    OrdersQuery { status, offset: Some(offset), limit: Some(limit) }
}

fn ids(page: &OrdersPage) -> Vec<u32> {
    page.items.iter().map(|o| o.id).collect()
}

/// The counts of pending payment, paid, processing, completed and cancelled, in that order.
fn counts(page: &OrdersPage) -> Vec<u32> {
    assert_eq!(page.statuses.iter().map(|s| s.status).collect::<Vec<_>>(), OrderStatus::ALL);
    page.statuses.iter().map(|s| s.count).collect()
}

#[test]
fn a_seller_pages_through_its_orders_received_the_newest_first_with_a_count_per_status() {
    let mut store = marketplace();
    act_as(&mut store, as_seller("test-seller"));

    let first = orders::received_page(store.conn(), &query(None, 0, 4)).unwrap();
    assert_eq!(ids(&first), [7, 6, 5, 3], "order 4 is another seller's");
    assert_eq!((first.total, first.all, first.offset, first.limit), (6, 6, 0, 4));
    assert_eq!(counts(&first), [0, 0, 2, 3, 1]);
    let second = orders::received_page(store.conn(), &query(None, 4, 4)).unwrap();
    assert_eq!(ids(&second), [2, 1]);
    assert_eq!(counts(&second), counts(&first));

    let whole: Vec<Order> = first.items.iter().chain(&second.items).cloned().collect();
    assert_eq!(whole, orders::received(store.conn(), None).unwrap(), "the whole list, page by page");
    let buyers: Vec<&str> = whole.iter().map(|o| o.buyer_name.as_str()).collect();
    assert_eq!(
        buyers,
        ["acme-prepaid", "acme-prepaid", "cedar-reseller", "borealis-postpaid", "acme-prepaid", "acme-prepaid"]
    );

    act_as(&mut store, as_seller("other-seller"));
    let other = orders::received_page(store.conn(), &OrdersQuery::default()).unwrap();
    assert_eq!((ids(&other), other.all, counts(&other)), (vec![4], 1, vec![0, 0, 0, 1, 0]));
}

#[test]
fn one_status_is_paged_on_its_own_and_the_counts_stay_those_of_every_status() {
    let mut store = marketplace();
    act_as(&mut store, as_seller("test-seller"));

    let completed = orders::received_page(store.conn(), &query(Some(OrderStatus::Completed), 0, 2)).unwrap();
    assert_eq!((ids(&completed), completed.total, completed.all), (vec![7, 5], 3, 6));
    assert_eq!(counts(&completed), [0, 0, 2, 3, 1]);
    let rest = orders::received_page(store.conn(), &query(Some(OrderStatus::Completed), 2, 2)).unwrap();
    assert_eq!(ids(&rest), [1]);
    let whole = orders::received(store.conn(), Some(OrderStatus::Completed)).unwrap();
    assert_eq!(whole.iter().map(|o| o.id).collect::<Vec<_>>(), [7, 5, 1]);

    let cancelled = orders::received_page(store.conn(), &query(Some(OrderStatus::Cancelled), 0, 20)).unwrap();
    assert_eq!((ids(&cancelled), cancelled.total), (vec![3], 1));
    assert!(cancelled.items[0].failure.is_some(), "the declined payment says why");

    let none = orders::received_page(store.conn(), &query(Some(OrderStatus::PendingPayment), 0, 20)).unwrap();
    assert_eq!((none.items.len(), none.total, none.all), (0, 0, 6));
    let past_the_end = orders::received_page(store.conn(), &query(Some(OrderStatus::Processing), 20, 20)).unwrap();
    assert_eq!((past_the_end.items.len(), past_the_end.total), (0, 2));
}

#[test]
fn the_operations_manager_pages_through_every_order_of_the_marketplace() {
    let mut store = marketplace();
    act_as(&mut store, RoleChoice::OperationsManager);

    let page = orders::all_page(store.conn(), &query(None, 3, 3)).unwrap();
    assert_eq!((ids(&page), page.total, page.all), (vec![4, 3, 2], 7, 7));
    assert_eq!(counts(&page), [0, 0, 2, 4, 1]);
    let processing = orders::all_page(store.conn(), &query(Some(OrderStatus::Processing), 0, 20)).unwrap();
    assert_eq!((ids(&processing), processing.total), (vec![6, 2], 2));
    let whole = orders::all(store.conn(), None).unwrap();
    assert_eq!(whole.iter().map(|o| o.id).collect::<Vec<_>>(), (1..=7).rev().collect::<Vec<_>>());
}

#[test]
fn each_role_sees_only_its_own_list_and_a_bad_page_is_refused() {
    let mut store = marketplace();
    let any = OrdersQuery::default();
    act_for(&store, "acme-prepaid");
    assert_eq!(orders::received_page(store.conn(), &any).unwrap_err().code(), ErrorCode::Forbidden);
    assert_eq!(orders::all_page(store.conn(), &any).unwrap_err().code(), ErrorCode::Forbidden);

    act_as(&mut store, as_seller("test-seller"));
    assert_eq!(orders::all_page(store.conn(), &any).unwrap_err().code(), ErrorCode::Forbidden);
    act_as(&mut store, RoleChoice::OperationsManager);
    assert_eq!(orders::received_page(store.conn(), &any).unwrap_err().code(), ErrorCode::Forbidden);

    for limit in [0, 101] {
        let refused = orders::all_page(store.conn(), &query(None, 0, limit)).unwrap_err();
        assert_eq!(refused.code(), ErrorCode::InvalidInput);
        assert_eq!(refused.to_string(), "the limit must be between 1 and 100");
    }
}

//! Billing Center > Renewals at any size: its tabs and their counts, the search by product name,
//! and its pages (R-REN-1: the states a tab sorts by; R-REN-3: automatic renewal); and how a page
//! finds the subscriptions of its orders without the whole list.

mod common;

use common::subscriptions::{run, zone};
use common::supervision::{at, buy_as, store, with_clock};
use common::{act_for, monthly_checkout};
use koogallery_core::subscriptions::{self, AutoRenewChoice, RenewalsPage, RenewalsQuery, RenewalsTab};
use koogallery_core::{orders, ErrorCode, Store};

const NOW: &str = "2026-03-01T12:00:00Z";

/// The prepaid buyer, in New York, with one subscription in each place of a life on 1 March
/// 07:00 EST. Each month ends at 23:59:59 New York time on the same day of the next month.
/// Returns the store and the subscription ids, A to F.
fn six_subscriptions() -> (Store, [u32; 6]) {
    let mut store = store();
    zone(&store, "acme-prepaid", "America/New_York");
    // A: 1 Dec → 1 Jan, grace to 16 Jan, retention to 31 Jan: released.
    // B: 10 Jan → 10 Feb, grace to 25 Feb: in retention until 12 March.
    // C: 25 Jan → 25 Feb: in grace until 12 March.
    // D: Benchmark Data, 10 Feb → 10 March: 9 days left, renewed by hand.
    // E: 20 Feb → 20 March: 19 days left, automatic renewal on.
    // F: three months from 25 Feb → 25 May: 85 days left.
    let mut ids = Vec::new();
    for (product, when) in [
        ("crm", "2025-12-01T15:00:00Z"),
        ("crm", "2026-01-10T15:00:00Z"),
        ("crm", "2026-01-25T15:00:00Z"),
        ("fractions", "2026-02-10T15:00:00Z"),
        ("crm", "2026-02-20T15:00:00Z"),
    ] {
        let order = buy_as(&mut store, "acme-prepaid", product, at(when));
        ids.push(subscription_of(&store, order));
    }
    let order =
        with_clock(at("2026-02-25T15:00:00Z"), |s| orders::place(&mut store, s, &monthly_checkout("crm", 3, "f")))
            .unwrap()
            .order
            .id;
    ids.push(subscription_of(&store, order));
    with_clock(at("2026-02-21T10:00:00Z"), |s| {
        let on = AutoRenewChoice { enabled: true, period: None, date: None };
        subscriptions::set_auto_renew(&mut store, s, ids[4], &on)
    })
    .unwrap();
    run(&mut store, NOW);
    act_for(&store, "acme-prepaid");
    (store, ids.try_into().unwrap())
}

fn subscription_of(store: &Store, order: u32) -> u32 {
    act_for(store, "acme-prepaid");
    subscriptions::list(store.conn(), at("2026-03-01T00:00:00Z"))
        .unwrap()
        .into_iter()
        .find(|s| s.order_id == order)
        .expect("the order's subscription")
        .id
}

fn page(store: &Store, tab: RenewalsTab, product: Option<&str>, offset: u32, limit: u32) -> RenewalsPage {
    let query = RenewalsQuery { tab, product: product.map(Into::into), offset: Some(offset), limit: Some(limit) };
    subscriptions::renewals(store.conn(), at(NOW), &query).unwrap()
}

fn ids(page: &RenewalsPage) -> Vec<u32> {
    page.items.iter().map(|s| s.id).collect()
}

fn counts(page: &RenewalsPage) -> Vec<(&'static str, u32)> {
    page.tabs.iter().map(|t| (t.tab.as_str(), t.count)).collect()
}

#[test]
fn r_ren_1_each_tab_holds_the_subscriptions_in_its_state_and_says_how_many() {
    let (store, [a, b, c, d, e, f]) = six_subscriptions();
    let all = page(&store, RenewalsTab::All, None, 0, 20);
    assert_eq!(ids(&all), [b, c, d, e, f, a], "the soonest expiry first, the released one last");
    assert_eq!(
        counts(&all),
        [("all", 6), ("expiring", 2), ("grace", 1), ("retention", 1), ("auto_renew", 1), ("manual", 4), ("ended", 1)]
    );
    let days: Vec<i32> = all.items.iter().map(|s| s.days_left).collect();
    assert_eq!(days, [-19, -4, 9, 19, 85, -59], "days to the expiry date in New York");

    for (tab, expected) in [
        (RenewalsTab::Expiring, vec![d, e]),
        (RenewalsTab::Grace, vec![c]),
        (RenewalsTab::Retention, vec![b]),
        (RenewalsTab::AutoRenew, vec![e]),
        (RenewalsTab::Manual, vec![b, c, d, f]),
        (RenewalsTab::Ended, vec![a]),
    ] {
        let shown = page(&store, tab, None, 0, 20);
        assert_eq!(ids(&shown), expected, "{tab:?}");
        assert_eq!(shown.total as usize, expected.len(), "{tab:?}");
        assert_eq!(counts(&shown), counts(&all), "every tab's count, whichever tab is shown");
    }
}

#[test]
fn renewals_come_a_page_at_a_time_and_a_page_past_the_end_is_empty() {
    let (store, [a, b, c, d, e, f]) = six_subscriptions();
    let pages: Vec<Vec<u32>> =
        [0, 2, 4].into_iter().map(|offset| ids(&page(&store, RenewalsTab::All, None, offset, 2))).collect();
    assert_eq!(pages, [vec![b, c], vec![d, e], vec![f, a]]);
    let past = page(&store, RenewalsTab::All, None, 6, 2);
    assert!(past.items.is_empty());
    assert_eq!((past.total, past.offset, past.limit), (6, 6, 2));
    let manual = page(&store, RenewalsTab::Manual, None, 3, 2);
    assert_eq!((ids(&manual), manual.total), (vec![f], 4));

    let default = subscriptions::renewals(store.conn(), at(NOW), &RenewalsQuery::default()).unwrap();
    assert_eq!((default.offset, default.limit, default.total), (0, 20, 6));
}

#[test]
fn the_search_by_product_name_ignores_case_and_counts_every_tab_for_it() {
    let (store, [_, _, _, d, ..]) = six_subscriptions();
    let found = page(&store, RenewalsTab::All, Some("  BENCHMARK "), 0, 20);
    assert_eq!(ids(&found), [d]);
    assert_eq!(
        counts(&found),
        [("all", 1), ("expiring", 1), ("grace", 0), ("retention", 0), ("auto_renew", 0), ("manual", 1), ("ended", 0)]
    );
    assert_eq!(page(&store, RenewalsTab::Grace, Some("benchmark"), 0, 20).total, 0);
    assert_eq!(page(&store, RenewalsTab::All, Some("sales crm"), 0, 20).total, 5);
    assert_eq!(page(&store, RenewalsTab::All, Some("no such product"), 0, 20).total, 0);
    assert_eq!(page(&store, RenewalsTab::All, Some("   "), 0, 20).total, 6, "blank finds all");
}

#[test]
fn another_buyer_sees_none_of_them() {
    let (store, _) = six_subscriptions();
    act_for(&store, "cedar-reseller");
    let theirs = page(&store, RenewalsTab::All, None, 0, 20);
    assert!(theirs.items.is_empty());
    assert!(theirs.tabs.iter().all(|t| t.count == 0));
}

#[test]
fn a_page_too_large_or_a_product_text_too_long_is_refused() {
    let (store, _) = six_subscriptions();
    for (query, message) in [
        (RenewalsQuery { limit: Some(0), ..Default::default() }, "the limit must be between 1 and 100"),
        (RenewalsQuery { limit: Some(101), ..Default::default() }, "the limit must be between 1 and 100"),
        (
            RenewalsQuery { product: Some("x".repeat(201)), ..Default::default() },
            "the product text is longer than 200 characters",
        ),
    ] {
        let refused = subscriptions::renewals(store.conn(), at(NOW), &query).unwrap_err();
        assert_eq!((refused.code(), refused.to_string()), (ErrorCode::InvalidInput, message.to_string()), "{query:?}");
    }
}

#[test]
fn a_page_finds_the_subscriptions_of_its_orders_without_the_whole_list() {
    let (store, [a, b, _, _, e, f]) = six_subscriptions();
    let all = subscriptions::list(store.conn(), at(NOW)).unwrap();
    let order_of = |id: u32| all.iter().find(|s| s.id == id).unwrap().order_id;
    // Asked in any order, with a repeat and an order that has none: the list's rows, in its order.
    let asked = [order_of(f), order_of(a), order_of(e), order_of(f), 999, order_of(b)];
    let found = subscriptions::of_orders(store.conn(), at(NOW), &asked).unwrap();
    let expected: Vec<_> = all.iter().filter(|s| asked.contains(&s.order_id)).cloned().collect();
    assert_eq!(found.iter().map(|s| s.id).collect::<Vec<_>>(), [b, e, f, a]);
    assert_eq!(found, expected, "each as the whole list has it");
    assert!(subscriptions::of_orders(store.conn(), at(NOW), &[]).unwrap().is_empty());

    act_for(&store, "cedar-reseller");
    assert!(subscriptions::of_orders(store.conn(), at(NOW), &asked).unwrap().is_empty(), "another buyer's");
}

#[test]
fn a_lookup_of_more_than_ten_thousand_orders_is_refused() {
    let (store, _) = six_subscriptions();
    let many: Vec<u32> = (1..=10_001).collect();
    let refused = subscriptions::of_orders(store.conn(), at(NOW), &many).unwrap_err();
    assert_eq!(
        (refused.code(), refused.to_string()),
        (ErrorCode::InvalidInput, "10001 orders were given: a lookup takes at most 10000".to_string())
    );
    assert_eq!(subscriptions::of_orders(store.conn(), at(NOW), &many[..10_000]).unwrap().len(), 6);
}

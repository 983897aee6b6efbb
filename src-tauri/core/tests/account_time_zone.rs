//! The buyer's time zone (R-MT-3, R-MT-4): changed in Billing Center > Account, checked
//! against the IANA zone database, and followed by every term counted from then on.

mod common;

use chrono::{DateTime, Utc};
use common::{buyers_of_each_kind, buying_catalog};
use koogallery_core::accounts;
use koogallery_core::clock::{parse_instant, term_end};
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::{ErrorCode, Store};

fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    buying_catalog(&mut store);
    buyers_of_each_kind(&store);
    store
}

fn at(text: &str) -> DateTime<Utc> {
    parse_instant(text).unwrap()
}

#[test]
fn r_mt_4_the_buyer_sets_a_time_zone_and_terms_end_in_it() {
    let mut store = store();
    assert_eq!(accounts::show(store.conn()).unwrap().time_zone, "UTC");
    // Bought 2026-03-08 03:00 UTC: in UTC the term of a month ends 2026-04-08 23:59:59 UTC.
    let bought = at("2026-03-08T03:00:00Z");
    assert_eq!(term_end(bought, "UTC", 1), at("2026-04-08T23:59:59Z"));

    let account = accounts::set_time_zone(&mut store, " America/New_York ").unwrap();
    assert_eq!(account.time_zone, "America/New_York");
    let shown = accounts::show(store.conn()).unwrap();
    assert_eq!(shown.time_zone, "America/New_York");
    // In New York that instant is 7 March, 22:00: the term ends on 7 April at 23:59:59 New York
    // time, daylight time by then (UTC−4), which is 8 April 03:59:59 UTC.
    assert_eq!(term_end(bought, &shown.time_zone, 1), at("2026-04-08T03:59:59Z"));
}

#[test]
fn an_unknown_time_zone_is_refused_naming_the_field_and_nothing_is_written() {
    let mut store = store();
    accounts::set_time_zone(&mut store, "Europe/Berlin").unwrap();
    for zone in ["Mars/Olympus_Mons", "", "europe/berlin ", "UTC+2"] {
        let err = accounts::set_time_zone(&mut store, zone).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{zone:?}: {err}");
        assert!(err.to_string().starts_with("time zone: "), "{err}");
        assert!(err.to_string().contains("IANA"), "{err}");
        assert_eq!(accounts::show(store.conn()).unwrap().time_zone, "Europe/Berlin", "{zone:?}");
    }
}

#[test]
fn only_a_buyer_changes_the_accounts_time_zone() {
    let mut store = store();
    roles::switch(&mut store, &RoleChoice::OperationsManager).unwrap();
    let err = accounts::set_time_zone(&mut store, "Asia/Tokyo").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    let zone: String =
        store.conn().query_row("SELECT time_zone FROM accounts WHERE id = 'acme-prepaid'", [], |r| r.get(0)).unwrap();
    assert_eq!(zone, "UTC");
}

//! The buyer's time zone (R-MT-3, R-MT-4): changed in Billing Center > Account, checked
//! against the IANA zone database, and followed by every term counted from then on, and by what
//! the live subscriptions have planned at a local hour: the end of grace and of retention, the
//! notices at 09:00, automatic renewal at 03:00 (R-REN-1, R-REN-3, R-AFT-4). Every date here is
//! computed by hand.

mod common;

use chrono::{DateTime, Utc};
use common::subscriptions::{run, subscription, zone};
use common::{buyers_of_each_kind, buying_catalog};
use koogallery_core::accounts;
use koogallery_core::clock::{parse_instant, term_end, FixedClock};
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::subscriptions::{self, AutoRenewChoice, SubscriptionState};
use koogallery_core::{time_zone, ErrorCode, Store};

fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    buying_catalog(&mut store);
    buyers_of_each_kind(&store);
    store
}

fn at(text: &str) -> DateTime<Utc> {
    parse_instant(text).unwrap()
}

fn clock() -> FixedClock {
    FixedClock(at("2026-03-01T00:00:00Z"))
}

/// The buyer changes its time zone to `zone` at `now`.
fn change_zone(store: &mut Store, zone: &str, now: &str) {
    common::act_for(store, "acme-prepaid");
    time_zone::change(store, &FixedClock(at(now)), zone).unwrap();
}

/// The subscription's timeline as its page shows it at `now`: (kind, when).
fn timeline(store: &Store, id: u32, now: &str) -> Vec<(String, String)> {
    common::act_for(store, "acme-prepaid");
    let page = subscriptions::show(store.conn(), id, at(now)).unwrap();
    page.timeline.into_iter().map(|e| (e.kind, e.at)).collect()
}

/// What the scheduler fires up to `until`: (kind, when).
fn fired(store: &mut Store, until: &str) -> Vec<(String, String)> {
    run(store, until).into_iter().map(|f| (f.kind, f.at)).collect()
}

/// A buyer in New York buys a month of "crm" on 8 March 2026 15:00 UTC (11:00 EDT) in `store`:
/// the month ends 8 April 23:59:59 EDT, 9 April 03:59:59 UTC. With `auto_renew`, automatic
/// renewal is switched on two days later. Returns the subscription's id.
fn new_yorkers_month(store: &mut Store, auto_renew: bool) -> u32 {
    zone(store, "acme-prepaid", "America/New_York");
    common::supervision::buy_as(store, "acme-prepaid", "crm", at("2026-03-08T15:00:00Z"));
    let id = subscription(store, "2026-03-08T15:00:00Z").id;
    if auto_renew {
        let on = AutoRenewChoice { enabled: true, period: None, date: None };
        common::supervision::with_clock(at("2026-03-10T10:00:00Z"), |s| {
            subscriptions::set_auto_renew(store, s, id, &on)
        })
        .unwrap();
    }
    id
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn r_mt_4_the_buyer_sets_a_time_zone_and_terms_end_in_it() {
    let mut store = store();
    assert_eq!(accounts::show(store.conn()).unwrap().time_zone, "UTC");
    // Bought 2026-03-08 03:00 UTC: in UTC the term of a month ends 2026-04-08 23:59:59 UTC.
    let bought = at("2026-03-08T03:00:00Z");
    assert_eq!(term_end(bought, "UTC", 1), at("2026-04-08T23:59:59Z"));

    let account = time_zone::change(&mut store, &clock(), " America/New_York ").unwrap();
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
    time_zone::change(&mut store, &clock(), "Europe/Berlin").unwrap();
    for zone in ["Mars/Olympus_Mons", "", "europe/berlin ", "UTC+2"] {
        let err = time_zone::change(&mut store, &clock(), zone).unwrap_err();
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
    let err = time_zone::change(&mut store, &clock(), "Asia/Tokyo").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    let zone: String =
        store.conn().query_row("SELECT time_zone FROM accounts WHERE id = 'acme-prepaid'", [], |r| r.get(0)).unwrap();
    assert_eq!(zone, "UTC");
}

#[test]
fn r_ren_1_r_aft_4_a_subscription_in_grace_ends_its_grace_and_retention_on_the_new_zones_dates() {
    // Bought in New York on 8 March 2026 15:00 UTC (11:00 EDT): the month ends 8 April
    // 23:59:59 EDT, 9 April 03:59:59 UTC, and it is in grace from then. Grace would end
    // 23 April 23:59:59 EDT (24 April 03:59:59 UTC).
    let mut store = common::supervision::store();
    let id = new_yorkers_month(&mut store, false);
    fired(&mut store, "2026-04-10T00:00:00Z");
    assert_eq!(subscription(&store, "2026-04-10T00:00:00Z").grace_ends_at, "2026-04-24T03:59:59Z");

    // On 10 April the buyer moves to Tokyo (UTC+9), where the expiry is 9 April 12:59:59: the
    // expiry sold stays that instant, and the days count from 9 April there. Grace ends
    // 24 April 23:59:59 JST, retention 9 May 23:59:59 JST, told the day before at 09:00 JST.
    change_zone(&mut store, "Asia/Tokyo", "2026-04-10T00:00:00Z");
    let shown = subscription(&store, "2026-04-10T00:00:00Z");
    assert_eq!(shown.expires_at, "2026-04-09T03:59:59Z");
    assert_eq!(shown.grace_ends_at, "2026-04-24T14:59:59Z");
    let planned = timeline(&store, id, "2026-04-10T00:00:00Z");
    assert_eq!(
        planned,
        pairs(&[
            ("grace_end", "2026-04-24T14:59:59Z"),
            ("release_notice", "2026-05-08T00:00:00Z"),
            ("release", "2026-05-09T14:59:59Z"),
        ])
    );
    // What fires is what the timeline showed, at those times, and nothing at New York's.
    assert_eq!(fired(&mut store, "2026-05-10T00:00:00Z"), planned);
}

#[test]
fn r_ren_3_the_automatic_renewal_is_charged_at_0300_seven_days_before_expiry_in_the_new_zone() {
    // New York, bought 8 March 15:00 UTC: expires 9 April 03:59:59 UTC, and the automatic
    // renewal is charged at 03:00 EDT on 1 April, 07:00 UTC.
    let mut store = common::supervision::store();
    let id = new_yorkers_month(&mut store, true);
    assert_eq!(subscription(&store, "2026-03-10T10:00:00Z").next_auto_renewal.as_deref(), Some("2026-04-01T07:00:00Z"));

    // In Tokyo the expiry falls on 9 April: seven days before is 2 April, 03:00 JST, 1 April
    // 18:00 UTC; the notices 7, 3 and 1 days before at 09:00 JST (2, 6 and 8 April, 00:00 UTC).
    change_zone(&mut store, "Asia/Tokyo", "2026-03-20T00:00:00Z");
    assert_eq!(subscription(&store, "2026-03-20T00:00:00Z").next_auto_renewal.as_deref(), Some("2026-04-01T18:00:00Z"));
    let planned = timeline(&store, id, "2026-03-20T00:00:00Z");
    assert_eq!(
        planned[..4],
        pairs(&[
            ("auto_renewal", "2026-04-01T18:00:00Z"),
            ("expiry_notice", "2026-04-02T00:00:00Z"),
            ("expiry_notice", "2026-04-06T00:00:00Z"),
            ("expiry_notice", "2026-04-08T00:00:00Z"),
        ])[..]
    );
    // Nothing is charged at New York's 03:00; the charge comes at Tokyo's.
    assert_eq!(fired(&mut store, "2026-04-01T17:59:59Z"), pairs(&[]));
    let charged = fired(&mut store, "2026-04-01T18:00:00Z");
    assert_eq!(charged, pairs(&[("auto_renewal", "2026-04-01T18:00:00Z")]));
    // Renewed from the old expiry, 9 April in Tokyo: a month later, 9 May 23:59:59 JST.
    assert_eq!(subscription(&store, "2026-04-01T18:00:00Z").expires_at, "2026-05-09T14:59:59Z");
}

#[test]
fn r_ren_3_a_charge_tried_again_after_a_failure_is_tried_at_the_new_zones_0300() {
    // 49.00 pays the purchase and nothing more: the charge at 03:00 EDT on 1 April (07:00 UTC)
    // fails, and is to be tried again at 03:00 EDT on 2 April (07:00 UTC).
    let mut store = Store::open_in_memory().unwrap();
    buying_catalog(&mut store);
    buyers_of_each_kind(&store);
    common::act_for(&store, "acme-prepaid");
    accounts::top_up(&mut store, &FixedClock(at("2026-03-08T09:00:00Z")), "49").unwrap();
    new_yorkers_month(&mut store, true);
    assert_eq!(fired(&mut store, "2026-04-01T12:00:00Z"), pairs(&[("auto_renewal", "2026-04-01T07:00:00Z")]));
    assert_eq!(subscription(&store, "2026-04-01T12:00:00Z").next_auto_renewal.as_deref(), Some("2026-04-02T07:00:00Z"));

    // At 12:00 UTC it is 21:00 on 1 April in Tokyo: the next 03:00 there is 2 April 03:00 JST,
    // 1 April 18:00 UTC, and each day's after it.
    change_zone(&mut store, "Asia/Tokyo", "2026-04-01T12:00:00Z");
    assert_eq!(subscription(&store, "2026-04-01T12:00:00Z").next_auto_renewal.as_deref(), Some("2026-04-01T18:00:00Z"));
    let tries: Vec<_> =
        fired(&mut store, "2026-04-03T00:00:00Z").into_iter().filter(|(kind, _)| kind == "auto_renewal").collect();
    assert_eq!(tries, pairs(&[("auto_renewal", "2026-04-01T18:00:00Z"), ("auto_renewal", "2026-04-02T18:00:00Z")]));
}

#[test]
fn the_same_zone_chosen_again_plans_nothing_again() {
    let mut store = common::supervision::store();
    new_yorkers_month(&mut store, true);
    let timers = |store: &Store| -> Vec<(i64, String, String)> {
        store
            .conn()
            .prepare("SELECT id, due_at, state FROM timers ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let before = timers(&store);
    change_zone(&mut store, "America/New_York", "2026-03-20T00:00:00Z");
    assert_eq!(timers(&store), before);
}

#[test]
fn r_mt_4_r_ren_1_where_a_day_ends_an_hour_early_its_term_grace_and_retention_end_with_it() {
    // Nuuk (UTC−2, summer UTC−1) moves its clocks at 01:00 UTC: on the night of 27 to 28 March
    // 2027 they jump from 23:00 to 00:00, so 27 March ends at 22:59:59 there, 28 March
    // 00:59:59 UTC. A month bought on 27 February ends then; one bought on 12 February ends
    // 12 March 23:59:59 (13 March 01:59:59 UTC) and its grace ends on 27 March, 15 days after.
    // Each end is that day's last second in Nuuk, and its date stays the day it was sold for.
    let cases = [
        ("2027-02-27T12:00:00Z", "2027-03-28T00:59:59Z", "2027-04-12T00:59:59Z", "2027-04-27T00:59:59Z"),
        ("2027-02-12T12:00:00Z", "2027-03-13T01:59:59Z", "2027-03-28T00:59:59Z", "2027-04-12T00:59:59Z"),
    ];
    for (bought, expiry, grace_end, release) in cases {
        let mut store = common::supervision::store();
        zone(&store, "acme-prepaid", "America/Nuuk");
        common::supervision::buy_as(&mut store, "acme-prepaid", "crm", at(bought));
        let id = subscription(&store, bought).id;
        let shown = subscription(&store, bought);
        assert_eq!(
            (shown.expires_at.as_str(), shown.grace_ends_at.as_str(), shown.released_at.as_str()),
            (expiry, grace_end, release),
            "bought {bought}"
        );
        let mut steps = timeline(&store, id, bought);
        steps.retain(|(kind, _)| !kind.ends_with("_notice"));
        assert_eq!(steps, pairs(&[("expiry", expiry), ("grace_end", grace_end), ("release", release)]));
        // The scheduler fires each at that second, not an hour off either way.
        for (when, state) in [(expiry, SubscriptionState::Grace), (grace_end, SubscriptionState::Retention)] {
            let before = (at(when) - chrono::Duration::seconds(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            fired(&mut store, &before);
            assert_ne!(subscription(&store, &before).state, state, "not yet at {before}");
            fired(&mut store, when);
            assert_eq!(subscription(&store, when).state, state, "at {when}");
        }
    }
}

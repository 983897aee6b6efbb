//! The one scheduler: every timer fires in time order, exactly once, and moving the clock in
//! one jump or in any split of smaller jumps gives the same store (R-DEMO-2's promise, kept
//! from the start): completions (R-SUP-3), appeal eligibility (R-SUP-5), refunds (R-UNS-3) and
//! hourly metering (R-IMG-4) interleaved.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::images::{image_store, ppu_request, provision_at, top_up};
use common::supervision::{apply_as, buyer, delivery, pdf, seller, snapshot, with_clock};
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::supervision::unsubscribe;
use koogallery_core::supervision::{Action, Upload};
use koogallery_core::{scheduler, Store};
use proptest::prelude::*;

const T0: &str = "2026-03-02T10:00:00Z";

fn t(minutes: i64) -> DateTime<Utc> {
    T0.parse::<DateTime<Utc>>().unwrap() + Duration::minutes(minutes)
}

/// A pay-per-use instance billing 0.20 an hour from T0 on what the balance has left, a license
/// accepted (completes at 3 h 10 min), an unsubscription
/// approved (refunded at 4 h 20 min) paid from the same balance, and a license left waiting on
/// its seller (the buyer may appeal after 5 days and a minute).
fn marketplace() -> Store {
    let mut store = image_store();
    common::act_for(&store, "acme-prepaid");
    top_up(&mut store, "177");
    provision_at(&mut store, t(0), &ppu_request("ppu")).unwrap();
    let buy = |store: &mut Store, key: &str, at: DateTime<Utc>| {
        let mut checkout = common::monthly_checkout("db-license", 1, key);
        checkout.authorize_seller = true;
        with_clock(at, |s| koogallery_core::orders::place(store, s, &checkout)).unwrap().order.id
    };
    let accepted = buy(&mut store, "a", t(1));
    apply_as(&mut store, "d", accepted, &seller(), delivery(DeliveryMethod::License), t(5)).unwrap();
    apply_as(&mut store, "acc", accepted, &buyer(), Action::AcceptDelivery, t(10)).unwrap();
    let unsubscribed = buy(&mut store, "u", t(2));
    let ask = Action::RequestUnsubscription { amount: "49.00".into(), reason: "Agreed".into(), share_contact: false };
    apply_as(&mut store, "ask", unsubscribed, &buyer(), ask, t(15)).unwrap();
    let request = unsubscribe::of_order(store.conn(), unsubscribed).unwrap()[0].id;
    let records = vec![Upload::from_bytes("notes.pdf", &pdf())];
    let review = Action::ReviewUnsubscription { request_id: request, approve: true, comment: "ok".into(), records };
    apply_as(&mut store, "rev", unsubscribed, &seller(), review, t(80)).unwrap();
    buy(&mut store, "w", t(3));
    store
}

fn jump(store: &mut Store, to: DateTime<Utc>) -> Vec<scheduler::Fired> {
    with_clock(to, |s| scheduler::run_until(store, s, to)).unwrap()
}

const HORIZON_MINUTES: i64 = 6 * 24 * 60 + 30;

#[test]
fn every_timer_fires_once_in_time_order() {
    let mut store = marketplace();
    let fired = jump(&mut store, t(HORIZON_MINUTES));
    let times: Vec<&str> = fired.iter().map(|f| f.at.as_str()).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted, "in time order");
    let kinds = |kind: &str| fired.iter().filter(|f| f.kind == kind).count();
    assert_eq!(kinds("supervision_completion"), 1);
    assert_eq!(kinds("unsubscription_refund"), 1);
    assert_eq!(kinds("appeal_eligibility"), 1);
    assert!(kinds("hourly_metering") >= 1);
    let completion = fired.iter().find(|f| f.kind == "supervision_completion").unwrap();
    assert_eq!(completion.at, "2026-03-02T13:10:00Z");
    let refund = fired.iter().find(|f| f.kind == "unsubscription_refund").unwrap();
    assert_eq!(refund.at, "2026-03-02T14:20:00Z");
    let eligibility = fired.iter().find(|f| f.kind == "appeal_eligibility").unwrap();
    assert_eq!(eligibility.at, "2026-03-07T10:04:00Z", "5 days and a minute after the payment at 10:03");
    // Again: nothing is left to fire.
    assert!(jump(&mut store, t(HORIZON_MINUTES)).is_empty());
    let left: Vec<String> = scheduler::upcoming(&store, 10).unwrap().into_iter().map(|u| u.kind).collect();
    assert_eq!(
        left,
        [
            "hourly_metering",
            "expiry_notice",
            "expiry_notice",
            "expiry_notice",
            "expiry",
            "grace_end",
            "release_notice",
            "release"
        ],
        "the next hour of the running instance, and the accepted license's life (R-REN-1)"
    );
}

#[test]
fn upcoming_says_what_will_fire_and_when() {
    let store = marketplace();
    let next = scheduler::upcoming(&store, 10).unwrap();
    let summary: Vec<(&str, &str)> = next.iter().map(|u| (u.at.as_str(), u.kind.as_str())).collect();
    assert_eq!(
        summary,
        [
            ("2026-03-02T10:00:00Z", "hourly_metering"),
            ("2026-03-02T13:10:00Z", "supervision_completion"),
            ("2026-03-02T14:20:00Z", "unsubscription_refund"),
            ("2026-03-07T10:04:00Z", "appeal_eligibility"),
            // The accepted license's month runs from acceptance, 2 March, to 2 April 23:59:59
            // (R-REN-4, R-MT-4): told 7, 3 and 1 days before at 09:00, then 15 days of grace to
            // 17 April, 15 of retention to 2 May, told the day before.
            ("2026-03-26T09:00:00Z", "expiry_notice"),
            ("2026-03-30T09:00:00Z", "expiry_notice"),
            ("2026-04-01T09:00:00Z", "expiry_notice"),
            ("2026-04-02T23:59:59Z", "expiry"),
            ("2026-04-17T23:59:59Z", "grace_end"),
            ("2026-05-01T09:00:00Z", "release_notice"),
        ]
    );
    // Each says which product it is about, by name: an order's, an unsubscription's order's, a
    // subscription's order's; the hourly billing of every instance, none.
    let about: Vec<(&str, &str)> = next.iter().map(|u| (u.subject.as_str(), u.about.as_str())).collect();
    assert_eq!(about[0], ("pay-per-use images", ""));
    assert_eq!(about[1..4], [("order 2", "DB License"), ("unsubscription 1", "DB License"), ("order 4", "DB License")]);
    assert!(about[4..].iter().all(|(subject, name)| subject.starts_with("subscription ") && *name == "DB License"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// One jump, or the same span cut at any points, leaves the very same store.
    #[test]
    fn one_jump_or_many_small_ones_give_the_same_store(cuts in proptest::collection::vec(1..HORIZON_MINUTES, 0..12)) {
        let mut whole = marketplace();
        jump(&mut whole, t(HORIZON_MINUTES));

        let mut pieces = marketplace();
        let mut cuts = cuts;
        cuts.sort_unstable();
        for cut in cuts {
            jump(&mut pieces, t(cut));
        }
        jump(&mut pieces, t(HORIZON_MINUTES));
        prop_assert_eq!(snapshot(&pieces), snapshot(&whole));
        let charges = |s: &Store| -> Vec<(String, i64, String, String)> {
            let mut statement = s.conn().prepare(
                "SELECT block_start, amount_cents, status, billed_at FROM hourly_charges ORDER BY instance_id, block_start, item",
            ).unwrap();
            statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().collect::<Result<_, _>>().unwrap()
        };
        prop_assert_eq!(charges(&pieces), charges(&whole));
    }
}

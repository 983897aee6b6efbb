//! Subscriptions over their life (R-REN-1, R-REN-2, R-REN-4, R-MT-4, R-AFT-4, R-SUP-7): grace,
//! retention and release; renewals by hand from the original expiry; month ends and 29
//! February; every state change legal and illegal. Every date here is computed by hand.
//! Automatic renewal (R-REN-3, R-REN-5) is in `subscriptions_auto_renewal.rs`.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::subscriptions::*;
use common::supervision::{at, buy_as, store, with_clock};
use koogallery_core::catalog::model::BillingPeriod;
use koogallery_core::ledger::unbalanced;
use koogallery_core::subscriptions::{self, AutoRenewChoice, RenewRequest, SubscriptionState};
use koogallery_core::{apps, scheduler, ErrorCode, Store};
use proptest::prelude::*;

#[test]
fn r_ren_1_expired_then_15_days_of_grace_then_15_of_retention_then_released() {
    // Bought 8 March 10:00 (UTC buyer): the month ends 8 April 23:59:59 (R-MT-4).
    let (mut store, id) = monthly_crm("2026-03-08T10:00:00Z");
    let s = subscription(&store, "2026-03-08T10:00:00Z");
    assert_eq!((s.expires_at.as_str(), s.days_left), ("2026-04-08T23:59:59Z", 31));
    assert_eq!(s.grace_ends_at, "2026-04-23T23:59:59Z", "15 days after the expiry date");
    assert_eq!(s.released_at, "2026-05-08T23:59:59Z", "and 15 more");

    let cases = [
        ("2026-04-08T23:59:58Z", SubscriptionState::Active),
        ("2026-04-08T23:59:59Z", SubscriptionState::Grace),
        ("2026-04-23T23:59:58Z", SubscriptionState::Grace),
        ("2026-04-23T23:59:59Z", SubscriptionState::Retention),
        ("2026-05-08T23:59:58Z", SubscriptionState::Retention),
        ("2026-05-08T23:59:59Z", SubscriptionState::Released),
    ];
    for (when, state) in cases {
        run(&mut store, when);
        assert_eq!(subscription(&store, when).state, state, "at {when}");
        let listed = apps::list(store.conn()).unwrap().iter().any(|a| a.order_id == 1);
        assert_eq!(listed, state != SubscriptionState::Released, "R-REN-1: in Purchased Apps until released ({when})");
    }
    assert_eq!(
        inbox(&store),
        [
            ("expiring".to_string(), "2026-04-01T09:00:00Z".to_string()),
            ("expiring".into(), "2026-04-05T09:00:00Z".into()),
            ("expiring".into(), "2026-04-07T09:00:00Z".into()),
            ("grace".into(), "2026-04-08T23:59:59Z".into()),
            ("retention".into(), "2026-04-23T23:59:59Z".into()),
            ("release_tomorrow".into(), "2026-05-07T09:00:00Z".into()),
            ("released".into(), "2026-05-08T23:59:59Z".into()),
        ],
        "R-AFT-4: told 7, 3 and 1 days before, at each step and the day before release"
    );
    let err = renew(&mut store, id, BillingPeriod::Month, 1, "late", "2026-05-09T10:00:00Z").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "released: {err}");
}

#[test]
fn r_aft_4_each_expiry_notice_counts_its_days_in_words() {
    // The month ends 8 April 23:59:59: told on 1, 5 and 7 April at 09:00.
    let (mut store, _) = monthly_crm("2026-03-08T10:00:00Z");
    let fired = run(&mut store, "2026-04-08T00:00:00Z");
    let notices: Vec<&str> = fired.iter().filter(|f| f.kind == "expiry_notice").map(|f| f.summary.as_str()).collect();
    assert_eq!(notices.len(), 3, "{fired:?}");
    assert!(notices[0].ends_with(": told it expires in 7 days"), "{notices:?}");
    assert!(notices[1].ends_with(": told it expires in 3 days"), "{notices:?}");
    assert!(notices[2].ends_with(": told it expires in 1 day"), "{notices:?}");
    let titles: Vec<String> = store
        .conn()
        .prepare("SELECT title FROM messages WHERE kind = 'expiring' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(titles[0].ends_with(" expires in 7 days") && titles[2].ends_with(" expires in 1 day"), "{titles:?}");
}

#[test]
fn r_ren_1_the_timeline_and_the_upcoming_timers_show_every_step_left_and_the_store_keeps_only_the_next() {
    let (mut store, id) = monthly_crm("2026-03-08T10:00:00Z");
    with_clock(at("2026-03-08T10:00:00Z"), |s| {
        subscriptions::set_auto_renew(&mut store, s, id, &AutoRenewChoice { enabled: true, period: None, date: None })
    })
    .unwrap();
    let timeline = |store: &Store, now: &str| -> Vec<(String, String)> {
        common::act_for(store, "acme-prepaid");
        let detail = subscriptions::show(store.conn(), id, at(now)).unwrap();
        detail.timeline.into_iter().map(|e| (e.kind, e.at)).collect()
    };
    let pair = |kind: &str, when: &str| (kind.to_string(), when.to_string());
    let all = vec![
        pair("auto_renewal", "2026-04-01T03:00:00Z"),
        pair("expiry_notice", "2026-04-01T09:00:00Z"),
        pair("expiry_notice", "2026-04-05T09:00:00Z"),
        pair("expiry_notice", "2026-04-07T09:00:00Z"),
        pair("expiry", "2026-04-08T23:59:59Z"),
        pair("grace_end", "2026-04-23T23:59:59Z"),
        pair("release_notice", "2026-05-07T09:00:00Z"),
        pair("release", "2026-05-08T23:59:59Z"),
    ];
    assert_eq!(timeline(&store, "2026-03-08T10:00:00Z"), all);
    let listed = subscription(&store, "2026-03-08T10:00:00Z");
    assert_eq!((listed.edition.as_str(), listed.edition_name.as_str()), ("standard", "Standard"));
    let upcoming: Vec<_> = scheduler::upcoming(&store, 20)
        .unwrap()
        .into_iter()
        .map(|u| (u.kind, u.at))
        .filter(|(k, _)| k != "hourly_metering")
        .collect();
    assert_eq!(upcoming, all, "what the scheduler says will fire is the timeline");
    let pending: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM timers WHERE subject = ?1 AND state = 'pending'", [id], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 2, "the next step and the automatic renewal");

    // Switched off: the renewal leaves the timeline; the steps stay.
    with_clock(at("2026-03-09T10:00:00Z"), |s| {
        subscriptions::set_auto_renew(&mut store, s, id, &AutoRenewChoice { enabled: false, period: None, date: None })
    })
    .unwrap();
    assert_eq!(timeline(&store, "2026-03-09T10:00:00Z"), all[1..].to_vec());
    // Each step fired leaves the timeline, and the next takes its timer.
    run(&mut store, "2026-04-08T23:59:59Z");
    assert_eq!(timeline(&store, "2026-04-08T23:59:59Z"), all[5..].to_vec());
    run(&mut store, "2026-05-08T23:59:59Z");
    assert_eq!(timeline(&store, "2026-05-08T23:59:59Z"), vec![]);
}

#[test]
fn r_ren_2_a_renewal_in_grace_or_retention_starts_from_the_original_expiry() {
    // Bought 30 March: expires 30 April, the last day of its month (R-MT-4).
    let cases = [
        ("2026-04-10T08:00:00Z", "before expiry (R-REN-5)", "2026-05-31T23:59:59Z"),
        ("2026-05-18T08:00:00Z", "in grace: the domain's own example", "2026-05-31T23:59:59Z"),
        ("2026-05-20T08:00:00Z", "in retention", "2026-05-31T23:59:59Z"),
    ];
    for (when, what, expiry) in cases {
        let (mut store, id) = monthly_crm("2026-03-30T09:00:00Z");
        assert_eq!(subscription(&store, "2026-03-30T09:00:00Z").expires_at, "2026-04-30T23:59:59Z");
        run(&mut store, when);
        let renewal = renew(&mut store, id, BillingPeriod::Month, 1, "r1", when).unwrap();
        assert_eq!(
            (renewal.from_expiry.as_str(), renewal.to_expiry.as_str()),
            ("2026-04-30T23:59:59Z", expiry),
            "{what}"
        );
        let s = subscription(&store, when);
        assert_eq!((s.state, s.expires_at.as_str()), (SubscriptionState::Active, expiry), "{what}");
        assert_eq!(renewal.amount, "49.00");
        assert!(unbalanced(store.conn()).unwrap().is_empty());
    }
}

#[test]
fn r_ren_2_renewals_run_1_to_11_months_or_1_to_5_years_at_the_quoted_price_once_per_key() {
    let (mut store, id) = monthly_crm("2026-03-08T10:00:00Z");
    let now = "2026-03-20T10:00:00Z";
    for (period, duration) in [
        (BillingPeriod::Month, 0),
        (BillingPeriod::Month, 12),
        (BillingPeriod::Year, 0),
        (BillingPeriod::Year, 6),
        (BillingPeriod::Hour, 1),
    ] {
        let err = renew(&mut store, id, period, duration, "bad", now).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{period:?} × {duration}");
    }
    // crm: 49.00 a month, 490.00 a year. 3 months from 8 April: 8 July.
    let first = renew(&mut store, id, BillingPeriod::Month, 3, "k1", now).unwrap();
    assert_eq!((first.amount.as_str(), first.to_expiry.as_str()), ("147.00", "2026-07-08T23:59:59Z"));
    assert_eq!(balance(&store), "804.00", "1,000.00 − 49.00 − 147.00");
    let again = renew(&mut store, id, BillingPeriod::Month, 3, "k1", now).unwrap();
    assert_eq!(again, first, "the same key pays once");
    assert_eq!(balance(&store), "804.00");
    let other = renew(&mut store, id, BillingPeriod::Year, 1, "k1", now).unwrap_err();
    assert_eq!(other.code(), ErrorCode::Conflict);
    let year = renew(&mut store, id, BillingPeriod::Year, 1, "k2", now).unwrap();
    assert_eq!((year.amount.as_str(), year.to_expiry.as_str()), ("490.00", "2027-07-08T23:59:59Z"));
    // Too little left: refused, nothing written.
    let broke = renew(&mut store, id, BillingPeriod::Year, 1, "k3", now).unwrap_err();
    assert_eq!(broke.code(), ErrorCode::InsufficientBalance, "{broke}");
    assert_eq!(subscriptions::show(store.conn(), id, at(now)).unwrap().renewals.len(), 2);
    // Another buyer's subscription is not found.
    common::act_for(&store, "borealis-postpaid");
    let request =
        RenewRequest { subscription_id: id, period: BillingPeriod::Month, duration: 1, idempotency_key: "x".into() };
    let err = with_clock(at(now), |s| subscriptions::renew(&mut store, s, &request)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn r_ren_2_a_renewal_may_take_a_term_to_30_november_9999_and_no_further() {
    // The store keeps times to 9999-12-31T23:59:59Z, and a term's grace and retention (30 days)
    // must fit after it. Renewed by hand to 8 October 9999 (set here: it takes 1,595 renewals
    // of five years), a month more ends 8 November: renewed, released 8 December. Two months
    // more would end 8 December, released in 10000: refused as quoted and as paid, nothing
    // written, as is a year more.
    let (mut store, id) = monthly_crm("2026-03-08T10:00:00Z");
    store.conn().execute("UPDATE subscriptions SET expires_at = '9999-10-08T23:59:59Z' WHERE id = ?1", [id]).unwrap();
    let now = "2026-03-20T10:00:00Z";
    let quoted = subscriptions::quote_renewal(store.conn(), id, BillingPeriod::Month, 2).unwrap_err();
    assert_eq!(quoted.code(), ErrorCode::InvalidInput);
    assert!(quoted.to_string().contains("9999-12-08") && quoted.to_string().contains("30 November 9999"), "{quoted}");
    for (period, duration) in [(BillingPeriod::Month, 2), (BillingPeriod::Year, 1)] {
        let err = renew(&mut store, id, period, duration, "too-far", now).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{period:?} × {duration}: {err}");
    }
    assert!(subscriptions::show(store.conn(), id, at(now)).unwrap().renewals.is_empty());
    assert_eq!(balance(&store), "951.00", "nothing charged");

    let month = renew(&mut store, id, BillingPeriod::Month, 1, "last", now).unwrap();
    assert_eq!(month.to_expiry, "9999-11-08T23:59:59Z");
    let timeline = subscriptions::show(store.conn(), id, at(now)).unwrap().timeline;
    let release = timeline.last().map(|step| (step.kind.as_str(), step.at.as_str()));
    assert_eq!(release, Some(("release", "9999-12-08T23:59:59Z")));
    assert!(unbalanced(store.conn()).unwrap().is_empty());
}

#[test]
fn r_mt_4_a_term_from_the_last_day_of_january_ends_on_29_february_and_renews_to_31_march() {
    let (mut store, id) = monthly_crm("2028-01-31T12:00:00Z");
    assert_eq!(subscription(&store, "2028-01-31T12:00:00Z").expires_at, "2028-02-29T23:59:59Z");
    let renewal = renew(&mut store, id, BillingPeriod::Month, 1, "leap", "2028-02-20T12:00:00Z").unwrap();
    assert_eq!(renewal.to_expiry, "2028-03-31T23:59:59Z", "29 February is the last day of its month");
}

#[test]
fn r_ren_4_and_r_sup_7_a_supervised_term_starts_at_acceptance_and_a_renewal_makes_no_flow() {
    use common::supervision::{apply_as, buyer, delivery, seller};
    use koogallery_core::catalog::model::DeliveryMethod;
    use koogallery_core::supervision::Action;
    let mut store = store();
    let order = buy_as(&mut store, "acme-prepaid", "db-license", at("2026-01-01T10:00:00Z"));
    common::act_for(&store, "acme-prepaid");
    assert!(
        subscriptions::list(store.conn(), at("2026-01-01T10:00:00Z")).unwrap().is_empty(),
        "no term before acceptance"
    );
    apply_as(&mut store, "d", order, &seller(), delivery(DeliveryMethod::License), at("2026-02-27T10:00:00Z")).unwrap();
    apply_as(&mut store, "a", order, &buyer(), Action::AcceptDelivery, at("2026-03-01T10:00:00Z")).unwrap();
    let s = subscription(&store, "2026-03-01T10:00:00Z");
    assert_eq!((s.term_start.as_str(), s.expires_at.as_str()), ("2026-03-01T10:00:00Z", "2026-04-01T23:59:59Z"));
    let flows = |store: &Store| -> i64 {
        store.conn().query_row("SELECT count(*) FROM service_flows", [], |r| r.get(0)).unwrap()
    };
    let before = flows(&store);
    renew(&mut store, s.id, BillingPeriod::Month, 1, "r", "2026-03-20T10:00:00Z").unwrap();
    assert_eq!(flows(&store), before, "R-SUP-7");
}

#[test]
fn r_ren_1_r_sup_5_a_subscription_released_while_its_flow_was_frozen_stays_released_when_the_appeal_refunds() {
    use common::supervision::{apply_as, buyer, delivery, operations, seller};
    use koogallery_core::catalog::model::DeliveryMethod;
    use koogallery_core::supervision::{Action, Ruling};
    let mut store = store();
    let order = buy_as(&mut store, "acme-prepaid", "db-license", at("2026-03-01T09:00:00Z"));
    apply_as(&mut store, "d", order, &seller(), delivery(DeliveryMethod::License), at("2026-03-01T10:00:00Z")).unwrap();
    apply_as(&mut store, "a", order, &buyer(), Action::AcceptDelivery, at("2026-03-01T11:00:00Z")).unwrap();
    // The seller appeals before completion: the flow freezes, the term (from acceptance) runs.
    let appeal = Action::Appeal { reason: "The buyer uses more cores than licensed".into(), proof: vec![] };
    apply_as(&mut store, "p", order, &seller(), appeal, at("2026-03-01T12:00:00Z")).unwrap();
    // Expires 1 April; grace and retention over on 1 May: released.
    run(&mut store, "2026-05-10T00:00:00Z");
    assert_eq!(subscription(&store, "2026-05-10T00:00:00Z").state, SubscriptionState::Released);
    let ruling = Action::Settle { ruling: Ruling::Buyer { refund: None }, decision: "Refund the buyer".into() };
    apply_as(&mut store, "s", order, &operations(), ruling, at("2026-05-10T09:00:00Z")).unwrap();
    let s = subscription(&store, "2026-05-10T09:00:00Z");
    assert_eq!(s.state, SubscriptionState::Released, "its life had ended: released is what happened to it");
    assert_eq!(balance(&store), "1000.00", "the order refunded in full");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// A year of a subscription renewed automatically every month: one jump or any split gives
    /// the same store.
    #[test]
    fn r_demo_2_one_jump_or_many_small_ones_give_the_same_subscriptions(cuts in proptest::collection::vec(1i64..365 * 24, 0..10)) {
        let build = || {
            let (mut store, id) = monthly_crm("2026-03-08T10:00:00Z");
            with_clock(at("2026-03-09T10:00:00Z"), |s| {
                subscriptions::set_auto_renew(&mut store, s, id, &AutoRenewChoice { enabled: true, period: None, date: None })
            })
            .unwrap();
            store
        };
        let end: DateTime<Utc> = at("2026-03-09T10:00:00Z") + Duration::hours(365 * 24);
        let mut whole = build();
        with_clock(end, |s| scheduler::run_until(&mut whole, s, end)).unwrap();
        let mut pieces = build();
        let mut cuts = cuts;
        cuts.sort_unstable();
        for cut in cuts {
            let t = at("2026-03-09T10:00:00Z") + Duration::hours(cut);
            with_clock(t, |s| scheduler::run_until(&mut pieces, s, t)).unwrap();
        }
        with_clock(end, |s| scheduler::run_until(&mut pieces, s, end)).unwrap();
        // Each store seals its SaaS password with its own random key: compare all but that.
        let without_secrets = |s: &Store| {
            let all = common::supervision::snapshot(s);
            all[..all.find("purchased_apps:").unwrap_or(all.len())].to_string()
        };
        prop_assert!(without_secrets(&pieces) == without_secrets(&whole), "the stores differ");
        let dump = |s: &Store| -> Vec<String> {
            let mut statement = s.conn().prepare("SELECT * FROM subscriptions").unwrap();
            let n = statement.column_count();
            statement.query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))).unwrap().collect::<Result<_, _>>().unwrap()
        };
        prop_assert_eq!(dump(&pieces), dump(&whole));
    }
}

#[test]
fn r_ren_1_a_yearly_monthly_image_is_stopped_in_retention_and_deleted_at_release_and_a_renewal_moves_its_expiry() {
    use common::images::{image_store, monthly_request, provision_at, top_up};
    use koogallery_core::images;
    let mut store = image_store();
    common::act_for(&store, "acme-prepaid");
    top_up(&mut store, "500");
    let made = provision_at(&mut store, at("2026-03-02T10:00:00Z"), &monthly_request("img", 1)).unwrap();
    let instance = made.instances[0].id;
    let sub = subscription(&store, "2026-03-02T10:00:00Z");
    assert_eq!(sub.expires_at, "2026-04-02T23:59:59Z");
    let ecs = |store: &Store| images::show(store.conn(), instance).unwrap();
    assert_eq!(ecs(&store).expires_at.as_deref(), Some("2026-04-02T23:59:59Z"));

    // A renewal in grace moves the instance's expiry with the subscription's.
    run(&mut store, "2026-04-10T00:00:00Z");
    renew(&mut store, sub.id, BillingPeriod::Month, 1, "img-r1", "2026-04-10T00:00:00Z").unwrap();
    assert_eq!(ecs(&store).expires_at.as_deref(), Some("2026-05-02T23:59:59Z"));

    // Not renewed again: stopped when grace ends, deleted when retention ends.
    let fired = run(&mut store, "2026-05-17T23:59:59Z");
    assert!(fired.iter().any(|f| f.kind == "grace_end" && f.summary.contains("1 ECS instance stopped")), "{fired:?}");
    assert_eq!(ecs(&store).state, images::InstanceState::Stopped);
    let fired = run(&mut store, "2026-06-01T23:59:59Z");
    assert!(fired.iter().any(|f| f.kind == "release" && f.summary.contains("1 ECS instance deleted")), "{fired:?}");
    assert_eq!(ecs(&store).state, images::InstanceState::Deleted);
    assert!(unbalanced(store.conn()).unwrap().is_empty());
}

/// Every step of a subscription's life in every state it can be in (R-REN-1, R-REN-2): the
/// legal ones move it where the table says; the others (a renewal once released or cancelled, a
/// timer whose moment has passed) change nothing.
#[test]
fn r_ren_1_every_state_change_legal_and_illegal() {
    use SubscriptionState::*;
    // When each state is reached for a month of crm bought on 8 March (expiry 8 April).
    let reach = [
        (Active, "2026-03-20T12:00:00Z"),
        (Grace, "2026-04-12T12:00:00Z"),
        (Retention, "2026-04-30T12:00:00Z"),
        (Released, "2026-05-10T12:00:00Z"),
    ];
    for (state, when) in reach {
        let (mut store, id) = monthly_crm("2026-03-08T10:00:00Z");
        run(&mut store, when);
        assert_eq!(subscription(&store, when).state, state, "reached at {when}");
        let before = common::supervision::snapshot(&store);
        let renewed = renew(&mut store, id, BillingPeriod::Month, 1, "table", when);
        match state {
            Active | Grace | Retention => {
                let renewed = renewed.unwrap_or_else(|e| panic!("{state:?}: {e}"));
                assert_eq!(renewed.to_expiry, "2026-05-08T23:59:59Z", "{state:?}: from the original expiry");
                assert_eq!(subscription(&store, when).state, Active, "{state:?} → active");
            }
            Released | Cancelled => {
                assert_eq!(renewed.unwrap_err().code(), ErrorCode::Conflict, "{state:?} cannot be renewed");
                assert_eq!(common::supervision::snapshot(&store), before, "{state:?}: nothing written");
            }
        }
    }
    // Cancelled with its order (an unsubscription approved): nothing more happens to it.
    let mut store = store();
    let order = buy_as(&mut store, "acme-prepaid", "db-license", at("2026-03-01T10:00:00Z"));
    common::supervision::walk_to(
        &mut store,
        order,
        koogallery_core::catalog::model::DeliveryMethod::License,
        koogallery_core::supervision::FlowState::Accepted,
        at("2026-03-01T10:00:00Z"),
    );
    let ask = koogallery_core::supervision::Action::RequestUnsubscription {
        amount: "10".into(),
        reason: "agreed".into(),
        share_contact: false,
    };
    common::supervision::apply_as(
        &mut store,
        "ask",
        order,
        &common::supervision::buyer(),
        ask,
        at("2026-03-01T11:00:00Z"),
    )
    .unwrap();
    let request = koogallery_core::supervision::unsubscribe::of_order(store.conn(), order).unwrap()[0].id;
    let review = koogallery_core::supervision::Action::ReviewUnsubscription {
        request_id: request,
        approve: true,
        comment: "ok".into(),
        records: vec![],
    };
    common::supervision::apply_as(
        &mut store,
        "review",
        order,
        &common::supervision::seller(),
        review,
        at("2026-03-01T11:30:00Z"),
    )
    .unwrap();
    let s = subscription(&store, "2026-03-01T12:00:00Z");
    assert_eq!(s.state, Cancelled);
    let detail = subscriptions::show(store.conn(), s.id, at("2026-03-01T12:00:00Z")).unwrap();
    assert!(detail.timeline.is_empty(), "no timer left: {:?}", detail.timeline);
    let fired = run(&mut store, "2026-06-01T00:00:00Z");
    assert!(fired.iter().all(|f| !["expiry", "grace_end", "release"].contains(&f.kind.as_str())));
    assert_eq!(
        renew(&mut store, s.id, BillingPeriod::Month, 1, "late", "2026-06-01T00:00:00Z").unwrap_err().code(),
        ErrorCode::Conflict
    );
}

#[test]
fn r_up_4_more_users_are_quoted_with_their_arithmetic_paid_once_and_renewed_at_the_new_count() {
    use koogallery_core::subscriptions::upgrade::{self, UpgradeRequest};
    // "team": 8.00 a user a month (linear). 5 users bought 8 March 10:00 (UTC buyer): the term
    // runs 8 March → 8 April, 31 days; on 20 March 19 days remain (R-MT-3).
    let mut store = store();
    common::act_for(&store, "acme-prepaid");
    let mut checkout = common::monthly_checkout("team", 1, "team-5");
    checkout.configuration.users = Some(5);
    with_clock(at("2026-03-08T10:00:00Z"), |s| koogallery_core::orders::place(&mut store, s, &checkout)).unwrap();
    let subscribed = subscription(&store, "2026-03-08T10:00:00Z");
    let id = subscribed.id;
    assert_eq!(balance(&store), "960.00");

    // R-UP-4 (ordered after 2023-06-12), linear as R-UP-3: 10 × 8.00 ÷ 31 × 19 − 5 × 8.00 ÷ 31 × 19
    // = 49.032… − 24.516… = 24.516… → 24.52.
    let quote = upgrade::quote(store.conn(), id, None, Some(10), at("2026-03-20T12:00:00Z")).unwrap();
    assert_eq!((quote.total.as_str(), quote.remaining_days, quote.term_days), ("24.52", 19, 31));
    let sum: rust_decimal::Decimal =
        quote.lines.iter().map(|l| l.amount.parse::<rust_decimal::Decimal>().unwrap()).sum();
    assert_eq!(sum.to_string(), "24.52", "the lines add up to the fee");
    assert!(quote.lines.iter().any(|l| l.rule == "R-UP-4" && l.arithmetic.contains("19 days")), "{:?}", quote.lines);

    let request =
        UpgradeRequest { subscription_id: id, edition: None, users: Some(10), idempotency_key: "up-1".into() };
    let paid = with_clock(at("2026-03-20T12:00:00Z"), |s| upgrade::pay(&mut store, s, &request)).unwrap();
    assert_eq!((paid.users_from, paid.users_to, paid.quote.total.as_str()), (Some(5), Some(10), "24.52"));
    let again = with_clock(at("2026-03-20T12:05:00Z"), |s| upgrade::pay(&mut store, s, &request)).unwrap();
    assert_eq!(again, paid, "the same key pays once");
    assert_eq!(balance(&store), "935.48");
    // R-UP-5: fewer users only at renewal.
    let fewer = upgrade::quote(store.conn(), id, None, Some(8), at("2026-03-21T12:00:00Z")).unwrap_err();
    assert_eq!(fewer.code(), ErrorCode::InvalidInput);
    // Renewals are priced at the new count: 10 × 8.00.
    let renewal = renew(&mut store, id, BillingPeriod::Month, 1, "after-up", "2026-03-22T12:00:00Z").unwrap();
    assert_eq!(renewal.amount, "80.00");
    assert!(unbalanced(store.conn()).unwrap().is_empty());
    // The upgrade and the renewal are paid to the product's seller, as the order was.
    let seller: String = store
        .conn()
        .query_row("SELECT seller_id FROM orders WHERE id = ?1", [subscribed.order_id], |r| r.get(0))
        .unwrap();
    let credited: Vec<(String, String)> =
        koogallery_core::ledger::lines_of_order(store.conn(), subscribed.order_id.into())
            .unwrap()
            .into_iter()
            .filter(|l| !l.amount.starts_with('-') && !l.memo.starts_with("Order"))
            .map(|l| (l.ledger_account, l.amount))
            .collect();
    let sales = format!("seller_sales:{seller}");
    assert_eq!(credited, [(sales.clone(), "24.52".to_string()), (sales, "80.00".to_string())]);
}

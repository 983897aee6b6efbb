//! Service supervision through its operations (R-SUP-3 to R-SUP-5, R-REN-4, R-BUY-7, R-USE):
//! an operation id applied twice, the freeze, the timers at their boundaries, reminders, the
//! chain of records, proof files, SaaS application information. Settlements and their money are
//! in `supervision_settlements.rs`.

mod common;

use chrono::Duration;
use common::supervision::*;
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::messages;
use koogallery_core::supervision::{self, Action, Delivery, FlowState, Upload};
use koogallery_core::{apps, ErrorCode};

#[test]
fn r_sup_4_an_operation_applied_twice_changes_nothing_and_answers_as_the_first_time() {
    let mut store = store();
    let order = buy(&mut store, "db-license");
    let first =
        apply_as(&mut store, "laptop-1:op-7", order, &seller(), delivery(DeliveryMethod::License), minutes(5)).unwrap();
    assert!(!first.repeated);
    let after_first = snapshot(&store);
    let again = apply_as(&mut store, "laptop-1:op-7", order, &seller(), delivery(DeliveryMethod::License), minutes(50))
        .unwrap();
    assert!(again.repeated);
    assert_eq!(again.record, first.record, "the first outcome, not a second one");
    assert_eq!(snapshot(&store), after_first, "nothing written the second time");

    // The same id for another operation is refused.
    let other =
        apply_as(&mut store, "laptop-1:op-7", order, &buyer(), Action::AcceptDelivery, minutes(60)).unwrap_err();
    assert_eq!(other.code(), ErrorCode::Conflict, "{other}");
    for bad in ["", "has space", &"x".repeat(129)] {
        let err = apply_as(&mut store, bad, order, &buyer(), Action::AcceptDelivery, minutes(60)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{bad:?}");
    }
    assert_eq!(snapshot(&store), after_first);
}

#[test]
fn r_sup_5_an_open_appeal_freezes_every_action_of_both_sides() {
    let mut store = store();
    let order = buy(&mut store, "accounting");
    walk_to(&mut store, order, DeliveryMethod::Saas, FlowState::AwaitingAcceptance, t0());
    apply_as(
        &mut store,
        "appeal",
        order,
        &seller(),
        Action::Appeal { reason: "Buyer silent".into(), proof: proof() },
        minutes(30),
    )
    .unwrap();
    let before = snapshot(&store);
    let tries: Vec<(supervision::Actor, Action)> = vec![
        (buyer(), Action::AcceptDelivery),
        (buyer(), Action::RejectDelivery { reason: "no".into() }),
        (buyer(), Action::Remind),
        (buyer(), appeal()),
        (buyer(), Action::SubmitRequest { text: "again".into() }),
        (buyer(), Action::RequestUnsubscription { amount: "1.00".into(), reason: "x".into(), share_contact: false }),
        (seller(), delivery(DeliveryMethod::Saas)),
        (seller(), Action::AcceptRequest { remark: None }),
        (seller(), Action::RejectRequest { reason: "no".into() }),
        (seller(), appeal()),
        (
            seller(),
            Action::ReviewUnsubscription { request_id: 1, approve: true, comment: "ok".into(), records: vec![] },
        ),
    ];
    for (i, (actor, action)) in tries.into_iter().enumerate() {
        let err = apply_as(&mut store, &format!("frozen-{i}"), order, &actor, action, minutes(40)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::FlowFrozen, "{:?}: {err}", actor.role);
    }
    assert_eq!(snapshot(&store), before, "a refused action wrote nothing");
}

#[test]
fn r_sup_3_completed_exactly_3_hours_after_acceptance_then_in_purchased_apps() {
    let mut store = store();
    let order = buy(&mut store, "db-license");
    walk_to(&mut store, order, DeliveryMethod::License, FlowState::Accepted, t0());
    let accepted = supervision::view::show(store.conn(), order, minutes(10)).unwrap().accepted_at.unwrap();
    let accepted: chrono::DateTime<chrono::Utc> = accepted.parse().unwrap();

    let early = run_until(&mut store, accepted + Duration::hours(3) - Duration::seconds(1));
    assert!(early.iter().all(|f| f.kind != "supervision_completion"), "{early:?}");
    assert_eq!(state(&store, order), FlowState::Accepted, "2:59:59 after acceptance");
    assert_eq!(order_status(&store, order), "processing");
    common::act_for(&store, "acme-prepaid");
    assert!(apps::list(store.conn()).unwrap().is_empty(), "R-BUY-7: not in Purchased Apps before completion");

    let fired = run_until(&mut store, accepted + Duration::hours(3));
    let completion: Vec<_> = fired.iter().filter(|f| f.kind == "supervision_completion").collect();
    assert_eq!(completion.len(), 1, "{fired:?}");
    assert_eq!(completion[0].rule, "R-SUP-3");
    assert_eq!(completion[0].at, (accepted + Duration::hours(3)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    assert_eq!(state(&store, order), FlowState::Completed);
    assert_eq!(order_status(&store, order), "completed");
    assert_eq!(apps::list(store.conn()).unwrap()[0].order_id, order, "R-BUY-7: in Purchased Apps once completed");

    // Exactly once: running again fires nothing more.
    let later = run_until(&mut store, accepted + Duration::days(30));
    assert!(later.iter().all(|f| f.kind != "supervision_completion"), "{later:?}");
    let records = supervision::verify(store.conn(), order).unwrap();
    assert!(records.intact, "{:?}", records.problems);
}

#[test]
fn r_sup_3_an_action_arriving_after_the_completion_time_finds_the_flow_completed() {
    let mut store = store();
    let order = buy(&mut store, "db-license");
    walk_to(&mut store, order, DeliveryMethod::License, FlowState::Accepted, t0());
    // The scheduler has not run (the app was closed); the seller appeals the next day.
    let err = apply_as(&mut store, "late", order, &seller(), appeal(), minutes(60 * 24)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::FlowClosed, "{err}");
    // Refused, so nothing was written: the scheduler still completes it, once.
    let fired = run_until(&mut store, minutes(60 * 24));
    assert_eq!(fired.iter().filter(|f| f.kind == "supervision_completion").count(), 1);
    assert_eq!(state(&store, order), FlowState::Completed);
}

#[test]
fn r_sup_5_the_buyer_may_appeal_after_more_than_5_days_of_silence_to_the_minute() {
    let mut store = store();
    let order = buy(&mut store, "db-license"); // waits on the seller from T0
    let five_days = t0() + Duration::days(5);
    let before = snapshot(&store);
    for (when, what) in [(five_days, "5 days"), (five_days + Duration::seconds(59), "5 days and 59 seconds")] {
        let err = apply_as(&mut store, "appeal", order, &buyer(), appeal(), when).unwrap_err();
        assert_eq!(err.code(), ErrorCode::AppealNotAllowedYet, "{what}: {err}");
        assert!(err.to_string().contains("2026-03-07T10:01:00"), "{err}");
    }
    assert_eq!(snapshot(&store), before);
    // A reminder is the buyer's: it does not end the seller's silence.
    apply_as(&mut store, "remind", order, &buyer(), Action::Remind, t0() + Duration::days(2)).unwrap();
    let applied = apply_as(&mut store, "appeal", order, &buyer(), appeal(), five_days + Duration::minutes(1)).unwrap();
    assert_eq!(applied.record.state_after, FlowState::Frozen);
}

#[test]
fn r_sup_5_any_action_of_the_seller_starts_the_5_days_again_and_the_buyer_is_told_when_they_pass() {
    let mut store = store();
    let order = buy(&mut store, "migration");
    apply_as(&mut store, "r1", order, &buyer(), Action::SubmitRequest { text: "Source: A".into() }, t0()).unwrap();
    apply_as(&mut store, "a1", order, &seller(), Action::AcceptRequest { remark: None }, t0() + Duration::days(3))
        .unwrap();
    let err = apply_as(&mut store, "appeal", order, &buyer(), appeal(), t0() + Duration::days(6)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::AppealNotAllowedYet, "3 days since the seller's acceptance: {err}");

    let fired = run_until(&mut store, t0() + Duration::days(8) + Duration::minutes(1));
    let told: Vec<_> = fired.iter().filter(|f| f.kind == "appeal_eligibility").collect();
    assert_eq!(told.len(), 1, "{fired:?}");
    assert_eq!(told[0].at, "2026-03-10T10:01:00Z", "5 days and a minute after the seller's last action");
    common::act_for(&store, "acme-prepaid");
    let inbox = messages::list(store.conn(), &Default::default()).unwrap();
    assert!(inbox.messages.iter().any(|m| m.kind == "appeal_possible"), "{inbox:?}");
    apply_as(&mut store, "appeal", order, &buyer(), appeal(), t0() + Duration::days(8) + Duration::minutes(1)).unwrap();
}

#[test]
fn r_sup_5_the_buyer_is_told_once_that_it_may_appeal_however_often_it_reminds_the_seller() {
    let mut store = store();
    let order = buy(&mut store, "db-license");
    let fired = run_until(&mut store, t0() + Duration::days(6));
    assert_eq!(fired.iter().filter(|f| f.kind == "appeal_eligibility").count(), 1, "{fired:?}");
    // Reminding changes nothing of the silence: the time it may appeal from is the same, and
    // what was told at that time is not told again.
    apply_as(&mut store, "remind", order, &buyer(), Action::Remind, t0() + Duration::days(6)).unwrap();
    let again = run_until(&mut store, t0() + Duration::days(7));
    assert!(again.iter().all(|f| f.kind != "appeal_eligibility"), "{again:?}");
    common::act_for(&store, "acme-prepaid");
    let told = messages::list(store.conn(), &Default::default())
        .unwrap()
        .messages
        .iter()
        .filter(|m| m.kind == "appeal_possible")
        .count();
    assert_eq!(told, 1);
}

#[test]
fn r_sup_5_three_rejections_of_the_request_or_of_the_delivery_open_the_buyers_appeal() {
    let mut store = store();
    let order = buy(&mut store, "accounting");
    for n in 1..=3 {
        apply_as(
            &mut store,
            &format!("req-{n}"),
            order,
            &buyer(),
            Action::SubmitRequest { text: format!("try {n}") },
            minutes(n),
        )
        .unwrap();
        if n < 3 {
            apply_as(
                &mut store,
                &format!("rej-{n}"),
                order,
                &seller(),
                Action::RejectRequest { reason: "no".into() },
                minutes(n),
            )
            .unwrap();
            let err = apply_as(&mut store, "early", order, &buyer(), appeal(), minutes(n)).unwrap_err();
            assert_eq!(err.code(), ErrorCode::AppealNotAllowedYet, "after {n} rejections");
        }
    }
    apply_as(&mut store, "rej-3", order, &seller(), Action::RejectRequest { reason: "no".into() }, minutes(4)).unwrap();
    apply_as(&mut store, "appeal", order, &buyer(), appeal(), minutes(5)).unwrap();

    let mut store = common::supervision::store();
    let order = buy(&mut store, "db-license");
    for n in 1..=3 {
        apply_as(&mut store, &format!("del-{n}"), order, &seller(), delivery(DeliveryMethod::License), minutes(n * 10))
            .unwrap();
        if n > 1 {
            let err = apply_as(&mut store, "early", order, &buyer(), appeal(), minutes(n * 10)).unwrap_err();
            assert_eq!(err.code(), ErrorCode::AppealNotAllowedYet, "after {} rejections", n - 1);
        }
        apply_as(
            &mut store,
            &format!("rej-{n}"),
            order,
            &buyer(),
            Action::RejectDelivery { reason: "broken".into() },
            minutes(n * 10 + 1),
        )
        .unwrap();
    }
    apply_as(&mut store, "appeal", order, &buyer(), appeal(), minutes(40)).unwrap();
}

#[test]
fn r_sup_the_buyer_reminds_the_seller_at_most_once_a_day() {
    let mut store = store();
    let order = buy(&mut store, "db-license");
    apply_as(&mut store, "remind-1", order, &buyer(), Action::Remind, minutes(10)).unwrap();
    let err = apply_as(&mut store, "remind-2", order, &buyer(), Action::Remind, minutes(10 + 24 * 60 - 1)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::TooSoon, "{err}");
    apply_as(&mut store, "remind-3", order, &buyer(), Action::Remind, minutes(10 + 24 * 60)).unwrap();
    let seller_messages: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM messages WHERE recipient_id = ?1 AND kind = 'reminder'", [SELLER], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(seller_messages, 2);
}

#[test]
fn r_sup_4_the_records_are_chained_and_a_changed_record_or_file_is_found() {
    let mut store = store();
    let order = buy(&mut store, "db-license");
    walk_to(&mut store, order, DeliveryMethod::License, FlowState::Completed, t0());
    let report = supervision::verify(store.conn(), order).unwrap();
    assert!(report.intact, "{:?}", report.problems);
    assert_eq!((report.records, report.files), (4, 2), "started, delivered, accepted, completed; two files");

    store
        .conn()
        .execute("UPDATE flow_operations SET remark = 'Delivered late' WHERE order_id = ?1 AND position = 2", [order])
        .unwrap();
    let report = supervision::verify(store.conn(), order).unwrap();
    assert!(!report.intact);
    assert!(report.problems[0].contains("record 2 (deliver) was changed"), "{:?}", report.problems);

    let mut store = common::supervision::store();
    let order = buy(&mut store, "db-license");
    walk_to(&mut store, order, DeliveryMethod::License, FlowState::Accepted, t0());
    store.conn().execute("UPDATE attachments SET bytes = zeroblob(size) WHERE mime = 'application/pdf'", []).unwrap();
    let report = supervision::verify(store.conn(), order).unwrap();
    assert!(
        report.problems.iter().any(|p| p.contains("acceptance.pdf is not the one attached")),
        "{:?}",
        report.problems
    );

    let mut store = common::supervision::store();
    let order = buy(&mut store, "db-license");
    walk_to(&mut store, order, DeliveryMethod::License, FlowState::Accepted, t0());
    store.conn().execute("DELETE FROM operation_attachments", []).unwrap();
    store.conn().execute("DELETE FROM flow_operations WHERE order_id = ?1 AND position = 2", [order]).unwrap();
    let report = supervision::verify(store.conn(), order).unwrap();
    assert!(report.problems.iter().any(|p| p.contains("record 2 is missing")), "{:?}", report.problems);
}

#[test]
fn r_sup_proof_is_pdf_png_or_jpeg_and_a_delivery_needs_some() {
    let mut store = store();
    let order = buy(&mut store, "db-license");
    let before = snapshot(&store);
    let cases: Vec<(Vec<Upload>, &str)> = vec![
        (vec![], "attach at least one"),
        (vec![Upload::from_bytes("notes.txt", b"hello")], "neither a PDF"),
        (vec![Upload::from_bytes("tiny.png", &png(8, 8))], "at least 16"),
        (vec![Upload { name: "x.pdf".into(), content_base64: "%%%".into() }], "did not arrive whole"),
        (vec![Upload::from_bytes("../../etc/passwd.pdf", &pdf())], "without /"),
        ((0..11).map(|i| Upload::from_bytes(format!("{i}.pdf"), &pdf())).collect(), "at most 10"),
    ];
    for (files, why) in cases {
        let action = Action::Deliver(Delivery { remark: None, proof: files, enabled_at: None, app: None });
        let err = apply_as(&mut store, "deliver", order, &seller(), action, minutes(5)).unwrap_err();
        assert_eq!(err.code(), if why == "at least 16" { ErrorCode::InvalidImage } else { ErrorCode::InvalidInput });
        assert!(err.to_string().contains(why), "{why}: {err}");
    }
    assert_eq!(snapshot(&store), before);
}

#[test]
fn r_use_a_saas_delivery_carries_the_application_with_its_password_sealed() {
    let mut store = store();
    let order = buy(&mut store, "accounting");
    walk_to(&mut store, order, DeliveryMethod::Saas, FlowState::SellerDeploying, t0());
    let no_app = Action::Deliver(Delivery { remark: None, proof: proof(), enabled_at: None, app: None });
    let err = apply_as(&mut store, "deliver-0", order, &seller(), no_app, minutes(10)).unwrap_err();
    assert!(err.to_string().contains("application"), "{err}");
    let applied =
        apply_as(&mut store, "deliver-1", order, &seller(), delivery(DeliveryMethod::Saas), minutes(10)).unwrap();
    assert_eq!(applied.record.details.app_user_name.as_deref(), Some("admin@acme.example"));
    let stored: Vec<u8> = store
        .conn()
        .query_row("SELECT fingerprint || details FROM flow_operations", [], |r| r.get::<_, String>(0))
        .map(String::into_bytes)
        .unwrap();
    assert!(!String::from_utf8_lossy(&stored).contains(APP_PASSWORD), "the password is in no record");
    let everything = snapshot(&store);
    assert!(!everything.contains(APP_PASSWORD), "nor anywhere in plain text");

    apply_as(&mut store, "accept", order, &buyer(), Action::AcceptDelivery, minutes(20)).unwrap();
    run_until(&mut store, minutes(20 + 180));
    common::act_for(&store, "acme-prepaid");
    let app = apps::show(store.conn(), order).unwrap();
    assert_eq!(app.saas.unwrap().management_url, "https://books.example/manage");
    let password = apps::reveal_password(store.conn(), store.secret_key(), order).unwrap();
    assert_eq!(password.expose(), APP_PASSWORD);
}

#[test]
fn r_ren_4_a_supervised_term_starts_at_acceptance_or_at_the_enabling_time_given() {
    // Bought 2026-03-02 10:00; delivered 10 days later; accepted on 2026-03-20 at 09:00 UTC.
    let mut store = store();
    let order = buy(&mut store, "db-license");
    apply_as(&mut store, "deliver", order, &seller(), delivery(DeliveryMethod::License), at("2026-03-12T10:00:00Z"))
        .unwrap();
    let accepted =
        apply_as(&mut store, "accept", order, &buyer(), Action::AcceptDelivery, at("2026-03-20T09:00:00Z")).unwrap();
    assert_eq!(accepted.record.details.valid_from.as_deref(), Some("2026-03-20T09:00:00Z"));
    assert_eq!(
        accepted.record.details.valid_until.as_deref(),
        Some("2026-04-20T23:59:59Z"),
        "one month from acceptance"
    );

    let mut store = common::supervision::store();
    let order = buy(&mut store, "db-license");
    let enabled = |time: &str| {
        let Action::Deliver(d) = delivery(DeliveryMethod::License) else { unreachable!() };
        Action::Deliver(Delivery { enabled_at: Some(time.into()), ..d })
    };
    for (bad, why) in [
        ("2026-03-01T00:00:00Z", "between the payment"),
        ("2026-04-01T00:00:00Z", "between the payment"),
        ("yesterday", "not a date"),
    ] {
        let err =
            apply_as(&mut store, "deliver", order, &seller(), enabled(bad), at("2026-03-12T10:00:00Z")).unwrap_err();
        assert!(err.to_string().contains(why), "{bad}: {err}");
    }
    apply_as(&mut store, "deliver", order, &seller(), enabled("2026-03-10T08:30:00Z"), at("2026-03-12T10:00:00Z"))
        .unwrap();
    let accepted =
        apply_as(&mut store, "accept", order, &buyer(), Action::AcceptDelivery, at("2026-03-20T09:00:00Z")).unwrap();
    assert_eq!(accepted.record.details.valid_from.as_deref(), Some("2026-03-10T08:30:00Z"));
    assert_eq!(accepted.record.details.valid_until.as_deref(), Some("2026-04-10T23:59:59Z"));
}

#[test]
fn r_mt_4_a_buyer_searches_its_flows_by_the_day_it_paid_in_its_time_zone() {
    // Paid 8 March 2026 20:00 UTC, which is 9 March 05:00 in Tokyo (UTC+9).
    let mut store = store();
    store.conn().execute("UPDATE accounts SET time_zone = 'Asia/Tokyo' WHERE id = 'acme-prepaid'", []).unwrap();
    let order = buy_as(&mut store, "acme-prepaid", "db-license", at("2026-03-08T20:00:00Z"));
    let paid_on = |store: &koogallery_core::Store, day: &str| -> Vec<u32> {
        let query = supervision::FlowQuery { from: Some(day.into()), to: Some(day.into()), ..Default::default() };
        supervision::view::list(store.conn(), &query).unwrap().iter().map(|f| f.order_id).collect()
    };
    assert_eq!(paid_on(&store, "2026-03-09"), [order], "the day its screens show");
    assert_eq!(paid_on(&store, "2026-03-08"), Vec::<u32>::new());
    // The operations manager has no zone of its own: UTC's day.
    koogallery_core::roles::switch(&mut store, &koogallery_core::roles::RoleChoice::OperationsManager).unwrap();
    assert_eq!(paid_on(&store, "2026-03-08"), [order]);
    assert_eq!(paid_on(&store, "2026-03-09"), Vec::<u32>::new());
}

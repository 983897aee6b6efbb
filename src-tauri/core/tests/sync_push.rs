//! The marketplace's side of a seller working offline (R-SYNC-2, R-SYNC-3, R-SYNC-5): enrolling
//! a laptop with a one-time code, and the operations it pushes applied in order, once each,
//! their outcomes kept to answer a repeat; a push out of order or outside the seller's orders
//! refused whole with nothing written.

mod common;

use chrono::Duration;
use common::supervision::{apply_as, at, buyer, delivery, snapshot, state, store, t0, with_clock, SELLER};
use common::sync::{as_operations, as_pushed, enrolled, other_seller, push, pushed, try_push, two_licenses};
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::supervision::{Action, Actor, FlowState, Operation};
use koogallery_core::sync::{self, PushRequest, PushedOperation};
use koogallery_core::{ErrorCode, Store};

#[test]
fn r_sync_5_a_code_enrols_one_laptop_once_within_a_day_and_only_the_operations_manager_issues_it() {
    let mut store = store();
    let refused = with_clock(t0(), |s| sync::issue_code(&mut store, s, SELLER)).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden, "the buyer issues no code: {refused}");
    as_operations(&mut store);
    let unknown = with_clock(t0(), |s| sync::issue_code(&mut store, s, "nobody")).unwrap_err();
    assert_eq!(unknown.code(), ErrorCode::NotFound);

    let code = with_clock(t0(), |s| sync::issue_code(&mut store, s, SELLER)).unwrap();
    assert_eq!(code.code.len(), 14, "three groups of four: {}", code.code);
    assert_eq!(code.expires_at, "2026-03-03T10:00:00Z");
    let bad_name = with_clock(t0(), |s| sync::enrol(&mut store, s, &code.code, "  ")).unwrap_err();
    assert_eq!(bad_name.code(), ErrorCode::InvalidInput);
    // Typed in lower case without its dashes, it still works: once.
    let typed = code.code.replace('-', " ").to_lowercase();
    let enrolled = with_clock(t0(), |s| sync::enrol(&mut store, s, &typed, "Field laptop")).unwrap();
    assert_eq!((enrolled.device.seller_id.as_str(), enrolled.device.last_seq), (SELLER, 0));
    let again = with_clock(t0(), |s| sync::enrol(&mut store, s, &code.code, "Second laptop")).unwrap_err();
    assert_eq!(again.code(), ErrorCode::Unauthenticated, "{again}");
    assert!(again.to_string().contains("already used"), "{again}");

    let late = with_clock(t0(), |s| sync::issue_code(&mut store, s, SELLER)).unwrap();
    let expired =
        with_clock(at("2026-03-03T10:00:00Z"), |s| sync::enrol(&mut store, s, &late.code, "Late laptop")).unwrap_err();
    assert_eq!(expired.code(), ErrorCode::Unauthenticated, "{expired}");
    let wrong = with_clock(t0(), |s| sync::enrol(&mut store, s, "AAAA-BBBB-CCCC", "Guess")).unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::Unauthenticated);

    // Neither the code nor the token is in the file.
    let kept = snapshot_of(&store, &["enrolment_codes", "seller_devices"]);
    assert!(!kept.contains(&enrolled.token) && !kept.contains(&code.code.replace('-', "")), "{kept}");
    assert_eq!(sync::authenticate(store.conn(), &enrolled.token).unwrap().id, enrolled.device.id);
    assert_eq!(sync::authenticate(store.conn(), "kgd_made-up").unwrap_err().code(), ErrorCode::Unauthenticated);

    let revoked = with_clock(t0() + Duration::hours(1), |s| sync::revoke(&mut store, s, enrolled.device.id)).unwrap();
    assert_eq!(revoked.revoked_at.as_deref(), Some("2026-03-02T11:00:00Z"));
    let err = sync::authenticate(store.conn(), &enrolled.token).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unauthenticated);
    assert!(err.to_string().contains("revoked"), "{err}");
    assert_eq!(sync::devices(store.conn(), Some(SELLER)).unwrap().len(), 1);
}

fn snapshot_of(store: &Store, tables: &[&str]) -> String {
    let mut out = String::new();
    for table in tables {
        let mut statement = store.conn().prepare(&format!("SELECT * FROM {table}")).unwrap();
        let columns = statement.column_count();
        let rows = statement
            .query_map([], |r| Ok((0..columns).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>()))
            .unwrap();
        for row in rows {
            out.push_str(&row.unwrap().join("|"));
            out.push('\n');
        }
    }
    out
}

#[test]
fn r_sync_2_operations_apply_in_the_order_made_once_each_and_a_repeated_push_is_answered_from_the_kept_outcomes() {
    let mut store = store();
    let (first, second) = two_licenses(&mut store);
    let (token, _) = enrolled(&mut store);
    let batch = vec![
        pushed(1, "laptop-op-1", first, delivery(DeliveryMethod::License)),
        pushed(2, "laptop-op-2", second, delivery(DeliveryMethod::License)),
    ];
    let answer = push(&mut store, &token, batch.clone(), 30);
    assert_eq!(answer.last_seq, 2);
    assert!(answer.outcomes.iter().all(|o| o.applied && !o.repeated), "{answer:?}");
    assert_eq!(
        (state(&store, first), state(&store, second)),
        (FlowState::AwaitingAcceptance, FlowState::AwaitingAcceptance)
    );
    let after = snapshot(&store);

    // The answer was lost: the laptop sends the same push, and a new operation after it.
    let mut again = batch;
    let accept_later = Action::RejectRequest { reason: "not mine to reject".into() };
    again.push(pushed(3, "laptop-op-3", first, accept_later));
    let answer = push(&mut store, &token, again, 40);
    assert_eq!(answer.outcomes.len(), 3);
    assert!(answer.outcomes[..2].iter().all(|o| o.applied && o.repeated), "{answer:?}");
    let third = &answer.outcomes[2];
    assert!(!third.applied && !third.repeated);
    assert_eq!(third.code.as_deref(), Some("not_your_turn"), "{third:?}");
    assert_eq!(answer.last_seq, 3);
    assert_eq!(snapshot(&store), after, "the repeats and the refusal wrote nothing but the refusal's outcome");
    let records: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM flow_operations WHERE id LIKE 'laptop-op-%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(records, 2, "each delivery recorded once");
    // The buyer sees the delivery as soon as it arrived, with a message.
    let told: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM messages WHERE recipient_role = 'buyer' AND recipient_id = 'acme-prepaid'
             AND order_id IN (?1, ?2) AND created_at = '2026-03-02T10:30:00Z'",
            [first, second],
            |r| r.get(0),
        )
        .unwrap();
    assert!(told >= 2, "the buyer is told of both deliveries");
}

#[test]
fn r_sync_3_a_refused_operation_is_final_and_the_later_ones_on_its_flow_in_the_push_are_refused_with_it() {
    let mut store = store();
    let (first, second) = two_licenses(&mut store);
    let (token, _) = enrolled(&mut store);
    // While the laptop was offline, the buyer appealed the first order: its flow is frozen.
    let appeal = Action::Appeal { reason: "Nothing delivered after a week".into(), proof: vec![] };
    let eligible = t0() + Duration::days(5) + Duration::minutes(2);
    apply_as(&mut store, "buyer-appeal", first, &buyer(), appeal, eligible).unwrap();
    assert_eq!(state(&store, first), FlowState::Frozen);

    let later = t0() + Duration::days(6);
    let device = sync::authenticate(store.conn(), &token).unwrap();
    let operations = vec![
        pushed(1, "laptop-op-1", first, delivery(DeliveryMethod::License)),
        pushed(2, "laptop-op-2", second, delivery(DeliveryMethod::License)),
        pushed(3, "laptop-op-3", first, Action::Appeal { reason: "The buyer was away".into(), proof: vec![] }),
    ];
    let answer =
        with_clock(later, |s| sync::push(&mut store, s, &device, &PushRequest { operations: operations.clone() }))
            .unwrap();
    let summary: Vec<(bool, Option<&str>)> = answer.outcomes.iter().map(|o| (o.applied, o.code.as_deref())).collect();
    assert_eq!(summary, [(false, Some("flow_frozen")), (true, None), (false, Some("flow_frozen"))]);
    assert!(answer.outcomes[2].message.as_deref().unwrap().contains("laptop-op-1"), "{:?}", answer.outcomes[2]);
    assert_eq!((state(&store, first), state(&store, second)), (FlowState::Frozen, FlowState::AwaitingAcceptance));

    // Sent again after a lost answer, every outcome is the same and nothing more is written.
    let before = snapshot(&store);
    let again =
        with_clock(later + Duration::minutes(5), |s| sync::push(&mut store, s, &device, &PushRequest { operations }))
            .unwrap();
    let repeated: Vec<(bool, Option<&str>, bool)> =
        again.outcomes.iter().map(|o| (o.applied, o.code.as_deref(), o.repeated)).collect();
    assert_eq!(repeated, [(false, Some("flow_frozen"), true), (true, None, true), (false, Some("flow_frozen"), true)]);
    assert_eq!(snapshot(&store), before);
}

#[test]
fn r_sync_2_a_push_out_of_order_or_outside_the_sellers_orders_is_refused_whole_and_writes_nothing() {
    let mut store = store();
    let (first, second) = two_licenses(&mut store);
    let (token, device) = enrolled(&mut store);
    push(&mut store, &token, vec![pushed(1, "laptop-op-1", first, delivery(DeliveryMethod::License))], 20);
    other_seller(&store);
    let tables = ["device_operations", "seller_devices"];
    let before = (snapshot(&store), snapshot_of(&store, &tables));
    let deliver = || delivery(DeliveryMethod::License);
    let cases: Vec<(&str, Vec<PushedOperation>, ErrorCode)> = vec![
        ("a number skipped", vec![pushed(3, "laptop-op-3", second, deliver())], ErrorCode::OutOfSequence),
        (
            "numbers not following",
            vec![pushed(2, "a", second, deliver()), pushed(4, "b", second, deliver())],
            ErrorCode::OutOfSequence,
        ),
        ("zero", vec![pushed(0, "a", second, deliver())], ErrorCode::OutOfSequence),
        ("a number reused", vec![pushed(1, "another-op", second, deliver())], ErrorCode::OutOfSequence),
        ("a bad id", vec![pushed(2, "has space", second, deliver())], ErrorCode::InvalidInput),
        (
            "a bad time",
            vec![PushedOperation { made_at: Some("yesterday".into()), ..pushed(2, "a", second, deliver()) }],
            ErrorCode::InvalidInput,
        ),
        ("an unknown order", vec![pushed(2, "a", 9999, deliver())], ErrorCode::Forbidden),
        ("a file not sent first", vec![not_sent(pushed(2, "a", second, deliver()))], ErrorCode::InvalidInput),
        (
            "an unknown kind of operation",
            vec![unknown_kind(pushed(2, "a", second, deliver()))],
            ErrorCode::InvalidInput,
        ),
        (
            "acting as the buyer",
            vec![as_pushed(
                2,
                Operation { id: "a".into(), order_id: second, actor: buyer(), action: Action::AcceptDelivery },
            )],
            ErrorCode::Forbidden,
        ),
        (
            "as another seller",
            vec![as_pushed(
                2,
                Operation {
                    id: "a".into(),
                    order_id: second,
                    actor: Actor { role: koogallery_core::roles::Role::Seller, id: "other-seller".into() },
                    action: deliver(),
                },
            )],
            ErrorCode::Forbidden,
        ),
        (
            "too many",
            (2..=202).map(|n| pushed(n, &format!("op-{n}"), second, Action::Remind)).collect(),
            ErrorCode::InvalidInput,
        ),
    ];
    for (what, operations, code) in cases {
        let device = sync::authenticate(store.conn(), &token).unwrap();
        let err = try_push(&mut store, &device, operations).unwrap_err();
        assert_eq!(err.code(), code, "{what}: {err}");
        assert_eq!((snapshot(&store), snapshot_of(&store, &tables)), before, "{what}: nothing written");
    }

    // Another seller's laptop cannot touch this seller's orders.
    as_operations(&mut store);
    let code = with_clock(t0(), |s| sync::issue_code(&mut store, s, "other-seller")).unwrap();
    let other = with_clock(t0(), |s| sync::enrol(&mut store, s, &code.code, "Other laptop")).unwrap();
    let before = (snapshot(&store), snapshot_of(&store, &tables));
    let theirs = as_pushed(
        1,
        Operation {
            id: "x".into(),
            order_id: second,
            actor: Actor { role: koogallery_core::roles::Role::Seller, id: "other-seller".into() },
            action: Action::RejectRequest { reason: "Not ours".into() },
        },
    );
    let err = try_push(&mut store, &other.device, vec![theirs]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    assert_eq!((snapshot(&store), snapshot_of(&store, &tables)), before);
    assert_eq!(device.last_seq, 0, "the device as enrolled");
}

/// `pushed` naming a file the marketplace never received.
fn not_sent(mut pushed: PushedOperation) -> PushedOperation {
    pushed.operation["action"]["proof"][0]["sha256"] = serde_json::Value::from("ab".repeat(32));
    pushed
}

/// `pushed` with an action this marketplace does not know.
fn unknown_kind(mut pushed: PushedOperation) -> PushedOperation {
    pushed.operation["action"]["action"] = serde_json::Value::from("teleport");
    pushed
}

/// A seller's action on a license flow waiting for its delivery: some apply, some are refused
/// by the rules, some freeze the flow.
fn action(kind: u8) -> Action {
    match kind {
        0 => delivery(DeliveryMethod::License),
        1 => Action::Appeal { reason: "The buyer is unreachable".into(), proof: vec![] },
        2 => Action::RejectRequest { reason: "Out of scope".into() },
        _ => Action::AcceptRequest { remark: None },
    }
}

/// A laptop that numbers its operations as it first sends them, sends `sizes` at a time,
/// goes `back` operations back to resend as if their answer had been lost, and withdraws the
/// operations still to send on a flow once an operation on it was refused (R-SYNC-3): what
/// each operation became, by its id.
fn laptop(
    store: &mut Store,
    token: &str,
    queue: &[(String, u32, Action)],
    sizes: &[usize],
    back: &[usize],
) -> Vec<(String, bool, Option<String>)> {
    let mut results: std::collections::BTreeMap<String, (bool, Option<String>)> = Default::default();
    let mut numbered: Vec<PushedOperation> = Vec::new();
    let mut next = 0;
    let mut acknowledged = 0;
    for round in 0.. {
        // Withdraw what depends on a refusal, then number what is sent for the first time.
        while numbered.len() < acknowledged + sizes[round % sizes.len()] && next < queue.len() {
            let (id, order, action) = &queue[next];
            next += 1;
            let first_refused = numbered.iter().find_map(|p| {
                let (on, id) = (p.operation["order_id"].as_u64(), p.operation["id"].as_str().unwrap_or_default());
                (on == Some(u64::from(*order))).then(|| results.get(id)).flatten().filter(|r| !r.0).cloned()
            });
            if let Some((_, code)) = first_refused {
                results.insert(id.clone(), (false, code));
                continue;
            }
            numbered.push(pushed(numbered.len() as u32 + 1, id, *order, action.clone()));
        }
        if acknowledged == numbered.len() && next == queue.len() {
            break;
        }
        let from = acknowledged.saturating_sub(back[round % back.len()]);
        let answer = push(store, token, numbered[from..].to_vec(), 60);
        for outcome in answer.outcomes {
            results.insert(outcome.operation_id, (outcome.applied, outcome.code));
        }
        acknowledged = numbered.len();
    }
    results.into_iter().map(|(id, (applied, code))| (id, applied, code)).collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 32, ..Default::default() })]

    #[test]
    fn r_sync_2_however_pushes_are_cut_lost_and_resent_each_operation_has_one_outcome_and_one_effect(
        kinds in proptest::collection::vec((0u8..4, proptest::bool::ANY), 1..9),
        sizes in proptest::collection::vec(1usize..4, 1..5),
        back in proptest::collection::vec(0usize..3, 1..5),
    ) {
        let run = |sizes: &[usize], back: &[usize]| {
            let mut store = store();
            let (first, second) = two_licenses(&mut store);
            let (token, _) = enrolled(&mut store);
            let queue: Vec<(String, u32, Action)> = kinds
                .iter()
                .enumerate()
                .map(|(n, (kind, which))| (format!("op-{n:02}"), if *which { first } else { second }, action(*kind)))
                .collect();
            let outcomes = laptop(&mut store, &token, &queue, sizes, back);
            (outcomes, snapshot(&store))
        };
        let (all_at_once, store_at_once) = run(&[usize::MAX / 2], &[0]);
        let (in_pieces, store_in_pieces) = run(&sizes, &back);
        proptest::prop_assert_eq!(in_pieces, all_at_once);
        proptest::prop_assert_eq!(store_in_pieces, store_at_once);
    }
}

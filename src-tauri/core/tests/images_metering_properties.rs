//! R-IMG-4 and R-MT-5 as properties: whatever happens to a pay-per-use instance, and whenever
//! metering runs, every ledger transaction balances, the balance is what was topped up less
//! what was paid, no item is charged twice for overlapping hours, and metering again at the
//! same moment bills nothing.

mod common;

use common::images::*;
use koogallery_core::images::{self, ChargeStatus};
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::{accounts, Store};
use proptest::prelude::*;
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
enum Op {
    Wait(i64),
    Meter,
    TopUp(u32),
    Stop,
    Start,
    Replace(bool),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1i64..400).prop_map(Op::Wait),
        3 => Just(Op::Meter),
        1 => (1u32..300).prop_map(Op::TopUp),
        1 => Just(Op::Stop),
        2 => Just(Op::Start),
        1 => any::<bool>().prop_map(Op::Replace),
    ]
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn check(store: &Store, topped_up: Decimal) {
    assert_ledger_balanced(store);
    let charges = images::list_charges(store.conn()).unwrap();
    let paid: Decimal = charges.iter().filter(|c| c.status == ChargeStatus::Paid).map(|c| d(&c.amount)).sum();
    assert_eq!(d(&accounts::show(store.conn()).unwrap().balance.unwrap()), topped_up - paid);
    let mut by_item: Vec<(String, chrono::DateTime<chrono::Utc>)> =
        charges.iter().map(|c| (c.item.clone(), instant(&c.block_start))).collect();
    by_item.sort();
    for pair in by_item.windows(2) {
        if pair[0].0 == pair[1].0 {
            assert!(pair[1].1 - pair[0].1 >= chrono::Duration::hours(1), "{} charged twice within an hour", pair[0].0);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn r_img_4_random_lives_of_an_instance_keep_billing_exact_and_the_ledger_balanced(
        ops in prop::collection::vec(op(), 1..25)
    ) {
        let mut store = image_store();
        top_up(&mut store, "0.50");
        let mut topped_up = d("0.50");
        let id = provision_at(&mut store, after(0), &ppu_request("k1")).unwrap().instances[0].id;
        let mut minutes = 0;
        for op in ops {
            let now = after(minutes);
            // Refusals (starting a running instance, stopping a suspended one, arrears that
            // cannot be paid) are part of life: they must change nothing that breaks the checks.
            let _ = match op {
                Op::Wait(m) => {
                    minutes += m;
                    Ok(())
                }
                Op::Meter => images::process_metering(&mut store, &SimulatedProvider, now).map(drop),
                Op::TopUp(cents) => {
                    let amount = Decimal::new(i64::from(cents), 2);
                    topped_up += amount;
                    top_up(&mut store, &amount.to_string());
                    Ok(())
                }
                Op::Stop => with_clock(now, |s| images::stop(&mut store, s, id)).map(drop),
                Op::Start => with_clock(now, |s| images::start(&mut store, s, id)).map(drop),
                Op::Replace(redis) => {
                    let image = if redis { "redis-image" } else { "mysql-image" };
                    with_clock(now, |s| images::replace_disk(&mut store, s, id, image, None)).map(drop)
                }
            };
            check(&store, topped_up);
        }
        images::process_metering(&mut store, &SimulatedProvider, after(minutes)).unwrap();
        let again = images::process_metering(&mut store, &SimulatedProvider, after(minutes)).unwrap();
        prop_assert_eq!(again.blocks, 0);
        check(&store, topped_up);
    }
}

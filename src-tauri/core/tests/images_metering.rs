//! R-IMG-4: hourly metering in 60-minute blocks, as tables of worked cases, a simulated week
//! matched against a hand-computed table, and processing that never bills a block twice.
//!
//! Prices (tests/common/images.rs): the MySQL image 0.12 an hour, the Redis image 0.06, the
//! s6.large.2 flavour 0.08, an EIP 0.01 per Mbit/s. Times are minutes after T0
//! (2026-03-02T10:00:00Z, a Monday).

mod common;

use common::act_for;
use common::images::*;
use koogallery_core::images::{self, ChargeStatus, InstanceState};
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::{accounts, ledger, ErrorCode, Store};

const ECS: &str = "ecs";
const MYSQL: &str = "mysql-image/standard";
const REDIS: &str = "redis-image/standard";

#[derive(Clone, Copy, Debug)]
enum Step {
    Meter(i64),
    Stop(i64),
    Start(i64),
    Delete(i64),
    Replace(i64, &'static str),
    TopUp(&'static str),
}
use Step::*;

fn apply(store: &mut Store, id: u32, step: Step) -> Result<(), koogallery_core::CoreError> {
    match step {
        Meter(m) => images::process_metering(store, &SimulatedProvider, after(m)).map(drop),
        Stop(m) => with_clock(after(m), |s| images::stop(store, s, id)).map(drop),
        Start(m) => with_clock(after(m), |s| images::start(store, s, id)).map(drop),
        Delete(m) => with_clock(after(m), |s| images::delete(store, s, id)).map(drop),
        Replace(m, product) => with_clock(after(m), |s| images::replace_disk(store, s, id, product, None)).map(drop),
        TopUp(amount) => {
            top_up(store, amount);
            Ok(())
        }
    }
}

/// (block start in minutes after T0, item, amount, status), oldest first.
fn charges(store: &Store) -> Vec<(i64, String, String, ChargeStatus)> {
    let mut list: Vec<_> = images::list_charges(store.conn())
        .unwrap()
        .into_iter()
        .map(|c| ((instant(&c.block_start) - after(0)).num_minutes(), c.item, c.amount, c.status))
        .collect();
    list.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    list
}

/// A pay-per-use MySQL instance made at T0 with `balance` on the prepaid account.
fn instance(balance: &str) -> (Store, u32) {
    let mut store = image_store();
    top_up(&mut store, balance);
    let id = provision_at(&mut store, after(0), &ppu_request("k1")).unwrap().instances[0].id;
    (store, id)
}

fn paid(blocks: &[(i64, &str)]) -> Vec<(i64, String, String, ChargeStatus)> {
    let price = |item: &str| match item {
        ECS => "0.08",
        MYSQL => "0.12",
        _ => "0.06",
    };
    let mut list: Vec<_> =
        blocks.iter().map(|&(m, item)| (m, item.to_string(), price(item).to_string(), ChargeStatus::Paid)).collect();
    list.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    list
}

fn both(minutes: &[i64]) -> Vec<(i64, &'static str)> {
    minutes.iter().flat_map(|&m| [(m, ECS), (m, MYSQL)]).collect()
}

#[test]
fn r_img_4_worked_cases_of_blocks_partial_hours_deletes_switches_and_disk_replacement() {
    type Case = (&'static str, Vec<Step>, Vec<(i64, &'static str)>);
    let cases: Vec<Case> = vec![
        ("nothing is due at the instant billing starts", vec![Meter(0)], vec![]),
        ("a partial hour bills the whole block", vec![Meter(20)], both(&[0])),
        ("the next block starts after 60 minutes, not at", vec![Meter(60)], both(&[0])),
        ("one minute into the second block bills it", vec![Meter(61)], both(&[0, 60])),
        (
            "the clock jumping ten hours bills every block once",
            vec![Meter(605)],
            both(&[0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600]),
        ),
        ("processing again bills nothing twice", vec![Meter(130), Meter(130), Meter(170)], both(&[0, 60, 120])),
        ("deleted mid-hour: that hour is billed, then nothing", vec![Delete(150), Meter(600)], both(&[0, 60, 120])),
        (
            "switched to another product's image: both images that hour, the old one stops",
            vec![Replace(20, "redis-image"), Meter(90)],
            vec![(0, ECS), (60, ECS), (0, MYSQL), (20, REDIS), (80, REDIS)],
        ),
        (
            "the system disk replaced with the same image: one fee",
            vec![Replace(20, "mysql-image"), Meter(90)],
            both(&[0, 60]),
        ),
        (
            "switched away and back within the hour: the hour already paid is not paid again",
            vec![Replace(20, "redis-image"), Replace(40, "mysql-image"), Meter(130)],
            vec![(0, ECS), (60, ECS), (120, ECS), (0, MYSQL), (60, MYSQL), (120, MYSQL), (20, REDIS)],
        ),
        (
            "a stopped instance is still billed (docs/decisions.md)",
            vec![Stop(30), Meter(200)],
            both(&[0, 60, 120, 180]),
        ),
        ("stopped and started: billing never paused", vec![Stop(30), Start(100), Meter(130)], both(&[0, 60, 120])),
    ];
    for (case, steps, expected) in cases {
        let (mut store, id) = instance("100");
        for step in &steps {
            apply(&mut store, id, *step).unwrap_or_else(|e| panic!("{case}: {step:?}: {e}"));
        }
        assert_eq!(charges(&store), paid(&expected), "{case}");
        assert_ledger_balanced(&store);
        assert_runs_to_bill_marked(store.conn());
    }
}

#[test]
fn r_img_4_suspended_for_arrears_billing_stops_and_resumes_from_a_new_block_after_top_up_and_start() {
    // 0.60 pays three hours of 0.20; the fourth cannot be paid.
    let (mut store, id) = instance("0.60");
    apply(&mut store, id, Meter(300)).unwrap();
    let shown = images::show(store.conn(), id).unwrap();
    assert_eq!((shown.state, shown.arrears.as_str(), shown.billing_since), (InstanceState::Suspended, "0.20", None));
    let unpaid: Vec<_> =
        charges(&store).into_iter().filter(|c| c.3 == ChargeStatus::Unpaid).map(|c| (c.0, c.1)).collect();
    assert_eq!(unpaid, [(180, ECS.to_string()), (180, MYSQL.to_string())], "the hour that could not be paid");
    apply(&mut store, id, Meter(400)).unwrap();
    assert_eq!(charges(&store).len(), 8, "billing stopped at the suspension");

    let refused = apply(&mut store, id, Start(410)).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InsufficientBalance, "{refused}");
    assert!(refused.to_string().contains("0.20"), "{refused}");
    assert_eq!(images::show(store.conn(), id).unwrap().state, InstanceState::Suspended);

    apply(&mut store, id, TopUp("10")).unwrap();
    apply(&mut store, id, Start(420)).unwrap();
    let shown = images::show(store.conn(), id).unwrap();
    assert_eq!((shown.state, shown.arrears.as_str()), (InstanceState::Running, "0.00"));
    assert_eq!(shown.billing_since.as_deref(), Some("2026-03-02T17:00:00Z"));
    apply(&mut store, id, Meter(500)).unwrap();
    assert_eq!(charges(&store), paid(&both(&[0, 60, 120, 180, 420, 480])));
    // 0.60 + 10.00 − 6 hours of 0.20.
    assert_eq!(accounts::show(store.conn()).unwrap().balance.unwrap(), "9.40");
    assert_ledger_balanced(&store);
    assert_runs_to_bill_marked(store.conn());
}

#[test]
fn r_img_4_a_yearly_monthly_instance_is_metered_only_for_another_image_and_only_until_expiry() {
    let mut store = image_store();
    top_up(&mut store, "200");
    let id = provision_at(&mut store, after(0), &monthly_request("k1", 1)).unwrap().instances[0].id;
    apply(&mut store, id, Meter(7 * 24 * 60)).unwrap();
    assert!(charges(&store).is_empty(), "prepaid: nothing by the hour");

    let (mut store, id) = {
        let mut store = image_store();
        top_up(&mut store, "200");
        let id = provision_at(&mut store, after(0), &monthly_request("k1", 1)).unwrap().instances[0].id;
        (store, id)
    };
    for step in [Replace(600, "redis-image"), Replace(700, "mysql-image"), Meter(800)] {
        apply(&mut store, id, step).unwrap();
    }
    assert_eq!(charges(&store), paid(&[(600, REDIS), (660, REDIS)]), "back on the prepaid image: not metered");
    assert_eq!(images::show(store.conn(), id).unwrap().billing_since, None);

    apply(&mut store, id, Replace(900, "redis-image")).unwrap();
    apply(&mut store, id, Meter(60 * 24 * 60)).unwrap();
    // Expires 2 April 23:59:59 (R-MT-4). Metered from 3 March 01:00 (T0 + 900 min): 30 days
    // to 2 April 01:00 (720 blocks), then 01:00 to 23:00 (23 blocks): 743, the last at 23:00.
    let redis: Vec<_> = charges(&store).into_iter().filter(|c| c.1 == REDIS && c.0 >= 900).collect();
    assert_eq!(redis.len(), 743, "{:?}", redis.last());
    assert_eq!(after(redis.last().unwrap().0), instant("2026-04-02T23:00:00Z"));
    assert_eq!(redis.last().unwrap().0, 900 + (redis.len() as i64 - 1) * 60);
}

#[test]
fn r_img_4_reseller_customers_see_amounts_for_reference_and_postpaid_cards_are_charged() {
    let mut store = image_store();
    act_for(&store, "cedar-reseller");
    let id = provision_at(&mut store, after(0), &ppu_request("k1")).unwrap().instances[0].id;
    apply(&mut store, id, Meter(130)).unwrap();
    let statuses: Vec<ChargeStatus> = charges(&store).into_iter().map(|c| c.3).collect();
    assert_eq!(statuses, [ChargeStatus::ReferenceOnly; 6]);
    assert_eq!(count(&store, "ledger_entries"), 0);
    assert_eq!(images::show(store.conn(), id).unwrap().state, InstanceState::Running);

    act_for(&store, "borealis-postpaid");
    let mut request = ppu_request("k2");
    request.network = koogallery_core::images::NetworkChoice::Existing { vpc_id: 1, subnet_id: 1 };
    let err = provision_at(&mut store, after(0), &request).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput, "another account's VPC: {err}");
    request.network = koogallery_core::images::NetworkChoice::New {
        vpc_name: "vpc-b".into(),
        vpc_cidr: "172.16.0.0/16".into(),
        subnet_cidr: None,
    };
    let id = provision_at(&mut store, after(0), &request).unwrap().instances[0].id;
    apply(&mut store, id, Meter(61)).unwrap();
    assert_eq!(ledger::balance(store.conn(), ledger::PROVIDER_CARDS).unwrap().to_string(), "-0.40");
    assert_eq!(ledger::balance(store.conn(), ledger::CLOUD_RESOURCES).unwrap().to_string(), "0.16");
    assert_ledger_balanced(&store);
    assert_runs_to_bill_marked(store.conn());
}

/// A week of one pay-per-use instance with a 5 Mbit/s EIP (the ECS item is 0.08 + 0.05 =
/// 0.13 an hour): made Monday 2 March 10:00; disk replaced by the Redis image Wednesday
/// 14:30; stopped Friday 09:15; started Saturday 12:00; deleted Sunday 22:40.
const WEEK: [Step; 4] = [Replace(3150, "redis-image"), Stop(5715), Start(7320), Delete(9400)];

/// Hand-computed: blocks per day (UTC) for ECS, MySQL and Redis.
/// ECS runs 10:00 Mon → 22:40 Sun (blocks start on the hour); MySQL 10:00 Mon → 14:30 Wed
/// (on the hour); Redis 14:30 Wed → 22:40 Sun (on the half hour).
const WEEK_TABLE: [(&str, u32, u32, u32); 7] = [
    ("2026-03-02", 14, 14, 0),
    ("2026-03-03", 24, 24, 0),
    ("2026-03-04", 24, 15, 10),
    ("2026-03-05", 24, 0, 24),
    ("2026-03-06", 24, 0, 24),
    ("2026-03-07", 24, 0, 24),
    ("2026-03-08", 23, 0, 23),
];

fn week_store(hourly_ticks: bool) -> Store {
    let mut store = image_store();
    top_up(&mut store, "100");
    let mut request = ppu_request("k1");
    request.configuration.eip_bandwidth_mbps = Some(5);
    let id = provision_at(&mut store, after(0), &request).unwrap().instances[0].id;
    let mut steps: Vec<Step> = WEEK.to_vec();
    if hourly_ticks {
        steps.extend((0..=170).map(|h| Meter(h * 60)));
        steps.sort_by_key(|s| match s {
            Meter(m) | Stop(m) | Start(m) | Delete(m) | Replace(m, _) => *m,
            TopUp(_) => 0,
        });
    }
    steps.push(Meter(8 * 24 * 60));
    for step in steps {
        apply(&mut store, id, step).unwrap();
    }
    store
}

#[test]
fn r_img_4_a_simulated_week_matches_the_hand_computed_table_and_nothing_is_billed_twice() {
    let mut store = week_store(true);
    let list = images::list_charges(store.conn()).unwrap();
    for (day, ecs, mysql, redis) in WEEK_TABLE {
        let n = |item: &str| list.iter().filter(|c| c.block_start.starts_with(day) && c.item == item).count() as u32;
        assert_eq!((n(ECS), n(MYSQL), n(REDIS)), (ecs, mysql, redis), "{day}");
    }
    let sum = |item: &str| -> rust_decimal::Decimal {
        list.iter().filter(|c| c.item == item).map(|c| c.amount.parse::<rust_decimal::Decimal>().unwrap()).sum()
    };
    // 157 × 0.13, 53 × 0.12, 105 × 0.06.
    assert_eq!(
        (sum(ECS).to_string(), sum(MYSQL).to_string(), sum(REDIS).to_string()),
        ("20.41".into(), "6.36".into(), "6.30".into())
    );
    assert_eq!(accounts::show(store.conn()).unwrap().balance.unwrap(), "66.93", "100.00 − 33.07");
    assert!(list.iter().all(|c| c.status == ChargeStatus::Paid));

    // Processing again, and much later, charges nothing.
    let again = images::process_metering(&mut store, &SimulatedProvider, after(30 * 24 * 60)).unwrap();
    assert_eq!((again.blocks, again.charged.as_str()), (0, "0.00"));
    assert_eq!(images::list_charges(store.conn()).unwrap().len(), list.len());
    assert_ledger_balanced(&store);

    // The app closed all week (metering only at each action and once at the end) bills the
    // same blocks.
    let closed = week_store(false);
    let blocks = |store: &Store| -> Vec<(String, String, String)> {
        let mut v: Vec<_> = images::list_charges(store.conn())
            .unwrap()
            .into_iter()
            .map(|c| (c.block_start, c.item, c.amount))
            .collect();
        v.sort();
        v
    };
    assert_eq!(blocks(&closed), blocks(&store));
}

//! Demo mode's sandbox and time machine (R-DEMO-1, R-DEMO-2): the first state made once and
//! put back whole; moves of the clock that list what fired and can be undone, exactly; one
//! jump or many small ones giving the same store.

use chrono::{DateTime, Duration, Utc};
use koogallery_core::clock::Clock;
use koogallery_core::demo::{self, Jump, Sandbox, TimeStep};
use koogallery_core::entropy::OsEntropy;
use koogallery_core::orders::Services;
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::{ErrorCode, Store};

/// The machine's clock, which a sandbox must not follow: its own is stopped.
struct Machine;

impl Clock for Machine {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

fn services() -> Services<'static> {
    Services { clock: &Machine, payments: &SimulatedProvider, entropy: &OsEntropy }
}

fn t0() -> DateTime<Utc> {
    "2026-06-01T09:00:00Z".parse().unwrap()
}

/// Every row of every table, in a stable order: two stores with the same dump are the same.
fn dump(store: &Store) -> String {
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for table in tables {
        let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = statement.column_count();
        let mut rows: Vec<String> = statement
            .query_map([], |r| {
                Ok((0..columns).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.push_str(&format!("{table} ({}):\n{}\n", rows.len(), rows.join("\n")));
    }
    out
}

fn sandbox() -> (tempfile::TempDir, Sandbox, Store) {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::at(&dir.path().join("demo-sandbox.db"));
    let store = sandbox.open(t0()).unwrap();
    (dir, sandbox, store)
}

#[test]
fn r_demo_1_the_sandbox_starts_at_a_stopped_moment_and_a_reset_puts_back_everything() {
    let (_dir, sandbox, mut store) = sandbox();
    assert!(sandbox.first_state().exists());
    assert!(demo::is_sandbox(store.conn()).unwrap());
    let clock = store.clock(&Machine).unwrap();
    assert!(clock.demo, "the sandbox's clock is stopped, not the machine's");
    assert_eq!(clock.now, t0());
    let first = dump(&store);

    // A visitor tops up and moves the clock a month.
    koogallery_core::accounts::top_up(&mut store, &Machine, "150.00").unwrap();
    sandbox.travel(&mut store, &services(), Jump::By(Duration::days(30))).unwrap();
    assert_ne!(dump(&store), first);

    sandbox.reset(&mut store).unwrap();
    assert_eq!(dump(&store), first, "everything the visitor did is gone");
    assert_eq!(sandbox.undoable().unwrap(), 0, "and so are the moves to undo");
}

#[test]
fn r_demo_1_the_first_state_is_made_once_and_reopening_starts_from_it() {
    let (_dir, sandbox, mut store) = sandbox();
    let first = dump(&store);
    let made = std::fs::metadata(sandbox.first_state()).unwrap().modified().unwrap();
    sandbox.travel(&mut store, &services(), Jump::By(Duration::days(3))).unwrap();
    drop(store);

    // Opened again later (the app restarted): the same first state, not one made anew.
    let again = sandbox.open(t0() + Duration::days(40)).unwrap();
    assert_eq!(std::fs::metadata(sandbox.first_state()).unwrap().modified().unwrap(), made);
    assert_eq!(dump(&again), first);
}

#[test]
fn r_demo_2_each_move_lists_what_fired_in_order_and_undo_puts_the_store_back_exactly() {
    let (_dir, sandbox, mut store) = sandbox();
    let before = dump(&store);
    let travel = sandbox.travel(&mut store, &services(), Jump::By(Duration::days(31))).unwrap();
    assert_eq!(travel.from, "2026-06-01T09:00:00Z");
    assert_eq!(travel.to, "2026-07-02T09:00:00Z");
    assert!(!travel.fired.is_empty(), "a month of the demo's subscriptions and flows fires timers");
    let times: Vec<&str> = travel.fired.iter().map(|f| f.at.as_str()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "in time order: {times:?}");
    assert!(travel.fired.iter().all(|f| f.rule.starts_with("R-")), "each names its rule");
    assert_eq!(travel.undoable, 1);
    let after = dump(&store);

    let second = sandbox.travel(&mut store, &services(), Jump::By(Duration::hours(3))).unwrap();
    assert_eq!(second.undoable, 2);
    assert_eq!(sandbox.undo(&mut store, &services()).unwrap(), "2026-07-02T09:00:00Z");
    assert_eq!(dump(&store), after, "back before the second move");
    assert_eq!(sandbox.undo(&mut store, &services()).unwrap(), "2026-06-01T09:00:00Z");
    assert_eq!(dump(&store), before, "and before the first");
    let nothing = sandbox.undo(&mut store, &services()).unwrap_err();
    assert_eq!(nothing.code(), ErrorCode::NotFound);
}

#[test]
fn r_demo_2_one_jump_or_many_small_ones_give_the_same_store() {
    let (_dir, sandbox, mut store) = sandbox();
    let year = sandbox.travel(&mut store, &services(), Jump::By(Duration::days(365))).unwrap();
    let jumped = dump(&store);
    sandbox.reset(&mut store).unwrap();
    let mut fired = Vec::new();
    for _ in 0..73 {
        fired.extend(sandbox.travel(&mut store, &services(), Jump::By(Duration::days(5))).unwrap().fired);
    }
    let stepped = dump(&store);
    let differ: Vec<(&str, &str)> = jumped.lines().zip(stepped.lines()).filter(|(a, b)| a != b).take(5).collect();
    assert!(differ.is_empty() && jumped.len() == stepped.len(), "{differ:#?}");
    assert_eq!(year.fired, fired, "the same timers, at the same times, with the same money");
    assert_eq!(sandbox.undoable().unwrap(), demo::time_machine::UNDO_DEPTH, "the last moves only are kept");
}

/// A visitor's year on the demo store (R-DEMO-2 with R-REN-1, R-REN-3), worked by hand from
/// the first state at 2026-06-01 09:00 UTC:
/// - Acme's monthly backup (45.00 a month, prepaid), bought 14 May 05:00 in New York, expires
///   at the end of 14 June and renews itself at 03:00 seven days before each expiry: 7 June,
///   7 July, …, 7 May 2027, twelve times (the next, 7 June 2027, is after the year): 540.00;
/// - Borealis's dashboards (10 users at 60.00 a year, by card), bought 16 June 2025, expire at
///   the end of 16 June 2026 in Berlin: renewed once, 9 June 2026 at 03:00: 600.00;
/// - Cedar's month of e-invoicing, without automatic renewal, expires, goes through 15 days of
///   grace and 15 of retention, and is released. A reseller customer's amounts are for
///   reference only, and nothing is renewed: no money.
#[test]
fn r_demo_2_a_year_of_the_demo_renews_subscriptions_by_themselves_and_releases_a_lapsed_one() {
    let (_dir, sandbox, mut store) = sandbox();
    let year = sandbox.travel(&mut store, &services(), TimeStep::Year.into()).unwrap();
    assert_eq!(year.to, "2027-06-01T09:00:00Z");
    let renewals: Vec<(String, &str)> = year
        .fired
        .iter()
        .filter(|f| f.kind == "auto_renewal")
        .map(|f| (f.at.clone(), f.money.as_deref().unwrap_or("none")))
        .collect();
    let mut expected =
        vec![("2026-06-07T07:00:00Z".to_string(), "45.00"), ("2026-06-09T01:00:00Z".to_string(), "600.00")];
    for (month, utc_hour) in [
        ("2026-07", 7),
        ("2026-08", 7),
        ("2026-09", 7),
        ("2026-10", 7),
        ("2026-11", 8),
        ("2026-12", 8),
        ("2027-01", 8),
        ("2027-02", 8),
        ("2027-03", 8),
        ("2027-04", 7),
        ("2027-05", 7),
    ] {
        expected.push((format!("{month}-07T0{utc_hour}:00:00Z"), "45.00"));
    }
    assert_eq!(renewals, expected, "03:00 in New York: 07:00 UTC in summer time, 08:00 in winter");
    assert_eq!(year.money_moved, "1140.00", "12 × 45.00 + 600.00");
    assert!(year.fired.iter().all(|f| f.rule.starts_with("R-")));

    let lapsed: Vec<&str> = year
        .fired
        .iter()
        .filter(|f| f.summary.starts_with("Ledgerleaf E-Invoicing"))
        .map(|f| f.kind.as_str())
        .collect();
    assert_eq!(lapsed, ["expiry_notice", "expiry_notice", "expiry", "grace_end", "release_notice", "release"]);
    let states: Vec<(String, String)> = store
        .conn()
        .prepare("SELECT s.account_id, s.state FROM subscriptions s ORDER BY s.id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(states.contains(&("cedar-reseller".into(), "released".into())), "{states:?}");
}

#[test]
fn r_demo_2_the_next_event_is_where_the_next_timer_is_due() {
    let (_dir, sandbox, mut store) = sandbox();
    let next = koogallery_core::scheduler::upcoming(&store, 1).unwrap().remove(0);
    let travel = sandbox.travel(&mut store, &services(), Jump::NextEvent).unwrap();
    assert_eq!(travel.to, next.at);
    assert_eq!((travel.fired[0].at.as_str(), travel.fired[0].kind.as_str()), (next.at.as_str(), next.kind.as_str()));
}

#[test]
fn r_demo_2_a_visitors_steps_are_hours_days_and_calendar_months() {
    let (_dir, sandbox, mut store) = sandbox();
    let mut to = Vec::new();
    for step in [TimeStep::ThreeHours, TimeStep::Day, TimeStep::FiveDays, TimeStep::Month, TimeStep::Year] {
        to.push(sandbox.travel(&mut store, &services(), step.into()).unwrap().to);
    }
    assert_eq!(
        to,
        [
            "2026-06-01T12:00:00Z",
            "2026-06-02T12:00:00Z",
            "2026-06-07T12:00:00Z",
            "2026-07-07T12:00:00Z",
            "2027-07-07T12:00:00Z"
        ]
    );
    let step: TimeStep = serde_json::from_str("\"next_event\"").unwrap();
    assert_eq!(Jump::from(step), Jump::NextEvent);
}

#[test]
fn the_time_machine_refuses_a_store_that_is_no_sandbox_and_a_move_backwards() {
    let (_dir, sandbox, mut store) = sandbox();
    let backwards = sandbox.travel(&mut store, &services(), Jump::By(Duration::hours(-1))).unwrap_err();
    assert_eq!(backwards.code(), ErrorCode::InvalidInput);
    assert_eq!(sandbox.undoable().unwrap(), 0, "nothing kept for a move refused");

    let mut plain = Store::open_in_memory().unwrap();
    demo::reset_at(&mut plain, t0()).unwrap();
    let refused = sandbox.travel(&mut plain, &services(), Jump::By(Duration::days(1))).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden);
}

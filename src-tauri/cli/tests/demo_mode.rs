//! `kg demo sandbox` and the time machine on the real binary (R-DEMO-1, R-DEMO-2): a sandbox's
//! clock moves by steps or to the next timer, each move listing what fired and kept to undo,
//! and `kg demo reset` puts the sandbox back to its first state.

mod common;

use common::Db;

#[test]
fn r_demo_1_r_demo_2_a_sandbox_moves_by_its_time_machine_undoes_and_is_put_back() {
    let db = Db::new();
    let made = db.kg(&["--json", "demo", "sandbox"]).json();
    let start = made["clock"].as_str().unwrap().to_string();
    assert!(std::path::Path::new(made["first_state"].as_str().unwrap()).exists(), "{made}");
    let shown = db.kg(&["--json", "clock", "show"]).json();
    assert_eq!((shown["now"].as_str(), shown["demo"].as_bool()), (Some(start.as_str()), Some(true)), "stopped");

    let skipped = db.kg(&["--json", "clock", "skip"]).json();
    let fired = skipped["fired"].as_array().unwrap();
    assert!(!fired.is_empty(), "the next timer fires: {skipped}");
    assert_eq!(skipped["now"], fired[0]["at"], "the clock is where it was due");
    assert_eq!(skipped["undoable"], 1);

    let year = db.kg(&["clock", "advance", "365d"]);
    assert_eq!(year.status, 0, "{}", year.stderr);
    assert!(year.stdout.contains("2 moves to undo with `kg clock undo`."), "{}", year.stdout);
    assert!(year.stdout.contains("R-REN"), "a year of renewals: {}", year.stdout);

    let undone = db.kg(&["--json", "clock", "undo"]).json();
    assert_eq!(undone["now"], skipped["now"], "back before the year");

    let reset = db.kg(&["--json", "demo", "reset"]).json();
    assert_eq!((reset["sandbox"].as_bool(), reset["clock"].as_str()), (Some(true), Some(start.as_str())));
    assert_eq!(db.kg(&["--json", "clock", "undo"]).code(1), "not_found", "a reset forgets the moves");
}

#[test]
fn the_time_machine_works_on_a_sandbox_only() {
    let db = Db::new();
    assert_eq!(db.kg(&["demo", "reset"]).status, 0);
    assert_eq!(db.kg(&["--json", "clock", "skip"]).code(1), "forbidden");
    assert_eq!(db.kg(&["--json", "clock", "undo"]).code(1), "forbidden");
    let advanced = db.kg(&["--json", "clock", "advance", "1d"]).json();
    assert!(advanced.get("undoable").is_none(), "a plain store keeps no move: {advanced}");
}

#[test]
fn r_demo_1_demo_mode_needs_no_network() {
    // In a network namespace of its own, with no interface but a loopback that is down.
    let db = Db::new();
    let offline = |args: &[&str]| {
        let out = std::process::Command::new("unshare")
            .args(["--user", "--map-root-user", "--net", env!("CARGO_BIN_EXE_kg"), "--db"])
            .arg(&db.path)
            .args(args)
            .env_remove("KG_DB")
            .output()
            .expect("unshare (util-linux) runs kg without a network");
        assert!(out.status.success(), "kg {args:?} offline: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let links =
        std::process::Command::new("unshare").args(["--user", "--map-root-user", "--net", "ip", "-o", "link"]).output();
    if let Ok(links) = links {
        let listed = String::from_utf8_lossy(&links.stdout);
        assert!(listed.lines().all(|l| l.contains(": lo:")), "no interface but loopback: {listed}");
    }
    offline(&["demo", "sandbox"]);
    assert!(offline(&["clock", "advance", "30d"]).contains("to undo"));
    assert!(offline(&["clock", "undo"]).contains("demo clock"));
    assert!(offline(&["demo", "reset"]).contains("first state"));
}

//! `kg subscription` and `kg autorenew` on the real binary: a month of SaaS bought at a fixed
//! time, its timeline, the clock moved into grace, a renewal from the original expiry that pays
//! once, automatic renewal, and bad input refused with one line.

mod common;

use common::{items, Db, PLACE_CMS_TEAM};

/// A demo store at 8 March 2026 10:00 UTC where the prepaid buyer (New York) bought a month of
/// the Headless CMS; returns the store and the subscription's id.
fn bought() -> (Db, String) {
    let db = Db::new();
    assert_eq!(db.kg(&["demo", "reset"]).status, 0);
    assert_eq!(db.kg(&["clock", "set", "2026-03-08T15:00:00Z"]).status, 0);
    let order = db
        .kg(&[&PLACE_CMS_TEAM[..], &["--duration", "1", "--accept-terms", "--idempotency-key", "cms-1", "--json"]]
            .concat())
        .json();
    let order_id = order["order"]["id"].clone();
    let list = db.kg(&["subscription", "list", "--limit", "100", "--json"]).json();
    let mine = items(&list["items"]).iter().find(|s| s["order_id"] == order_id).expect("the new subscription").clone();
    (db, mine["id"].to_string())
}

#[test]
fn r_ren_1_r_ren_2_a_month_expires_into_grace_and_renews_from_the_original_expiry_once() {
    let (db, id) = bought();
    // 8 March 10:00 in New York: the month ends 8 April 23:59:59 EDT, 9 April 03:59:59 UTC.
    let shown = db.kg(&["subscription", "show", &id, "--json"]).json();
    assert_eq!(shown["subscription"]["expires_at"], "2026-04-09T03:59:59Z");
    assert_eq!(shown["subscription"]["state"], "active");
    let timeline = db.kg(&["subscription", "timeline", &id, "--json"]).json();
    let kinds: Vec<&str> = items(&timeline).iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["expiry_notice", "expiry_notice", "expiry_notice", "expiry", "grace_end", "release_notice", "release"]
    );
    let text = db.kg(&["subscription", "timeline", &id]);
    assert!(text.stdout.contains("R-REN-1"), "{}", text.stdout);

    // Into grace: the clock lists the expiry it fired.
    let moved = db.kg(&["clock", "set", "2026-04-20T12:00:00Z"]);
    assert!(moved.stdout.contains("R-REN-1"), "{}", moved.stdout);
    assert_eq!(db.kg(&["subscription", "show", &id, "--json"]).json()["subscription"]["state"], "grace");

    let quote = db.kg(&["subscription", "quote", &id, "--months", "1", "--json"]).json();
    assert_eq!(quote["to_expiry"], "2026-05-09T03:59:59Z", "from 8 April, not from today (R-REN-2)");
    let balance = |db: &Db| db.kg(&["account", "show", "--json"]).json()["balance"].as_str().unwrap().to_string();
    let before = balance(&db);
    let renewed = db.kg(&["subscription", "renew", &id, "--months", "1", "--idempotency-key", "r1", "--json"]).json();
    assert_eq!(
        (renewed["amount"].clone(), renewed["to_expiry"].clone()),
        (quote["amount"].clone(), quote["to_expiry"].clone())
    );
    let after = balance(&db);
    assert_ne!(before, after);
    let again = db.kg(&["subscription", "renew", &id, "--months", "1", "--idempotency-key", "r1", "--json"]).json();
    assert_eq!(again, renewed);
    assert_eq!(balance(&db), after, "the same key pays once");
    assert_eq!(db.kg(&["subscription", "show", &id, "--json"]).json()["subscription"]["state"], "active");
}

#[test]
fn r_ren_5_automatic_renewal_switched_on_late_charges_at_once() {
    let (db, id) = bought();
    db.kg(&["clock", "set", "2026-04-05T12:00:00Z"]);
    let on = db.kg(&["autorenew", "on", &id, "--period", "month", "--json"]).json();
    assert_eq!(on["subscription"]["expires_at"], "2026-05-09T03:59:59Z", "renewed at once, within the 7 days");
    assert_eq!(items(&on["renewals"])[0]["kind"], "auto");
    let off = db.kg(&["autorenew", "off", &id, "--json"]).json();
    assert_eq!(off["subscription"]["auto_renew"], false);
}

#[test]
fn r_ren_1_renewals_lists_a_tab_a_page_at_a_time_with_every_tabs_count() {
    let (db, id) = bought();
    db.kg(&["clock", "set", "2026-04-20T12:00:00Z"]);
    let id: u64 = id.parse().unwrap();
    let grace = db.kg(&["subscription", "list", "--tab", "grace", "--json"]).json();
    assert!(items(&grace["items"]).iter().all(|s| s["state"] == "grace"), "{grace}");
    assert!(items(&grace["items"]).iter().any(|s| s["id"] == id), "{grace}");
    let count = |page: &serde_json::Value, tab: &str| {
        items(&page["tabs"]).iter().find(|t| t["tab"] == tab).unwrap()["count"].as_u64().unwrap()
    };
    assert_eq!(grace["total"].as_u64().unwrap(), count(&grace, "grace"));
    let auto = db.kg(&["subscription", "list", "--tab", "auto-renew", "--json"]).json();
    assert!(items(&auto["items"]).iter().all(|s| s["id"] != id && s["auto_renew"] == true), "{auto}");

    // One row a page: the second page starts where the first ended, and the table says so.
    let all = db.kg(&["subscription", "list", "--json"]).json();
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 2, "the demo buyer holds more than the one bought: {all}");
    let second = db.kg(&["subscription", "list", "--limit", "1", "--offset", "1", "--json"]).json();
    assert_eq!(items(&second["items"])[0], items(&all["items"])[1]);
    let text = db.kg(&["subscription", "list", "--limit", "1"]).stdout;
    assert!(text.contains(&format!("1–1 of {total}")) && text.contains("More: --offset 1"), "{text}");
    let found = db.kg(&["subscription", "list", "--product", "HEADLESS", "--json"]).json();
    assert!(items(&found["items"]).iter().any(|s| s["id"] == id), "{found}");

    for args in [
        vec!["subscription", "list", "--limit", "0"],
        vec!["subscription", "list", "--limit", "101"],
        vec!["subscription", "list", "--tab", "soon"],
    ] {
        let run = db.kg(&args);
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.trim().lines().count(), 1, "{args:?}: {}", run.stderr);
    }
}

#[test]
fn bad_renewals_are_refused_with_one_line_and_change_nothing() {
    let (db, id) = bought();
    let before = db.kg(&["subscription", "show", &id, "--json"]).json();
    for args in [
        vec!["subscription", "renew", &id, "--months", "12", "--idempotency-key", "x"],
        vec!["subscription", "renew", &id, "--years", "6", "--idempotency-key", "x"],
        vec!["subscription", "renew", &id, "--months", "1", "--idempotency-key", "has space"],
        vec!["subscription", "renew", &id, "--months", "1"],
        vec!["subscription", "renew", &id, "--months", "1", "--years", "1", "--idempotency-key", "x"],
        vec!["autorenew", "on", &id, "--period", "fortnight"],
        vec!["autorenew", "on", &id, "--date", "soon"],
    ] {
        let run = db.kg(&args);
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.trim().lines().count(), 1, "{args:?}: {}", run.stderr);
    }
    assert_eq!(db.kg(&["subscription", "show", &id, "--json"]).json(), before);
    let missing = db.kg(&["subscription", "show", "99999"]);
    assert_eq!(missing.status, 1);
}

#[test]
fn r_up_1_an_edition_upgrade_is_quoted_line_by_line_and_paid_once() {
    let (db, id) = bought();
    db.kg(&["clock", "set", "2026-03-20T16:00:00Z"]);
    // Team 49.00 → Business 199.00 a month; 8 March → 8 April is 31 days, 19 left on 20 March:
    // 199.00 ÷ 31 × 19 − 49.00 ÷ 31 × 19 = 121.967… − 30.032… = 91.935… → 91.94 (R-UP-1).
    let quote = db.kg(&["upgrade", "quote", &id, "--edition", "business", "--json"]).json();
    assert_eq!(quote["total"], "91.94");
    assert_eq!((quote["term_days"].as_u64(), quote["remaining_days"].as_u64()), (Some(31), Some(19)));
    let text = db.kg(&["upgrade", "quote", &id, "--edition", "business"]);
    assert!(text.stdout.contains("R-UP-1") && text.stdout.contains("19 days"), "{}", text.stdout);
    let paid = db.kg(&["upgrade", "pay", &id, "--edition", "business", "--idempotency-key", "u1", "--json"]).json();
    assert_eq!(paid["edition_to"], "business");
    let again = db.kg(&["upgrade", "pay", &id, "--edition", "business", "--idempotency-key", "u1", "--json"]).json();
    assert_eq!(again, paid, "the same key pays once");
    // R-UP-5: back down only at renewal.
    let down = db.kg(&["upgrade", "quote", &id, "--edition", "team"]);
    assert_eq!(down.status, 2, "{}", down.stderr);
    let none = db.kg(&["upgrade", "quote", &id]);
    assert_eq!(none.status, 2, "an upgrade names an edition or users");
}

/// A demo store at 12 February 2026 15:00 UTC (10:00 EST in New York) where the prepaid buyer
/// (New York) bought a month of the Headless CMS, so that its life crosses the start of daylight
/// saving time (8 March 2026, 02:00 EST → 03:00 EDT); returns the store and the subscription.
fn bought_before_daylight_saving() -> (Db, String) {
    let db = Db::new();
    assert_eq!(db.kg(&["demo", "reset"]).status, 0);
    assert_eq!(db.kg(&["clock", "set", "2026-02-12T15:00:00Z"]).status, 0);
    let order = db
        .kg(&[&PLACE_CMS_TEAM[..], &["--duration", "1", "--accept-terms", "--idempotency-key", "cms-1", "--json"]]
            .concat())
        .json();
    let list = db.kg(&["subscription", "list", "--limit", "100", "--json"]).json();
    let mine = items(&list["items"]).iter().find(|s| s["order_id"] == order["order"]["id"]).expect("bought").clone();
    (db, mine["id"].to_string())
}

/// The lines of `text` that begin with an instant, as a timeline prints them.
fn timeline_times(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with("20")).map(|l| l.split_whitespace().next().unwrap()).collect()
}

#[test]
fn r_mt_4_a_new_york_buyer_reads_expiry_grace_and_timeline_in_new_york_time() {
    let (db, id) = bought_before_daylight_saving();
    // Bought 12 February, the month ends 12 March 23:59:59 local, on EDT by then (UTC−4);
    // grace and retention end 15 and 30 days later, 27 March and 11 April, 23:59:59 EDT.
    let list = db.kg(&["subscription", "list"]);
    let row = list.stdout.lines().find(|l| l.starts_with(&format!("{id} "))).expect("listed");
    assert!(row.contains("  2026-03-12T23:59:59-04:00  "), "{}", list.stdout);

    let shown = db.kg(&["subscription", "show", &id]);
    assert!(shown.stdout.contains("active, expires 2026-03-12T23:59:59-04:00 ("), "{}", shown.stdout);
    assert!(
        shown.stdout.contains("Grace ends 2026-03-27T23:59:59-04:00, released 2026-04-11T23:59:59-04:00"),
        "{}",
        shown.stdout
    );

    // The notices come at 09:00 local 7, 3 and 1 days before expiry: 5 March still on EST
    // (UTC−5), 9 and 11 March on EDT; the release notice at 09:00 the day before release.
    let timeline = db.kg(&["subscription", "timeline", &id]);
    assert_eq!(
        timeline_times(&timeline.stdout),
        [
            "2026-03-05T09:00:00-05:00",
            "2026-03-09T09:00:00-04:00",
            "2026-03-11T09:00:00-04:00",
            "2026-03-12T23:59:59-04:00",
            "2026-03-27T23:59:59-04:00",
            "2026-04-10T09:00:00-04:00",
            "2026-04-11T23:59:59-04:00",
        ],
        "{}",
        timeline.stdout
    );
    assert_eq!(timeline_times(&shown.stdout), timeline_times(&timeline.stdout), "show prints the same timeline");

    // What is printed is an instant `kg clock set` takes back: 12 March 23:59:59 EDT is
    // 13 March 03:59:59 UTC.
    let set = db.kg(&["--json", "clock", "set", "2026-03-12T23:59:59-04:00"]).json();
    assert_eq!(set["now"], "2026-03-13T03:59:59Z");
}

#[test]
fn r_mt_4_json_keeps_utc_whatever_the_buyers_zone() {
    let (db, id) = bought_before_daylight_saving();
    // The same instants as the text above, in UTC: 23:59:59 EDT is 03:59:59 UTC the next day,
    // 09:00 EST 14:00 UTC, 09:00 EDT 13:00 UTC.
    let shown = db.kg(&["subscription", "show", &id, "--json"]).json();
    let s = &shown["subscription"];
    assert_eq!(s["expires_at"], "2026-03-13T03:59:59Z");
    assert_eq!(s["grace_ends_at"], "2026-03-28T03:59:59Z");
    assert_eq!(s["released_at"], "2026-04-12T03:59:59Z");
    let times: Vec<&str> = items(&shown["timeline"]).iter().map(|e| e["at"].as_str().unwrap()).collect();
    assert_eq!(
        times,
        [
            "2026-03-05T14:00:00Z",
            "2026-03-09T13:00:00Z",
            "2026-03-11T13:00:00Z",
            "2026-03-13T03:59:59Z",
            "2026-03-28T03:59:59Z",
            "2026-04-10T13:00:00Z",
            "2026-04-12T03:59:59Z",
        ]
    );
    let timeline = db.kg(&["subscription", "timeline", &id, "--json"]).json();
    assert_eq!(timeline, shown["timeline"]);
    let list = db.kg(&["subscription", "list", "--json"]).json();
    let row = items(&list["items"]).iter().find(|r| r["id"].as_u64() == id.parse().ok()).unwrap();
    assert_eq!(row["expires_at"], "2026-03-13T03:59:59Z");
    assert_eq!(db.kg(&["clock", "show", "--json"]).json()["now"], "2026-02-12T15:00:00Z");
}

#[test]
fn r_mt_4_after_a_change_to_tokyo_the_same_commands_print_tokyo_time() {
    let (db, id) = bought_before_daylight_saving();
    let changed = db.kg(&["account", "time-zone", "Asia/Tokyo"]);
    assert!(changed.stdout.contains("Time zone: Asia/Tokyo"), "{}", changed.stdout);

    // Tokyo is UTC+9 all year. The term sold does not move: 13 March 03:59:59 UTC is 12:59:59
    // there, on 13 March. What is planned by local dates follows the new zone: grace ends
    // 15 days after 13 March (28 March), retention 30 days after (12 April), at 23:59:59
    // Tokyo time; the notices at 09:00 on 6, 10 and 12 March and on 11 April.
    let shown = db.kg(&["subscription", "show", &id]);
    assert!(shown.stdout.contains("active, expires 2026-03-13T12:59:59+09:00 ("), "{}", shown.stdout);
    assert!(
        shown.stdout.contains("Grace ends 2026-03-28T23:59:59+09:00, released 2026-04-12T23:59:59+09:00"),
        "{}",
        shown.stdout
    );
    let timeline = db.kg(&["subscription", "timeline", &id]);
    assert_eq!(
        timeline_times(&timeline.stdout),
        [
            "2026-03-06T09:00:00+09:00",
            "2026-03-10T09:00:00+09:00",
            "2026-03-12T09:00:00+09:00",
            "2026-03-13T12:59:59+09:00",
            "2026-03-28T23:59:59+09:00",
            "2026-04-11T09:00:00+09:00",
            "2026-04-12T23:59:59+09:00",
        ],
        "{}",
        timeline.stdout
    );
    let list = db.kg(&["subscription", "list"]);
    let row = list.stdout.lines().find(|l| l.starts_with(&format!("{id} "))).expect("listed");
    assert!(row.contains("  2026-03-13T12:59:59+09:00  "), "{}", list.stdout);
    // 12 February 15:00 UTC is midnight in Tokyo.
    let clock = db.kg(&["clock", "show"]);
    assert_eq!(clock.stdout, "2026-02-13T00:00:00+09:00 (demo clock)\n");
}

#[test]
fn r_mt_4_the_operations_manager_and_a_seller_read_utc() {
    let (db, id) = bought_before_daylight_saving();
    // Neither has a zone of its own: the buyer's instants in UTC, as --json gives them.
    for role in [&["role", "operations"][..], &["role", "seller", "inkwell-web"][..]] {
        assert_eq!(db.kg(role).status, 0);
        let shown = db.kg(&["subscription", "show", &id]);
        assert!(shown.stdout.contains("active, expires 2026-03-13T03:59:59Z ("), "{role:?}: {}", shown.stdout);
        assert!(
            shown.stdout.contains("Grace ends 2026-03-28T03:59:59Z, released 2026-04-12T03:59:59Z"),
            "{role:?}: {}",
            shown.stdout
        );
        assert_eq!(
            timeline_times(&db.kg(&["subscription", "timeline", &id]).stdout),
            [
                "2026-03-05T14:00:00Z",
                "2026-03-09T13:00:00Z",
                "2026-03-11T13:00:00Z",
                "2026-03-13T03:59:59Z",
                "2026-03-28T03:59:59Z",
                "2026-04-10T13:00:00Z",
                "2026-04-12T03:59:59Z",
            ],
            "{role:?}"
        );
        assert_eq!(db.kg(&["clock", "show"]).stdout, "2026-02-12T15:00:00Z (demo clock)\n", "{role:?}");
    }
    // Back as the buyer, New York time again: 15:00 UTC is 10:00 EST.
    assert_eq!(db.kg(&["role", "buyer", "acme-prepaid"]).status, 0);
    assert_eq!(db.kg(&["clock", "show"]).stdout, "2026-02-12T10:00:00-05:00 (demo clock)\n");
}

//! `kg supervision`, `kg appeals`, `kg unsubscribe`, `kg messages` and the timers `kg clock`
//! fires, on the real binary: whole journeys of a supervised order between the buyer, the
//! seller and the operations manager, each test on a demo store of its own.
//!
//! The demo store holds flows of its own, so every list is filtered by the order a test placed.

mod common;

use std::path::{Path, PathBuf};

use chrono::Duration;
use common::items;
use common::supervision::*;
use serde_json::Value;

#[test]
fn r_sup_3_a_licence_delivered_with_proof_and_accepted_completes_three_hours_later() {
    let demo = Demo::new();
    let order = licence_bought(&demo);
    let subject = format!("order {order}");

    let listed = demo.json(&["supervision", "list", "--order", &order]);
    assert_eq!(items(&listed).len(), 1, "{listed}");
    assert_eq!(listed[0]["state"], "seller_deploying", "a licence needs no request");
    assert_eq!(listed[0]["product_id"], "database-license");
    let licences = demo.json(&["supervision", "list", "--product", "dolphindb", "--state", "seller-deploying"]);
    assert!(items(&licences).iter().any(|f| same(&f["order_id"], &order)), "{licences}");

    demo.as_seller("dolphin-data");
    let queue = demo.json(&["supervision", "queue"]);
    assert!(items(&queue).iter().any(|f| same(&f["order_id"], &order)), "{queue}");
    let pdf = demo.pdf("licence.pdf");
    let png = demo.png("validity.png");
    let delivered = demo.json(&[
        "supervision",
        "deliver",
        &order,
        "--proof",
        &pdf,
        "--proof",
        &png,
        "--remark",
        "Licence key and packages sent",
    ]);
    let record = &delivered["record"];
    assert_eq!(delivered["repeated"], false);
    assert_eq!(
        (record["state_before"].as_str(), record["state_after"].as_str()),
        (Some("seller_deploying"), Some("awaiting_acceptance"))
    );
    let files: Vec<(&str, &str)> = items(&record["attachments"])
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f["mime"].as_str().unwrap()))
        .collect();
    assert_eq!(files, [("licence.pdf", "application/pdf"), ("validity.png", "image/png")]);
    assert!(record["id"].as_str().unwrap().starts_with("op-"), "an operation id is made when none is given");

    demo.as_buyer("acme-prepaid");
    let inbox = demo.json(&["messages", "list"]);
    let told = items(&inbox["messages"]).iter().find(|m| same(&m["order_id"], &order)).expect("told");
    assert_eq!((told["kind"].as_str(), told["read"].as_bool()), (Some("delivered"), Some(false)));
    assert!(inbox["unread"].as_u64().unwrap() >= 1);

    let accepted = demo.json(&["supervision", "accept", &order]);
    assert_eq!(accepted["record"]["state_after"], "accepted");
    let completes = at(&accepted["record"]["details"]["completes_at"]);
    assert_eq!(completes, at(&accepted["record"]["at"]) + Duration::hours(3));
    assert_eq!(demo.order_status(&order), "processing", "not completed before 3 hours");

    let next = demo.json(&["clock", "next", "--limit", "50"]);
    let due = items(&next).iter().find(|t| t["subject"] == subject.as_str()).expect("the completion is next");
    assert_eq!((due["rule"].as_str(), at(&due["at"])), (Some("R-SUP-3"), completes));

    let moved = demo.json(&["clock", "advance", "3h"]);
    let fired = fired_for(&moved, &subject);
    assert_eq!(fired.len(), 1, "{moved}");
    assert_eq!((fired[0]["rule"].as_str(), at(&fired[0]["at"])), (Some("R-SUP-3"), completes));
    assert!(fired[0]["summary"].as_str().unwrap().contains("completed"), "{}", fired[0]);
    assert_eq!(demo.order_status(&order), "completed");
    let again = demo.json(&["clock", "advance", "3h"]);
    assert!(fired_for(&again, &subject).is_empty(), "a timer fires once");

    let page = demo.kg(&["supervision", "show", &order]);
    assert_eq!(page.status, 0, "{}", page.stderr);
    for expected in [
        "Step:   Completed",
        "Dolphin Data Systems (seller)",
        "Delivered: Licence key and packages sent",
        "file licence.pdf (",
        "file validity.png (",
        "Accepted the delivery",
        "KooGallery (system)",
        "4 records, 2 files, intact",
    ] {
        assert!(page.stdout.contains(expected), "{expected:?} missing from:\n{}", page.stdout);
    }
    let chain = demo.json(&["supervision", "verify", &order]);
    assert_eq!(
        (chain["intact"].as_bool(), chain["records"].as_u64(), chain["files"].as_u64()),
        (Some(true), Some(4), Some(2))
    );

    let cases = demo.files.path().join("cases");
    let saved = demo.json(&["supervision", "export", &order, "--output", cases.to_str().unwrap()]);
    let folder = PathBuf::from(saved["path"].as_str().unwrap());
    assert_eq!(folder, cases.join(format!("case-order-{order}")));
    let timeline = std::fs::read_to_string(folder.join("timeline.txt")).unwrap();
    assert!(timeline.contains("Licence key and packages sent"), "{timeline}");
    assert_eq!(std::fs::read_dir(folder.join("files")).unwrap().count(), 2);

    let apps = demo.json(&["apps", "list"]);
    assert!(items(&apps).iter().any(|a| same(&a["order_id"], &order)), "a completed licence is ready to use");
}

#[test]
fn r_sup_4_an_operation_id_given_again_returns_the_same_record_and_adds_nothing() {
    let demo = Demo::new();
    let order = demo.buy("fleet-config-license", "100-nodes", "month");
    demo.as_seller("sentinel-ops");
    let pdf = demo.pdf("sow.pdf");
    let deliver: [&str; 7] = ["supervision", "deliver", &order, "--proof", &pdf, "--operation-id", "laptop-1:deliver"];

    let first = demo.json(&deliver);
    let records = items(&demo.flow(&order)["records"]).len();
    let again = demo.json(&deliver);
    assert_eq!((first["repeated"].as_bool(), again["repeated"].as_bool()), (Some(false), Some(true)));
    assert_eq!(again["record"], first["record"], "the same record");
    assert_eq!(first["record"]["id"], "laptop-1:deliver");
    assert_eq!(items(&demo.flow(&order)["records"]).len(), records, "nothing added");
    let text = demo.kg(&deliver);
    assert!(
        text.stdout.contains("Operation: laptop-1:deliver") && text.stdout.contains("Already applied"),
        "{}",
        text.stdout
    );

    let other = demo.kg(&[&deliver[..], &["--remark", "another delivery", "--json"]].concat());
    assert_eq!(other.code(1), "conflict", "a used id names one operation only");
    let bad_id = demo.kg(&["supervision", "remind", &order, "--operation-id", "no spaces"]);
    assert!(bad_id.refused(2).contains("operation id"), "{}", bad_id.stderr);

    demo.as_buyer("acme-prepaid");
    let accept: [&str; 5] = ["supervision", "accept", &order, "--operation-id", "accept-1"];
    let accepted = demo.json(&accept);
    assert_eq!(demo.json(&accept)["record"], accepted["record"]);
    assert_eq!(items(&demo.flow(&order)["records"]).len(), records + 1);
}

#[test]
fn r_use_a_saas_delivery_reads_its_password_from_standard_input_and_never_shows_it() {
    const PASSWORD: &str = "Lake-Init-2026!x";
    let demo = Demo::new();
    let order = demo.buy("data-lake-query-saas", "team", "month");
    assert_eq!(demo.flow(&order)["summary"]["state"], "awaiting_request");
    let requested = demo.json(&["supervision", "request", &order, "--text", "A workspace for the finance team"]);
    assert_eq!(requested["record"]["state_after"], "reviewing_request");

    demo.as_seller("quartz-analytics");
    demo.json(&["supervision", "accept-request", &order, "--remark", "Setting it up today"]);
    let pdf = demo.pdf("acceptance.pdf");
    let deliver = |extra: &[&str], input: &str| {
        let mut args: Vec<&str> = vec![
            "supervision",
            "deliver",
            &order,
            "--proof",
            &pdf,
            "--app-user",
            "finance@acme-retail.example",
            "--management-url",
            "https://lake.example/manage",
            "--frontend-url",
            "https://lake.example",
        ];
        args.extend_from_slice(extra);
        demo.db.kg_input(&args, input)
    };

    let flag = demo.kg(&["supervision", "deliver", &order, "--proof", &pdf, "--app-password", PASSWORD]);
    assert!(flag.refused(2).contains("unexpected argument '--app-password'"), "{}", flag.stderr);
    let without = deliver(&[], "");
    assert!(without.refused(2).contains("--app-password-stdin"), "{}", without.stderr);
    let empty = deliver(&["--app-password-stdin", "--json"], "");
    assert_eq!(empty.code(2), "invalid_input");
    assert!(empty.stderr.contains("initial password") && empty.stderr.contains("standard input"), "{}", empty.stderr);

    for json in [false, true] {
        let mut extra = vec!["--app-password-stdin", "--operation-id", "saas-delivery"];
        if json {
            extra.push("--json");
        }
        let delivered = deliver(&extra, &format!("{PASSWORD}\n"));
        assert_eq!(delivered.status, 0, "{}", delivered.stderr);
        assert!(!delivered.stdout.contains(PASSWORD) && !delivered.stderr.contains(PASSWORD), "{}", delivered.stdout);
        assert!(delivered.stdout.contains("finance@acme-retail.example"), "{}", delivered.stdout);
    }

    demo.as_buyer("acme-prepaid");
    let page = demo.kg(&["supervision", "show", &order, "--json"]);
    assert!(!page.stdout.contains(PASSWORD), "the flow's page never carries it");
    demo.json(&["supervision", "accept", &order]);
    demo.json(&["clock", "advance", "3h"]);
    let app = demo.json(&["apps", "show", &order, "--reveal-password"]);
    assert_eq!(app["password"], PASSWORD, "kept, sealed, for the buyer to reveal");
    assert_eq!(app["saas"]["management_url"], "https://lake.example/manage");

    for file in [demo.db.path.clone(), demo.db.path.with_extension("db-wal")] {
        if let Ok(bytes) = std::fs::read(&file) {
            assert!(!bytes.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()), "in {}", file.display());
        }
    }
}

#[test]
fn r_sup_bad_input_is_refused_on_one_line_and_changes_nothing() {
    let demo = Demo::new();
    let order = demo.buy("fleet-config-license", "100-nodes", "month");
    demo.as_seller("sentinel-ops");
    let before = demo.kg(&["supervision", "show", &order, "--json"]).stdout;

    let state = demo.kg(&["supervision", "list", "--state", "nowhere"]);
    let message = state.refused(2);
    assert!(message.contains("--state <STATE>") && message.contains("seller_deploying"), "{message}");
    let date = demo.kg(&["supervision", "list", "--from", "2026-13-01"]);
    assert!(date.refused(2).contains("--from <DATE>"), "{}", date.stderr);
    let reason = demo.kg(&["supervision", "reject-request", &order]);
    assert!(reason.refused(2).contains("--reason <TEXT>"), "{}", reason.stderr);
    let appeal = demo.kg(&["supervision", "appeal", &order, "--reason", "  "]);
    assert!(appeal.refused(2).contains("reason: "), "{}", appeal.stderr);
    let no_proof = demo.kg(&["supervision", "deliver", &order]);
    assert!(no_proof.refused(2).contains("--proof <FILE>"), "{}", no_proof.stderr);

    let notes = demo.file("notes.txt", b"Licence key: 1234-5678\n");
    let text = demo.kg(&["supervision", "deliver", &order, "--proof", notes.to_str().unwrap()]);
    assert!(text.refused(2).contains("notes.txt is neither a PDF document nor a PNG or JPEG"), "{}", text.stderr);
    let missing = demo.kg(&["supervision", "deliver", &order, "--proof", "/no/such/sow.pdf", "--json"]);
    assert_eq!(missing.code(2), "invalid_input");
    assert!(missing.stderr.contains("cannot read /no/such/sow.pdf"), "{}", missing.stderr);
    let broken = demo.file("broken.png", b"\x89PNG\r\n\x1a\nnot really a picture");
    let picture = demo.kg(&["supervision", "deliver", &order, "--proof", broken.to_str().unwrap(), "--json"]);
    assert_eq!(picture.code(2), "invalid_image");
    let enabled = demo.kg(&["supervision", "deliver", &order, "--proof", &demo.pdf("sow.pdf"), "--enabled-at", "soon"]);
    assert!(enabled.refused(2).contains("--enabled-at <TIME>"), "{}", enabled.stderr);

    demo.as_operations();
    let settle: [&str; 5] = ["appeals", "settle", &order, "--decision", "Checked with both parties"];
    let refund = demo.kg(&[&settle[..], &["--for", "seller", "--refund", "10"]].concat());
    assert!(refund.refused(2).starts_with("kg: refund: only a decision for the buyer refunds"), "{}", refund.stderr);
    let complete = demo.kg(&[&settle[..], &["--for", "buyer", "--complete"]].concat());
    assert!(complete.refused(2).contains("complete: "), "{}", complete.stderr);
    let side = demo.kg(&[&settle[..], &["--for", "reseller"]].concat());
    assert!(side.refused(2).contains("--for <PARTY>"), "{}", side.stderr);

    demo.as_seller("sentinel-ops");
    assert_eq!(demo.kg(&["supervision", "show", &order, "--json"]).stdout, before, "nothing changed");
}

#[test]
fn r_sup_the_seller_cannot_accept_its_own_delivery_and_another_buyer_cannot_touch_the_flow() {
    let demo = Demo::new();
    let order = demo.buy("fleet-config-license", "100-nodes", "month");
    demo.as_seller("sentinel-ops");
    demo.json(&["supervision", "deliver", &order, "--proof", &demo.png("deployed.png")]);

    let accept: [&str; 4] = ["supervision", "accept", &order, "--json"];
    let seller = demo.kg(&accept);
    assert_eq!(seller.code(1), "forbidden");
    assert!(seller.stderr.contains("the seller cannot accept the delivery"), "{}", seller.stderr);
    let text = demo.kg(&["supervision", "accept", &order]);
    assert_eq!(text.refused(1), "kg: the seller cannot accept the delivery on a service flow");

    demo.as_buyer("borealis-postpaid");
    assert_eq!(demo.kg(&accept).code(1), "forbidden", "not a party to the order");
    assert_eq!(demo.kg(&["supervision", "show", &order, "--json"]).code(1), "not_found");
    let theirs = demo.json(&["supervision", "list", "--order", &order]);
    assert!(items(&theirs).is_empty(), "another buyer's flows are not listed");

    demo.as_buyer("acme-prepaid");
    let reject = demo.json(&["supervision", "reject", &order, "--reason", "Only 80 nodes are licensed"]);
    assert_eq!(reject["record"]["state_after"], "seller_deploying");
    assert_eq!(demo.kg(&accept).code(1), "not_your_turn", "accepting waits for a new delivery");
}

/// The times in what the core says in sentences (a refusal, a message, an operation's details)
/// read in the zone of whom the app acts as, like every other instant the text shows.
#[test]
fn r_mt_4_times_inside_sentences_read_in_the_zone_of_whom_the_app_acts_as() {
    let demo = Demo::new();
    // 1 July 2026 16:00 UTC is 12:00 in New York, on EDT (UTC−4), the demo buyer's zone.
    assert_eq!(demo.kg(&["clock", "set", "2026-07-01T16:00:00Z"]).status, 0);
    let order = demo.buy("fleet-config-license", "100-nodes", "month");
    let reminded = demo.kg(&["supervision", "remind", &order]);
    assert!(reminded.stdout.contains(", at 2026-07-01T12:00:00-04:00\n"), "{}", reminded.stdout);
    // The next reminder 24 hours later: 2 July 12:00 EDT, which the core writes in UTC.
    let again = demo.kg(&["supervision", "remind", &order]);
    assert!(again.refused(1).ends_with("you can remind it again from 2026-07-02T12:00:00-04:00"), "{}", again.stderr);
    let json = demo.kg(&["supervision", "remind", &order, "--json"]);
    assert_eq!(json.code(1), "too_soon");
    assert!(
        json.stderr.contains("again from 2026-07-02T16:00:00+00:00"),
        "--json as the core says it: {}",
        json.stderr
    );

    let asked = demo.json(&["unsubscribe", "request", &order, "--amount", "100", "--reason", "Fewer nodes"]);
    let request = asked["record"]["details"]["unsubscription_id"].to_string();
    demo.as_seller("sentinel-ops");
    let approved = demo.kg(&["unsubscribe", "review", &request, "--approve", "--comment", "Agreed"]);
    // Refunded 3 hours after approval: 19:00 UTC, which the seller reads as it is.
    assert!(approved.stdout.contains("refund due at 2026-07-01T19:00:00Z"), "{}", approved.stdout);

    // The buyer reads it at 15:00 EDT, in the operation's details and in the message it got.
    demo.as_buyer("acme-prepaid");
    let page = demo.kg(&["supervision", "show", &order]);
    assert!(page.stdout.contains("refund due at 2026-07-01T15:00:00-04:00"), "{}", page.stdout);
    let inbox = demo.kg(&["messages", "list", "--limit", "100"]);
    let told = inbox.stdout.lines().find(|l| l.contains("is refunded by")).expect("told of the approval");
    assert!(told.ends_with("is refunded by 2026-07-01T15:00:00-04:00. Agreed"), "{told}");
    let json = demo.json(&["messages", "list", "--limit", "100"]);
    let body =
        items(&json["messages"]).iter().find(|m| m["kind"] == "unsubscription_approved").unwrap()["body"].clone();
    assert!(body.as_str().unwrap().contains("is refunded by 2026-07-01T19:00:00Z."), "{body}");
}

#[test]
fn r_uns_3_an_approved_unsubscription_is_refunded_three_hours_later() {
    let demo = Demo::new();
    let order = demo.buy("fleet-config-license", "100-nodes", "month");

    let quote = demo.json(&["unsubscribe", "quote", &order]);
    assert_eq!((quote["rule"].as_str(), quote["possible"].as_bool()), (Some("negotiated"), Some(true)));
    assert_eq!(quote["max_amount"], "180.00");
    let too_much = demo.kg(&["unsubscribe", "request", &order, "--amount", "250", "--reason", "Too big"]);
    assert!(too_much.refused(2).contains("more than was paid"), "{}", too_much.stderr);

    let asked = demo.json(&[
        "unsubscribe",
        "request",
        &order,
        "--amount",
        "100",
        "--reason",
        "Fewer nodes than planned; agreed by phone",
        "--share-contact",
    ]);
    let request = asked["record"]["details"]["unsubscription_id"].to_string();
    assert_eq!(asked["record"]["details"]["amount"], "100.00");
    let twice = demo.kg(&["unsubscribe", "request", &order, "--amount", "50", "--reason", "Again", "--json"]);
    assert_eq!(twice.code(1), "conflict", "one pending request at a time");
    let listed = demo.json(&["unsubscribe", "list"]);
    let mine = items(&listed).iter().find(|u| same(&u["order_id"], &order)).unwrap();
    assert_eq!((mine["possible"].as_bool(), mine["requests"][0]["status"].as_str()), (Some(false), Some("pending")));

    demo.as_seller("sentinel-ops");
    let received = demo.json(&["unsubscribe", "received"]);
    let pending = items(&received).iter().find(|r| same(&r["id"], &request)).expect("the seller sees it");
    assert_eq!(pending["contact"]["email"], "it@acme-retail.example", "the buyer shared its contact");
    let text = demo.kg(&["unsubscribe", "received"]);
    assert!(text.stdout.contains(&format!("Request {request} on order {order}: pending, 100.00 of 180.00 paid")));

    let verdict = demo.kg(&["unsubscribe", "review", &request, "--comment", "Agreed"]);
    assert!(verdict.refused(2).contains("--approve|--reject"), "{}", verdict.stderr);
    let talks = demo.pdf("call-notes.pdf");
    let approved = demo.json(&[
        "unsubscribe",
        "review",
        &request,
        "--approve",
        "--comment",
        "Agreed on the call of Monday",
        "--record",
        &talks,
    ]);
    assert_eq!(approved["record"]["state_after"], "cancelled");
    assert_eq!(approved["record"]["attachments"][0]["name"], "call-notes.pdf");
    let refund_due = at(&approved["record"]["details"]["refund_due_at"]);
    assert_eq!(refund_due, at(&approved["record"]["at"]) + Duration::hours(3));

    demo.as_buyer("acme-prepaid");
    assert_eq!(demo.order_status(&order), "cancelled", "cancelled at once, refunded later");
    let moved = demo.kg(&["clock", "advance", "3h"]);
    assert_eq!(moved.status, 0, "{}", moved.stderr);
    let line = moved.stdout.lines().find(|l| l.contains(&format!("unsubscription {request} "))).unwrap_or_else(|| {
        panic!("the refund is listed:\n{}", moved.stdout);
    });
    assert!(line.contains("R-UNS-3") && line.ends_with("[100.00]"), "{line}");
    assert!(moved.stdout.contains("Money moved: "), "{}", moved.stdout);

    let ledger = demo.json(&["order", "show", &order])["ledger"].clone();
    let refunded =
        items(&ledger).iter().any(|l| l["ledger_account"] == "buyer_balance:acme-prepaid" && l["amount"] == "100.00");
    assert!(refunded, "the refund reached the balance: {ledger}");
    let inbox = demo.json(&["messages", "list"]);
    assert!(items(&inbox["messages"]).iter().any(|m| same(&m["order_id"], &order) && m["kind"] == "refund_paid"));
    let read = demo.json(&["messages", "read"]);
    assert_eq!(read["unread"], 0, "no id marks all read");
}

#[test]
fn r_sup_5_an_appeal_freezes_the_flow_until_the_operations_manager_settles_it() {
    let demo = Demo::new();
    let order = demo.buy("fleet-config-license", "100-nodes", "month");
    let early = demo.kg(&["supervision", "appeal", &order, "--reason", "Nothing yet", "--json"]);
    assert_eq!(early.code(1), "appeal_not_allowed_yet", "the buyer waits 5 days of silence");

    demo.as_seller("sentinel-ops");
    let appealed = demo.json(&[
        "supervision",
        "appeal",
        &order,
        "--reason",
        "The buyer cannot be reached to schedule the deployment",
        "--proof",
        &demo.png("call-log.png"),
    ]);
    assert_eq!(appealed["record"]["state_after"], "frozen");

    demo.as_buyer("acme-prepaid");
    assert_eq!(demo.kg(&["supervision", "remind", &order, "--json"]).code(1), "flow_frozen");
    let unsubscribe = demo.kg(&["unsubscribe", "request", &order, "--amount", "10", "--reason", "x", "--json"]);
    assert_eq!(unsubscribe.code(1), "flow_frozen");
    assert_eq!(demo.kg(&["appeals", "list", "--json"]).code(1), "forbidden");

    demo.as_operations();
    let open = demo.json(&["appeals", "list"]);
    let mine = items(&open).iter().find(|f| same(&f["order_id"], &order)).expect("listed");
    assert_eq!(mine["appellant"], "Sentinel Ops Tools");
    let settled = demo.json(&[
        "appeals",
        "settle",
        &order,
        "--for",
        "buyer",
        "--refund",
        "80",
        "--decision",
        "The seller could not deploy; part of the month is refunded",
    ]);
    assert_eq!(settled["record"]["state_after"], "cancelled");
    assert_eq!(settled["record"]["details"]["refund"], "80.00");
    let open = demo.json(&["appeals", "list"]);
    assert!(items(&open).iter().all(|f| !same(&f["order_id"], &order)));
    assert_eq!(demo.order_status(&order), "cancelled");
}

#[test]
fn r_sup_a_record_changed_behind_the_app_is_found_by_verify() {
    let demo = Demo::new();
    let order = demo.buy("fleet-config-license", "100-nodes", "month");
    demo.as_seller("sentinel-ops");
    demo.json(&["supervision", "deliver", &order, "--proof", &demo.pdf("sow.pdf"), "--remark", "Delivered in full"]);
    assert_eq!(demo.json(&["supervision", "verify", &order])["intact"], true);

    change_remark(&demo.db.path, &order, "Delivered in part");
    let verify = demo.kg(&["supervision", "verify", &order, "--json"]);
    assert_eq!(verify.status, 1, "{}", verify.stderr);
    let report: Value = serde_json::from_str(&verify.stdout).unwrap();
    assert_eq!(report["intact"], false);
    assert!(report["problems"][0].as_str().unwrap().contains("record 2 (deliver) was changed"), "{report}");
    let text = demo.kg(&["supervision", "verify", &order]);
    assert!(text.stdout.contains("BROKEN"), "{}", text.stdout);
}

fn change_remark(db: &Path, order: &str, remark: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let changed = conn
        .execute(
            "UPDATE flow_operations SET remark = ?1 WHERE order_id = ?2 AND action = 'deliver'",
            rusqlite::params![remark, order.parse::<u32>().unwrap()],
        )
        .unwrap();
    assert_eq!(changed, 1);
}

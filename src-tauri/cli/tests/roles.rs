//! `kg role`, and what each role lists from the terminal: a seller's orders received, every order
//! of the marketplace, and the messages of whom `kg` acts as, by status or a page at a time.

mod common;

use common::supervision::Demo;
use common::{items, Db, Run, PLACE_CMS_TEAM};

/// Places the demo's Headless CMS, Team edition, for a month with the terms ticked, as JSON.
fn place(db: &Db, key: &str) -> Run {
    let mut args = PLACE_CMS_TEAM.to_vec();
    args.extend_from_slice(&["--accept-terms", "--json", "--idempotency-key", key]);
    db.kg(&args)
}

fn statuses(list: &serde_json::Value) -> Vec<&str> {
    items(list).iter().map(|o| o["status"].as_str().unwrap()).collect()
}

#[test]
fn roles_switch_from_the_terminal_and_a_seller_sees_its_orders_received() {
    let db = Db::new();
    let shown = db.kg(&["role", "show", "--json"]).json();
    assert_eq!((shown["role"].as_str(), shown["account"]["id"].as_str()), (Some("buyer"), Some("acme-prepaid")));
    db.kg(&["role", "operations"]);
    let all_before = items(&db.kg(&["order", "all", "--json"]).json()).len();
    db.kg(&["role", "buyer", "acme-prepaid"]);
    place(&db, "k1").json();

    let seller = db.kg(&["role", "seller", "inkwell-web", "--json"]).json();
    assert_eq!(seller["role"], "seller");
    let received = db.kg(&["order", "received"]);
    assert_eq!(received.status, 0, "{}", received.stderr);
    assert!(received.stdout.contains("BUYER") && received.stdout.contains("Acme"), "{}", received.stdout);
    let refused = place(&db, "k2");
    assert_eq!(refused.status, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("forbidden"), "{}", refused.stderr);

    db.kg(&["role", "operations"]);
    assert_eq!(items(&db.kg(&["order", "all", "--json"]).json()).len(), all_before + 1);
    let text = db.kg(&["role", "show"]);
    assert!(text.stdout.starts_with("Acting as the operations manager"), "{}", text.stdout);
    assert!(db.kg(&["role", "seller", "nobody"]).refused(1).contains("not found"));
}

#[test]
fn a_seller_and_the_operations_manager_list_the_orders_of_one_status() {
    let demo = Demo::new();
    demo.as_operations();
    let all = demo.json(&["order", "all"]);
    let cancelled = demo.json(&["order", "all", "--status", "cancelled"]);
    let expected: Vec<&str> = statuses(&all).into_iter().filter(|s| *s == "cancelled").collect();
    assert!(!expected.is_empty(), "the demo holds a cancelled order");
    assert_eq!(statuses(&cancelled), expected);

    demo.as_seller("ledgerleaf");
    let processing = demo.json(&["order", "received", "--status", "processing"]);
    assert!(!items(&processing).is_empty() && statuses(&processing).iter().all(|s| *s == "processing"));
    let none = demo.kg(&["order", "received", "--status", "pending-payment"]);
    assert_eq!(none.status, 0, "{}", none.stderr);
    assert_eq!(none.stdout.trim(), "No pending payment orders.");

    let refused = demo.kg(&["order", "received", "--status", "lost"]).refused(2).to_string();
    assert!(refused.contains("pending_payment, paid, processing, completed, cancelled"), "{refused}");
}

#[test]
fn r_aft_4_messages_come_a_page_at_a_time_the_unread_on_their_own() {
    let demo = Demo::new();
    demo.as_buyer("acme-prepaid");
    let all = demo.json(&["messages", "list", "--limit", "100"]);
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 3, "the demo buyer was told of its orders: {all}");
    assert_eq!(items(&all["messages"]).len() as u64, total);

    let page = demo.json(&["messages", "list", "--limit", "2", "--offset", "1"]);
    assert_eq!(items(&page["messages"]), &items(&all["messages"])[1..3].to_vec(), "the same rows at their place");
    let text = demo.kg(&["messages", "list", "--limit", "2", "--offset", "1"]).stdout;
    assert!(text.contains(&format!("2–3 of {total} messages")) && text.contains("More: --offset 3"), "{text}");

    let first = items(&all["messages"])[0]["id"].clone();
    demo.kg(&["messages", "read", &first.to_string()]);
    let unread = demo.json(&["messages", "list", "--unread"]);
    assert_eq!((unread["unread"].as_u64(), unread["total"].as_u64()), (Some(total - 1), Some(total - 1)));
    assert!(items(&unread["messages"]).iter().all(|m| m["read"] == false && m["id"] != first));

    assert!(demo.kg(&["messages", "list", "--limit", "0"]).refused(2).contains("between 1 and 100"));
    demo.kg(&["messages", "read"]);
    assert_eq!(demo.kg(&["messages", "list", "--unread"]).stdout.trim(), "No unread messages.");
}

//! Buying with `kg`: an order placed once per idempotency key and the app ready (R-BUY-3), a
//! declined card and a reseller customer's order (R-BUY-6), cards from standard input and
//! credit on request (R-BUY-1), and the account's time zone (R-MT-4).

mod common;

use common::{items, Db, Run, PLACE_CMS_TEAM};
use serde_json::Value;

/// Three months of the demo's Headless CMS, Team edition, by the month.
fn place_cms() -> Vec<&'static str> {
    [&PLACE_CMS_TEAM[..], &["--duration", "3"]].concat()
}

/// Places [`place_cms`] with the terms ticked, as JSON, with `extra` arguments.
fn place(db: &Db, extra: &[&str]) -> Run {
    let mut args = place_cms();
    args.extend_from_slice(&["--accept-terms", "--json"]);
    args.extend_from_slice(extra);
    db.kg(&args)
}

#[test]
fn r_buy_3_placing_twice_with_the_same_key_charges_once_and_the_app_is_ready() {
    let db = Db::new();
    let start = db.kg(&["account", "show", "--json"]).json();
    assert_eq!(start["kind"], "direct_prepaid");
    assert_eq!(start["balance"], "2000.00");
    // The demo store comes with orders of its own.
    let orders_before = items(&db.kg(&["order", "list", "--json"]).json()).len();
    let apps_before = items(&db.kg(&["apps", "list", "--json"]).json()).len();

    let first = place(&db, &["--idempotency-key", "checkout-1"]).json();
    assert_eq!(first["order"]["status"], "completed");
    assert_eq!(first["order"]["amount"], "147.00", "money as decimal strings");
    assert_eq!(first["quote"]["total"], "147.00");
    let again = place(&db, &["--idempotency-key", "checkout-1"]).json();
    assert_eq!(again, first, "the first result, again");
    assert_eq!(db.kg(&["account", "show", "--json"]).json()["balance"], "1853.00", "charged once");
    assert_eq!(items(&db.kg(&["order", "list", "--json"]).json()).len(), orders_before + 1);

    let other = place(&db, &["--idempotency-key", "checkout-1", "--quantity", "2"]);
    assert_eq!(other.status, 1);
    let error: Value = serde_json::from_str(other.stderr.trim()).unwrap();
    assert_eq!(error["code"], "conflict", "{error}");
    assert_eq!(db.kg(&["account", "show", "--json"]).json()["balance"], "1853.00");

    let unticked = db.kg(&[&place_cms()[..], &["--idempotency-key", "checkout-2"]].concat());
    assert!(unticked.refused(2).contains("terms"), "{}", unticked.stderr);

    let id = first["order"]["id"].to_string();
    let shown = db.kg(&["order", "show", &id, "--json"]).json();
    let ledger: Vec<&str> = items(&shown["ledger"]).iter().map(|l| l["amount"].as_str().unwrap()).collect();
    assert_eq!(ledger, ["-147.00", "147.00"]);

    let apps = db.kg(&["apps", "list", "--json"]).json();
    assert_eq!(items(&apps).len(), apps_before + 1);
    let hidden = db.kg(&["apps", "show", &id, "--json"]).json();
    assert!(hidden.get("password").is_none(), "hidden unless asked: {hidden}");
    let text = db.kg(&["apps", "show", &id]);
    assert!(text.stdout.contains("Password:       ••••"), "{}", text.stdout);
    let revealed = db.kg(&["apps", "show", &id, "--reveal-password", "--json"]).json();
    let password = revealed["password"].as_str().unwrap();
    assert_eq!(password.len(), 16);
    assert_eq!(revealed["saas"]["user_name"], "it@acme-retail.example");
    let file = std::fs::read(&db.path).unwrap();
    assert!(!file.windows(16).any(|w| w == password.as_bytes()), "not in plain text in the data file");
}

#[test]
fn r_buy_6_a_declined_card_charges_nothing_and_a_reseller_customer_pays_nothing() {
    let db = Db::new();
    let postpaid = db.kg(&["account", "use", "borealis-postpaid", "--json"]).json();
    let cards = items(&postpaid["cards"]);
    assert_eq!(cards[1]["masked"], "Visa •••• 0002");
    let declined_card = cards[1]["id"].to_string();
    let declined = place(&db, &["--idempotency-key", "k1", "--card", &declined_card]);
    assert_eq!(declined.status, 1);
    let error: Value = serde_json::from_str(declined.stderr.trim()).unwrap();
    assert_eq!(error["code"], "payment_declined", "{error}");
    let orders = db.kg(&["order", "list", "--json"]).json();
    assert_eq!(orders[0]["status"], "cancelled");
    let declined_order = orders[0]["id"].to_string();
    let shown = db.kg(&["order", "show", &declined_order, "--json"]).json();
    assert!(items(&shown["ledger"]).is_empty(), "nothing charged");

    let on_credit = place(&db, &["--idempotency-key", "k2", "--credit"]).json();
    assert_eq!(on_credit["order"]["payment"], "Credit");
    assert_eq!(db.kg(&["account", "show", "--json"]).json()["credit"]["used"], "147.00");

    db.kg(&["account", "use", "cedar-reseller"]);
    let reseller = place(&db, &["--idempotency-key", "k3"]).json();
    assert_eq!(reseller["order"]["reference_only"], true);
    assert_eq!(reseller["order"]["amount"], "147.00");
    assert!(items(&reseller["ledger"]).is_empty());
    let text = db.kg(&["order", "list"]);
    assert!(text.stdout.contains("147.00 for reference only"), "{}", text.stdout);

    let topup = db.kg(&["account", "topup", "10"]);
    assert!(topup.refused(2).contains("not a prepaid account"), "{}", topup.stderr);
    let unknown = db.kg(&["account", "use", "nobody"]);
    assert_eq!(unknown.status, 1);
}

#[test]
fn r_buy_1_cards_come_from_standard_input_and_credit_on_request() {
    let db = Db::new();
    db.kg(&["account", "use", "borealis-postpaid"]);
    let added = db.kg_input(&["account", "add-card", "--json"], "5555 5555 5555 4444\n").json();
    assert_eq!(items(&added["cards"]).last().unwrap()["masked"], "Mastercard •••• 4444");
    let bad = db.kg_input(&["account", "add-card"], "4242 4242 4242 4241\n");
    assert!(bad.refused(2).contains("not a valid card number"), "{}", bad.stderr);
    let credit = db.kg(&["account", "request-credit", "--json"]).json();
    assert_eq!(credit["credit"]["enabled"], true);
}

#[test]
fn r_mt_4_the_buyer_sets_the_accounts_time_zone() {
    let db = Db::new();
    let set = db.kg(&["account", "time-zone", "Europe/Berlin", "--json"]).json();
    assert_eq!(set["time_zone"], "Europe/Berlin");
    let shown = db.kg(&["account", "show"]);
    assert!(shown.stdout.contains("Time zone: Europe/Berlin"), "{}", shown.stdout);
    let unknown = db.kg(&["account", "time-zone", "Europe/Atlantis"]);
    assert!(
        unknown.refused(2).contains("time zone: \"Europe/Atlantis\" is not a known time zone"),
        "{}",
        unknown.stderr
    );
    assert_eq!(db.kg(&["account", "show", "--json"]).json()["time_zone"], "Europe/Berlin");
}

//! `kg unsubscribe quote|request` for a yearly/monthly image (R-UNS-2) on the real binary.

mod common;

use common::Db;

#[test]
fn r_uns_2_an_image_is_quoted_line_by_line_then_unsubscribed_once() {
    let db = Db::new();
    assert_eq!(db.kg(&["clock", "set", "2026-03-02T10:00:00Z"]).status, 0);
    let made = db
        .kg_input(
            &[
                "image",
                "provision",
                "--product",
                "mysql-8-database-image",
                "--flavour",
                "s6.large.2",
                "--accept-agreements",
                "--mode",
                "custom",
                "--billing",
                "yearly_monthly",
                "--duration",
                "1",
                "--idempotency-key",
                "k1",
                "--new-vpc-name",
                "vpc-shop",
                "--new-vpc-cidr",
                "192.168.0.0/16",
                "--json",
            ],
            "Kg-Demo-2026!\n",
        )
        .json();
    // 29.00 image + 40.00 ECS for a month.
    assert_eq!(made["order"]["order"]["amount"], "69.00");
    let order = made["order"]["order"]["id"].to_string();
    let ecs = made["instances"][0]["id"].to_string();
    db.kg(&["clock", "advance", "100h"]);
    // Acme is in New York: the term ends 2 April 23:59:59 EDT, 3 April 04:00 UTC, so it has
    // 31 days and 18 hours from 2 March 10:00 UTC: 762 h. 100 h used:
    // consumed = 69.00 × 100 ÷ 762 = 9.055118…; fee = 69.00 × 10% = 6.90;
    // refund = 69.00 − 9.055118 − 6.90 = 53.044882 → 53.04.
    let quote = db.kg(&["unsubscribe", "quote", &order]);
    assert_eq!(quote.status, 0, "{}", quote.stderr);
    assert!(quote.stdout.contains("69.00 × 100 h ÷ 762 h = 9.055118"), "{}", quote.stdout);
    assert!(quote.stdout.contains("Handling fee, 10%"), "{}", quote.stdout);
    let json = db.kg(&["unsubscribe", "quote", &order, "--json"]).json();
    assert_eq!((json["refund"].as_str(), json["unsubscribed"].as_bool()), (Some("53.04"), Some(false)));

    let stale = db.kg(&["unsubscribe", "request", &order, "--expect", "60.00", "--json"]);
    assert_eq!(stale.code(1), "conflict");
    let done = db.kg(&["unsubscribe", "request", &order, "--expect", "53.04", "--json"]).json();
    assert_eq!((done["refund"].as_str(), done["unsubscribed"].as_bool()), (Some("53.04"), Some(true)));
    assert_eq!(db.kg(&["ecs", "show", &ecs, "--json"]).json()["state"], "deleted");
    let again = db.kg(&["unsubscribe", "request", &order, "--json"]).json();
    assert_eq!(again, done);
    let text = db.kg(&["unsubscribe", "request", &order]);
    assert!(text.stdout.contains("Unsubscribed: 1 ECS instance(s)"), "{}", text.stdout);
    // A negotiated request still needs its amount and reason together.
    assert_eq!(db.kg(&["unsubscribe", "request", &order, "--reason", "x"]).status, 2);
}

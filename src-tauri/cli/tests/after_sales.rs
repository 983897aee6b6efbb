//! `kg invoice` and `kg ticket` on the real binary: an invoice asked for, issued by the
//! operations manager, saved as a PDF and reissued; a ticket opened with a file, answered and
//! closed; each refusal one line with its exit status.

mod common;

use common::{items, Db, PLACE_CMS_TEAM};
use serde_json::Value;

fn json(db: &Db, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    db.kg(&all).json()
}

fn demo() -> Db {
    let db = Db::new();
    assert_eq!(db.kg(&["demo", "reset"]).status, 0);
    db
}

/// The buyer places a paid order; returns its number.
fn buy(db: &Db, key: &str) -> String {
    let placed =
        json(db, &[&PLACE_CMS_TEAM[..], &["--period", "month", "--accept-terms", "--idempotency-key", key]].concat());
    placed["order"]["id"].to_string()
}

#[test]
fn r_aft_1_an_invoice_is_asked_for_issued_saved_and_reissued() {
    let db = demo();
    let order = buy(&db, "kg-invoice-1");
    let orders = json(&db, &["invoice", "orders"]);
    assert!(orders
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["order_id"] == order.parse::<u64>().unwrap() && o["invoiceable"] == true));

    let request = |email: &str| {
        db.kg(&[
            "invoice",
            "request",
            "--order",
            &order,
            "--title",
            "Acme Trading Ltd",
            "--tax-id",
            "GB-123",
            "--address",
            "1 Harbour Road",
            "--email",
            email,
            "--json",
        ])
    };
    let bad = request("not-an-address");
    assert_eq!(bad.code(2), "invalid_input");
    let invoice = request("accounts@acme.example").json();
    assert_eq!(invoice["status"], "submitted");
    let id = invoice["id"].to_string();
    assert_eq!(request("accounts@acme.example").code(1), "conflict", "an order is invoiced once");
    let early = db.kg(&["invoice", "issue", &id]);
    assert!(early.refused(1).contains("only the operations manager can issue invoices"), "{}", early.stderr);

    assert_eq!(db.kg(&["role", "operations"]).status, 0);
    let listed = db.kg(&["invoice", "list"]);
    assert!(listed.stdout.contains("submitted"), "{}", listed.stdout);
    let issued = json(&db, &["invoice", "issue", &id]);
    let number = issued["number"].as_str().unwrap().to_string();
    assert!(number.starts_with("INV-"), "{number}");

    assert_eq!(db.kg(&["role", "buyer", "acme-prepaid"]).status, 0);
    let folder = tempfile::tempdir().unwrap();
    let saved = db.kg(&["invoice", "save", &id, "--output", folder.path().to_str().unwrap()]);
    assert_eq!(saved.status, 0, "{}", saved.stderr);
    let path = folder.path().join(format!("{number}.pdf"));
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF-"));
    assert!(saved.stdout.contains(path.to_str().unwrap()), "{}", saved.stdout);

    let reissued = json(&db, &["invoice", "reissue", &id, "--title", "Acme Trading Limited"]);
    assert_eq!(reissued["reissue_of"]["number"].as_str(), Some(number.as_str()));
    assert_eq!(reissued["title"], "Acme Trading Limited");
    let shown = db.kg(&["invoice", "show", &id]);
    assert!(shown.stdout.contains("superseded"), "{}", shown.stdout);
    assert_eq!(db.kg(&["invoice", "reissue", &id, "--title", "Other", "--json"]).code(1), "conflict");
}

#[test]
fn r_aft_3_a_ticket_is_opened_answered_and_closed() {
    let db = demo();
    let order = buy(&db, "kg-ticket-1");
    let files = tempfile::tempdir().unwrap();
    let proof = files.path().join("emails.pdf");
    std::fs::write(&proof, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
        .unwrap();
    let text = files.path().join("notes.txt");
    std::fs::write(&text, b"hello").unwrap();

    let unknown = db.kg(&["ticket", "open", "--category", "billing", "--description", "Nobody answers me."]);
    assert!(unknown.refused(2).contains("use one of invoice, seller_unreachable, credit, other"), "{}", unknown.stderr);
    let open = |file: &std::path::Path| {
        db.kg(&[
            "ticket",
            "open",
            "--category",
            "seller-unreachable",
            "--order",
            &order,
            "--description",
            "The seller does not answer my emails.",
            "--attach",
            file.to_str().unwrap(),
            "--json",
        ])
    };
    assert_eq!(open(&text).code(2), "invalid_input");
    let ticket = open(&proof).json();
    assert_eq!((ticket["status"].as_str(), ticket["category"].as_str()), (Some("open"), Some("seller_unreachable")));
    let id = ticket["id"].to_string();

    assert_eq!(db.kg(&["role", "operations"]).status, 0);
    let listed = db.kg(&["ticket", "list"]);
    assert!(listed.stdout.contains("seller_unreachable"), "{}", listed.stdout);
    let answered = json(&db, &["ticket", "answer", &id, "--reply", "We reached the seller."]);
    assert_eq!(answered["status"], "answered");
    assert_eq!(db.kg(&["ticket", "answer", &id, "--reply", "Again", "--json"]).code(1), "conflict");
    assert_eq!(db.kg(&["ticket", "close", &id, "--json"]).code(1), "forbidden");

    assert_eq!(db.kg(&["role", "buyer", "acme-prepaid"]).status, 0);
    let shown = db.kg(&["ticket", "show", &id]);
    assert!(shown.stdout.contains("Answer") && shown.stdout.contains("We reached the seller."), "{}", shown.stdout);
    let closed = json(&db, &["ticket", "close", &id]);
    assert_eq!(closed["status"], "closed");
    let out = tempfile::tempdir().unwrap();
    let saved = db.kg(&["ticket", "save-file", &id, "1", "--output", out.path().to_str().unwrap()]);
    assert_eq!(saved.status, 0, "{}", saved.stderr);
    assert!(out.path().join("emails.pdf").exists());
}

/// Asks for an invoice of `order` as the prepaid buyer.
fn request(db: &Db, order: &str) -> common::Run {
    db.kg(&[
        "invoice",
        "request",
        "--order",
        order,
        "--title",
        "Acme Trading Ltd",
        "--tax-id",
        "GB-123",
        "--address",
        "1 Harbour Road",
        "--email",
        "accounts@acme.example",
        "--json",
    ])
}

/// Per order with a live invoice line: the sum of its live lines, and what the ledger says the
/// buyer paid for it (the paying side of its payment and credit-use transactions), in cents.
fn invoiced_and_paid(db: &Db) -> Vec<(i64, i64, i64)> {
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT ic.order_id, sum(ic.amount_cents),
                    (SELECT -coalesce(sum(e.amount_cents), 0)
                     FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
                     WHERE t.order_id = ic.order_id AND (t.kind = 'payment' OR t.kind = 'credit_use')
                       AND e.amount_cents < 0)
             FROM invoice_charges ic WHERE ic.live = 1 GROUP BY ic.order_id ORDER BY ic.order_id",
        )
        .unwrap();
    let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

#[test]
fn r_aft_1_renewals_and_an_upgrade_of_an_invoiced_order_go_once_on_a_second_invoice() {
    let db = demo();
    assert_eq!(db.kg(&["clock", "set", "2026-03-08T15:00:00Z"]).status, 0);
    let order = buy(&db, "kg-invoice-renewals");
    let first = request(&db, &order).json();
    assert_eq!(first["total"], "49.00");

    // Team 49.00 → Business 199.00 on 20 March, 19 of 31 days left: 91.94 (R-UP-1); then two
    // months at Business.
    assert_eq!(db.kg(&["clock", "set", "2026-03-20T16:00:00Z"]).status, 0);
    let subscriptions = json(&db, &["subscription", "list", "--limit", "100"]);
    let order_id: u64 = order.parse().unwrap();
    let subscription =
        items(&subscriptions["items"]).iter().find(|s| s["order_id"] == order_id).expect("the subscription");
    let subscription = subscription["id"].to_string();
    let upgraded = json(&db, &["upgrade", "pay", &subscription, "--edition", "business", "--idempotency-key", "u1"]);
    assert_eq!(upgraded["quote"]["total"], "91.94");
    for key in ["r1", "r2"] {
        let renewed = json(&db, &["subscription", "renew", &subscription, "--months", "1", "--idempotency-key", key]);
        assert_eq!(renewed["amount"], "199.00");
    }

    let orders = json(&db, &["invoice", "orders"]);
    let listed = items(&orders).iter().find(|o| o["order_id"] == order_id).unwrap();
    assert_eq!((listed["invoiceable"].as_bool(), listed["to_invoice"].as_str()), (Some(true), Some("489.94")));
    let offered: Vec<(&str, &str)> = items(&listed["charges"])
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c["amount"].as_str().unwrap()))
        .collect();
    assert_eq!(offered, [("upgrade", "91.94"), ("renewal", "199.00"), ("renewal", "199.00")]);
    let text = db.kg(&["invoice", "orders"]);
    for expected in [
        format!("Upgrade of order {order}: Team to Business"),
        format!("Renewal of order {order}: Inkwell Headless CMS, 1 month"),
        "to 2026-05-08".to_string(),
        "to 2026-06-08".to_string(),
    ] {
        assert!(text.stdout.contains(&expected), "{expected:?} in {}", text.stdout);
    }

    // Bad input, or nothing left to invoice: refused with one line, nothing written.
    let before = json(&db, &["invoice", "list"]);
    let bad = db.kg(&[
        "invoice",
        "request",
        "--order",
        "99999",
        "--title",
        "Acme",
        "--tax-id",
        "GB-1",
        "--address",
        "1 Harbour Road",
        "--email",
        "a@acme.example",
    ]);
    assert!(bad.refused(2).contains("order 99999 is not one of this account's orders"), "{}", bad.stderr);
    assert_eq!(json(&db, &["invoice", "list"]), before, "nothing written");

    let second = request(&db, &order).json();
    assert_eq!(second["total"], "489.94");
    let kinds: Vec<&str> = items(&second["lines"]).iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["upgrade", "renewal", "renewal"]);
    let listed = json(&db, &["invoice", "list"]);
    assert_eq!(items(&listed).len(), items(&before).len() + 1);

    let after = json(&db, &["invoice", "list"]);
    let again = request(&db, &order);
    assert_eq!(again.code(1), "conflict", "nothing is left to invoice");
    assert!(again.stderr.contains("an amount is invoiced only once"), "{}", again.stderr);
    assert_eq!(json(&db, &["invoice", "list"]), after, "nothing written");

    let shown = db.kg(&["invoice", "show", &second["id"].to_string()]);
    assert!(shown.stdout.contains("renewal ") && shown.stdout.contains("upgrade "), "{}", shown.stdout);
    let mine: Vec<_> = invoiced_and_paid(&db).into_iter().filter(|(o, _, _)| *o as u64 == order_id).collect();
    assert_eq!(mine, [(order_id as i64, 53894, 53894)], "all of it, once");
    assert!(invoiced_and_paid(&db).iter().all(|(_, invoiced, paid)| invoiced <= paid));
}

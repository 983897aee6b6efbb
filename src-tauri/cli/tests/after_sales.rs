//! `kg invoice` and `kg ticket` on the real binary: an invoice asked for, issued by the
//! operations manager, saved as a PDF and reissued; a ticket opened with a file, answered and
//! closed; each refusal one line with its exit status.

mod common;

use common::Db;
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
    let placed = json(
        db,
        &[
            "order",
            "place",
            "--product",
            "headless-cms-saas",
            "--edition",
            "team",
            "--billing",
            "yearly_monthly",
            "--period",
            "month",
            "--accept-terms",
            "--idempotency-key",
            key,
        ],
    );
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

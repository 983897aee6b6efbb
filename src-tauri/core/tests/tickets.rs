//! Service tickets (R-AFT-3): opened by a buyer with checked fields and files, answered by the
//! operations manager with the buyer told (R-AFT-4), closed by the buyer; every step of every
//! role in every status.

mod common;

use chrono::Duration;
use common::supervision::*;
use koogallery_core::clock::FixedClock;
use koogallery_core::invoices::{self, InvoiceRequest};
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::supervision::Upload;
use koogallery_core::tickets::{self, TicketCategory, TicketForm, TicketStatus};
use koogallery_core::{messages, ErrorCode, Store};

fn clock() -> FixedClock {
    FixedClock(t0() + Duration::hours(2))
}

fn as_buyer(store: &mut Store, account: &str) {
    roles::switch(store, &RoleChoice::Buyer { account_id: account.into() }).unwrap();
}

fn as_role(store: &mut Store, role: &str) {
    let choice = match role {
        "buyer" => RoleChoice::Buyer { account_id: "acme-prepaid".into() },
        "seller" => RoleChoice::Seller { seller_id: SELLER.into() },
        _ => RoleChoice::OperationsManager,
    };
    roles::switch(store, &choice).unwrap();
}

fn form(order: Option<u32>) -> TicketForm {
    TicketForm {
        category: TicketCategory::SellerUnreachable,
        order_id: order,
        invoice_id: None,
        description: "The seller has not answered my emails for a week.".into(),
        attachments: vec![Upload::from_bytes("emails.pdf", &pdf()), Upload::from_bytes("screen.png", &png(64, 48))],
    }
}

fn count(store: &Store, table: &str) -> i64 {
    store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn r_aft_3_a_ticket_is_opened_with_its_order_and_files() {
    let mut store = store();
    let order = buy(&mut store, "crm");
    let ticket = tickets::open(&mut store, &clock(), &form(Some(order))).unwrap();
    assert_eq!(ticket.status, TicketStatus::Open);
    assert_eq!((ticket.order_id, ticket.order_product.as_deref()), (Some(order), Some("Sales CRM")));
    assert_eq!(ticket.opened_at, "2026-03-02T12:00:00Z");
    let files: Vec<(&str, &str)> = ticket.attachments.iter().map(|a| (a.name.as_str(), a.mime.as_str())).collect();
    assert_eq!(files, [("emails.pdf", "application/pdf"), ("screen.png", "image/png")]);

    let dir = tempfile::tempdir().unwrap();
    let saved = tickets::save_attachment(store.conn(), ticket.id, 1, dir.path()).unwrap();
    assert_eq!(std::fs::read(&saved).unwrap(), pdf());
    let again = tickets::save_attachment(store.conn(), ticket.id, 1, dir.path()).unwrap();
    assert_eq!(again.file_name().unwrap(), "emails (1).pdf");
    assert_eq!(tickets::list(store.conn()).unwrap().len(), 1);
}

#[test]
fn r_aft_3_an_invoice_is_returned_through_a_ticket_linked_to_it() {
    let mut store = store();
    let order = buy(&mut store, "crm");
    let request = InvoiceRequest {
        order_ids: vec![order],
        title: "Acme Trading Ltd".into(),
        tax_id: "GB123".into(),
        address: "1 Harbour Road".into(),
        email: "accounts@acme.example".into(),
    };
    let invoice = invoices::request(&mut store, &clock(), &request).unwrap();
    let ticket = tickets::open(
        &mut store,
        &clock(),
        &TicketForm {
            category: TicketCategory::Invoice,
            order_id: None,
            invoice_id: Some(invoice.id),
            description: "Please take this invoice back: it went to the wrong company.".into(),
            attachments: vec![],
        },
    )
    .unwrap();
    assert_eq!(ticket.invoice.as_ref().map(|i| i.id), Some(invoice.id));
    assert_eq!(invoices::show(store.conn(), invoice.id).unwrap().tickets, [ticket.id]);
}

#[test]
fn r_aft_3_each_bad_field_is_refused_and_nothing_is_written() {
    let mut store = store();
    let theirs = buy_as(&mut store, "borealis-postpaid", "crm", t0());
    as_buyer(&mut store, "acme-prepaid");
    type Change = fn(&mut TicketForm, u32);
    let cases: Vec<(&str, Change, ErrorCode, &str)> = vec![
        ("no description", |f, _| f.description = "  ".into(), ErrorCode::InvalidInput, "the description is required"),
        ("short", |f, _| f.description = "Help".into(), ErrorCode::InvalidInput, "the description must be 10 to 4000"),
        (
            "long",
            |f, _| f.description = "x".repeat(4001),
            ErrorCode::InvalidInput,
            "the description must be 10 to 4000",
        ),
        ("their order", |f, o| f.order_id = Some(o), ErrorCode::InvalidInput, "the related order: order"),
        ("no such order", |f, _| f.order_id = Some(9999), ErrorCode::InvalidInput, "order 9999 is not one of"),
        ("no such invoice", |f, _| f.invoice_id = Some(7), ErrorCode::InvalidInput, "the related invoice: invoice 7"),
        (
            "a text file",
            |f, _| f.attachments = vec![Upload::from_bytes("notes.txt", b"hello")],
            ErrorCode::InvalidInput,
            "attachments: notes.txt is neither a PDF document nor a PNG or JPEG screenshot",
        ),
        (
            "not base64",
            |f, _| f.attachments = vec![Upload { name: "a.pdf".into(), content_base64: "***".into() }],
            ErrorCode::InvalidInput,
            "did not arrive whole",
        ),
        (
            "too many",
            |f, _| f.attachments = (0..11).map(|i| Upload::from_bytes(format!("{i}.pdf"), &pdf())).collect(),
            ErrorCode::InvalidInput,
            "attachments: at most 10 files, not 11",
        ),
        (
            "a broken picture",
            |f, _| f.attachments = vec![Upload::from_bytes("x.png", &[0x89, b'P', b'N', b'G', 0, 0])],
            ErrorCode::InvalidImage,
            "x.png",
        ),
    ];
    for (name, change, code, expected) in cases {
        let mut bad = form(None);
        change(&mut bad, theirs);
        let err = tickets::open(&mut store, &clock(), &bad).unwrap_err();
        assert_eq!(err.code(), code, "{name}: {err}");
        assert!(err.to_string().contains(expected), "{name}: {err}");
    }
    assert_eq!((count(&store, "tickets"), count(&store, "ticket_attachments")), (0, 0));
    assert_eq!(count(&store, "attachments"), 0, "no file kept either");
    as_role(&mut store, "operations");
    assert_eq!(tickets::open(&mut store, &clock(), &form(None)).unwrap_err().code(), ErrorCode::Forbidden);
}

/// Every step (answer, close) of every role in every status: what it leads to, or the code
/// of its refusal.
#[test]
fn r_aft_3_the_status_moves_open_answered_closed_and_nothing_else() {
    use TicketStatus::*;
    let steps: Vec<(TicketStatus, &str, &str, Result<TicketStatus, ErrorCode>)> = vec![
        (Open, "buyer", "answer", Err(ErrorCode::Forbidden)),
        (Open, "seller", "answer", Err(ErrorCode::Forbidden)),
        (Open, "operations", "answer", Ok(Answered)),
        (Open, "buyer", "close", Ok(Closed)),
        (Open, "seller", "close", Err(ErrorCode::Forbidden)),
        (Open, "operations", "close", Err(ErrorCode::Forbidden)),
        (Answered, "buyer", "answer", Err(ErrorCode::Forbidden)),
        (Answered, "seller", "answer", Err(ErrorCode::Forbidden)),
        (Answered, "operations", "answer", Err(ErrorCode::Conflict)),
        (Answered, "buyer", "close", Ok(Closed)),
        (Answered, "seller", "close", Err(ErrorCode::Forbidden)),
        (Answered, "operations", "close", Err(ErrorCode::Forbidden)),
        (Closed, "buyer", "answer", Err(ErrorCode::Forbidden)),
        (Closed, "seller", "answer", Err(ErrorCode::Forbidden)),
        (Closed, "operations", "answer", Err(ErrorCode::Conflict)),
        (Closed, "buyer", "close", Err(ErrorCode::Conflict)),
        (Closed, "seller", "close", Err(ErrorCode::Forbidden)),
        (Closed, "operations", "close", Err(ErrorCode::Forbidden)),
    ];
    for (from, role, step, expected) in steps {
        let mut store = store();
        let ticket = tickets::open(&mut store, &clock(), &form(None)).unwrap();
        if from != Open {
            as_role(&mut store, "operations");
            tickets::answer(&mut store, &clock(), ticket.id, "We reached the seller.").unwrap();
        }
        if from == Closed {
            as_role(&mut store, "buyer");
            tickets::close(&mut store, &clock(), ticket.id).unwrap();
        }
        let before = store.conn().query_row("SELECT count(*) FROM messages", [], |r| r.get::<_, i64>(0)).unwrap();
        as_role(&mut store, role);
        let outcome = match step {
            "answer" => tickets::answer(&mut store, &clock(), ticket.id, "Sorted out with the seller."),
            _ => tickets::close(&mut store, &clock(), ticket.id),
        }
        .map(|t| t.status)
        .map_err(|e| e.code());
        assert_eq!(outcome, expected, "{step} by {role} when {from:?}");
        let after = store.conn().query_row("SELECT count(*) FROM messages", [], |r| r.get::<_, i64>(0)).unwrap();
        let status: String =
            store.conn().query_row("SELECT status FROM tickets WHERE id = ?1", [ticket.id], |r| r.get(0)).unwrap();
        match expected {
            Ok(to) => assert_eq!(status, to.as_str()),
            Err(_) => {
                assert_eq!(status, from.as_str(), "a refusal changes nothing");
                assert_eq!(after, before, "and tells no one");
            }
        }
    }
}

#[test]
fn r_aft_3_an_answer_tells_the_buyer_and_operations_sees_open_tickets_first() {
    let mut store = store();
    let order = buy(&mut store, "crm");
    let first = tickets::open(&mut store, &clock(), &form(Some(order))).unwrap();
    let second = tickets::open(&mut store, &clock(), &form(None)).unwrap();
    as_buyer(&mut store, "borealis-postpaid");
    assert!(tickets::list(store.conn()).unwrap().is_empty());
    assert_eq!(tickets::show(store.conn(), first.id).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(tickets::close(&mut store, &clock(), first.id).unwrap_err().code(), ErrorCode::NotFound);

    as_role(&mut store, "operations");
    let short = tickets::answer(&mut store, &clock(), first.id, " ").unwrap_err();
    assert_eq!(short.to_string(), "the reply is required");
    let answered = tickets::answer(&mut store, &clock(), first.id, "  The seller will call you today.  ").unwrap();
    assert_eq!(answered.reply.as_deref(), Some("The seller will call you today."));
    let ids: Vec<u32> = tickets::list(store.conn()).unwrap().iter().map(|t| t.id).collect();
    assert_eq!(ids, [second.id, first.id], "open ones first");

    as_role(&mut store, "seller");
    assert_eq!(tickets::list(store.conn()).unwrap_err().code(), ErrorCode::Forbidden);
    as_role(&mut store, "buyer");
    let inbox = messages::list(store.conn(), &Default::default()).unwrap();
    let told = &inbox.messages[0];
    assert_eq!((told.kind.as_str(), told.order_id), ("ticket_answered", Some(order)));
    assert_eq!(told.link, Some(messages::MessageLink::Tickets), "it leads to the tickets, not to a flow");
    assert_eq!(told.title, format!("Service ticket {} answered", first.id));
    assert!(told.body.contains("The seller will call you today."), "{}", told.body);
}

//! Invoices (R-AFT-1): a paid order invoiced once, the buyer's details checked field by field,
//! issued by the operations manager with the buyer told (R-AFT-4), reissued with corrected
//! details, and the issued invoice as a PDF document. What is paid after the order (renewals,
//! upgrades) is in `invoices_of_renewals_and_upgrades.rs`.

mod common;

use chrono::Duration;
use common::invoicing::*;
use common::supervision::*;
use koogallery_core::clock::FixedClock;
use koogallery_core::invoices::{self, pdf, InvoiceCorrection, InvoiceRequest, InvoiceStatus};
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::{messages, ErrorCode, Store};

#[test]
fn r_aft_1_an_order_is_invoiced_once_and_a_second_request_with_it_is_refused() {
    let mut store = store();
    let crm = buy(&mut store, "crm");
    let license = buy(&mut store, "db-license");
    let invoice = request(&mut store, &[crm, license]);
    assert_eq!(invoice.status, InvoiceStatus::Submitted);
    assert_eq!(invoice.number, None);
    assert_eq!(invoice.title, "Acme Trading Ltd", "trimmed");
    let amounts: Vec<&str> = invoice.lines.iter().map(|l| l.amount.as_str()).collect();
    assert_eq!(amounts, ["49.00", "49.00"]);
    assert_eq!((invoice.subtotal.as_str(), invoice.tax.as_str(), invoice.total.as_str()), ("98.00", "0.00", "98.00"));
    assert_eq!(invoice.lines[0].description, "Standard, 1 month");

    let again = invoices::request(&mut store, &clock(), &form(&[crm])).unwrap_err();
    assert_eq!(again.code(), ErrorCode::Conflict);
    assert_eq!(
        again.to_string(),
        format!("order {crm} is already on invoice {}: an amount is invoiced only once", invoice.id)
    );
    assert_eq!((count(&store, "invoices"), count(&store, "invoice_charges")), (1, 2));

    let listed = invoices::invoiceable(store.conn()).unwrap();
    let on_invoice = listed.iter().find(|o| o.order_id == crm).unwrap();
    assert!(!on_invoice.invoiceable);
    assert_eq!(on_invoice.reason.as_deref(), Some(format!("it is already on invoice {}", invoice.id).as_str()));

    // Past every check, the store's unique index still refuses a second live invoice line.
    let direct = store.conn().execute(
        "INSERT INTO invoices (account_id, status, title, tax_id, address, email, total_cents, requested_at)
         VALUES ('acme-prepaid', 'submitted', 'x', 'x', 'x', 'x', 4900, 'now')",
        [],
    );
    assert!(direct.is_ok());
    let twice = store.conn().execute(
        "INSERT INTO invoice_charges (invoice_id, kind, charge_id, order_id, position, amount_cents, live)
         VALUES (last_insert_rowid(), 'order', ?1, ?1, 1, 4900, 1)",
        [crm],
    );
    assert!(twice.unwrap_err().to_string().contains("UNIQUE"), "the unique index refuses it");
}

#[test]
fn r_aft_1_two_requests_at_once_for_the_same_order_make_one_invoice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.db");
    let crm = {
        let mut store = Store::open(&path).unwrap();
        store_into(&mut store)
    };
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                invoices::request(&mut store, &clock(), &form(&[crm])).map(|i| i.id).map_err(|e| e.code())
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().filter(|r| r.is_err()).all(|r| *r == Err(ErrorCode::Conflict)), "{results:?}");
    let store = Store::open(&path).unwrap();
    assert_eq!(count(&store, "invoice_charges"), 1);
}

/// Fills a store on disk like [`store`] does in memory and buys the CRM; returns the order.
fn store_into(store: &mut Store) -> u32 {
    use common::{buyers_of_each_kind, buying_catalog};
    buying_catalog(store);
    buyers_of_each_kind(store);
    koogallery_core::accounts::top_up(store, &FixedClock(t0()), "1000").unwrap();
    buy(store, "crm")
}

#[test]
fn r_aft_1_a_reseller_customers_reference_only_orders_cannot_be_invoiced() {
    let mut store = store();
    let order = buy_as(&mut store, "cedar-reseller", "crm", t0());
    as_buyer(&mut store, "cedar-reseller");
    let listed = invoices::invoiceable(store.conn()).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(!listed[0].invoiceable);
    assert!(listed[0].reason.as_deref().unwrap().contains("through a reseller"), "{:?}", listed[0].reason);
    let refused = invoices::request(&mut store, &clock(), &form(&[order])).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
    assert!(
        refused
            .to_string()
            .starts_with(&format!("the orders: order {order} cannot be invoiced: it was bought through a reseller")),
        "{refused}"
    );
    assert_eq!(count(&store, "invoices"), 0);
}

#[test]
fn r_aft_1_each_bad_field_is_refused_by_name_and_nothing_is_written() {
    let mut store = store();
    let crm = buy(&mut store, "crm");
    let other = buy_as(&mut store, "borealis-postpaid", "crm", t0());
    as_buyer(&mut store, "acme-prepaid");
    type Change = fn(&mut InvoiceRequest);
    let cases: Vec<(&str, Change, &str)> = vec![
        ("no title", |f| f.title = "   ".into(), "the invoice title is required"),
        ("short title", |f| f.title = "A".into(), "the invoice title must be 2 to 120 characters long (it has 1)"),
        (
            "long title",
            |f| f.title = "T".repeat(121),
            "the invoice title must be 2 to 120 characters long (it has 121)",
        ),
        ("no tax id", |f| f.tax_id = "".into(), "the tax id is required"),
        (
            "tax id symbol",
            |f| f.tax_id = "GB/123".into(),
            "the tax id may hold only letters, digits, - and spaces, not '/'",
        ),
        ("long tax id", |f| f.tax_id = "9".repeat(31), "the tax id must be 2 to 30 characters long (it has 31)"),
        ("short address", |f| f.address = "Rd 1".into(), "the address must be 5 to 300 characters long (it has 4)"),
        ("long address", |f| f.address = "a".repeat(301), "the address must be 5 to 300 characters long (it has 301)"),
        ("no email", |f| f.email = " ".into(), "the email address is required"),
        ("email shape", |f| f.email = "accounts.acme.example".into(), "is not an address like name@company.com"),
        ("email domain", |f| f.email = "a@acme".into(), "is not an address like name@company.com"),
        ("no orders", |f| f.order_ids.clear(), "the orders: pick at least one paid order to invoice"),
    ];
    for (name, change, expected) in cases {
        let mut bad = form(&[crm]);
        change(&mut bad);
        let err = invoices::request(&mut store, &clock(), &bad).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{name}");
        assert!(err.to_string().contains(expected), "{name}: {err}");
    }
    let twice = invoices::request(&mut store, &clock(), &form(&[crm, crm])).unwrap_err();
    assert_eq!(twice.to_string(), format!("the orders: order {crm} is listed twice"));
    let theirs = invoices::request(&mut store, &clock(), &form(&[crm, other])).unwrap_err();
    assert_eq!(theirs.to_string(), format!("the orders: order {other} is not one of this account's orders"));
    assert_eq!((count(&store, "invoices"), count(&store, "invoice_charges")), (0, 0), "nothing written");
}

#[test]
fn r_aft_1_the_operations_manager_issues_and_the_buyer_is_told() {
    let mut store = store();
    let crm = buy(&mut store, "crm");
    let invoice = request(&mut store, &[crm]);
    let not_yet = invoices::issue(&mut store, &clock(), invoice.id).unwrap_err();
    assert_eq!(not_yet.code(), ErrorCode::Forbidden);
    let unsaved = pdf::render(store.conn(), invoice.id).unwrap_err();
    assert_eq!(unsaved.code(), ErrorCode::Conflict);

    let issued = issue(&mut store, invoice.id);
    let number = format!("INV-2026-{:06}", invoice.id);
    assert_eq!((issued.status, issued.number.as_deref()), (InvoiceStatus::Issued, Some(number.as_str())));
    assert_eq!(issued.issued_at.as_deref(), Some("2026-03-03T10:00:00Z"));
    let inbox = messages::list(store.conn(), &Default::default()).unwrap();
    assert_eq!(inbox.messages[0].kind, "invoice_issued");
    assert_eq!(inbox.messages[0].link, Some(messages::MessageLink::Invoices), "it leads to the invoices");
    assert_eq!(inbox.messages[0].title, format!("Invoice {number} issued"));
    assert!(inbox.messages[0].body.contains("49.00"), "{}", inbox.messages[0].body);

    as_operations(&mut store);
    let twice = invoices::issue(&mut store, &clock(), invoice.id).unwrap_err();
    assert_eq!(twice.code(), ErrorCode::Conflict);
    assert_eq!(invoices::list(store.conn()).unwrap().len(), 1, "operations sees every invoice");
    roles::switch(&mut store, &RoleChoice::Seller { seller_id: SELLER.into() }).unwrap();
    assert_eq!(invoices::list(store.conn()).unwrap_err().code(), ErrorCode::Forbidden);
    as_buyer(&mut store, "borealis-postpaid");
    assert_eq!(invoices::show(store.conn(), invoice.id).unwrap_err().code(), ErrorCode::NotFound);
    assert!(invoices::list(store.conn()).unwrap().is_empty());
}

#[test]
fn r_aft_1_a_reissue_keeps_the_orders_and_supersedes_the_old_invoice() {
    let mut store = store();
    let crm = buy(&mut store, "crm");
    let license = buy(&mut store, "db-license");
    let first = request(&mut store, &[crm, license]);
    let correction = InvoiceCorrection { title: Some("Acme Trading Limited".into()), ..Default::default() };
    let early = invoices::reissue(&mut store, &clock(), first.id, &correction).unwrap_err();
    assert_eq!(early.code(), ErrorCode::Conflict, "a submitted invoice is not reissued");
    let first = issue(&mut store, first.id);

    let same = invoices::reissue(&mut store, &clock(), first.id, &InvoiceCorrection::default()).unwrap_err();
    assert_eq!(same.code(), ErrorCode::InvalidInput);
    let bad = InvoiceCorrection { email: Some("nobody".into()), ..Default::default() };
    assert_eq!(invoices::reissue(&mut store, &clock(), first.id, &bad).unwrap_err().code(), ErrorCode::InvalidInput);
    assert_eq!(count(&store, "invoices"), 1, "nothing written");

    let second = invoices::reissue(&mut store, &clock(), first.id, &correction).unwrap();
    assert_eq!(second.status, InvoiceStatus::Issued);
    assert_ne!(second.number, first.number);
    assert_eq!(second.title, "Acme Trading Limited");
    assert_eq!(second.tax_id, first.tax_id, "a field left out keeps its value");
    assert_eq!(second.lines, first.lines, "the same orders and amounts");
    assert_eq!(second.total, first.total);
    assert_eq!(second.reissue_of.as_ref().map(|r| r.number.clone()), Some(first.number.clone()));
    let old = invoices::show(store.conn(), first.id).unwrap();
    assert_eq!(old.status, InvoiceStatus::Superseded);
    assert_eq!(old.superseded_by.as_ref().map(|r| r.id), Some(second.id));

    let again = invoices::reissue(&mut store, &clock(), first.id, &correction).unwrap_err();
    assert_eq!(again.code(), ErrorCode::Conflict);
    assert!(invoices::invoiceable(store.conn()).unwrap().iter().all(|o| !o.invoiceable), "still invoiced once");
    let live: i64 =
        store.conn().query_row("SELECT count(*) FROM invoice_charges WHERE live = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(live, 2);
    assert_eq!(pdf::render(store.conn(), first.id).unwrap_err().code(), ErrorCode::Conflict, "save the new one");
}

#[test]
fn r_aft_1_the_issued_invoice_is_a_pdf_with_its_number_buyer_and_amounts() {
    let mut store = store();
    let crm = buy(&mut store, "crm");
    let license = buy_as(&mut store, "acme-prepaid", "fractions", t0() + Duration::minutes(5));
    let invoice = request(&mut store, &[crm, license]);
    let invoice = issue(&mut store, invoice.id);
    let (_, bytes) = pdf::render(store.conn(), invoice.id).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = pdf_text(&bytes);
    let number = invoice.number.clone().unwrap();
    for expected in [
        format!("Invoice number: {number}"),
        "Acme Trading Ltd".to_string(),
        "Tax id: GB-123 456 789".to_string(),
        "1 Harbour Road".to_string(),
        "Portsmouth PO1 2AB".to_string(),
        "accounts@acme.example".to_string(),
        "49.00".to_string(),
        "33.34".to_string(),
        "82.34".to_string(),
        "0.00".to_string(),
        "Sales CRM".to_string(),
        "Benchmark Data".to_string(),
        pdf::TAX_NOTE.to_string(),
        "Date of issue: 2026-03-03".to_string(),
    ] {
        assert!(text.contains(&expected), "{expected:?} is not shown in {text:?}");
    }

    let dir = tempfile::tempdir().unwrap();
    let first = invoices::save(store.conn(), invoice.id, dir.path()).unwrap();
    let second = invoices::save(store.conn(), invoice.id, dir.path()).unwrap();
    assert_eq!(first.file_name().unwrap().to_str().unwrap(), format!("{number}.pdf"));
    assert_eq!(second.file_name().unwrap().to_str().unwrap(), format!("{number} (1).pdf"), "never over a file");
    assert_eq!(std::fs::read(first).unwrap(), bytes);
}

#[test]
fn r_aft_1_many_orders_flow_onto_more_pages() {
    let mut store = store();
    koogallery_core::accounts::top_up(&mut store, &FixedClock(t0()), "2000").unwrap();
    let orders: Vec<u32> =
        (0..45).map(|i| buy_as(&mut store, "acme-prepaid", "crm", t0() + Duration::minutes(i))).collect();
    let invoice = request(&mut store, &orders);
    issue(&mut store, invoice.id);
    let (_, bytes) = pdf::render(store.conn(), invoice.id).unwrap();
    let text = pdf_text(&bytes);
    assert!(text.iter().any(|t| t.ends_with("page 2 of 2")), "{text:?}");
    assert_eq!(text.iter().filter(|t| *t == "49.00").count(), 45);
    assert!(text.contains(&"2205.00".to_string()));
}

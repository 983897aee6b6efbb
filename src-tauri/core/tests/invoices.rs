//! Invoices (R-AFT-1): every charge of a paid order (its payment, each paid renewal and upgrade)
//! invoiced once, the buyer's details checked field by field, issued by the operations manager
//! with the buyer told (R-AFT-4), reissued with corrected details, and the issued invoice as a
//! PDF document.

mod common;

use chrono::Duration;
use common::supervision::*;
use koogallery_core::catalog::model::BillingPeriod;
use koogallery_core::clock::FixedClock;
use koogallery_core::invoices::{self, pdf, ChargeKind, InvoiceCorrection, InvoiceRequest, InvoiceStatus};
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::subscriptions::upgrade::{self, UpgradeRequest};
use koogallery_core::subscriptions::{self, RenewRequest};
use koogallery_core::{messages, ErrorCode, Store};

fn as_buyer(store: &mut Store, account: &str) {
    roles::switch(store, &RoleChoice::Buyer { account_id: account.into() }).unwrap();
}

fn as_operations(store: &mut Store) {
    roles::switch(store, &RoleChoice::OperationsManager).unwrap();
}

fn clock() -> FixedClock {
    FixedClock(t0() + Duration::days(1))
}

fn form(orders: &[u32]) -> InvoiceRequest {
    InvoiceRequest {
        order_ids: orders.to_vec(),
        title: "  Acme Trading Ltd  ".into(),
        tax_id: "GB-123 456 789".into(),
        address: "1 Harbour Road\nPortsmouth PO1 2AB".into(),
        email: "accounts@acme.example".into(),
    }
}

fn count(store: &Store, table: &str) -> i64 {
    store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

fn request(store: &mut Store, orders: &[u32]) -> invoices::Invoice {
    invoices::request(store, &clock(), &form(orders)).unwrap()
}

fn issue(store: &mut Store, id: u32) -> invoices::Invoice {
    as_operations(store);
    let issued = invoices::issue(store, &clock(), id).unwrap();
    as_buyer(store, "acme-prepaid");
    issued
}

/// The literal strings a PDF shows with `Tj`, decoded from its uncompressed content streams.
fn pdf_text(bytes: &[u8]) -> Vec<String> {
    let mut shown = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'(' {
            i += 1;
            continue;
        }
        let mut text = Vec::new();
        let mut depth = 1;
        i += 1;
        while i < bytes.len() && depth > 0 {
            match bytes[i] {
                b'\\' if i + 1 < bytes.len() => {
                    text.push(bytes[i + 1]);
                    i += 1;
                }
                b'(' => {
                    depth += 1;
                    text.push(b'(');
                }
                b')' => {
                    depth -= 1;
                    if depth > 0 {
                        text.push(b')');
                    }
                }
                c => text.push(c),
            }
            i += 1;
        }
        let rest = &bytes[i..bytes.len().min(i + 4)];
        if rest.starts_with(b"Tj") || rest.starts_with(b" Tj") {
            shown.push(text.iter().map(|&b| b as char).collect());
        }
    }
    shown
}

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
    let inbox = messages::list(store.conn()).unwrap();
    assert_eq!(inbox.messages[0].kind, "invoice_issued");
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

/// Every row of the invoice tables and of what an operation may write besides, as text: to prove
/// a refusal wrote nothing.
fn everything(store: &Store) -> String {
    let mut out = snapshot(store);
    for table in ["invoices", "invoice_charges", "renewals", "upgrades"] {
        out.push_str(&common::table_rows(store, table));
    }
    out
}

fn request_at(store: &mut Store, orders: &[u32], when: &str) -> Result<invoices::Invoice, koogallery_core::CoreError> {
    invoices::request(store, &FixedClock(at(when)), &form(orders))
}

fn subscription_of(store: &Store, order: u32) -> u32 {
    store.conn().query_row("SELECT id FROM subscriptions WHERE order_id = ?1", [order], |r| r.get(0)).unwrap()
}

fn renew_at(store: &mut Store, order: u32, key: &str, when: &str) -> subscriptions::Renewal {
    let request = RenewRequest {
        subscription_id: subscription_of(store, order),
        period: BillingPeriod::Month,
        duration: 1,
        idempotency_key: key.into(),
    };
    with_clock(at(when), |s| subscriptions::renew(store, s, &request)).unwrap()
}

/// The prepaid buyer's five users of Team Wiki (8.00 a user a month), bought 8 March 10:00
/// UTC: 40.00; returns the order.
fn team_of_five(store: &mut Store) -> u32 {
    common::act_for(store, "acme-prepaid");
    let mut checkout = common::monthly_checkout("team", 1, "team-5");
    checkout.configuration.users = Some(5);
    with_clock(at("2026-03-08T10:00:00Z"), |s| koogallery_core::orders::place(store, s, &checkout)).unwrap().order.id
}

/// After the order: 5 to 10 users on 20 March (10 × 8.00 ÷ 31 × 19 − 5 × 8.00 ÷ 31 × 19 = 24.52,
/// R-UP-4), then two renewals of a month at the new count (80.00 each).
fn upgraded_and_renewed_twice(store: &mut Store, order: u32) {
    let request = UpgradeRequest {
        subscription_id: subscription_of(store, order),
        edition: None,
        users: Some(10),
        idempotency_key: "up-1".into(),
    };
    let paid = with_clock(at("2026-03-20T12:00:00Z"), |s| upgrade::pay(store, s, &request)).unwrap();
    assert_eq!(paid.quote.total, "24.52");
    assert_eq!(renew_at(store, order, "r1", "2026-03-22T12:00:00Z").amount, "80.00");
    assert_eq!(renew_at(store, order, "r2", "2026-03-23T12:00:00Z").amount, "80.00");
}

/// Per order with a live invoice line: the sum of its live lines, and what the ledger says the
/// buyer paid for it (the paying side of its payment and credit-use transactions), in cents.
fn invoiced_and_paid(store: &Store) -> Vec<(u32, i64, i64)> {
    store
        .conn()
        .prepare(
            "SELECT ic.order_id, sum(ic.amount_cents),
                    (SELECT -coalesce(sum(e.amount_cents), 0)
                     FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
                     WHERE t.order_id = ic.order_id AND (t.kind = 'payment' OR t.kind = 'credit_use')
                       AND e.amount_cents < 0)
             FROM invoice_charges ic WHERE ic.live = 1 GROUP BY ic.order_id ORDER BY ic.order_id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn never_more_than_paid(store: &Store) {
    for (order, invoiced, paid) in invoiced_and_paid(store) {
        assert!(invoiced <= paid, "order {order}: {invoiced} cents invoiced, {paid} paid");
    }
}

#[test]
fn r_aft_1_renewals_and_an_upgrade_after_the_order_is_invoiced_go_on_a_second_invoice_once() {
    let mut store = store();
    let order = team_of_five(&mut store);
    let first = request_at(&mut store, &[order], "2026-03-09T09:00:00Z").unwrap();
    let kinds = |lines: &[invoices::InvoiceLine]| lines.iter().map(|l| (l.kind, l.amount.clone())).collect::<Vec<_>>();
    assert_eq!(kinds(&first.lines), [(ChargeKind::Order, "40.00".to_string())]);
    assert_eq!(first.lines[0].description, "Standard, 1 month, 5 users");
    let listed = invoices::invoiceable(store.conn()).unwrap();
    let team = listed.iter().find(|o| o.order_id == order).unwrap();
    assert!(!team.invoiceable);
    assert_eq!(team.reason.as_deref(), Some(format!("it is already on invoice {}", first.id).as_str()));

    upgraded_and_renewed_twice(&mut store, order);
    let listed = invoices::invoiceable(store.conn()).unwrap();
    let team = listed.iter().find(|o| o.order_id == order).unwrap();
    assert!(team.invoiceable, "{team:?}");
    assert_eq!((team.reason.as_deref(), team.to_invoice.as_str(), team.amount.as_str()), (None, "184.52", "40.00"));
    assert_eq!(team.invoices.iter().map(|i| i.id).collect::<Vec<_>>(), [first.id], "the order's payment is on it");
    let offered: Vec<(ChargeKind, &str, &str)> =
        team.charges.iter().map(|c| (c.kind, c.amount.as_str(), c.description.as_str())).collect();
    let upgraded = format!("Upgrade of order {order}: 5 to 10 users");
    let renewed_to_may = format!("Renewal of order {order}: Team Wiki, 1 month, to 2026-05-08");
    let renewed_to_june = format!("Renewal of order {order}: Team Wiki, 1 month, to 2026-06-08");
    assert_eq!(
        offered,
        [
            (ChargeKind::Upgrade, "24.52", upgraded.as_str()),
            (ChargeKind::Renewal, "80.00", renewed_to_may.as_str()),
            (ChargeKind::Renewal, "80.00", renewed_to_june.as_str()),
        ]
    );
    assert!(team.charges.iter().all(|c| c.order_id == order && c.product_name == "Team Wiki"));
    assert_eq!(team.charges[0].paid_at, "2026-03-20T12:00:00Z");

    // Asked together with an order with nothing left, the request is refused whole.
    let crm = buy(&mut store, "crm");
    let crm_invoice = request_at(&mut store, &[crm], "2026-03-24T09:00:00Z").unwrap();
    let before = everything(&store);
    let refused = request_at(&mut store, &[order, crm], "2026-03-24T10:00:00Z").unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Conflict);
    assert_eq!(
        refused.to_string(),
        format!("order {crm} is already on invoice {}: an amount is invoiced only once", crm_invoice.id)
    );
    assert_eq!(everything(&store), before, "nothing written");

    let second = request_at(&mut store, &[order], "2026-03-24T10:00:00Z").unwrap();
    assert_eq!(second.lines, team.charges, "the charges offered are the ones invoiced");
    assert_eq!((second.subtotal.as_str(), second.tax.as_str(), second.total.as_str()), ("184.52", "0.00", "184.52"));

    // Nothing is left: asking again is refused and writes nothing.
    let before = everything(&store);
    let again = request_at(&mut store, &[order], "2026-03-24T11:00:00Z").unwrap_err();
    assert_eq!(again.code(), ErrorCode::Conflict);
    assert_eq!(
        again.to_string(),
        format!(
            "order {order} is already on invoice {} and invoice {}: an amount is invoiced only once",
            first.id, second.id
        )
    );
    assert_eq!(everything(&store), before, "nothing written");
    let listed = invoices::invoiceable(store.conn()).unwrap();
    let team = listed.iter().find(|o| o.order_id == order).unwrap();
    assert!(!team.invoiceable && team.charges.is_empty() && team.to_invoice == "0.00", "{team:?}");
    assert_eq!(
        team.reason.as_deref(),
        Some(format!("it is already on invoice {} and invoice {}", first.id, second.id).as_str())
    );
    assert_eq!(invoiced_and_paid(&store), [(order, 22452, 22452), (crm, 4900, 4900)], "all of it, once");
}

#[test]
fn r_aft_1_a_reissue_keeps_the_same_charges_and_never_invoices_one_twice() {
    let mut store = store();
    let order = team_of_five(&mut store);
    request_at(&mut store, &[order], "2026-03-09T09:00:00Z").unwrap();
    upgraded_and_renewed_twice(&mut store, order);
    let second = request_at(&mut store, &[order], "2026-03-24T10:00:00Z").unwrap();
    let second = issue(&mut store, second.id);

    // A third renewal after the invoice: the reissue does not take it, it stays to invoice.
    let third = renew_at(&mut store, order, "r3", "2026-03-25T12:00:00Z");
    let correction = InvoiceCorrection { title: Some("Acme Trading Limited".into()), ..Default::default() };
    let reissued =
        invoices::reissue(&mut store, &FixedClock(at("2026-03-26T09:00:00Z")), second.id, &correction).unwrap();
    assert_eq!(reissued.lines, second.lines, "the same charges, amounts and words");
    assert_eq!(reissued.total, "184.52");
    let lines = |invoice: u32| -> Vec<(String, u32, i64, i64)> {
        store
            .conn()
            .prepare("SELECT kind, charge_id, amount_cents, live FROM invoice_charges WHERE invoice_id = ?1 ORDER BY position")
            .unwrap()
            .query_map([invoice], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let old = lines(second.id);
    let new = lines(reissued.id);
    assert_eq!(old.iter().map(|l| l.3).collect::<Vec<_>>(), [0, 0, 0], "the superseded lines no longer count");
    assert_eq!(
        new.iter().map(|l| (&l.0, l.1, l.2, l.3)).collect::<Vec<_>>(),
        old.iter().map(|l| (&l.0, l.1, l.2, 1)).collect::<Vec<_>>()
    );

    let listed = invoices::invoiceable(store.conn()).unwrap();
    let team = listed.iter().find(|o| o.order_id == order).unwrap();
    let offered: Vec<(ChargeKind, u32, &str)> =
        team.charges.iter().map(|c| (c.kind, c.charge_id, c.amount.as_str())).collect();
    assert_eq!(offered, [(ChargeKind::Renewal, third.id, "80.00")], "only the new renewal");
    assert_eq!(invoiced_and_paid(&store), [(order, 22452, 30452)]);

    // Past every check, the store's unique index refuses a second live line for a charge.
    let renewal = new.iter().find(|l| l.0 == "renewal").unwrap().1;
    store
        .conn()
        .execute(
            "INSERT INTO invoices (account_id, status, title, tax_id, address, email, total_cents, requested_at)
             VALUES ('acme-prepaid', 'submitted', 'x', 'x', 'x', 'x', 8000, 'now')",
            [],
        )
        .unwrap();
    let twice = store.conn().execute(
        "INSERT INTO invoice_charges (invoice_id, kind, charge_id, order_id, position, amount_cents, live)
         VALUES (last_insert_rowid(), 'renewal', ?1, ?2, 1, 8000, 1)",
        [renewal, order],
    );
    assert!(twice.unwrap_err().to_string().contains("UNIQUE"), "the unique index refuses it");

    let last = request_at(&mut store, &[order], "2026-03-27T09:00:00Z").unwrap();
    assert_eq!(last.lines.iter().map(|l| (l.kind, l.charge_id)).collect::<Vec<_>>(), [(ChargeKind::Renewal, third.id)]);
    assert_eq!(invoiced_and_paid(&store), [(order, 30452, 30452)]);
}

#[test]
fn r_aft_1_a_reseller_customers_reference_only_renewal_is_never_offered() {
    let mut store = store();
    let order = buy_as(&mut store, "cedar-reseller", "crm", t0());
    let renewal = renew_at(&mut store, order, "cedar-r1", "2026-03-20T12:00:00Z");
    assert_eq!((renewal.status.as_str(), renewal.amount.as_str()), ("reference_only", "49.00"));
    as_buyer(&mut store, "cedar-reseller");
    let listed = invoices::invoiceable(store.conn()).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(!listed[0].invoiceable);
    assert!(listed[0].charges.is_empty(), "{:?}", listed[0].charges);
    assert_eq!(listed[0].to_invoice, "0.00");
    assert!(listed[0].reason.as_deref().unwrap().contains("through a reseller"), "{:?}", listed[0].reason);
    let before = everything(&store);
    let refused = request_at(&mut store, &[order], "2026-03-21T09:00:00Z").unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
    assert!(refused.to_string().contains("through a reseller"), "{refused}");
    assert_eq!(everything(&store), before, "nothing written");
}

#[test]
fn r_aft_1_the_live_invoice_lines_of_an_order_never_exceed_what_the_ledger_says_was_paid() {
    let mut store = store();
    let crm = buy(&mut store, "crm");
    let license = buy(&mut store, "db-license");
    let team = team_of_five(&mut store);
    never_more_than_paid(&store);
    let first = request_at(&mut store, &[crm, team], "2026-03-09T09:00:00Z").unwrap();
    never_more_than_paid(&store);
    upgraded_and_renewed_twice(&mut store, team);
    renew_at(&mut store, crm, "crm-r1", "2026-03-25T12:00:00Z");
    never_more_than_paid(&store);
    let second = request_at(&mut store, &[team, license, crm], "2026-03-26T09:00:00Z").unwrap();
    never_more_than_paid(&store);
    let first = issue(&mut store, first.id);
    let second = issue(&mut store, second.id);
    let correction = InvoiceCorrection { email: Some("ap@acme.example".into()), ..Default::default() };
    invoices::reissue(&mut store, &clock(), first.id, &correction).unwrap();
    invoices::reissue(&mut store, &clock(), second.id, &correction).unwrap();
    never_more_than_paid(&store);
    assert_eq!(
        invoiced_and_paid(&store),
        [(crm, 9800, 9800), (license, 4900, 4900), (team, 22452, 22452)],
        "every charge invoiced, once"
    );
    assert!(invoices::invoiceable(store.conn()).unwrap().iter().all(|o| !o.invoiceable));
}

#[test]
fn r_aft_1_an_invoice_of_renewals_and_an_upgrade_is_a_pdf_listing_each_charge_and_the_total() {
    let mut store = store();
    let order = team_of_five(&mut store);
    request_at(&mut store, &[order], "2026-03-09T09:00:00Z").unwrap();
    upgraded_and_renewed_twice(&mut store, order);
    let second = request_at(&mut store, &[order], "2026-03-24T10:00:00Z").unwrap();
    let second = issue(&mut store, second.id);
    let (_, bytes) = pdf::render(store.conn(), second.id).unwrap();
    let text = pdf_text(&bytes);
    let all = text.join(" ");
    for expected in [
        format!("Upgrade of order {order}:"),
        "5 to 10 users".to_string(),
        format!("Renewal of order {order}:"),
        "to 2026-05-08".to_string(),
        "to 2026-06-08".to_string(),
        "2026-03-20".to_string(),
        "2026-03-22".to_string(),
    ] {
        assert!(all.contains(&expected), "{expected:?} is not shown in {text:?}");
    }
    let amounts: Vec<&str> = text.iter().map(String::as_str).filter(|t| ["24.52", "80.00"].contains(t)).collect();
    assert_eq!(amounts, ["24.52", "80.00", "80.00"], "each line's amount as stored");
    assert_eq!(text.iter().filter(|t| *t == "184.52").count(), 2, "the subtotal and the total: {text:?}");
    assert!(text.contains(&"0.00".to_string()), "the tax line");
}

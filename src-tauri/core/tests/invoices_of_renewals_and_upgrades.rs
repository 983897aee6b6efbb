//! Invoices of what was paid after the order (R-AFT-1): renewals and upgrades invoiced once,
//! on a second invoice after the order's own, never more than the ledger says was paid, and
//! the PDF listing each charge.

mod common;

use common::invoicing::*;
use common::supervision::*;
use koogallery_core::catalog::model::BillingPeriod;
use koogallery_core::clock::FixedClock;
use koogallery_core::invoices::{self, pdf, ChargeKind, InvoiceCorrection};
use koogallery_core::subscriptions::upgrade::{self, UpgradeRequest};
use koogallery_core::subscriptions::{self, RenewRequest};
use koogallery_core::{ErrorCode, Store};

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

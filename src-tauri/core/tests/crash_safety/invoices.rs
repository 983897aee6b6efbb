//! Invoices (R-AFT-1): the buyer asks for an invoice of a paid order, the operations manager
//! issues it, and the buyer saves it as a PDF into a folder. A kill may leave an invoice asked
//! for but not issued, or issued but not saved: the next worker carries it on. An amount is
//! never on two live invoices, and no PDF in the folder is cut short.

use std::path::{Path, PathBuf};

use chrono::Duration;
use koogallery_core::clock::FixedClock;
use koogallery_core::invoices::{self, pdf, InvoiceRequest};
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::{accounts, ErrorCode, Store};

use super::common::monthly_checkout;
use super::common::supervision::{marketplace_in, t0, with_clock};
use super::harness::{count, writes_nothing, Acks, Kind, Worker};

pub const INVOICE: Kind = Kind {
    name: "invoice",
    doing: "invoicing orders and saving the PDFs",
    stores: &["kg.db"],
    prepare,
    work,
    check,
    window_ms: 60,
};

fn clock() -> FixedClock {
    FixedClock(t0() + Duration::days(1))
}

fn folder(dir: &Path) -> PathBuf {
    dir.join("invoices")
}

fn prepare(dir: &Path) {
    let mut store = Store::open(&dir.join("kg.db")).unwrap();
    marketplace_in(&mut store);
    for _ in 0..10 {
        accounts::top_up(&mut store, &FixedClock(t0()), "1000000").unwrap();
    }
}

fn first(store: &Store, sql: &str) -> Option<u32> {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn as_buyer(store: &mut Store) {
    roles::switch(store, &RoleChoice::Buyer { account_id: "acme-prepaid".into() }).unwrap();
}

fn as_operations(store: &mut Store) {
    roles::switch(store, &RoleChoice::OperationsManager).unwrap();
}

/// Takes the oldest invoice one step further (saved, issued, asked for), or buys an order to
/// invoice; acknowledges an invoice once its PDF is saved.
fn work(dir: &Path, run: u64, worker: &mut Worker) {
    let mut store = Store::open(&dir.join("kg.db")).unwrap();
    worker.ready();
    for n in 0u64.. {
        // The newest issued invoices: a kill between issuing and saving leaves one unsaved.
        let issued: Vec<(u32, String)> = {
            let mut statement = store
                .conn()
                .prepare("SELECT id, number FROM invoices WHERE status = 'issued' ORDER BY id DESC LIMIT 3")
                .unwrap();
            statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
        };
        if let Some((id, _)) = issued.iter().find(|(_, number)| !folder(dir).join(format!("{number}.pdf")).exists()) {
            pdf::save(store.conn(), *id, &folder(dir)).unwrap();
            worker.ack(id);
        } else if let Some(id) = first(&store, "SELECT min(id) FROM invoices WHERE status = 'submitted'") {
            as_operations(&mut store);
            invoices::issue(&mut store, &clock(), id).unwrap();
        } else if let Some(order) = first(
            &store,
            "SELECT min(o.id) FROM orders o WHERE o.status = 'completed'
               AND NOT EXISTS (SELECT 1 FROM invoice_charges c WHERE c.order_id = o.id AND c.live = 1)",
        ) {
            as_buyer(&mut store);
            invoices::request(&mut store, &clock(), &form(order)).unwrap();
        } else {
            as_buyer(&mut store);
            let checkout = monthly_checkout("crm", 1, &format!("run{run}-{n}"));
            with_clock(t0(), |s| koogallery_core::orders::place(&mut store, s, &checkout)).unwrap();
        }
    }
}

fn form(order: u32) -> InvoiceRequest {
    InvoiceRequest {
        order_ids: vec![order],
        title: "Acme Trading Ltd".into(),
        tax_id: "GB-123 456 789".into(),
        address: "1 Harbour Road\nPortsmouth PO1 2AB".into(),
        email: "accounts@acme.example".into(),
    }
}

/// A PDF written whole: its header first and its end-of-file marker last.
fn whole(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-") && bytes.trim_ascii_end().ends_with(b"%%EOF")
}

/// Every acknowledged invoice is issued, with its number, its total its charges' sum, and its
/// PDF saved whole; no amount is on two live invoices; every PDF in the folder is whole; and
/// an issued invoice cannot be issued again.
fn check(dir: &Path, stores: &mut [Store], acks: &Acks<'_>) {
    let store = &mut stores[0];
    let twice = count(
        store,
        "SELECT count(*) FROM (SELECT 1 FROM invoice_charges WHERE live = 1 GROUP BY kind, charge_id HAVING count(*) > 1)",
    );
    assert_eq!(twice, 0, "an amount on two live invoices");
    let wrong_total = count(
        store,
        "SELECT count(*) FROM invoices i
          WHERE i.total_cents <> (SELECT coalesce(sum(c.amount_cents), 0) FROM invoice_charges c WHERE c.invoice_id = i.id)",
    );
    assert_eq!(wrong_total, 0, "an invoice's total is its charges' sum");
    // A kill while saving may leave a hidden partial file, never one under an invoice's name.
    let files = std::fs::read_dir(folder(dir)).into_iter().flatten().map(Result::unwrap);
    for file in files.filter(|f| !f.file_name().to_string_lossy().starts_with('.')) {
        let bytes = std::fs::read(file.path()).unwrap();
        assert!(whole(&bytes), "{} is cut short ({} bytes)", file.path().display(), bytes.len());
    }
    let mut statement = store.conn().prepare("SELECT status, number FROM invoices WHERE id = ?1").unwrap();
    for id in acks.all {
        let (status, number): (String, Option<String>) = statement
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap_or_else(|_| panic!("invoice {id} was lost"));
        let number = number.unwrap_or_else(|| panic!("invoice {id} lost its number"));
        assert_eq!(status, "issued", "invoice {id}");
        assert!(folder(dir).join(format!("{number}.pdf")).exists(), "the PDF of invoice {id} ({number})");
    }
    drop(statement);
    if let Some(id) = acks.new.last() {
        as_operations(store);
        let again = writes_nothing(store, &["invoices", "invoice_charges", "messages"], |s| {
            invoices::issue(s, &clock(), id.parse().unwrap())
        });
        assert_eq!(again.unwrap_err().code(), ErrorCode::Conflict);
    }
}

//! What the invoice tests share: the buyer's details, requesting and issuing as whom the rule
//! asks, and the text a PDF shows.

use chrono::Duration;
use koogallery_core::clock::FixedClock;
use koogallery_core::invoices::{self, InvoiceRequest};
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::Store;

use super::supervision::t0;

pub fn as_buyer(store: &mut Store, account: &str) {
    roles::switch(store, &RoleChoice::Buyer { account_id: account.into() }).unwrap();
}

pub fn as_operations(store: &mut Store) {
    roles::switch(store, &RoleChoice::OperationsManager).unwrap();
}

pub fn clock() -> FixedClock {
    FixedClock(t0() + Duration::days(1))
}

pub fn form(orders: &[u32]) -> InvoiceRequest {
    InvoiceRequest {
        order_ids: orders.to_vec(),
        title: "  Acme Trading Ltd  ".into(),
        tax_id: "GB-123 456 789".into(),
        address: "1 Harbour Road\nPortsmouth PO1 2AB".into(),
        email: "accounts@acme.example".into(),
    }
}

pub fn count(store: &Store, table: &str) -> i64 {
    store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

pub fn request(store: &mut Store, orders: &[u32]) -> invoices::Invoice {
    invoices::request(store, &clock(), &form(orders)).unwrap()
}

pub fn issue(store: &mut Store, id: u32) -> invoices::Invoice {
    as_operations(store);
    let issued = invoices::issue(store, &clock(), id).unwrap();
    as_buyer(store, "acme-prepaid");
    issued
}

/// The literal strings a PDF shows with `Tj`, decoded from its uncompressed content streams.
pub fn pdf_text(bytes: &[u8]) -> Vec<String> {
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

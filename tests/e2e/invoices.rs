//! Billing Center > Invoices as a buyer and the operations manager use it (R-AFT-1): a paid
//! order invoiced, the invoice issued by operations, and saved by the buyer as a PDF whose text
//! carries the invoice's number, its title and the amount.

use crate::buying::{act_as, checkout_from_product};
use crate::driver::App;

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn an_invoice_is_requested_issued_and_saved_as_a_pdf() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    checkout_from_product(&app, "headless-cms-saas", "").await;
    app.click("[data-testid=confirm]").await;
    app.wait_for_text("[data-testid=order-status]", "Completed").await;
    let order = app.url().await.rsplit('/').next().unwrap().to_string();
    let amount = app.text("[data-testid=order-amount]").await;

    // The request: the order ticked, the invoice's details.
    app.open_route("#/billing/invoices").await;
    app.click(&format!("[data-testid=invoice-order-{order}]")).await;
    app.fill("[data-testid=invoice-title]", "Acme Retail Inc.").await;
    app.fill("[data-testid=invoice-tax-id]", "US-12-3456789").await;
    app.fill("[data-testid=invoice-address]", "1 Market Street, Springfield").await;
    app.fill("[data-testid=invoice-email]", "billing@acme-retail.example").await;
    app.screenshot("invoice-01-request").await;
    app.click("[data-testid=invoice-submit]").await;
    let row = app.wait_for("[data-testid^=invoice-row-]").await;
    let id = row.attr("data-testid").await.unwrap().unwrap().trim_start_matches("invoice-row-").to_string();
    app.screenshot("invoice-02-submitted").await;

    // The operations manager issues it.
    act_as(&app, "operations", None).await;
    app.wait_for_text("[data-testid=acting-as]", "Operations").await;
    app.open_route("#/operations/after-sales").await;
    app.click(&format!("[data-testid=issue-invoice-{id}]")).await;
    app.wait_for_text("main", "INV-").await;
    app.screenshot("invoice-03-issued-by-operations").await;

    // The buyer saves it as a PDF and reads it.
    act_as(&app, "buyer", Some("acme-prepaid")).await;
    app.wait_for_text("[data-testid=acting-as]", "Acme").await;
    app.open_route(&format!("#/billing/invoices/{id}")).await;
    app.click("[data-testid=invoice-save]").await;
    app.wait_for_text("[data-testid=invoice-saved-path]", ".pdf").await;
    app.screenshot("invoice-04-saved").await;
    let pdf = std::fs::read_dir(app.downloads())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("the invoice's PDF in Downloads");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{}", pdf.display());
    let text = String::from_utf8_lossy(&bytes);
    let number = pdf.file_stem().unwrap().to_string_lossy().to_string();
    assert!(number.starts_with("INV-") && text.contains(&number), "the number {number} is in its text");
    assert!(text.contains("Acme Retail Inc."), "the title is in its text");
    let figure =
        amount.trim_start_matches(|c: char| !c.is_ascii_digit()).split_whitespace().next().unwrap().replace(',', "");
    assert!(text.contains(&figure), "the amount {figure} is in its text");
    app.close().await;
}

//! Service supervision as the three roles live it, in the real app, switching role where the
//! story does: a license delivered with proof and accepted, then Completed 3 hours later
//! (R-SUP-3, R-BUY-7); a SaaS request rejected three times, appealed and settled for the buyer
//! with a refund (R-SUP-5); a negotiated unsubscription approved and refunded 3 hours later
//! (R-UNS-3). The clock is moved with `kg`, on the app's own store, as a demo does.

use std::path::PathBuf;

use crate::buying::{act_as, checkout_from_product};
use crate::driver::App;

/// Pays the checkout `checkout_from_product` opened and returns the new order's id, from the
/// order page the app lands on.
pub(crate) async fn pay(app: &App) -> String {
    app.click("[data-testid=confirm]").await;
    app.wait_for_text("[data-testid=order-status]", "Processing").await;
    let url = app.url().await;
    url.rsplit('/').next().unwrap().to_string()
}

/// A PDF and a PNG screenshot to attach, made in the test's folder.
pub(crate) fn proof_files(app: &App) -> Vec<PathBuf> {
    let pdf = app.scratch().join("acceptance-document.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").unwrap();
    let png = app.scratch().join("license-validity.png");
    let picture = image::RgbaImage::from_pixel(320, 200, image::Rgba([30, 110, 190, 255]));
    picture.save(&png).unwrap();
    vec![pdf, png]
}

/// Switches role and waits until the app acts as `name`: a switch may also move to another
/// screen, which must not land after the test's next step.
async fn switch_to(app: &App, kind: &str, id: Option<&str>, name: &str) {
    act_as(app, kind, id).await;
    app.wait_for_text("[data-testid=acting-as]", name).await;
}

/// Opens the flow of `order` from the current role's own list, the way each role finds it.
async fn open_flow(app: &App, order: &str) {
    app.open_route(&format!("#/supervision/{order}")).await;
    app.wait_for("[data-testid=flow-step]").await;
}

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_license_is_delivered_with_proof_accepted_and_completed_3_hours_later() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;

    // The buyer pays for a license: it waits for the seller's delivery.
    checkout_from_product(&app, "fleet-config-license", "Fleet Configuration").await;
    let order = pay(&app).await;
    app.click("[data-testid=order-supervision]").await;
    app.wait_for_text("[data-testid=flow-step]", "Seller deploys service").await;
    app.screenshot("sup-a-01-buyer-waits").await;

    // The seller finds it in its queue and delivers with a PDF and a screenshot.
    switch_to(&app, "seller", Some("sentinel-ops"), "Sentinel").await;
    app.click("[data-testid=nav-seller-console]").await;
    app.wait_for(&format!("[data-testid=queue-row-{order}]")).await;
    app.screenshot("sup-a-02-seller-queue").await;
    app.click(&format!("[data-testid=queue-row-{order}] a")).await;
    app.wait_for("[data-testid=deliver-form]").await;
    app.pick_files("[data-testid=deliver-proof]", &proof_files(&app)).await;
    app.fill("[data-testid=deliver-remark]", "License file for 100 nodes; validity screenshot attached").await;
    app.wait_for_text("[data-testid=deliver-files]", "license-validity.png").await;
    app.screenshot("sup-a-03-seller-delivers").await;
    app.click("[data-testid=deliver-submit]").await;
    app.wait_for_text("[data-testid=flow-step]", "Customer accepts product").await;
    assert_eq!(app.count("[data-testid=attachment]").await, 2, "both files on the delivery record");

    // The buyer is told, opens the flow and accepts after the confirmation.
    switch_to(&app, "buyer", Some("acme-prepaid"), "Acme").await;
    app.wait_for_text("[data-testid=messages-badge]", "").await;
    app.click("[data-testid=nav-supervision]").await;
    app.wait_for(&format!("[data-testid=flow-row-{order}]")).await;
    app.screenshot("sup-a-04-buyer-list").await;
    open_flow(&app, &order).await;
    app.wait_for_text("[data-testid=timeline]", "Delivered").await;
    app.screenshot("sup-a-05-buyer-flow-delivered").await;
    app.click("[data-testid=step-accept_delivery]").await;
    app.wait_for_text("[data-testid=accept-dialog]", "cannot be unsubscribed").await;
    app.screenshot("sup-a-06-accept-confirmation").await;
    app.click("[data-testid=confirm-accept]").await;
    app.wait_for_text("[data-testid=flow-step]", "Accepted").await;
    assert!(app.text("[data-testid=flow-due]").await.contains("Completes"));

    // Three hours later: Completed, and the license is in Purchased Apps.
    let fired = app.kg(&["clock", "advance", "3h"]);
    assert!(fired.contains("R-SUP-3"), "{fired}");
    app.open_route("#/my/apps").await;
    open_flow(&app, &order).await;
    app.wait_for_text("[data-testid=flow-step]", "Completed").await;
    app.wait_for_text("[data-testid=chain-status]", "intact").await;
    app.screenshot("sup-a-07-completed").await;
    app.click_text("Purchased Apps").await;
    app.wait_for_text("main", "Fleet Configuration").await;
    app.screenshot("sup-a-08-purchased-apps").await;
    app.close().await;
}

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_saas_request_rejected_three_times_is_appealed_and_settled_for_the_buyer() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;

    // A supervised SaaS product that asks for the seller authorization (R-BUY-4).
    app.open_route("#/products/online-accounting-saas").await;
    app.wait_for_text("[data-testid=product-name]", "Ledgerleaf Online Accounting").await;
    app.wait_for("[data-testid=quote-total]").await;
    app.click("[data-testid=continue-to-submit]").await;
    app.wait_for("[data-testid=order-details] [data-testid=quote-total]").await;
    app.click("[data-testid=accept-terms]").await;
    app.click("[data-testid=authorize-seller]").await;
    app.click("[data-testid=pay-now]").await;
    app.wait_for("[data-testid=payment-step]").await;
    let order = pay(&app).await;

    for round in 1..=3 {
        switch_to(&app, "buyer", Some("acme-prepaid"), "Acme").await;
        open_flow(&app, &order).await;
        app.wait_for_text("[data-testid=flow-step]", "Submit request").await;
        app.wait_for("[data-testid=request-form]").await;
        if round == 1 {
            let template = app.eval("return document.querySelector('[data-testid=request-text]').value").await;
            assert!(
                template.as_str().unwrap_or_default().contains("Fiscal year start"),
                "the seller's template: {template}"
            );
            app.screenshot("sup-b-01-request-template").await;
        }
        app.fill("[data-testid=request-text]", &format!("Acme Retail, attempt {round}: one ledger in USD")).await;
        app.click("[data-testid=request-submit]").await;
        app.wait_for_text("[data-testid=flow-step]", "Seller reviews request").await;

        switch_to(&app, "seller", Some("ledgerleaf"), "Ledgerleaf").await;
        open_flow(&app, &order).await;
        app.click("[data-testid=step-reject_request]").await;
        app.fill("[data-testid=reject-reason]", "Give the tax country and the fiscal year start").await;
        app.click("[data-testid=reject-submit]").await;
        app.wait_for_text("[data-testid=flow-step]", "Submit request").await;
    }
    app.screenshot("sup-b-02-seller-rejected-three-times").await;

    // Three rejections: the buyer may appeal, and does.
    switch_to(&app, "buyer", Some("acme-prepaid"), "Acme").await;
    open_flow(&app, &order).await;
    app.wait_for_text("[data-testid=flow-rejections]", "3").await;
    app.click("[data-testid=step-appeal]").await;
    app.fill(
        "[data-testid=appeal-reason]",
        "The seller rejected my request three times without saying what is missing",
    )
    .await;
    app.screenshot("sup-b-03-buyer-appeals").await;
    app.click("[data-testid=appeal-submit]").await;
    app.wait_for_text("[data-testid=flow-step]", "Frozen").await;
    app.wait_for("[data-testid=step-reason-remind]").await;
    app.screenshot("sup-b-04-frozen").await;

    // The operations manager settles it for the buyer, in full.
    switch_to(&app, "operations", None, "Operations").await;
    app.click("[data-testid=nav-appeals]").await;
    app.wait_for(&format!("[data-testid=appeal-row-{order}]")).await;
    app.screenshot("sup-b-05-appeals-queue").await;
    app.click(&format!("[data-testid=appeal-row-{order}] a")).await;
    app.wait_for("[data-testid=settle-form]").await;
    app.click("[data-testid=settle-for-buyer]").await;
    app.fill("[data-testid=settle-decision]", "The seller gave no reason the buyer could act on: refund in full").await;
    app.screenshot("sup-b-06-case-file").await;
    app.click("[data-testid=settle-submit]").await;
    app.wait_for_text("[data-testid=flow-step]", "Cancelled").await;
    app.click("[data-testid=export-case-file]").await;
    app.wait_for_text("[data-testid=export-path]", "case-order").await;

    // The buyer sees the order cancelled and refunded in My Orders.
    switch_to(&app, "buyer", Some("acme-prepaid"), "Acme").await;
    app.open_route(&format!("#/billing/orders/{order}")).await;
    app.wait_for_text("[data-testid=order-status]", "Cancelled").await;
    app.wait_for_text("[data-testid=ledger-lines]", "refund").await;
    app.screenshot("sup-b-07-refunded-order").await;
    app.close().await;
}

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_negotiated_unsubscription_is_approved_and_refunded_3_hours_later() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    checkout_from_product(&app, "testbench-automation-license", "Forgeworks TestBench Automation").await;
    let order = pay(&app).await;

    // My KooGallery > Unsubscriptions: the amount agreed, a reason, two confirmations.
    app.open_route("#/my/unsubscriptions").await;
    app.wait_for(&format!("[data-testid=unsub-order-{order}]")).await;
    app.screenshot("sup-c-01-unsubscriptions").await;
    app.fill(&format!("[data-testid=unsub-amount-{order}]"), "150.00").await;
    app.click(&format!("[data-testid=unsub-reason-{order}] option[value='No longer needed']")).await;
    app.fill(&format!("[data-testid=unsub-details-{order}]"), "Agreed by phone with Forgeworks: we need fewer seats")
        .await;
    app.click(&format!("[data-testid=unsub-submit-{order}]")).await;
    app.wait_for_text(&format!("[data-testid=unsub-summary-amount-{order}]"), "150.00").await;
    app.screenshot("sup-c-02-confirm").await;
    app.click(&format!("[data-testid=unsub-confirm-{order}]")).await;
    app.wait_for(&format!("[data-testid=unsub-sent-{order}]")).await;

    // The seller approves it with a record of the call.
    switch_to(&app, "seller", Some("forgeworks"), "Forgeworks").await;
    app.click("[data-testid=nav-seller-console]").await;
    app.click("[data-testid=seller-tab-unsubscriptions]").await;
    let request = app.wait_for("[data-testid^=unsub-row-]").await;
    let id = request.attr("data-testid").await.unwrap().unwrap().trim_start_matches("unsub-row-").to_string();
    app.fill(&format!("[data-testid=review-comment-{id}]"), "Agreed on the phone on Monday").await;
    app.pick_files(&format!("[data-testid=review-records-{id}]"), &proof_files(&app)[..1]).await;
    app.screenshot("sup-c-03-seller-reviews").await;
    app.click(&format!("[data-testid=review-approve-{id}]")).await;
    app.wait_for_text(&format!("[data-testid=unsub-row-{id}]"), "Approved").await;

    // Cancelled at once, refunded 3 hours later.
    switch_to(&app, "buyer", Some("acme-prepaid"), "Acme").await;
    app.open_route(&format!("#/billing/orders/{order}")).await;
    app.wait_for_text("[data-testid=order-status]", "Cancelled").await;
    assert!(!app.text("[data-testid=ledger-lines]").await.to_lowercase().contains("refund"), "not yet refunded");
    let fired = app.kg(&["clock", "advance", "3h"]);
    assert!(fired.contains("R-UNS-3"), "{fired}");
    app.open_route("#/my/unsubscriptions").await;
    app.wait_for_text(&format!("[data-testid=unsub-order-{order}]"), "Refunded").await;
    app.screenshot("sup-c-04-refunded").await;
    app.open_route(&format!("#/billing/orders/{order}")).await;
    app.wait_for_text("[data-testid=ledger-lines]", "refund").await;
    app.screenshot("sup-c-05-order-refunded").await;
    app.close().await;
}

/// Every screen of supervision, full (the demo's history) and empty (a seller with no orders),
/// for the screenshots looked at after each change.
#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn the_supervision_screens_full_and_empty() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;

    // The buyer's: flows in several states, messages, unsubscriptions.
    app.click("[data-testid=nav-supervision]").await;
    app.wait_for("[data-testid=flows-table]").await;
    assert!(app.count("[data-testid^=flow-row-]").await >= 3, "the demo buyer's flows");
    app.screenshot("screens-01-service-supervision").await;
    app.click("[data-testid=nav-messages]").await;
    app.wait_for_text("main", "Order").await;
    app.screenshot("screens-02-messages").await;
    app.open_route("#/my/unsubscriptions").await;
    app.wait_for("[data-testid^=unsub-order-]").await;
    app.screenshot("screens-03-unsubscriptions").await;

    // A seller with history: its queue, its unsubscriptions to review, its appeals.
    switch_to(&app, "seller", Some("sentinel-ops"), "Sentinel").await;
    app.open_route("#/seller/unsubscriptions").await;
    app.wait_for("[data-testid^=unsub-row-]").await;
    app.screenshot("screens-04-seller-unsubscriptions").await;
    switch_to(&app, "seller", Some("relaywave"), "Relaywave").await;
    app.open_route("#/seller/appeals").await;
    app.wait_for_text("main", "API").await;
    app.screenshot("screens-05-seller-appeals").await;

    // The operations manager's appeals and a case file.
    switch_to(&app, "operations", None, "Operations").await;
    app.click("[data-testid=nav-appeals]").await;
    app.wait_for("[data-testid^=appeal-row-]").await;
    app.screenshot("screens-06-appeals").await;
    app.click("[data-testid^=appeal-row-] a").await;
    app.wait_for("[data-testid=settle-form]").await;
    app.wait_for_text("[data-testid=chain-status]", "intact").await;
    app.screenshot("screens-07-case-file").await;

    // A seller with no orders at all: every list says so.
    switch_to(&app, "seller", Some("quartz-analytics"), "Quartz").await;
    for (tab, name) in
        [("queue", "08-empty-queue"), ("unsubscriptions", "09-empty-unsubscriptions"), ("appeals", "10-empty-appeals")]
    {
        app.open_route(&format!("#/seller/{tab}")).await;
        app.wait_for("[data-testid=empty-state]").await;
        app.screenshot(&format!("screens-{name}")).await;
    }
    app.click("[data-testid=nav-messages]").await;
    app.wait_for("[data-testid=empty-state]").await;
    app.screenshot("screens-11-empty-messages").await;
    app.close().await;
}

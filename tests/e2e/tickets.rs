//! Service tickets as a buyer and the operations manager use them (R-AFT-3): offered where the
//! guide sends the buyer (a seller who cannot be reached, beside the seller's contact on the
//! flow's page), opened with a screenshot attached, answered by operations, read and closed.

use crate::buying::{act_as, checkout_from_product};
use crate::driver::App;
use crate::supervision::pay;

/// The value of the form control at `css`.
async fn value_of(app: &App, css: &str) -> String {
    let script = format!("return document.querySelector('{css}').value");
    app.eval(&script).await.as_str().unwrap_or_default().to_string()
}

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn r_aft_3_a_buyer_who_cannot_reach_the_seller_opens_a_ticket_that_operations_answer() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;

    // Billing Center > Service tickets, before any.
    app.open_route("#/billing/tickets").await;
    app.wait_for_text("main", "No service tickets").await;
    app.screenshot("tickets-01-empty").await;

    // A license paid for waits on its seller; the flow's page offers a ticket beside the
    // seller's contact, the form filled in with the order and the reason.
    checkout_from_product(&app, "fleet-config-license", "Fleet Configuration").await;
    let order = pay(&app).await;
    app.open_route(&format!("#/supervision/{order}")).await;
    app.click("[data-testid=flow-seller-unreachable]").await;
    app.wait_for("[data-testid=ticket-form]").await;
    app.wait_for(&format!("[data-testid=ticket-order] option[value='{order}']")).await;
    assert_eq!(value_of(&app, "[data-testid=ticket-category]").await, "seller_unreachable");
    assert_eq!(value_of(&app, "[data-testid=ticket-order]").await, order);

    // Sent without saying what happened: refused on the form, nothing opened.
    app.click("[data-testid=ticket-submit]").await;
    app.wait_for("[data-testid=ticket-description-error]").await;
    app.screenshot("tickets-02-description-missing").await;
    let listed = app.invoke("tickets_list", serde_json::json!({})).await;
    assert_eq!(listed["ok"].as_array().map(Vec::len), Some(0), "no ticket was opened: {listed}");

    // Described, with a screenshot of the unanswered emails attached.
    let picture = app.scratch().join("unanswered-emails.png");
    image::RgbaImage::from_pixel(480, 300, image::Rgba([220, 60, 40, 255])).save(&picture).unwrap();
    app.fill(
        "[data-testid=ticket-description]",
        "The license has not been delivered after four days, and the seller has not answered two emails or the phone.",
    )
    .await;
    app.pick_files("[data-testid=ticket-files]", std::slice::from_ref(&picture)).await;
    app.wait_for_text("[data-testid=ticket-picked]", "unanswered-emails.png").await;
    app.screenshot("tickets-03-form").await;
    app.click("[data-testid=ticket-submit]").await;
    app.wait_for("[data-testid=ticket-waiting]").await;
    let id = app.url().await.rsplit('/').next().unwrap().to_string();
    assert_eq!(app.text("[data-testid=ticket-status]").await, "Open");
    assert_eq!(app.count("[data-testid=attachment]").await, 1, "the screenshot is on the ticket");
    assert!(app.text("main").await.contains(&format!("Order #{order}")));
    app.screenshot("tickets-04-opened").await;

    // Operations answers it from After-sales; it leaves the tickets to answer.
    act_as(&app, "operations", None).await;
    app.wait_for_text("[data-testid=acting-as]", "Operations").await;
    app.open_route("#/operations/after-sales").await;
    app.wait_for(&format!("[data-testid=ticket-row-{id}] [data-testid=attachment]")).await;
    let reply = "We reached the seller: the license file will be delivered today, and we follow the order until it is.";
    app.fill(&format!("[data-testid=answer-{id}]"), reply).await;
    app.screenshot("tickets-05-operations-answer").await;
    app.click(&format!("[data-testid=answer-send-{id}]")).await;
    app.wait_for("[data-testid=after-sales-done]").await;
    app.wait_until(&format!("return document.querySelector('[data-testid=ticket-row-{id}]') === null")).await;

    // The buyer is told, finds it answered in the list, reads the answer and closes it.
    act_as(&app, "buyer", Some("acme-prepaid")).await;
    app.wait_for_text("[data-testid=acting-as]", "Acme").await;
    app.click("[data-testid=nav-messages]").await;
    app.wait_for_text("[data-testid=messages-list]", &format!("Service ticket {id} answered")).await;
    app.open_route("#/billing/tickets").await;
    app.wait_for_text(&format!("[data-testid=ticket-row-{id}]"), "Answered").await;
    app.screenshot("tickets-06-list").await;
    app.click(&format!("[data-testid=ticket-row-{id}] a")).await;
    app.wait_for_text("[data-testid=ticket-reply]", "delivered today").await;
    app.click("[data-testid=ticket-close]").await;
    app.wait_for("[data-testid=ticket-closed]").await;
    assert_eq!(app.text("[data-testid=ticket-status]").await, "Closed");
    app.screenshot("tickets-07-closed").await;
    app.close().await;
}

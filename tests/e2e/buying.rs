//! Buying for real, as a buyer does it: checkout from a product page, payment, My Orders, an
//! order's page with its ledger lines, Purchased Apps and the password behind the eye icon.

use crate::driver::App;

/// A prepaid buyer buys an unsupervised SaaS product from its balance and uses it.
#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_prepaid_buyer_buys_saas_from_the_balance_and_reveals_its_password() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;

    // Nothing bought yet: both lists say so.
    app.click_text("My Orders").await;
    app.wait_for("[data-testid=empty-state]").await;
    app.screenshot("buy-01-my-orders-empty").await;

    app.open_route("#/products/server-monitoring-saas").await;
    app.wait_for_text("[data-testid=product-name]", "Sentinel Server Monitor").await;
    app.wait_for("[data-testid=quote-total]").await;
    let price = app.text("[data-testid=quote-total]").await;
    app.click("[data-testid=continue-to-submit]").await;

    // Checkout: the order's details at the product page's price; the terms must be ticked.
    app.wait_for_text("[data-testid=order-details]", "Sentinel Server Monitor").await;
    app.wait_for_text("[data-testid=order-details] [data-testid=quote-total]", &price).await;
    assert_eq!(app.count("[data-testid=authorize-seller]").await, 0, "this product needs no seller authorization");
    app.screenshot("buy-02-checkout").await;
    assert!(
        app.eval("return document.querySelector('[data-testid=pay-now]').disabled").await.as_bool().unwrap_or(false),
        "Pay Now waits for the terms"
    );
    app.click("[data-testid=accept-terms]").await;
    app.click("[data-testid=pay-now]").await;

    // Pay Now: the balance is the way a prepaid account pays.
    app.wait_for("[data-testid=payment-step]").await;
    let options = app.texts("[data-testid=payment-option]").await;
    assert_eq!(options.len(), 1, "{options:?}");
    assert!(options[0].to_lowercase().contains("balance"), "{options:?}");
    app.screenshot("buy-03-payment").await;
    app.click("[data-testid=confirm]").await;

    // The order's page: completed, with a balanced ledger transaction for the amount.
    app.wait_for_text("[data-testid=order-status]", "Completed").await;
    let amount = app.text("[data-testid=order-amount]").await;
    assert!(amount.contains(price.trim_start_matches(|c: char| !c.is_ascii_digit())), "{amount} vs {price}");
    app.wait_for("[data-testid=ledger-lines]").await;
    app.screenshot("buy-04-order-paid").await;

    // My Orders lists it.
    app.click_text("My Orders").await;
    app.wait_for("[data-testid=orders-table] [data-testid=order-row]").await;
    assert_eq!(app.count("[data-testid=order-row]").await, 1);
    let row = app.text("[data-testid=order-row]").await;
    assert!(row.contains("Sentinel Server Monitor") && row.contains("Completed"), "{row}");
    app.screenshot("buy-05-my-orders").await;

    // Purchased Apps: the application information, the password hidden until asked for.
    app.click_text("Purchased Apps").await;
    app.wait_for("[data-testid=apps-list] [data-testid=app-row]").await;
    app.screenshot("buy-06-purchased-apps").await;
    app.click("[data-testid=apps-list] [data-testid=app-row] a").await;
    app.wait_for("[data-testid=saas-access]").await;
    assert!(!app.text("[data-testid=saas-user]").await.trim().is_empty());
    let hidden = app.text("[data-testid=password-value]").await;
    assert!(hidden.chars().all(|c| c == '•'), "hidden at first: {hidden:?}");
    app.screenshot("buy-07-app-password-hidden").await;
    app.click("[data-testid=password-eye]").await;
    let revealed = app.wait_for_text_other_than("[data-testid=password-value]", &hidden).await;
    assert!(revealed.trim().len() >= 8, "{revealed:?}");
    app.screenshot("buy-08-app-password-revealed").await;

    app.close().await;
}

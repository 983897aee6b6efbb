//! Buying for real, as a buyer does it: checkout from a product page, payment, My Orders, an
//! order's page with its ledger lines, Purchased Apps and the password behind the eye icon.

use crate::driver::App;

/// A prepaid buyer buys an unsupervised SaaS product from its balance and uses it.
#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_prepaid_buyer_buys_saas_from_the_balance_and_reveals_its_password() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;

    // My Orders holds the demo account's history so far.
    app.click_text("My Orders").await;
    app.wait_for("[data-testid=orders-table] [data-testid=order-row]").await;
    let before = app.count("[data-testid=order-row]").await;
    app.screenshot("buy-01-my-orders-before").await;

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
    assert_eq!(app.count("[data-testid=order-row]").await, before + 1);
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

    // Its user guide, downloaded from Resource Details.
    app.click("[data-testid=app-guide] [data-testid=user-guide-download]").await;
    app.wait_for_text("[data-testid=user-guide-saved]", "server-monitoring-saas").await;
    assert!(app.downloads().join("server-monitoring-saas.pdf").is_file());

    app.close().await;
}

/// Acts as someone else through the top bar's switcher: `kind` is `buyer`, `seller` or
/// `operations`, `value` the account's or seller's id.
pub(crate) async fn act_as(app: &App, kind: &str, value: Option<&str>) {
    app.click("[data-testid=acting-as]").await;
    app.wait_for("[data-testid=acting-as-menu]").await;
    let css = match value {
        Some(id) => format!("[data-testid=act-as-{kind}][data-value='{id}']"),
        None => format!("[data-testid=act-as-{kind}]"),
    };
    app.click(&css).await;
}

/// Continues to Submit the product page's default configuration, ticks the terms and pays.
pub(crate) async fn checkout_from_product(app: &App, product: &str, name: &str) {
    app.open_route(&format!("#/products/{product}")).await;
    app.wait_for_text("[data-testid=product-name]", name).await;
    app.wait_for("[data-testid=quote-total]").await;
    app.click("[data-testid=continue-to-submit]").await;
    app.wait_for_text("[data-testid=order-details]", name).await;
    app.wait_for("[data-testid=order-details] [data-testid=quote-total]").await;
    app.click("[data-testid=accept-terms]").await;
    app.click("[data-testid=pay-now]").await;
    app.wait_for("[data-testid=payment-step]").await;
}

/// A reseller customer's order is for reference only: no payment method, nothing charged. The
/// seller then sees it in Seller Center, and operations in the list of every order.
#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_reseller_customer_orders_for_reference_only_and_the_seller_sees_the_order() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    // The switcher's menu: the three buyer accounts, the sellers, the operations manager.
    app.click("[data-testid=acting-as]").await;
    app.wait_for("[data-testid=acting-as-menu]").await;
    assert_eq!(app.count("[data-testid=act-as-buyer]").await, 3);
    assert_eq!(app.count("[data-testid=act-as-seller]").await, 16);
    app.screenshot("resell-00-switcher").await;
    app.click("[data-testid=act-as-buyer][data-value='cedar-reseller']").await;
    app.wait_for_text("[data-testid=acting-as]", "Buyer").await;
    app.wait_for_text("[data-testid=acting-as]", "Cedar").await;

    checkout_from_product(&app, "server-monitoring-saas", "Sentinel Server Monitor").await;
    assert!(app.text("[data-testid=reference-only]").await.contains("For reference only"));
    assert_eq!(app.count("[data-testid=payment-option]").await, 0, "a reseller customer picks no payment method");
    app.screenshot("resell-01-confirm").await;
    app.click("[data-testid=confirm]").await;

    app.wait_for_text("[data-testid=order-status]", "Completed").await;
    assert!(app.text("[data-testid=order-amount]").await.contains("for reference only"));
    assert_eq!(app.count("[data-testid=ledger-lines]").await, 0, "no money moved");
    app.screenshot("resell-02-order").await;

    act_as(&app, "seller", Some("sentinel-ops")).await;
    app.wait_for_text("h1", "Seller Center: Sentinel Ops Tools").await;
    app.wait_for_text("[data-testid=order-buyer]", "Cedar").await;
    assert!(app.text("[data-testid=order-row]").await.contains("Sentinel Server Monitor"));
    app.screenshot("resell-03-seller-center").await;

    act_as(&app, "operations", None).await;
    // Every order of the marketplace, the new one first beside the demo history.
    app.wait_for_text("[data-testid=order-counts]", "completed").await;
    assert!(app.text("[data-testid=order-row]").await.contains("Sentinel Server Monitor"));
    app.screenshot("resell-04-operations").await;
    app.close().await;
}

/// The declined test card: the error is shown at checkout, the order is cancelled and nothing
/// is charged; paying again with the good card works.
#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_declined_card_shows_the_error_and_charges_nothing() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    act_as(&app, "buyer", Some("borealis-postpaid")).await;
    app.wait_for_text("[data-testid=acting-as]", "Borealis").await;

    checkout_from_product(&app, "server-monitoring-saas", "Sentinel Server Monitor").await;
    let options = app.texts("[data-testid=payment-option]").await;
    let declined = options.iter().position(|o| o.contains("0002")).expect("the declined test card is on file");
    app.click(&format!("[data-testid=payment-option]:nth-child({}) input", declined + 1)).await;
    app.click("[data-testid=confirm]").await;
    app.wait_for_text("[data-testid=checkout-error]", "declined").await;
    assert!(app.text("[data-testid=checkout-error]").await.contains("nothing was charged"));
    app.screenshot("declined-01-error").await;

    app.click_text("My Orders").await;
    app.wait_for_text("[data-testid=order-row]", "Cancelled").await;
    app.click("[data-testid=order-row] a").await;
    app.wait_for_text("[data-testid=order-status]", "Cancelled").await;
    assert_eq!(app.count("[data-testid=ledger-lines]").await, 0, "nothing was charged");
    app.screenshot("declined-02-cancelled-order").await;

    // The account: credit untouched.
    app.click_text("Account").await;
    app.wait_for_text("[data-testid=credit-available]", "$5,000.00").await;
    app.screenshot("declined-03-account").await;
    app.close().await;
}

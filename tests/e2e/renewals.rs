//! Billing Center > Renewals as a buyer uses it (R-REN-1, R-REN-2): a month of SaaS expires,
//! the clock moves into its grace period, and the buyer renews from Renewals and reads the new
//! expiry counted from the original one. The clock is moved with `kg` on the app's own store.

use serde_json::Value;

use crate::buying::checkout_from_product;
use crate::driver::App;

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_subscription_in_grace_is_renewed_from_its_original_expiry() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    // A fixed day, so that the dates read the same on every run.
    app.kg(&["clock", "set", "2026-03-08T15:00:00Z"]);
    checkout_from_product(&app, "headless-cms-saas", "").await;
    app.click("[data-testid=confirm]").await;
    app.wait_for_text("[data-testid=order-status]", "Completed").await;

    let list: Value = serde_json::from_str(&app.kg(&["subscription", "list", "--json"])).unwrap();
    let mine = list.as_array().unwrap().iter().find(|s| s["product_id"] == "headless-cms-saas").unwrap().clone();
    let id = mine["id"].to_string();
    assert_eq!(mine["expires_at"], "2026-04-09T03:59:59Z", "8 April 23:59:59 in New York (R-MT-4)");

    // Renewals lists it as active; the clock moves past the expiry into grace.
    app.open_route("#/billing/renewals").await;
    app.wait_for(&format!("[data-testid=subscription-row-{id}]")).await;
    app.screenshot("renew-01-renewals-active").await;
    let fired = app.kg(&["clock", "set", "2026-04-20T14:00:00Z"]);
    assert!(fired.contains("R-REN-1"), "{fired}");
    app.open_route("#/").await;
    app.open_route("#/billing/renewals").await;
    app.wait_for_text(&format!("[data-testid=subscription-row-{id}]"), "Grace").await;
    app.screenshot("renew-02-renewals-in-grace").await;

    // Its page: the timeline, then a month's renewal quoted from 8 April, not from today.
    app.click(&format!("[data-testid=subscription-row-{id}] a")).await;
    app.wait_for("[data-testid=timeline] [data-testid=timeline-event]").await;
    app.wait_for("[data-testid=renew-quote-to]").await;
    app.wait_for("[data-testid=renew-from-original]").await;
    let to = app.text("[data-testid=renew-quote-to]").await;
    assert!(to.contains("May") || to.contains("05"), "a month from 8 April: {to}");
    app.screenshot("renew-03-subscription-quote").await;
    app.click("[data-testid=renew-pay]").await;
    app.wait_for("[data-testid=renew-done]").await;
    app.screenshot("renew-04-renewed").await;

    let renewed: Value = serde_json::from_str(&app.kg(&["subscription", "show", &id, "--json"])).unwrap();
    assert_eq!(renewed["subscription"]["state"], "active");
    assert_eq!(renewed["subscription"]["expires_at"], "2026-05-09T03:59:59Z", "8 May 23:59:59 in New York (R-REN-2)");
    app.close().await;
}

/// Upgrade Specification (R-UP-4, R-UP-2): more users on a per-user SaaS subscription, the fee
/// explained line by line with its rule ids and arithmetic, then paid.
#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn more_users_are_quoted_with_an_explained_fee_and_paid() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    app.kg(&["clock", "set", "2026-03-08T15:00:00Z"]);
    checkout_from_product(&app, "bi-dashboard-saas", "").await;
    app.click("[data-testid=confirm]").await;
    app.wait_for_text("[data-testid=order-status]", "Completed").await;
    let list: Value = serde_json::from_str(&app.kg(&["subscription", "list", "--json"])).unwrap();
    let mine = list.as_array().unwrap().iter().find(|s| s["product_id"] == "bi-dashboard-saas").unwrap().clone();
    let (id, users) = (mine["id"].to_string(), mine["users"].as_u64().unwrap());
    app.kg(&["clock", "set", "2026-03-20T16:00:00Z"]);

    app.open_route(&format!("#/billing/renewals/{id}")).await;
    app.wait_for("[data-testid=upgrade]").await;
    app.fill("[data-testid=upgrade-users]", &(users + 5).to_string()).await;
    app.wait_for("[data-testid=upgrade-line]").await;
    app.wait_for_text("[data-testid=upgrade-total]", ".").await;
    let rules = app.texts("[data-testid=upgrade-rule]").await;
    assert!(rules.iter().any(|r| r.contains("R-UP-4")), "{rules:?}");
    let arithmetic = app.texts("[data-testid=upgrade-arithmetic]").await.join(" | ");
    assert!(arithmetic.contains("19 days"), "19 days left of 31: {arithmetic}");
    app.eval("document.querySelector('[data-testid=upgrade-total]').scrollIntoView({ block: 'center' }); return null;")
        .await;
    app.screenshot("upgrade-01-explained-fee").await;
    app.click("[data-testid=upgrade-pay]").await;
    app.wait_for("[data-testid=upgrade-done]").await;
    app.screenshot("upgrade-02-paid").await;
    let shown: Value = serde_json::from_str(&app.kg(&["subscription", "show", &id, "--json"])).unwrap();
    assert_eq!(shown["subscription"]["users"].as_u64(), Some(users + 5), "effective at once (R-UP-5)");
    app.close().await;
}

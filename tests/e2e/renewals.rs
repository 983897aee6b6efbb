//! Billing Center > Renewals as a buyer uses it (R-REN-1, R-REN-2): a month of SaaS expires,
//! the clock moves into its grace period, and the buyer renews from Renewals and reads the new
//! expiry counted from the original one. The clock is moved with `kg` on the app's own store.

use serde_json::Value;

use crate::buying::checkout_from_product;
use crate::driver::{kg_on, App};

/// `kg order place` for a month of the Headless CMS's Team edition, as the buyer acted for.
const PLACE_CMS_TEAM: [&str; 8] =
    ["order", "place", "--product", "headless-cms-saas", "--edition", "team", "--billing", "yearly_monthly"];

/// The buyer, in New York, buys a month of the Headless CMS on a fixed day (8 March 2026,
/// 15:00 UTC), so that the dates read the same on every run; returns its subscription's id.
async fn cms_month_bought_on_8_march(app: &App) -> String {
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    app.kg(&["clock", "set", "2026-03-08T15:00:00Z"]);
    checkout_from_product(app, "headless-cms-saas", "").await;
    app.click("[data-testid=confirm]").await;
    app.wait_for_text("[data-testid=order-status]", "Completed").await;
    let list: Value = serde_json::from_str(&app.kg(&["subscription", "list", "--limit", "100", "--json"])).unwrap();
    let mine =
        list["items"].as_array().unwrap().iter().find(|s| s["product_id"] == "headless-cms-saas").unwrap().clone();
    assert_eq!(mine["expires_at"], "2026-04-09T03:59:59Z", "8 April 23:59:59 in New York (R-MT-4)");
    mine["id"].to_string()
}

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_subscription_in_grace_is_renewed_from_its_original_expiry() {
    let app = App::launch().await;
    let id = cms_month_bought_on_8_march(&app).await;

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

    // The "In grace" tab holds it, with its count, and so does a search for its name there.
    app.click("[data-testid=renewals-tab-grace]").await;
    app.wait_until("return location.hash.includes('tab=grace')").await;
    app.wait_for(&format!("[data-testid=subscription-row-{id}]")).await;
    let in_grace: usize = app.text("[data-testid=renewals-tab-count-grace]").await.trim().parse().unwrap();
    assert_eq!(app.count("[data-testid=subscriptions-table] tbody tr").await, in_grace.min(20));
    app.fill("[data-testid=renewals-search]", "headless").await;
    app.wait_until("return location.hash.includes('product=headless')").await;
    app.wait_for_text("[data-testid=renewals-tab-count-grace]", "1").await;
    app.wait_for(&format!("[data-testid=subscription-row-{id}]")).await;
    app.screenshot("renew-02b-renewals-grace-tab-searched").await;

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

    // Back in Renewals, the same tab and search: it is no longer in grace.
    app.open_route("#/billing/renewals?tab=grace&product=headless").await;
    app.wait_for("[data-testid=renewals-show-all]").await;
    assert_eq!(app.count(&format!("[data-testid=subscription-row-{id}]")).await, 0);
    app.screenshot("renew-05-renewals-grace-tab-empty").await;

    let renewed: Value = serde_json::from_str(&app.kg(&["subscription", "show", &id, "--json"])).unwrap();
    assert_eq!(renewed["subscription"]["state"], "active");
    assert_eq!(renewed["subscription"]["expires_at"], "2026-05-09T03:59:59Z", "8 May 23:59:59 in New York (R-REN-2)");
    app.close().await;
}

/// Billing Center > Account: the buyer moves to Tokyo, and Renewals follows (R-MT-4, R-REN-3):
/// the expiry sold shown in the new zone, the automatic renewal at 03:00 there, seven days
/// before the expiry's date there.
#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn r_mt_4_the_buyer_changes_time_zone_and_renewals_follow_it() {
    let app = App::launch().await;
    let id = cms_month_bought_on_8_march(&app).await;
    app.kg(&["autorenew", "on", &id]);

    // In New York: 8 April 23:59, charged 1 April at 03:00.
    let row = format!("[data-testid=subscription-row-{id}]");
    app.open_route("#/billing/renewals").await;
    app.wait_for_text(&row, "2026-04-08 23:59").await;
    assert!(app.text(&row).await.contains("next charge 2026-04-01 03:00"), "{}", app.text(&row).await);

    app.open_route("#/billing/account").await;
    app.click("[data-testid=time-zone] option[value='Asia/Tokyo']").await;
    app.click("[data-testid=save-time-zone]").await;
    app.wait_for_text("main", "Time zone saved: Asia/Tokyo").await;
    app.screenshot("renew-08-account-time-zone-saved").await;

    // In Tokyo the same expiry is 9 April 12:59; seven days before is 2 April, at 03:00 there.
    app.open_route("#/billing/renewals").await;
    app.wait_for_text(&row, "2026-04-09 12:59").await;
    assert!(app.text(&row).await.contains("next charge 2026-04-02 03:00"), "{}", app.text(&row).await);
    app.screenshot("renew-09-renewals-in-the-new-zone").await;
    let shown: Value = serde_json::from_str(&app.kg(&["subscription", "show", &id, "--json"])).unwrap();
    assert_eq!(shown["subscription"]["expires_at"], "2026-04-09T03:59:59Z", "the term sold is kept");
    assert_eq!(shown["subscription"]["next_auto_renewal"], "2026-04-01T18:00:00Z", "2 April 03:00 in Tokyo");
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
    let list: Value = serde_json::from_str(&app.kg(&["subscription", "list", "--limit", "100", "--json"])).unwrap();
    let mine =
        list["items"].as_array().unwrap().iter().find(|s| s["product_id"] == "bi-dashboard-saas").unwrap().clone();
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

/// Standard unsubscription of a yearly/monthly image (R-UNS-2): the refund's breakdown shown
/// before the buyer confirms twice, then refunded and the ECS released at once.
#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_monthly_image_is_unsubscribed_with_its_breakdown_and_its_ecs_released() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    app.kg(&["clock", "set", "2026-03-02T15:30:00Z"]);
    let made: Value = serde_json::from_str(&app.kg_input(
        &[
            "image",
            "provision",
            "--product",
            "mysql-8-database-image",
            "--flavour",
            "s6.large.2",
            "--accept-agreements",
            "--mode",
            "custom",
            "--billing",
            "yearly_monthly",
            "--duration",
            "1",
            "--idempotency-key",
            "img-1",
            "--new-vpc-name",
            "vpc-shop",
            "--new-vpc-cidr",
            "192.168.0.0/16",
            "--json",
        ],
        "Kg-Demo-2026!\n",
    ))
    .unwrap();
    let order = made["order"]["order"]["id"].to_string();
    let instance = made["instances"][0]["id"].to_string();
    app.kg(&["clock", "set", "2026-03-06T19:45:00Z"]);

    app.open_route("#/my/unsubscriptions").await;
    app.click(&format!("[data-testid=unsub-standard-quote-{order}]")).await;
    app.wait_for(&format!("[data-testid=unsub-standard-lines-{order}]")).await;
    let lines = app.text(&format!("[data-testid=unsub-standard-lines-{order}]")).await;
    assert!(lines.contains("R-UNS-2") || lines.to_lowercase().contains("hours"), "the breakdown: {lines}");
    app.eval(&format!(
        "document.querySelector('[data-testid=unsub-standard-lines-{order}]').scrollIntoView({{ block: 'center' }}); return null;"
    ))
    .await;
    app.screenshot("unsub-image-01-breakdown").await;
    app.click(&format!("[data-testid=unsub-standard-start-{order}]")).await;
    app.wait_for(&format!("[data-testid=unsub-standard-confirm-text-{order}]")).await;
    app.click(&format!("[data-testid=unsub-standard-confirm-{order}]")).await;
    // Done, the order reads as unsubscribed: its result stays above it.
    app.wait_for(&format!("[data-testid=unsub-sent-{order}], [data-testid=unsub-standard-error-{order}]")).await;
    if app.count(&format!("[data-testid=unsub-standard-error-{order}]")).await > 0 {
        app.screenshot("unsub-image-failed").await;
        panic!("refused: {}", app.text(&format!("[data-testid=unsub-standard-error-{order}]")).await);
    }
    app.screenshot("unsub-image-02-done").await;

    let ecs: Value = serde_json::from_str(&app.kg(&["ecs", "show", &instance, "--json"])).unwrap();
    assert_eq!(ecs["state"], "deleted", "released at once");
    let shown: Value = serde_json::from_str(&app.kg(&["order", "show", &order, "--json"])).unwrap();
    assert_eq!(shown["order"]["status"], "cancelled");
    assert!(shown["ledger"].as_array().unwrap().iter().any(|l| l["kind"] == "refund"), "refunded: {}", shown["ledger"]);
    app.close().await;
}

/// A buyer with more subscriptions than a page holds: Renewals shows twenty, says how many in
/// all, and the next page and the browser's Back button move between them.
#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn many_subscriptions_come_a_page_at_a_time() {
    let app = App::launch_on(|db| {
        kg_on(db, &["demo", "reset"], "");
        kg_on(db, &["account", "topup", "5000"], "");
        for n in 0..24 {
            let key = format!("many-{n}");
            kg_on(
                db,
                &[&PLACE_CMS_TEAM[..], &["--duration", "1", "--accept-terms", "--idempotency-key", &key]].concat(),
                "",
            );
        }
    })
    .await;
    let total = {
        let list: Value = serde_json::from_str(&app.kg(&["subscription", "list", "--json"])).unwrap();
        list["total"].as_u64().unwrap()
    };
    assert!(total > 24, "the demo buyer's own and the 24 bought: {total}");
    app.open_route("#/billing/renewals").await;
    app.wait_for_text("[data-testid=renewals-range]", &format!("1–20 of {total}")).await;
    assert_eq!(app.count("[data-testid=subscriptions-table] tbody tr").await, 20);
    app.screenshot("renew-06-renewals-first-page").await;

    app.click("[data-testid=renewals-next]").await;
    app.wait_for_text("[data-testid=renewals-range]", &format!("21–{total} of {total}")).await;
    assert_eq!(app.count("[data-testid=subscriptions-table] tbody tr").await as u64, total - 20);
    app.screenshot("renew-07-renewals-last-page").await;
    app.go_back().await;
    app.wait_for_text("[data-testid=renewals-range]", &format!("1–20 of {total}")).await;
    app.close().await;
}

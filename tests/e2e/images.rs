//! Images on cloud servers, as a buyer does it: quick provisioning of the demo MySQL image
//! with the agencies agreed first, and customized provisioning step by step with a new VPC
//! and an EIP; each ends with the instance in the ECS console.

use crate::driver::App;

const WEAK: &str = "root1234";
const STRONG: &str = "Kg-Demo-2026!";

async fn disabled(app: &App, css: &str) -> bool {
    app.eval(&format!("return document.querySelector('{css}').disabled")).await.as_bool().unwrap_or(false)
}

async fn value(app: &App, css: &str) -> serde_json::Value {
    app.eval(&format!("const e = document.querySelector('{css}'); return e.type === 'checkbox' ? e.checked : e.value"))
        .await
}

/// The prepaid demo buyer has no VPC: quick provisioning creates one, asks for the agencies
/// (with their actions) before going on, refuses a weak password, and lands in the console.
#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_buyer_quickly_provisions_the_mysql_image_after_agreeing_to_the_agencies() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps]").await;

    // The console starts empty.
    app.click("[data-testid=nav-ecs]").await;
    app.wait_for_text("[data-testid=empty-state]", "No ECS instances yet").await;
    app.screenshot("img-01-ecs-console-empty").await;

    app.open_route("#/products/mysql-8-database-image").await;
    app.wait_for("[data-testid=quote-total]").await;
    assert_eq!(app.count("[data-testid=continue-to-submit]").await, 0, "an image is not bought at checkout");
    app.eval(
        "document.querySelector('[data-testid=quick-provisioning]').scrollIntoView({block: 'center'}); return true",
    )
    .await;
    app.screenshot("img-02-product-image-buttons").await;
    app.click("[data-testid=quick-provisioning]").await;

    // One page: the flavour, a VPC to create (there is none), the seller's group, the fees.
    app.wait_for("[data-testid=section-network] [data-testid=no-vpc]").await;
    assert_eq!(value(&app, "[data-testid=vpc-name]").await, "vpc-koogallery");
    assert_eq!(value(&app, "[data-testid=group-recommended]").await, "recommended");
    app.wait_for_text("[data-testid=fees] [data-testid=quote-lines]", "Image").await;
    let lines = app.text("[data-testid=fees] [data-testid=quote-lines]").await;
    assert!(lines.contains("ECS"), "image and ECS itemised: {lines}");

    // A weak password: each rule says what is wrong, and Quickly Enable stays disabled.
    app.fill("[data-testid=password-input]", WEAK).await;
    app.fill("[data-testid=password-confirm]", WEAK).await;
    app.click("[data-testid=accept-agreements]").await;
    app.wait_until("return document.querySelectorAll('[data-testid=password-rule][data-met=false]').length === 2")
        .await;
    assert!(app.text("[data-testid=password-rules]").await.contains("root"));
    assert!(disabled(&app, "[data-testid=quickly-enable]").await, "a weak password cannot be submitted");
    app.eval("document.querySelector('[data-testid=password-rules]').scrollIntoView({block: 'center'}); return true")
        .await;
    app.screenshot("img-03-quick-weak-password").await;

    // A strong one: every rule met.
    app.fill("[data-testid=password-input]", STRONG).await;
    app.fill("[data-testid=password-confirm]", STRONG).await;
    app.wait_until("return document.querySelectorAll('[data-testid=password-rule][data-met=false]').length === 0")
        .await;
    app.wait_until("return !document.querySelector('[data-testid=quickly-enable]').disabled").await;
    app.eval("window.scrollTo(0, document.body.scrollHeight); return true").await;
    app.screenshot("img-04-quick-ready").await;
    app.click("[data-testid=quickly-enable]").await;

    // The agencies, with their policies' actions, before anything is agreed.
    app.wait_for("[data-testid=agency-dialog]").await;
    assert_eq!(app.count("[data-testid=agency-to-authorize]").await, 2);
    let dialog = app.text("[data-testid=agency-dialog]").await;
    for needle in ["mkp_agency_trust", "mkp_rfs_agency_trust", "mkp_deployment_policy", "Resource Formation Service"] {
        assert!(dialog.contains(needle), "{needle} in {dialog}");
    }
    assert!(app.count("[data-testid=agency-actions] li").await > 2, "the actions are listed");
    app.screenshot("img-05-agency-dialog").await;
    app.click("[data-testid=agency-agree]").await;

    // The ECS console, the new instance highlighted and running.
    app.wait_for("[data-testid=ecs-row].highlight").await;
    assert!(app.url().await.contains("#/ecs?highlight="), "{}", app.url().await);
    let row = app.text("[data-testid=ecs-row].highlight").await;
    assert!(row.contains("MySQL 8.0") && row.contains("Running"), "{row}");
    // A month from now, at 23:59 in the buyer's time zone (R-MT-4).
    assert!(row.contains("23:59"), "{row}");
    app.screenshot("img-06-ecs-console-new").await;

    // Stop it, confirmed, then see the agencies it needed.
    app.click("[data-testid=ecs-row].highlight [data-testid=ecs-stop]").await;
    app.wait_for_text("[data-testid=ecs-confirm]", "still billed").await;
    app.screenshot("img-07-ecs-confirm-stop").await;
    app.click("[data-testid=ecs-confirm-action]").await;
    app.wait_for_text("[data-testid=ecs-row] [data-testid=ecs-state]", "Stopped").await;
    app.screenshot("img-08-ecs-stopped").await;

    app.open_route("#/agencies").await;
    app.wait_for("[data-testid=agencies-list]").await;
    assert_eq!(app.count("[data-testid=agency-row]").await, 2);
    app.screenshot("img-09-agencies").await;
    app.open_route("#/billing/bills").await;
    app.wait_for("h1").await;
    app.wait_for("[data-testid=empty-state], [data-testid=bills-table]").await;
    app.screenshot("img-10-bills").await;

    app.close().await;
}

/// Customized: Buy ECS → Configure Network (a new VPC, an EIP) → Advanced Settings → Confirm,
/// back and forth keeping the entries, then Submit and pay from the prepaid balance.
#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_buyer_provisions_step_by_step_with_a_new_vpc_and_an_eip_and_pays() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps]").await;
    app.open_route("#/products/mysql-8-database-image").await;
    app.wait_for("[data-testid=quote-total]").await;
    app.click("[data-testid=customized-provisioning]").await;

    // Buy ECS: pay-per-use, the recommended flavour.
    app.wait_for("[data-testid=section-ecs]").await;
    app.click("[data-testid=billing-pay_per_use]").await;
    assert_eq!(value(&app, "[data-testid=flavour-select]").await, "s6.large.2");
    app.screenshot("img-11-custom-buy-ecs").await;
    app.click("[data-testid=wizard-next]").await;

    // Configure Network: a new VPC and an EIP of 10 Mbit/s.
    app.wait_for("[data-testid=section-network]").await;
    app.fill("[data-testid=vpc-name]", "vpc-shop").await;
    app.fill("[data-testid=vpc-cidr]", "10.0.0.0/16").await;
    app.click("[data-testid=eip-enabled]").await;
    app.fill("[data-testid=eip-bandwidth]", "10").await;
    app.screenshot("img-12-custom-network").await;
    app.click("[data-testid=wizard-next]").await;

    // Advanced Settings: name and password.
    app.wait_for("[data-testid=section-advanced]").await;
    app.fill("[data-testid=ecs-name]", "db-custom").await;
    app.fill("[data-testid=password-input]", STRONG).await;
    app.fill("[data-testid=password-confirm]", STRONG).await;
    app.wait_until("return document.querySelectorAll('[data-testid=password-rule][data-met=false]').length === 0")
        .await;
    app.screenshot("img-13-custom-advanced").await;

    // Back to the network: every entry is still there; forward again to Advanced Settings.
    app.click("[data-testid=wizard-back]").await;
    app.wait_for("[data-testid=section-network]").await;
    assert_eq!(value(&app, "[data-testid=vpc-name]").await, "vpc-shop");
    assert_eq!(value(&app, "[data-testid=eip-enabled]").await, true);
    assert_eq!(value(&app, "[data-testid=eip-bandwidth]").await, "10");
    app.click("[data-testid=wizard-next]").await;
    app.wait_for("[data-testid=section-advanced]").await;
    assert_eq!(value(&app, "[data-testid=ecs-name]").await, "db-custom");
    assert_eq!(value(&app, "[data-testid=password-input]").await, STRONG);
    app.wait_until("return !!document.querySelector('[data-testid=password-rule]')").await;
    app.click("[data-testid=wizard-next]").await;

    // Confirm: the summary and the fees, image + ECS + EIP; the agreements first.
    app.wait_for("[data-testid=confirm-summary]").await;
    let summary = app.text("[data-testid=confirm-summary]").await;
    assert!(summary.contains("vpc-shop") && summary.contains("10 Mbit/s"), "{summary}");
    app.wait_for_text("[data-testid=fees] [data-testid=quote-lines]", "EIP").await;
    app.click("[data-testid=wizard-submit]").await;
    app.wait_for_text("[data-testid=step-error]", "agreements").await;
    app.click("[data-testid=accept-agreements]").await;
    app.screenshot("img-14-custom-confirm").await;
    app.click("[data-testid=wizard-submit]").await;

    // Pay: the prepaid balance.
    app.wait_for("[data-testid=payment-step]").await;
    let options = app.texts("[data-testid=payment-option]").await;
    assert!(options.len() == 1 && options[0].contains("Prepaid balance"), "{options:?}");
    app.eval("window.scrollTo(0, document.body.scrollHeight); return true").await;
    app.screenshot("img-15-custom-pay").await;
    app.click("[data-testid=wizard-pay]").await;

    // The console: the instance with its EIP.
    app.wait_for("[data-testid=ecs-row].highlight").await;
    let row = app.text("[data-testid=ecs-row].highlight").await;
    assert!(row.contains("db-custom") && row.contains("198.1") && row.contains("10 Mbit/s"), "{row}");
    assert!(row.contains("Pay-per-use"), "{row}");
    app.screenshot("img-16-custom-in-console").await;

    app.close().await;
}

//! End-to-end: the real app binary in its real webview (WebKitGTK), driven through
//! `tauri-driver` and WebKitWebDriver the way a person uses it. Needs a display (Xvfb) and
//! `tauri-driver` on the PATH or in ~/.cargo/bin; `scripts/test-all.sh` provides both and runs
//! these tests with `--ignored`. Screenshots are kept under `target/e2e/`.

mod driver;

use driver::App;

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_buyer_finds_a_product_from_the_home_screen_and_reads_its_page() {
    let app = App::launch().await;

    // Home: the category menu and Popular Applications, filled from the demo store.
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    assert!(app.text("[data-testid=category-menu]").await.contains("Databases and cache"));
    assert!(app.count("[data-testid=popular-apps] [data-testid=product-card]").await >= 8);
    app.wait_until_images_loaded("[data-testid=popular-apps] img").await;
    app.screenshot("01-home").await;

    // Search as a buyer types it.
    app.type_and_enter("[data-testid=search-input]", "mysql").await;
    app.wait_for("[data-testid=search-results] [data-testid=product-card]").await;
    let first = app.text("[data-testid=search-results] [data-testid=product-card-name]").await;
    assert!(first.contains("MySQL"), "the first result for mysql is {first:?}");
    app.wait_until_images_loaded("[data-testid=search-results] img").await;
    app.screenshot("02-search-mysql").await;

    // Narrow it with a filter: only licenses.
    app.click_text("License").await;
    app.wait_for_text("[data-testid=search-results]", "License").await;
    for name in app.texts("[data-testid=search-results] [data-testid=product-card]").await {
        assert!(name.contains("License"), "a non-license result after filtering: {name:?}");
    }
    app.screenshot("03-search-filtered").await;

    // The product page.
    app.click("[data-testid=search-results] [data-testid=product-card] a").await;
    app.wait_for("[data-testid=product-name]").await;
    let name = app.text("[data-testid=product-name]").await;
    assert!(name.contains("MySQL") || name.to_lowercase().contains("database"), "product page of {name:?}");
    assert!(app.text("[data-testid=editions]").await.contains('$'));
    assert!(app.text("[data-testid=support-range]").await.contains('@'));
    app.screenshot("04-product").await;

    // Back to the results, then a search with nothing to find.
    app.go_back().await;
    app.wait_for("[data-testid=search-results]").await;
    app.type_and_enter("[data-testid=search-input]", "zzqxv nothing").await;
    app.wait_for("[data-testid=empty-state]").await;
    app.screenshot("05-search-empty").await;

    // An unknown product: a clear not-found state, not a blank page.
    app.open_route("#/products/no-such-product").await;
    app.wait_for("[data-testid=empty-state]").await;
    assert!(app.text("[data-testid=empty-state]").await.to_lowercase().contains("not found"));
    app.screenshot("06-product-not-found").await;

    app.close().await;
}

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_product_page_shows_per_user_tiers_and_screenshots() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps]").await;
    app.open_route("#/products/crm-saas").await;
    app.wait_for("[data-testid=product-name]").await;
    let editions = app.text("[data-testid=editions]").await;
    assert!(editions.contains("users"), "per-user tiers are listed: {editions}");
    app.wait_until_images_loaded("main img").await;
    app.screenshot("07-product-tiered-saas").await;
    app.close().await;
}

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_buyer_configures_a_per_user_plan_and_sees_its_price() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps]").await;
    app.open_route("#/products/crm-saas?edition=professional&billing=yearly_monthly&period=month&duration=3&users=25")
        .await;
    app.wait_for_text("[data-testid=quote-total]", "$810.00").await;
    let lines = app.text("[data-testid=quote-lines]").await;
    assert!(lines.contains("10 × $12.00 + 15 × $10.00"), "the tiers are itemised: {lines}");

    // Another edition: the price follows.
    app.click("[data-testid=edition-option]:nth-child(2)").await;
    app.wait_for_text("[data-testid=quote-total]", "$1,695.00").await;
    app.screenshot("08-product-configurator").await;
    app.close().await;
}

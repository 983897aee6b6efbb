//! A buyer's journey with the keyboard alone: every control is reached with Tab, used with
//! Enter and the arrows, and shows where the focus is at every stop on the way.

use crate::driver::App;
use fantoccini::key::Key;

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_buyer_searches_configures_and_saves_with_the_keyboard_alone() {
    let app = App::launch().await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    let enter = char::from(Key::Enter).to_string();

    // Search: from the top of the window to the search bar.
    app.tab_to("[data-testid=search-input]").await;
    app.press("crm").await;
    app.press(&enter).await;
    app.wait_for("[data-testid=search-results] a[href='#/products/crm-saas']").await;
    app.wait_for("[data-testid=filter-panel][aria-busy=false]").await;

    // Past the filters to the result, opened with Enter.
    app.tab_to("[data-testid=search-results] a[href='#/products/crm-saas']").await;
    app.screenshot("keyboard-01-result-focused").await;
    app.press(&enter).await;
    app.wait_for_text("[data-testid=product-name]", "Harborline CRM").await;
    app.wait_for("[data-testid=quote-total]").await;
    let monthly = app.text("[data-testid=quote-total]").await;

    // The period: Tab reaches the chosen one, an arrow chooses the next.
    app.tab_to("input[name=period]:checked").await;
    app.press(&char::from(Key::Right).to_string()).await;
    app.wait_for_text("[data-testid=period-option].selected", "Yearly").await;
    app.wait_for_text_other_than("[data-testid=quote-total]", &monthly).await;
    app.assert_focus_visible().await;
    app.screenshot("keyboard-02-period-chosen").await;

    // Save to List, pressed with Enter.
    app.tab_to("[data-testid=save-to-list]").await;
    app.press(&enter).await;
    app.wait_for_text("[data-testid=saved-message]", "Saved to My Favorites").await;
    // The focus stays where the buyer was, rather than going back to the top of the page.
    app.assert_focus_visible().await;
    let focused = app.eval("return document.activeElement.dataset.testid ?? null;").await;
    assert_eq!(focused, serde_json::json!("save-to-list"));
    app.screenshot("keyboard-03-saved").await;

    app.close().await;
}

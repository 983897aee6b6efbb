//! A buyer's journey with the keyboard alone: every control is reached with Tab, used with
//! Enter and the arrows, and shows where the focus is at every stop on the way; then a switch
//! of role from the same keyboard.

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

    // The role switcher: opened with Enter, a seller chosen with Enter. The chosen item goes
    // with the menu, and the keyboard comes back to the switcher's button, not to the top.
    app.open_route("#/").await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    app.tab_to("[data-testid=acting-as]").await;
    app.press(&enter).await;
    app.tab_to("[data-testid=act-as-seller]").await;
    app.press(&enter).await;
    app.wait_for("[data-testid=seller-products]").await;
    app.wait_until(
        "return document.activeElement?.dataset.testid === 'acting-as' && !document.activeElement.disabled;",
    )
    .await;
    app.assert_focus_visible().await;
    app.screenshot("keyboard-04-role-switched").await;

    app.close().await;
}

/// What the tour on screen asks once it is ready for the visitor (its Next enabled, the
/// keyboard on the step's element or on Next): its step and what the step asks (`click`,
/// `fill`, `attach` or `read`); None once it has ended.
async fn tour_step_ready(app: &App) -> Option<(u64, String)> {
    app.wait_until(
        "const next = document.querySelector('[data-testid=tour-next]');
         return document.querySelector('[data-testid=tour-error]') !== null
           || document.querySelector('[data-testid=tour-overlay]') === null
           || (next !== null && !next.disabled && document.activeElement !== document.body);",
    )
    .await;
    let state = app
        .eval(
            "const error = document.querySelector('[data-testid=tour-error]');
             if (error) return { error: error.textContent };
             const overlay = document.querySelector('[data-testid=tour-overlay]');
             return overlay ? { step: Number(overlay.dataset.tourStep), act: overlay.dataset.tourAct } : {};",
        )
        .await;
    if let Some(error) = state.get("error") {
        panic!("the tour stopped: {error}");
    }
    Some((state.get("step")?.as_u64()?, state.get("act")?.as_str()?.to_string()))
}

/// What a visitor types where a tour asks for text: a login password twice, or a sentence.
async fn typed_for_focused_field(app: &App) -> &'static str {
    let kind = app.eval("return document.activeElement?.type ?? null;").await;
    if kind == serde_json::json!("password") {
        "Kg-Keys-2026!"
    } else {
        "Written at the keyboard: everything checked and attached, nothing left to do."
    }
}

/// Each of the five tours done with the keyboard alone, in kiosk mode: the Tours list opened
/// and a tour started with Tab and Enter; at each step the visitor acts where the tour put the
/// keyboard (Enter on a button or a link, Space on a box to tick, text typed, a file picked)
/// and reaches Next with Tab. The focus can be seen at every stop; each tour ends on its result.
#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn in_kiosk_mode_each_tour_is_done_with_the_keyboard_alone() {
    let app = App::launch_args(&["--kiosk"], &[("KG_KIOSK_PIN", "2468")]).await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    let enter = char::from(Key::Enter).to_string();
    let proof = app.scratch().join("signed-license.pdf");
    std::fs::write(&proof, b"%PDF-1.4\n% a license certificate picked by the visitor\n%%EOF\n").unwrap();

    for (id, result) in crate::tours::TOURS {
        app.tab_to("[data-testid=tours-open]").await;
        app.press(&enter).await;
        app.tab_to(&format!("[data-testid=tour-item][data-tour-id='{id}'] [data-testid=tour-start]")).await;
        app.press(&enter).await;
        app.wait_for(&format!("[data-testid=tour-overlay][data-tour-id='{id}']")).await;

        let mut acts = Vec::new();
        while let Some((step, act)) = tour_step_ready(&app).await {
            app.assert_focus_visible().await;
            match act.as_str() {
                "click" => {
                    let tick = app.eval("return document.activeElement?.matches('input[type=checkbox], input[type=radio]') ?? false;").await;
                    app.press(if tick == serde_json::json!(true) { " " } else { &enter }).await;
                }
                "fill" | "attach" => {
                    if act == "fill" {
                        let text = typed_for_focused_field(&app).await;
                        app.press(text).await;
                    } else {
                        app.pick_files("input[type=file]:focus", std::slice::from_ref(&proof)).await;
                    }
                    app.tab_to("[data-testid=tour-next]").await;
                    app.press(&enter).await;
                }
                "read" => {
                    let focused = app.eval("return document.activeElement?.dataset.testid ?? null;").await;
                    assert_eq!(
                        focused,
                        serde_json::json!("tour-next"),
                        "{id} step {step}: a line to read puts the keyboard on Next"
                    );
                    if app.text("[data-testid=tour-next]").await == "Finish" {
                        app.wait_for(result).await;
                        app.screenshot(&format!("keyboard-tour-{id}")).await;
                    }
                    app.press(&enter).await;
                }
                other => panic!("{id} step {step}: unknown act {other:?}"),
            }
            acts.push(act);
            app.wait_until(&format!(
                "const overlay = document.querySelector('[data-testid=tour-overlay]');
                 return document.querySelector('[data-testid=tour-error]') !== null
                   || overlay === null || overlay.dataset.tourStep !== '{step}';"
            ))
            .await;
        }
        assert!(app.count(result).await > 0, "{id} ends on its result: {result}");
        assert!(acts.iter().any(|a| a == "click") && acts.last().map(String::as_str) == Some("read"), "{id}: {acts:?}");
        if id == "deliver-license" {
            // The file the visitor picked went with the delivery, not the tour's sample.
            let attached = app.texts("[data-testid=attachment]").await.join(" ");
            assert!(attached.contains("signed-license.pdf"), "the visitor's own proof: {attached}");
        }
    }
    app.close().await;
}

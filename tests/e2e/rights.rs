//! What the window may do, checked from inside the page as a script of the page would try it:
//! the app's own commands answer; commands of Tauri and of plugins that the window was not
//! granted (closing or un-fullscreening the kiosk, notifications, the shell), and the app's
//! commands a kiosk does not need, are refused by Tauri before they run; and the Content
//! Security Policy stops evaluated code.

use crate::driver::App;

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn in_kiosk_mode_the_page_reaches_only_the_commands_it_was_granted() {
    let app = App::launch_args(&["--kiosk"], &[("KG_KIOSK_PIN", "2468")]).await;
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;

    // One of the app's own commands, granted to the window.
    let status = app.invoke("demo_status", serde_json::json!({})).await;
    assert!(status.get("ok").is_some(), "a granted command answers: {status}");

    // What a visitor's script would need to leave the kiosk or reach the system, and the
    // app's own commands the demo does not need: saving files on the stand's disk, a card
    // number, a marketplace over the network.
    for (command, args) in [
        ("plugin:window|close", serde_json::json!({ "label": "kiosk" })),
        ("plugin:window|set_fullscreen", serde_json::json!({ "label": "kiosk", "value": false })),
        ("plugin:window|set_decorations", serde_json::json!({ "label": "kiosk", "value": true })),
        ("account_add_card", serde_json::json!({ "number": "4111111111111111" })),
        ("invoice_save", serde_json::json!({ "id": 1 })),
        ("product_guide_save", serde_json::json!({ "id": "crm-saas" })),
        ("sync_connect", serde_json::json!({ "address": "https://192.0.2.1:8443", "code": "X", "deviceName": "x" })),
        (
            "plugin:webview|create_webview_window",
            serde_json::json!({ "options": { "label": "x", "url": "https://example.com" } }),
        ),
        ("plugin:notification|notify", serde_json::json!({ "options": { "title": "x" } })),
        ("plugin:app|app_hide", serde_json::json!({})),
    ] {
        let answer = app.invoke(command, args).await;
        let refused = answer.get("refused").and_then(|r| r.as_str()).unwrap_or_default();
        assert!(refused.contains("not allowed"), "{command} is refused: {answer}");
    }
    assert!(app.count("[data-testid=popular-apps]").await > 0, "the window is still there");

    // Nor do the screens offer them: a product's user guide is named but not downloaded, and
    // Account has no card form (the balance can still be topped up).
    app.open_route("#/products/crm-saas").await;
    app.wait_for("[data-testid=user-guide-file]").await;
    assert_eq!(app.count("[data-testid=user-guide-download]").await, 0, "no download of a guide on a stand");
    app.open_route("#/billing/account").await;
    app.wait_for("[data-testid=top-up]").await;
    assert_eq!(app.count("[data-testid=add-card]").await, 0, "no card form on a stand");
    app.screenshot("kiosk-account").await;

    // Code made from text is refused by the Content Security Policy (no 'unsafe-eval').
    let evaluated = app
        .eval(
            "try { return { ran: new Function('return 1')() }; }
             catch (error) { return { refused: error.name }; }",
        )
        .await;
    assert_eq!(evaluated, serde_json::json!({ "refused": "EvalError" }));
    app.close().await;
}

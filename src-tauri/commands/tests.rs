//! The commands as the webview calls them, through Tauri's mock runtime (no display needed):
//! the JSON that goes in, the JSON that comes out, and the `{ code, message }` of a failure.

use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

use crate::{app_builder, AppState};

fn window() -> (tempfile::TempDir, WebviewWindow<MockRuntime>) {
    let dir = tempfile::tempdir().unwrap();
    let store = koogallery_core::demo::open(&dir.path().join("kg.db")).unwrap();
    let app = app_builder(mock_builder(), AppState::new(store)).build(mock_context(noop_assets())).unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    (dir, window)
}

fn invoke(window: &WebviewWindow<MockRuntime>, command: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: command.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

#[test]
fn every_command_answers_and_every_failure_is_code_and_message() {
    let (_dir, window) = window();

    let home = invoke(&window, "catalog_home", json!({})).unwrap();
    assert_eq!(home["categories"].as_array().unwrap().len(), 4);
    assert_eq!(home["popular"].as_array().unwrap().len(), 12);
    assert_eq!(home["popular"][0]["id"], "mysql-8-database-image", "the most popular demo product");

    let found =
        invoke(&window, "catalog_search", json!({ "query": { "text": "mysql", "delivery": "image", "limit": 5 } }))
            .unwrap();
    assert!(found["total"].as_u64().unwrap() >= 2);
    for item in found["items"].as_array().unwrap() {
        assert_eq!(item["delivery"], "image");
        assert!(item["starting_price"]["amount"].as_str().unwrap().contains('.'), "money is a decimal string");
    }

    let page = invoke(&window, "product_show", json!({ "id": "crm-saas" })).unwrap();
    assert_eq!(page["summary"]["delivery"], "saas");
    assert_eq!(page["editions"][0]["plans"][0]["pricing"], "tiered");

    let missing = invoke(&window, "product_show", json!({ "id": "no-such-product" })).unwrap_err();
    assert_eq!(missing, json!({ "code": "not_found", "message": "the product \"no-such-product\" was not found" }));

    let bad = invoke(&window, "catalog_search", json!({ "query": { "category": "games" } })).unwrap_err();
    assert_eq!(bad["code"], "invalid_input");
    assert!(bad["message"].as_str().unwrap().contains("games"));
}

#[test]
fn a_quote_is_itemised_and_a_bad_configuration_is_code_and_message() {
    let (_dir, window) = window();
    let request = |users: Value| {
        json!({ "request": {
            "product_id": "crm-saas", "edition": "professional", "billing": "yearly_monthly",
            "period": "month", "duration": 3, "users": users, "quantity": null
        } })
    };

    let quote = invoke(&window, "product_quote", request(json!(25))).unwrap();
    assert_eq!(
        quote,
        json!({
            "lines": [{
                "label": "Professional, per user: 25 users, tiered: 10 × $12.00 + 15 × $10.00 per month, 3 months",
                "amount": "810.00"
            }],
            "total": "810.00",
            "per": "for 3 months",
            "note": "Paid up front; the subscription takes effect at once."
        })
    );

    let missing = invoke(&window, "product_quote", request(Value::Null)).unwrap_err();
    assert_eq!(
        missing,
        json!({
            "code": "invalid_input",
            "message": "users: the Professional, per user edition is priced per user; give the number of users (1 to 10000)"
        })
    );
}

#[test]
fn a_malformed_argument_is_refused_before_reaching_the_core() {
    let (_dir, window) = window();
    let refused = invoke(&window, "catalog_search", json!({ "query": { "delivery": "teleport" } })).unwrap_err();
    assert!(refused.as_str().unwrap_or_default().contains("teleport"), "{refused}");
}

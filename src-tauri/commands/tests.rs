//! The commands as the webview calls them, through Tauri's mock runtime (no display needed):
//! the JSON that goes in, the JSON that comes out, and the `{ code, message }` of a failure.

use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

use crate::{app_builder, AppState, Kiosk};

pub(super) fn window() -> (tempfile::TempDir, WebviewWindow<MockRuntime>) {
    let dir = tempfile::tempdir().unwrap();
    let store = koogallery_core::demo::open(&dir.path().join("kg.db")).unwrap();
    let window = window_on(AppState::new(store), &dir);
    (dir, window)
}

/// A window over `state`, saving files in `dir`'s Downloads.
pub(super) fn window_on(state: AppState, dir: &tempfile::TempDir) -> WebviewWindow<MockRuntime> {
    // Files are saved in the test's folder, never in the person's Downloads.
    let state = state.with_downloads(dir.path().join("Downloads"));
    let app = app_builder(mock_builder(), state, Kiosk::default()).build(mock_context(noop_assets())).unwrap();
    WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap()
}

pub(super) fn invoke(window: &WebviewWindow<MockRuntime>, command: &str, args: Value) -> Result<Value, Value> {
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

    // R-AFT-2: the product page names its seller, whose page says how to reach it.
    let seller = page["seller"]["id"].as_str().unwrap();
    let seller_page = invoke(&window, "seller_show", json!({ "id": seller })).unwrap();
    assert_eq!(seller_page["seller"]["name"], page["seller"]["name"]);
    assert!(!seller_page["support_hours"].as_str().unwrap().is_empty());
    let products = seller_page["products"].as_array().unwrap();
    assert!(products.iter().any(|p| p["id"] == "crm-saas"), "{products:?}");
    let unknown = invoke(&window, "seller_show", json!({ "id": "no-such-seller" })).unwrap_err();
    assert_eq!(unknown, json!({ "code": "not_found", "message": "the seller \"no-such-seller\" was not found" }));
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

#[test]
fn a_user_guide_is_saved_to_downloads_and_never_over_another_file() {
    let (dir, window) = window();
    let downloads = dir.path().join("Downloads");
    let first = invoke(&window, "product_guide_save", json!({ "id": "crm-saas" })).unwrap();
    assert_eq!(first, json!(downloads.join("crm-saas.pdf").display().to_string()));
    assert!(std::fs::read(downloads.join("crm-saas.pdf")).unwrap().starts_with(b"%PDF-"));
    let second = invoke(&window, "product_guide_save", json!({ "id": "crm-saas" })).unwrap();
    assert_eq!(second, json!(downloads.join("crm-saas (1).pdf").display().to_string()));

    let none = invoke(&window, "product_guide_save", json!({ "id": "agile-pmo-workshop" })).unwrap_err();
    assert_eq!(
        none,
        json!({ "code": "not_found", "message": "the user guide of product agile-pmo-workshop was not found" })
    );
    assert_eq!(std::fs::read_dir(&downloads).unwrap().count(), 2);
}

#[test]
fn favorites_are_saved_listed_and_removed() {
    let (_dir, window) = window();
    let spec = json!({ "edition": "professional", "billing": "yearly_monthly", "period": "month", "duration": 3, "users": 25 });
    let saved = invoke(&window, "favorite_save", json!({ "productId": "crm-saas", "spec": spec })).unwrap();
    assert_eq!(saved["product"]["id"], "crm-saas");
    assert_eq!(saved["spec"], spec);
    assert!(saved["saved_at"].as_str().unwrap().ends_with('Z'), "{saved}");

    let listed = invoke(&window, "favorites_list", json!({})).unwrap();
    assert_eq!(listed, json!([saved]));

    let removed = invoke(&window, "favorite_remove", json!({ "productId": "crm-saas" })).unwrap();
    assert_eq!(removed, Value::Null);
    assert_eq!(invoke(&window, "favorites_list", json!({})).unwrap(), json!([]));

    let missing = invoke(&window, "favorite_remove", json!({ "productId": "crm-saas" })).unwrap_err();
    assert_eq!(
        missing,
        json!({ "code": "not_found", "message": "the product \"crm-saas\" in My Favorites was not found" })
    );

    let flat_with_users =
        json!({ "edition": "standard", "billing": "yearly_monthly", "period": "month", "duration": 1, "users": 5 });
    let refused =
        invoke(&window, "favorite_save", json!({ "productId": "mysql-8-database-image", "spec": flat_with_users }))
            .unwrap_err();
    assert_eq!(refused["code"], "invalid_input");
    assert!(refused["message"].as_str().unwrap().contains("users"), "{refused}");
}

#[test]
fn requirements_are_submitted_and_listed() {
    let (_dir, window) = window();
    let form = json!({
        "requirement": "A hosted FHIR server with audit logs",
        "company": "Acme Retail",
        "contact": "Dana Smith",
        "phone": "+1 202 555 0101",
        "email": "dana@acme-retail.example",
        "search_text": "fhir"
    });
    let kept = invoke(&window, "requirement_submit", json!({ "form": form })).unwrap();
    assert_eq!(kept["account_id"], "acme-prepaid");
    assert_eq!(kept["search_text"], "fhir");
    assert!(kept["id"].as_u64().is_some() && kept["submitted_at"].is_string(), "{kept}");
    assert_eq!(invoke(&window, "requirements_list", json!({})).unwrap(), json!([kept]));

    let mut bad = form.clone();
    bad["email"] = json!("dana at acme");
    let refused = invoke(&window, "requirement_submit", json!({ "form": bad })).unwrap_err();
    assert_eq!(refused["code"], "invalid_input");
    assert!(refused["message"].as_str().unwrap().starts_with("the email address"), "{refused}");
    assert_eq!(invoke(&window, "requirements_list", json!({})).unwrap().as_array().unwrap().len(), 1);
}

fn checkout(key: &str, payment: Value) -> Value {
    json!({ "request": {
        "configuration": {
            "product_id": "headless-cms-saas", "edition": "team", "billing": "yearly_monthly",
            "period": "month", "duration": 1, "users": null, "quantity": null
        },
        "accept_terms": true, "authorize_seller": false, "payment": payment, "idempotency_key": key
    } })
}

#[test]
fn r_buy_3_pay_now_twice_charges_once_and_the_app_is_purchased() {
    let (_dir, window) = window();
    let account = invoke(&window, "account_show", json!({})).unwrap();
    assert_eq!(account["kind"], "direct_prepaid");
    assert_eq!(account["balance"], "2000.00");

    let first = invoke(&window, "order_place", checkout("ui-1", Value::Null)).unwrap();
    assert_eq!(first["order"]["status"], "completed");
    assert_eq!(first["order"]["amount"], "49.00");
    let again = invoke(&window, "order_place", checkout("ui-1", Value::Null)).unwrap();
    assert_eq!(again, first);
    assert_eq!(invoke(&window, "account_show", json!({})).unwrap()["balance"], "1951.00", "charged once");

    let mut different = checkout("ui-1", Value::Null);
    different["request"]["configuration"]["duration"] = json!(2);
    assert_eq!(invoke(&window, "order_place", different).unwrap_err()["code"], "conflict");

    let id = first["order"]["id"].clone();
    // The demo buyer's history comes first; the new order is the newest.
    let listed = invoke(&window, "orders_list", json!({})).unwrap();
    assert_eq!(listed[0]["id"], id);
    assert_eq!(
        listed.as_array().unwrap().iter().filter(|o| o["product_id"] == first["order"]["product_id"]).count(),
        1
    );
    assert_eq!(invoke(&window, "order_show", json!({ "id": id })).unwrap(), first);

    let apps = invoke(&window, "apps_list", json!({})).unwrap();
    assert_eq!(apps[0]["order_id"], id);
    let app = invoke(&window, "app_show", json!({ "orderId": id })).unwrap();
    assert!(app.get("password").is_none() && app["saas"].get("password").is_none(), "hidden: {app}");
    let password = invoke(&window, "app_reveal_password", json!({ "orderId": id })).unwrap();
    assert_eq!(password.as_str().unwrap().len(), 16);

    let topped = invoke(&window, "account_top_up", json!({ "amount": "49" })).unwrap();
    assert_eq!(topped["balance"], "2000.00");
    let bad = invoke(&window, "account_top_up", json!({ "amount": "0.001" })).unwrap_err();
    assert_eq!(bad["code"], "invalid_input");
}

#[test]
fn r_buy_6_a_declined_card_is_code_and_message_and_a_reseller_pays_nothing() {
    let (_dir, window) = window();
    let postpaid = invoke(&window, "account_switch", json!({ "accountId": "borealis-postpaid" })).unwrap();
    let declined_card = postpaid["cards"][1]["id"].clone();
    let err = invoke(&window, "order_place", checkout("ui-1", json!({ "method": "card", "card_id": declined_card })))
        .unwrap_err();
    assert_eq!(err["code"], "payment_declined");
    assert!(err["message"].as_str().unwrap().contains("nothing was charged"), "{err}");
    assert_eq!(invoke(&window, "orders_list", json!({})).unwrap()[0]["status"], "cancelled");

    invoke(&window, "account_switch", json!({ "accountId": "cedar-reseller" })).unwrap();
    let order = invoke(&window, "order_place", checkout("ui-2", Value::Null)).unwrap();
    assert_eq!(order["order"]["reference_only"], true);
    assert_eq!(order["ledger"], json!([]));
}

#[test]
fn roles_switch_and_a_seller_sees_its_orders_but_cannot_pay() {
    let (_dir, window) = window();
    let acting = invoke(&window, "role_show", json!({})).unwrap();
    assert_eq!((acting["role"].as_str(), acting["account"]["id"].as_str()), (Some("buyer"), Some("acme-prepaid")));
    invoke(&window, "order_place", checkout("roles-1", Value::Null)).unwrap();

    let seller = json!({ "choice": { "role": "seller", "seller_id": "northwind-cloud" } });
    let unknown = invoke(&window, "role_switch", seller).unwrap_err();
    assert_eq!(unknown["code"], "not_found", "{unknown}");
    let seller_id = acting["sellers"][0]["id"].clone();
    let acting =
        invoke(&window, "role_switch", json!({ "choice": { "role": "seller", "seller_id": seller_id } })).unwrap();
    assert_eq!(acting["role"], "seller");
    assert!(invoke(&window, "orders_received", json!({})).unwrap().is_array());
    let refused = invoke(&window, "order_place", checkout("roles-2", Value::Null)).unwrap_err();
    assert_eq!(refused["code"], "forbidden", "{refused}");

    invoke(&window, "role_switch", json!({ "choice": { "role": "operations_manager" } })).unwrap();
    let all = invoke(&window, "orders_all", json!({})).unwrap();
    assert_eq!(all[0]["product_id"], "headless-cms-saas", "the newest order first, beside the demo history");
    assert!(all.as_array().unwrap().iter().all(|o| o["buyer_name"].as_str().is_some_and(|n| !n.is_empty())));

    invoke(&window, "account_switch", json!({ "accountId": "borealis-postpaid" })).unwrap();
    let bad = invoke(&window, "account_add_card", json!({ "number": "4242 4242 4242 4241" })).unwrap_err();
    assert_eq!(bad["code"], "invalid_input");
    let added = invoke(&window, "account_add_card", json!({ "number": "5555 5555 5555 4444" })).unwrap();
    assert_eq!(added["cards"].as_array().unwrap().last().unwrap()["masked"], "Mastercard •••• 4444");
    let credit = invoke(&window, "account_request_credit", json!({})).unwrap();
    assert_eq!(credit["credit"]["enabled"], true);

    let zoned = invoke(&window, "account_set_time_zone", json!({ "zone": "Asia/Tokyo" })).unwrap();
    assert_eq!(zoned["time_zone"], "Asia/Tokyo");
    let unknown = invoke(&window, "account_set_time_zone", json!({ "zone": "Asia/Atlantis" })).unwrap_err();
    assert_eq!(unknown["code"], "invalid_input", "{unknown}");
    assert_eq!(invoke(&window, "account_show", json!({})).unwrap()["time_zone"], "Asia/Tokyo");
}

const WEAK: &str = "root1234";
const STRONG: &str = "Kg-Demo-2026!";

fn provision_request(mode: &str, key: &str, password: &str) -> Value {
    json!({ "request": {
        "mode": mode,
        "configuration": {
            "product_id": "mysql-8-database-image", "edition": "standard", "billing": "pay_per_use",
            "flavour": "s6.large.2", "eip_bandwidth_mbps": 5
        },
        "network": { "kind": "new", "vpc_name": "vpc-shop", "vpc_cidr": "10.0.0.0/16" },
        "security_group": { "kind": "recommended" },
        "name": "db",
        "password": password,
        "accept_agreements": true,
        "idempotency_key": key
    } })
}

#[test]
fn r_img_the_forms_get_flavours_networks_fees_and_a_live_password_check() {
    let (_dir, window) = window();
    let flavours = invoke(&window, "ecs_flavours", json!({})).unwrap();
    assert!(flavours.as_array().unwrap().iter().any(|f| f["id"] == "s6.large.2"));
    assert!(flavours[0]["hourly_price"].as_str().unwrap().contains('.'), "money is a decimal string");

    let networks = invoke(&window, "ecs_networks", json!({ "productId": "mysql-8-database-image" })).unwrap();
    assert_eq!(networks["vpcs"], json!([]), "the prepaid demo buyer has no VPC");
    assert!(networks["recommended"]["name"].is_string());

    let configuration = json!({ "configuration": {
        "product_id": "mysql-8-database-image", "edition": "standard", "billing": "yearly_monthly",
        "period": "month", "duration": 1, "flavour": "s6.large.2", "eip_bandwidth_mbps": 5
    } });
    let fees = invoke(&window, "image_fees", configuration).unwrap();
    assert_eq!(fees["hourly"], false);
    assert_eq!(fees["due_now"], fees["quote"]["total"]);
    assert_eq!(fees["quote"]["lines"].as_array().unwrap().len(), 3, "image, ECS and EIP: {fees}");

    let bad = invoke(
        &window,
        "image_fees",
        json!({ "configuration": {
        "product_id": "mysql-8-database-image", "edition": "standard", "billing": "pay_per_use", "flavour": "huge"
    } }),
    )
    .unwrap_err();
    assert_eq!(bad["code"], "invalid_input");
    assert!(bad["message"].as_str().unwrap().contains("huge"));

    let weak =
        invoke(&window, "image_password_check", json!({ "productId": "mysql-8-database-image", "password": WEAK }))
            .unwrap();
    assert_eq!(weak["acceptable"], false);
    assert_eq!(weak["rules"].as_array().unwrap().len(), 4);
    assert!(!weak.to_string().contains(WEAK), "the answer never holds the password");
    let strong =
        invoke(&window, "image_password_check", json!({ "productId": "mysql-8-database-image", "password": STRONG }))
            .unwrap();
    assert_eq!(strong["acceptable"], true);
}

#[test]
fn r_agy_quick_provisioning_asks_for_agencies_then_provisions_once_and_the_console_acts() {
    let (_dir, window) = window();
    let pending = invoke(&window, "agencies_pending", json!({ "purpose": "quick_provisioning" })).unwrap();
    assert_eq!(pending.as_array().unwrap().len(), 2);
    assert!(pending[0]["actions"].as_array().unwrap().len() > 1, "the policy's actions are shown first");

    let refused = invoke(&window, "image_provision", provision_request("quick", "q1", STRONG)).unwrap_err();
    assert_eq!(refused["code"], "authorization_required", "{refused}");
    assert_eq!(refused.as_object().unwrap().len(), 2, "code and message only: {refused}");

    let weak = invoke(&window, "image_provision", provision_request("custom", "c1", WEAK)).unwrap_err();
    assert_eq!(weak["code"], "invalid_input");
    assert!(!weak["message"].as_str().unwrap().contains(WEAK), "the password is never in a message: {weak}");

    let agencies = invoke(&window, "agencies_authorize", json!({ "purpose": "quick_provisioning" })).unwrap();
    assert!(agencies.as_array().unwrap().iter().all(|a| a["status"] == "active"));
    let made = invoke(&window, "image_provision", provision_request("quick", "q1", STRONG)).unwrap();
    let again = invoke(&window, "image_provision", provision_request("quick", "q1", STRONG)).unwrap();
    assert_eq!(made, again, "the same key provisions once");
    assert!(!made.to_string().contains(STRONG));
    let id = made["instances"][0]["id"].as_u64().unwrap();
    assert_eq!(made["instances"][0]["state"], "running");
    assert!(made["instances"][0]["eip_address"].is_string());

    let listed = invoke(&window, "ecs_list", json!({})).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(invoke(&window, "ecs_stop", json!({ "id": id })).unwrap()["state"], "stopped");
    let twice = invoke(&window, "ecs_stop", json!({ "id": id })).unwrap_err();
    assert_eq!(twice["code"], "conflict");
    assert_eq!(invoke(&window, "ecs_start", json!({ "id": id })).unwrap()["state"], "running");
    let replaced = invoke(
        &window,
        "ecs_replace_disk",
        json!({ "id": id, "productId": "mysql-8-database-image", "edition": "professional" }),
    )
    .unwrap();
    assert_eq!(replaced["edition"], "professional");
    assert_eq!(invoke(&window, "ecs_show", json!({ "id": id })).unwrap()["id"], id);
    assert_eq!(invoke(&window, "ecs_delete", json!({ "id": id })).unwrap()["state"], "deleted");
    let missing = invoke(&window, "ecs_show", json!({ "id": 999 })).unwrap_err();
    assert_eq!(missing["code"], "not_found");
    assert!(invoke(&window, "bills_list", json!({})).unwrap().is_array());

    let after_delete = invoke(&window, "agency_delete", json!({ "name": "mkp_rfs_agency_trust" })).unwrap();
    assert_eq!(after_delete.as_array().unwrap().len(), 1);
    assert_eq!(invoke(&window, "agencies_list", json!({})).unwrap(), after_delete);
    let gone = invoke(&window, "agency_delete", json!({ "name": "mkp_rfs_agency_trust" })).unwrap_err();
    assert_eq!(gone["code"], "not_found");
    let again = invoke(&window, "image_provision", provision_request("quick", "q2", STRONG)).unwrap_err();
    assert_eq!(again["code"], "authorization_required", "deleting an agency cancels it at once");
}

/// A small PNG and a PDF, as the webview sends picked files: base64.
fn proof_uploads() -> Value {
    use base64::Engine;
    let picture = image::RgbaImage::from_pixel(40, 30, image::Rgba([10, 90, 160, 255]));
    let mut png = Vec::new();
    picture.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    let encode = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    json!([
        { "name": "acceptance.pdf", "content_base64": encode(b"%PDF-1.4\n%%EOF\n") },
        { "name": "validity.png", "content_base64": encode(&png) },
    ])
}

fn act(window: &WebviewWindow<MockRuntime>, order: &Value, id: &str, action: Value) -> Result<Value, Value> {
    invoke(window, "supervision_act", json!({ "orderId": order, "operationId": id, "action": action }))
}

#[test]
fn r_sup_a_license_is_delivered_accepted_and_each_answer_or_refusal_is_json() {
    let (_dir, window) = window();
    let mut license = checkout("sup-1", Value::Null);
    license["request"]["configuration"] = json!({
        "product_id": "database-license", "edition": "8-core", "billing": "yearly_monthly",
        "period": "year", "duration": 1, "users": null, "quantity": null
    });
    invoke(&window, "account_top_up", json!({ "amount": "2400" })).unwrap();
    let order = invoke(&window, "order_place", license).unwrap()["order"]["id"].clone();
    let flows = invoke(&window, "supervision_list", json!({ "query": { "order_id": order } })).unwrap();
    assert_eq!(flows[0]["state"], "seller_deploying");
    assert_eq!(flows[0]["waiting_on"], "seller");
    let page = invoke(&window, "supervision_show", json!({ "orderId": order })).unwrap();
    let accept = page["steps"].as_array().unwrap().iter().find(|s| s["step"] == "accept_delivery").unwrap().clone();
    assert_eq!((accept["possible"].clone(), accept["code"].clone()), (json!(false), json!("not_your_turn")));

    // The buyer cannot deliver: forbidden, as code and message.
    let deliver = json!({ "action": "deliver", "proof": proof_uploads() });
    let refused = act(&window, &order, "d-0", deliver.clone()).unwrap_err();
    assert_eq!(refused["code"], "forbidden", "{refused}");
    assert!(refused["message"].as_str().unwrap().contains("the buyer cannot deliver"), "{refused}");

    invoke(&window, "role_switch", json!({ "choice": { "role": "seller", "seller_id": "dolphin-data" } })).unwrap();
    let queue = invoke(&window, "supervision_queue", json!({})).unwrap();
    assert!(queue.as_array().unwrap().iter().any(|f| f["order_id"] == order));
    let bad = act(&window, &order, "d-1", json!({ "action": "deliver", "proof": [] })).unwrap_err();
    assert_eq!(bad["code"], "invalid_input");
    let unknown = act(&window, &order, "d-1", json!({ "action": "teleport" })).unwrap_err();
    // Refused by the IPC layer before the core, naming what it did not know; nothing written.
    assert!(unknown.as_str().is_some_and(|m| m.contains("teleport")), "{unknown}");
    let delivered = act(&window, &order, "d-1", deliver.clone()).unwrap();
    assert_eq!(delivered["summary"]["state"], "awaiting_acceptance");
    let files = &delivered["records"].as_array().unwrap().last().unwrap()["attachments"];
    assert_eq!(files.as_array().unwrap().len(), 2);
    assert_eq!(files[1]["mime"], "image/png");
    assert_eq!(act(&window, &order, "d-1", deliver).unwrap(), delivered, "the same operation id: the same answer");

    invoke(&window, "role_switch", json!({ "choice": { "role": "buyer", "account_id": "acme-prepaid" } })).unwrap();
    assert!(invoke(&window, "messages_unread", json!({})).unwrap().as_u64().unwrap() >= 1);
    let inbox = invoke(&window, "messages_list", json!({})).unwrap();
    assert_eq!(inbox["messages"][0]["kind"], "delivered");
    let read = invoke(&window, "messages_read", json!({ "ids": [] })).unwrap();
    assert_eq!(read["unread"], 0);
    let accepted = act(&window, &order, "a-1", json!({ "action": "accept_delivery" })).unwrap();
    assert_eq!(accepted["summary"]["state"], "accepted");
    assert!(accepted["completes_at"].is_string());
    let saved = invoke(&window, "supervision_attachment_save", json!({ "operationId": "d-1", "position": 1 })).unwrap();
    assert!(saved.as_str().unwrap().ends_with("acceptance.pdf"), "{saved}");
    let case = invoke(&window, "supervision_export", json!({ "orderId": order })).unwrap();
    assert!(std::path::Path::new(case.as_str().unwrap()).join("timeline.txt").exists());
    let chain = invoke(&window, "supervision_verify", json!({ "orderId": order })).unwrap();
    assert_eq!(chain["intact"], true);
}

#[test]
fn r_uns_3_unsubscription_is_asked_and_reviewed_through_the_commands() {
    let (_dir, window) = window();
    invoke(&window, "role_switch", json!({ "choice": { "role": "buyer", "account_id": "cedar-reseller" } })).unwrap();
    let listed = invoke(&window, "unsubscriptions_list", json!({})).unwrap();
    let pending = listed.as_array().unwrap().iter().find(|o| !o["requests"].as_array().unwrap().is_empty()).unwrap();
    let order = pending["order_id"].clone();
    assert_eq!(pending["possible"], false, "a request waits already");
    let again = invoke(
        &window,
        "unsubscribe_request",
        json!({ "orderId": order, "operationId": "u-1", "amount": "10", "reason": "x", "shareContact": false }),
    )
    .unwrap_err();
    assert_eq!(again["code"], "conflict", "{again}");

    let request = pending["requests"][0]["id"].clone();
    invoke(&window, "role_switch", json!({ "choice": { "role": "seller", "seller_id": "sentinel-ops" } })).unwrap();
    let received = invoke(&window, "unsubscriptions_received", json!({})).unwrap();
    assert_eq!(received[0]["id"], request);
    assert_eq!(received[0]["contact"]["email"], "admin@cedar-clinics.example", "shared by the buyer");
    let empty = invoke(
        &window,
        "unsubscribe_review",
        json!({ "requestId": request, "operationId": "r-1", "approve": true, "comment": " ", "records": [] }),
    )
    .unwrap_err();
    assert_eq!(empty["code"], "invalid_input");
    let reviewed = invoke(
        &window,
        "unsubscribe_review",
        json!({ "requestId": request, "operationId": "r-1", "approve": true, "comment": "Agreed", "records": proof_uploads() }),
    )
    .unwrap();
    assert_eq!(reviewed[0]["status"], "approved");
    assert_eq!(reviewed[0]["records"].as_array().unwrap().len(), 2);
}

fn pdf_bytes_base64() -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .encode(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

#[test]
fn r_aft_1_an_invoice_is_requested_issued_saved_as_a_pdf_and_reissued() {
    let (dir, window) = window();
    let placed = invoke(&window, "order_place", checkout("invoice-1", Value::Null)).unwrap();
    let order = placed["order"]["id"].clone();
    let orders = invoke(&window, "invoice_orders", json!({})).unwrap();
    let listed = orders.as_array().unwrap().iter().find(|o| o["order_id"] == order).unwrap();
    assert_eq!(listed["invoiceable"], true, "{listed}");
    let request = |email: &str| {
        json!({ "request": {
            "order_ids": [order], "title": "Acme Trading Ltd", "tax_id": "GB-123 456",
            "address": "1 Harbour Road, Portsmouth", "email": email
        } })
    };

    let bad = invoke(&window, "invoice_request", request("accounts.acme.example")).unwrap_err();
    assert_eq!(
        bad,
        json!({ "code": "invalid_input", "message": "the email address \"accounts.acme.example\" is not an address like name@company.com" })
    );
    let invoice = invoke(&window, "invoice_request", request("accounts@acme.example")).unwrap();
    assert_eq!((invoice["status"].as_str(), invoice["number"].as_null()), (Some("submitted"), Some(())));
    assert_eq!(invoice["total"], placed["order"]["amount"]);
    let id = invoice["id"].clone();
    let twice = invoke(&window, "invoice_request", request("accounts@acme.example")).unwrap_err();
    assert_eq!(twice["code"], "conflict");
    assert_eq!(invoke(&window, "invoice_save", json!({ "id": id })).unwrap_err()["code"], "conflict");
    assert_eq!(invoke(&window, "invoice_issue", json!({ "id": id })).unwrap_err()["code"], "forbidden");

    invoke(&window, "role_switch", json!({ "choice": { "role": "operations_manager" } })).unwrap();
    let queue = invoke(&window, "invoices_list", json!({})).unwrap();
    assert_eq!(queue[0]["id"], id, "submitted invoices first");
    let issued = invoke(&window, "invoice_issue", json!({ "id": id })).unwrap();
    assert_eq!(issued["status"], "issued");
    let number = issued["number"].as_str().unwrap().to_string();

    invoke(&window, "role_switch", json!({ "choice": { "role": "buyer", "account_id": "acme-prepaid" } })).unwrap();
    let path = invoke(&window, "invoice_save", json!({ "id": id })).unwrap();
    let downloads = dir.path().join("Downloads");
    assert_eq!(path, json!(downloads.join(format!("{number}.pdf")).display().to_string()));
    assert!(std::fs::read(downloads.join(format!("{number}.pdf"))).unwrap().starts_with(b"%PDF-"));

    let correction = json!({ "id": id, "correction": { "title": "Acme Trading Limited" } });
    let reissued = invoke(&window, "invoice_reissue", correction.clone()).unwrap();
    assert_eq!(
        (reissued["status"].as_str(), reissued["reissue_of"]["number"].as_str()),
        (Some("issued"), Some(number.as_str()))
    );
    assert_ne!(reissued["number"].as_str(), Some(number.as_str()));
    let old = invoke(&window, "invoice_show", json!({ "id": id })).unwrap();
    assert_eq!(old["status"], "superseded");
    assert_eq!(invoke(&window, "invoice_reissue", correction).unwrap_err()["code"], "conflict");
}

#[test]
fn r_aft_3_a_ticket_is_opened_answered_and_closed_through_the_commands() {
    let (dir, window) = window();
    let placed = invoke(&window, "order_place", checkout("ticket-1", Value::Null)).unwrap();
    let order = placed["order"]["id"].clone();
    let form = |description: &str, name: &str, content: String| {
        json!({ "form": {
            "category": "seller_unreachable", "order_id": order, "description": description,
            "attachments": [{ "name": name, "content_base64": content }]
        } })
    };
    let short = invoke(&window, "ticket_open", form("Help", "emails.pdf", pdf_bytes_base64())).unwrap_err();
    assert_eq!(
        short,
        json!({ "code": "invalid_input", "message": "the description must be 10 to 4000 characters long (it has 4)" })
    );
    let text = invoke(&window, "ticket_open", form("The seller does not answer.", "notes.txt", "aGVsbG8=".into()))
        .unwrap_err();
    assert_eq!(text["code"], "invalid_input");
    let ticket =
        invoke(&window, "ticket_open", form("The seller does not answer.", "emails.pdf", pdf_bytes_base64())).unwrap();
    assert_eq!((ticket["status"].as_str(), ticket["order_id"].clone()), (Some("open"), order.clone()));
    assert_eq!(ticket["attachments"][0]["mime"], "application/pdf");
    let id = ticket["id"].clone();
    let saved = invoke(&window, "ticket_attachment_save", json!({ "id": id, "position": 1 })).unwrap();
    assert_eq!(saved, json!(dir.path().join("Downloads").join("emails.pdf").display().to_string()));
    assert_eq!(
        invoke(&window, "ticket_answer", json!({ "id": id, "reply": "On it." })).unwrap_err()["code"],
        "forbidden"
    );

    invoke(&window, "role_switch", json!({ "choice": { "role": "operations_manager" } })).unwrap();
    let all = invoke(&window, "tickets_list", json!({})).unwrap();
    assert_eq!(all[0]["id"], id);
    let answered = invoke(&window, "ticket_answer", json!({ "id": id, "reply": "We reached the seller." })).unwrap();
    assert_eq!(
        (answered["status"].as_str(), answered["reply"].as_str()),
        (Some("answered"), Some("We reached the seller."))
    );
    assert_eq!(invoke(&window, "ticket_close", json!({ "id": id })).unwrap_err()["code"], "forbidden");

    invoke(&window, "role_switch", json!({ "choice": { "role": "buyer", "account_id": "acme-prepaid" } })).unwrap();
    let inbox = invoke(&window, "messages_list", json!({})).unwrap();
    assert_eq!(inbox["messages"][0]["kind"], "ticket_answered");
    let closed = invoke(&window, "ticket_close", json!({ "id": id })).unwrap();
    assert_eq!(closed["status"], "closed");
    assert_eq!(invoke(&window, "ticket_close", json!({ "id": id })).unwrap_err()["code"], "conflict");
    let mine = invoke(&window, "tickets_list", json!({})).unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1);
}

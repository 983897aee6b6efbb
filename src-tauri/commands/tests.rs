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

pub(super) fn checkout(key: &str, payment: Value) -> Value {
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
    let listed = invoke(&window, "orders_list", json!({ "page": { "limit": 100 } })).unwrap();
    assert_eq!(listed["items"][0]["id"], id);
    assert_eq!(
        listed["items"].as_array().unwrap().iter().filter(|o| o["product_id"] == first["order"]["product_id"]).count(),
        1
    );
    assert_eq!(listed["total"].as_u64().unwrap() as usize, listed["items"].as_array().unwrap().len());
    let second = invoke(&window, "orders_list", json!({ "page": { "offset": 1, "limit": 1 } })).unwrap();
    assert_eq!((&second["items"][0], &second["total"]), (&listed["items"][1], &listed["total"]));
    assert_eq!(invoke(&window, "order_show", json!({ "id": id })).unwrap(), first);

    let apps = invoke(&window, "apps_list", json!({ "page": {} })).unwrap();
    assert_eq!(
        (apps["items"][0]["order_id"].clone(), apps["offset"].clone(), apps["limit"].clone()),
        (id.clone(), json!(0), json!(20))
    );
    let refused = invoke(&window, "apps_list", json!({ "page": { "limit": 101 } })).unwrap_err();
    assert_eq!(refused, json!({ "code": "invalid_input", "message": "the limit must be between 1 and 100" }));
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
    assert_eq!(invoke(&window, "orders_list", json!({ "page": {} })).unwrap()["items"][0]["status"], "cancelled");

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
    let received = invoke(&window, "orders_received", json!({ "query": {} })).unwrap();
    assert_eq!(received["items"].as_array().unwrap().len() as u64, received["total"].as_u64().unwrap().min(20));
    assert_eq!(received["statuses"].as_array().unwrap().len(), 5, "every status, with its count");
    let refused = invoke(&window, "order_place", checkout("roles-2", Value::Null)).unwrap_err();
    assert_eq!(refused["code"], "forbidden", "{refused}");

    invoke(&window, "role_switch", json!({ "choice": { "role": "operations_manager" } })).unwrap();
    let all = invoke(&window, "orders_all", json!({ "query": { "limit": 100 } })).unwrap();
    assert_eq!(all["items"][0]["product_id"], "headless-cms-saas", "the newest order first, beside the demo history");
    let items = all["items"].as_array().unwrap();
    assert!(items.iter().all(|o| o["buyer_name"].as_str().is_some_and(|n| !n.is_empty())));
    let paid = invoke(&window, "orders_all", json!({ "query": { "status": "paid", "limit": 100 } })).unwrap();
    assert!(paid["items"].as_array().unwrap().iter().all(|o| o["status"] == "paid"));
    assert_eq!(paid["all"], all["all"], "the counts are of every status, whatever the filter");
    // An unknown status does not deserialise: Tauri refuses it before the command runs.
    let refused = invoke(&window, "orders_all", json!({ "query": { "status": "lost" } })).unwrap_err();
    assert!(refused.as_str().is_some_and(|r| r.contains("unknown variant `lost`")), "{refused}");
    let refused = invoke(&window, "orders_all", json!({ "query": { "limit": 101 } })).unwrap_err();
    assert_eq!(refused["code"], "invalid_input", "{refused}");

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

    let listed = invoke(&window, "ecs_list", json!({ "page": {} })).unwrap();
    assert_eq!((listed["items"].as_array().unwrap().len(), listed["total"].as_u64()), (1, Some(1)));
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
    assert!(invoke(&window, "bills_list", json!({ "page": {} })).unwrap()["items"].is_array());

    let after_delete = invoke(&window, "agency_delete", json!({ "name": "mkp_rfs_agency_trust" })).unwrap();
    assert_eq!(after_delete.as_array().unwrap().len(), 1);
    assert_eq!(invoke(&window, "agencies_list", json!({})).unwrap(), after_delete);
    let gone = invoke(&window, "agency_delete", json!({ "name": "mkp_rfs_agency_trust" })).unwrap_err();
    assert_eq!(gone["code"], "not_found");
    let again = invoke(&window, "image_provision", provision_request("quick", "q2", STRONG)).unwrap_err();
    assert_eq!(again["code"], "authorization_required", "deleting an agency cancels it at once");
}

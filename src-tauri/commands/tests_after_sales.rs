//! What follows a purchase, through the mock runtime: service supervision (R-SUP), negotiated
//! unsubscription (R-UNS-3), invoices (R-AFT-1) and service tickets (R-AFT-3), each answer or
//! refusal as the webview receives it.

use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::WebviewWindow;

use super::tests::{checkout, invoke, window};

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
    let inbox = invoke(&window, "messages_list", json!({ "query": {} })).unwrap();
    assert_eq!(inbox["messages"][0]["kind"], "delivered");
    let unread = invoke(&window, "messages_list", json!({ "query": { "unread_only": true, "limit": 1 } })).unwrap();
    assert_eq!((unread["total"].clone(), unread["limit"].clone()), (inbox["unread"].clone(), json!(1)));
    let refused = invoke(&window, "messages_read", json!({ "ids": [], "query": { "limit": 0 } })).unwrap_err();
    assert_eq!(refused["code"], "invalid_input", "{refused}");
    assert_eq!(invoke(&window, "messages_unread", json!({})).unwrap(), inbox["unread"], "nothing marked");
    let read = invoke(&window, "messages_read", json!({ "ids": [], "query": { "unread_only": true } })).unwrap();
    assert_eq!((read["unread"].clone(), read["total"].clone()), (json!(0), json!(0)));
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
    let listed = invoke(&window, "unsubscriptions_list", json!({ "page": { "limit": 100 } })).unwrap();
    let pending =
        listed["items"].as_array().unwrap().iter().find(|o| !o["requests"].as_array().unwrap().is_empty()).unwrap();
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
    let orders = invoke(&window, "invoice_orders", json!({ "page": { "limit": 1 } })).unwrap();
    let listed = &orders["items"][0];
    assert_eq!(listed["order_id"], order, "the newest paid order first");
    assert!(orders["total"].as_u64().unwrap() > 1, "the demo buyer's paid orders too: {orders}");
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
    let inbox = invoke(&window, "messages_list", json!({ "query": {} })).unwrap();
    assert_eq!(inbox["messages"][0]["kind"], "ticket_answered");
    let closed = invoke(&window, "ticket_close", json!({ "id": id })).unwrap();
    assert_eq!(closed["status"], "closed");
    assert_eq!(invoke(&window, "ticket_close", json!({ "id": id })).unwrap_err()["code"], "conflict");
    let mine = invoke(&window, "tickets_list", json!({})).unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1);
}

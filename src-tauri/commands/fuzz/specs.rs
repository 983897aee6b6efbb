//! Every command the UI can call, with well-formed arguments to break one field at a time and
//! whether it may change the store at all.

use serde_json::{json, Value};

/// Whether a command may change the store when it answers Ok.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Reads only: whatever it answers, the store is as it was.
    Read,
    /// May write, but a refusal writes nothing.
    Write,
}

pub struct Spec {
    pub name: &'static str,
    pub kind: Kind,
    /// Arguments as the UI sends them (camelCase names), well formed.
    pub args: Value,
}

/// A small PDF as the webview sends it.
const PDF_BASE64: &str = "JVBERi0xLjQKJSVFT0YK";

fn upload() -> Value {
    json!([{ "name": "acceptance.pdf", "content_base64": PDF_BASE64 }])
}

fn quote_request() -> Value {
    json!({
        "product_id": "crm-saas", "edition": "professional", "billing": "yearly_monthly",
        "period": "month", "duration": 3, "users": 25, "quantity": null
    })
}

fn ecs_configuration() -> Value {
    json!({
        "product_id": "mysql-8-database-image", "edition": "standard", "billing": "pay_per_use",
        "flavour": "s6.large.2", "eip_bandwidth_mbps": 5
    })
}

fn spec(name: &'static str, kind: Kind, args: Value) -> Spec {
    Spec { name, kind, args }
}

pub fn specs() -> Vec<Spec> {
    use Kind::{Read, Write};
    let none = || json!({});
    vec![
        spec("catalog_home", Read, none()),
        spec(
            "catalog_search",
            Read,
            json!({ "query": {
                "text": "mysql", "category": null, "sub_category": null, "delivery": "image", "billing": null,
                "seller": null, "supervised": null, "operating_system": null, "min_price": "1.00",
                "max_price": null, "sort": "relevance", "facets": true, "limit": 5, "offset": 0
            } }),
        ),
        spec("product_show", Read, json!({ "id": "crm-saas" })),
        spec("seller_show", Read, json!({ "id": "dolphin-data" })),
        spec("product_quote", Read, json!({ "request": quote_request() })),
        // Writes a file to Downloads, never to the store.
        spec("product_guide_save", Read, json!({ "id": "crm-saas" })),
        spec(
            "favorite_save",
            Write,
            json!({ "productId": "crm-saas", "spec": {
                "edition": "professional", "billing": "yearly_monthly", "period": "month", "duration": 3, "users": 25
            } }),
        ),
        spec("favorite_remove", Write, json!({ "productId": "crm-saas" })),
        spec("favorites_list", Read, none()),
        spec(
            "requirement_submit",
            Write,
            json!({ "form": {
                "requirement": "A hosted FHIR server", "company": "Acme Retail", "contact": "Dana Smith",
                "phone": "+1 202 555 0101", "email": "dana@acme-retail.example", "search_text": "fhir"
            } }),
        ),
        spec("requirements_list", Read, none()),
        spec("account_show", Read, none()),
        spec("account_switch", Write, json!({ "accountId": "borealis-postpaid" })),
        spec("account_top_up", Write, json!({ "amount": "49.00" })),
        spec(
            "order_place",
            Write,
            json!({ "request": {
                "configuration": quote_request(), "accept_terms": true, "authorize_seller": false,
                "payment": { "method": "balance" }, "idempotency_key": "fuzz-1"
            } }),
        ),
        spec("orders_list", Read, json!({ "page": { "offset": 0, "limit": 20 } })),
        spec("order_show", Read, json!({ "id": 4 })),
        spec("apps_list", Read, json!({ "page": { "offset": 0, "limit": 20 } })),
        spec("app_show", Read, json!({ "orderId": 3 })),
        spec("app_reveal_password", Read, json!({ "orderId": 14 })),
        spec("account_add_card", Write, json!({ "number": "4111 1111 1111 1111" })),
        spec("account_request_credit", Write, none()),
        spec("account_set_time_zone", Write, json!({ "zone": "Europe/Berlin" })),
        spec("orders_received", Read, json!({ "query": { "status": "paid", "offset": 0, "limit": 20 } })),
        spec("orders_all", Read, json!({ "query": { "status": "completed", "offset": 0, "limit": 20 } })),
        spec("role_show", Read, none()),
        spec("role_switch", Write, json!({ "choice": { "role": "seller", "seller_id": "dolphin-data" } })),
        spec("ecs_flavours", Read, none()),
        spec("ecs_networks", Read, json!({ "productId": "mysql-8-database-image" })),
        spec("image_fees", Read, json!({ "configuration": ecs_configuration() })),
        spec(
            "image_password_check",
            Read,
            json!({ "productId": "mysql-8-database-image", "password": "Kg-Demo-2026!" }),
        ),
        spec(
            "image_provision",
            Write,
            json!({ "request": {
                "mode": "quick", "configuration": ecs_configuration(),
                "network": { "kind": "new", "vpc_name": "vpc-shop", "vpc_cidr": "10.0.0.0/16", "subnet_cidr": null },
                "security_group": { "kind": "new", "name": "sg-web", "ports": [22, 443] },
                "name": "db", "password": "Kg-Demo-2026!", "accept_agreements": true,
                "payment": null, "idempotency_key": "fuzz-ecs"
            } }),
        ),
        spec("ecs_list", Read, json!({ "page": { "offset": 0, "limit": 20 } })),
        spec("ecs_show", Read, json!({ "id": 1 })),
        spec("ecs_stop", Write, json!({ "id": 1 })),
        spec("ecs_start", Write, json!({ "id": 1 })),
        spec("ecs_delete", Write, json!({ "id": 1 })),
        spec("ecs_replace_disk", Write, json!({ "id": 1, "productId": "mysql-8-database-image", "edition": null })),
        spec("bills_list", Read, json!({ "page": { "offset": 0, "limit": 20 } })),
        spec("agencies_list", Read, none()),
        spec("agencies_pending", Read, json!({ "purpose": "quick_provisioning" })),
        spec("agencies_authorize", Write, json!({ "purpose": "template_deployment" })),
        spec("agency_delete", Write, json!({ "name": "mkp_rfs_agency_trust" })),
        spec(
            "supervision_list",
            Read,
            json!({ "query": { "order_id": 4, "product": "license", "state": "frozen", "from": "2024-01-01", "to": null } }),
        ),
        spec("supervision_show", Read, json!({ "orderId": 4 })),
        spec(
            "supervision_act",
            Write,
            json!({ "orderId": 1, "operationId": "fuzz-op", "action": {
                "action": "deliver", "remark": "done", "proof": upload(), "enabled_at": null, "app": null
            } }),
        ),
        spec("supervision_queue", Read, none()),
        spec("appeals_list", Read, none()),
        spec("supervision_verify", Read, json!({ "orderId": 10 })),
        // Writes a case file to Downloads, never to the store.
        spec("supervision_export", Read, json!({ "orderId": 10 })),
        spec("supervision_attachment_save", Read, json!({ "operationId": "demo-10-2", "position": 1 })),
        spec("unsubscriptions_list", Read, json!({ "page": { "offset": 0, "limit": 20 } })),
        spec("unsubscribe_quote", Read, json!({ "orderId": 2 })),
        spec(
            "unsubscribe_request",
            Write,
            json!({ "orderId": 2, "operationId": null, "amount": "10.00", "reason": "We no longer need it", "shareContact": true }),
        ),
        spec("unsubscribe_standard_quote", Read, json!({ "orderId": 3 })),
        spec("unsubscribe_standard", Write, json!({ "orderId": 3, "expectedRefund": "0.00" })),
        spec("unsubscriptions_received", Read, none()),
        spec(
            "unsubscribe_review",
            Write,
            json!({ "requestId": 1, "operationId": null, "approve": true, "comment": "Agreed", "records": upload() }),
        ),
        spec("messages_list", Read, json!({ "query": { "unread_only": false, "offset": 0, "limit": 20 } })),
        spec("messages_unread", Read, none()),
        spec("messages_read", Write, json!({ "ids": [1, 2], "query": { "offset": 0, "limit": 20 } })),
        spec("subscriptions_of_orders", Read, json!({ "orders": [1, 2, 3] })),
        spec(
            "subscriptions_renewals",
            Read,
            json!({ "query": { "tab": "expiring", "product": "backup", "offset": 0, "limit": 20 } }),
        ),
        spec("subscription_show", Read, json!({ "id": 2 })),
        spec("subscription_renewal_quote", Read, json!({ "id": 2, "period": "month", "duration": 1 })),
        spec(
            "subscription_renew",
            Write,
            json!({ "request": { "subscription_id": 2, "period": "month", "duration": 1, "idempotency_key": "fuzz-renew" } }),
        ),
        spec(
            "subscription_auto_renew",
            Write,
            json!({ "id": 2, "choice": { "enabled": true, "period": "month", "date": null } }),
        ),
        spec("subscription_upgrade_quote", Read, json!({ "id": 2, "edition": "enterprise", "users": 10 })),
        spec(
            "subscription_upgrade",
            Write,
            json!({ "request": { "subscription_id": 2, "edition": "enterprise", "users": null, "idempotency_key": "fuzz-up" } }),
        ),
        spec("invoice_orders", Read, json!({ "page": { "offset": 0, "limit": 20 } })),
        spec("invoices_list", Read, none()),
        spec("invoice_show", Read, json!({ "id": 1 })),
        spec(
            "invoice_request",
            Write,
            json!({ "request": {
                "order_ids": [14], "title": "Acme Trading Ltd", "tax_id": "GB-123 456",
                "address": "1 Harbour Road, Portsmouth", "email": "accounts@acme.example"
            } }),
        ),
        spec("invoice_issue", Write, json!({ "id": 1 })),
        spec(
            "invoice_reissue",
            Write,
            json!({ "id": 1, "correction": { "title": "Borealis Ltd", "tax_id": null, "address": null, "email": null } }),
        ),
        // Writes a PDF to Downloads, never to the store.
        spec("invoice_save", Read, json!({ "id": 1 })),
        spec("tickets_list", Read, none()),
        spec("ticket_show", Read, json!({ "id": 1 })),
        spec(
            "ticket_open",
            Write,
            json!({ "form": {
                "category": "seller_unreachable", "order_id": 4, "invoice_id": null,
                "description": "The seller does not answer.", "attachments": upload()
            } }),
        ),
        spec("ticket_answer", Write, json!({ "id": 1, "reply": "We are looking into it." })),
        spec("ticket_close", Write, json!({ "id": 1 })),
        spec("ticket_attachment_save", Read, json!({ "id": 1, "position": 1 })),
        spec("sync_status", Read, none()),
        spec("sync_now", Read, none()),
        spec("sync_conflicts", Read, none()),
        spec(
            "sync_connect",
            Write,
            json!({ "address": "http://127.0.0.1:1", "code": "AAAA-BBBB-CCCC", "deviceName": "Laptop", "fingerprint": null }),
        ),
        spec("sync_enrol", Write, json!({ "sellerId": "dolphin-data" })),
        spec("sync_devices", Read, none()),
        spec("sync_revoke", Write, json!({ "deviceId": 1 })),
        // Outside demo mode, as the fuzzer runs, these are refused.
        spec("demo_status", Read, none()),
        spec("demo_reset", Read, json!({ "nextVisitor": true })),
        spec("demo_travel", Read, json!({ "step": "day" })),
        spec("demo_undo", Read, none()),
        spec("kiosk_status", Read, none()),
        // Shows the window: the store is not touched.
        spec("first_screen_drawn", Read, none()),
        // Not a kiosk: there is nothing to leave, and the app must not end.
        spec("kiosk_leave", Read, json!({ "pin": "2468" })),
    ]
}

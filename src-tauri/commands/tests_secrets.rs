//! Secrets in the commands' answers (R-IMG-3, R-USE): an ECS login password and a SaaS initial
//! password given through the commands, and the password of a SaaS bought, are searched for
//! (plain, hex, base64) in every answer and refusal of the commands that carry or show what
//! they belong to. Only `app_reveal_password` answers with one: its own. The data files and
//! `kg`'s outputs are searched by the command line's secrets test.

use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::WebviewWindow;

use super::tests::{invoke, window};

#[path = "../cli/tests/secrets/canaries.rs"]
mod canaries;

use canaries::{canary, Canaries};

const ECS: &str = "ECS password";
const SAAS: &str = "SaaS password, delivered";
const GENERATED: &str = "SaaS password, generated";

/// Every answer and refusal, kept to be searched once every canary is known.
struct Answers {
    window: WebviewWindow<MockRuntime>,
    kept: Vec<(String, String)>,
}

impl Answers {
    fn call(&mut self, command: &str, args: Value) -> Result<Value, Value> {
        let answer = invoke(&self.window, command, args);
        let text = match &answer {
            Ok(value) | Err(value) => value.to_string(),
        };
        self.kept.push((command.to_string(), text));
        answer
    }

    fn ok(&mut self, command: &str, args: Value) -> Value {
        self.call(command, args).unwrap_or_else(|e| panic!("{command}: {e}"))
    }
}

fn provision(mode: &str, key: &str, vpc: &str, password: &str) -> Value {
    json!({ "request": {
        "mode": mode,
        "configuration": {
            "product_id": "mysql-8-database-image", "edition": "standard", "billing": "pay_per_use",
            "flavour": "s6.large.2", "eip_bandwidth_mbps": 5
        },
        "network": { "kind": "new", "vpc_name": vpc, "vpc_cidr": "10.0.0.0/16" },
        "security_group": { "kind": "recommended" },
        "name": "db",
        "password": password,
        "accept_agreements": true,
        "idempotency_key": key
    } })
}

fn order(product: &str, edition: &str, key: &str) -> Value {
    json!({ "request": {
        "configuration": {
            "product_id": product, "edition": edition, "billing": "yearly_monthly",
            "period": "month", "duration": 1, "users": null, "quantity": null
        },
        "accept_terms": true, "authorize_seller": false, "payment": null, "idempotency_key": key
    } })
}

#[test]
fn r_img_3_r_use_no_answer_but_the_reveal_carries_a_password() {
    let (_dir, window) = window();
    let mut canaries = Canaries::default();
    canaries.add(ECS, &canary("Kg!Canary-ECS-"));
    canaries.add(SAAS, &canary("Kg!Canary-SaaS-"));
    let mut a = Answers { window, kept: Vec::new() };
    let ecs = canaries.value(ECS).to_string();

    // An ECS login password, checked, provisioned quick and customized, and the console read.
    a.ok("image_password_check", json!({ "productId": "mysql-8-database-image", "password": ecs }));
    a.call("image_provision", provision("quick", "q1", "vpc-quick", &ecs)).unwrap_err();
    a.ok("agencies_authorize", json!({ "purpose": "quick_provisioning" }));
    let made = a.ok("image_provision", provision("quick", "q1", "vpc-quick", &ecs));
    a.ok("image_provision", provision("custom", "c1", "vpc-custom", &ecs));
    let id = made["instances"][0]["id"].clone();
    let replace = json!({ "id": id, "productId": "mysql-8-database-image", "edition": "professional" });
    a.ok("ecs_replace_disk", replace);
    for (command, args) in [
        ("ecs_show", json!({ "id": id })),
        ("ecs_list", json!({ "page": {} })),
        ("bills_list", json!({ "page": {} })),
        ("order_show", json!({ "id": made["order"]["order"]["id"] })),
        ("orders_list", json!({ "page": {} })),
    ] {
        a.ok(command, args);
    }

    // A SaaS bought without supervision: its password, revealed once, is a canary too.
    let bought = a.ok("order_place", order("headless-cms-saas", "team", "generated"))["order"]["id"].clone();
    let revealed = invoke(&a.window, "app_reveal_password", json!({ "orderId": bought })).unwrap();
    canaries.add(GENERATED, revealed.as_str().unwrap());
    a.ok("app_show", json!({ "orderId": bought }));
    a.ok("apps_list", json!({ "page": {} }));

    // A supervised SaaS delivered with its password, a refused delivery holding one too.
    let supervised = a.ok("order_place", order("data-lake-query-saas", "team", "delivered"))["order"]["id"].clone();
    let act = |a: &mut Answers, id: &str, action: Value| {
        a.call("supervision_act", json!({ "orderId": supervised, "operationId": id, "action": action }))
    };
    act(&mut a, "r-1", json!({ "action": "submit_request", "text": "A workspace for finance" })).unwrap();
    a.ok("role_switch", json!({ "choice": { "role": "seller", "seller_id": "quartz-analytics" } }));
    act(&mut a, "r-2", json!({ "action": "accept_request" })).unwrap();
    let deliver = |url: &str| {
        json!({ "action": "deliver", "proof": [{ "name": "sow.pdf", "content_base64": "JVBERi0xLjQKJSVFT0YK" }],
            "app": { "user_name": "finance@acme-retail.example", "initial_password": canaries.value(SAAS),
                     "management_url": url, "front_end_url": "https://lake.example" } })
    };
    assert_eq!(act(&mut a, "d-0", deliver("not a url")).unwrap_err()["code"], "invalid_input");
    act(&mut a, "d-1", deliver("https://lake.example/manage")).unwrap();
    a.ok("supervision_queue", json!({}));
    a.ok("role_switch", json!({ "choice": { "role": "buyer", "account_id": "acme-prepaid" } }));
    for (command, args) in [
        ("supervision_show", json!({ "orderId": supervised })),
        ("supervision_list", json!({ "query": { "order_id": supervised } })),
        ("messages_list", json!({ "query": {} })),
        ("order_show", json!({ "id": supervised })),
    ] {
        a.ok(command, args);
    }
    act(&mut a, "a-1", json!({ "action": "accept_delivery" })).unwrap();
    let case = a.ok("supervision_export", json!({ "orderId": supervised }));

    for (command, answer) in &a.kept {
        canaries.search(&format!("the answer of {command}"), answer.as_bytes());
    }
    canaries.search_folder("a case file", std::path::Path::new(case.as_str().unwrap()));
    canaries.search_but("the answer of app_reveal_password", revealed.to_string().as_bytes(), Some(GENERATED));
    canaries.assert_none_found(a.kept.len() + 1);
}
